"""``csc-workforce report``: the reports written from the data (``store.services.reports``): list the kinds, and
build one for a council as Word, PDF, HTML or Excel."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from csc_workforce.cli.auditing import cli_audit


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report",
        help="reports written from the data (committee papers) as Word, PDF, HTML or Excel",
        description="The reports written from a council's data: a scrutiny report, a strategy's progress report "
        "and the others `report list` names. Each is built from the same figures as the web pages.",
    )
    actions = report.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the kinds of report", description="List the kinds of report.")
    listing.set_defaults(handler=list_command)
    build = actions.add_parser(
        "build",
        help="build a report for a council",
        description="Build a report for a council and write it to a file. A report on a census year takes --year "
        "(default the latest the council holds); one as at a date takes --as-at (default today). Figures are in "
        "full unless --withhold (small numbers withheld, for publication), which a report meant for publication "
        "always does.",
    )
    build.add_argument("kind", metavar="KIND", help="the kind of report (see `report list`)")
    build.add_argument("--la", required=True, metavar="CODE", help="the council's DfE 3-digit code")
    when = build.add_mutually_exclusive_group()
    when.add_argument("--as-at", type=date.fromisoformat, metavar="YYYY-MM-DD", help="as at this date")
    when.add_argument("--year", type=int, metavar="YYYY", help="the census year (to 30 September YYYY)")
    build.add_argument("--strategy", metavar="ID", help="the strategy, for a strategy's report")
    build.add_argument("--format", required=True, choices=("docx", "pdf", "html", "xlsx"), help="the file's format")
    build.add_argument("--output", required=True, type=Path, metavar="FILE", help="the file to write")
    build.add_argument("--withhold", action="store_true", help="withhold small numbers, as for publication")
    build.add_argument(
        "--purpose",
        type=Path,
        metavar="FILE",
        help="a text file of the purpose paragraphs, in place of the council's saved ones (`report purpose`) or "
        "the kind's",
    )
    build.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="a Word template (.docx or .dotx), for docx, in place of the council's saved one (`report template`)",
    )
    build.set_defaults(handler=build_command)

    settings = actions.add_parser(
        "settings",
        help="a council's Word template and purpose paragraphs",
        description="Show the Word template a council's DOCX reports are written into and each report kind's "
        "purpose paragraphs (the council's own, or the kind's).",
    )
    settings.add_argument("--la", required=True, metavar="CODE", help="the council's DfE 3-digit code")
    settings.set_defaults(handler=settings_command)

    template = actions.add_parser(
        "template",
        help="save or remove a council's Word template",
        description="Save the Word template (.docx or .dotx: its styles, headers, footers and logo) each of the "
        "council's DOCX reports is written into, on the command line and the web; its body is replaced by the "
        "report. It is checked first: a file Word's format does not allow, or a macro-enabled one, is refused. "
        "--remove goes back to Word's own styles. Audited.",
    )
    template.add_argument("--la", required=True, metavar="CODE", help="the council's DfE 3-digit code")
    chosen = template.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--file", type=Path, metavar="FILE", help="the template")
    chosen.add_argument("--remove", action="store_true", help="remove the council's template")
    template.set_defaults(handler=template_command)

    purpose = actions.add_parser(
        "purpose",
        help="save a council's purpose paragraphs for a report kind",
        description='Save the council\'s own "purpose of the report" paragraphs for a kind of report, from a '
        "UTF-8 text file (paragraphs apart by a blank line; {council}, {as_at} and {year} are filled in), used by "
        "every build of that kind for the council, here and on the web. --default goes back to the kind's own. "
        "Audited.",
    )
    purpose.add_argument("kind", metavar="KIND", help="the kind of report (see `report list`)")
    purpose.add_argument("--la", required=True, metavar="CODE", help="the council's DfE 3-digit code")
    given = purpose.add_mutually_exclusive_group(required=True)
    given.add_argument("--file", type=Path, metavar="FILE", help="the text file")
    given.add_argument("--default", action="store_true", help="use the kind's own purpose paragraphs")
    purpose.set_defaults(handler=purpose_command)


def list_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.reports import report_kinds

    kinds = report_kinds()
    width = max(len(k.id) for k in kinds)
    for kind in kinds:
        basis = "census year (--year)" if kind.basis == "year" else "as at a date (--as-at)"
        extra = "; needs --strategy" if kind.strategy else ""
        published = "; small numbers always withheld" if kind.published else ""
        print(f"{kind.id.ljust(width)}  {kind.title}: {basis}{extra}{published}")
        print(f"{' ' * width}  {kind.description}")
    return 0


def build_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.reports.render import TemplateError, render
    from csc_workforce.store.services.reports import REPORT_KINDS, ReportError, build_report

    kind = REPORT_KINDS.get(args.kind)
    if kind is not None and kind.basis == "year" and args.as_at is not None:
        print(f"The {args.kind} report is on a census year: give --year, not --as-at.", file=sys.stderr)
        return 1
    if kind is not None and kind.basis == "date" and args.year is not None:
        print(f"The {args.kind} report is as at a date: give --as-at, not --year.", file=sys.stderr)
        return 1
    if args.template is not None and args.format != "docx":
        print("A Word template (--template) is for --format docx only.", file=sys.stderr)
        return 1
    try:
        purpose = args.purpose.read_text(encoding="utf-8") if args.purpose else None
        template = args.template.read_bytes() if args.template else None
    except OSError as problem:
        print(f"Cannot read {problem.filename}: {problem.strerror}.", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"{args.purpose} is not UTF-8 text: save it as UTF-8.", file=sys.stderr)
        return 1
    if template is None and args.format == "docx":
        from csc_workforce.store.services.report_settings import template_for

        saved = template_for(args.la)
        template = saved.content if saved is not None else None
    try:
        document = build_report(
            args.kind,
            la_code=args.la,
            today=date.today(),
            year=args.year,
            as_at=args.as_at,
            strategy=args.strategy,
            purpose=purpose,
            suppress=args.withhold,
        )
        data = render(document, args.format, template=template)
    except (ReportError, TemplateError) as refused:
        print(str(refused), file=sys.stderr)
        return 1
    args.output.write_bytes(data)
    cli_audit(
        action="export",
        object_type="report",
        object_id=f"{args.la}/{args.kind}",
        detail={
            "format": args.format,
            "as_at": document.as_at.isoformat(),
            "strategy": args.strategy,
            "withheld": document.published,
        },
    )
    print(f"Wrote {args.output}: {document.title}, {document.council}, as at {document.as_at:%-d %B %Y}.")
    return 0


def _council_name(la: str) -> str | None:
    from csc_workforce.store import models as m

    council = m.Council.objects.filter(la_code=la).first()
    if council is None:
        print(f"No council {la} is held.", file=sys.stderr)
        return None
    return council.name


def settings_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.report_settings import purposes_for, template_for

    name = _council_name(args.la)
    if name is None:
        return 1
    saved = template_for(args.la)
    if saved is None:
        print(f"{name}: DOCX reports use Word's own styles (no template saved: `report template`).")
    else:
        print(
            f"{name}: DOCX reports are written into {saved.name} ({len(saved.content):,} bytes), saved by "
            f"{saved.set_by} on {saved.set_at:%-d %B %Y}."
        )
    for kind, purpose in purposes_for(args.la).items():
        whose = (
            f"the council's own, saved by {purpose.set_by} on {purpose.set_at:%-d %B %Y}"
            if purpose.set_at is not None
            else "the kind's own"
        )
        print(f"\n{kind}: purpose paragraphs ({whose}):")
        for paragraph in purpose.text.split("\n\n"):
            print(f"  {paragraph}")
    return 0


def template_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from django.utils import timezone

    from csc_workforce.cli.auditing import cli_user
    from csc_workforce.reports.render import TemplateError
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.report_settings import save_template

    name = _council_name(args.la)
    if name is None:
        return 1
    try:
        content = None if args.remove else args.file.read_bytes()
    except OSError as problem:
        print(f"Cannot read {problem.filename}: {problem.strerror}.", file=sys.stderr)
        return 1
    try:
        save_template(
            la_code=args.la,
            name="" if args.remove else args.file.name,
            content=content,
            set_by=cli_user(),
            now=timezone.now(),
            origin=COMMAND_LINE,
        )
    except TemplateError as refused:
        print(f"{args.file}: {refused} Nothing was saved.", file=sys.stderr)
        return 1
    if args.remove:
        print(f"{name}: DOCX reports now use Word's own styles.")
    else:
        print(f"{name}: DOCX reports are now written into {args.file.name}.")
    return 0


def purpose_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from django.utils import timezone

    from csc_workforce.cli.auditing import cli_user
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.report_settings import save_purpose
    from csc_workforce.store.services.reports import ReportError

    name = _council_name(args.la)
    if name is None:
        return 1
    try:
        text = None if args.default else args.file.read_text(encoding="utf-8")
    except OSError as problem:
        print(f"Cannot read {problem.filename}: {problem.strerror}.", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"{args.file} is not UTF-8 text: save it as UTF-8.", file=sys.stderr)
        return 1
    try:
        saved = save_purpose(
            la_code=args.la, kind=args.kind, text=text, set_by=cli_user(), now=timezone.now(), origin=COMMAND_LINE
        )
    except ReportError as refused:
        print(f"{refused} Nothing was saved.", file=sys.stderr)
        return 1
    whose = "the council's own" if saved.set_at is not None else "the kind's own"
    print(f"{name}: {args.kind} reports now open with {whose} purpose paragraphs.")
    return 0
