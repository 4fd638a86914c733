"""Hostile or absurd census files end with a clear issue, and the work done on them is bounded.

The bound is checked by what the reader did (the issues it collected, the worker records it schema-checked, that
the schema check was never reached), not by timing: speed belongs in perf/ (perf/RESULTS.md has the times).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from csww_support import GOLDEN, full_return

from csc_workforce.census.csww import read_census, reader, schema_messages
from csc_workforce.census.csww.rules import validate_return
from csc_workforce.domain.issues import Issue, Severity

# The golden base return: 2022, LA 301, two workers (SW12345 council-employed, SW678901 an agency leaver), no issues.
BASE = (GOLDEN / "CSWW-FILE-001" / "pass.xml").read_text(encoding="utf-8")
WORKER_1 = BASE[BASE.index("  <CSWWWorker>") : BASE.index("  </CSWWWorker>") + len("  </CSWWWorker>\n")]


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _with(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _codes(issues: tuple[Issue, ...]) -> list[str]:
    return [i.code for i in issues]


def _workers(count: int, start: int = 1) -> str:
    """``count`` complete council-employed workers with SWE numbers SW5000001, ..., one item per line."""
    return "".join(WORKER_1.replace("SW12345", f"SW{5_000_000 + n}") for n in range(start, start + count))


# --- refused before the schema check --------------------------------------------------------------------------


def test_200000_empty_workers_are_refused_before_the_schema_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_reached(*args: object, **kwargs: object) -> None:
        raise AssertionError("the schema check must not be reached")

    monkeypatch.setattr(reader, "schema_issues", not_reached)
    data = _with("</Message>", "<CSWWWorker/>" * 200_000 + "</Message>").encode()
    result = read_census(data, name="big.xml")
    assert [(i.code, i.severity) for i in result.issues] == [("CSWW-FILE-006", Severity.ERROR)]
    assert result.issues[0].message == (
        "big.xml: The file has 200,002 worker records (<CSWWWorker>); the largest council's return has a few "
        "thousand, and files with more than 20,000 are not read. Check that this is one council's return and that "
        "each worker is in it once."
    )
    assert result.census_return is None


def test_20000_workers_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit is on more than 20,000: 2 + 19,998 empty records are checked (and fail as empty records)."""
    monkeypatch.setattr(reader, "MAX_ISSUES", 10)
    result = read_census(_with("</Message>", "<CSWWWorker/>" * 19_998 + "</Message>").encode())
    assert "CSWW-FILE-006" not in _codes(result.issues)
    assert result.issues[0].code == "CSWW-FILE-007"


def test_a_dtd_is_refused_as_a_file_issue() -> None:
    data = _with("<Message>", '<!DOCTYPE Message SYSTEM "http://example.org/csww.dtd">\n<Message>').encode()
    result = read_census(data, name="dtd.xml")
    assert _codes(result.issues) == ["CSWW-FILE-002"]
    assert result.issues[0].message.startswith("dtd.xml: The file declares a DOCTYPE or ENTITY.")


def test_elements_nested_beyond_256_are_refused_with_the_line() -> None:
    text = _with("</Message>", "<a>" * 300 + "</a>" * 300 + "\n</Message>")
    result = read_census(text.encode(), name="deep.xml")
    assert [(i.code, i.location.line) for i in result.issues] == [("CSWW-FILE-005", _line_of(text, "<a>"))]
    assert "Excessive depth in document: 256" in result.issues[0].message
    assert "A census return nests 4 deep" in result.issues[0].message


def test_a_file_of_too_many_tags_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_TAGS", BASE.count("<"))
    assert read_census(BASE.encode()).issues == ()
    result = read_census(_with("</Message>", "<x/></Message>").encode())
    assert _codes(result.issues) == ["CSWW-FILE-005"]
    assert f"The file has {BASE.count('<') + 1:,} tags" in result.issues[0].message


def test_many_attributes_are_refused_with_where_the_first_is() -> None:
    text = _with("<Message>", "<Message " + " ".join(f'a{n}="1"' for n in range(101)) + ">")
    result = read_census(text.encode())
    assert [(i.code, i.location.line, i.location.path) for i in result.issues] == [
        ("CSWW-FILE-005", _line_of(text, "<Message "), "Message")
    ]
    assert result.issues[0].message.startswith("The file has 101 attributes (the first on <Message>); census items")


def test_a_hundred_attributes_are_not_refused_here() -> None:
    """Up to the limit the schema reports them (one issue per element)."""
    text = _with("<Message>", "<Message " + " ".join(f'a{n}="1"' for n in range(100)) + ">")
    assert "CSWW-FILE-005" not in _codes(read_census(text.encode()).issues)


