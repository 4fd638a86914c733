"""``csc-workforce tables``: any table of a council's pages of figures from its dated records (practice and
development, recruitment and agency, practice quality, staff voice) as CSV or Excel, the same tables the web
pages download (``store.services.records_pages``): the regional agency return a council shares with its region,
for one."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from csc_workforce.cli.auditing import cli_audit


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tables = commands.add_parser(
        "tables",
        help="a table of a council's pages of figures (e.g. the regional agency return) as CSV or Excel",
        description="Write a table of one of a council's pages of figures from its dated records to a CSV or Excel "
        "file, as the web page downloads it; with no --table, list the page's tables. The figures are in full, as "
        "an analyst sees them, unless --withhold (small numbers withheld, as for a viewer: for sharing). The "
        "regional agency return (--page recruitment-agency --table agency-regional-return) always has its small "
        "numbers withheld.",
    )
    tables.add_argument("--la", required=True, metavar="CODE", help="the council's DfE 3-digit code")
    tables.add_argument(
        "--page",
        required=True,
        metavar="PAGE",
        help="the page: development, recruitment-agency, practice-quality or staff-voice",
    )
    tables.add_argument("--table", metavar="KEY", help="the table's key (see the list), or 'all' for an Excel file")
    tables.add_argument(
        "--as-at", type=date.fromisoformat, metavar="YYYY-MM-DD", help="as at this date (default today)"
    )
    tables.add_argument("--withhold", action="store_true", help="withhold small numbers, as for a viewer")
    tables.add_argument("--output", type=Path, metavar="FILE", help="a .csv (one table) or .xlsx file to write")
    tables.set_defaults(handler=tables_command)


def tables_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.reports.tables import to_csv, to_xlsx
    from csc_workforce.store import models as m
    from csc_workforce.store.services.records_pages import PAGES, records_page

    if args.page not in PAGES:
        print(f"No page {args.page}: give one of {', '.join(PAGES)}.", file=sys.stderr)
        return 1
    council = m.Council.objects.filter(la_code=args.la).first()
    if council is None:
        print(f"No council {args.la} is held.", file=sys.stderr)
        return 1
    page = records_page(args.page, council=council, today=date.today(), suppress=args.withhold, as_at=args.as_at)
    tables = page.tables()
    if not tables:  # (an empty workbook cannot be written)
        print(f"No table: {council.name} holds none of the records this page reads.", file=sys.stderr)
        return 1
    if args.table is None:
        width = max(len(key) for key in tables)
        for key, table in tables.items():
            print(f"{key.ljust(width)}  {table.title}")
        return 0
    if args.table != "all" and args.table not in tables:
        print(
            f"No table {args.table} on the {args.page} page for {args.la}: run without --table to list them.",
            file=sys.stderr,
        )
        return 1
    if args.output is None or args.output.suffix not in (".csv", ".xlsx"):
        print("Give --output FILE ending .csv (one table) or .xlsx.", file=sys.stderr)
        return 1
    chosen = list(tables.values()) if args.table == "all" else [tables[args.table]]
    if args.output.suffix == ".csv":
        if len(chosen) != 1:
            print("Every table goes to an .xlsx file, not a .csv.", file=sys.stderr)
            return 1
        args.output.write_text(to_csv(chosen[0]), encoding="utf-8")
    else:
        args.output.write_bytes(to_xlsx(chosen))
    cli_audit(
        action="export",
        object_type="council-table",
        object_id=f"{args.la}/{args.table}",
        detail={
            "page": args.page,
            "format": args.output.suffix[1:],
            "as_at": (args.as_at or date.today()).isoformat(),
            "withheld": bool(args.withhold),
        },
    )
    print(f"Wrote {args.output} ({len(chosen)} table{'s' * (len(chosen) > 1)}).")
    return 0
