"""Census years and reporting periods. The date "today" is always an argument, never read from the clock."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range, for flows such as starters, leavers and days lost."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def census_reference_date(year: int) -> date:
    """The census year ``year`` is the year ending 30 September ``year``."""
    return date(year, 9, 30)


def census_period(year: int) -> Period:
    """1 October of the previous year to 30 September of ``year``, inclusive."""
    return Period(date(year - 1, 10, 1), date(year, 9, 30))


def twelve_months_to(as_at: date) -> Period:
    """The 12 months ending on ``as_at`` inclusive (for rolling, monthly reporting)."""
    try:
        start = as_at.replace(year=as_at.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = date(as_at.year - 1, 3, 1)
    return Period(start, as_at)


def census_year_of(day: date) -> int:
    """The census year a date falls in (a date after 30 September belongs to the next year)."""
    return day.year + 1 if (day.month, day.day) > (9, 30) else day.year


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (earlier when negative), the month's last day when it is
    shorter (31 January + 1 month = 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_between(first: date, day: date) -> int:
    """Whole months from ``first`` to ``day``: the largest m with ``add_months(first, m) <= day`` (negative
    when ``day`` is before ``first``)."""
    months = (day.year - first.year) * 12 + day.month - first.month
    return months - 1 if add_months(first, months) > day else months
