"""``csc-workforce records kinds|template|import``: the kinds of extract, their templates, and loading extracts
for scheduled jobs through the same upload service as the web app (so provenance, audit and undo are the same)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from csc_workforce.cli.auditing import cli_user
from csc_workforce.cli.output import CSV, JSON, TEXT, add_format_argument, print_json, print_rows
from csc_workforce.domain.extracts import COMPLETE_FROM_KINDS, Kind
from csc_workforce.domain.issues import Issue

KIND_NAMES = [k.value for k in Kind]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    records = commands.add_parser(
        "records",
        help="the kinds of HR, case-management and development extract: list them, print templates, import files",
        description="The kinds of extract the importers read (people, engagements, ..., supervision, reviews, "
        "training, programmes, placements; docs/importers.md), their templates, and importing files of them.",
    )
    sub = records.add_subparsers(dest="records_command", required=True)

    kinds = sub.add_parser(
        "kinds",
        help="list the kinds of extract: what each holds, its required fields and its row key",
        description="List the kinds of extract. text: one block a kind; json: a list of objects (kind, "
        "description, required, row_key, fields); csv: one row a kind (fields and required joined with '; ').",
    )
    add_format_argument(kinds, (TEXT, JSON, CSV))
    kinds.set_defaults(handler=kinds_command)

    template = sub.add_parser(
        "template",
        help="print a kind's template: the CSV header of its field names",
        description="Print the template for a kind of extract: a CSV header row of its field names (each "
        "field's own name always matches its column, whatever mapping is used).",
    )
    template.add_argument("--kind", required=True, choices=KIND_NAMES, metavar="KIND", help=", ".join(KIND_NAMES))
    template.set_defaults(handler=template_command)

    imp = sub.add_parser(
        "import",
        help="import extracts of one kind into the database, each file all or nothing",
        description="Import extracts (CSV or .xlsx) of one kind, in the order given, each all or nothing, through "
        "the upload service the web app uses: each file is an upload (listed on the uploads page, undone there), "
        "audited as the operating-system user from the command line. A file with any error is rejected and "
        "changes nothing; its issues are printed with row and column. Exit 1 when any file is rejected.",
    )
    imp.add_argument("--kind", required=True, choices=KIND_NAMES, metavar="KIND", help=", ".join(KIND_NAMES))
    imp.add_argument(
        "--mapping",
        metavar="NAME",
        default="",
        help="the column mapping saved for this council, kind and source system NAME (default: the built-in one)",
    )
    imp.add_argument(
        "--la",
        metavar="CODE",
        help="DfE 3-digit old LA code of the council (default: the one council held, if there is only one)",
    )
    imp.add_argument(
        "--extract-date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date the extract was taken: its data is complete to then (default: today)",
    )
    imp.add_argument(
        "--complete-from",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the first day the extract holds every record from: figures for periods beginning before it are not "
        f"given ({', '.join(k.value for k in COMPLETE_FROM_KINDS)} only; default: the earliest date the file "
        "holds)",
    )
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE", help="extracts (CSV or .xlsx)")
    add_format_argument(imp)
    imp.set_defaults(handler=import_command)


def kinds_rows() -> list[dict[str, Any]]:
    from csc_workforce.importers import KINDS

    return [
        {
            "kind": kind.value,
            "description": spec.description,
            "required": [f.name for f in spec.fields if f.required]
            + ([" or ".join(spec.one_of)] if spec.one_of else []),
            "row_key": spec.row_key,
            "fields": [f.name for f in spec.fields],
        }
        for kind, spec in KINDS.items()
    ]


def kinds_command(args: argparse.Namespace) -> int:
    rows = kinds_rows()
    if args.format == JSON:
        print_json(rows)
    elif args.format == CSV:
        print_rows([{k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows], CSV)
    else:
        for row in rows:
            print(f"{row['kind']}: {row['description']}")
            print(f"  required: {', '.join(row['required']) or '(none)'}")
            print(f"  row key: {row['row_key']}")
    return 0


def template_command(args: argparse.Namespace) -> int:
    from csc_workforce.importers.templates import template_csv

    sys.stdout.write(template_csv(Kind(args.kind)))
    return 0


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SystemExit(f"Cannot read {path}: {exc.strerror}") from exc


def _council(la_code: str | None) -> str:
    """The council to load for: ``--la``, else the one council held; SystemExit saying what to do otherwise."""
    from csc_workforce.store import models as m

    if la_code:
        return la_code
    held = list(m.Council.objects.values_list("la_code", flat=True)[:2])
    if len(held) == 1:
        return held[0]
    raise SystemExit(
        "Say which council the files are for with --la CODE"
        + (" (more than one council is held)." if held else " (no council is held yet).")
    )


def import_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from django.contrib.auth.models import User
    from django.utils import timezone

    from csc_workforce.store import models as m
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.uploads import (
        UploadRefused,
        complete_from_refusal,
        upload_commit,
        upload_failure_record,
        upload_receive,
    )

    stated_from = complete_from_refusal(
        kind=args.kind,
        complete_from=args.complete_from,
        extract_date=args.extract_date,
        today=timezone.localdate(),
    )
    if stated_from:  # asked once, before any file is read or loaded
        print(f"--complete-from: {stated_from}.", file=sys.stderr)
        return 1
    files = [(path, _read(path)) for path in args.files]  # every file readable before any is loaded
    la_code = _council(args.la)
    if (
        args.mapping
        and not m.SavedMapping.objects.filter(council__la_code=la_code, system=args.mapping, kind=args.kind).exists()
    ):
        saved = sorted(
            m.SavedMapping.objects.filter(council__la_code=la_code, kind=args.kind).values_list("system", flat=True)
        )
        print(
            f"No column mapping {args.mapping!r} is saved for {args.kind} files of council {la_code}. "
            + (f"Saved: {', '.join(saved)}." if saved else "None is saved; save one on the web app's mappings page."),
            file=sys.stderr,
        )
        return 1
    user = User(username=cli_user())  # not saved: the upload and the audit log name the operating-system user
    outcomes: list[dict[str, Any]] = []
    for path, data in files:
        now = datetime.now(UTC)
        try:
            upload = upload_receive(
                user=user,
                kind=args.kind,
                filename=path.name,
                data=data,
                la_code=la_code,
                allowed_la_codes=None,
                system=args.mapping,
                now=now,
                extract_date=args.extract_date,
                complete_from=args.complete_from,
                origin=COMMAND_LINE,
            )
            if upload.status == m.Upload.PREVIEW:
                upload = upload_commit(upload=upload, user=user, now=datetime.now(UTC), origin=COMMAND_LINE)
            refusal = None
        except UploadRefused as refused:
            upload_failure_record(
                stage="import", user=user, filename=path.name, error=refused, now=now, origin=COMMAND_LINE
            )
            upload, refusal = None, str(refused)
        outcomes.append(_outcome(str(path), args.kind, la_code, upload, refusal))
    if args.format == JSON:
        print_json(outcomes)
    else:
        for outcome in outcomes:
            print("\n".join(_lines(outcome)))
        loaded = sum(o["loaded"] for o in outcomes)
        print(f"{loaded} of {len(outcomes)} file(s) loaded.")
    return 0 if all(o["loaded"] for o in outcomes) else 1


def _outcome(file: str, kind: str, la_code: str, upload: Any, refusal: str | None) -> dict[str, Any]:
    issues = [Issue.from_dict(i) for i in upload.issues] if upload is not None else []
    summary = upload.summary if upload is not None else {}
    changes = summary.get("changes", {})
    errors = sum(1 for i in issues if i.is_error) + (1 if refusal else 0)
    return {
        "file": file,
        "kind": kind,
        "la_code": la_code,
        "upload": upload.pk if upload is not None else None,
        "loaded": upload is not None and upload.status == "committed",
        "status": upload.status if upload is not None else "refused",
        "rows_read": summary.get("rows_read"),
        "rows_with_errors": summary.get("rows_with_errors"),
        "added": changes.get("added", 0),
        "changed": changes.get("changed", 0),
        "ended": changes.get("ended", 0),
        "unchanged": changes.get("unchanged", 0),
        "errors": errors,
        "warnings": len(issues) - sum(1 for i in issues if i.is_error),
        "issues": [i.as_dict() for i in issues],
        "refusal": refusal,
    }


def _lines(o: dict[str, Any]) -> list[str]:
    if o["loaded"]:
        head = (
            f"{o['file']}: loaded into council {o['la_code']} as upload {o['upload']} ({o['rows_read']} rows: "
            f"{o['added']} added, {o['changed']} changed, {o['ended']} ended, {o['unchanged']} unchanged); "
            f"{o['warnings']} warning(s)"
        )
    elif o["refusal"]:
        head = f"{o['file']}: REJECTED, nothing was changed: {o['refusal']}"
    else:
        head = (
            f"{o['file']}: REJECTED, nothing was changed: {o['errors']} error(s) to fix, {o['warnings']} warning(s)"
            + (f" (upload {o['upload']})" if o["upload"] else "")
        )
    return [head, *(f"  {Issue.from_dict(i).as_text()}" for i in o["issues"])]
