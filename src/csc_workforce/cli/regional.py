"""``csc-workforce regional key new|extract|check``: an alliance's key, a council's pseudonymised regional extract
made with it, and extracts checked with the keys they may have been made with (``docs/regional-extract.md``).

The key is read from its file and never printed, logged or put in the audit log (only its public id is)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from csc_workforce.cli.output import CSV, JSON, TEXT, add_format_argument, print_csv, print_json, print_lines

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
    add_key = key_actions.add_parser(
        "add",
        help="register a key's id to an alliance, so its members' extracts made with it are accepted",
        description="Register the key in FILE to the alliance by its public id (the key itself is not stored: the "
        "installation is given the key file again when it imports). After a rotation register the new key too; "
        "extracts made with the old one stay readable with the old key file.",
    )
    add_key.add_argument("--alliance", required=True, metavar="NAME", help="the alliance")
    add_key.add_argument("--key-file", type=Path, required=True, metavar="FILE", help="the alliance's key file")
    add_key.set_defaults(handler=key_add_command)

    alliance = actions.add_parser(
        "alliance",
        help="add, change, list or remove an alliance: its member councils and its agreement",
        description="A regional alliance is data: its name, its member councils and its agreement (the months a "
        "permanent leaver must wait before returning through an agency in the region, price caps on agency charge "
        "rates by DfE role, whether references are asked between members). Each change is audited.",
    )
    alliance_actions = alliance.add_subparsers(dest="alliance_command", required=True, metavar="ACTION")
    add = alliance_actions.add_parser(
        "add",
        help="add an alliance, or replace the members and agreement of the one of that name",
        description="Add an alliance, or replace the members and agreement of the one of that name (its keys are "
        "kept). Checked first: a mistake is named and nothing changes.",
    )
    add.add_argument("name", metavar="NAME", help="the alliance's name, e.g. 'North West'")
    add.add_argument("--la", required=True, metavar="CODE,CODE,...", help="the member councils' DfE codes")
    add.add_argument(
        "--cooling-off-months",
        type=int,
        default=6,
        metavar="N",
        help="months before a permanent leaver may return through an agency in the region (default 6)",
    )
    add.add_argument(
        "--cap",
        action="append",
        default=[],
        metavar="ROLE=RATE",
        help="a price cap on agency charge rates, e.g. 5=42.50 (role 5, £42.50 an hour); repeat for several roles",
    )
    add.add_argument("--no-references", action="store_true", help="the agreement asks no references between members")
    add.set_defaults(handler=alliance_add_command)
    listed = alliance_actions.add_parser("list", help="the alliances held, with their members and agreements")
    add_format_argument(listed, (TEXT, JSON))
    listed.set_defaults(handler=alliance_list_command)
    remove = alliance_actions.add_parser(
        "remove", help="remove an alliance, its members, key ids and imported extracts"
    )
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=alliance_remove_command)

    imported = actions.add_parser(
        "import",
        help="import members' extracts into the alliance's installation, each file all or nothing",
        description="Read and check each member's extract with the alliance's keys (give the old key too after a "
        "rotation) and store it, replacing the council's previous extract. A file is refused whole, changing "
        "nothing, when any line is wrong, when it is of a council outside the alliance, when it was made with a key "
        "not registered to the alliance, or when it is older than the council's extract held. Exit 1 if any file is "
        "refused.",
    )
    imported.add_argument("files", type=Path, nargs="+", metavar="FILE", help="extracts to import")
    imported.add_argument("--alliance", required=True, metavar="NAME", help="the alliance")
    imported.add_argument(
        "--key-file",
        type=Path,
        action="append",
        required=True,
        metavar="FILE",
        help="a key the extracts may have been made with; repeat for several",
    )
    add_format_argument(imported, (TEXT, JSON))
    imported.set_defaults(handler=import_command)

    moved = actions.add_parser(
        "flows",
        help="movement between the alliance's members in a census year, and the moves breaching its agreement",
        description="For each leaver of a member council in the census year (1 October to 30 September), where "
        "they started next within the region (permanent or agency, days between): a matrix of moves, retention in "
        "the council and in the region, and the moves that breach the agreement (a permanent leaver engaged "
        "through an agency within the cooling-off period in any member council; an agency charge rate above the "
        "role's cap, where rates are held), each with the pseudonymous worker, the councils, the dates and the "
        "rule broken. Needs every member's extract as at the year's end or later.",
    )
    moved.add_argument("--alliance", required=True, metavar="NAME", help="the alliance")
    moved.add_argument("--year", required=True, type=int, metavar="YEAR", help="the census year, e.g. 2025")
    add_format_argument(moved, (TEXT, JSON, CSV))
    moved.set_defaults(handler=flows_command)

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
    from csc_workforce.regional import write_private
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.regional import council_extract

    by, now = _who()
    try:
        made = council_extract(args.la, key=key, as_at=as_at, by=by, now=now, origin=COMMAND_LINE)
    except LookupError as exc:
        print(str(exc).strip('"'), file=sys.stderr)
        return 1
    rows = made.rows
    try:
        write_private(args.output, made.text.encode("utf-8"))
    except OSError as exc:
        print(f"Cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
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


def _who() -> tuple[str, Any]:
    from datetime import UTC, datetime

    from csc_workforce.cli.auditing import cli_user

    return cli_user(), datetime.now(UTC)


def key_add_command(args: argparse.Namespace) -> int:
    key = _key(args.key_file)
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.regional import register_key

    by, now = _who()
    try:
        key_id = register_key(args.alliance, key, added_by=by, now=now, origin=COMMAND_LINE)
    except LookupError as exc:
        print(str(exc).strip('"'), file=sys.stderr)
        return 1
    print(f"The key whose id is {key_id} is registered to {args.alliance}.")
    return 0


def alliance_add_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.alliances import AllianceError, AllianceTerms, parse_caps, save_alliance
    from csc_workforce.store.services.audit import COMMAND_LINE

    by, now = _who()
    try:
        terms = AllianceTerms(
            name=args.name.strip(),
            members=tuple(code.strip() for code in args.la.split(",") if code.strip()),
            cooling_off_months=args.cooling_off_months,
            price_caps=parse_caps(args.cap),
            references_required=not args.no_references,
        )
        saved = save_alliance(terms, set_by=by, now=now, origin=COMMAND_LINE)
    except AllianceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    caps = ", ".join(f"role {r} £{v:,.2f}" for r, v in saved.price_caps.items()) or "none"
    print(
        f"{saved.name}: members {', '.join(saved.members)}; cooling-off {saved.cooling_off_months} months; "
        f"price caps {caps}; references {'asked' if saved.references_required else 'not asked'}."
    )
    return 0


def alliance_list_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.alliances import alliances

    held = alliances()
    if args.format == JSON:
        print_json([a.as_record() for a in held])
        return 0
    if not held:
        print("No alliance is held: add one with csc-workforce regional alliance add NAME --la CODE,CODE")
    for a in held:
        caps = ", ".join(f"role {r} £{v:,.2f}" for r, v in a.price_caps.items()) or "none"
        print(
            f"{a.name}: members {', '.join(a.members)}; cooling-off {a.cooling_off_months} months; price caps "
            f"{caps}; keys {', '.join(a.keys) or 'none'}"
        )
    return 0


def alliance_remove_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.alliances import delete_alliance
    from csc_workforce.store.services.audit import COMMAND_LINE

    by, now = _who()
    try:
        delete_alliance(args.name, deleted_by=by, now=now, origin=COMMAND_LINE)
    except LookupError as exc:
        print(str(exc).strip('"'), file=sys.stderr)
        return 1
    print(f"Removed the alliance {args.name}.")
    return 0


def import_command(args: argparse.Namespace) -> int:
    keys = [_key(path) for path in args.key_file]
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.regional import import_extracts

    files = []
    for path in args.files:
        try:
            files.append((str(path), path.read_bytes()))
        except OSError as exc:
            print(f"Cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 1
    by, now = _who()
    try:
        outcomes = import_extracts(
            files, alliance=args.alliance, keys=keys, imported_by=by, now=now, origin=COMMAND_LINE
        )
    except LookupError as exc:
        print(str(exc).strip('"'), file=sys.stderr)
        return 1
    if args.format == JSON:
        print_json(
            [
                {
                    "file": o.filename,
                    "accepted": o.accepted,
                    "la_code": o.la_code,
                    "as_at": None if o.as_at is None else o.as_at.isoformat(),
                    "rows": o.rows,
                    "replaced": None if o.replaced is None else o.replaced.isoformat(),
                    "message": o.message,
                }
                for o in outcomes
            ]
        )
    else:
        for o in outcomes:
            if o.accepted:
                was = f", replacing the extract as at {o.replaced}" if o.replaced else ""
                print(f"{o.filename}: imported council {o.la_code} as at {o.as_at}, {o.rows} rows{was}")
            else:
                print(o.message)
    return 0 if all(o.accepted for o in outcomes) else 1


def flows_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.regional import RegionalRefused, regional_flows

    try:
        made = regional_flows(args.alliance, year=args.year)
    except (LookupError, RegionalRefused) as exc:
        print(str(exc).strip('"'), file=sys.stderr)
        return 1
    moves = [
        {
            "worker": m.worker,
            "from_la": m.from_la,
            "to_la": m.to_la,
            "from_contract": m.from_contract,
            "to_contract": m.to_contract,
            "left": m.left.isoformat(),
            "started": m.started.isoformat(),
            "gap_days": m.gap_days,
            "breach": "; ".join(m.breach) or None,
        }
        for m in made.moves
    ]
    if args.format == JSON:
        print_json(
            {
                "alliance": args.alliance,
                "year": made.year,
                "members": list(made.members),
                "rows": list(made.matrix),
                "moves": moves,
                "retention": list(made.retention),
            }
        )
        return 0
    if args.format == CSV:
        print_csv(list(made.matrix))
        return 0
    print(
        f"{args.alliance}: moves of leavers in the census year {made.year} (1 October {made.year - 1} to 30 September)"
    )
    print_lines(list(made.matrix))
    print(
        "\nRetention of each council's permanent leavers: started next in the same council, another member, or "
        "nowhere in the region's records"
    )
    print_lines(list(made.retention))
    breaches = [m for m in moves if m["breach"]]
    print(f"\nMoves breaching the agreement ({len(breaches)})")
    print_lines(breaches) if breaches else print("(none)")
    return 0
