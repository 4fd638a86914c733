"""Census import and export: the library functions behind ``csc-workforce census import|export``."""

from __future__ import annotations

import hashlib
import heapq
import zlib
from collections import defaultdict
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from csc_workforce.benchmarks.councils import council_name
from csc_workforce.census.csww.batch import PARALLEL_FROM, map_files, read_many
from csc_workforce.census.csww.model import CensusReturn
from csc_workforce.census.csww.reader import read_census
from csc_workforce.census.csww.reconcile import import_issues
from csc_workforce.census.csww.records import (
    ReturnSource,
    records_from_returns,
    return_from_records,
)
from csc_workforce.census.csww.writer import write_census
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import Issue, Location, has_errors
from csc_workforce.domain.overlay import overlay_records, records_without
from csc_workforce.domain.periods import census_reference_date
from csc_workforce.domain.records import Council as CouncilRecord
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.store import models as m
from csc_workforce.store.locks import council_write_lock
from csc_workforce.store.services.census_prepare import CouncilFiles, Prepared, peek_la_code, prepare_council
from csc_workforce.store.services.records import (
    census_rows_store,
    data_changed,
    links_checked,
    records_delete,
    records_load,
    records_store,
    source_key,
)


@dataclass
class ImportOutcome:
    name: str
    sha256: str
    collection_year: int | None
    la_code: str | None
    issues: list[Issue] = field(default_factory=list)
    accepted: bool = False
    replaced: bool = False
    workers: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.is_error)

    @property
    def warnings(self) -> int:
        return len(self.issues) - self.errors


def census_import(*, files: Sequence[tuple[str, bytes]], recorded_by: str, now: datetime) -> list[ImportOutcome]:
    """Import census returns, each all or nothing.

    A file with any error is rejected and changes nothing. An accepted file replaces that council's
    return for that year. Council and year come from the file's content. The accepted files are stored in
    one transaction: if the database fails part way, none of them is stored.

    The files are grouped by the council their headers name, and each council's are read (and, when they will be
    all its census returns, made into rows) on every core while the councils read before them are stored
    (``census_prepare``). Should a file's header not say plainly which council it is for, every file is read
    first and then stored.
    """
    groups: dict[str, list[int]] = {}
    for index, (_, data) in enumerate(files):
        code = peek_la_code(data)
        if code is None:
            return _import_read_first(files, recorded_by=recorded_by, now=now)
        groups.setdefault(code, []).append(index)
    try:
        return _import_by_council(files, groups, recorded_by=recorded_by, now=now)
    except _NotAsPeeked:  # rolled back: nothing was stored
        return _import_read_first(files, recorded_by=recorded_by, now=now)


class _NotAsPeeked(Exception):
    """A file's council as read is not the one its header seemed to name (``peek_la_code``)."""


@dataclass(frozen=True)
class _Accepted:
    index: int  # in the import's files
    outcome: ImportOutcome
    content: bytes  # compressed
    census_return: CensusReturn | None  # None when rows were made (and the return not kept)


def _import_by_council(
    files: Sequence[tuple[str, bytes]], groups: dict[str, list[int]], *, recorded_by: str, now: datetime
) -> list[ImportOutcome]:
    outcomes: list[ImportOutcome | None] = [None] * len(files)
    waiting: list[tuple[int, str, list[_Accepted], Prepared | None]] = []  # councils read, by first accepted file
    with transaction.atomic():  # the accepted files are stored together, or (on a database failure) none is
        council_write_lock(*groups)  # every council first, in code order (store/locks.py)
        stored = _stored_years(list(groups))
        keep = len(files) < PARALLEL_FROM  # read in this process: the typed returns cost nothing to keep
        jobs = [
            CouncilFiles(code, tuple(files[i] for i in indexes), stored.get(code, frozenset()), keep_returns=keep)
            for code, indexes in groups.items()
        ]
        firsts = [indexes[0] for indexes in groups.values()] + [len(files)]
        with closing(map_files(prepare_council, jobs, files=len(files))) as reads:
            for number, (job, read) in enumerate(zip(jobs, reads, strict=True)):
                indexes = groups[job.la_code]
                items = []
                for position, (index, result) in enumerate(zip(indexes, read.results, strict=True)):
                    name, data = files[index]
                    if result.la_code is not None and result.la_code != job.la_code:
                        raise _NotAsPeeked(name)
                    outcome = ImportOutcome(
                        name,
                        hashlib.sha256(data).hexdigest(),
                        result.collection_year,
                        result.la_code,
                        list(result.issues),
                    )
                    outcomes[index] = outcome
                    if position in read.duplicates:
                        assert result.collection_year is not None
                        first = files[indexes[read.duplicates[position]]][0]
                        outcome.issues.append(_duplicate_in_batch(first, job.la_code, result.collection_year))
                    elif position in read.accepted:
                        outcome.workers = read.workers[position]
                        content = read.content[position]
                        assert content is not None
                        items.append(_Accepted(index, outcome, content, result.census_return))
                if items:
                    heapq.heappush(waiting, (items[0].index, job.la_code, items, read.prepared))
                # councils are stored in the order of their first accepted file (which sets their ids)
                while waiting and waiting[0][0] < firsts[number + 1]:
                    _, code, ready, prepared = heapq.heappop(waiting)
                    if prepared is not None:
                        _store_prepared(code, ready, prepared, recorded_by=recorded_by, now=now)
                    else:
                        _store_council_returns(code, _with_returns(ready), recorded_by=recorded_by, now=now)
                    links_checked()  # while the next councils are read
    assert not waiting
    return [o for o in outcomes if o is not None]