def test_a_text_over_libxml2s_10_mb_is_refused() -> None:
    text = _with("University of Leeds", "U" * 10_500_000)
    result = read_census(text.encode())
    assert _codes(result.issues) == ["CSWW-FILE-005"]
    assert "Text node too long" in result.issues[0].message


# --- items ------------------------------------------------------------------------------------------------------


def test_an_item_over_2000_characters_is_not_read_and_says_where() -> None:
    """The item is not read, so the council-employed worker has no QualInst either (CSWW-WKR-011)."""
    text = _with("University of Leeds", "U" * 2_001)
    result = read_census(text.encode())
    assert [(i.code, i.location.line, i.location.path) for i in result.issues] == [
        ("CSWW-WKR-011", _line_of(text, "<CSWWWorker>"), "Message/CSWWWorker[1]"),
        ("CSWW-READ-001", _line_of(text, "<QualInst>"), "Message/CSWWWorker[1]/QualInst"),
    ]
    assert result.issues[1].message == (
        "QualInst could not be read: it must be at most 2,000 characters (it has 2,001); this file has "
        f"'{'U' * 57}...'."
    )


def test_an_item_of_2000_characters_is_read() -> None:
    result = read_census(_with("University of Leeds", "U" * 2_000).encode())
    assert result.issues == ()
    assert result.census_return is not None
    assert result.census_return.workers[0].qual_institutions == ("U" * 2_000,)


def test_a_nul_character_is_a_control_character_error_with_its_line() -> None:
    text = _with("<SoftwareCode>golden", "<SoftwareCode>gol\x00den")
    result = read_census(text.encode(), name="nul.xml")
    assert [(i.code, i.location.line) for i in result.issues] == [("CSWW-READ-004", _line_of(text, "<SoftwareCode>"))]
    assert result.issues[0].message.startswith(
        f"nul.xml: Line {_line_of(text, '<SoftwareCode>')} has a character that is not allowed in XML, such as NUL"
    )


@pytest.mark.parametrize(
    ("old", "new", "element", "path"),
    [
        ("<SoftwareCode>golden", "<SoftwareCode>gol&#x7F;den", "SoftwareCode", "Message/Header/Source/SoftwareCode"),
        ("University of Leeds", "University of&#x85;Leeds", "QualInst", "Message/CSWWWorker[1]/QualInst"),
        ("University of Leeds", "&#x9F;", "QualInst", "Message/CSWWWorker[1]/QualInst"),
    ],
)
def test_a_control_character_xml_allows_is_an_error_in_any_item(old: str, new: str, element: str, path: str) -> None:
    """The item is not read (so a council-employed worker's QualInst is missing too: CSWW-WKR-011)."""
    text = _with(old, new)
    result = read_census(text.encode())
    found = [i for i in result.issues if i.code != "CSWW-WKR-011"]
    assert [(i.code, i.severity, i.location.line, i.location.path) for i in found] == [
        ("CSWW-READ-004", Severity.ERROR, _line_of(text, f"<{element}>"), path)
    ]
    assert found[0].message.startswith(f"{element} has a control character (U+00")


def test_tab_and_new_line_in_free_text_are_allowed() -> None:
    assert read_census(_with("University of Leeds", "University\tof\nLeeds").encode()).issues == ()


# --- range rules --------------------------------------------------------------------------------------------------


def test_cases30_beyond_what_the_database_holds_is_an_error_not_a_warning() -> None:
    text = _with("<Cases30>18</Cases30>", "<Cases30>2147483648</Cases30>")
    result = read_census(text.encode())
    assert [(i.code, i.severity, i.location.line, i.location.path) for i in result.issues] == [
        ("CSWW-WKR-017", Severity.ERROR, _line_of(text, "<Cases30>"), "Message/CSWWWorker[1]/Cases30")
    ]
    assert result.issues[0].message == (
        "Cases30 is 2147483648 for worker SW12345, which cannot be right: it is the number of cases one worker holds "
        "on 30 September, which the census gives in at most 4 digits. Give Cases30 as a number from 0 to 9,999."
    )


@pytest.mark.parametrize(
    ("old", "new", "element", "most"),
    [
        ("<Cases30>18<", "<Cases30>-1<", "Cases30", "9,999"),
        ("<Cases30>18<", "<Cases30>10000<", "Cases30", "9,999"),
        ("<WorkingDaysLost>4.50<", "<WorkingDaysLost>-4.50<", "WorkingDaysLost", "366"),
        ("<WorkingDaysLost>4.50<", "<WorkingDaysLost>366.01<", "WorkingDaysLost", "366"),
        ("<ContractWeeks>34.0<", "<ContractWeeks>-1.0<", "ContractWeeks", "500"),
        ("<ContractWeeks>34.0<", "<ContractWeeks>500.1<", "ContractWeeks", "500"),
    ],
)
def test_negative_or_impossible_numbers_are_errors_at_their_item(old: str, new: str, element: str, most: str) -> None:
    text = _with(old, new)
    result = read_census(text.encode())
    (issue,) = result.issues
    assert (issue.code, issue.severity, issue.location.line) == ("CSWW-WKR-017", Severity.ERROR, _line_of(text, new))
    assert issue.location.path is not None and issue.location.path.endswith(f"/{element}")
    assert issue.message.endswith(f"Give {element} as a number from 0 to {most}.")


