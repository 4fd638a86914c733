"""A strategy's action plan as at a date (strategies/actions.py): every branch of the RAG rule, and the status as
at a date, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.domain.codes import ActionStatus as S
from csc_workforce.domain.records import Action, ActionUpdate
from csc_workforce.strategies.actions import action_rag, plan_as_at, plan_outline, rag_reason
from csc_workforce.strategies.model import Rag
from csc_workforce.strategies.shipped import load_seed

START, DUE = date(2025, 4, 1), date(2025, 9, 30)


@pytest.mark.parametrize(
    ("status", "start", "due", "as_at", "rag", "reason"),
    [
        # 1. done: green, even long past its due date
        (S.DONE, START, DUE, date(2026, 6, 1), Rag.GREEN, "done"),
        # 2. off track: red, even before its start date
        (S.OFF_TRACK, START, DUE, date(2025, 1, 1), Rag.RED, "off track"),
        # 3. past its due date and not done: red, whatever its status
        (S.ON_TRACK, START, DUE, date(2025, 10, 1), Rag.RED, "past its due date, 30/09/2025, and not done"),
        (S.AT_RISK, START, DUE, date(2025, 10, 1), Rag.RED, "past its due date, 30/09/2025, and not done"),
        (S.NOT_STARTED, None, DUE, date(2025, 10, 1), Rag.RED, "past its due date, 30/09/2025, and not done"),
        # ... on its due date it is not yet late
        (S.ON_TRACK, START, DUE, DUE, Rag.GREEN, "on track"),
        # 4. at risk and not overdue: amber
        (S.AT_RISK, START, DUE, date(2025, 6, 1), Rag.AMBER, "at risk"),
        (S.AT_RISK, None, None, date(2025, 6, 1), Rag.AMBER, "at risk"),
        # 5. not started after its start date: amber; on its start date, or before it, green
        (S.NOT_STARTED, START, DUE, date(2025, 4, 2), Rag.AMBER, "not started, due to start 01/04/2025"),
        (S.NOT_STARTED, START, DUE, START, Rag.GREEN, "not started, not yet due to start"),
        (S.NOT_STARTED, START, DUE, date(2025, 3, 1), Rag.GREEN, "not started, not yet due to start"),
        (S.NOT_STARTED, None, None, date(2025, 3, 1), Rag.GREEN, "not started, not yet due to start"),
        # 6. on track and not overdue: green (no due date: never overdue)
        (S.ON_TRACK, START, None, date(2030, 1, 1), Rag.GREEN, "on track"),
    ],
)
def test_the_rag_of_an_action(
    status: S, start: date | None, due: date | None, as_at: date, rag: Rag, reason: str
) -> None:
    assert action_rag(status, start=start, due=due, as_at=as_at) is rag
    assert rag_reason(status, start=start, due=due, as_at=as_at) == reason


SLOUGH = load_seed("slough-2014-17")


def _action(ref: str, outcome: str, status: S, **kw: object) -> Action:
    return Action(f"action:slough-2014-17/{ref}", "slough-2014-17", outcome, ref, f"Action {ref}", status, **kw)  # type: ignore[arg-type]


A11 = _action("1.1", "1", S.NOT_STARTED, start=date(2014, 4, 1), due=date(2015, 3, 31))
A110 = _action("1.10", "1", S.ON_TRACK)
A12 = _action("1.2", "1", S.DONE)
A31 = _action("3.1", "3", S.ON_TRACK, due=date(2014, 12, 31))
OTHER = Action("action:dudley-2021-23/R1", "dudley-2021-23", "recruitment", "R1", "Dudley's", S.ON_TRACK)
UPDATES = (
    ActionUpdate(A11.key, date(2014, 6, 30), S.ON_TRACK, "Campaign launched", "Head of Service"),
    ActionUpdate(A11.key, date(2014, 9, 30), S.AT_RISK, "Few applications"),
    ActionUpdate(A11.key, date(2015, 1, 31), S.DONE, "All posts filled"),
)


def test_the_plan_as_at_a_date_takes_each_action_s_latest_update_by_then() -> None:
    plan = plan_as_at("871", SLOUGH, [A31, A12, A110, A11, OTHER], UPDATES, as_at=date(2014, 10, 15))
    assert [o.outcome_id for o in plan.outcomes] == ["1", "2", "3", "4", "5", "6", "7"]  # every outcome, in order
    first = plan.outcomes[0]
    assert [a.action.ref for a in first.actions] == ["1.1", "1.2", "1.10"]  # 1.2 before 1.10
    a11, a12, a110 = first.actions
    # 1.1: the update of 30 September 2014 (at risk) is the latest by 15 October; January's is not yet given
    assert (a11.status, a11.rag, a11.reason) == (S.AT_RISK, Rag.AMBER, "at risk")
    assert [u.on for u in a11.updates] == [date(2014, 9, 30), date(2014, 6, 30)]  # latest first
    assert a11.latest is not None and a11.latest.note == "Few applications"
    # 1.2 and 1.10 have no updates: their own status
    assert (a12.status, a12.rag, a12.latest) == (S.DONE, Rag.GREEN, None)
    assert (a110.status, a110.rag_label) == (S.ON_TRACK, "Green")
    assert plan.outcomes[1].actions == ()  # outcome 2: no actions
    (a31,) = plan.outcomes[2].actions
    assert (a31.status, a31.rag) == (S.ON_TRACK, Rag.GREEN)  # due 31 December 2014, not yet
    assert OTHER.key not in {a.action.key for a in plan.actions}  # another strategy's action is left out
    assert len(plan.actions) == 4


def test_before_any_update_an_action_has_its_own_status_and_after_the_last_the_last() -> None:
    early = plan_as_at("871", SLOUGH, [A11], UPDATES, as_at=date(2014, 5, 1)).actions[0]
    # no update by 1 May 2014: its own status, not started, a month after its start date
    assert (early.status, early.rag, early.updates) == (S.NOT_STARTED, Rag.AMBER, ())
    late = plan_as_at("871", SLOUGH, [A11], UPDATES, as_at=date(2016, 1, 1)).actions[0]
    assert (late.status, late.rag, len(late.updates)) == (S.DONE, Rag.GREEN, 3)  # done, though past due
    on_the_day = plan_as_at("871", SLOUGH, [A11], UPDATES, as_at=date(2014, 6, 30)).actions[0]
    assert on_the_day.status is S.ON_TRACK  # an update dated on the day counts


def test_the_outline_an_import_checks_actions_against() -> None:
    outline = plan_outline(SLOUGH)
    assert outline.strategy_id == "slough-2014-17"
    assert outline.outcomes == ("1", "2", "3", "4", "5", "6", "7")
    assert {"permanency_rate_fte", "caseload_weighted", "exit_interview_themes"} <= outline.measures
    assert "open_hr_cases" not in outline.measures  # Worcestershire's
