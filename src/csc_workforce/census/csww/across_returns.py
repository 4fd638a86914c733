"""Checks across returns: a council's census returns compared with each other (catalogue ``ACROSS_RETURNS``).

* ``CSWW-REC-001``: a worker in a later return started before an earlier return's 30 September and had not left
  before that year began, but the earlier return leaves them out. The records count them in that year.
* ``CSWW-REC-002``: a leaver's end date, reason or destination differs between returns (or a leaver is still in
  post in a later return). The records take the later return's.
* ``CSWW-REC-003``: one SWE number with a different date of birth or sex in different returns.
* ``CSWW-CONT-001``: a worker in post in one return is missing from the next, with no leaving date
  (:func:`~csc_workforce.census.csww.records.continuity_issues`, DfE's continuity check).

Each finding carries what it changes in the figures from records against the earlier return (:class:`Change`),
which ``census.csww.reconcile`` uses to explain the differences. Posts are matched as the records match them
(SWE number, agency or not, start date), and what the records count follows ``records_from_returns`` and the
measures (in post counts ``FTE30`` when given, else ``FTE``; starters and leavers count ``FTE``).

Some of what a finding changes only the records know: a worker missing from a return brings the records' cases
on that 30 September and days lost in that year, which no return reports. The finding names the post and those
measures (:class:`Unreported`); the caller measures the post in the records, and ``census.csww.reconcile`` turns
its figures into changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from csc_workforce.census.csww.model import CensusReturn, CensusWorker
from csc_workforce.census.csww.records import continuity_issues, person_key, post_keys
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.codes import Sex
from csc_workforce.domain.issues import Issue, Location
from csc_workforce.domain.periods import census_period, census_reference_date
from csc_workforce.measures.rules import in_post, stock_fte

CONTINUITY = "CSWW-CONT-001"
# what only the records know of a post a return leaves out (or has leaving before its 30 September)
CASELOAD = ("cases", "case_holders_fte")  # its cases on 30 September, and its FTE if it holds any
DAYS_LOST = ("working_days_lost_fte",)  # its sickness days in the year (council-employed only)
MISSING = "CSWW-REC-001"
LEAVER_DIFFERS = "CSWW-REC-002"
PERSON_DIFFERS = "CSWW-REC-003"
WORKER = Location(None, "Message/CSWWWorker")
UNKNOWN_SEX = (Sex.NOT_KNOWN, Sex.NOT_SPECIFIED)


@dataclass(frozen=True, slots=True)
class Change:
    """What one finding changes in one census year's figures from records, against that year's return."""

    year: int
    measure: str  # DfE measure name: inpost_headcount, inpost_fte, starters_*, leavers_*, agency_*
    amount: float  # +1 or -1 for a count; the FTE for an FTE
    counted: str  # what the measure counts once: a person, a person's start or end date, a post
    reason: str  # "{n} worker{s} ... {are} ...", filled in for the explanation
    in_records: bool = False  # the amount is the records' own: no return reports it (:class:`Unreported`)


@dataclass(frozen=True, slots=True)
class Unreported:
    """Measures a finding changes by amounts only the records know, for one post in one census year. The
    caller measures the post in the records; :meth:`changes` turns its figures into :class:`Change` s."""

    year: int
    post: str  # engagement key, as the records key it
    measures: tuple[str, ...]
    reason: str  # as :attr:`Change.reason`

    def changes(self, measured: Mapping[str, float | int | None]) -> list[Change]:
        """The changes, given the post's own figures in the records for the year (none for a figure of 0)."""
        amounts = [(measure, measured.get(measure)) for measure in self.measures]
        return [
            Change(self.year, measure, float(amount), self.post, self.reason, in_records=True)
            for measure, amount in amounts
            if amount
        ]


