"""A council's cost-of-turnover assumptions saved, audited and read back by the measures: the figure from the
database (``store.selectors.council_frames``: the pay and assumptions frames) is the one worked out by hand in
tests/measures/test_turnover_cost.py from the same records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.turnover_cost import DEFAULTS, TurnoverAssumptions, turnover_cost
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.cost_assumptions import assumptions_for, save_assumptions
from csc_workforce.store.services.records import data_version, records_store
from tests.measures.test_turnover_cost import OWN, RECORDS, D, P

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def council(db: None) -> m.Council:
    council = m.Council.objects.create(la_code="990", name="Turnovershire")
    records_store(council=council, records=RECORDS)
    return council


def test_saved_assumptions_are_the_ones_the_figure_uses(council: m.Council) -> None:
    assert assumptions_for("990").assumptions == DEFAULTS and assumptions_for("990").set_by == ""
    before = data_version()
    saved = save_assumptions(la_code="990", assumptions=OWN, set_by="lead", now=NOW)
    assert (saved.assumptions, saved.set_by, saved.set_at) == (OWN, "lead", NOW)
    assert data_version() != before, "cached figures are computed afresh"
    (row,) = turnover_cost(council_frames(la_codes=["990"]), as_at=D, period=P).to_dicts()
    assert row["recruitment_and_turnover_cost"] == pytest.approx(19731.60, abs=0.01)  # as worked out by hand
    (measures,) = local_measures(council_frames(la_codes=["990"]), as_at=D, period=P).to_dicts()
    assert measures["recruitment_and_turnover_cost"] == pytest.approx(19731.60, abs=0.01)
    event = m.AuditEvent.objects.get(object_type="cost_assumptions")
    assert (event.action, event.username, event.object_id) == ("change", "lead", "990")
    assert event.detail["before"]["on_costs_pct"] == 30.0 and event.detail["after"]["on_costs_pct"] == 25.0
    assert event.detail["after"]["salaries"] == {"3": 50000}


def test_back_to_the_defaults(council: m.Council) -> None:
    save_assumptions(la_code="990", assumptions=OWN, set_by="lead", now=NOW)
    save_assumptions(la_code="990", assumptions=None, set_by="lead", now=NOW)
    assert assumptions_for("990").assumptions == DEFAULTS
    assert not m.CostAssumptions.objects.exists()
    assert m.AuditEvent.objects.filter(object_type="cost_assumptions").count() == 2


def test_assumptions_out_of_range_are_refused_and_nothing_is_saved(council: m.Council) -> None:
    with pytest.raises(ValueError, match="On-costs must be between 0% and 100% of salary"):
        save_assumptions(la_code="990", assumptions=TurnoverAssumptions(on_costs_pct=150), set_by="lead", now=NOW)
    assert not m.CostAssumptions.objects.exists() and not m.AuditEvent.objects.exists()


def test_a_viewer_s_cost_of_turnover_withholds_a_part_over_1_to_4_people_and_the_total_with_it() -> None:
    """Three starters: their on-boarding cost is withheld (with the salaries shown it would give them back), and
    so are the total and per leaver (the total less the parts shown would give it back); 20 placements and 12
    leavers are shown."""
    from csc_workforce.store.services.records_pages import _turnover_rows, _turnover_withheld

    (row,) = turnover_cost(frames_from_records([RECORDS]), as_at=D, period=P).to_dicts()
    row = {**row, "covering_placements": 20, "leavers": 12, "starters": 3}
    shown = {r["line"]: r for r in _turnover_withheld(_turnover_rows(row)).to_dicts()}
    assert shown["onboarding"]["count_withheld"] and shown["onboarding"]["cost_withheld"]
    assert shown["total"]["cost_withheld"] and shown["per_leaver"]["cost_withheld"]
    assert not shown["total"]["count_withheld"] and not shown["agency"]["cost_withheld"]
    assert not shown["recruitment"]["count_withheld"], "campaigns are not people"
    few = {**row, "covering_placements": 2, "starters": 30}
    shown = {r["line"]: r for r in _turnover_withheld(_turnover_rows(few)).to_dicts()}
    assert all(shown[line]["cost_withheld"] for line in ("agency", "equivalent", "premium", "total", "per_leaver"))
    assert shown["equivalent"]["count_withheld"], "the hours are the two placements'"
    assert not shown["onboarding"]["cost_withheld"]
