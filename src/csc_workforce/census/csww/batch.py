"""Reading many census returns at once, on every core (reading is pure and CPU-bound)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from csc_workforce.census.csww.reader import ReadResult, read_census

PARALLEL_FROM = 16  # files; below this, starting worker processes costs more than it saves

Job = TypeVar("Job")
Done = TypeVar("Done")


def _read_one(item: tuple[str, bytes]) -> ReadResult:
    return read_census(item[1], name=item[0])


def read_many(files: Sequence[tuple[str, bytes]], *, processes: int | None = None) -> Iterator[ReadResult]:
    """``read_census`` for each ``(name, data)``, in order; in worker processes when there are many files."""
    yield from map_files(_read_one, files, files=len(files), processes=processes, chunksize=8)


def map_files(
    work: Callable[[Job], Done],
    jobs: Sequence[Job],
    *,
    files: int,
    processes: int | None = None,
    chunksize: int = 1,
) -> Generator[Done]:
    """``work(job)`` for each job, in order, each as soon as it is done; in worker processes when the jobs hold
    ``PARALLEL_FROM`` files or more in all. ``work`` must be a module-level function whose module can be imported
    before Django is set up (worker processes start afresh)."""
    workers = min(processes or os.cpu_count() or 1, 8, len(jobs))
    if files < PARALLEL_FROM or workers < 2:
        yield from map(work, jobs)
        return
    # "spawn": the caller may hold database connections and Polars threads, which must not be forked.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield from pool.map(work, jobs, chunksize=chunksize)
    finally:  # on an early stop too: work not begun is not done
        pool.shutdown(wait=True, cancel_futures=True)
