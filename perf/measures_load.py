"""Every measure for every council-year from the database (issue 15): the national set's measure input frames
read out of the database (``store.selectors.council_frames``) and every DfE measure computed from them.

The database is the national set of ``perf/national.py`` (150 councils x 2017-2025, about 477,000 worker
records), imported once with that script's own steps (``generate`` and ``import_all``) when the database holds no
council yet, and kept: the default is a SQLite file in ``perf/data/`` (made the first time, about two minutes),
so later runs time only the reads. Then, ``--runs`` times in turn (each ``load`` from the database: the frames
kept are forgotten first):

  load        council_frames(): every frame (what perf/national.py's `load` step times)
  measures    measures_for_years(inputs, 2017-2025): every DfE measure for every council-year, once loaded
  total       load + measures: the target, under 1.5 s on 2 cores
  dfe load    council_frames(frames=()): the frames DfE's measures read (the dated frames left empty)
  kept        council_frames() again: the frames this process keeps for the records version (the councils'
              names read again); "kept total" with the measures

The median and the fastest run are printed, with the machine's load averages before and after.

``--dump DIR`` writes every frame and the measures (Parquet) to DIR; ``--compare DIR`` compares this run's with
them, row for row and in order (each frame and the measures must be equal): run ``--dump`` with the code before a
change and ``--compare`` after it, against the same database.

Usage: python perf/measures_load.py [--database-url URL] [--runs 5] [--dump DIR | --compare DIR]
Results are recorded in RESULTS.md ("Measures from the database").
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import fields
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

YEARS = list(range(2017, 2026))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None, help="default: perf/data/measures-load.sqlite3 (kept)")
    parser.add_argument("--councils", type=int, default=150, help="councils generated when the database is empty")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--la", default=None, help="only these councils (codes, comma-separated): la_codes=...")
    parser.add_argument("--dump", type=Path, default=None, help="write every frame and the measures to this folder")
    parser.add_argument("--compare", type=Path, default=None, help="compare with a folder written by --dump")
    args = parser.parse_args()
    default = HERE / "data" / "measures-load.sqlite3"
    default.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{default}"

    from csc_workforce.cli.db import setup_database

    setup_database()
    prepare(args.councils)

    from csc_workforce.measures.compute import measures_for_years
    from csc_workforce.store import selectors

    la_codes = args.la.split(",") if args.la else None

    def council_frames(**kwargs):  # type: ignore[no-untyped-def]
        return selectors.council_frames(la_codes=la_codes, **kwargs)

    from django.core.cache import cache

    print(f"before: load average {load_average()}", flush=True)
    measures_for_years(council_frames(frames=()), [2025])  # warm-up: imports, the first query
    times: dict[str, list[float]] = {k: [] for k in ("load", "measures", "total", "dfe load", "kept", "kept total")}
    for _ in range(args.runs):
        cache.clear()  # forgets the frames kept for the records version: read from the database
        started = time.perf_counter()
        inputs = council_frames()
        loaded = time.perf_counter()
        result = measures_for_years(inputs, YEARS)
        done = time.perf_counter()
        cache.clear()
        council_frames(frames=())
        dfe = time.perf_counter()
        kept = council_frames()  # the same again: kept by this process for the records version
        again = time.perf_counter()
        measures_for_years(kept, YEARS)
        times["load"].append(loaded - started)
        times["measures"].append(done - loaded)
        times["total"].append(done - started)
        times["dfe load"].append(dfe - done)
        times["kept"].append(again - dfe)
        times["kept total"].append(time.perf_counter() - dfe)
        print("  run: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
    print(f"after: load average {load_average()}")
    print(f"{'step':<10} {'median':>8} {'fastest':>8}")
    for label, values in times.items():
        print(f"{label:<10} {statistics.median(values):8.2f} {min(values):8.2f}")
    print(f"  {inputs.engagements.height:,} engagements, {inputs.assignments.height:,} assignments, ")
    print(f"  {result.height:,} measure rows (council-years and a total per year)")
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, database {engine}")
    frames = {f.name: getattr(inputs, f.name) for f in fields(inputs)}
    if args.dump:
        dump(args.dump, frames, result)
    if args.compare:
        sys.exit(0 if compare(args.compare, frames, result) else 1)


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def prepare(councils: int) -> None:
    """Import the national set (perf/national.py's steps) unless the database holds a council already."""
    from csc_workforce.store import models as m

    if m.Council.objects.exists():
        return
    import national

    print("the database holds no council: generating and importing the national set (once)", flush=True)
    files = national.timed("generate", lambda: national.generate(HERE / "data" / "national", councils))
    national.timed("import", lambda: national.import_all(files))


def dump(folder: Path, frames: dict, measures) -> None:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.write_parquet(folder / f"{name}.parquet")
    measures.write_parquet(folder / "measures.parquet")
    print(f"wrote {len(frames)} frames and the measures to {folder}")


def compare(folder: Path, frames: dict, measures) -> bool:  # type: ignore[no-untyped-def]
    """Each frame equal to the one dumped, row for row in order (nulls equal); the measures equal in every
    column but the floats, and those within 1e-9 of each other relatively: Polars sums a group's floats in
    parallel, in no fixed order, so the measures of the very same frames differ in the last bits from one run to
    the next (about 1e-12 on a national total: ``measures_for_years`` run twice shows it, below)."""
    import polars as pl

    from csc_workforce.measures.compute import measures_for_years
    from csc_workforce.measures.inputs import CouncilFrames

    same = True
    for name, frame in frames.items():
        before = pl.read_parquet(folder / f"{name}.parquet")
        if before.schema != frame.schema:
            print(f"DIFFERENT {name}: schema {before.schema} against {frame.schema}")
            same = False
        elif not before.equals(frame, null_equal=True):
            unordered = before.sort(before.columns).equals(frame.sort(frame.columns), null_equal=True)
            print(
                f"DIFFERENT {name}: {before.height} rows against {frame.height}; "
                f"the same rows in another order: {unordered}"
            )
            same = False
    print(f"frames: {len(frames)} {'the same as dumped, in order' if same else 'NOT THE SAME'}")
    again = measures_for_years(CouncilFrames.of(**frames), YEARS)
    for label, other in (("dumped", pl.read_parquet(folder / "measures.parquet")), ("computed again", again)):
        largest = 0.0
        for column in measures.columns:
            a, b = measures[column], other[column]
            if a.dtype == pl.Float64 and b.dtype == pl.Float64:
                off = ((a - b).abs() / b.abs().clip(lower_bound=1e-300)).fill_nan(0.0).max()
                largest = max(largest, float(off or 0.0))  # type: ignore[arg-type]
                if a.is_null().ne(b.is_null()).any():
                    print(f"DIFFERENT measures, {label}: {column}'s nulls")
                    same = False
            elif not a.equals(b, null_equal=True):
                print(f"DIFFERENT measures, {label}: {column}")
                same = False
        if largest > 1e-9:
            print(f"DIFFERENT measures, {label}: relative difference {largest:.1e}")
            same = False
        print(f"measures against those {label}: largest relative difference {largest:.1e}")
    print("the same as dumped" if same else "NOT THE SAME")
    return same


if __name__ == "__main__":
    main()
