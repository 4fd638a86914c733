"""liia-tools against csc-workforce on the same census returns (issue 15: "Keep the liia-tools comparison script, so
the ratio is re-measured in one run whenever the import changes").

For each of a few synthetic London councils' 2022 returns (liia-tools 0.2 ships the 2022 schema only, and names
London councils only), times:
  liia clean   liia-tools' CSWW clean step, ``csww_main_functions.cleanfile`` (parse, schema, clean, degrade, the
               two CSV files written), run in liia-tools' own Python, timed inside that process (its start-up and
               imports left out), once per file
  validate     our ``read_census`` (what ``csc-workforce census validate`` does), best of --runs
  import       our ``census_import`` of that one file into a new SQLite database (the council deleted, untimed,
               before each run), best of --runs
and prints each per worker and the ratio liia clean / import.

liia-tools is not one of our dependencies (it pins pandas < 2 and lxml < 5): install it into a virtualenv of its
own and name its Python with --liia-python or LIIA_PYTHON, for example
  python3 -m venv /tmp/liia
  /tmp/liia/bin/pip install --no-deps liiatools
  /tmp/liia/bin/pip install "numpy<2" "pandas<2" "lxml<5" "xmlschema<2" "sfdata-stream-parser==0.4.1" \\
      "tablib[cli,xlsx]<4" PyYAML XlsxWriter click "click-log<0.5" dacite "more-itertools<9" openpyxl \\
      python-decouple "regex<2023" "xlrd<3"
(``pip install liiatools`` also works where its cchardet pin builds; the CSWW steps do not use cchardet.)
Usage: python perf/liia_compare.py [--liia-python PATH] [--councils 202,203,208,302] [--runs 5]
Results are recorded in RESULTS.md ("liia-tools comparison").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

YEAR = 2022  # the one year whose schema liia-tools 0.2 ships
INSTALL = __doc__.split("own and name its Python", 1)[1].split("Usage:", 1)[0]

LIIA_TIMER = """
import json, sys, time, yaml
from pathlib import Path
from liiatools.datasets.social_work_workforce.csww_main_functions import cleanfile
from liiatools.spec import common
codes = yaml.safe_load((Path(common.__file__).parent / "LA-codes.yml").read_text())["data_codes"]
jobs = json.loads(sys.argv[1])
times = []
for job in jobs:
    started = time.perf_counter()
    cleanfile(job["file"], codes[job["name"]], job["log"], job["out"])
    times.append(time.perf_counter() - started)
    if not any(Path(job["out"]).glob("*worker_clean.csv")):
        sys.exit(f"liia-tools wrote no worker file for {job['file']}: see {job['log']}")
print(json.dumps(times))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--liia-python", default=os.environ.get("LIIA_PYTHON", sys.executable))
    parser.add_argument("--councils", default="202,203,208,302", help="London LA codes (synthetic councils)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    check = subprocess.run(
        [args.liia_python, "-c", "import liiatools.datasets.social_work_workforce.csww_main_functions"],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        print(
            f"liia-tools cannot be imported by {args.liia_python}:\n{check.stderr.strip().splitlines()[-1:]}\n\n"
            f"Install it into a virtualenv of its own and name its Python{INSTALL}",
            file=sys.stderr,
        )
        return 2

    work = Path(tempfile.mkdtemp(prefix="csc-liia-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'ours.sqlite3'}"
    returns = synthetic_returns(args.councils.split(","), work)
    load = os.getloadavg()
    print(f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    liia = liia_times(args.liia_python, returns)
    ours = our_times(returns, args.runs)
    print(f"{'return':<22} {'workers':>7} {'liia clean':>11} {'validate':>9} {'import':>9}   per worker (ms)")
    total_workers = total_liia = total_import = total_validate = 0.0
    for (name, _, _, workers), liia_s, (validate_s, import_s) in zip(returns, liia, ours, strict=True):
        total_workers += workers
        total_liia += liia_s
        total_import += import_s
        total_validate += validate_s
        print(
            f"{name:<22} {workers:>7} {liia_s:>10.3f}s {validate_s:>8.3f}s {import_s:>8.3f}s"
            f"   liia {1000 * liia_s / workers:.2f}, validate {1000 * validate_s / workers:.3f}, "
            f"import {1000 * import_s / workers:.3f}; liia / import {liia_s / import_s:.0f}x"
        )
    print(
        f"all {int(total_workers)} workers: liia clean {1000 * total_liia / total_workers:.2f} ms per worker, "
        f"our import {1000 * total_import / total_workers:.3f} ms (validate {1000 * total_validate / total_workers:.3f}"
        f" ms): liia-tools / our import = {total_liia / total_import:.0f}x"
    )
    load = os.getloadavg()
    print(f"load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


def synthetic_returns(codes: list[str], work: Path) -> list[tuple[str, Path, str, int]]:
    """Each council's 2022 return written to a folder of its own as csww_2022.xml (liia-tools reads the year from
    the file's name); (label, file, the council's name as liia-tools spells it, workers)."""
    from csc_workforce.census.csww.reader import read_census
    from csc_workforce.synthetic import generate_council, national_councils
    from csc_workforce.synthetic.returns import council_returns

    councils = {la: (name, region, size) for la, name, region, size in national_councils(seed=2025, count=150)}
    returns = []
    for code in codes:
        name, region, size = councils[code]
        records = generate_council(
            la_code=code,
            name=name,
            region=region,
            first_year=2017,
            last_year=YEAR,
            seed=int(code),
            size=size,
            monthly_caseloads=False,
        )
        data = council_returns(records, [YEAR], generated_at=datetime(2022, 10, 15))[YEAR]
        folder = work / code
        (folder / "log").mkdir(parents=True)
        (folder / "out").mkdir()
        path = folder / f"csww_{YEAR}.xml"
        path.write_bytes(data)
        result = read_census(data, name=path.name)
        assert result.census_return is not None and not result.has_errors, f"{code}: not a valid return"
        returns.append((f"{code} {YEAR}", path, name.removesuffix(" (synthetic)"), len(result.census_return.workers)))
    return returns


def liia_times(python: str, returns: list[tuple[str, Path, str, int]]) -> list[float]:
    jobs = [
        {"file": str(path), "name": name, "log": str(path.parent / "log"), "out": str(path.parent / "out")}
        for _, path, name, _ in returns
    ]
    done = subprocess.run([python, "-c", LIIA_TIMER, json.dumps(jobs)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"liia-tools failed:\n{done.stderr}")
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def our_times(returns: list[tuple[str, Path, str, int]], runs: int) -> list[tuple[float, float]]:
    """Best of ``runs``: read_census, and census_import of the file alone into a database without its council."""
    from csc_workforce.census.csww.reader import read_census
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store import models as m
    from csc_workforce.store.services.census import census_import
    from csc_workforce.store.services.records import records_delete

    times = []
    for _, path, _, _ in returns:
        data = path.read_bytes()
        validate, imported = [], []
        for _ in range(runs):
            started = time.perf_counter()
            read_census(data, name=path.name)
            validate.append(time.perf_counter() - started)
            for council in m.Council.objects.all():
                records_delete(council=council)
                council.delete()
            started = time.perf_counter()
            (outcome,) = census_import(files=[(path.name, data)], recorded_by="perf", now=datetime.now(UTC))
            imported.append(time.perf_counter() - started)
            assert outcome.accepted
        times.append((min(validate), min(imported)))
    return times


if __name__ == "__main__":
    sys.exit(main())
