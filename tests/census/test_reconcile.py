"""Reconciliation: each kind of disagreement between returns is found with its code and numbers, and every
difference between a year's figures as returned and from records is explained by them.

The figures are computed as the service computes them (``measures_as_returned``'s method on one return, and
the measures on the timeline of every return, with HR records laid over it where a test gives some; each post
a finding says no return reports measured alone in that timeline), so a wrong prediction of what a finding
changes fails here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import polars as pl
import pytest
from csww_support import full_worker

from csc_workforce.census.csww import read_census
from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.census.csww.reconcile import (
    Reconciliation,
    compare_year,
    import_issues,
    reconcile,
    reconcile_findings,
    unreported_posts,
)
from csc_workforce.census.csww.records import ReturnSource, engagement_key, records_from_returns
from csc_workforce.domain.codes import AbsenceReason, LeaverDestination, ReasonLeave, Sex
from csc_workforce.domain.overlay import overlay_records
from csc_workforce.domain.records import Absence, CaseloadSnapshot, Council, CouncilRecords
from csc_workforce.measures.catalogue import MEASURES
from csc_workforce.measures.compute import census_year_measures
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.synthetic.generator import generate_council
from csc_workforce.synthetic.returns import council_returns

COUNCIL = Council("301", "Barking and Dagenham", "London")
SPECS = list(MEASURES)  # the declarations of DfE's indicators, as the service passes them
IN_POST = SPECS[1]  # inpost_headcount


def worker(index: int, **items: object) -> CensusWorker:
    """A council-employed worker in post, FTE 1, started 2 March 2015, with no absence on 30 September."""
    base = replace(
        full_worker(index),
        fte=Decimal("1"),
        fte30=Decimal("1"),
        absent_30_sept=None,
        reason_absence=None,
        line=None,
    )
    return replace(base, **items)  # type: ignore[arg-type]


def leaver(index: int, end: date, **items: object) -> CensusWorker:
    left = {
        "role_end_date": end,
        "reason_leave": ReasonLeave.RESIGNATION,
        "leaver_destination": LeaverDestination.OTHER_LA_ENGLAND,
        "fte30": None,
        "cases30": None,
    }
    return worker(index, **(left | items))


def census(year: int, *workers: CensusWorker) -> CensusReturn:
    header = CensusHeader(year, COUNCIL.la_code, date(year, 9, 30))
    return CensusReturn(header, LALevel(Decimal("5.00"), Decimal("1.00"), 1), tuple(workers))


def measured(returns: list[CensusReturn], hr: CouncilRecords | None = None) -> Reconciliation:
    """The reconciliation with both sets of figures computed as the service computes them; ``hr``: records from
    other sources laid over the returns' timeline (they win, as uploads do)."""
    records = records_from_returns(COUNCIL, [ReturnSource(r, str(r.header.collection_year)) for r in returns])
    timeline = frames_from_records([records if hr is None else overlay_records(records, hr)])
    as_returned, from_records = {}, {}
    for r in returns:
        year = r.header.collection_year
        alone = frames_from_records([records_from_returns(COUNCIL, [ReturnSource(r, "alone")])])
        as_returned[year] = census_year_measures(alone, year, total=False).row(0, named=True)
        from_records[year] = census_year_measures(timeline, year, total=False).row(0, named=True)
    posts = unreported_posts(reconcile_findings(returns))
    unreported = {(year, post): post_alone(timeline, post, year) for year, keys in posts.items() for post in keys}
    return reconcile(returns, as_returned=as_returned, from_records=from_records, measures=SPECS, unreported=unreported)


def post_alone(timeline: CouncilFrames, post: str, year: int) -> dict[str, object]:
    """One post's measures for ``year``: the timeline's frames filtered to that engagement."""
    frames = {
        name: getattr(timeline, name).filter(pl.col("engagement_key") == post)
        for name in ("engagements", "assignments", "absences", "caseloads")
    }
    return census_year_measures(CouncilFrames.of(councils=timeline.councils, **frames), year, total=False).row(
        0, named=True
    )


def difference(result: Reconciliation, year: int, measure: str):  # type: ignore[no-untyped-def]
    return next(d for d in result.differences if d.year == year and d.measure == measure)


