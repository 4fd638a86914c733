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
  cold       in a new process (as another server, or the next command): the frames read back from the copy the
             load step kept in the database (store/selectors.py), then every measure: load + measures

Targets on a 2-core machine (issue 15): import (which validates) under 30 s on SQLite and on PostgreSQL; measures
under 2 s.

With --one, times one large return instead (the largest file of the set), against the floor of a bare, safe lxml
parse plus the year's schema check of the same file (issue 15: "import of one large return within 2x the floor"):
  floor      lxml parse + XMLSchema validate (the schema compiled once, beforehand)
  validate   csc-workforce census validate's reading (read_census)
  import     census_import of that one file into a database that does not hold its council (its council is
             deleted, untimed, before each run)
each the best and the median of --runs runs, and import / floor.

Usage: python perf/national.py [--councils 150] [--database-url URL] [--steps import,load,...] [--one [--runs 15]]
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
STEPS = ("parse", "validate", "import", "load", "measures", "returned", "kept", "cold")


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
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help=f"the steps to time, of {','.join(STEPS)} (generate always runs; later steps need import)",
    )
    parser.add_argument("--one", action="store_true", help="time one large return against the floor instead")
    parser.add_argument("--runs", type=int, default=15, help="with --one: runs of each (best and median shown)")
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    workdir = Path(tempfile.mkdtemp(prefix="csc-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    load = os.getloadavg()
    print(f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    files = timed("generate", lambda: generate(args.data, args.councils))
    print(f"  {len(files)} files, {sum(len(d) for _, d in files) / 1e6:,.0f} MB")
    if args.one:
        one_return(max(files, key=lambda f: len(f[1])), args.runs, reset=bool(args.database_url))
        return
    if "parse" in steps:
        timed("parse", lambda: parse_all(files))
    if "validate" in steps:
        workers = timed("validate", lambda: validate_all(files))
        print(f"  {workers:,} worker records")

    from csc_workforce.cli.db import setup_database

    setup_database()
    if args.database_url:
        reset_database()
    timed("import", lambda: import_all(files))
    load = os.getloadavg()
    print(f"  load average after import {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if steps & {"load", "measures", "returned", "kept", "cold"}:
        later_steps(steps)
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, database {engine}")


COLD = """
import time
started = time.perf_counter()
import django
django.setup()
from csc_workforce.measures.compute import measures_for_years
from csc_workforce.store.selectors import council_frames
ready = time.perf_counter()
inputs = council_frames()
loaded = time.perf_counter()
measures_for_years(inputs, list(range(2017, 2026)))
done = time.perf_counter()
print(f"cold      {done - ready:8.2f} s", end="  ")
print(f"(load {loaded - ready:.2f} + measures {done - loaded:.2f}; start-up {ready - started:.2f})")
"""


def later_steps(steps: set[str]) -> None:

    from csc_workforce.measures.compute import measures_for_years
    from csc_workforce.store.selectors import council_frames

    inputs = timed("load", council_frames)
    print(f"  {inputs.engagements.height:,} engagements, {inputs.assignments.height:,} assignments")
    measures_for_years(inputs, [2025])  # warm-up
    result = timed("measures", lambda: measures_for_years(inputs, YEARS))
    print(f"  {result.height:,} rows (council-years and a total per year)")
    if steps & {"returned", "kept"}:
        from csc_workforce.store.services.returned import returned_measures

        timed("returned", lambda: returned_measures(years=YEARS))
        kept = timed("kept", lambda: returned_measures(years=YEARS))
        print(f"  {kept.height:,} council-years as returned")
    if "cold" in steps:  # a new process: nothing in its memory, the copy of the frames in the database
        import subprocess

        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "csc_workforce.settings"}
        subprocess.run([sys.executable, "-c", COLD], env=env, check=True)


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


def one_return(file: tuple[str, bytes], runs: int, *, reset: bool) -> None:
    """One large return: the floor (safe lxml parse + the year's schema), validation, and import."""
    import statistics

    from lxml import etree

    from csc_workforce.census.csww.reader import read_census
    from csc_workforce.census.csww.schema import schema_for

    name, data = file
    result = read_census(data, name=name)
    assert result.census_return is not None and result.collection_year is not None
    print(f"  {name}: {len(data) / 1e6:.2f} MB, {len(result.census_return.workers):,} workers")
    schema = schema_for(result.collection_year)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

    def floor() -> None:
        assert schema.validate(etree.fromstring(data, parser))

    from csc_workforce.cli.db import setup_database

    setup_database()
    if reset:
        reset_database()
    from csc_workforce.store import models as m
    from csc_workforce.store.services.records import records_delete

    def clear() -> None:
        for council in m.Council.objects.filter(la_code=result.la_code):
            records_delete(council=council)
            council.delete()

    def best_and_median(label: str, work, before=lambda: None) -> float:
        times = []
        for _ in range(runs):
            before()
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        best, median = min(times), statistics.median(times)
        print(f"{label:<9} {best * 1000:8.1f} ms best, {median * 1000:8.1f} ms median of {runs}")
        return best

    floor_s = best_and_median("floor", floor)
    validate_s = best_and_median("validate", lambda: read_census(data, name=name))
    import_s = best_and_median("import", lambda: import_all([file]), before=clear)
    print(f"  validate / floor {validate_s / floor_s:.2f}x, import / floor {import_s / floor_s:.2f}x (best runs)")


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
