"""The council-level figures (vacancies, agency cover FTE and headcount): never negative; cover not above
vacancies. The schema lets a minus sign through, so these are the business rules' to catch."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from csww_support import GOLDEN, full_return

from csc_workforce.census.csww import read_census, write_census
from csc_workforce.census.csww.rules import validate_return
from csc_workforce.domain.issues import Severity

# The golden base return with every council figure 0 (its line numbers: NumberOfVacancies on line 17,
# NoAgencyFTE on 18, NoAgencyHeadcount on 19).
ZEROS = (GOLDEN / "CSWW-LA-002" / "pass.xml").read_text(encoding="utf-8")
ZERO_ELEMENTS = {
    "NumberOfVacancies": "<NumberOfVacancies>0.00</NumberOfVacancies>",
    "NoAgencyFTE": "<NoAgencyFTE>0.00</NoAgencyFTE>",
    "NoAgencyHeadcount": "<NoAgencyHeadcount>0</NoAgencyHeadcount>",
}


def _with(**values: str) -> bytes:
    text = ZEROS
    for element, value in values.items():
        text = text.replace(ZERO_ELEMENTS[element], f"<{element}>{value}</{element}>")
    return text.encode("utf-8")


@pytest.mark.parametrize(
    ("element", "value", "line"),
    [("NumberOfVacancies", "-1.00", 17), ("NoAgencyFTE", "-0.50", 18), ("NoAgencyHeadcount", "-2", 19)],
)
def test_a_negative_council_figure_is_an_error_at_its_line_saying_how_to_fix_it(element, value, line) -> None:
    result = read_census(_with(**{element: value}))
    assert [(i.code, i.severity, i.location.line, i.value) for i in result.issues] == [
        ("CSWW-LA-002", Severity.ERROR, line, value)
    ]
    issue = result.issues[0]
    assert issue.location.path == f"Message/LALevelVacancies/{element}"
    assert issue.message.startswith(f"{element} is {value}, but it cannot be negative")
    assert f"Give {element} as 0 or more (0 if there were none)." in issue.message


def test_the_schema_lets_a_negative_figure_through_and_only_the_rule_rejects_it() -> None:
    result = read_census(_with(NumberOfVacancies="-1.00", NoAgencyFTE="-0.50", NoAgencyHeadcount="-2"))
    assert not [i for i in result.issues if i.code.startswith("CSWW-SCHEMA")]
    assert [i.code for i in result.issues] == ["CSWW-LA-002"] * 3
    assert result.has_errors


def test_negative_vacancies_do_not_also_warn_that_cover_exceeds_them() -> None:
    # cover 6.50 is above vacancies -1.00, but the comparison means nothing with a negative figure
    codes = [i.code for i in read_census(_with(NumberOfVacancies="-1.00", NoAgencyFTE="6.50")).issues]
    assert codes == ["CSWW-LA-002"]


def test_minus_zero_is_zero_and_allowed() -> None:
    assert read_census(_with(NumberOfVacancies="-0.00")).issues == ()


def test_cover_above_vacancies_is_a_warning_that_says_why_and_what_to_do() -> None:
    result = read_census(_with(NumberOfVacancies="3.00", NoAgencyFTE="3.50", NoAgencyHeadcount="4"))
    (issue,) = result.issues
    assert (issue.code, issue.severity, issue.location.line, issue.value) == (
        "CSWW-LA-001",
        Severity.WARNING,
        18,
        "3.50",
    )
    assert issue.message == (
        "NoAgencyFTE (3.50) is more than NumberOfVacancies (3.00). NoAgencyFTE counts agency workers covering "
        "vacancies, and they cannot cover more vacancies than there are: correct whichever of the two figures "
        "is wrong."
    )
    assert not result.has_errors  # a warning: the return still loads


def test_a_return_built_from_records_is_checked_the_same_way() -> None:
    ret = full_return(2025)
    ret = replace(ret, la_level=replace(ret.la_level, agency_cover_headcount=-1))
    issues = validate_return(ret)
    assert [(i.code, i.location.path, i.value) for i in issues] == [
        ("CSWW-LA-002", "Message/LALevelVacancies/NoAgencyHeadcount", "-1")
    ]
    assert validate_return(replace(ret, la_level=replace(ret.la_level, agency_cover_headcount=0))) == []


def test_a_2025_return_points_at_its_lalevel_block() -> None:
    ret = full_return(2025)
    data = write_census(replace(ret, la_level=replace(ret.la_level, vacancies_fte=Decimal("-4.00"))))
    (issue,) = read_census(data).issues
    assert (issue.code, issue.location.path, issue.value) == (
        "CSWW-LA-002",
        "Message/LALevel/NumberOfVacancies",
        "-4.00",
    )