def test_consistent_returns_give_no_findings_and_no_differences():
    returns = [
        census(2023, worker(1), worker(2), leaver(3, date(2023, 5, 1))),
        census(2024, worker(1), worker(2), worker(4, role_start_date=date(2024, 1, 10))),
    ]
    result = measured(returns)
    assert result.findings == ()
    assert result.differing() == ()
    assert result.explained
    assert len(result.differences) == 2 * len(SPECS)


def test_a_worker_in_a_later_return_missing_from_an_earlier_one_is_found():
    returns = [census(2023, worker(1)), census(2025, worker(1), worker(2, role_start_date=date(2020, 1, 6), line=40))]
    [finding] = reconcile_findings(returns)
    assert (finding.code, finding.years, finding.swe_no) == ("CSWW-REC-001", (2023, 2025), "SW10002")
    assert finding.message.startswith(
        "Worker SW10002 is in the 2025 return (line 40) with RoleStartDate 2020-01-06, so worked for the council "
        "on 30 September 2023, but is missing from the 2023 return."
    )
    assert "add them to the 2023 return" in finding.message


def test_a_worker_who_started_after_the_earlier_reference_date_is_not_missing():
    returns = [census(2023, worker(1)), census(2024, worker(1), worker(2, role_start_date=date(2023, 10, 2)))]
    assert reconcile_findings(returns) == ()


def test_a_worker_who_left_before_the_earlier_year_began_is_not_missing():
    # not a valid 2024 return (its leavers left in its own year), but the rule must still hold
    returns = [census(2023, worker(1)), census(2024, worker(1), leaver(2, date(2022, 9, 30)))]
    assert reconcile_findings(returns) == ()


def test_the_in_post_sentence_gives_the_hand_worked_numbers():
    # 288 in post in the 2023 return; the 2025 return lists them and 46 more who started in 2019
    kept = [worker(i) for i in range(1, 289)]
    extra = [worker(i, role_start_date=date(2019, 4, 1)) for i in range(289, 335)]
    result = measured([census(2023, *kept), census(2025, *kept, *extra)])
    headcount = difference(result, 2023, "inpost_headcount")
    assert headcount.sentence == (
        "Social workers in post – headcount, 2023: 288 as returned, 334 from records: 46 workers in the 2025 "
        "return started before 30 September 2023 and are missing from the 2023 return."
    )
    assert headcount.explained and headcount.explained_amount == 46
    assert difference(result, 2023, "inpost_fte").sentence == (
        "Social workers in post – FTE, 2023: 288.0 as returned, 334.0 from records: 46 workers in the 2025 "
        "return started before 30 September 2023 and are missing from the 2023 return (46.0 FTE)."
    )
    assert [f.code for f in result.findings] == ["CSWW-REC-001"] * 46
    assert result.differing(2025) == ()
    assert result.explained


def test_a_missing_starter_and_a_missing_agency_worker_change_starters_and_agency():
    starter = worker(2, role_start_date=date(2023, 2, 1), fte=Decimal("0.6"), fte30=Decimal("0.5"))
    agency = worker(3, agency=True, role_start_date=date(2022, 1, 1), fte30=Decimal("0.8"))
    result = measured([census(2023, worker(1)), census(2024, worker(1), starter, agency)])
    # in post counts FTE30 (0.5), a starter FTE (0.6)
    assert difference(result, 2023, "inpost_fte").sentence.endswith("(0.5 FTE).")
    assert difference(result, 2023, "starters_headcount").sentence == (
        "Social worker starters – headcount, 2023: 0 as returned, 1 from records: 1 worker in the 2024 return "
        "started between 1 October 2022 and 30 September 2023 and is missing from the 2023 return."
    )
    assert difference(result, 2023, "starters_fte").explained_amount == pytest.approx(0.6)
    assert difference(result, 2023, "agency_headcount").sentence == (
        "Agency workers – headcount, 2023: 0 as returned, 1 from records: 1 agency worker in the 2024 return "
        "started before 30 September 2023 and is missing from the 2023 return."
    )
    assert difference(result, 2023, "agency_rate_headcount").sentence == (
        "Agency worker rate – headcount, 2023: 0.0% as returned, 33.3% from records: it follows from the "
        "differences in agency workers – headcount and social workers in post – headcount."
    )
    assert result.explained


def test_a_person_in_post_under_another_start_date_adds_fte_but_no_headcount():
    rekeyed = worker(1, role_start_date=date(2015, 3, 1))
    result = measured([census(2023, worker(1)), census(2024, worker(1), rekeyed)])
    [finding] = result.findings
    assert "The 2023 return lists SW10001 with RoleStartDate 2015-03-02" in finding.message
    assert not difference(result, 2023, "inpost_headcount").differs
    assert difference(result, 2023, "inpost_fte").explained_amount == 1
    assert result.explained


