"""The demo council's action plans: the seed strategies' action lists (``strategies/seeds/actions/``, transcribed
from the councils' documents) loaded through the one importer, with invented owners (post titles only), dates
and a few updates, every one of them synthetic. docs/synthetic.md, "Action plans"."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from csc_workforce.domain.codes import ActionStatus
from csc_workforce.domain.records import Action, ActionUpdate, CouncilRecords
from csc_workforce.importers import default_mapping, import_table, read_table
from csc_workforce.strategies.actions import plan_outlines
from csc_workforce.strategies.shipped import load_seed, seed_action_file, seed_action_ids, seed_strategies

OWNERS = (  # post titles, never a person
    "Head of Service",
    "Principal Social Worker",
    "Service Manager",
    "Workforce Development Manager",
    "HR Business Partner",
    "Recruitment and Retention Lead",
)
SYNTHETIC_NOTE = "Synthetic update for the demo"
# the status of an update, and how often each comes
_STATUSES = ((ActionStatus.ON_TRACK, 5), (ActionStatus.DONE, 3), (ActionStatus.AT_RISK, 2), (ActionStatus.OFF_TRACK, 1))


def seed_actions(strategy_id: str, records: CouncilRecords, source: str) -> tuple[Action, ...]:
    """The action list of seed strategy ``strategy_id`` as the council's actions, read by the importer as any
    actions file is (it must load with no issue at all)."""
    data = seed_action_file(strategy_id)
    table = read_table(data, filename=f"{strategy_id}.csv")
    result = import_table(
        table,
        default_mapping("actions"),
        council=records.council,
        source_key=source,
        plans=plan_outlines(seed_strategies()),
    )
    if result.issues:
        raise ValueError(f"the seed action list {strategy_id} does not load: {result.issues[0].as_text()}")
    return result.records.actions


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def with_seed_actions(records: CouncilRecords, *, seed: int, source: str = "synthetic:actions") -> CouncilRecords:
    """``records`` with every seed action list: each action given an invented owner (a post title), the
    strategy's period as its start and due dates (due at the period's end, or a year before it for one in three)
    and, for about half of them, one to three updates (status, "Synthetic update for the demo", by the owner)
    dated within the period."""
    rng = random.Random(f"{seed}:actions")
    actions: list[Action] = []
    updates: list[ActionUpdate] = []
    statuses = [status for status, _ in _STATUSES]
    weights = [weight for _, weight in _STATUSES]
    for strategy_id in seed_action_ids():
        period = load_seed(strategy_id).period
        for action in seed_actions(strategy_id, records, source):
            owner = rng.choice(OWNERS)
            due = period.end if rng.random() > 1 / 3 else period.end.replace(year=period.end.year - 1)
            actions.append(replace(action, owner=owner, start=period.start, due=due))
            if rng.random() < 0.5:
                days = sorted({_day_between(rng, period.start, due) for _ in range(rng.randint(1, 3))})
                for day in days:
                    status = rng.choices(statuses, weights)[0]
                    updates.append(ActionUpdate(action.key, day, status, SYNTHETIC_NOTE, owner, source))
    return replace(records, actions=(*records.actions, *actions), action_updates=(*records.action_updates, *updates))
