"""A region's local measures from its members' records taken together (``measures.inputs.pool``, issue 15 item
5): keys kept apart by council, council figures summed on the dates every member gives, settings kept only when
the members share them; and every local measure of the pooled records is what a region's figure should be (a
count the members' summed, a rate between the members' rates, a maximum their maximum), except those declared
otherwise (``local.NOT_POOLED``, ``local.MEMBERS_SUMMED``, ``local.SETTINGS_MEASURES``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import polars as pl
import pytest

from csc_workforce.domain.records import CouncilRecords
from csc_workforce.measures.catalogue import Unit
from csc_workforce.measures.inputs import SCHEMAS, SETTINGS_FRAMES, CouncilFrames, frames_from_records, pool
from csc_workforce.measures.local import (
    MEMBERS_SUMMED,
    NOT_POOLED,
    SETTINGS_MEASURES,
    local_measures,
    pooled_gaps,
)
from csc_workforce.measures.strategy_catalogue import LOCAL_COMPUTED_IDS, LOCAL_MEASURES
from csc_workforce.synthetic import generate_council

D = date(2024, 9, 30)


def _two_councils(**extra: pl.DataFrame) -> CouncilFrames:
    """Council A: two permanent social workers (1.0 and 0.5 FTE) and an agency worker (1.0); council B: one
    permanent (1.0) and one agency (1.0). Both use the engagement keys "e1", "e2" (keys are unique only within a
    council)."""
    engagements = pl.DataFrame(
        {
            "la_code": ["A", "A", "A", "B", "B"],
            "person_key": ["p1", "p2", "p3", "p1", "p2"],
            "engagement_key": ["e1", "e2", "e3", "e1", "e2"],
            "agency": [False, False, True, False, True],
            "start_date": [date(2020, 1, 1)] * 5,
            "end_date": [None] * 5,
        }
    )
    assignments = pl.DataFrame(
        {
            "la_code": ["A", "A", "A", "B", "B"],
            "engagement_key": ["e1", "e2", "e3", "e1", "e2"],
            "effective_from": [date(2020, 1, 1)] * 5,
            "effective_to": [None] * 5,
            "fte": [1.0, 0.5, 1.0, 1.0, 1.0],
            "role": ["5"] * 5,
            "team_key": ["t1"] * 5,
        }
    )
    councils = pl.DataFrame({"la_code": ["A", "B"], "la_name": ["A", "B"], "region": ["London", "London"]})
    people = engagements.select("la_code", "person_key")
    return CouncilFrames.of(councils=councils, people=people, engagements=engagements, assignments=assignments, **extra)


def test_keys_are_kept_apart_by_council_and_the_region_is_one_council():
    pooled = pool(_two_councils(), la_code="R", name="The region").frames
    assert pooled.councils.rows() == [("R", "The region", "London")]
    assert pooled.engagements.get_column("engagement_key").to_list() == ["A:e1", "A:e2", "A:e3", "B:e1", "B:e2"]
    assert pooled.assignments.get_column("team_key").to_list() == ["A:t1"] * 3 + ["B:t1"] * 2
    assert set(pooled.engagements.get_column("la_code")) == {"R"}


def test_a_rate_of_the_region_is_worked_out_from_the_members_parts_summed():
    inputs = _two_councils()
    each = dict(local_measures(inputs, as_at=D).select("la_code", "permanency_rate_fte").iter_rows())
    region = local_measures(pool(inputs, la_code="R", name="R").frames, as_at=D).row(0, named=True)
    # by hand: A 1.5 permanent FTE of 2.5 = 60%; B 1.0 of 2.0 = 50%; the region 2.5 of 4.5 = 55.6%, not 55%
    assert each == {"A": pytest.approx(60.0), "B": pytest.approx(50.0)}
    assert region["permanency_rate_fte"] == pytest.approx(100 * 2.5 / 4.5)


def test_council_figures_are_summed_on_the_dates_every_member_gives():
    figures = pl.DataFrame(
        {
            "la_code": ["A", "B", "A", "A", "B"],
            "on": [D, D, date(2025, 3, 31), date(2023, 9, 30), date(2023, 9, 30)],
            "vacancies_fte": [2.0, 3.5, 1.0, 4.0, None],
            "agency_cover_fte": [1.0, 0.5, 1.0, 2.0, 1.0],
        }
    )
    pooled = pool(_two_councils(figures=figures), la_code="R", name="R").frames.figures
    assert pooled.sort("on").rows() == [
        ("R", date(2023, 9, 30), None, 3.0),  # B's vacancies not known: the region's are not
        ("R", D, 5.5, 1.5),
        # 31 March 2025: only A gives figures, so the region has none
    ]


def test_settings_are_kept_once_when_shared_and_left_out_when_they_differ():
    policy = pl.DataFrame(
        {
            "la_code": ["A", "B"],
            "group": ["all", "all"],
            "from_month": [0, 0],
            "to_month": [None, None],
            "interval_weeks": [4, 4],
            "interval_months": [None, None],
            "grace_days": [0, 0],
            "effective_from": [date(2020, 1, 1)] * 2,
        }
    )
    shared = pool(_two_councils(supervision_policy=policy), la_code="R", name="R")
    assert shared.differing == () and shared.frames.supervision_policy.height == 1
    assert shared.frames.supervision_policy.get_column("la_code").to_list() == ["R"]
    differ = pool(
        _two_councils(supervision_policy=policy.with_columns(interval_weeks=pl.Series([4, 6]))), la_code="R", name="R"
    )
    assert differ.differing == ("supervision_policy",) and differ.frames.supervision_policy.is_empty()
    assert set(pooled_gaps(differ)) == set(SETTINGS_MEASURES["supervision_policy"])
    caps = pl.DataFrame(
        {"la_code": ["A", "B"], "region": ["London"] * 2, "basis": ["charge"] * 2, "rate": [50.0, 50.0]}
    )
    caps = caps.with_columns(
        role=pl.lit(None, pl.String()),
        grade=pl.lit(None, pl.String()),
        effective_from=pl.lit(date(2020, 1, 1)),
        effective_to=pl.lit(None, pl.Date()),
    )
    inputs = _two_councils(agency_caps=caps)
    assert pool(inputs, la_code="R", name="R").differing == ()
    apart = replace(inputs, councils=inputs.councils.with_columns(region=pl.Series(["London", "South East"])))
    assert pool(apart, la_code="R", name="R").differing == ("agency_caps",)  # a cap may be for a region


# -- every local measure, on synthetic councils holding every kind of record ----------------------------------


def _council(code: str, seed: int, size: int) -> CouncilRecords:
    return generate_council(
        la_code=code,
        name=f"Council {code}",
        region="Inner London",
        first_year=2021,
        last_year=2025,
        seed=seed,
        size=size,
        development=True,
    )


@pytest.fixture(scope="module")
def members() -> CouncilFrames:
    return frames_from_records([_council("991", 1, 80), _council("992", 2, 60), _council("993", 3, 40)])


ADDITIVE = {Unit.FTE, Unit.HEADCOUNT, Unit.COUNT, Unit.MONEY}
MEANS = {"agency_pay_rate_vs_cap"}  # pounds, but a mean over placements: between the members'
MAXIMA = {"caseload_max", "caseload_asye_max", "caseload_weighted_max"}
SPREADS = {"caseload_team_spread"}  # the widest gap between teams: the region's teams are every member's


@pytest.mark.parametrize("as_at", [date(2023, 6, 30), D, date(2025, 3, 31)])
def test_each_local_measure_of_the_pooled_records_is_the_region_s_figure(members: CouncilFrames, as_at: date):
    units = {m.id: m.unit for m in LOCAL_MEASURES}
    each = local_measures(members, as_at=as_at)
    pooled = pool(members, la_code="R", name="R")
    assert pooled.differing == ()  # the synthetic councils share their settings
    region = local_measures(pooled.frames, as_at=as_at).row(0, named=True)
    checked: dict[str, int] = {"sum": 0, "between": 0, "max": 0}
    for measure in LOCAL_COMPUTED_IDS:
        given: list[Any] = [v for v in each.get_column(measure).to_list() if v is not None]
        value = region[measure]
        if measure in NOT_POOLED or measure in MEMBERS_SUMMED:
            continue
        if not given:
            assert value is None, measure
            continue
        assert value is not None, measure
        if units[measure] in ADDITIVE and measure not in MEANS:
            assert value == pytest.approx(sum(given), abs=1e-9), measure
            checked["sum"] += 1
        elif measure in MAXIMA:
            assert value == max(given), measure
            checked["max"] += 1
        elif measure in SPREADS:
            assert value >= max(given) - 1e-9, measure
        else:
            assert min(given) - 1e-9 <= value <= max(given) + 1e-9, measure
            checked["between"] += 1
    assert checked["sum"] >= 15 and checked["between"] >= 30 and checked["max"] >= 2, checked


def test_the_measures_declared_apart_would_be_wrong_from_the_pooled_records(members: CouncilFrames):
    """Not a check that cannot fail: the pooled records give these a figure outside what a region's could be, which
    is why they are declared (``NOT_POOLED``: another member's mandatory courses held against each worker;
    ``MEMBERS_SUMMED``: costs priced at the region's salaries, not each member's own)."""
    each = local_measures(members, as_at=D)
    region = local_measures(pool(members, la_code="R", name="R").frames, as_at=D).row(0, named=True)
    in_date = each.get_column("mandatory_training_in_date_pct").to_list()
    assert region["mandatory_training_in_date_pct"] < min(in_date)
    cost = each.get_column("recruitment_and_turnover_cost").to_list()
    assert region["recruitment_and_turnover_cost"] != pytest.approx(sum(cost), rel=1e-6)


def _first(members: CouncilFrames) -> CouncilFrames:
    return replace(
        members,
        **{name: getattr(members, name).filter(pl.col("la_code") == "991") for name in members.__dataclass_fields__},
    )


def _changed(members: CouncilFrames, frame: str) -> CouncilFrames:
    """One council's frames with its ``frame`` (a settings frame) changed so that every measure it judges moves."""
    one = _first(members)
    if frame == "supervision_policy":
        changed = one.supervision_policy.with_columns(
            interval_weeks=pl.col("interval_weeks") * 3, interval_months=pl.col("interval_months") * 3
        )
    elif frame == "grades":
        changed = one.grades.with_columns(rank=-pl.col("rank"))
    elif frame == "cost_assumptions":
        row = {"la_code": "991", "on_costs_pct": 60.0, "weekly_hours": 20.0, "onboarding_weeks": 40.0}
        changed = pl.DataFrame([row], schema=dict(SCHEMAS["cost_assumptions"]))
    else:
        changed = one.agency_caps.with_columns(rate=pl.col("rate") / 2)
    return replace(one, **{frame: changed})


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return bool(a == pytest.approx(b, rel=1e-12))


@pytest.mark.parametrize("frame", SETTINGS_FRAMES)
def test_a_settings_frame_moves_only_the_measures_declared_to_be_judged_by_it(members: CouncilFrames, frame: str):
    day = date(2025, 3, 31)  # the synthetic councils' agency caps are in force from 31 October 2024
    before = local_measures(_first(members), as_at=day).row(0, named=True)
    after = local_measures(_changed(members, frame), as_at=day).row(0, named=True)
    # (Polars sums in parallel in no fixed order: an unchanged figure may differ in its last bits)
    moved = {k for k in LOCAL_COMPUTED_IDS if not _same(before[k], after[k])}
    assert moved and moved <= set(SETTINGS_MEASURES[frame]), (frame, moved)
