"""Census returns to workforce records and back.

A census return is a snapshot of one council's year to 30 September. The records are one timeline.
``records_from_returns`` turns a council's returns (any years, in any order) into that timeline;
``return_from_records`` writes the return for one year from records, whatever their source.

How a return becomes records (see ``docs/records.md``):

* a person per SWE number; their details come from the latest return that gives them;
* an engagement per (person, agency or not, start date); its end date, reason and destination come
  from the latest return that reports it;
* an assignment per engagement and return year, covering the part of the census year the worker was
  there (the first one reaches back to the start date): role ``OrgRole``, ``fte`` from ``FTE`` and
  ``fte30`` from ``FTE30``, both kept as returned (in post counts ``FTE30`` when given, else ``FTE``; a
  leaver counts ``FTE``, whatever ``FTE30`` says);
* a sickness absence per engagement and year (``WorkingDaysLost``), an absence on 30 September when
  ``Absat30Sept`` is 1, a caseload snapshot on 30 September (``Cases30``), pay for 2025 returns, and the
  council's vacancy figures on 30 September.

A worker reported in one year and missing from the next year's return, with no leaving date, has no
assignment after the last year that reports them, so they are not counted in post then (the import
warns about it: DfE's continuity check).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.codes import AbsenceReason, ContractType
from csc_workforce.domain.issues import Issue, Location
from csc_workforce.domain.periods import Period, census_period, census_reference_date
from csc_workforce.domain.records import (
    Absence,
    Assignment,
    CaseloadSnapshot,
    Council,
    CouncilFigures,
    CouncilRecords,
    Engagement,
    Pay,
    Person,
)
from csc_workforce.measures.rules import in_post

QUAL_INSTITUTION_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class ReturnSource:
    """A census return with the provenance key its records will carry."""

    census_return: CensusReturn
    source_key: str


@lru_cache(maxsize=1 << 16)  # worked out several times for each record of a return
def person_key(swe_no: str) -> str:
    return f"swe:{swe_no.strip().upper()}"


def engagement_key(worker: CensusWorker) -> str:
    kind = "A" if worker.agency else "P"
    start = worker.role_start_date.isoformat() if worker.role_start_date else "unknown"
    return f"{person_key(worker.swe_no)}/{kind}/{start}"


def records_from_returns(council: Council, returns: Iterable[ReturnSource]) -> CouncilRecords:
    """The council's timeline from its census returns (one per year; the latest year wins on conflicts)."""
    return records_and_keys(council, returns)[0]


def records_and_keys(council: Council, returns: Iterable[ReturnSource]) -> tuple[CouncilRecords, dict[int, list[str]]]:
    """``records_from_returns``, and each return's engagement keys by year as :func:`post_keys` gives them."""
    ordered = sorted(returns, key=lambda r: r.census_return.header.collection_year)
    people: dict[str, list[Any]] = {}  # person key -> what _merge_person keeps, made a Person at the end
    engagements: dict[str, Engagement] = {}
    windows: dict[str, list[tuple[Period, CensusWorker, str]]] = defaultdict(list)
    absences: list[Absence] = []
    caseloads: list[CaseloadSnapshot] = []
    pay: list[Pay] = []
    figures: list[CouncilFigures] = []
    posts = _PostKeys()
    keyed: dict[int, list[str]] = {}
    for item in ordered:
        year = item.census_return.header.collection_year
        period, ref = census_period(year), census_reference_date(year)
        figures.append(_figures(item.census_return.la_level, ref, item.source_key))
        keys = keyed[year] = posts.keys_for(item.census_return.workers, engagements, period)
        for key, worker in zip(keys, item.census_return.workers, strict=True):
            person = person_key(worker.swe_no)
            _merge_person(people, person, worker, item.source_key)
            engagements[key] = _engagement(key, worker, engagements.get(key), item.source_key, person)
            span = _span_in(period, worker)
            if span is None:
                continue
            windows[key].append((span, worker, item.source_key))
            absences.extend(_absences(key, span, ref, worker, item.source_key))
            if worker.cases30 is not None and not _left_by(worker, ref):
                caseloads.append(CaseloadSnapshot(key, ref, worker.cases30, item.source_key))
            if year >= 2025 and _has_pay(worker):
                pay.append(
                    Pay(
                        key,
                        year,
                        worker.base_salary,
                        worker.rr_payments,
                        worker.other_payments,
                        item.source_key,
                    )
                )
    latest = census_reference_date(ordered[-1].census_return.header.collection_year) if ordered else date.min
    assignments = [a for key, obs in windows.items() for a in _assignments(engagements[key], obs, latest)]
    records = CouncilRecords(
        council=council,
        people=tuple(Person(key, *held) for key, held in people.items()),
        engagements=tuple(engagements.values()),
        assignments=tuple(assignments),
        absences=tuple(absences),
        caseloads=tuple(caseloads),
        figures=tuple(figures),
        pay=tuple(pay),
    )
    return records, keyed