def test_2025_pay_in_pence_is_an_error() -> None:
    ret = full_return(2025)
    first = ret.workers[0]
    assert first.base_salary is not None
    pence = first.base_salary * 100
    ret = replace(ret, workers=(replace(first, base_salary=pence), *ret.workers[1:]))
    issues = [i for i in validate_return(ret) if i.code == "CSWW-WKR-017"]
    assert [(i.location.path, i.value) for i in issues] == [("Message/CSWWWorker[1]/BaseSalary", str(pence))]


def test_council_figures_above_5000_are_errors() -> None:
    text = _with("<NoAgencyHeadcount>7<", "<NoAgencyHeadcount>5001<")
    result = read_census(text.encode())
    assert [(i.code, i.location.line, i.location.path) for i in result.issues] == [
        ("CSWW-LA-002", _line_of(text, "<NoAgencyHeadcount>"), "Message/LALevelVacancies/NoAgencyHeadcount")
    ]
    assert result.issues[0].message.startswith(
        "NoAgencyHeadcount is 5001, which cannot be right: it is the number of agency workers covering vacancies on "
        "30 September, and no council has more than 5,000"
    )


def test_swe_numbers_differing_only_in_case_are_an_error() -> None:
    second = WORKER_1.replace("SW12345", "sw12345").replace("2019-01-07", "2020-02-03")
    text = _with("</Message>", second + "</Message>")
    result = read_census(text.encode())
    line = _line_of(text, "<SWENo>sw12345")
    assert [(i.code, i.severity, i.location.line) for i in result.issues] == [("CSWW-WKR-018", Severity.ERROR, line)]
    assert result.issues[0].message == (
        f"SWENo sw12345 is written SW12345 on record 1 (line {_line_of(text, '<CSWWWorker>')}). A SWE number is the "
        "same whatever its case, so these records are one person: write it the same way on every record, in "
        "capitals (SW12345)."
    )


def test_the_same_swe_number_written_the_same_way_is_still_a_warning() -> None:
    second = WORKER_1.replace("2019-01-07", "2020-02-03")
    result = read_census(_with("</Message>", second + "</Message>").encode())
    assert [(i.code, i.severity) for i in result.issues] == [("CSWW-WKR-013", Severity.WARNING)]


# --- the issues listed, and the schema check in batches ------------------------------------------------------------


def test_the_first_1000_issues_are_listed_and_the_rest_counted_by_code() -> None:
    """5,000 empty records after the 2 good ones: each gives CSWW-SCHEMA-001 (no AgencyWorker) and CSWW-READ-003.
    The schema check goes in batches of 1,000 records and stops once 1,000 issues are found: batch 1 (records 1 to
    1,000) gives 998, batch 2 another 1,000, so 2,000 records are checked and 1,998 schema issues found. The check
    stopped early, so only the records it checked are read: 1,998 CSWW-READ-003 (records 3 to 2,000), 3,996 in
    all. All are on one line, so file order is record order: the first 1,000 listed are records 3 to 502 (two
    each); not listed are 1,498 of each code (records 503 to 2,000)."""
    result = read_census(_with("</Message>", "<CSWWWorker/>" * 5_000 + "</Message>").encode())
    assert len(result.issues) == 1_001
    summary, listed = result.issues[0], result.issues[1:]
    assert (summary.code, summary.severity) == ("CSWW-FILE-007", Severity.ERROR)
    assert summary.message == (
        "The file has more problems than are listed: the first 1,000 are listed, and 2,996 more errors are not "
        "(CSWW-READ-003: 1,498; CSWW-SCHEMA-001: 1,498). The structure and formats (the schema) were checked for "
        "the first 2,000 of 5,002 worker records only, so the others may have more problems. Correct the problems "
        "listed and check the file again."
    )
    assert [i.location.path for i in listed[:2]] == ["Message/CSWWWorker[3]"] * 2
    assert listed[-1].location.path == "Message/CSWWWorker[502]"
    assert result.census_return is None  # a return checked only in part is never offered as one


