"""Census returns become one timeline of records, and a return is written back from records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.census.csww.records import (
    ReturnSource,
    continuity_issues,
    engagement_key,
    records_from_returns,
    return_from_records,
)
from csc_workforce.domain.codes import (
    AbsenceReason,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.domain.records import Council

COUNCIL = Council("990", "Northgate", "North West")
GENERATED = datetime(2025, 10, 15, 9, 0)


def worker(swe: str, **items: object) -> CensusWorker:
    base: dict[str, object] = {
        "agency": False,
        "swe_no": swe,
        "fte": Decimal("1"),
        "birth_date": date(1985, 5, 1),
        "sex": Sex.FEMALE,
        "ethnicity": Ethnicity.WBRI,
        "qual_institutions": ("University of Northgate",),
        "org_role": OrgRole.CASE_HOLDER,
        "role_start_date": date(2019, 1, 7),
        "start_origin": StartOrigin.OTHER_LA_ENGLAND,
        "fte30": Decimal("1"),
        "cases30": 15,
        "working_days_lost": Decimal("4.50"),
    }
    base.update(items)
    return CensusWorker(**base)  # type: ignore[arg-type]


def census(year: int, *workers: CensusWorker, vacancies: str = "3.00") -> ReturnSource:
    header = CensusHeader(year, "990", date(year, 9, 30))
    la = LALevel(Decimal(vacancies), Decimal("2.00"), 2)
    return ReturnSource(CensusReturn(header, la, workers), f"source:{year}")


def test_a_worker_in_two_returns_is_one_person_one_engagement_and_contiguous_assignments():
    records = records_from_returns(
        COUNCIL,
        [
            census(2022, worker("SW1", fte30=Decimal("0.8"))),
            census(2023, worker("sw1", org_role=OrgRole.SENIOR_PRACTITIONER)),
        ],
    )
    assert len(records.people) == 1 and len(records.engagements) == 1
    first, second = sorted(records.assignments, key=lambda a: a.effective_from)
    # the first reaches back to the start date and ends the day before the 2023 census year starts
    assert (first.effective_from, first.effective_to, first.fte, first.fte30) == (
        date(2019, 1, 7),
        date(2022, 9, 30),
        Decimal("1"),  # FTE and FTE30 both kept as returned
        Decimal("0.8"),
    )
    assert first.fte_in_post == Decimal("0.8")  # in post counts FTE30
    # the latest return still reports the worker, so the assignment stays open
    assert (second.effective_from, second.effective_to, second.role) == (
        date(2022, 10, 1),
        None,
        OrgRole.SENIOR_PRACTITIONER,
    )
    assert {s.on for s in records.caseloads} == {date(2022, 9, 30), date(2023, 9, 30)}


def test_a_leaver_ends_the_engagement_with_reason_destination_and_ftes_from_fte():
    leaver = worker(
        "SW2",
        fte=Decimal("0.6"),
        fte30=None,
        cases30=None,
        role_end_date=date(2023, 3, 31),
        reason_leave=ReasonLeave.RESIGNATION,
        leaver_destination=LeaverDestination.AGENCY,
    )
    records = records_from_returns(COUNCIL, [census(2022, worker("SW2")), census(2023, leaver)])
    (engagement,) = records.engagements
    assert (engagement.end_date, engagement.reason_leave, engagement.destination) == (
        date(2023, 3, 31),
        ReasonLeave.RESIGNATION,
        LeaverDestination.AGENCY,
    )
    last = max(records.assignments, key=lambda a: a.effective_from)
    assert (last.effective_to, last.fte) == (date(2023, 3, 31), Decimal("0.6"))
    # sickness in 2023 spans 1 Oct 2022 to the leaving day
    sick = [a for a in records.absences if a.start == date(2022, 10, 1)]
    assert [(a.end, a.reason) for a in sick] == [(date(2023, 3, 31), AbsenceReason.SICKNESS)]


def test_a_worker_missing_from_the_next_return_has_no_assignment_after_their_last_year():
    records = records_from_returns(COUNCIL, [census(2022, worker("SW3")), census(2023, worker("SW4"))])
    sw3 = [a for a in records.assignments if a.engagement_key.startswith("swe:SW3")]
    assert [a.effective_to for a in sw3] == [date(2022, 9, 30)]


def test_continuity_warns_about_workers_in_post_missing_from_the_next_return():
    issues = continuity_issues(
        census(2022, worker("SW3"), worker("SW5")).census_return, census(2023, worker("SW5")).census_return
    )
    assert [(i.code, i.value) for i in issues] == [("CSWW-CONT-001", "SW3")]


def test_person_details_left_out_by_a_later_return_are_kept():
    records = records_from_returns(
        COUNCIL, [census(2024, worker("SW6")), census(2025, worker("SW6", qual_institutions=()))]
    )
    assert records.people[0].qual_institution == "University of Northgate"


def test_two_posts_of_one_person_from_the_same_day_stay_two_engagements():
    records = records_from_returns(
        COUNCIL, [census(2023, worker("SW7", fte30=Decimal("0.6")), worker("SW7", fte30=Decimal("0.4")))]
    )
    assert len(records.people) == 1
    assert sorted(e.key for e in records.engagements) == [
        engagement_key(worker("SW7")),
        engagement_key(worker("SW7")) + "#2",
    ]


def test_return_from_records_gives_back_the_items_the_records_hold():
    leaver = worker(
        "SW2",
        fte=Decimal("0.6"),
        fte30=None,
        cases30=None,
        role_end_date=date(2023, 3, 31),
        reason_leave=ReasonLeave.RESIGNATION,
        leaver_destination=LeaverDestination.AGENCY,
    )
    stayer = worker("SW8", absent_30_sept=True, reason_absence=AbsenceReason.MATERNITY_PATERNITY)
    original = census(2023, leaver, stayer, vacancies="4.50")
    written = return_from_records(records_from_returns(COUNCIL, [original]), 2023, generated_at=GENERATED)
    assert written.la_level.vacancies_fte == Decimal("4.50")
    by_swe = {w.swe_no: w for w in written.workers}
    assert by_swe["SW2"].role_end_date == date(2023, 3, 31) and by_swe["SW2"].fte30 is None
    assert by_swe["SW2"].fte == Decimal("0.6") and by_swe["SW2"].reason_leave is ReasonLeave.RESIGNATION
    assert by_swe["SW8"].fte30 == Decimal("1") and by_swe["SW8"].cases30 == 15
    assert by_swe["SW8"].working_days_lost == Decimal("4.50")
    assert (by_swe["SW8"].absent_30_sept, by_swe["SW8"].reason_absence) == (True, AbsenceReason.MATERNITY_PATERNITY)


def test_a_leaver_from_an_earlier_year_is_not_in_a_later_return():
    leaver = worker(
        "SW2",
        fte30=None,
        cases30=None,
        role_end_date=date(2022, 3, 31),
        reason_leave=ReasonLeave.RETIRED,
        leaver_destination=LeaverDestination.NON_SOCIAL_CARE,
    )
    records = records_from_returns(COUNCIL, [census(2022, leaver), census(2023, worker("SW9"))])
    written = return_from_records(records, 2023, generated_at=GENERATED)
    assert [w.swe_no for w in written.workers] == ["SW9"]