def test_a_leaver_still_in_post_in_the_next_return_is_found_and_explains_the_figures():
    returns = [census(2023, worker(1), leaver(2, date(2023, 3, 31))), census(2024, worker(1), worker(2))]
    result = measured(returns)
    [finding] = result.findings
    assert (finding.code, finding.years, finding.swe_no) == ("CSWW-REC-002", (2023, 2024), "SW10002")
    assert finding.message.startswith(
        "Worker SW10002 (RoleStartDate 2015-03-02) left on 2023-03-31 according to the 2023 return, but the 2024 "
        "return lists them still in post. The records take the later return, so they count them in post on "
        "30 September 2023 and not as a 2023 leaver."
    )
    reason = "1 leaver in the 2023 return is still in post, or left later, in the 2024 return."
    assert difference(result, 2023, "leavers_headcount").sentence == (
        f"Social worker leavers – headcount, 2023: 1 as returned, 0 from records: {reason}"
    )
    assert difference(result, 2023, "inpost_headcount").sentence == (
        f"Social workers in post – headcount, 2023: 1 as returned, 2 from records: {reason}"
    )
    assert result.explained


def hr_records(post: str, *, cases: int | None = None, days_lost: str | None = None) -> CouncilRecords:
    """What an HR or case-management extract adds for ``post`` in census year 2023: its cases on
    30 September 2023, and a sickness spell in November 2022."""
    caseloads = () if cases is None else (CaseloadSnapshot(post, date(2023, 9, 30), cases, "hr"),)
    absences = (
        ()
        if days_lost is None
        else (Absence(post, date(2022, 11, 7), date(2022, 11, 11), AbsenceReason.SICKNESS, Decimal(days_lost), "hr"),)
    )
    return CouncilRecords(council=COUNCIL, caseloads=caseloads, absences=absences)


MISSING_2023 = "1 worker in the 2024 return started before 30 September 2023 and is missing from the 2023 return"


def test_a_missing_workers_cases_and_days_lost_in_the_records_explain_the_caseload_and_sickness_differences():
    # worker 1: 15 cases, 1.0 FTE, 3.5 days lost in both returns; the records give worker 2, missing from the
    # 2023 return, 12 cases on 30 September 2023 and 4.5 days lost in November 2022
    missing = worker(2, role_start_date=date(2020, 1, 6))
    returns = [census(2023, worker(1)), census(2024, worker(1), missing)]
    result = measured(returns, hr_records(engagement_key(missing), cases=12, days_lost="4.5"))
    assert difference(result, 2023, "cases").sentence == (
        f"Cases held, 2023: 15 as returned, 27 from records: {MISSING_2023} (12 cases in the records)."
    )
    assert difference(result, 2023, "case_holders_fte").sentence == (
        f"Case-holding social workers – FTE, 2023: 1.0 as returned, 2.0 from records: {MISSING_2023} "
        "(1.0 FTE in the records)."
    )
    assert difference(result, 2023, "working_days_lost_fte").sentence == (
        f"Working days lost to sickness, 2023: 3.5 as returned, 8.0 from records: {MISSING_2023} "
        "(4.5 days in the records)."
    )
    assert difference(result, 2023, "caseload_fte").sentence.endswith(
        "it follows from the differences in cases held and case-holding social workers – FTE."
    )
    assert result.explained, [d.sentence for d in result.differences if not d.explained]


def test_the_caseload_part_is_unexplained_when_the_posts_records_are_not_measured_or_measured_wrongly():
    missing = worker(2, role_start_date=date(2020, 1, 6))
    returns = [census(2023, worker(1)), census(2024, worker(1), missing)]
    findings = reconcile_findings(returns)
    assert unreported_posts(findings) == {2023: frozenset({engagement_key(missing)})}
    [cases] = [s for s in SPECS if s.id == "cases"]
    figures = {"as_returned": {"cases": 15}, "from_records": {"cases": 27}, "measures": [cases]}
    [unmeasured] = compare_year(2023, findings, **figures)  # type: ignore[arg-type]
    assert unmeasured.sentence == (
        "Cases held, 2023: 15 as returned, 27 from records: not explained by differences between the census returns."
    )
    wrong = {(2023, engagement_key(missing)): {"cases": 10, "case_holders_fte": 1.0}}
    [short] = compare_year(2023, findings, unreported=wrong, **figures)  # type: ignore[arg-type]
    assert not short.explained
    assert short.sentence == (
        f"Cases held, 2023: 15 as returned, 27 from records: {MISSING_2023} (10 cases in the records); +2 not "
        "explained by differences between the census returns."
    )


