"""``csc-workforce measures``: DfE workforce measures for one or more councils."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from csc_workforce.cli.auditing import cli_audit
from csc_workforce.cli.output import add_format_argument, print_rows
from csc_workforce.domain.bases import BASES


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    measures = commands.add_parser("measures", help="DfE workforce measures (turnover, agency, vacancies, ...)")
    measures.add_argument("--year", type=int, required=True, help="census year (the year to 30 September)")
    measures.add_argument(
        "--la",
        action="append",
        default=[],
        metavar="CODE",
        help="council's DfE 3-digit code; repeat for several (default: every council held)",
    )
    measures.add_argument(
        "--as-at",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="measures as at this date, flows over the 12 months to it",
    )
    measures.add_argument(
        "--basis",
        choices=list(BASES),
        help="returned: a census year from that year's census return alone, as DfE publishes it (the default for "
        "census years; a council-year with no return falls back to records); records: from the timeline of every "
        "return and upload (the only basis with --as-at). Each row's basis column says which it uses",
    )
    add_format_argument(measures, ("text", "json", "csv"))
    measures.set_defaults(handler=measures_command)


def measures_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.measures import measures_table

    try:
        result = measures_table(year=args.year, la_codes=args.la, as_at=args.as_at, basis=args.basis)
    except (LookupError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    cli_audit(
        action="export",
        object_type="measures",
        object_id=str(args.year),
        detail={
            "format": args.format,
            "councils": list(args.la),
            "as_at": args.as_at.isoformat() if args.as_at else None,
            "basis": args.basis,
        },
    )
    print_rows(result.rows, args.format)
    for note in result.notes:
        print(note, file=sys.stderr)
    return 0
