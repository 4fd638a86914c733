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
        "--purpose", type=Path, metavar="FILE", help="a text file of the purpose paragraphs, in place of the kind's"
    )
    build.add_argument("--template", type=Path, metavar="FILE", help="the council's Word template (.docx), for docx")
    build.set_defaults(handler=build_command)


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
    from csc_workforce.reports.render import render
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
    except ReportError as refused:
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