def test_a_leaver_still_in_post_brings_their_cases_in_the_records_but_the_same_days_lost():
    # the 2023 return has worker 2 leaving on 31 March 2023 (3.5 days lost); the records have them in post on
    # 30 September 2023 holding 9 cases
    returns = [census(2023, worker(1), leaver(2, date(2023, 3, 31))), census(2024, worker(1), worker(2))]
    result = measured(returns, hr_records(engagement_key(worker(2)), cases=9))
    assert difference(result, 2023, "cases").sentence == (
        "Cases held, 2023: 15 as returned, 24 from records: 1 leaver in the 2023 return is still in post, or left "
        "later, in the 2024 return (9 cases in the records)."
    )
    assert not difference(result, 2023, "working_days_lost_fte").differs
    assert result.explained, [d.sentence for d in result.differences if not d.explained]


def test_one_of_two_same_day_posts_leaving_is_no_finding_when_the_other_continues():
    # SW10002 holds two posts from 2 March 2015; the 0.6 FTE one ends in January 2023, the 0.4 one continues
    ended = leaver(2, date(2023, 1, 28), fte=Decimal("0.6"))
    other = worker(2, fte=Decimal("0.4"), fte30=Decimal("0.4"))
    result = measured([census(2023, worker(1), ended, other), census(2024, worker(1), other)])
    assert result.findings == ()  # the 2024 record continues the open post, as the records match it
    assert result.differing() == ()


def test_a_leaver_with_another_end_date_and_reason_in_a_later_return_is_found():
    later = leaver(2, date(2023, 11, 30), reason_leave=ReasonLeave.RETIRED)
    result = measured([census(2023, worker(1), leaver(2, date(2023, 3, 31))), census(2024, worker(1), later)])
    [finding] = result.findings
    assert finding.code == "CSWW-REC-002"
    assert "left on 2023-03-31 according to the 2023 return but on 2023-11-30 according to the 2024 return" in (
        finding.message
    )
    assert "ReasonLeave 1 (Resignation) in 2023 and 5 (Retired) in 2024" in finding.message
    assert difference(result, 2023, "leavers_headcount").explained_amount == -1
    assert result.differing(2024) == ()
    assert result.explained


def test_a_leaving_reason_that_differs_alone_changes_no_figure():
    before = leaver(2, date(2023, 3, 31))
    after = leaver(2, date(2023, 3, 31), reason_leave=ReasonLeave.OTHER)
    [finding] = reconcile_findings([census(2023, worker(1), before), census(2024, worker(1), after)])
    assert finding.code == "CSWW-REC-002"
    assert "according to both the 2023 and the 2024 returns, but they give ReasonLeave 1 (Resignation) in 2023 " in (
        finding.message
    )
    assert finding.changes == ()


def test_one_swe_number_with_another_birth_date_or_sex_is_found():
    returns = [
        census(2023, worker(1, birth_date=date(1980, 1, 2), sex=Sex.FEMALE)),
        census(2024, worker(1, birth_date=date(1991, 6, 30), sex=Sex.MALE)),
        census(2025, worker(1, birth_date=date(1991, 6, 30), sex=Sex.NOT_KNOWN)),
    ]
    found = reconcile_findings(returns)
    assert [(f.code, f.years, f.swe_no) for f in found] == [("CSWW-REC-003", (2023, 2024), "SW10001")] * 2
    messages = sorted(f.message for f in found)
    assert messages[0].startswith("SWE number SW10001 has date of birth 1980-01-02 in the 2023 return but 1991-06-30")
    assert messages[1].startswith("SWE number SW10001 has sex female in the 2023 return but male in the 2024 return")
    assert "two people with one SWE number, or a keying error" in messages[0]
    assert all(f.changes == () for f in found)


def test_a_worker_who_vanishes_without_a_leaving_date_is_the_continuity_warning():
    result = measured([census(2023, worker(1), worker(2)), census(2024, worker(1))])
    [finding] = result.findings
    assert (finding.code, finding.years, finding.swe_no) == ("CSWW-CONT-001", (2023, 2024), "SW10002")
    assert "is not in the 2024 return" in finding.message
    assert result.differing() == ()  # counted in neither year's figures, either way


