"""``csc-workforce census validate|import|export``."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from csc_workforce.census.csww_years import supported_span
from csc_workforce.cli.auditing import cli_audit, cli_user
from csc_workforce.cli.output import add_format_argument, print_json

if TYPE_CHECKING:
    from csc_workforce.census.csww.reconcile import Reconciliation
    from csc_workforce.domain.issues import Issue


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    census = commands.add_parser(
        "census",
        help="read, check, import and write DfE CSWW census returns",
        description="Read, check, import and write DfE CSWW census returns.",
    )
    sub = census.add_subparsers(dest="census_command", required=True)

    validate = sub.add_parser(
        "validate",
        help="check a census return against its year's schema and rules",
        description="Check a census return against its year's schema and rules.",
    )
    validate.add_argument("file", type=Path, help=f"a CSWW census return (XML), any year {supported_span()}")
    add_format_argument(validate)
    validate.set_defaults(handler=validate_command)

    imp = sub.add_parser(
        "import",
        help="import census returns into the database, each file all or nothing",
        description="Import census returns into the database, each file all or nothing.",
    )
    imp.add_argument("files", type=Path, nargs="+", help="census returns (XML); council and year are read from each")
    add_format_argument(imp)
    imp.set_defaults(handler=import_command)

    export = sub.add_parser(
        "export",
        help="write a council's census return for a year from its records",
        description="Write a council's census return for a year from its records.",
    )
    export.add_argument("--la", required=True, help="DfE 3-digit old LA code, for example 303")
    export.add_argument("--year", type=int, required=True, help="census year (the year to 30 September)")
    export.add_argument("--output", type=Path, required=True, help="file to write")
    export.set_defaults(handler=export_command)

    reconcile = sub.add_parser(
        "reconcile",
        help="compare a council's census returns with each other and with its records",
        description="Compare a council's census returns with each other, and each census year's DfE measures as "
        "returned (the year's return alone, as DfE publishes it) with the measures from records (the timeline of "
        "every return and upload held), explaining each difference. Findings are coded warnings (CSWW-CONT-001, "
        "CSWW-REC-001 to CSWW-REC-003; see docs/census.md). text: each year's differences with why, then the "
        "findings. json: one object with la_code, years, other_sources, explained, differences (every measure "
        "for every year: year, measure, title, as_returned, from_records, difference, explained, "
        "explained_amount, sentence) and findings (code, severity, message, line, path, value, returns). "
        "csv: the findings, one row each. Exit 1 for a council not held or one with no census returns.",
    )
    reconcile.add_argument("--la", required=True, metavar="CODE", help="DfE 3-digit old LA code, for example 303")
    add_format_argument(reconcile, ("text", "json", "csv"))
    reconcile.set_defaults(handler=reconcile_command)


def _issue_lines(issues: list[Issue]) -> list[str]:
    return [f"  {issue.as_text()}" for issue in issues]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SystemExit(f"Cannot read {path}: {exc.strerror}") from exc


def validate_command(args: argparse.Namespace) -> int:
    from csc_workforce.census.csww.reader import read_census

    result = read_census(_read(args.file), name=args.file.name)
    errors = sum(1 for i in result.issues if i.is_error)
    if args.format == "json":
        print_json(
            {
                "file": str(args.file),
                "collection_year": result.collection_year,
                "la_code": result.la_code,
                "errors": errors,
                "warnings": len(result.issues) - errors,
                "issues": [i.as_dict() for i in result.issues],
            }
        )
    else:
        print(
            f"{args.file}: collection year {result.collection_year or 'unknown'}, council "
            f"{result.la_code or 'unknown'}: {errors} error(s), {len(result.issues) - errors} warning(s)"
        )
        print("\n".join(_issue_lines(list(result.issues))) or "  No problems found.")
    return 1 if errors else 0


def import_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.census import census_import

    files = [(str(path), _read(path)) for path in args.files]
    outcomes = census_import(files=files, recorded_by=cli_user(), now=datetime.now(UTC))
    for o in outcomes:
        cli_audit(
            action="census-import",
            object_type="census-return",
            object_id=f"{o.la_code or '?'}/{o.collection_year or '?'}",
            detail={
                "file": o.name,
                "sha256": o.sha256,
                "accepted": o.accepted,
                "replaced": o.replaced,
                "errors": o.errors,
                "warnings": o.warnings,
            },
        )
    if args.format == "json":
        print_json(
            [
                {
                    "file": o.name,
                    "collection_year": o.collection_year,
                    "la_code": o.la_code,
                    "accepted": o.accepted,
                    "replaced": o.replaced,
                    "workers": o.workers,
                    "errors": o.errors,
                    "warnings": o.warnings,
                    "issues": [i.as_dict() for i in o.issues],
                }
                for o in outcomes
            ]
        )
    else:
        for o in outcomes:
            if o.accepted:
                verb = "replaced the earlier return" if o.replaced else "imported"
                print(
                    f"{o.name}: {verb} for council {o.la_code}, {o.collection_year} ({o.workers} workers); "
                    f"{o.warnings} warning(s)"
                )
            else:
                print(f"{o.name}: REJECTED, nothing was changed: {o.errors} error(s) to fix, {o.warnings} warning(s)")
            print("\n".join(_issue_lines(o.issues)))
        accepted = sum(o.accepted for o in outcomes)
        print(f"{accepted} of {len(outcomes)} file(s) imported.")
    return 0 if all(o.accepted for o in outcomes) else 1


def export_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.census import census_export

    try:
        result = census_export(la_code=args.la, year=args.year, generated_at=datetime.now(UTC).replace(microsecond=0))
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    args.output.write_bytes(result.data)
    errors = [i for i in result.issues if i.is_error]
    cli_audit(
        action="export",
        object_type="census-return",
        object_id=f"{args.la}/{args.year}",
        detail={"workers": result.workers, "errors": len(errors), "file": str(args.output)},
    )
    print(
        f"Wrote {args.output}: council {args.la}, {args.year}, {result.workers} workers; "
        f"{len(errors)} error(s), {len(result.issues) - len(errors)} warning(s) when checked"
    )
    print("\n".join(_issue_lines(result.issues)))
    return 1 if errors else 0


def reconcile_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.reports.tables import to_csv
    from csc_workforce.store.services.reconcile import census_reconcile, findings_table

    try:
        result = census_reconcile(la_code=args.la)
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    cli_audit(
        action="export",
        object_type="reconciliation-findings",
        object_id=args.la,
        detail={"findings": len(result.findings), "years": list(result.years), "format": args.format},
    )
    if args.format == "json":
        print_json(result.as_dict())
    elif args.format == "csv":
        sys.stdout.write(to_csv(findings_table(result)))
    else:
        print("\n".join(reconcile_lines(result)))
    return 0


def reconcile_lines(result: Reconciliation) -> list[str]:
    """The reconciliation as text: each year's differences with why, then the findings."""
    years = result.years
    lines = [
        f"Council {result.la_code}: census returns for {', '.join(map(str, years))}. "
        "Each year's DfE measures as returned (the return alone) and from records (every return and upload held):"
    ]
    for year in years:
        differing = result.differing(year)
        lines.append(f"  {year}: " + ("no differences." if not differing else f"{len(differing)} measure(s) differ"))
        lines.extend(f"    {d.sentence}" for d in differing)
    unexplained = [d for d in result.differences if not d.explained]
    if unexplained:
        lines.append(f"{len(unexplained)} difference(s) are not fully explained by the findings (see above).")
    elif any(d.differs for d in result.differences):
        lines.append("Every difference is explained by the findings below.")
    lines.append(f"Findings: {len(result.findings)} warning(s).")
    lines.extend(
        f"  {f.issue.severity.upper()} {f.code} (returns {', '.join(map(str, f.years))}): {f.message}"
        for f in result.findings
    )
    if not result.findings:
        lines.append("  No differences between the returns.")
    return lines
