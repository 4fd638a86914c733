"""Reading the public liia-tools sample files: issues with codes and lines, never a crash."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter

import pytest
from csww_support import EXTERNAL

from csc_workforce.census.csww import read_census, write_census
from csc_workforce.census.csww.model import CensusReturn
from csc_workforce.domain.catalogue import RULES_BY_CODE

PIPELINE_2022 = "liia-tools_csww_pipeline_social_work_workforce_2022.xml"
BAD_2021 = "liia-tools_samples_csww_BAD_social_work_workforce_2021.xml"
XML_FIXTURES = sorted(p.name for p in EXTERNAL.glob("*.xml"))


def without_lines(ret: CensusReturn) -> CensusReturn:
    return dataclasses.replace(ret, workers=tuple(dataclasses.replace(w, line=None) for w in ret.workers))


def git_blob(data: bytes) -> str:
    """The SHA-1 git gives a file's content (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_git_blob_is_what_git_hash_object_gives() -> None:
    assert git_blob(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # git's well-known empty blob


def test_in_repo_fixtures_are_the_liia_tools_files_their_readme_lists_unchanged() -> None:
    readme = (EXTERNAL / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([^`]+\.xml)` \|.*\| `([0-9a-f]{40})` \|[^|]*\|$", readme, re.MULTILINE))
    held = {path.name: git_blob(path.read_bytes()) for path in EXTERNAL.glob("*.xml")}
    assert len(held) == 9
    assert held == listed


@pytest.mark.parametrize("name", XML_FIXTURES)
def test_reader_reads_every_fixture_and_locates_every_issue(name: str) -> None:
    result = read_census((EXTERNAL / name).read_bytes(), name=name)
    assert result.census_return is not None
    assert result.collection_year is not None and result.la_code is not None
    for issue in result.issues:
        assert issue.code in RULES_BY_CODE
        assert isinstance(issue.location.line, int) and issue.location.path
        assert issue.message.endswith(".")


def test_reader_flags_year_2020_with_reference_date_in_2023() -> None:
    result = read_census((EXTERNAL / BAD_2021).read_bytes())
    assert result.collection_year == 2020
    hdr = [i for i in result.issues if i.code == "CSWW-HDR-004"]
    assert [(i.location.line, i.value) for i in hdr] == [(6, "2023-03-28")]
    assert "2020-09-30" in hdr[0].message


def test_schema_valid_fixture_breaks_business_rules() -> None:
    result = read_census((EXTERNAL / PIPELINE_2022).read_bytes())
    codes = [(i.code, i.location.line, i.value) for i in result.issues]
    assert not [c for c in codes if c[0].startswith("CSWW-SCHEMA")]
    assert ("CSWW-WKR-005", 33, "1990-04-07") in codes  # RoleEndDate in 1990
    assert ("CSWW-WKR-015", 37, "72") in codes  # Cases30 72


def test_schema_valid_fixture_is_read_into_typed_values() -> None:
    ret = read_census((EXTERNAL / PIPELINE_2022).read_bytes()).census_return
    assert ret is not None
    assert (ret.header.collection_year, ret.header.la_code) == (2022, "301")
    assert str(ret.la_level.vacancies_fte) == "79.68" and ret.la_level.agency_cover_headcount == 71
    (worker,) = ret.workers
    assert worker.agency and worker.swe_no == "Oz2054309383" and worker.line == 20
    assert str(worker.fte) == "0.521371" and worker.cases30 == 72
    assert worker.sex is not None and worker.sex.label == "Male"
    assert worker.qual_institutions == ("Institution Name",)


def test_schema_valid_fixture_writes_out_and_reads_back_the_same() -> None:
    first = read_census((EXTERNAL / PIPELINE_2022).read_bytes()).census_return
    assert first is not None
    again = read_census(write_census(first))
    assert not [i for i in again.issues if i.code.startswith(("CSWW-SCHEMA", "CSWW-READ", "CSWW-FILE"))]
    assert again.census_return is not None
    assert without_lines(again.census_return) == without_lines(first)


def test_generator_samples_show_the_known_problems() -> None:
    result = read_census((EXTERNAL / "liia-tools_spec_samples_social_work_workforce_2022.xml").read_bytes())
    counts = Counter(i.code for i in result.issues)
    assert counts["CSWW-WKR-011"] > 0  # non-agency workers missing items (QualInst and others)
    assert counts["CSWW-WKR-015"] > 0  # caseloads such as 88
