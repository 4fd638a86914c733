"""``csc-workforce benchmark``: a council's published DfE figures beside England, its region and its
statistical neighbours; newer DfE releases; statistical neighbours.

``benchmark --la CODE --year YEAR`` is the same as ``benchmark report --la CODE --year YEAR``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from csc_workforce.cli.auditing import cli_audit, cli_user
from csc_workforce.cli.output import add_format_argument, print_json

REPORT_HELP = (
    "A council's published DfE figures for a year beside England, its region (London for London boroughs), its "
    "statistical neighbours (or --peers; without either, the other councils of its region) and their median, with "
    "its rank among them (1 = best; rates and ratios only, among at least 3 councils with figures) and "
    "plain-language comparisons. A held council DfE does not publish is compared on its own records. Also "
    "available without the word 'report': csc-workforce benchmark --la CODE --year YEAR [--peers CODE,...] "
    "[--format text|json]."
)


def parse_codes(text: str) -> tuple[str, ...]:
    """``--peers`` and ``--set``: :func:`csc_workforce.benchmarks.peers.parse_codes`, imported only when the option
    is given (the benchmarks load DfE's published figures, which no other command needs)."""
    from csc_workforce.benchmarks.peers import parse_codes as parse

    return parse(text)


def _report_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--la", required=required, metavar="CODE", help="council's DfE 3-digit old LA code, e.g. 303")
    parser.add_argument("--year", type=int, required=required, help="reporting year (the year to 30 September)")
    parser.add_argument(
        "--peers",
        type=parse_codes,
        metavar="CODE,...",
        help="councils to compare with (default: the council's statistical neighbours, else its region's councils)",
    )
    add_format_argument(parser)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    benchmark = commands.add_parser(
        "benchmark",
        help="compare a council with England, its region and its statistical neighbours (DfE published figures)",
        description=REPORT_HELP,
    )
    _report_options(benchmark, required=False)
    benchmark.set_defaults(handler=report_command, parser=benchmark)
    sub = benchmark.add_subparsers(dest="benchmark_command", metavar="SUBCOMMAND")

    report = sub.add_parser("report", help="the benchmark report (the default action)", description=REPORT_HELP)
    _report_options(report, required=True)
    report.set_defaults(handler=report_command, parser=report)

    imp = sub.add_parser(
        "import-release",
        help="import a newer release of DfE's indicators file",
        description="Import a newer release of DfE's 'Indicators' data file (same columns as the shipped one). "
        "Its rows replace the published rows for the same year and geography (revised years) and add new years.",
    )
    imp.add_argument("file", type=Path, help="the release's CSV file, as downloaded from Explore education statistics")
    imp.set_defaults(handler=import_release_command)

    releases = sub.add_parser(
        "releases",
        help="list the published releases in use (the shipped one first)",
        description="List the published releases in use: the one shipped with csc-workforce first, then each "
        "imported release in import order (later ones win).",
    )
    add_format_argument(releases)
    releases.set_defaults(handler=releases_command)

    neighbours = sub.add_parser(
        "neighbours",
        help="show or set a council's statistical neighbours",
        description="Show a council's statistical neighbours, or set them with --set (they then override the "
        "shipped list, which holds only Bexley's). --clear goes back to the shipped list.",
    )
    neighbours.add_argument("--la", required=True, metavar="CODE", help="council's DfE 3-digit old LA code")
    change = neighbours.add_mutually_exclusive_group()
    change.add_argument("--set", type=parse_codes, metavar="CODE,...", help="the neighbours' codes, comma-separated")
    change.add_argument("--clear", action="store_true", help="remove the council's own neighbours")
    add_format_argument(neighbours)
    neighbours.set_defaults(handler=neighbours_command)


def _setup() -> None:
    from csc_workforce.cli.db import setup_database

    setup_database()


def report_command(args: argparse.Namespace) -> int:
    if args.la is None or args.year is None:
        args.parser.error("--la and --year are required (or use a subcommand: report, import-release, ...)")
    _setup()
    from csc_workforce.benchmarks.report import render_table
    from csc_workforce.measures.catalogue import BY_ID
    from csc_workforce.store.services.audit import EXPORT
    from csc_workforce.store.services.benchmarks import benchmark

    try:
        report = benchmark(la_code=args.la, year=args.year, peers=args.peers)
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    cli_audit(
        action=EXPORT,
        object_type="benchmark",
        object_id=f"{args.la}/{args.year}",
        detail={"peers": list(args.peers or ()), "format": args.format},
    )
    if args.format == "json":
        print_json(report)
    else:
        print(render_table(report, BY_ID), end="")
    return 0


def import_release_command(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"Cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    _setup()
    from csc_workforce.benchmarks.releases import ReleaseError
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.benchmarks import DuplicateRelease, release_import

    try:
        outcome = release_import(
            name=args.file.name, data=data, imported_by=cli_user(), now=datetime.now(UTC), origin=COMMAND_LINE
        )
    except (ReleaseError, DuplicateRelease) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    changes = outcome.changes
    print(f"Imported {args.file.name}: {outcome.release.rows} rows for {_years(outcome.release.years)}.")
    print(f"  adds years: {_years(changes.added_years) or 'none'}")
    print(f"  replaces rows for years: {_years(changes.replaced_years) or 'none'} ({changes.replaced_rows} rows)")
    return 0


def _years(years: object) -> str:
    return ", ".join(str(y) for y in years) if isinstance(years, list | tuple) else ""


def releases_command(args: argparse.Namespace) -> int:
    _setup()
    from csc_workforce.store.services.benchmarks import published_releases

    rows = published_releases()
    if args.format == "json":
        print_json(rows)
        return 0
    for number, row in enumerate(rows, start=1):
        kind = "shipped" if row["shipped"] else f"imported {row['imported_at']} by {row['imported_by']}"
        print(f"{number}. {row['name']} ({kind})")
        print(f"   years {_years(row['years'])}; {row['rows']} rows")
        if not row["shipped"]:
            print(
                f"   added years: {_years(row.get('added_years')) or 'none'}; "
                f"replaced years: {_years(row.get('replaced_years')) or 'none'}"
            )
    print()
    print(f"Source: {rows[0]['source']}.")
    print(rows[0]["attribution"])
    return 0


def neighbours_command(args: argparse.Namespace) -> int:
    _setup()
    from csc_workforce.benchmarks.councils import council_name
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.benchmarks import set_statistical_neighbours, statistical_neighbours

    if args.set is not None or args.clear:
        try:
            set_statistical_neighbours(
                la_code=args.la,
                neighbours=args.set or (),
                set_by=cli_user(),
                now=datetime.now(UTC),
                origin=COMMAND_LINE,
            )
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    codes, source = statistical_neighbours(args.la)
    if args.format == "json":
        print_json(
            {
                "la_code": args.la,
                "source": source,
                "neighbours": [{"la_code": c, "la_name": council_name(c).name} for c in codes],
            }
        )
        return 0
    name = council_name(args.la).name
    if not codes:
        print(f"{name} ({args.la}) has no statistical neighbours set. Set them with --set CODE,CODE,...")
        return 0
    print(f"Statistical neighbours of {name} ({args.la}), {source}:")
    for code in codes:
        print(f"  {code}  {council_name(code).name}")
    return 0