def test_warnings_not_listed_are_counted_in_their_own_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ISSUES", 2)
    over_40 = _workers(3).replace("<Cases30>18<", "<Cases30>41<")
    result = read_census(_with(WORKER_1, over_40).encode())
    assert [(i.code, i.severity) for i in result.issues] == [
        ("CSWW-FILE-008", Severity.WARNING),
        ("CSWW-WKR-015", Severity.WARNING),
        ("CSWW-WKR-015", Severity.WARNING),
    ]
    assert result.issues[0].message == (
        "The file has more problems than are listed: the first 2 are listed, and 1 more warnings are not "
        "(CSWW-WKR-015: 1). Correct the problems listed and check the file again."
    )
    assert not result.has_errors and result.census_return is not None


def _worker(n: int) -> str:
    return WORKER_1.replace("SW12345", f"SW{5_000_000 + n}")


def test_schema_issues_in_batches_are_those_of_the_whole_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,500 workers (three batches of 1,000): a bad code in workers 1,001 (the first of batch 2), 1,700 and
    2,500. The issues, lines and paths are those of validating the whole file at once, and
    the workers are read in file order (the batches are put back)."""
    workers = _workers(2_500)
    workers = workers.replace(_worker(1_700), _worker(1_700).replace("<Ethnicity>WBRI<", "<Ethnicity>WBRX<"))
    workers = workers.replace(_worker(2_500), _worker(2_500).replace("<Ethnicity>WBRI<", "<Ethnicity>XXXX<"))
    workers = workers.replace(_worker(1_001), _worker(1_001).replace("<OrgRole>5<", "<OrgRole>9<"))
    text = _with(WORKER_1, workers)
    batched = read_census(text.encode())
    monkeypatch.setattr(schema_messages, "BATCH", 10_000)
    whole = read_census(text.encode())
    assert batched.issues == whole.issues
    found = [(i.code, i.location.line, i.location.path) for i in batched.issues if i.code.startswith("CSWW-SCHEMA")]
    assert found == [
        ("CSWW-SCHEMA-003", _line_of(text, "<OrgRole>9<"), "Message/CSWWWorker[1001]/OrgRole"),
        ("CSWW-SCHEMA-003", _line_of(text, "<Ethnicity>WBRX<"), "Message/CSWWWorker[1700]/Ethnicity"),
        ("CSWW-SCHEMA-003", _line_of(text, "<Ethnicity>XXXX<"), "Message/CSWWWorker[2500]/Ethnicity"),
    ]
    assert batched.census_return is not None
    swe_numbers = [w.swe_no for w in batched.census_return.workers]
    assert swe_numbers == [*(f"SW{5_000_000 + n}" for n in range(1, 2_501)), "SW678901"]


def test_after_an_unexpected_element_under_message_no_later_batch_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """libxml2 checks nothing more of a file after an element it does not expect directly under <Message>, so
    the batch check stops there too: the bad code in worker 2,100 (batch 3) is not reported by the schema, as in
    a check of the whole file (the reader still finds it cannot read the code: CSWW-WKR-011 for Ethnicity)."""
    workers = _workers(2_500).replace(_worker(1_201), "  <Note>kept</Note>\n" + _worker(1_201))
    workers = workers.replace(_worker(2_100), _worker(2_100).replace("<Ethnicity>WBRI<", "<Ethnicity>WBRX<"))
    text = _with(WORKER_1, workers)
    batched = read_census(text.encode())
    monkeypatch.setattr(schema_messages, "BATCH", 10_000)
    assert batched.issues == read_census(text.encode()).issues
    assert [(i.code, i.location.line, i.location.path) for i in batched.issues] == [
        ("CSWW-SCHEMA-002", _line_of(text, "<Note>"), "Message/Note"),
        ("CSWW-WKR-011", _line_of(text, "<SWENo>SW5002100<") - 2, "Message/CSWWWorker[2100]"),
        ("CSWW-READ-001", _line_of(text, "<Ethnicity>WBRX<"), "Message/CSWWWorker[2100]/Ethnicity"),
    ]


def test_a_windows_character_in_a_file_declared_iso_8859_1_is_refused_saying_what_it_probably_is() -> None:
    """Windows-1252's right quote (byte 0x92) in a file declared ISO-8859-1 is read as U+0092, a control
    character: refused (the issue: a control character in any item is an error), with the likely cause."""
    text = _with("<SWENo>SW12345</SWENo>", "<SWENo>SW12345</SWENo>").replace("UTF-8", "ISO-8859-1")
    data = text.encode("latin-1").replace(b"<SWENo>SW12345", b"<SWENo>SW12345\x92", 1)
    assert b"\x92" in data
    (issue,) = [i for i in read_census(data).issues if i.code == "CSWW-READ-004"]
    assert "(U+0092)" in issue.message and "probably the Windows character '\u2019'" in issue.message
