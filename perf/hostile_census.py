"""Time reading hostile census files (issue 10): ``python perf/hostile_census.py``.

1. 200,000 empty ``<CSWWWorker/>`` records (2.6 MB): refused before the schema check (CSWW-FILE-006).
2. 20,000 complete workers, all but one with two codes the schema rejects (13 MB): read, schema-checked in batches until
   1,000 problems are found, the rest counted (CSWW-FILE-007).
3. A council's return of about 2,400 workers with no errors, for comparison.

Results are in perf/RESULTS.md. The tests check that the work is bounded (tests/census/test_reader_bounds.py);
this script only times it.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from csc_workforce.census.csww import read_census
from csc_workforce.synthetic.generator import generate_council
from csc_workforce.synthetic.returns import council_returns

BASE = (Path(__file__).parents[1] / "tests" / "census" / "golden" / "CSWW-FILE-001" / "pass.xml").read_text()
WORKER = BASE[BASE.index("  <CSWWWorker>") : BASE.index("  </CSWWWorker>") + len("  </CSWWWorker>\n")]


def _time(label: str, data: bytes) -> None:
    start = time.perf_counter()
    result = read_census(data)
    seconds = time.perf_counter() - start
    codes = sorted({i.code for i in result.issues})
    print(f"{label}: {len(data) / 1e6:.1f} MB, {seconds:.2f} s, {len(result.issues):,} issues listed {codes[:4]}")


def main() -> None:
    _time("200,000 empty workers", BASE.replace("</Message>", "<CSWWWorker/>" * 200_000 + "</Message>").encode())
    bad = WORKER.replace("<Ethnicity>WBRI<", "<Ethnicity>WBRX<").replace("<OrgRole>5<", "<OrgRole>9<")
    _time("20,000 workers (19,999 with two bad codes each)", BASE.replace(WORKER, bad * 19_999).encode())
    records = generate_council(
        la_code="990", name="Perf", region="North West", first_year=2025, last_year=2025, seed=3, size=1500
    )
    (data,) = council_returns(records, [2025], generated_at=datetime(2025, 10, 15, 9, 0)).values()
    _time("a clean return of 2,444 workers", data)


if __name__ == "__main__":
    main()
