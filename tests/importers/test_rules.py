"""Every row-level issue code: one failing case (code, row and column asserted) and one passing case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.domain.codes import ContractType
from csc_workforce.domain.records import CouncilRecords, Engagement
from csc_workforce.importers import ColumnMapping, ImportResult, default_mapping
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

ENG = ["Employee ID", "Contract type", "Start date", "End date"]


def engagements(*rows: list[object]) -> list[list[object]]:
    return [ENG, *[list(r) for r in rows]]


def run_eng(*rows: list[object]) -> ImportResult:
    return run("engagements", engagements(*rows), existing=people(), person_keys=PERSON_KEYS)


# IMP-ROW-001 missing required value


def test_missing_required_value_is_reported_at_its_row_and_column() -> None:
    result = run_eng(["E1", "Perm", "01/04/2020", ""], ["E2", "Perm", "", ""])
    issue = only(result, "IMP-ROW-001")
    assert at(issue) == (3, "extract.csv!Start date")
    assert "start_date is required" in issue.message


def test_required_values_present_pass() -> None:
    assert codes(run_eng(["E1", "Perm", "01/04/2020", ""])) == []


# IMP-ROW-002 date not understood


@pytest.mark.parametrize(
    "text",
    [
        "01/04/2020",
        "2020-04-01",
        "01-04-2020",
        "01.04.2020",
        "1 Apr 2020",
        "1 April 2020",
        "01-Apr-2020",
        "01/04/20",
        "2020-04-01 00:00:00",
        "01/04/2020 09:30",
    ],
)
def test_default_date_formats_are_understood(text: str) -> None:
    result = run_eng(["E1", "Perm", text, ""])
    assert codes(result) == []
    assert result.records.engagements[0].start_date == date(2020, 4, 1)


def test_a_date_not_understood_names_the_accepted_formats() -> None:
    result = run_eng(["E1", "Perm", "April the first", ""])
    issue = only(result, "IMP-ROW-002")
    assert at(issue) == (2, "extract.csv!Start date")
    assert issue.value == "April the first"
    assert "%d/%m/%Y (e.g. 31/03/2024)" in issue.message


def test_us_dates_are_not_guessed() -> None:
    assert "IMP-ROW-002" in codes(run_eng(["E1", "Perm", "04/13/2020", ""]))


def test_a_mapping_can_accept_other_date_formats() -> None:
    mapping = default_mapping("engagements")
    mapping = ColumnMapping(mapping.kind, mapping.columns, date_formats=["%m/%d/%Y"])
    result = run(
        "engagements",
        engagements(["E1", "Perm", "04/13/2020", ""]),
        mapping=mapping,
        existing=people(),
        person_keys=PERSON_KEYS,
    )
    assert result.records.engagements[0].start_date == date(2020, 4, 13)


# IMP-ROW-003 code not recognised


def test_an_unrecognised_code_lists_accepted_values_and_the_mapping_to_add() -> None:
    result = run_eng(["E1", "Casual", "01/04/2020", ""])
    issue = only(result, "IMP-ROW-003")
    assert at(issue) == (2, "extract.csv!Contract type")
    assert "permanent (Permanent)" in issue.message
    assert '"code_translations": {"contract": {"Casual": "<code>"}}' in issue.message


def test_an_unrecognised_yes_no_value_is_reported() -> None:
    result = run("people", [["Employee ID", "Step Up"], ["E1", "Yes"], ["E2", "perhaps"]])
    assert at(only(result, "IMP-ROW-003")) == (3, "extract.csv!Step Up")
    assert result.records.people[0].step_up_grad is True


# IMP-ROW-004 FTE outside 0..1


def test_fte_above_one_is_reported_in_the_analysts_words() -> None:
    rows = [["Employee ID", "From", "FTE"], ["E1", "01/05/2020", "1"], ["E1", "01/06/2020", "1.5"]]
    result = run("assignments", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    issue = only(result, "IMP-ROW-004")
    assert at(issue) == (3, "extract.csv!FTE")
    assert issue.message.startswith("FTE must be between 0 and 1; this row has 1.5")
    assert [a.fte for a in result.records.assignments] == [Decimal("1")]


# IMP-ROW-005 end before start


def test_end_before_start_is_reported_at_the_end_column() -> None:
    result = run_eng(["E1", "Perm", "01/04/2020", "31/03/2020"])
    assert at(only(result, "IMP-ROW-005")) == (2, "extract.csv!End date")
    assert codes(run_eng(["E1", "Perm", "01/04/2020", "01/04/2020"])) == []


def test_absence_ending_before_it_starts_is_reported() -> None:
    rows = [["Employee ID", "Start date", "End date"], ["E1", "05/05/2021", "04/05/2021"]]
    result = run("absences", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert at(only(result, "IMP-ROW-005")) == (2, "extract.csv!End date")


# IMP-ROW-006 duplicate row key


def test_a_repeated_row_key_names_the_first_row() -> None:
    result = run_eng(
        ["E1", "Perm", "01/04/2020", ""], ["E2", "Perm", "01/04/2020", ""], ["E1", "Perm", "01/04/2020", ""]
    )
    issue = only(result, "IMP-ROW-006")
    assert at(issue) == (4, "extract.csv!Start date")
    assert "row 2" in issue.message
    assert len(result.records.engagements) == 2


def test_same_person_different_start_dates_are_not_duplicates() -> None:
    assert codes(run_eng(["E1", "Perm", "01/04/2020", "01/04/2021"], ["E1", "Perm", "02/04/2021", ""])) == []


def test_duplicate_people_are_reported() -> None:
    result = run("people", [["Employee ID"], ["E1"], ["E1"]])
    assert at(only(result, "IMP-ROW-006")) == (3, "extract.csv!Employee ID")


# IMP-ROW-007 not a number, IMP-ROW-008 negative


def test_cases_that_are_not_a_whole_number_are_reported() -> None:
    rows = [
        ["Employee ID", "Date", "Cases"],
        ["E1", "30/09/2024", "12"],
        ["E1", "01/10/2024", "twelve"],
        ["E1", "02/10/2024", "1.5"],
    ]
    result = run("caseloads", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert [at(i) for i in result.issues] == [(3, "extract.csv!Cases"), (4, "extract.csv!Cases")]
    assert set(codes(result)) == {"IMP-ROW-007"}
    assert result.records.caseloads[0].cases == 12


def test_negative_counts_are_reported() -> None:
    rows = [["Employee ID", "Date", "Cases"], ["E1", "30/09/2024", "-2"]]
    result = run("caseloads", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert at(only(result, "IMP-ROW-008")) == (2, "extract.csv!Cases")


# IMP-REF-001/002/003 references


def test_a_row_for_an_unknown_person_is_reported() -> None:
    result = run_eng(["E1", "Perm", "01/04/2020", ""], ["E404", "Perm", "01/04/2020", ""])
    issue = only(result, "IMP-REF-001")
    assert at(issue) == (3, "extract.csv!Employee ID")
    assert "E404" in issue.message


def test_a_row_for_an_unknown_engagement_reference_is_reported() -> None:
    rows = [["Contract ID", "Date", "Cases"], ["C9", "30/09/2024", "3"]]
    result = run("caseloads", rows, existing=people_and_engagements())
    assert at(only(result, "IMP-REF-001")) == (2, "extract.csv!Contract ID")


def test_a_person_with_no_engagement_in_post_on_the_date_is_reported() -> None:
    rows = [["Employee ID", "Date", "Cases"], ["E2", "30/09/2024", "3"], ["E2", "30/09/2023", "4"]]
    result = run("caseloads", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    issue = only(result, "IMP-REF-002")
    assert at(issue) == (2, "extract.csv!Employee ID")
    assert "30/09/2024" in issue.message
    assert [c.cases for c in result.records.caseloads] == [4]


def test_a_person_with_two_engagements_in_post_is_ambiguous() -> None:
    base = people_and_engagements()
    extra = Engagement("eng:X", "swe:SW1001", ContractType.AGENCY, start_date=date(2024, 1, 1))
    existing = CouncilRecords(COUNCIL, people=base.people, engagements=(*base.engagements, extra))
    rows = [["Employee ID", "Date", "Cases"], ["E1", "30/09/2024", "3"]]
    result = run("caseloads", rows, existing=existing, person_keys=PERSON_KEYS)
    assert at(only(result, "IMP-REF-003")) == (2, "extract.csv!Employee ID")
    rows = [["Contract ID", "Date", "Cases"], ["X", "30/09/2024", "3"]]
    assert run("caseloads", rows, existing=existing).records.caseloads[0].engagement_key == "eng:X"


# IMP-PEOPLE-001 SWE number shape


def test_an_swe_number_of_the_wrong_shape_is_a_warning() -> None:
    result = run("people", [["Employee ID", "SWE number"], ["E1", "SW123"], ["E2", "12345"]])
    issue = only(result, "IMP-PEOPLE-001")
    assert not issue.is_error
    assert at(issue) == (3, "extract.csv!SWE number")
    assert len(result.records.people) == 2


# Rows with errors


def test_a_file_with_one_bad_row_reports_the_error_and_still_counts_every_row() -> None:
    result = run_eng(["E1", "Perm", "01/04/2020", ""], ["E2", "Perm", "31/02/2020", ""])
    assert result.has_errors
    assert result.rows_read == 2
    assert result.rows_with_errors == 1
    assert len(errors(result)) == 1
    assert len(result.records.engagements) == 1


def test_one_row_can_have_several_field_errors() -> None:
    result = run_eng(["E1", "Casual", "soon", "never"])
    assert sorted((i.code, i.location.path) for i in result.issues) == [
        ("IMP-ROW-002", "extract.csv!End date"),
        ("IMP-ROW-002", "extract.csv!Start date"),
        ("IMP-ROW-003", "extract.csv!Contract type"),
    ]


# IMP-ROW-009 a number above the field's largest; decimals beyond the column's rounded half up


def absences(*days: str) -> ImportResult:
    rows = [["Employee ID", "Start date", "End date", "Days lost"]]
    rows += [["E1", f"{n + 1:02d}/05/2021", f"{n + 1:02d}/05/2021", d] for n, d in enumerate(days)]
    return run("absences", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)


def test_a_number_above_the_fields_largest_is_reported_with_what_to_check() -> None:
    result = absences("366", "366.01", "1e20")
    first, second = [i for i in result.issues if i.code == "IMP-ROW-009"]
    assert (at(first), at(second)) == ((3, "extract.csv!Days lost"), (4, "extract.csv!Days lost"))
    assert second.message == (
        "working_days_lost 1e20 is more than 366, the largest this import accepts. One absence loses at most "
        "about 260 working days a year: check the column holds days, not hours."
    )
    assert [a.working_days_lost for a in result.records.absences] == [Decimal("366")]


def test_negative_working_days_lost_are_reported() -> None:
    assert at(only(absences("-0.5"), "IMP-ROW-008")) == (2, "extract.csv!Days lost")


def test_decimals_beyond_the_columns_are_rounded_half_up_and_minus_zero_is_zero() -> None:
    # working days lost are kept to 2 places: 1.005 -> 1.01 (half up), 2.3449 -> 2.34; 7.5 keeps its form
    result = absences("1.005", "2.3449", "-0", "7.5")
    assert not result.issues
    assert [str(a.working_days_lost) for a in result.records.absences] == ["1.01", "2.34", "0", "7.5"]


def test_cases_above_the_largest_are_reported() -> None:
    rows = [["Employee ID", "Date", "Cases"], ["E1", "30/09/2024", "9999"], ["E1", "01/10/2024", "10000"]]
    result = run("caseloads", rows, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert at(only(result, "IMP-ROW-009")) == (3, "extract.csv!Cases")
    assert [c.cases for c in result.records.caseloads] == [9999]


def test_contract_weeks_and_funded_fte_have_largest_values() -> None:
    # the largest is checked before rounding: 499.96 rounds to 500.0 (1 place kept), 500.04 is refused
    rows = [
        [*ENG, "Contract weeks"],
        ["E1", "Perm", "01/04/2020", "", "499.96"],
        ["E2", "Perm", "01/04/2020", "", "500.04"],
    ]
    weeks = run("engagements", rows, existing=people(), person_keys=PERSON_KEYS)
    assert at(only(weeks, "IMP-ROW-009")) == (3, "extract.csv!Contract weeks")
    assert [e.contract_weeks for e in weeks.records.engagements] == [Decimal("500.0")]
    posts = run("posts", [["Team", "Funded FTE", "From"], ["A", "1000", "01/04/2024"], ["B", "1e6", "01/04/2024"]])
    assert at(only(posts, "IMP-ROW-009")) == (3, "extract.csv!Funded FTE")


# IMP-ROW-010 control characters; IMP-ROW-011 text too long


def test_a_control_character_in_a_text_cell_is_reported_and_shown_safely() -> None:
    result = run("people", [["Employee ID", "Institution"], ["E1", "Open\x1bUniversity"], ["E2", "Leeds"]])
    issue = only(result, "IMP-ROW-010")
    assert at(issue) == (2, "extract.csv!Institution")
    assert issue.value == "Open?University"
    assert [p.qual_institution for p in result.records.people] == ["Leeds"]


def test_tabs_and_line_breaks_in_text_are_not_control_characters() -> None:
    result = run("people", [["Employee ID", "Institution"], ["E1", "Open\tUniversity\nMilton Keynes"]])
    assert not result.issues


def test_text_longer_than_the_field_accepts_is_reported() -> None:
    result = run("people", [["Employee ID"], ["E" * 100], ["E" * 101]])
    issue = only(result, "IMP-ROW-011")
    assert at(issue) == (3, "extract.csv!Employee ID")
    assert issue.message.startswith("person_ref is 101 characters long; the most accepted is 100.")


# IMP-ROW-012 an SWE number on two people's rows


def test_an_swe_number_repeated_in_another_case_or_spacing_is_an_error_at_the_second_row() -> None:
    result = run("people", [["Employee ID", "SWE number"], ["E1", "sw1001"], ["E2", "SW 1001"], ["E3", "SW1002"]])
    issue = only(result, "IMP-ROW-012")
    assert at(issue) == (3, "extract.csv!SWE number")
    assert "same as row 2's" in issue.message
    assert [p.key for p in result.records.people] == ["swe:SW1001", "swe:SW1002"]
    assert "E2" not in result.person_keys
