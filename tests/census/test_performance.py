"""Validating a 300-worker return takes milliseconds (national scale: ~1,350 files in under 60 seconds)."""

from __future__ import annotations

import time

from csww_support import full_return

from csc_workforce.census.csww import read_census, write_census


def test_reading_and_validating_300_workers_takes_milliseconds() -> None:
    data = write_census(full_return(2024, workers=300))
    read_census(data)  # compile the schema once
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        result = read_census(data)
        timings.append(time.perf_counter() - start)
    assert result.census_return is not None and len(result.census_return.workers) == 300
    # Typically 15-30 ms; the bound leaves room for slow CI machines while catching a per-worker blow-up.
    assert min(timings) < 0.2, f"best of 5 took {min(timings) * 1000:.0f} ms"
