"""The seed strategies' action lists (strategies/seeds/actions/) and the demo's action plans built on them."""

from __future__ import annotations

from collections import Counter

from csc_workforce.domain.codes import ActionStatus
from csc_workforce.domain.records import Council, CouncilRecords
from csc_workforce.strategies.shipped import load_seed, seed_action_ids
from csc_workforce.synthetic.actions import OWNERS, SYNTHETIC_NOTE, seed_actions, with_seed_actions

EMPTY = CouncilRecords(Council("990", "Northgate (demo)"))


def test_each_seed_action_list_loads_through_the_importer_with_no_issue() -> None:
    assert seed_action_ids() == ("bexley-2020-23", "dudley-2021-23", "slough-2014-17")
    found = {s: seed_actions(s, EMPTY, "synthetic:1") for s in seed_action_ids()}  # raises on any issue
    # as many as the documents give: Bexley's 13 priorities, Dudley's 13 + 20 + 15, Slough's 5 + 10
    assert {s: len(a) for s, a in found.items()} == {"bexley-2020-23": 13, "dudley-2021-23": 48, "slough-2014-17": 15}
    dudley = Counter(a.outcome_id for a in found["dudley-2021-23"])
    assert dudley == {"recruitment": 13, "retention": 20, "development": 15}
    slough = {a.ref: a for a in found["slough-2014-17"]}
    assert slough["R2"].title == "Secure the supply and recruitment of social workers long term"
    assert slough["M10"].outcome_id == "5"
    for strategy_id, actions in found.items():
        outcomes = {o.id for o in load_seed(strategy_id).outcomes}
        assert {a.outcome_id for a in actions} <= outcomes
        # what the documents do not give is left out: no owner, no dates, every status "not started"
        assert {(a.owner, a.start, a.due, a.status) for a in actions} == {(None, None, None, ActionStatus.NOT_STARTED)}


def test_the_demo_gives_the_actions_post_titles_dates_and_synthetic_updates() -> None:
    records = with_seed_actions(EMPTY, seed=2025)
    assert len(records.actions) == 76
    assert {a.owner for a in records.actions} <= set(OWNERS)
    slough = load_seed("slough-2014-17").period
    for action in records.actions:
        assert action.start is not None and action.due is not None and action.start <= action.due
    assert {a.start for a in records.actions if a.strategy_id == "slough-2014-17"} == {slough.start}
    keys = {a.key: a for a in records.actions}
    assert records.action_updates, "a few actions have updates"
    for update in records.action_updates:
        action = keys[update.action_key]
        assert update.note == SYNTHETIC_NOTE and update.by == action.owner
        assert action.start is not None and action.due is not None and action.start <= update.on <= action.due
    days = [(u.action_key, u.on) for u in records.action_updates]
    assert len(days) == len(set(days)), "one update a day for an action"
    assert with_seed_actions(EMPTY, seed=2025) == records  # the same seed, the same plans