def post_keys(returns: Iterable[CensusReturn]) -> dict[int, list[str]]:
    """Each return's engagement keys by year, one per worker in the return's order, exactly as
    :func:`records_from_returns` keys them (a second same-day post is matched to the post it continues)."""
    engagements: dict[str, Engagement] = {}
    posts, keyed = _PostKeys(), {}
    for census_return in sorted(returns, key=lambda r: r.header.collection_year):
        year = census_return.header.collection_year
        keyed[year] = posts.keys_for(census_return.workers, engagements, census_period(year))
        for key, worker in zip(keyed[year], census_return.workers, strict=True):
            engagements[key] = _engagement(key, worker, engagements.get(key), "")
    return keyed


def continuity_issues(previous: CensusReturn, current: CensusReturn) -> list[Issue]:
    """Warn about council-employed workers in post at the previous 30 September who are missing now."""
    ref = census_reference_date(previous.header.collection_year)
    reported = {engagement_key(w) for w in current.workers}
    issues = []
    for worker in previous.workers:
        if worker.agency or _left_by(worker, ref) or engagement_key(worker) in reported:
            continue
        issues.append(
            rule("CSWW-CONT-001").issue(
                f"Worker {worker.swe_no} was in post on {ref.isoformat()} in the "
                f"{previous.header.collection_year} return but is not in this return. If they left during "
                "the year, include them with RoleEndDate, ReasonLeave and LeaverDestination.",
                Location(None, "Message/CSWWWorker"),
                worker.swe_no,
            )
        )
    return issues


class _PostKeys:
    """Engagement keys that stay with the same post from one return to the next.

    The key is the person, agency or not, and start date. A person with two posts from the same day has two
    records with one such key; they become ``key`` and ``key#2``, and in later returns each record is matched
    to the post it continues (one still open, with the same FTE and role if there is one).
    """

    def __init__(self) -> None:
        self.variants: dict[str, list[str]] = defaultdict(list)
        self.last_seen: dict[str, CensusWorker] = {}

    def keys_for(
        self, workers: tuple[CensusWorker, ...], engagements: dict[str, Engagement], period: Period
    ) -> list[str]:
        by_base: dict[str, list[int]] = defaultdict(list)
        for index, worker in enumerate(workers):
            by_base[engagement_key(worker)].append(index)
        keys = [""] * len(workers)
        for base, indexes in by_base.items():
            known = self.variants[base]
            if len(indexes) == 1 and len(known) <= 1:
                keys[indexes[0]] = base
            else:
                open_ = [k for k in known if _open_during(engagements[k], period)]
                for index in indexes:
                    keys[index] = self._match(base, workers[index], open_)
            if not known:
                known.append(base)
        for key, worker in zip(keys, workers, strict=True):
            self.last_seen[key] = worker
        return keys

    def _match(self, base: str, worker: CensusWorker, open_: list[str]) -> str:
        if open_:
            best = max(open_, key=lambda k: _likeness(self.last_seen[k], worker))
            open_.remove(best)
            return best
        known = self.variants[base]
        key = base if not known else f"{base}#{len(known) + 1}"
        if key not in known:
            known.append(key)
        return key


def _open_during(engagement: Engagement, period: Period) -> bool:
    return engagement.end_date is None or engagement.end_date >= period.start


def _likeness(before: CensusWorker, now: CensusWorker) -> int:
    fte_before = before.fte30 if before.fte30 is not None else before.fte
    fte_now = now.fte30 if now.fte30 is not None else now.fte
    return 2 * (fte_before == fte_now) + (before.org_role == now.org_role)


def _left_by(worker: CensusWorker, day: date) -> bool:
    """Left on or before ``day`` (whatever the start)."""
    return not in_post(None, worker.role_end_date, day)


def _span_in(period: Period, worker: CensusWorker) -> Period | None:
    start = max(period.start, worker.role_start_date) if worker.role_start_date else period.start
    end = min(period.end, worker.role_end_date) if worker.role_end_date else period.end
    return Period(start, end) if start <= end else None


def _merge_person(people: dict[str, list[Any]], key: str, worker: CensusWorker, source: str) -> None:
    """The person ``key`` as ``worker`` gives them, laid over what earlier records gave: later returns win, but a
    value a later return leaves out is kept (2025 drops QualInst, for example). ``people`` holds each person's
    ``Person`` fields after the key, in order (swe_no, the _PERSON_FIELDS, source)."""
    quals = QUAL_INSTITUTION_SEPARATOR.join(worker.qual_institutions) or None
    fresh = (
        worker.birth_date,
        worker.sex,
        worker.ethnicity,
        worker.qual_level,
        quals,
        worker.step_up_grad,
        worker.frontline_grad,
    )
    held = people.get(key)
    if held is None:
        people[key] = [worker.swe_no.strip(), *fresh, source]
        return
    held[0] = worker.swe_no.strip()
    for index, value in enumerate(fresh, start=1):
        if value is not None:
            held[index] = value
    held[8] = source


