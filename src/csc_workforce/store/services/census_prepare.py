"""A council's census files read and made ready to store, in a worker process or in this one (``census_import``).

Reading a return and turning a council's returns into rows is pure work (no database), and for a national import
most of the work: ``census_import`` hands each council's files to :func:`prepare_council` on every core
(``batch.map_files``), then stores what comes back in its one transaction, a council at a time, while the next
councils are read. What travels back between processes is plain (rows of text and numbers, the compressed files,
the issues), not the typed returns: sending those costs about as much as building the rows.

This module is imported in worker processes before Django is set up, so it imports nothing of Django at the top.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from csc_workforce.benchmarks.councils import council_name
from csc_workforce.census.csww.reader import ReadResult, read_census
from csc_workforce.census.csww.reconcile import import_issues
from csc_workforce.census.csww.records import ReturnSource, records_and_keys
from csc_workforce.domain.issues import Issue, has_errors
from csc_workforce.domain.records import Council

if TYPE_CHECKING:
    from csc_workforce.store.services.records import CensusRows

# The LA code in a file's header, looked for in its first bytes only to group the files by council before they are
# read; what the reader finds decides (``census_import`` starts again the slow way when the two differ).
_LEA = re.compile(rb"<(?:[\w.-]+:)?LEA\s*>\s*([^<\s]+)\s*</")
PEEK_BYTES = 16_384


def peek_la_code(data: bytes) -> str | None:
    """The LA code the header of ``data`` seems to give, or None."""
    found = _LEA.search(data, 0, PEEK_BYTES)
    return found.group(1).decode("ascii", "replace") if found else None


@dataclass(frozen=True, slots=True)
class CouncilFiles:
    """One council's files in an import, in the import's order, with what the database holds for it.

    ``stored_years``: the census years the council has stored returns for, or None when it also has records from
    other sources (then its records are rebuilt from the database: ``census_rebuild``)."""

    la_code: str
    files: tuple[tuple[str, bytes], ...]
    stored_years: frozenset[int] | None
    keep_returns: bool  # send the typed returns back even when rows are made (reading in this process: free)


@dataclass(frozen=True, slots=True)
class Prepared:
    """The council's records from the accepted files alone, as rows (``census_rows``), made when those files are
    all its census returns will be (nothing else stored, or only years these replace). Each row's source column
    holds its return's census year until the sources are stored. ``warnings``: by year, the findings across
    returns (``import_issues``)."""

    rows: CensusRows
    warnings: dict[int, list[Issue]]


@dataclass(frozen=True, slots=True)
class CouncilRead:
    """What ``prepare_council`` found: each file's reading (``census_return`` left out where rows were made and the
    returns are not kept), which files are accepted and which are duplicates (``sort_files``), each file's worker
    count and compressed content (None if not accepted), and the rows."""

    results: tuple[ReadResult, ...]
    accepted: tuple[int, ...]
    duplicates: dict[int, int]
    workers: tuple[int, ...]
    content: tuple[bytes | None, ...]
    prepared: Prepared | None


def sort_files(results: tuple[ReadResult, ...]) -> tuple[tuple[int, ...], dict[int, int]]:
    """Which results an import accepts as read (indexes): those with no error, the first for its council and year;
    and the later ones for the same council and year, each with the index of the first (a duplicate in the batch:
    CSWW-FILE-010, added by ``census_import``)."""
    seen: dict[tuple[str, int], int] = {}
    accepted, duplicates = [], {}
    for index, result in enumerate(results):
        ret = result.census_return
        if has_errors(result.issues) or ret is None:
            continue
        key = (ret.header.la_code, ret.header.collection_year)
        if key in seen:
            duplicates[index] = seen[key]
        else:
            seen[key] = index
            accepted.append(index)
    return tuple(accepted), duplicates


def prepare_council(job: CouncilFiles) -> CouncilRead:
    """Read ``job``'s files and, when its accepted files make all the council's census returns, build its rows."""
    results = tuple(read_census(data, name=name) for name, data in job.files)
    accepted, duplicates = sort_files(results)
    returns = [results[i].census_return for i in accepted]
    years = {r.header.collection_year for r in returns if r is not None}
    content = tuple(zlib.compress(job.files[i][1]) if i in accepted else None for i in range(len(results)))
    workers = tuple(len(r.census_return.workers) if r.census_return is not None else 0 for r in results)
    one_council = all(r is not None and r.header.la_code == job.la_code for r in returns)
    if not accepted or not one_council or job.stored_years is None or not job.stored_years <= years:
        return CouncilRead(results, accepted, duplicates, workers, content, None)
    _setup_django()  # the rows are the store's: in a worker process, Django is set up on first use
    from csc_workforce.store.services.records import census_rows

    named = council_name(job.la_code)
    sources = [ReturnSource(r, f"source:{r.header.collection_year}") for r in returns if r is not None]
    records, keyed = records_and_keys(Council(job.la_code, named.name, named.region), sources)
    warnings = import_issues([s.census_return for s in sources], sorted(years), keyed=keyed)
    prepared = Prepared(census_rows(records), warnings)
    if not job.keep_returns:
        results = tuple(replace(r, census_return=None) for r in results)
    return CouncilRead(results, accepted, duplicates, workers, content, prepared)


def _setup_django() -> None:
    import os

    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.settings")
        django.setup()
