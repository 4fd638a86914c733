"""The reader takes year and LA from the content, reads by element name, and maps codes to enums."""

from __future__ import annotations

from decimal import Decimal

from csww_support import full_return

from csc_workforce.census.csww import read_census, write_census
from csc_workforce.domain.codes import Eligibility, Sex

HEAD = """<Message><Header><CollectionDetails><Year>{year}</Year><ReferenceDate>{year}-09-30</ReferenceDate>
</CollectionDetails><Source><LEA>316</LEA></Source></Header>
<{block}><NumberOfVacancies>5.00</NumberOfVacancies><NoAgencyFTE>1.00</NoAgencyFTE>
<NoAgencyHeadcount>1</NoAgencyHeadcount></{block}>
"""


def doc(worker: str, year: int = 2023, block: str = "LALevelVacancies") -> bytes:
    return (HEAD.format(year=year, block=block) + worker + "</Message>").encode()


def test_reader_maps_gender_current_codes_to_sex() -> None:
    expected = {"1": Sex.MALE, "2": Sex.FEMALE, "0": Sex.NOT_KNOWN, "9": Sex.NOT_SPECIFIED}
    for code, sex in expected.items():
        data = doc(
            f"<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo>"
            f"<GenderCurrent>{code}</GenderCurrent></CSWWWorker>"
        )
        ret = read_census(data).census_return
        assert ret is not None and ret.workers[0].sex is sex


def test_reader_reads_sex_from_2024() -> None:
    data = doc("<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo><Sex>F</Sex></CSWWWorker>", 2024)
    result = read_census(data)
    assert result.census_return is not None and result.census_return.workers[0].sex is Sex.FEMALE
    assert not [i for i in result.issues if i.code.startswith("CSWW-SCHEMA")]


def test_reader_flags_gender_current_in_a_2024_file() -> None:
    data = doc(
        "<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo><GenderCurrent>1</GenderCurrent></CSWWWorker>",
        2024,
    )
    assert "CSWW-SCHEMA-002" in [i.code for i in read_census(data).issues]


def test_reader_reads_elements_in_any_order_but_reports_the_order() -> None:
    data = doc("<CSWWWorker>\n<FTE>0.500000</FTE>\n<SWENo>SW77</SWENo>\n<AgencyWorker>1</AgencyWorker>\n</CSWWWorker>")
    result = read_census(data)
    assert result.census_return is not None
    worker = result.census_return.workers[0]
    assert (worker.agency, worker.swe_no, worker.fte) == (True, "SW77", Decimal("0.500000"))
    assert "CSWW-SCHEMA-002" in [i.code for i in result.issues]


def test_reader_takes_year_and_la_from_content_not_file_name() -> None:
    data = doc("<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo></CSWWWorker>", 2021)
    result = read_census(data, name="social_work_workforce_2019_LA999.xml")
    assert (result.collection_year, result.la_code) == (2021, "316")


def test_reader_accepts_lalevel_block_and_2025_flags() -> None:
    data = write_census(full_return(2025))
    assert b"<LALevel>" in data
    result = read_census(data)
    assert result.issues == ()
    assert result.census_return is not None
    assert dict(result.census_return.la_level.eligibility)["CostDBS"] is Eligibility.SOME


def test_reader_accepts_lalevel_name_in_an_earlier_year_but_the_schema_flags_it() -> None:
    data = doc("<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo></CSWWWorker>", block="LALevel")
    result = read_census(data)
    assert result.census_return is not None
    assert result.census_return.la_level.vacancies_fte == Decimal("5.00")
    assert any(i.code.startswith("CSWW-SCHEMA") for i in result.issues)


def test_reader_keeps_going_when_the_year_is_unsupported_but_returns_nothing() -> None:
    data = doc("<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo><FTE>lots</FTE></CSWWWorker>", 2030)
    result = read_census(data)
    assert result.census_return is None and result.collection_year == 2030
    assert [i.code for i in result.issues] == ["CSWW-HDR-002", "CSWW-READ-001"]


def test_reader_gives_fte_message_an_analyst_can_act_on() -> None:
    data = doc("<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo><FTE>1.5</FTE></CSWWWorker>")
    (issue,) = read_census(data).issues
    assert issue.code == "CSWW-WKR-008"
    assert issue.message.startswith("FTE must be between 0 and 1; this worker has 1.5.")
    assert issue.location.path == "Message/CSWWWorker[1]/FTE"


def test_schema_message_lists_the_allowed_codes() -> None:
    data = doc(
        "<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo><GenderCurrent>3</GenderCurrent></CSWWWorker>"
    )
    (issue,) = read_census(data).issues
    assert issue.code == "CSWW-SCHEMA-003"
    assert issue.message == "GenderCurrent must be one of the codes 0, 1, 2, 9; this file has '3'."


def test_schema_message_explains_decimal_places() -> None:
    data = doc(
        "<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW1</SWENo>"
        "<WorkingDaysLost>2.125</WorkingDaysLost></CSWWWorker>"
    )
    (issue,) = read_census(data).issues
    assert issue.code == "CSWW-SCHEMA-004"
    assert "at most 2 decimal places" in issue.message and issue.value == "2.125"


def test_relaxed_swe_pattern_accepts_short_numbers_and_rejects_junk() -> None:
    good = doc("<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW12345</SWENo></CSWWWorker>", 2024)
    bad = doc("<CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>12345$</SWENo></CSWWWorker>", 2024)
    assert read_census(good).issues == ()
    assert [i.code for i in read_census(bad).issues] == ["CSWW-SCHEMA-004"]