def _stored_years(codes: list[str]) -> dict[str, frozenset[int] | None]:
    """For each council with sources, the census years it holds returns for; None if it has other sources too."""
    years: dict[str, set[int]] = defaultdict(set)
    other = set()
    for code, kind, year in m.Source.objects.filter(council__la_code__in=codes).values_list(
        "council__la_code", "kind", "collection_year"
    ):
        if kind == m.Source.CENSUS_RETURN and year is not None:
            years[code].add(year)
        else:
            other.add(code)
    return {code: None if code in other else frozenset(years[code]) for code in {*years, *other}}


def _with_returns(items: list[_Accepted]) -> list[tuple[ImportOutcome, bytes, CensusReturn]]:
    """The items with their typed returns (sent back whenever no rows were made)."""
    result = []
    for item in items:
        assert item.census_return is not None
        result.append((item.outcome, item.content, item.census_return))
    return result


def _import_read_first(files: Sequence[tuple[str, bytes]], *, recorded_by: str, now: datetime) -> list[ImportOutcome]:
    """``census_import`` reading every file before storing any (for files whose council is not plain from their
    headers)."""
    outcomes: list[ImportOutcome] = []
    accepted: dict[str, list[tuple[ImportOutcome, bytes, CensusReturn]]] = defaultdict(list)
    seen: dict[tuple[str, int], str] = {}
    for (name, data), result in zip(files, read_many(files), strict=True):
        outcome = ImportOutcome(
            name,
            hashlib.sha256(data).hexdigest(),
            result.collection_year,
            result.la_code,
            list(result.issues),
        )
        outcomes.append(outcome)
        if has_errors(result.issues) or result.census_return is None:
            continue
        key = (result.census_return.header.la_code, result.census_return.header.collection_year)
        if key in seen:
            outcome.issues.append(_duplicate_in_batch(seen[key], *key))
            continue
        seen[key] = name
        outcome.workers = len(result.census_return.workers)
        accepted[key[0]].append((outcome, zlib.compress(data), result.census_return))
    with transaction.atomic():  # the accepted files are stored together, or (on a database failure) none is
        council_write_lock(*accepted)  # every council first, in code order (store/locks.py)
        for la_code, items in accepted.items():
            _store_council_returns(la_code, items, recorded_by=recorded_by, now=now)
    return outcomes


def _duplicate_in_batch(first: str, la_code: str, year: int) -> Issue:
    return rule("CSWW-FILE-010").issue(
        f"This is a second return for council {la_code}, {year} in the same import (the first is "
        f"{first}). Import one return per council and year.",
        Location(),
        la_code,
    )


@transaction.atomic
def _store_council_returns(
    la_code: str, items: list[tuple[ImportOutcome, bytes, CensusReturn]], *, recorded_by: str, now: datetime
) -> None:
    """Store a council's accepted files (``items``: outcome, compressed content, return) and rebuild its records
    from every census return it holds (``census_rebuild``)."""
    council_write_lock(la_code)  # before anything is read (store/locks.py); held already from census_import
    council, _ = _council(la_code)
    kept = records_from_other_sources(council)
    # before the replaced returns' sources go: only census rows, unless other sources' rows may refer to them
    records_delete(council=council, source_kind=None if kept is not None else m.Source.CENSUS_RETURN)
    _replace_sources(council, [(o, content) for o, content, _ in items], recorded_by=recorded_by, now=now)
    parsed = {r.header.collection_year: r for _, _, r in items}
    new_years = {r.header.collection_year: o for o, _, r in items}
    returns = census_rebuild(council=council, parsed=parsed, kept=kept)
    warnings = import_issues([r.census_return for r in returns], new_years)  # across returns (docs/census.md)
    for year, outcome in new_years.items():
        outcome.issues.extend(warnings[year])
    for outcome, _, _ in items:
        outcome.accepted = True


