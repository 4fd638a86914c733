"""The meeting cycle: when each body a strategy reports to meets next, and which papers it needs
(``model.GovernanceBody``). A body meets every so many months (on the same day of the month as its first
meeting, or the month's last day when the month is shorter) or every so many weeks from its first meeting.
A paper for a meeting is written before it: its figures are as at the last month end before the meeting
(:func:`paper_as_at`), or for the latest census year ended before it (:func:`paper_year`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from csc_workforce.domain.periods import add_months, census_reference_date
from csc_workforce.strategies.model import GovernanceBody, Strategy


@dataclass(frozen=True, slots=True)
class Meeting:
    body: GovernanceBody
    on: date  # the next meeting on or after the date asked about
    previous: date | None  # the one before it (None: the cycle's first)


def meeting_on(body: GovernanceBody, n: int) -> date:
    """The body's ``n``-th meeting (0: its first)."""
    if body.weeks is not None:
        return body.first + timedelta(weeks=body.weeks * n)
    return add_months(body.first, (body.months or 12) * n)


def _index_on_or_after(body: GovernanceBody, day: date) -> int:
    """The number of the body's first meeting on or after ``day`` (0: its first)."""
    if day <= body.first:
        return 0
    if body.weeks is not None:
        return -(-(day - body.first).days // (7 * body.weeks))  # ceiling
    step = body.months or 12
    n = max(0, ((day.year - body.first.year) * 12 + day.month - body.first.month) // step)
    while meeting_on(body, n) < day:
        n += 1
    return n


def _meeting(body: GovernanceBody, n: int) -> Meeting:
    return Meeting(body, meeting_on(body, n), meeting_on(body, n - 1) if n > 0 else None)


def next_meeting(body: GovernanceBody, day: date) -> Meeting:
    """The body's next meeting on or after ``day`` (its first when that is later)."""
    return _meeting(body, _index_on_or_after(body, day))


def meetings_from(body: GovernanceBody, day: date) -> Iterator[Meeting]:
    """The body's meetings on or after ``day``, in order, without end."""
    return (_meeting(body, n) for n in itertools.count(_index_on_or_after(body, day)))


def _soonest_first(meetings: Iterable[Meeting]) -> tuple[Meeting, ...]:
    return tuple(sorted(meetings, key=lambda m: (m.on, m.body.name)))


def meetings_between(strategy: Strategy, start: date, end: date) -> tuple[Meeting, ...]:
    """Every meeting of the strategy's bodies from ``start`` to ``end`` (both included), soonest first."""
    due = (itertools.takewhile(lambda m: m.on <= end, meetings_from(body, start)) for body in strategy.governance)
    return _soonest_first(itertools.chain.from_iterable(due))


def next_meetings_each(strategy: Strategy, day: date, count: int) -> tuple[Meeting, ...]:
    """Each of the strategy's bodies' next ``count`` meetings on or after ``day``, soonest first."""
    return _soonest_first(m for body in strategy.governance for m in itertools.islice(meetings_from(body, day), count))


def paper_as_at(meeting: date) -> date:
    """The date a paper for a meeting on ``meeting`` gives its figures as at: the last month end before the
    meeting (a paper is written before its meeting, from a whole month's records)."""
    return date(meeting.year, meeting.month, 1) - timedelta(days=1)


def paper_year(meeting: date) -> int:
    """The census year a paper for a meeting on ``meeting`` reports: the latest to end (30 September) before it."""
    return meeting.year if census_reference_date(meeting.year) < meeting else meeting.year - 1


def next_meetings(strategy: Strategy, day: date) -> tuple[Meeting, ...]:
    """Each of the strategy's bodies' next meeting on or after ``day``, soonest first."""
    return _soonest_first(next_meeting(b, day) for b in strategy.governance)


def council_strategies(la_code: str, strategies: Iterable[Strategy]) -> tuple[Strategy, ...]:
    """The strategies whose meetings are the council's: its own (the council a strategy names), else every one
    given, applied to it as the strategy pages apply them."""
    given = tuple(strategies)
    return tuple(s for s in given if s.council.la_code == la_code) or given
