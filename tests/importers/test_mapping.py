"""Column mappings: header aliases, missing and unknown columns, defaults, translations and the JSON form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from csc_workforce.domain.codes import ContractType, Ethnicity, OrgRole, ReasonLeave
from csc_workforce.importers import ColumnMapping, Kind, default_mapping, with_columns
from tests.importers.support import PERSON_KEYS, at, codes, only, people, people_and_engagements, run


@pytest.mark.parametrize(
    "header", ["Employee ID", "Staff number", "Payroll no", "payroll_no", "STAFF  NUMBER", "Staff-No.", "person_ref"]
)
def test_people_ref_header_aliases_match_ignoring_case_spaces_and_punctuation(header: str) -> None:
    result = run("people", [[header], ["E9"]])
    assert codes(result) == []
    assert result.records.people[0].key == "ref:E9"


@pytest.mark.parametrize("header", ["SWE number", "Social Work England number", "SWENo", "swe_no"])
def test_swe_number_header_aliases(header: str) -> None:
    result = run("people", [["Employee ID", header], ["E9", "sw 123"]])
    assert result.records.people[0].key == "swe:SW123"
    assert result.records.people[0].swe_no == "SW123"


@pytest.mark.parametrize("fte_header", ["FTE", "Hours FTE", "full_time_equivalent"])
@pytest.mark.parametrize("start_header", ["Effective from", "Start date", "Date from"])
def test_assignment_header_aliases(fte_header: str, start_header: str) -> None:
    base = people_and_engagements()
    result = run(
        "assignments",
        [["Employee ID", start_header, fte_header], ["E1", "01/05/2020", "0.6"]],
        existing=base,
        person_keys=PERSON_KEYS,
    )
    assert codes(result) == []
    assert result.records.assignments[0].fte == Decimal("0.6")


def test_engagement_start_header_alias_date_started() -> None:
    result = run(
        "engagements",
        [["Payroll no", "Contract", "Date started"], ["E2", "Perm", "2022-01-03"]],
        existing=people(),
        person_keys=PERSON_KEYS,
    )
    assert codes(result) == []
    assert result.records.engagements[0].key == "ref:E2/P/2022-01-03"


def test_missing_required_column_is_an_error_naming_the_expected_headers() -> None:
    result = run("engagements", [["Employee ID", "Start date"], ["E1", "01/04/2020"]], existing=people())
    issue = only(result, "IMP-MAP-001")
    assert at(issue) == (1, "extract.csv")
    assert issue.value == "contract"
    assert '"Contract type"' in issue.message
    assert result.records.engagements == ()
    assert result.rows_read == 1


def test_rows_without_any_way_to_find_the_engagement_are_a_mapping_error() -> None:
    result = run("caseloads", [["Date", "Cases"], ["30/09/2024", "12"]])
    assert "engagement_ref or person_ref or swe_no" in only(result, "IMP-MAP-001").message


def test_all_required_columns_present_gives_no_mapping_error() -> None:
    result = run(
        "engagements",
        [["Employee ID", "Contract type", "Start date"], ["E2", "Perm", "01/04/2020"]],
        existing=people(),
        person_keys=PERSON_KEYS,
    )
    assert "IMP-MAP-001" not in codes(result)


def test_unknown_columns_are_warned_about_and_ignored() -> None:
    result = run("people", [["Employee ID", "Favourite colour"], ["E1", "blue"]])
    issue = only(result, "IMP-MAP-002")
    assert not issue.is_error
    assert at(issue) == (1, "extract.csv!Favourite colour")
    assert len(result.records.people) == 1


def test_a_council_mapping_adds_its_own_headers() -> None:
    mapping = with_columns(default_mapping("people"), person_ref=["Bod ref"])
    result = run("people", [["Bod ref"], ["B7"]], mapping=mapping)
    assert codes(result) == []
    assert result.records.people[0].key == "ref:B7"


def test_a_default_fills_a_missing_column() -> None:
    mapping = default_mapping("engagements")
    mapping = ColumnMapping(mapping.kind, mapping.columns, defaults={"contract": "agency"})
    result = run(
        "engagements",
        [["Employee ID", "Start date"], ["E2", "01/04/2020"]],
        mapping=mapping,
        existing=people(),
        person_keys=PERSON_KEYS,
    )
    assert codes(result) == []
    assert result.records.engagements[0].contract is ContractType.AGENCY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Perm", ContractType.PERMANENT),
        ("agency", ContractType.AGENCY),
        ("Fixed-term", ContractType.FIXED_TERM),
        ("LOCUM", ContractType.AGENCY),
        ("fixed_term", ContractType.FIXED_TERM),
    ],
)
def test_contract_translations_codes_and_labels(value: str, expected: ContractType) -> None:
    result = run(
        "engagements",
        [["Employee ID", "Contract", "Start date"], ["E2", value, "01/04/2020"]],
        existing=people(),
        person_keys=PERSON_KEYS,
    )
    assert result.records.engagements[0].contract is expected


def test_code_translations_from_the_mapping_override_and_extend_the_defaults() -> None:
    mapping = default_mapping("assignments")
    mapping = ColumnMapping(
        mapping.kind, mapping.columns, code_translations={"role": {"Team Manager": "2", "PSW": "1"}}
    )
    rows = [["Employee ID", "From", "Role"], ["E1", "01/05/2020", "team manager"], ["E1", "01/06/2020", "PSW"]]
    result = run("assignments", rows, mapping=mapping, existing=people_and_engagements(), person_keys=PERSON_KEYS)
    assert [a.role for a in result.records.assignments] == [OrgRole.MIDDLE_MANAGER, OrgRole.SENIOR_MANAGER]


def test_default_translations_for_ethnicity_labels_and_reasons() -> None:
    assert (
        run("people", [["Employee ID", "Ethnicity"], ["E1", "white british"]]).records.people[0].ethnicity
        is Ethnicity.WBRI
    )
    rows = [
        ["Employee ID", "Contract", "Start date", "End date", "Leaving reason"],
        ["E2", "Perm", "1/4/2020", "1/4/2021", "Resigned"],
    ]
    result = run("engagements", rows, existing=people(), person_keys=PERSON_KEYS)
    assert result.records.engagements[0].reason_leave is ReasonLeave.RESIGNATION


def test_mapping_round_trips_through_json() -> None:
    mapping = ColumnMapping(
        Kind.ASSIGNMENTS,
        {"person_ref": ["Bod ref"], "effective_from": ["When"]},
        date_formats=["%d/%m/%Y"],
        code_translations={"role": {"Team Manager": "3"}},
        defaults={"case_holding": "yes"},
        name="Mosaic",
    )
    assert ColumnMapping.from_json(mapping.to_json()) == mapping
    assert default_mapping("people") == ColumnMapping.from_json(default_mapping("people").to_json())


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[]", "JSON object"),
        ("{", "not valid JSON"),
        ('{"kind": "pets"}', "'kind'"),
        ('{"kind": "people", "columns": {"shoe_size": ["Shoe"]}}', "shoe_size"),
    ],
)
def test_mapping_from_json_explains_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        ColumnMapping.from_json(text)


def test_a_saved_mapping_still_matches_a_column_named_as_the_field() -> None:
    mapping = ColumnMapping(Kind.PEOPLE, {"person_ref": ["Bod ref"]})
    result = run("people", [["person_ref", "Date of birth"], ["B7", "01/01/1990"]], mapping=mapping)
    assert result.records.people[0].key == "ref:B7"
    assert result.records.people[0].birth_date is None  # "Date of birth" is not in this mapping
    assert at(only(result, "IMP-MAP-002")) == (1, "extract.csv!Date of birth")
