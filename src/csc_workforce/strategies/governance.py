"""The meeting cycle: when each body a strategy reports to meets next, and which papers it needs
(``model.GovernanceBody``). A body meets every so many months (on the same day of the month as its first
meeting, or the month's last day when the month is shorter) or every so many weeks from its first meeting."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from csc_workforce.strategies.model import GovernanceBody, Strategy


@dataclass(frozen=True, slots=True)
class Meeting:
    body: GovernanceBody
    on: date  # the next meeting on or after the date asked about
    previous: date | None  # the one before it (None: the cycle's first)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def meeting_on(body: GovernanceBody, n: int) -> date:
    """The body's ``n``-th meeting (0: its first)."""
    if body.weeks is not None:
        return body.first + timedelta(weeks=body.weeks * n)
    return _add_months(body.first, (body.months or 12) * n)


def next_meeting(body: GovernanceBody, day: date) -> Meeting:
    """The body's next meeting on or after ``day`` (its first when that is later)."""
    if day <= body.first:
        return Meeting(body, body.first, None)
    if body.weeks is not None:
        n = -(-(day - body.first).days // (7 * body.weeks))  # ceiling
    else:
        step = body.months or 12
        n = max(0, ((day.year - body.first.year) * 12 + day.month - body.first.month) // step)
        while meeting_on(body, n) < day:
            n += 1
    return Meeting(body, meeting_on(body, n), meeting_on(body, n - 1) if n > 0 else None)


def next_meetings(strategy: Strategy, day: date) -> tuple[Meeting, ...]:
    """Each of the strategy's bodies' next meeting on or after ``day``, soonest first."""
    return tuple(sorted((next_meeting(b, day) for b in strategy.governance), key=lambda m: (m.on, m.body.name)))
