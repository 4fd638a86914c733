"""Reading many census returns at once, on every core (reading is pure and CPU-bound)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from csc_workforce.census.csww.reader import ReadResult, read_census

PARALLEL_FROM = 16  # files; below this, starting worker processes costs more than it saves


def _read_one(item: tuple[str, bytes]) -> ReadResult:
    return read_census(item[1], name=item[0])


def read_many(files: Sequence[tuple[str, bytes]], *, processes: int | None = None) -> Iterator[ReadResult]:
    """``read_census`` for each ``(name, data)``, in order; in worker processes when there are many files."""
    workers = min(processes or os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2:
        yield from map(_read_one, files)
        return
    # "spawn": the caller may hold database connections and Polars threads, which must not be forked.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_read_one, files, chunksize=8)