@dataclass(frozen=True, slots=True)
class Finding:
    """A disagreement between returns: the warning, the returns it compares, and what it changes."""

    issue: Issue
    years: tuple[int, ...]  # the returns compared, earliest first
    changes: tuple[Change, ...] = ()
    unreported: tuple[Unreported, ...] = ()  # what it changes by amounts only the records know

    @property
    def code(self) -> str:
        return self.issue.code

    @property
    def swe_no(self) -> str:
        return self.issue.value or ""

    @property
    def message(self) -> str:
        return self.issue.message

    def as_row(self) -> dict[str, str]:
        """One row of the findings table (CSV, web page)."""
        return {
            "code": self.code,
            "severity": str(self.issue.severity),
            "returns": ", ".join(str(y) for y in self.years),
            "swe_no": self.swe_no,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class _Counted:
    """What one return counts on its own (DfE's method): council-employed workers only."""

    in_post: frozenset[str]  # person keys in post on 30 September
    starters: frozenset[tuple[str, date]]  # (person key, start date) in the year
    leavers: frozenset[tuple[str, date]]  # (person key, end date) in the year
    posts: dict[str, list[CensusWorker]]  # person key -> their records in the return


@dataclass(frozen=True)
class _Held:
    """The returns by year, and each post's records in the returns that list it, by year."""

    returns: dict[int, CensusReturn]
    posts: dict[str, list[tuple[int, CensusWorker]]]
    listed: dict[int, set[str]]  # the posts (engagement keys) each return lists
    counted: dict[int, _Counted]

    @classmethod
    def of(cls, returns: Iterable[CensusReturn], keyed: dict[int, list[str]] | None = None) -> _Held:
        by_year = {r.header.collection_year: r for r in sorted(returns, key=lambda r: r.header.collection_year)}
        if keyed is None:  # two posts with one start date: matched as the records match them
            keyed = post_keys(by_year.values())
        posts: dict[str, list[tuple[int, CensusWorker]]] = defaultdict(list)
        listed: dict[int, set[str]] = {}
        for year, census_return in by_year.items():
            listed[year] = set(keyed[year])
            for key, worker in zip(keyed[year], census_return.workers, strict=True):
                posts[key].append((year, worker))
        return cls(by_year, dict(posts), listed, {y: _counted(y, r) for y, r in by_year.items()})

    @property
    def years(self) -> list[int]:
        return list(self.returns)


def _counted(year: int, census_return: CensusReturn) -> _Counted:
    period, ref = census_period(year), census_reference_date(year)
    present, starters, leavers = set(), set(), set()
    posts: dict[str, list[CensusWorker]] = defaultdict(list)
    for w in census_return.workers:
        person = person_key(w.swe_no)
        posts[person].append(w)
        if w.agency:
            continue
        if in_post(w.role_start_date, w.role_end_date, ref):
            present.add(person)
        if w.role_start_date is not None and period.contains(w.role_start_date):
            starters.add((person, w.role_start_date))
        if w.role_end_date is not None and period.contains(w.role_end_date):
            leavers.add((person, w.role_end_date))
    return _Counted(frozenset(present), frozenset(starters), frozenset(leavers), dict(posts))


def reconcile_findings(
    returns: Iterable[CensusReturn], *, keyed: dict[int, list[str]] | None = None
) -> tuple[Finding, ...]:
    """Every disagreement between a council's returns (any years, any order), earliest year first. ``keyed``:
    each return's engagement keys by year (``post_keys``), when worked out already (``records_and_keys``)."""
    held = _Held.of(returns, keyed)
    found = [*_continuity(held), *_missing(held), *_leavers(held), *_people(held)]
    return tuple(sorted(found, key=lambda f: (f.years, f.code, f.swe_no)))


def import_issues(
    returns: Iterable[CensusReturn], years: Iterable[int], *, keyed: dict[int, list[str]] | None = None
) -> dict[int, list[Issue]]:
    """For each of ``years``, the findings that involve its return, as warnings for the file just imported.

    A continuity warning belongs to the later of its two returns (the one the worker is missing from)."""
    findings = reconcile_findings(returns, keyed=keyed)
    return {
        year: [f.issue for f in findings if (f.years[-1] == year if f.code == CONTINUITY else year in f.years)]
        for year in years
    }


def _continuity(held: _Held) -> list[Finding]:
    found = []
    for y0, y1 in zip(held.years, held.years[1:], strict=False):
        if y1 != y0 + 1:
            continue
        for issue in continuity_issues(held.returns[y0], held.returns[y1]):
            named = issue.message.replace("is not in this return", f"is not in the {y1} return")
            found.append(Finding(replace(issue, message=named), (y0, y1)))
    return found


@dataclass(frozen=True, slots=True)
class _Gap:
    """A post missing from the ``year`` return, listed by a later return (``worker``: the first that does)."""

    year: int
    post: str  # engagement key
    seen: list[tuple[int, CensusWorker]]  # every return that lists the post

    @property
    def later_year(self) -> int:
        return next(y for y, _ in self.seen if y > self.year)

    @property
    def worker(self) -> CensusWorker:
        return next(w for y, w in self.seen if y > self.year)

    @property
    def end(self) -> date | None:
        return self.seen[-1][1].role_end_date  # the records take the latest return's

    @property
    def in_post(self) -> bool:
        return not _left_by(self.end, census_reference_date(self.year))

    @property
    def applies(self) -> bool:
        """Started by the year's 30 September and not left before the year began."""
        start, period = self.worker.role_start_date, census_period(self.year)
        return start is not None and start <= period.end and (self.end is None or self.end >= period.start)


def _missing(held: _Held) -> list[Finding]:
    """CSWW-REC-001: posts a later return lists, started by an earlier 30 September, missing from that return."""
    found = []
    for year in held.years:
        for post, seen in held.posts.items():
            if post in held.listed[year] or seen[-1][0] < year:
                continue
            gap = _Gap(year, post, seen)
            if gap.applies:
                issue = rule(MISSING).issue(_missing_message(held, gap), WORKER, gap.worker.swe_no)
                changes, unreported = _missing_changes(held, gap)
                found.append(Finding(issue, (year, gap.later_year), tuple(changes), unreported))
    return found


def _missing_message(held: _Held, gap: _Gap) -> str:
    year, later_year, worker = gap.year, gap.later_year, gap.worker
    kind = "Agency worker" if worker.agency else "Worker"
    when = f"on 30 September {year}" if gap.in_post else f"during the year to 30 September {year}"
    left = "" if gap.in_post else f" and RoleEndDate {gap.end}"
    message = (
        f"{kind} {worker.swe_no} is in the {later_year} return{_at(worker)} with RoleStartDate "
        f"{worker.role_start_date}{left}, so worked for the council {when}, but is missing from the {year} return. "
        f"The records count them in the {year} figures; the {year} return, as DfE publishes it, does not."
    )
    listed = held.counted[year].posts.get(person_key(worker.swe_no), [])
    others = sorted({w.role_start_date.isoformat() for w in listed if w.role_start_date})
    if others:
        return message + (
            f" The {year} return lists {worker.swe_no} with RoleStartDate {', '.join(others)}: if this is the "
            "same post, give the same RoleStartDate in every return."
        )
    return message + (
        f" If they worked for the council then, add them to the {year} return; if they did not, correct "
        f"RoleStartDate in the {later_year} return."
    )


def _missing_changes(held: _Held, gap: _Gap) -> tuple[list[Change], tuple[Unreported, ...]]:
    """In post (or agency, or a leaver) and perhaps a starter in the year, from records only; and what only the
    records know: the post's cases on 30 September if in post, its days lost if council-employed."""
    year, later_year, worker, post = gap.year, gap.later_year, gap.worker, gap.post
    person, counted, start = person_key(worker.swe_no), held.counted[year], worker.role_start_date
    missing = f"{{are}} missing from the {year} return"
    during = f"between 1 October {year - 1} and 30 September {year}"
    in_post = f"in the {later_year} return started before 30 September {year} and {missing}"
    changes = []
    if gap.in_post:
        fte = _fte_in_post(_covering(gap.seen, year))
        if worker.agency:
            reason = f"{{n}} agency worker{{s}} {in_post}"
            agency = [Change(year, "agency_headcount", 1, post, reason), Change(year, "agency_fte", fte, post, reason)]
            return agency, (Unreported(year, post, CASELOAD, reason),)
        reason = f"{{n}} worker{{s}} {in_post}"
        if person not in counted.in_post:
            changes.append(Change(year, "inpost_headcount", 1, person, reason))
        changes.append(Change(year, "inpost_fte", fte, post, reason))
        unreported: tuple[Unreported, ...] = (Unreported(year, post, CASELOAD + DAYS_LOST, reason),)
    elif gap.end is not None and not worker.agency:
        reason = f"{{n}} worker{{s}} in the {later_year} return left {during} and {missing}"
        if (person, gap.end) not in counted.leavers:
            changes.append(Change(year, "leavers_headcount", 1, f"{person}@{gap.end}", reason))
        changes.append(Change(year, "leavers_fte", _fte_flow(worker), post, reason))
        unreported = (Unreported(year, post, DAYS_LOST, reason),)
    else:
        unreported = ()  # an agency worker who left during the year: no DfE measure counts them
    if start is not None and census_period(year).contains(start) and not worker.agency:
        reason = f"{{n}} worker{{s}} in the {later_year} return started {during} and {missing}"
        if (person, start) not in counted.starters:
            changes.append(Change(year, "starters_headcount", 1, f"{person}@{start}", reason))
        changes.append(Change(year, "starters_fte", _fte_flow(worker), post, reason))
    return changes, unreported


def _leavers(held: _Held) -> list[Finding]:
    """CSWW-REC-002: a post's leaving date, reason or destination in one return differs in the next that lists it."""
    found = []
    for post, seen in held.posts.items():
        final_end = seen[-1][1].role_end_date
        for (y0, before), (y1, after) in zip(seen, seen[1:], strict=False):
            if before.role_end_date is None or _same_leaving(before, after):
                continue
            found.append(_leaver_finding(held, post, (y0, before), (y1, after), final_end))
    return found


def _same_leaving(before: CensusWorker, after: CensusWorker) -> bool:
    return (before.role_end_date, before.reason_leave, before.leaver_destination) == (
        after.role_end_date,
        after.reason_leave,
        after.leaver_destination,
    )


def _leaver_finding(
    held: _Held,
    post: str,
    earlier: tuple[int, CensusWorker],
    later: tuple[int, CensusWorker],
    final_end: date | None,
) -> Finding:
    (y0, before), (y1, after) = earlier, later
    ref = census_reference_date(y0)
    ended = before.role_end_date
    assert ended is not None
    prefix = f"Worker {before.swe_no} (RoleStartDate {before.role_start_date or 'not given'})"
    moved = not _left_by(final_end, ref)  # the records no longer have them leaving in the y0 year
    counted_in = (
        f" The records take the later return, so they count them in post on 30 September {y0} and not as a {y0} leaver."
        if moved
        else ""
    )
    if after.role_end_date is None:
        message = (
            f"{prefix} left on {ended} according to the {y0} return{_at(before)}, but the {y1} return{_at(after)} "
            f"lists them still in post.{counted_in} If they left, remove them from the {y1} return; if they did "
            f"not, remove RoleEndDate, ReasonLeave and LeaverDestination from the {y0} return."
        )
    elif after.role_end_date != ended:
        message = (
            f"{prefix} left on {ended} according to the {y0} return{_at(before)} but on {after.role_end_date} "
            f"according to the {y1} return{_at(after)}.{counted_in} Correct the leaving date in the return that "
            f"is wrong: a worker who left on {ended} is not in the {y1} return."
        )
        reasons = _reasons(before, after, y0, y1)
        message += f" The returns also give {reasons}." if reasons else ""
    else:
        message = (
            f"{prefix} left on {ended} according to both the {y0} and the {y1} returns, but they give "
            f"{_reasons(before, after, y0, y1)}. Give the same reason and destination in both; the records use the "
            f"{y1} return's."
        )
    changes: list[Change] = []
    unreported: tuple[Unreported, ...] = ()
    if moved:  # in post on 30 September y0 in the records, so their cases then count too
        reason = f"{{n}} leaver{{s}} in the {y0} return {{are}} still in post, or left later, in the {y1} return"
        changes = _leaver_changes(held, post, y0, reason, before)
        unreported = (Unreported(y0, post, CASELOAD, reason),)
    issue = rule(LEAVER_DIFFERS).issue(message, WORKER, before.swe_no)
    return Finding(issue, (y0, y1), tuple(changes), unreported)


def _leaver_changes(held: _Held, post: str, y0: int, reason: str, before: CensusWorker) -> list[Change]:
    """A y0 leaver the records have in post on 30 September y0: in post (or agency) up, leavers down."""
    person = person_key(before.swe_no)
    if before.agency:
        return [
            Change(y0, "agency_headcount", 1, post, reason),
            Change(y0, "agency_fte", _fte_in_post(before), post, reason),
        ]
    assert before.role_end_date is not None
    changes = [
        Change(y0, "leavers_headcount", -1, f"{person}@{before.role_end_date}", reason),
        Change(y0, "leavers_fte", -_fte_flow(before), post, reason),
        Change(y0, "inpost_fte", _fte_in_post(before), post, reason),
    ]
    if person not in held.counted[y0].in_post:
        changes.append(Change(y0, "inpost_headcount", 1, person, reason))
    return changes


def _reasons(before: CensusWorker, after: CensusWorker, y0: int, y1: int) -> str:
    parts = []
    if before.reason_leave != after.reason_leave:
        parts.append(f"ReasonLeave {_code(before.reason_leave)} in {y0} and {_code(after.reason_leave)} in {y1}")
    if before.leaver_destination != after.leaver_destination:
        parts.append(
            f"LeaverDestination {_code(before.leaver_destination)} in {y0} and "
            f"{_code(after.leaver_destination)} in {y1}"
        )
    return " and ".join(parts)


def _people(held: _Held) -> list[Finding]:
    """CSWW-REC-003: one SWE number with a different date of birth or sex in different returns."""
    found = []
    for label, read in (("date of birth", _birth_date), ("sex", _sex)):
        last: dict[str, tuple[int, str]] = {}  # person -> (year, value) in the latest return giving it
        for year, counted in held.counted.items():
            for person, workers in counted.posts.items():
                value = next((v for v in map(read, workers) if v is not None), None)
                if value is None:
                    continue
                before = last.get(person)
                if before is not None and before[1] != value:
                    found.append(_person_finding(workers[0].swe_no, label, before[0], before[1], year, value))
                last[person] = (year, value)
    return found


def _person_finding(swe_no: str, label: str, y0: int, v0: str, y1: int, v1: str) -> Finding:
    message = (
        f"SWE number {swe_no} has {label} {v0} in the {y0} return but {v1} in the {y1} return. This is probably "
        "two people with one SWE number, or a keying error. Check the number against Social Work England's "
        f"register and correct the return that is wrong; until then the records use the later return's {label}."
    )
    return Finding(rule(PERSON_DIFFERS).issue(message, WORKER, swe_no), (y0, y1))


def _birth_date(worker: CensusWorker) -> str | None:
    return worker.birth_date.isoformat() if worker.birth_date else None


def _sex(worker: CensusWorker) -> str | None:
    if worker.sex is None or worker.sex in UNKNOWN_SEX:
        return None
    return worker.sex.label.lower()


def _covering(seen: list[tuple[int, CensusWorker]], year: int) -> CensusWorker:
    """The record whose assignment covers 30 September ``year`` in the records of a post missing that year:
    the latest earlier return that lists it (its assignment runs on to the next), else the first later one
    (which reaches back to the start date)."""
    earlier = [w for y, w in seen if y < year]
    return earlier[-1] if earlier else next(w for y, w in seen if y > year)


def _fte_in_post(worker: CensusWorker) -> float:
    """In post counts FTE30 when given, else FTE (as the measures do)."""
    value = stock_fte(worker.fte30, worker.fte)
    return float(value) if value is not None else 0.0


def _fte_flow(worker: CensusWorker) -> float:
    """Starters and leavers count FTE (as the measures do)."""
    value = worker.fte if worker.fte is not None else worker.fte30
    return float(value) if value is not None else 0.0


def _left_by(end: date | None, day: date) -> bool:
    """Left on or before ``day`` (whatever the start)."""
    return not in_post(None, end, day)


def _at(worker: CensusWorker) -> str:
    return f" (line {worker.line})" if worker.line is not None else ""


def _code(value: object) -> str:
    if value is None:
        return "not given"
    label = getattr(value, "label", None)
    return f"{value} ({label})" if label else str(value)