@transaction.atomic
def _store_prepared(
    la_code: str, items: list[_Accepted], prepared: Prepared, *, recorded_by: str, now: datetime
) -> None:
    """Store a council's accepted files and the rows made from them (``census_prepare``): they are all its census
    returns and it has records from no other source, so the rows are what ``census_rebuild`` would store."""
    council_write_lock(la_code)  # held already from census_import
    council, created = _council(la_code)
    if not created:
        records_delete(council=council, source_kind=m.Source.CENSUS_RETURN)
    sources = _replace_sources(council, [(i.outcome, i.content) for i in items], recorded_by=recorded_by, now=now)
    data_changed()
    census_rows_store(council=council, rows=prepared.rows, teams={}, sources=sources)
    for item in items:
        assert item.outcome.collection_year is not None
        item.outcome.issues.extend(prepared.warnings[item.outcome.collection_year])
        item.outcome.accepted = True


def _council(la_code: str) -> tuple[m.Council, bool]:
    named = council_name(la_code)
    return m.Council.objects.get_or_create(la_code=la_code, defaults={"name": named.name, "region": named.region})


def _replace_sources(
    council: m.Council, items: list[tuple[ImportOutcome, bytes]], *, recorded_by: str, now: datetime
) -> dict[int, int]:
    """Each accepted file (outcome, compressed content) stored as the council's census return for its year, in
    place of any held; their ids by year."""
    ids = {}
    for outcome, content in items:
        assert outcome.collection_year is not None
        deleted, _ = m.Source.objects.filter(
            council=council, kind=m.Source.CENSUS_RETURN, collection_year=outcome.collection_year
        ).delete()
        outcome.replaced = deleted > 0
        source = m.Source.objects.create(
            council=council,
            kind=m.Source.CENSUS_RETURN,
            name=outcome.name,
            sha256=outcome.sha256,
            recorded_by=recorded_by,
            recorded_at=now,
            collection_year=outcome.collection_year,
            content=content,
            warnings=[i.as_dict() for i in outcome.issues],
            complete_to=census_reference_date(outcome.collection_year),
        )
        ids[outcome.collection_year] = source.pk
    return ids


@transaction.atomic
def census_rebuild(
    *, council: m.Council, parsed: dict[int, CensusReturn] | None = None, kept: CouncilRecords | None = None
) -> list[ReturnSource]:
    """Rebuild the council's census-derived records from all its stored returns; returns them by year.

    ``parsed`` holds returns already read in this import, by year, so they are not read twice. Records from
    other sources (uploads, the demo) are laid over the census-derived ones and win where both describe the
    same person or engagement (see docs/records.md); ``kept`` holds them when the caller has read them already
    (with the council locked: store/locks.py).
    """
    council_write_lock(council.la_code)
    parsed = parsed or {}
    returns = []
    for source in m.Source.objects.filter(council=council, kind=m.Source.CENSUS_RETURN).order_by("collection_year"):
        year = source.collection_year
        census_return = (parsed.get(year) if year is not None else None) or stored_return(source)
        returns.append(ReturnSource(census_return, source_key(source.pk) or ""))
    kept = kept if kept is not None else records_from_other_sources(council)
    records = records_from_returns(CouncilRecord(council.la_code, council.name, council.region), returns)
    if kept is None:  # only census returns: replace their rows, nothing else to keep
        records_delete(council=council, source_kind=m.Source.CENSUS_RETURN)
    else:
        records_delete(council=council)
        records = overlay_records(records, kept)
    records_store(council=council, records=records)
    return returns


def records_from_other_sources(council: m.Council) -> CouncilRecords | None:
    """The council's records from sources other than census returns, or None when it has none."""
    census = set(m.Source.objects.filter(council=council, kind=m.Source.CENSUS_RETURN).values_list("id", flat=True))
    if not m.Source.objects.filter(council=council).exclude(kind=m.Source.CENSUS_RETURN).exists():
        return None
    return records_without(records_load(council=council), {source_key(i) or "" for i in census})


def stored_return(source: m.Source) -> CensusReturn:
    (census_return,) = stored_returns([source])
    return census_return


def stored_returns(sources: Sequence[m.Source]) -> list[CensusReturn]:
    """The stored census returns, read again (in worker processes when there are many: ``read_many``)."""
    files = [(source.name, m.unpacked(source.content)) for source in sources]
    returns = []
    for source, result in zip(sources, read_many(files), strict=True):
        if result.census_return is None:  # stored returns were accepted, so this means a corrupted database
            raise RuntimeError(f"Stored census return {source.name} can no longer be read")
        returns.append(result.census_return)
    return returns


@dataclass
class ExportResult:
    data: bytes
    issues: list[Issue]
    workers: int


def census_export(*, la_code: str, year: int, generated_at: datetime) -> ExportResult:
    """Write ``la_code``'s return for ``year`` from its records, and validate what was written."""
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise LookupError(f"No records for council {la_code}. Import its census returns or data first.")
    census_return = return_from_records(records_load(council=council), year, generated_at=generated_at)
    if not census_return.workers:
        raise LookupError(f"No workers recorded for council {la_code} in the year to 30 September {year}.")
    data = write_census(census_return)
    check = read_census(data, name=f"export {la_code} {year}")
    return ExportResult(data, list(check.issues), len(census_return.workers))
