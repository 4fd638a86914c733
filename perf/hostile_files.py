"""Time ``read_table`` on the two hostile workbooks of issue 10's audit, each in a fresh process (so the peak
memory is that file's): a row of 5 million cells, and a 2 KB workbook whose sheet claims ``A1:XFD1048576``;
a row of a million different cells, which packs like a real sheet (so no zip check stops it); and a sheet with
no <dimension> and a value in its last row (A1048576), so no declared size stops it: a million blank rows.

    PYTHONPATH=src .venv/bin/python perf/hostile_files.py [--all]  # this checkout (--all: the 5M-cell row too)
    PYTHONPATH=/path/to/old/src .venv/bin/python perf/hostile_files.py   # another release, for "before"

The files are built the way tests/importers/test_hostile.py builds them (the sheet XML written into a zip).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

CASES = (
    "five-million-cell row",
    "A1:XFD1048576",
    "one-million-cell row, packing like a real sheet",
    "no dimension, a value in A1048576",
)
FAR = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'  # the last cell of a sheet


def build(case: str) -> bytes:
    sys.path.insert(0, ".")
    from tests.importers.test_hostile import GOOD_ROWS, five_million_cells, sheet_xml, workbook_zip

    if case == CASES[0]:
        return workbook_zip(five_million_cells())
    if case == CASES[1]:
        return workbook_zip(sheet_xml(GOOD_ROWS + FAR, "A1:XFD1048576"))
    if case == CASES[3]:
        return workbook_zip(sheet_xml(GOOD_ROWS + FAR.replace("XFD", "A")))
    cells = "".join(f"<c><v>{n}</v></c>" for n in range(1_000_000))  # different values: packs about 10 times
    return workbook_zip(sheet_xml(f"<row>{cells}</row>"))


def one(case: str) -> None:
    import resource

    from csc_workforce.domain.issues import CannotContinue
    from csc_workforce.importers import read_table

    data = build(case)
    start = time.perf_counter()
    try:
        table = read_table(data, filename="hostile.xlsx")
        outcome = f"read: {len(table.header)} columns, {len(table.rows)} rows"
    except CannotContinue as stop:
        outcome = f"refused: {stop.issue.code}"
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"case": case, "kb": len(data) / 1024, "s": seconds, "peak_mb": peak_mb, "outcome": outcome}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in CASES:
        one(sys.argv[1])
        return
    cases = CASES if "--all" in sys.argv else CASES[1:]  # the first takes minutes before issue 10
    print("| file | size | seconds | peak memory | outcome |\n|---|---:|---:|---:|---|")
    for case in cases:
        done = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True, timeout=600)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"| {case} | {result['kb']:,.1f} KB | {result['s']:.2f} | {result['peak_mb']:,.0f} MB | {result['outcome']} |"
        )


if __name__ == "__main__":
    main()
