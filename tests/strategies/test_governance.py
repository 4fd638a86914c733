"""The meeting cycle (strategies.governance): a body's next meeting on or after a date, stepping by months
(the same day of the month, or the month's last day when it is shorter) or by weeks; the strategy file's
governance read and checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from csc_workforce.strategies.governance import (
    meeting_on,
    meetings_between,
    next_meeting,
    next_meetings,
    next_meetings_each,
    paper_as_at,
    paper_year,
)
from csc_workforce.strategies.load import StrategyError, parse_strategy
from csc_workforce.strategies.model import GovernanceBody

MONTHLY = GovernanceBody("Workforce strategy group", date(2024, 1, 31), months=1)
TEN_WEEKLY = GovernanceBody("Senior Leadership Team", date(2024, 1, 8), weeks=10)
TWICE_YEARLY = GovernanceBody("Learning and Improvement Board", date(2024, 3, 15), months=6)


def test_monthly_on_the_same_day_or_the_month_s_last() -> None:
    assert [meeting_on(MONTHLY, n) for n in range(4)] == [
        date(2024, 1, 31),
        date(2024, 2, 29),  # a leap year's February
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert next_meeting(MONTHLY, date(2024, 3, 1)).on == date(2024, 3, 31)
    assert next_meeting(MONTHLY, date(2024, 3, 31)).on == date(2024, 3, 31)  # a meeting that day is next
    assert next_meeting(MONTHLY, date(2024, 4, 1)).previous == date(2024, 3, 31)


def test_every_ten_weeks_and_every_six_months() -> None:
    # 8 January 2024 + 70 days = 18 March, + 70 = 27 May
    assert next_meeting(TEN_WEEKLY, date(2024, 3, 19)).on == date(2024, 5, 27)
    assert next_meeting(TEN_WEEKLY, date(2024, 3, 18)).on == date(2024, 3, 18)
    assert next_meeting(TWICE_YEARLY, date(2025, 1, 1)).on == date(2025, 3, 15)
    assert next_meeting(TWICE_YEARLY, date(2025, 1, 1)).previous == date(2024, 9, 15)


def test_before_the_first_meeting_the_first_is_next() -> None:
    found = next_meeting(MONTHLY, date(2023, 6, 1))
    assert (found.on, found.previous) == (date(2024, 1, 31), None)


def test_the_meetings_in_a_window_every_ten_weeks_and_at_month_ends() -> None:
    strategy = parse_strategy(HEAD)
    cycle = replace(strategy, governance=(MONTHLY, TEN_WEEKLY))
    found = [(m.on, m.body.name, m.previous) for m in meetings_between(cycle, date(2024, 1, 9), date(2024, 5, 27))]
    assert found == [
        # 31 January + 1 month: 29 February (2024 a leap year), then back to the 31st in March
        (date(2024, 1, 31), "Workforce strategy group", None),
        (date(2024, 2, 29), "Workforce strategy group", date(2024, 1, 31)),
        # 8 January + 70 days: 18 March, + 70: 27 May (the window's last day, included)
        (date(2024, 3, 18), "Senior Leadership Team", date(2024, 1, 8)),
        (date(2024, 3, 31), "Workforce strategy group", date(2024, 2, 29)),
        (date(2024, 4, 30), "Workforce strategy group", date(2024, 3, 31)),
        (date(2024, 5, 27), "Senior Leadership Team", date(2024, 3, 18)),
    ]
    # 2025 is not a leap year: 31 January + 1 month is 28 February
    assert [m.on for m in meetings_between(cycle, date(2025, 1, 30), date(2025, 3, 1))] == [
        date(2025, 1, 31),
        date(2025, 2, 28),
    ]
    assert meetings_between(cycle, date(2024, 1, 9), date(2024, 1, 30)) == ()


def test_each_body_s_next_meetings() -> None:
    cycle = replace(parse_strategy(HEAD), governance=(TWICE_YEARLY, TEN_WEEKLY))
    found = [(m.on, m.body.name) for m in next_meetings_each(cycle, date(2024, 3, 16), 2)]
    assert found == [
        (date(2024, 3, 18), "Senior Leadership Team"),
        (date(2024, 5, 27), "Senior Leadership Team"),  # 18 March + 70 days
        (date(2024, 9, 15), "Learning and Improvement Board"),  # 15 March 2024 has passed: 15 September
        (date(2025, 3, 15), "Learning and Improvement Board"),
    ]
    assert next_meetings_each(parse_strategy(HEAD), date(2024, 1, 1), 3) == ()  # no governance


def test_a_paper_s_figures_are_from_before_its_meeting() -> None:
    # the last month end before the meeting: a meeting on a month end takes the month before's
    assert paper_as_at(date(2024, 3, 18)) == date(2024, 2, 29)
    assert paper_as_at(date(2024, 3, 31)) == date(2024, 2, 29)
    assert paper_as_at(date(2024, 1, 1)) == date(2023, 12, 31)
    # the latest census year (to 30 September) ended before the meeting
    assert paper_year(date(2023, 1, 17)) == 2022
    assert paper_year(date(2023, 9, 30)) == 2022
    assert paper_year(date(2023, 10, 1)) == 2023


HEAD = """
id: t
title: T
council: {name: Bexley, la_code: "303"}
period: {start: 2020-01-01, end: 2023-12-31}
outcomes:
  - id: o
    title: O
    measures: [{measure: turnover_rate_fte, target: {direction: decrease}}]
"""


def test_the_strategy_file_gives_the_cycle_soonest_first() -> None:
    strategy = parse_strategy(
        HEAD
        + """governance:
  - {body: Board, every: {months: 6}, first: 2020-03-31, papers: [strategy-progress]}
  - {body: Group, every: {weeks: 4}, first: 2020-01-06}
"""
    )
    board, group = strategy.governance
    assert (board.months, board.weeks, board.papers, board.every) == (6, None, ("strategy-progress",), "every 6 months")
    assert (group.weeks, group.every) == (4, "every 4 weeks")
    assert [m.body.name for m in next_meetings(strategy, date(2020, 3, 20))] == ["Group", "Board"]


@pytest.mark.parametrize(
    ("every", "message"),
    [
        ("{months: 1, weeks: 2}", "one whole number of months or of weeks"),
        ("{months: 0}", "one whole number of months or of weeks"),
        ("{months: 1.5}", "one whole number of months or of weeks"),
        ("{days: 3}", "unknown"),
    ],
)
def test_a_cycle_not_understood_is_refused(every: str, message: str) -> None:
    with pytest.raises(StrategyError) as refused:
        parse_strategy(HEAD + f"governance:\n  - {{body: Board, every: {every}, first: 2020-03-31}}\n")
    assert message in str(refused.value) and "governance[0].every" in str(refused.value)
