"""``csc-workforce regional key new|extract|check``: an alliance's key, a council's pseudonymised regional extract
made with it, and extracts checked with the keys they may have been made with (``docs/regional-extract.md``).

The key is read from its file and never printed, logged or put in the audit log (only its public id is)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from csc_workforce.cli.output import JSON, TEXT, add_format_argument, print_json

EXTRACT_HELP = (
    "Write the council's workers as a pseudonymised regional extract (docs/regional-extract.md): one CSV row per "
    "engagement as it stood on the as-at day, the SWE number replaced by its HMAC-SHA256 under the alliance's "
    "key, the date of birth by its year; no names, no free text, no ethnicity or health. The file is created "
    "readable by its owner alone (0600). Its header names the key's id and carries a check value only the key "
    "can make, so a reader refuses an extract made with another key or changed since."
)
CHECK_HELP = (
    "Read regional extracts as an alliance's installation reads them, with the keys they may have been made "
    "with (give the old key too after a rotation: each extract is read with the key its header names), and say "
    "for each whether it is accepted: its council, as-at day, key id and rows, or every bad line and what to do. "
    "Nothing is stored. Exit 1 if any file is refused."
)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    regional = commands.add_parser(
        "regional",
        help="regional alliances: the alliance's key, a council's pseudonymised extract, checking extracts",
        description="Regional alliances of councils: the alliance's key (kept outside the database), a council's "
        "pseudonymised regional extract made with it, and extracts checked on arrival.",
    )
    actions = regional.add_subparsers(dest="regional_command", required=True, metavar="COMMAND")

    key = actions.add_parser(
        "key",
        help="the alliance's key: make a new one",
        description="The alliance's key: a file of at least 64 hex digits (32 random bytes), kept outside the "
        "database, shared with the member councils by a secure route and never logged.",
    )
    key_actions = key.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    new = key_actions.add_parser(
        "new",
        help="write a new random key to a new file (0600)",
        description="Write a new random key (32 bytes from the operating system's generator, as 64 hex digits) to "
        "a new file readable by its owner alone (0600), and print its public id, never the key. An existing file "
        "is never overwritten. To rotate: make a new key, extract with it from then on, and keep the old key so "
        "that extracts made with it stay readable.",
    )
    new.add_argument("--output", type=Path, required=True, metavar="FILE", help="the key file to create")
    new.set_defaults(handler=key_new_command)

    extract = actions.add_parser(
        "extract", help="write a council's pseudonymised regional extract", description=EXTRACT_HELP
    )
    extract.add_argument("--la", required=True, metavar="CODE", help="council's DfE old LA code, e.g. 303")
    extract.add_argument("--key-file", type=Path, required=True, metavar="FILE", help="the alliance's key file")
    extract.add_argument("--output", type=Path, required=True, metavar="FILE", help="the extract to write (CSV)")
    extract.add_argument(
        "--as-at", type=_day, metavar="DATE", help="the day the extract describes, YYYY-MM-DD (default: today)"
    )
    extract.set_defaults(handler=extract_command)

    check = actions.add_parser("check", help="check regional extracts with the alliance's keys", description=CHECK_HELP)
    check.add_argument("files", type=Path, nargs="+", metavar="FILE", help="extracts to check")
    check.add_argument(
        "--key-file",
        type=Path,
        action="append",
        required=True,
        metavar="FILE",
        help="a key the extracts may have been made with; repeat for several (the old and the new)",
    )
    check.add_argument("--la", metavar="CODE,CODE,...", help="the councils an extract may be of (default: any)")
    add_format_argument(check, (TEXT, JSON))
    check.set_defaults(handler=check_command)


def _key(path: Path) -> Any:
    """The key in ``path``, with a warning on standard error when others can read the file; SystemExit when the
    file is not a key file (the message never quotes it)."""
    from csc_workforce.regional import KeyFileError, key_file_warning, read_key_file

    try:
        key = read_key_file(path)
    except KeyFileError as exc:
        raise SystemExit(str(exc)) from None
    warning = key_file_warning(path)
    if warning:
        print(f"Warning: {warning}", file=sys.stderr)
    return key


def key_new_command(args: argparse.Namespace) -> int:
    from csc_workforce.regional import write_new_key

    try:
        key = write_new_key(args.output)
    except FileExistsError:
        print(
            f"{args.output} exists: a key file is never overwritten (an old key still reads the extracts made "
            "with it). Give a new file name.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(f"Cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
    print(
        f"Wrote a new key to {args.output} (readable by you alone); its id is {key.key_id}. Keep it outside the "
        "database and share it with the member councils by a secure route; anyone holding it can test whether a "
        "SWE number is in an extract."
    )
    return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def extract_command(args: argparse.Namespace) -> int:
    today = date.today()
    as_at = args.as_at or today
    if as_at > today:
        print(f"--as-at {as_at} is after today: an extract describes a day that has been.", file=sys.stderr)
        return 1
    if _same_file(args.output, args.key_file):
        print("--output is the key file: the extract would replace the key. Give another file.", file=sys.stderr)
        return 1
    key = _key(args.key_file)
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.cli.auditing import cli_audit
    from csc_workforce.regional import make_extract, write_private
    from csc_workforce.store import models as m
    from csc_workforce.store.services.records import records_load

    council = m.Council.objects.filter(la_code=args.la).first()
    if council is None:
        print(f"No council {args.la} is held: import its records first (csc-workforce census import).", file=sys.stderr)
        return 1
    made = make_extract(records_load(council=council), key=key, as_at=as_at)
    rows = made.rows
    try:
        write_private(args.output, made.text.encode("utf-8"))
    except OSError as exc:
        print(f"Cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
    cli_audit(
        action="export",
        object_type="regional-extract",
        object_id=args.la,
        detail={"rows": rows, "as_at": as_at.isoformat(), "key_id": key.key_id, "file": str(args.output)},
    )
    print(
        f"Wrote {args.output}: council {args.la} as at {as_at}, {rows} engagement(s), pseudonymised with the key "
        f"whose id is {key.key_id}."
    )
    return 0


def check_command(args: argparse.Namespace) -> int:
    from csc_workforce.regional import ExtractError, read_extract

    keys = [_key(path) for path in args.key_file]
    councils = None if not args.la else {code.strip() for code in args.la.split(",") if code.strip()}
    results: list[dict[str, Any]] = []
    for path in args.files:
        try:
            made = read_extract(path, keys, councils=councils)
        except ExtractError as exc:
            results.append(
                {
                    "file": str(path),
                    "accepted": False,
                    "problems": [{"line": p.line, "message": p.message} for p in exc.problems],
                    "more_problems": exc.more,
                    "message": str(exc),
                }
            )
            continue
        results.append(
            {
                "file": str(path),
                "accepted": True,
                "la_code": made.la_code,
                "as_at": made.as_at.isoformat(),
                "key_id": made.key_id,
                "rows": len(made.rows),
            }
        )
    if args.format == JSON:
        print_json(results)
    else:
        for r in results:
            if r["accepted"]:
                said = f"council {r['la_code']} as at {r['as_at']}, {r['rows']} rows, key id {r['key_id']}"
                print(f"{r['file']}: accepted: {said}")
            else:
                print(r["message"])
    return 0 if all(r["accepted"] for r in results) else 1
