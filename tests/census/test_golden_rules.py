"""Every check in the catalogue has a golden passing file and a golden failing file.

``golden/<CODE>/fail.xml`` must give issue CODE at the line marked ``<!-- expect -->`` (or with no line
when there is no marker); ``golden/<CODE>/pass.xml`` must give no issues at all. Regenerate with
``golden/make_golden.py``.
"""

from __future__ import annotations

import pytest
from csww_support import GOLDEN

from csc_workforce.census.csww import RULES, read_census, reader
from csc_workforce.domain.catalogue import RULES_BY_CODE

MARK = "<!-- expect -->"
CODES = [rule.code for rule in RULES]


def expected_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if MARK in line:
            return number
    return None


def test_every_catalogue_rule_has_golden_files() -> None:
    folders = {p.name for p in GOLDEN.iterdir() if p.is_dir()}
    assert folders == set(CODES)


# The limits lowered for a code's golden files, so that they stay small: CSWW-FILE-004's to the size of its
# passing file, CSWW-FILE-006's to its passing file's 2 workers, CSWW-FILE-007's and -008's to 1 issue listed.
LOWERED = {
    "CSWW-FILE-004": ("MAX_FILE_BYTES", len((GOLDEN / "CSWW-FILE-004" / "pass.xml").read_bytes())),
    "CSWW-FILE-006": ("MAX_WORKERS", 2),
    "CSWW-FILE-007": ("MAX_ISSUES", 1),
    "CSWW-FILE-008": ("MAX_ISSUES", 1),
}


@pytest.fixture(autouse=True)
def lowered_limit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    callspec = getattr(request.node, "callspec", None)
    code = callspec.params.get("code") if callspec is not None else None
    if code in LOWERED:
        monkeypatch.setattr(reader, *LOWERED[code])


@pytest.mark.parametrize("code", CODES)
def test_golden_failing_file_reports_the_rule_at_the_marked_line(code: str) -> None:
    data = (GOLDEN / code / "fail.xml").read_bytes()
    result = read_census(data, name="fail.xml")
    found = [(i.code, i.location.line) for i in result.issues]
    assert (code, expected_line(data.decode("utf-8"))) in found, [i.as_text() for i in result.issues]
    issue = next(i for i in result.issues if i.code == code)
    assert issue.severity is RULES_BY_CODE[code].severity
    assert issue.message


@pytest.mark.parametrize("code", CODES)
def test_golden_passing_file_has_no_issues(code: str) -> None:
    result = read_census((GOLDEN / code / "pass.xml").read_bytes())
    assert result.issues == ()
    assert result.census_return is not None