_PERSON_FIELDS = (  # the order _merge_person keeps them in, as in Person
    "birth_date",
    "sex",
    "ethnicity",
    "qual_level",
    "qual_institution",
    "step_up_grad",
    "frontline_grad",
)
# Person and Engagement are made positionally below, in these orders
assert tuple(f.name for f in fields(Person))[:10] == ("key", "swe_no", *_PERSON_FIELDS, "source")
assert tuple(f.name for f in fields(Engagement)) == (
    "key",
    "person_key",
    "contract",
    "start_date",
    "start_origin",
    "end_date",
    "reason_leave",
    "destination",
    "contract_weeks",
    "source",
)


def _engagement(
    key: str, worker: CensusWorker, current: Engagement | None, source: str, person: str | None = None
) -> Engagement:
    """The engagement ``key`` as ``worker`` gives it; its start origin and contract weeks kept from ``current``
    when the worker leaves them out. ``person``: the worker's person key, when worked out already."""
    weeks = worker.contract_weeks[-1] if worker.contract_weeks else None
    origin = worker.start_origin
    if current is not None:
        if origin is None:
            origin = current.start_origin
        if weeks is None:
            weeks = current.contract_weeks
    return Engagement(
        key,
        person or person_key(worker.swe_no),
        ContractType.AGENCY if worker.agency else ContractType.PERMANENT,
        worker.role_start_date,
        origin,
        worker.role_end_date,
        worker.reason_leave,
        worker.leaver_destination,
        weeks,
        source,
    )


def _assignments(
    engagement: Engagement, observed: list[tuple[Period, CensusWorker, str]], latest: date
) -> list[Assignment]:
    """Contiguous assignments; the last stays open only if the latest return still reports the worker."""
    observed.sort(key=lambda o: o[0].start)
    result = []
    for i, (span, worker, source) in enumerate(observed):
        start = engagement.start_date if i == 0 and engagement.start_date else span.start
        if i + 1 < len(observed):
            end: date | None = observed[i + 1][0].start - timedelta(days=1)
        elif engagement.end_date is not None:
            end = engagement.end_date
        else:
            end = None if span.end == latest else span.end
        result.append(
            Assignment(
                engagement_key=engagement.key,
                effective_from=min(start, span.start),
                effective_to=end,
                role=worker.org_role,
                fte=worker.fte if worker.fte is not None else worker.fte30,
                fte30=worker.fte30,
                case_holding=(worker.cases30 > 0) if worker.cases30 is not None else None,
                cfkss_status=worker.cfkss_status,
                source=source,
            )
        )
    return result


def _absences(key: str, span: Period, ref: date, worker: CensusWorker, source: str) -> list[Absence]:
    found = []
    if worker.working_days_lost is not None:
        found.append(
            Absence(
                key, span.start, span.end, AbsenceReason.SICKNESS, worker.working_days_lost, source, year_total=True
            )
        )
    if worker.absent_30_sept:
        found.append(Absence(key, ref, ref, worker.reason_absence, None, source))
    return found


def _has_pay(worker: CensusWorker) -> bool:
    return any(v is not None for v in (worker.base_salary, worker.rr_payments, worker.other_payments))


def _figures(la_level: LALevel, ref: date, source: str) -> CouncilFigures:
    return CouncilFigures(
        on=ref,
        vacancies_fte=la_level.vacancies_fte,
        agency_cover_fte=la_level.agency_cover_fte,
        agency_cover_headcount=la_level.agency_cover_headcount,
        eligibility=la_level.eligibility,
        other_allowances=la_level.other_allowances,
        source=source,
    )


# --- records to a return -------------------------------------------------------------------------------


def return_from_records(
    records: CouncilRecords, year: int, *, software_code: str = "csc-workforce", generated_at: datetime
) -> CensusReturn:
    """The census return for ``year`` written from records, whatever their source."""
    period, ref = census_period(year), census_reference_date(year)
    people = {p.key: p for p in records.people}
    by_engagement = _index(records)
    workers = []
    for engagement in sorted(records.engagements, key=lambda e: (e.person_key, e.start_date or date.min, e.key)):
        assignments = [a for a in by_engagement.assignments[engagement.key] if _overlaps(a, period)]
        if not assignments or not _reported_in(engagement, period):
            continue
        workers.append(_worker(engagement, people[engagement.person_key], assignments, by_engagement, year))
    figures = next((f for f in records.figures if f.on == ref), None)
    header = CensusHeader(year, records.council.la_code, ref, software_code, generated_at)
    return CensusReturn(header, _la_level(figures), tuple(workers))


