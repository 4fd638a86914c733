"""Golden small files for every kind, as CSV and as XLSX, and the rules that link rows to people and teams."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from csc_workforce.domain.codes import AbsenceReason, ContractType, OrgRole, Sex, SicknessCause
from csc_workforce.domain.records import (
    Absence,
    Assignment,
    CaseloadSnapshot,
    CouncilRecords,
    Engagement,
    Person,
    Post,
    Team,
)
from csc_workforce.importers import person_key_for_swe, team_key
from tests.importers.support import (
    COUNCIL,
    PERSON_KEYS,
    at,
    codes,
    errors,
    only,
    people,
    people_and_engagements,
    run,
)

FILES = ["extract.csv", "extract.xlsx"]


@pytest.mark.parametrize("filename", FILES)
def test_people_file_gives_people_keyed_by_swe_number_else_reference(filename: str) -> None:
    rows = [
        ["Employee ID", "SWE number", "Date of birth", "Gender", "Frontline"],
        ["E1", "SW1001", datetime(1980, 2, 1) if filename.endswith("xlsx") else "01/02/1980", "Female", "N"],
        ["E2", None, None, "Male", "Y"],
    ]
    result = run("people", rows, filename=filename)
    assert errors(result) == []
    assert result.records.people == (
        Person(
            "swe:SW1001",
            "SW1001",
            date(1980, 2, 1),
            Sex.FEMALE,
            frontline_grad=False,
            source="upload:1",
            staff_ref="E1",
        ),
        Person("ref:E2", sex=Sex.MALE, frontline_grad=True, source="upload:1", staff_ref="E2"),
    )
    assert dict(result.person_keys) == {"E1": "swe:SW1001", "E2": "ref:E2"}


def test_swe_number_links_hr_people_to_census_people() -> None:
    census = CouncilRecords(COUNCIL, people=(Person(person_key_for_swe("sw1001"), "SW1001"),))
    result = run("people", [["Employee ID", "SWE number"], ["E1", " sw1001 "]], existing=census)
    assert result.records.people[0].key == census.people[0].key == "swe:SW1001"


@pytest.mark.parametrize("filename", FILES)
def test_engagements_file_gives_census_style_keys(filename: str) -> None:
    result = run(
        "engagements",
        [
            ["Staff number", "Contract type", "Start date", "End date", "Reason for leaving", "Contract weeks"],
            ["E1", "Perm", date(2020, 4, 1), None, None, None],
            ["E2", "Agency", date(2023, 9, 1), date(2024, 3, 31), "Resigned", 26],
        ],
        existing=people(),
        person_keys=PERSON_KEYS,
        filename=filename,
    )
    assert errors(result) == []
    first, second = result.records.engagements
    assert first == Engagement(
        "swe:SW1001/P/2020-04-01", "swe:SW1001", ContractType.PERMANENT, date(2020, 4, 1), source="upload:1"
    )
    assert second.key == "ref:E2/A/2023-09-01"
    assert second.end_date == date(2024, 3, 31)
    assert second.contract_weeks == Decimal(26)


def test_engagements_can_be_keyed_by_their_own_reference() -> None:
    result = run(
        "engagements",
        [
            ["Contract ID", "SWE number", "Employee ID", "Contract", "Start date"],
            ["C1", "SW1001", "E1", "Perm", "01/04/2020"],
        ],
        existing=people(),
    )
    assert codes(result) == []
    assert result.records.engagements[0].key == "eng:C1"
    assert result.records.engagements[0].person_key == "swe:SW1001"


def test_people_in_the_existing_records_are_found_by_their_reference_key() -> None:
    result = run(
        "engagements", [["Employee ID", "Contract", "Start date"], ["E2", "Perm", "01/04/2020"]], existing=people()
    )
    assert codes(result) == []  # "ref:E2" is found without any saved person_keys


@pytest.mark.parametrize("filename", FILES)
def test_assignments_file_links_to_engagement_in_post_and_implies_teams(filename: str) -> None:
    rows = [
        ["Payroll no", "Effective from", "Effective to", "Role", "FTE", "Team", "Case holding", "Job title"],
        ["E1", date(2020, 4, 1), date(2021, 3, 31), "Social Worker", 1, "Child Protection 1", "Yes", "SW L2"],
        ["E1", date(2021, 4, 1), None, "Team Manager", 0.8, "child protection 1", "No", None],
        ["E2", date(2023, 9, 1), None, 5, 1, "Assessment", None, None],
    ]
    result = run("assignments", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS, filename=filename)
    assert errors(result) == []
    first, second, third = result.records.assignments
    assert first == Assignment(
        "swe:SW1001/P/2020-04-01",
        date(2020, 4, 1),
        date(2021, 3, 31),
        OrgRole.CASE_HOLDER,
        Decimal(1),
        "team:child-protection-1",
        "SW L2",
        True,
        source="upload:1",
    )
    assert (second.role, second.fte, second.case_holding) == (OrgRole.FIRST_LINE_MANAGER, Decimal("0.8"), False)
    assert third.engagement_key == "ref:E2/A/2023-09-01"
    assert result.records.teams == (
        Team("team:child-protection-1", "Child Protection 1", source="upload:1"),
        Team("team:assessment", "Assessment", source="upload:1"),
    )


def test_known_teams_are_not_added_again() -> None:
    base = people_and_engagements()
    existing = CouncilRecords(
        COUNCIL, teams=(Team(team_key("Assessment"), "Assessment"),), people=base.people, engagements=base.engagements
    )
    rows = [["Employee ID", "From", "Team"], ["E1", "01/05/2020", "Assessment"]]
    result = run("assignments", rows, existing=existing, person_keys=PERSON_KEYS)
    assert result.records.teams == ()
    assert result.records.assignments[0].team_key == "team:assessment"


def test_a_team_held_under_another_key_is_found_by_its_name() -> None:
    # the demo's teams (and teams recorded before the importers keyed them) have keys of their own: a file
    # naming the team, in any case and spacing, links to it rather than adding a second "Assessment Team 1"
    base = people_and_engagements()
    existing = CouncilRecords(
        COUNCIL, teams=(Team("assessment-1", "Assessment Team 1"),), people=base.people, engagements=base.engagements
    )
    rows = [["Employee ID", "From", "Team"], ["E1", "01/05/2020", "assessment  team 1"]]
    result = run("assignments", rows, existing=existing, person_keys=PERSON_KEYS)
    assert result.records.teams == ()
    assert result.records.assignments[0].team_key == "assessment-1"


@pytest.mark.parametrize("filename", FILES)
def test_absences_file(filename: str) -> None:
    rows = [
        ["Employee ID", "Start date", "End date", "Absence type", "Days lost"],
        ["E1", "01/02/2022", "04/02/2022", "Sickness", "3.5"],
        ["E1", "01/03/2022", "01/03/2022", None, None],
    ]
    result = run("absences", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS, filename=filename)
    assert errors(result) == []
    assert result.records.absences == (
        Absence(
            "swe:SW1001/P/2020-04-01",
            date(2022, 2, 1),
            date(2022, 2, 4),
            AbsenceReason.SICKNESS,
            Decimal("3.5"),
            "upload:1",
        ),
        Absence("swe:SW1001/P/2020-04-01", date(2022, 3, 1), date(2022, 3, 1), None, None, "upload:1"),
    )


def test_an_absences_file_with_sickness_causes_in_the_councils_words() -> None:
    rows = [
        ["Employee ID", "Start date", "End date", "Absence type", "Sickness reason", "Days lost"],
        ["E1", "01/02/2022", "04/02/2022", "Sickness", "Anxiety/stress/depression", "3.5"],
        ["E1", "01/03/2022", "01/03/2022", "", "S11", "1"],  # a cause and no reason: sickness
        ["E1", "07/03/2022", "08/03/2022", "Sickness", "", "2"],  # sickness, cause not recorded
    ]
    result = run("absences", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert errors(result) == []
    found = [(a.start.day, a.reason, a.cause) for a in result.records.absences]
    assert found == [
        (1, AbsenceReason.SICKNESS, SicknessCause.STRESS),
        (1, AbsenceReason.SICKNESS, SicknessCause.MUSCULOSKELETAL),
        (7, AbsenceReason.SICKNESS, None),
    ]


def test_a_sickness_cause_on_an_absence_that_is_not_sickness_is_refused() -> None:
    rows = [
        ["Employee ID", "Start date", "End date", "Absence type", "Sickness reason"],
        ["E1", "01/02/2022", "04/02/2022", "Maternity", "Stress"],
        ["E1", "01/03/2022", "01/03/2022", "Sickness", "Sprained everything"],
    ]
    result = run("absences", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert at(only(result, "IMP-ROW-017")) == (2, "extract.csv!Sickness reason")
    assert "reason is Maternity or paternity leave, not sickness" in only(result, "IMP-ROW-017").message
    assert at(only(result, "IMP-ROW-003")) == (3, "extract.csv!Sickness reason")  # not on the list: a mapping


@pytest.mark.parametrize("filename", FILES)
def test_caseloads_file(filename: str) -> None:
    rows = [["SWENo", "As at", "Caseload"], ["SW1001", "30/09/2024", 18]]
    result = run("caseloads", rows, existing=people_and_engagements(), filename=filename)
    assert errors(result) == []
    assert result.records.caseloads == (CaseloadSnapshot("swe:SW1001/P/2020-04-01", date(2024, 9, 30), 18, "upload:1"),)


@pytest.mark.parametrize("filename", FILES)
def test_posts_file(filename: str) -> None:
    rows = [
        ["Team", "Role", "Funded FTE", "Effective from"],
        ["Assessment", "Social Worker", "6.5", "01/04/2024"],
        ["Assessment", "Team Manager", "1", "01/04/2024"],
    ]
    result = run("posts", rows, filename=filename)
    assert errors(result) == []
    assert result.records.posts == (
        Post("team:assessment", Decimal("6.5"), date(2024, 4, 1), None, OrgRole.CASE_HOLDER, "upload:1"),
        Post("team:assessment", Decimal("1"), date(2024, 4, 1), None, OrgRole.FIRST_LINE_MANAGER, "upload:1"),
    )
    assert [t.key for t in result.records.teams] == ["team:assessment"]


def test_duplicate_post_lines_are_reported() -> None:
    rows = [
        ["Team", "Role", "Funded FTE", "Effective from"],
        ["Assessment", "5", "6", "01/04/2024"],
        ["ASSESSMENT", "5", "7", "01/04/2024"],
    ]
    assert codes(run("posts", rows)) == ["IMP-ROW-006"]


def test_teams_file() -> None:
    result = run("teams", [["Team name", "Service area"], ["Assessment", "Front door"], ["Fostering", None]])
    assert result.records.teams == (
        Team("team:assessment", "Assessment", "Front door", "upload:1"),
        Team("team:fostering", "Fostering", "", "upload:1"),
    )
