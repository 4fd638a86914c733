"""A strategy's action plan as at a date: each outcome's actions with their status then, their RAG and their
updates (docs/strategies.md, "Action plans").

The actions and updates are records (``domain.records.Action``, ``ActionUpdate``), loaded through the one
import flow (kinds ``actions`` and ``action_updates``) or typed in the app; this module only reads them.

**The status as at a date D** is the status of the action's latest update dated on or before D; an action with
no update by D has the status recorded with the action itself (which carries no date of its own).

**The RAG as at D** (:func:`action_rag`), the first rule that applies:

1. done: green (it is finished, whatever its dates);
2. off track: red;
3. due before D (D is after the due date) and not done: red;
4. at risk: amber;
5. not started and its start date before D (D is after the start date): amber, it should have begun;
6. otherwise green: on track and not overdue, or not started before its start date (or with no start date)
   and not overdue.

An action due on D, or starting on D, is not late on D.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from csc_workforce.domain.codes import ActionStatus
from csc_workforce.domain.records import Action, ActionUpdate, PlanOutline
from csc_workforce.strategies.model import Rag, Strategy

RAG_LABELS: Mapping[Rag, str] = {Rag.GREEN: "Green", Rag.AMBER: "Amber", Rag.RED: "Red"}


def action_rag(status: ActionStatus, *, start: date | None, due: date | None, as_at: date) -> Rag:
    """The RAG of an action with ``status`` on ``as_at``, by the rules of this module's docstring."""
    if status is ActionStatus.DONE:
        return Rag.GREEN
    if status is ActionStatus.OFF_TRACK:
        return Rag.RED
    if due is not None and as_at > due:
        return Rag.RED
    if status is ActionStatus.AT_RISK:
        return Rag.AMBER
    if status is ActionStatus.NOT_STARTED and start is not None and as_at > start:
        return Rag.AMBER
    return Rag.GREEN


def rag_reason(status: ActionStatus, *, start: date | None, due: date | None, as_at: date) -> str:
    """Why :func:`action_rag` gives what it gives, in a few words (shown beside the RAG)."""
    if status is ActionStatus.DONE:
        return "done"
    if status is ActionStatus.OFF_TRACK:
        return "off track"
    if due is not None and as_at > due:
        return f"past its due date, {due:%d/%m/%Y}, and not done"
    if status is ActionStatus.AT_RISK:
        return "at risk"
    if status is ActionStatus.NOT_STARTED and start is not None and as_at > start:
        return f"not started, due to start {start:%d/%m/%Y}"
    return "not started, not yet due to start" if status is ActionStatus.NOT_STARTED else "on track"


@dataclass(frozen=True, slots=True)
class ActionView:
    """One action as at a date: the action, its status then and its RAG (with the reason), and its updates dated
    on or before then, the latest first."""

    action: Action
    status: ActionStatus
    rag: Rag
    reason: str
    updates: tuple[ActionUpdate, ...]

    @property
    def latest(self) -> ActionUpdate | None:
        return self.updates[0] if self.updates else None

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[self.rag]


@dataclass(frozen=True, slots=True)
class OutcomeActions:
    """An outcome of the strategy (its id and title) and its actions, in the order of their references."""

    outcome_id: str
    title: str
    actions: tuple[ActionView, ...]


@dataclass(frozen=True, slots=True)
class ActionPlan:
    """A council's action plan for one strategy as at a date: every outcome of the strategy in its order, each
    with its actions (an outcome with none has an empty tuple)."""

    la_code: str
    strategy_id: str
    strategy_title: str
    as_at: date
    outcomes: tuple[OutcomeActions, ...]

    @property
    def actions(self) -> tuple[ActionView, ...]:
        return tuple(a for o in self.outcomes for a in o.actions)


def _ref_order(ref: str) -> tuple[tuple[int, int | str], ...]:
    """References in the plan's order: 1.2 before 1.10, numbers before words."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in ref.replace("-", ".").split("."))


def view(action: Action, updates: Iterable[ActionUpdate], as_at: date) -> ActionView:
    """``action`` as at ``as_at`` (its updates after then left out)."""
    own = sorted((u for u in updates if u.action_key == action.key and u.on <= as_at), key=lambda u: u.on)
    status = own[-1].status if own else action.status
    rag = action_rag(status, start=action.start, due=action.due, as_at=as_at)
    reason = rag_reason(status, start=action.start, due=action.due, as_at=as_at)
    return ActionView(action, status, rag, reason, tuple(reversed(own)))


def plan_as_at(
    la_code: str,
    strategy: Strategy,
    actions: Iterable[Action],
    updates: Iterable[ActionUpdate],
    *,
    as_at: date,
) -> ActionPlan:
    """The action plan of ``strategy`` from a council's ``actions`` and ``updates`` (those of other strategies
    are left out), as at ``as_at``. An action started after ``as_at`` is still listed: the plan is the whole
    plan, and its RAG says whether it should have begun."""
    updates = tuple(updates)
    mine = [a for a in actions if a.strategy_id == strategy.id]
    outcomes = tuple(
        OutcomeActions(
            o.id,
            o.title,
            tuple(
                view(a, updates, as_at)
                for a in sorted((a for a in mine if a.outcome_id == o.id), key=lambda a: _ref_order(a.ref))
            ),
        )
        for o in strategy.outcomes
    )
    return ActionPlan(la_code, strategy.id, strategy.title, as_at, outcomes)


def plan_outline(strategy: Strategy) -> PlanOutline:
    """What an action plan may name of ``strategy``: its outcomes and its measures."""
    return PlanOutline(
        strategy.id, tuple(o.id for o in strategy.outcomes), frozenset(m.measure for _, m in strategy.measures)
    )


def plan_outlines(strategies: Iterable[Strategy]) -> dict[str, PlanOutline]:
    """Each strategy's :func:`plan_outline`, by id (what ``import_table(plans=...)`` takes)."""
    return {s.id: plan_outline(s) for s in strategies}
