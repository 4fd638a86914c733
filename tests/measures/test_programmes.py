"""ASYE measures for a small hand-built council, every expected value worked out by hand in the comments.

Council 901 "Asyeshire", as at D = 30 Sep 2023; P (default) = the 12 months to D = 1 Oct 2022 .. 30 Sep 2023.
Every person has one permanent engagement starting the day their ASYE does (an assignment covering it from then
on, team T1 unless said) and an ASYE spell (programme "asye"):

  person  ASYE spell(s)                                    outcome    engagement ends (first day not in post)
  A1-A4   1 Sep 2020 - 31 Aug 2021                         passed     -
  A5      1 Sep 2020 - 31 Aug 2021                         passed     1 Nov 2021 (14 months); agency from
                                                                      1 Jan 2022, still in post at D
  B1      1 Oct 2021 - 31 Oct 2022                         extended   -
          1 Nov 2022 - 30 Apr 2023 (the extension)         passed
  B2      1 Nov 2021 - 31 Oct 2022                         failed     1 Nov 2022
  E1      1 Sep 2022 - 31 Aug 2023                         passed     -
  C1      1 Sep 2023 -            protected caseload 10, time 10%    -     cases on 29 Sep 2023: 12
  C2      1 Jul 2023 -            protected caseload 12, time 20%    -     cases on 29 Sep 2023: 8
  C3      1 Aug 2023 -            protected caseload 9, no time      -     team T2; one snapshot, 15 on 1 Aug
          (the spell names no engagement: matched by person)               2023, more than 31 days before D
  C4      1 May 2023 - 31 Aug 2023                         left       1 Sep 2023

Council 902 "Stepton" holds one Step Up spell and no ASYE spell: every ASYE measure is null, not 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.domain.codes import ContractType, OrgRole, Programme, ProgrammeOutcome, StartOrigin
from csc_workforce.domain.periods import Period, twelve_months_to
from csc_workforce.domain.records import (
    Assignment,
    CaseloadSnapshot,
    Council,
    CouncilRecords,
    Engagement,
    ProgrammeSpell,
    Team,
)
from csc_workforce.measures.disclosure import withhold_team_counts
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.programmes import (
    ASYE_CASELOAD_COLUMNS,
    ASYE_MEASURE_IDS,
    COHORT_COLUMNS,
    PROGRAMME_COUNT_COLUMNS,
    asye_caseloads,
    asye_cohorts,
    programme_counts,
    years_before,
)
from csc_workforce.measures.strategy_catalogue import LOCAL_COMPUTED_IDS, STRATEGY_BY_ID

D = date(2023, 9, 30)
SNAP = date(2023, 9, 29)
ASYE, PASSED, EXTENDED = Programme.ASYE, ProgrammeOutcome.PASSED, ProgrammeOutcome.EXTENDED
FAILED, LEFT = ProgrammeOutcome.FAILED, ProgrammeOutcome.LEFT

# person -> (engagement start, engagement end, team)
PEOPLE: dict[str, tuple[date, date | None, str]] = {
    **{f"A{i}": (date(2020, 9, 1), None, "T1") for i in range(1, 5)},
    "A5": (date(2020, 9, 1), date(2021, 11, 1), "T1"),
    "B1": (date(2021, 10, 1), None, "T1"),
    "B2": (date(2021, 11, 1), date(2022, 11, 1), "T1"),
    "E1": (date(2022, 9, 1), None, "T1"),
    "C1": (date(2023, 9, 1), None, "T1"),
    "C2": (date(2023, 7, 1), None, "T1"),
    "C3": (date(2023, 8, 1), None, "T2"),
    "C4": (date(2023, 5, 1), date(2023, 9, 1), "T1"),
}


def _spell(
    key: str, person: str, start: date, end: date | None, outcome: ProgrammeOutcome, **kw: object
) -> ProgrammeSpell:
    engagement = kw.pop("engagement_key", f"E-{person}")
    return ProgrammeSpell(key, person, ASYE, start, end, outcome, engagement_key=engagement, **kw)  # type: ignore[arg-type]


def _engagements() -> tuple[Engagement, ...]:
    staff = tuple(
        Engagement(
            f"E-{p}",
            p,
            ContractType.PERMANENT,
            start_date=start,
            end_date=end,
            start_origin=StartOrigin.NEWLY_QUALIFIED,
        )
        for p, (start, end, _) in PEOPLE.items()
    )
    return (*staff, Engagement("E-A5-agency", "A5", ContractType.AGENCY, start_date=date(2022, 1, 1)))


def _assignments() -> tuple[Assignment, ...]:
    staff = tuple(
        Assignment(f"E-{p}", start, end, role=OrgRole.CASE_HOLDER, fte=Decimal("1.0"), team_key=team)
        for p, (start, end, team) in PEOPLE.items()
    )
    agency = Assignment("E-A5-agency", date(2022, 1, 1), role=OrgRole.CASE_HOLDER, fte=Decimal("1.0"), team_key="T1")
    return (*staff, agency)


def asyeshire() -> CouncilRecords:
    a_cohort = tuple(_spell(f"S-A{i}", f"A{i}", date(2020, 9, 1), date(2021, 8, 31), PASSED) for i in range(1, 6))
    spells = (
        *a_cohort,
        _spell("S-B1", "B1", date(2021, 10, 1), date(2022, 10, 31), EXTENDED),
        _spell("S-B1x", "B1", date(2022, 11, 1), date(2023, 4, 30), PASSED),
        _spell("S-B2", "B2", date(2021, 11, 1), date(2022, 10, 31), FAILED),
        _spell("S-E1", "E1", date(2022, 9, 1), date(2023, 8, 31), PASSED),
        _spell(
            "S-C1",
            "C1",
            date(2023, 9, 1),
            None,
            ProgrammeOutcome.ONGOING,
            protected_caseload=10,
            protected_time_pct=Decimal("10"),
        ),
        _spell(
            "S-C2",
            "C2",
            date(2023, 7, 1),
            None,
            ProgrammeOutcome.ONGOING,
            protected_caseload=12,
            protected_time_pct=Decimal("20"),
        ),
        _spell(
            "S-C3", "C3", date(2023, 8, 1), None, ProgrammeOutcome.ONGOING, protected_caseload=9, engagement_key=None
        ),
        _spell("S-C4", "C4", date(2023, 5, 1), date(2023, 8, 31), LEFT),
    )
    return CouncilRecords(
        council=Council("901", "Asyeshire"),
        teams=(Team("T1", "Assessment"), Team("T2", "Children in Care")),
        engagements=_engagements(),
        assignments=_assignments(),
        caseloads=(
            CaseloadSnapshot("E-C1", SNAP, 12),
            CaseloadSnapshot("E-C2", SNAP, 8),
            CaseloadSnapshot("E-C3", date(2023, 8, 1), 15),  # 60 days before D: not the caseload on D
        ),
        programmes=spells,
    )


def stepton() -> CouncilRecords:
    return CouncilRecords(
        council=Council("902", "Stepton"),
        engagements=(Engagement("F1", "Q1", ContractType.PERMANENT, start_date=date(2020, 1, 1)),),
        assignments=(Assignment("F1", date(2020, 1, 1), role=OrgRole.CASE_HOLDER, fte=Decimal("1.0")),),
        programmes=(ProgrammeSpell("S-Q1", "Q1", Programme.STEP_UP, date(2022, 9, 1), date(2023, 8, 31), PASSED),),
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([asyeshire(), stepton()])


@pytest.fixture(scope="module")
def measures(inputs: CouncilFrames) -> pl.DataFrame:
    return local_measures(inputs, as_at=D)


def _row(frame: pl.DataFrame, la_code: str) -> dict[str, object]:
    return frame.filter(pl.col("la_code") == la_code).row(0, named=True)


EXPECTED: dict[str, float | int | None] = {
    # ASYEs begun in P: C4 1 May, C2 1 Jul, C3 1 Aug, C1 1 Sep 2023 -> 4. B1's extension spell (1 Nov 2022)
    # follows a spell that ended "extended": it continues B1's ASYE, no new start. E1 began 1 Sep 2022, before P.
    "asye_starts": 4,
    # Spells ending in P (1 Oct 2022 .. 30 Sep 2023): S-B1 31 Oct 2022 extended, S-B2 31 Oct 2022 failed,
    # S-B1x 30 Apr 2023 passed, S-E1 31 Aug 2023 passed, S-C4 31 Aug 2023 left -> passed: B1x, E1 = 2.
    "asye_completions": 2,
    # Final outcomes among them: passed 2, failed 1, left 1 (the "extended" spell is in neither) -> 2 / 4.
    "asye_pass_pct": 50.0,
    # 1y: ASYEs begun 1 Oct 2021 .. 30 Sep 2022: B1 (1 Oct 2021), B2 (1 Nov 2021), E1 (1 Sep 2022); in post with
    # the council at D: B1, E1 (B2 left 1 Nov 2022) -> 2 / 3.
    "asye_retention_1y_pct": 2 / 3 * 100,
    # 2y: begun 1 Oct 2020 .. 30 Sep 2021: none (A1-A5 began 1 Sep 2020) -> null, not 0.
    "asye_retention_2y_pct": None,
    # 3y: begun 1 Oct 2019 .. 30 Sep 2020: A1-A5; at D A1-A4 are staff, A5 is agency (not counted) -> 4 / 5.
    "asye_retention_3y_pct": 80.0,
    # Spells covering D: C1 (12 cases > 10: over), C2 (8 <= 12), C3 (no snapshot in the 31 days to D: not
    # counted) -> 1.
    "asye_over_protected_caseload": 1,
    # Spells covering D recording protected time: C1 10, C2 20 (C3 records none) -> 15.
    "protected_development_time": 15.0,
}


def test_local_measures_has_the_asye_columns(measures: pl.DataFrame) -> None:
    assert set(ASYE_MEASURE_IDS) <= set(measures.columns)
    assert [c for c in LOCAL_COMPUTED_IDS if c in ASYE_MEASURE_IDS] == list(ASYE_MEASURE_IDS)
    assert all(STRATEGY_BY_ID[i].reads == ("programmes",) for i in ASYE_MEASURE_IDS)


@pytest.mark.parametrize("measure_id", sorted(EXPECTED))
def test_asye_measure_matches_hand_worked_value(measures: pl.DataFrame, measure_id: str) -> None:
    expected = EXPECTED[measure_id]
    value = _row(measures, "901")[measure_id]
    assert value is None if expected is None else value == pytest.approx(expected)


def test_the_counts_the_measures_are_over(inputs: CouncilFrames) -> None:
    """From EXPECTED's workings: 4 starts; 2 passed of 4 final outcomes; cohorts 3 (2 kept), none, 5 (4 kept);
    1 over the protected caseload; 2 spells recording protected time (C1, C2). Stepton holds no ASYE: null."""
    counts = programme_counts(inputs, as_at=D, period=twelve_months_to(D))
    assert tuple(counts.columns[1:]) == PROGRAMME_COUNT_COLUMNS
    assert _row(counts, "901") == {
        "la_code": "901",
        "asye_starts": 4,
        "asye_completions": 2,
        "asye_final_outcomes": 4,
        "asye_retention_1y_cohort": 3,
        "asye_retention_1y_kept": 2,
        "asye_retention_2y_cohort": None,
        "asye_retention_2y_kept": None,
        "asye_retention_3y_cohort": 5,
        "asye_retention_3y_kept": 4,
        "asye_over_protected_caseload": 1,
        "protected_time_spells": 2,
    }
    assert all(v is None for k, v in _row(counts, "902").items() if k != "la_code")


def test_a_council_with_no_asye_spell_gets_null_not_zero(measures: pl.DataFrame) -> None:
    # Stepton holds a Step Up spell only.
    row = _row(measures, "902")
    assert {i: row[i] for i in ASYE_MEASURE_IDS} == dict.fromkeys(ASYE_MEASURE_IDS)


def test_counts_follow_the_period_passed(inputs: CouncilFrames) -> None:
    # P = 1 Oct 2022 .. 31 Mar 2023: starts none (C1-C4 began from May 2023; B1's extension is no start);
    # spells ending: S-B1 extended, S-B2 failed -> completions 0, pass rate 0 / 1 = 0.
    row = _row(local_measures(inputs, as_at=D, period=Period(date(2022, 10, 1), date(2023, 3, 31))), "901")
    assert (row["asye_starts"], row["asye_completions"], row["asye_pass_pct"]) == (0, 0, 0.0)
    # P = 1 Nov 2022 .. 31 Mar 2023: only S-B1x started (an extension) and nothing ended -> pass rate null.
    row = _row(local_measures(inputs, as_at=D, period=Period(date(2022, 11, 1), date(2023, 3, 31))), "901")
    assert (row["asye_starts"], row["asye_completions"], row["asye_pass_pct"]) == (0, 0, None)


def test_cohort_table_by_financial_year(inputs: CouncilFrames) -> None:
    table = asye_cohorts(inputs, as_at=D)
    assert table.columns == list(COHORT_COLUMNS)
    assert table["la_code"].to_list() == ["901"] * 4  # Stepton has no ASYE: no row
    rows = {r["cohort"]: r for r in table.iter_rows(named=True)}
    assert list(rows) == ["2020/21", "2021/22", "2022/23", "2023/24"]
    # 2020/21 (1 Apr 2020 .. 31 Mar 2021): A1-A5 began 1 Sep 2020, all passed (31 Aug 2021). A5 left after 14
    # months (1 Nov 2021): on 1 Sep 2021 all 5 in post -> 100%; on 1 Sep 2022 and 1 Sep 2023 4 -> 80%; at D 4
    # (A5's agency work does not count) -> 80%.
    a = rows["2020/21"]
    assert (a["cohort_year"], a["started"], a["passed"], a["extended"], a["ongoing"]) == (2020, 5, 5, 0, 0)
    assert (a["in_post"], a["in_post_pct"]) == (4, 80.0)
    assert (a["retained_1y"], a["retained_1y_pct"]) == (5, 100.0)
    assert (a["retained_2y"], a["retained_2y_pct"]) == (4, 80.0)
    assert (a["retained_3y"], a["retained_3y_pct"]) == (4, 80.0)  # 1 Sep 2023 is on or before D
    # 2021/22: B1 (1 Oct 2021, extended, then passed on the extension, 30 Apr 2023) and B2 (1 Nov 2021, failed).
    # On the first anniversaries B1 (1 Oct 2022) is in post, B2 (1 Nov 2022, the day it left) is not -> 1 of 2.
    # Their second anniversaries (1 Oct 2023, 1 Nov 2023) are after D -> null.
    b = rows["2021/22"]
    assert (b["started"], b["passed"], b["extended"], b["failed"], b["left"], b["ongoing"]) == (2, 1, 0, 1, 0, 0)
    assert (b["in_post"], b["retained_1y"], b["retained_1y_pct"]) == (1, 1, 50.0)
    assert (b["retained_2y"], b["retained_2y_pct"], b["retained_3y"]) == (None, None, None)
    # 2022/23: E1 (1 Sep 2022) passed 31 Aug 2023, in post on 1 Sep 2023 and at D.
    e = rows["2022/23"]
    assert (e["started"], e["passed"], e["in_post"], e["retained_1y"], e["retained_2y"]) == (1, 1, 1, 1, None)
    # 2023/24: C1-C4; C4 left (31 Aug 2023), C1-C3 still on it; C1-C3 in post at D -> 3 of 4 = 75%; no
    # anniversary yet.
    c = rows["2023/24"]
    assert (c["started"], c["left"], c["ongoing"], c["in_post"], c["in_post_pct"]) == (4, 1, 3, 3, 75.0)
    assert (c["retained_1y"], c["retained_1y_pct"]) == (None, None)


def test_an_asye_in_its_extension_counts_as_extended_once(inputs: CouncilFrames) -> None:
    # As at 31 Dec 2022 the 2021/22 cohort: B1's first spell ended "extended" on 31 Oct 2022 and the extension
    # (1 Nov 2022 ..) is under way -> extended; B2 failed on 31 Oct 2022. Still 2 started, not 3.
    b = asye_cohorts(inputs, as_at=date(2022, 12, 31)).filter(pl.col("cohort") == "2021/22").row(0, named=True)
    assert (b["started"], b["passed"], b["extended"], b["failed"], b["ongoing"]) == (2, 0, 1, 1, 0)
    # As at 15 Oct 2022 both are still on their first spell: ongoing.
    b = asye_cohorts(inputs, as_at=date(2022, 10, 15)).filter(pl.col("cohort") == "2021/22").row(0, named=True)
    assert (b["started"], b["extended"], b["failed"], b["ongoing"]) == (2, 0, 0, 2)


def test_one_spell_marked_extended_while_it_runs() -> None:
    # A council that keeps one spell and marks it "extended": X1 began 1 Oct 2022, open, outcome extended.
    records = CouncilRecords(
        council=Council("903", "Onespell"),
        engagements=(Engagement("E-X1", "X1", ContractType.PERMANENT, start_date=date(2022, 10, 1)),),
        assignments=(Assignment("E-X1", date(2022, 10, 1), role=OrgRole.CASE_HOLDER, fte=Decimal("1.0")),),
        programmes=(ProgrammeSpell("S-X1", "X1", ASYE, date(2022, 10, 1), None, EXTENDED, engagement_key="E-X1"),),
    )
    inputs = frames_from_records([records])
    row = asye_cohorts(inputs, as_at=D).row(0, named=True)
    assert (row["cohort"], row["started"], row["extended"], row["ongoing"]) == ("2022/23", 1, 1, 0)
    # Not ended: no completion, nothing in the pass rate (null), one start in P (1 Oct 2022 .. 30 Sep 2023).
    measures = local_measures(inputs, as_at=D).row(0, named=True)
    assert (measures["asye_starts"], measures["asye_completions"], measures["asye_pass_pct"]) == (1, 0, None)


def test_asye_caseloads_by_team(inputs: CouncilFrames) -> None:
    table = asye_caseloads(inputs, as_at=D)
    assert table.columns == list(ASYE_CASELOAD_COLUMNS)
    rows = {(r["la_code"], r["team_name"]): r for r in table.iter_rows(named=True)}
    assert list(rows) == [("901", "Assessment"), ("901", "Children in Care"), ("901", "Total"), ("902", "Total")]
    # Assessment: C1 12 cases (protected 10: over), C2 8 (protected 12) -> 2 workers, mean (12 + 8) / 2 = 10,
    # mean protected (10 + 12) / 2 = 11, 1 over.
    t1 = rows[("901", "Assessment")]
    assert (t1["asye_workers"], t1["with_snapshot"], t1["mean_cases"]) == (2, 2, 10.0)
    assert (t1["with_protected_caseload"], t1["mean_protected_caseload"], t1["over_protected"]) == (2, 11.0, 1)
    # Children in Care: C3, no snapshot in the 31 days to D -> mean cases null, never over; protected 9.
    t2 = rows[("901", "Children in Care")]
    assert (t2["asye_workers"], t2["with_snapshot"], t2["mean_cases"], t2["over_protected"]) == (1, 0, None, 0)
    assert (t2["with_protected_caseload"], t2["mean_protected_caseload"]) == (1, 9.0)
    # Total: 3 workers, 2 with snapshots, mean cases 10, mean protected (10 + 12 + 9) / 3, 1 over.
    total = rows[("901", "Total")]
    assert (total["asye_workers"], total["with_snapshot"], total["mean_cases"], total["over_protected"]) == (
        3,
        2,
        10.0,
        1,
    )
    assert total["with_protected_caseload"] == 3
    assert total["mean_protected_caseload"] == pytest.approx(31 / 3)
    empty = rows[("902", "Total")]
    assert (empty["asye_workers"], empty["mean_cases"], empty["over_protected"]) == (0, None, 0)


def test_years_before_handles_29_february() -> None:
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)
    assert years_before(date(2024, 2, 29), 4) == date(2020, 2, 29)
    assert years_before(date(2023, 9, 30), 3) == date(2020, 9, 30)


def test_the_tables_are_declared_with_their_functions() -> None:
    assert STRATEGY_BY_ID["asye_cohorts"].computed_by is asye_cohorts
    assert STRATEGY_BY_ID["asye_caseloads"].computed_by is asye_caseloads
    assert STRATEGY_BY_ID["asye_cohorts"].reads == STRATEGY_BY_ID["asye_caseloads"].reads == ("programmes",)


def test_the_caseload_table_is_protected_by_the_team_counts_mechanism(inputs: CouncilFrames) -> None:
    # Asyeshire's teams hold 2 and 1 ASYE workers, 1 to 4 each: withheld from a viewer, and the means with them.
    shown = withhold_team_counts(
        asye_caseloads(inputs, as_at=D).filter(pl.col("la_code") == "901"),
        counts=("asye_workers", "with_snapshot", "with_protected_caseload", "over_protected"),
        derived={"mean_cases": "with_snapshot", "mean_protected_caseload": "with_protected_caseload"},
    )
    teams = shown.filter(~pl.col("is_total"))
    assert teams["team_name"].to_list() == ["Assessment", "Children in Care"]
    assert teams["asye_workers"].to_list() == [None, None]
    assert teams["mean_cases"].to_list() == [None, None]
