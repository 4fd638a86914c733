"""The writer follows each year's schema: every year's output validates and reads back."""

from __future__ import annotations

import dataclasses

import pytest
from csww_support import full_return
from lxml import etree

from csc_workforce.census.csww import CensusWriteError, read_census, supported_years, write_census
from csc_workforce.census.csww.schema import schema_for
from csc_workforce.domain.codes import Sex

YEARS = list(range(2017, 2026))


def test_supported_years_are_2017_to_2025() -> None:
    assert supported_years() == tuple(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_writer_output_validates_against_the_years_schema(year: int) -> None:
    data = write_census(full_return(year))
    schema = schema_for(year)
    assert schema.validate(etree.fromstring(data)), schema.error_log
    assert read_census(data).issues == ()


@pytest.mark.parametrize("year", YEARS)
def test_writer_uses_the_years_element_names(year: int) -> None:
    data = write_census(full_return(year))
    assert (b"<GenderCurrent>" in data) == (year <= 2023)
    assert (b"<Sex>" in data) == (year >= 2024)
    assert (b"<LALevelVacancies>" in data) == (year <= 2024)
    assert (b"<LALevel>" in data) == (year == 2025)
    assert (b"<QualInst>" in data) == (year <= 2024)
    assert (b"<CFKSSstatus>" in data) == (year <= 2024)
    assert (b"<BaseSalary>" in data) == (year == 2025)
    assert (b"<RecruitmentBonus>" in data) == (year == 2025)


def test_writer_formats_decimals_to_the_schema_places() -> None:
    data = write_census(full_return(2025)).decode()
    assert "<FTE>0.800000</FTE>" in data
    assert "<WorkingDaysLost>3.50</WorkingDaysLost>" in data
    assert "<ContractWeeks>12.5</ContractWeeks>" in data
    assert "<NumberOfVacancies>12.50</NumberOfVacancies>" in data
    assert "<DateTime>2025-10-20T09:30:00Z</DateTime>" in data


def test_writer_leaves_out_sex_not_known_from_2024() -> None:
    ret = full_return(2024)
    worker = dataclasses.replace(ret.workers[0], sex=Sex.NOT_KNOWN)
    data = write_census(dataclasses.replace(ret, workers=(worker,)))
    assert b"<Sex>" not in data and b"<GenderCurrent>" not in data


def test_writer_writes_gender_current_codes_to_2023() -> None:
    ret = full_return(2023)
    worker = dataclasses.replace(ret.workers[0], sex=Sex.NOT_SPECIFIED)
    data = write_census(dataclasses.replace(ret, workers=(worker,)))
    assert b"<GenderCurrent>9</GenderCurrent>" in data


def test_writer_never_invents_missing_2025_flags_and_validation_names_them() -> None:
    ret = full_return(2025)
    flags = tuple(pair for pair in ret.la_level.eligibility if pair[0] != "CarAllowance")
    ret = dataclasses.replace(ret, la_level=dataclasses.replace(ret.la_level, eligibility=flags))
    data = write_census(ret)
    assert b"<CarAllowance>" not in data
    issues = read_census(data).issues
    assert [i.code for i in issues] == ["CSWW-SCHEMA-002"]
    assert "expects CarAllowance" in issues[0].message


def test_writer_writes_empty_other_allowances_when_none() -> None:
    ret = full_return(2025)
    ret = dataclasses.replace(ret, la_level=dataclasses.replace(ret.la_level, other_allowances=None))
    data = write_census(ret)
    assert b"<OtherAllowances></OtherAllowances>" in data or b"<OtherAllowances/>" in data
    assert read_census(data).issues == ()


def test_writer_leaves_out_missing_vacancy_figures_and_validation_reports_them() -> None:
    ret = full_return(2022)
    data = write_census(dataclasses.replace(ret, la_level=dataclasses.replace(ret.la_level, vacancies_fte=None)))
    assert b"<NumberOfVacancies>" not in data
    issues = read_census(data).issues
    assert [i.code for i in issues] == ["CSWW-SCHEMA-002"]
    assert "expects NumberOfVacancies" in issues[0].message


def test_writer_refuses_an_unsupported_year() -> None:
    ret = full_return(2022)
    with pytest.raises(CensusWriteError, match="2016"):
        write_census(dataclasses.replace(ret, header=dataclasses.replace(ret.header, collection_year=2016)))
