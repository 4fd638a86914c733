"""National-scale speed script: about 150 councils x 9 census years (2017-2025), about 400,000 worker records.

Prints, for the whole set:
  generate   synthetic councils and their returns written to XML (not a target, for context)
  parse      a raw, safe lxml parse of every file: the floor
  validate   schema + business rules for every file (csc-workforce census validate)
  import     validate, store and rebuild records for every file (csc-workforce census import), one batch per council
  load       the measure input frames read from the database
  measures   every DfE measure for every council-year, in one pass, once loaded
  returned   every council-year's measures as returned (each return alone): first read computes and keeps them
  kept       the same again, read from what was kept

Targets on a 2-core machine: import (which validates) under 60 s; measures under 2 s.
Usage: python perf/national.py [--councils 150] [--database-url URL]
The default database is a new SQLite file in a temporary folder. Results are recorded in RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

YEARS = list(range(2017, 2026))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temporary folder")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(__file__).parent / "data" / "national",
        help="where the generated XML files go (reused if already there)",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="csc-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"

    files = timed("generate", lambda: generate(args.data, args.councils))
    print(f"  {len(files)} files, {sum(len(d) for _, d in files) / 1e6:,.0f} MB")
    timed("parse", lambda: parse_all(files))
    workers = timed("validate", lambda: validate_all(files))
    print(f"  {workers:,} worker records")

    from csc_workforce.cli.db import setup_database

    setup_database()
    if args.database_url:
        reset_database()
    timed("import", lambda: import_all(files))

    from csc_workforce.measures.compute import measures_for_years
    from csc_workforce.store.selectors import council_frames

    inputs = timed("load", council_frames)
    print(f"  {inputs.engagements.height:,} engagements, {inputs.assignments.height:,} assignments")
    measures_for_years(inputs, [2025])  # warm-up
    result = timed("measures", lambda: measures_for_years(inputs, YEARS))
    print(f"  {result.height:,} rows (council-years and a total per year)")
    from csc_workforce.store.services.returned import returned_measures

    timed("returned", lambda: returned_measures(years=YEARS))
    kept = timed("kept", lambda: returned_measures(years=YEARS))
    print(f"  {kept.height:,} council-years as returned")
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, database {engine}")


def timed(label, work):
    started = time.perf_counter()
    value = work()
    print(f"{label:<9} {time.perf_counter() - started:8.2f} s", flush=True)
    return value


def generate(folder: Path, count: int) -> list[tuple[str, bytes]]:
    from csc_workforce.synthetic import generate_council, national_councils
    from csc_workforce.synthetic.returns import council_returns

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for la_code, name, region, size in national_councils(seed=2025, count=count):
        paths = [folder / f"csww_{la_code}_{year}.xml" for year in YEARS]
        if not all(p.exists() for p in paths):
            records = generate_council(
                la_code=la_code,
                name=name,
                region=region,
                first_year=YEARS[0],
                last_year=YEARS[-1],
                seed=int(la_code),
                size=size,
                monthly_caseloads=False,
            )
            for year, data in council_returns(records, YEARS, generated_at=datetime(2025, 10, 15)).items():
                (folder / f"csww_{la_code}_{year}.xml").write_bytes(data)
        files += [(p.name, p.read_bytes()) for p in paths]
    return files


def parse_all(files: list[tuple[str, bytes]]) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for _, data in files:
        etree.fromstring(data, parser)


def validate_all(files: list[tuple[str, bytes]]) -> int:
    from csc_workforce.census.csww.reader import read_census

    workers = 0
    for name, data in files:
        result = read_census(data, name=name)
        if any(i.is_error for i in result.issues):
            sys.exit(f"{name} has errors: {[i.as_text() for i in result.issues if i.is_error][:3]}")
        workers += len(result.census_return.workers)
    return workers


def reset_database() -> None:
    from csc_workforce.store import models as m
    from csc_workforce.store.services.records import records_delete

    for council in m.Council.objects.all():
        records_delete(council=council)
    m.Council.objects.all().delete()


def import_all(files: list[tuple[str, bytes]]) -> None:
    """All files in one import, as `csc-workforce census import FILE...` does (reading uses every core)."""
    from csc_workforce.store.services.census import census_import

    outcomes = census_import(files=files, recorded_by="perf", now=datetime.now(UTC))
    rejected = [o.name for o in outcomes if not o.accepted]
    if rejected:
        sys.exit(f"rejected: {rejected}")


if __name__ == "__main__":
    main()