def test_import_warnings_are_the_findings_that_involve_the_imported_return():
    returns = [
        census(2023, worker(1), worker(2)),
        census(2024, worker(1)),
        census(2025, worker(1), worker(3, role_start_date=date(2020, 1, 6))),
    ]
    warnings = import_issues(returns, [2023, 2024, 2025])
    assert [(i.code, i.value) for i in warnings[2023]] == [("CSWW-REC-001", "SW10003")]
    assert [(i.code, i.value) for i in warnings[2024]] == [("CSWW-CONT-001", "SW10002"), ("CSWW-REC-001", "SW10003")]
    assert [(i.code, i.value) for i in warnings[2025]] == [("CSWW-REC-001", "SW10003")] * 2


def test_a_difference_the_findings_do_not_account_for_says_so():
    [headcount] = compare_year(
        2023, [], as_returned={"inpost_headcount": 10}, from_records={"inpost_headcount": 12}, measures=[IN_POST]
    )
    assert not headcount.explained
    assert headcount.sentence == (
        "Social workers in post – headcount, 2023: 10 as returned, 12 from records: not explained by differences "
        "between the census returns."
    )
    [uploads] = compare_year(
        2023,
        [],
        as_returned={"inpost_headcount": 10},
        from_records={"inpost_headcount": 12},
        measures=[IN_POST],
        other_sources=True,
    )
    assert "(the records also hold uploads or other data, which may account for it)" in uploads.sentence


def test_the_part_of_a_difference_the_findings_leave_unexplained_is_given():
    returns = [census(2023, worker(1)), census(2025, worker(1), worker(2, role_start_date=date(2020, 1, 6)))]
    [headcount] = compare_year(
        2023,
        reconcile_findings(returns),
        as_returned={"inpost_headcount": 1},
        from_records={"inpost_headcount": 4},
        measures=[IN_POST],
    )
    assert headcount.explained_amount == 1 and not headcount.explained
    assert headcount.sentence.endswith(
        "missing from the 2023 return; +2 not explained by differences between the census returns."
    )


# --- a realistic council: synthetic returns, with inconsistencies planted ---------------------------------


@pytest.fixture(scope="module")
def synthetic_returns() -> dict[int, CensusReturn]:
    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2021, last_year=2025, seed=11, size=80
    )
    written = council_returns(records, range(2021, 2026), generated_at=datetime(2025, 10, 15, 9, 0))
    read = {year: read_census(data).census_return for year, data in written.items()}
    return {year: r for year, r in read.items() if r is not None}


def test_synthetic_returns_written_from_one_timeline_agree(synthetic_returns: dict[int, CensusReturn]):
    result = measured(list(synthetic_returns.values()))
    assert result.findings == ()
    assert result.differing() == ()


def test_every_difference_in_a_synthetic_council_with_planted_problems_is_explained(
    synthetic_returns: dict[int, CensusReturn],
):
    returns = dict(synthetic_returns)
    later = {engagement_key(w) for w in returns[2024].workers}
    in_both = [w for w in returns[2023].workers if engagement_key(w) in later and not w.is_leaver]
    dropped = {
        engagement_key(w) for w in [w for w in in_both if not w.agency][:7] + [w for w in in_both if w.agency][:2]
    }
    back = next(w for w in returns[2022].workers if w.is_leaver and not w.agency)
    still_in_post = replace(back, role_end_date=None, reason_leave=None, leaver_destination=None, fte30=back.fte)
    kept = tuple(w for w in returns[2023].workers if engagement_key(w) not in dropped) + (still_in_post,)
    returns[2023] = replace(returns[2023], workers=kept)
    result = measured(list(returns.values()))

    codes = [f.code for f in result.findings]
    assert codes.count("CSWW-REC-001") >= 9 and codes.count("CSWW-REC-002") == 1
    for year in result.years:
        headcount = difference(result, year, "inpost_headcount")
        assert headcount.difference == pytest.approx(headcount.explained_amount), headcount.sentence
    assert difference(result, 2023, "inpost_headcount").difference == 7
    assert difference(result, 2023, "agency_headcount").difference == 2
    assert difference(result, 2022, "leavers_headcount").difference == -1
    assert result.explained, [d.sentence for d in result.differences if not d.explained]