@dataclass(frozen=True, slots=True)
class _ByEngagement:
    assignments: dict[str, list[Assignment]]
    absences: dict[str, list[Absence]]
    caseloads: dict[tuple[str, date], int]
    pay: dict[tuple[str, int], Pay]


def _index(records: CouncilRecords) -> _ByEngagement:
    assignments: dict[str, list[Assignment]] = defaultdict(list)
    for a in records.assignments:
        assignments[a.engagement_key].append(a)
    absences: dict[str, list[Absence]] = defaultdict(list)
    for ab in records.absences:
        absences[ab.engagement_key].append(ab)
    caseloads = {(c.engagement_key, c.on): c.cases for c in records.caseloads}
    pay = {(p.engagement_key, p.year): p for p in records.pay}
    return _ByEngagement(assignments, absences, caseloads, pay)


def _overlaps(assignment: Assignment, period: Period) -> bool:
    ends_after_start = assignment.effective_to is None or assignment.effective_to >= period.start
    return assignment.effective_from <= period.end and ends_after_start


def _reported_in(engagement: Engagement, period: Period) -> bool:
    started = engagement.start_date is None or engagement.start_date <= period.end
    return started and (engagement.end_date is None or engagement.end_date >= period.start)


def _worker(
    engagement: Engagement, person: Person, assignments: list[Assignment], idx: _ByEngagement, year: int
) -> CensusWorker:
    period, ref = census_period(year), census_reference_date(year)
    left = engagement.end_date is not None and engagement.end_date <= ref
    day = engagement.end_date if left and engagement.end_date else ref
    current = _covering(assignments, day) or max(assignments, key=lambda a: a.effective_from)
    absences = idx.absences[engagement.key]
    on_ref = [a for a in absences if a.working_days_lost is None and a.start <= ref <= a.end]
    pay = idx.pay.get((engagement.key, year))
    quals = tuple(person.qual_institution.split(QUAL_INSTITUTION_SEPARATOR)) if person.qual_institution else ()
    return CensusWorker(
        agency=engagement.is_agency,
        swe_no=person.swe_no or person.key,
        fte=current.fte if current.fte is not None else current.fte30,
        birth_date=person.birth_date,
        sex=person.sex,
        ethnicity=person.ethnicity,
        qual_institutions=quals,
        qual_level=person.qual_level,
        step_up_grad=person.step_up_grad,
        org_role=current.role,
        role_start_date=engagement.start_date,
        start_origin=engagement.start_origin,
        role_end_date=engagement.end_date if left else None,
        leaver_destination=engagement.destination if left else None,
        reason_leave=engagement.reason_leave if left else None,
        fte30=None if left else current.fte_in_post,
        cases30=None if left else idx.caseloads.get((engagement.key, ref)),
        working_days_lost=_sickness_days(absences, period),
        contract_weeks=(engagement.contract_weeks,) if engagement.contract_weeks is not None else (),
        frontline_grad=person.frontline_grad,
        absent_30_sept=True if on_ref and not left else None,
        reason_absence=on_ref[0].reason if on_ref and not left else None,
        cfkss_status=current.cfkss_status,
        base_salary=pay.base_salary if pay else None,
        rr_payments=pay.rr_payments if pay else None,
        other_payments=pay.other_payments if pay else None,
    )


def _covering(assignments: list[Assignment], day: date) -> Assignment | None:
    return next((a for a in assignments if a.covers(day)), None)


def _sickness_days(absences: list[Absence], period: Period) -> Decimal | None:
    """Sickness days lost in the census year; an absence crossing the year's edge counts pro rata."""
    total: Decimal | None = None
    for a in absences:
        if a.reason is not AbsenceReason.SICKNESS or a.working_days_lost is None:
            continue
        start, end = max(a.start, period.start), min(a.end, period.end)
        if start > end:
            continue
        share = Decimal((end - start).days + 1) / Decimal((a.end - a.start).days + 1)
        total = (total or Decimal(0)) + a.working_days_lost * share
    return total.quantize(Decimal("0.01")) if total is not None else None


def _la_level(figures: CouncilFigures | None) -> LALevel:
    if figures is None:
        return LALevel()
    return LALevel(
        vacancies_fte=figures.vacancies_fte,
        agency_cover_fte=figures.agency_cover_fte,
        agency_cover_headcount=figures.agency_cover_headcount,
        eligibility=figures.eligibility,
        other_allowances=figures.other_allowances,
    )
