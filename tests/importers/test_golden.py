"""Golden files for the practice and development kinds: a clean file and a file for every issue each can raise.

``golden/<kind>/clean.csv`` must load with no issues, one record a row; ``golden/<kind>/<CODE>.csv`` must give
exactly the issues ``golden/<kind>/expected.json`` lists for it (code, row, column), no more and no fewer. The
files link to ``golden/held/`` (people, engagements, courses, survey waves, agency placements), loaded first.
Regenerate with
``golden/make_golden.py``. File-level issues (``IMP-FILE-*``) are the reader's, the same for every kind, and are
tested in test_table.py and test_hostile.py.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from csc_workforce.domain.catalogue import RULES_BY_CODE
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.importers import (
    COMPLETE_FROM_KINDS,
    DATED_KINDS,
    KINDS,
    Format,
    ImportResult,
    Kind,
    default_mapping,
    import_table,
    merge_records,
    read_table,
)
from csc_workforce.strategies.actions import plan_outlines
from csc_workforce.strategies.shipped import seed_strategies
from tests.importers.support import COUNCIL

GOLDEN = Path(__file__).parent / "golden"
PLANS = plan_outlines(seed_strategies())  # what an actions file may name: the shipped strategies
DEVELOPMENT = list(DATED_KINDS)
# The checks a kind makes beyond those its fields' formats bring (build.py).
SPECIFIC: dict[Kind, set[str]] = {
    Kind.SUPERVISION: {"IMP-REF-001", "IMP-REF-002", "IMP-REF-003"},
    Kind.SUPERVISION_POLICY: {"IMP-ROW-013", "IMP-ROW-014"},
    Kind.REVIEWS: {"IMP-REF-001", "IMP-REF-002", "IMP-REF-003", "IMP-REVIEW-001"},
    Kind.COURSES: set(),
    Kind.TRAINING: {"IMP-REF-001", "IMP-REF-004", "IMP-ROW-014"},
    Kind.PROGRAMMES: {"IMP-REF-001", "IMP-ROW-005", "IMP-ROW-014"},
    Kind.GRADES: set(),
    Kind.PLACEMENTS: {"IMP-ROW-005", "IMP-ROW-014", "IMP-REF-005"},
    Kind.PLACEMENT_INCOME: {"IMP-ROW-015"},
    Kind.HR_CASES: {"IMP-ROW-005"},
    Kind.AUDITS: {"IMP-ROW-018"},
    Kind.INDICATORS: {"IMP-ROW-019"},
    Kind.ALLOCATIONS: {
        "IMP-ROW-005",
        "IMP-ROW-018",
        "IMP-ROW-035",
        "IMP-ROW-036",
        "IMP-REF-001",
        "IMP-REF-002",
        "IMP-REF-003",
    },
    Kind.INTERVIEWS: {"IMP-REF-001", "IMP-REF-002", "IMP-REF-003", "IMP-ROW-030", "IMP-ROW-031"},
    Kind.SURVEY_WAVES: {"IMP-ROW-032"},
    Kind.SURVEY_ANSWERS: {"IMP-ROW-033", "IMP-ROW-034"},
    Kind.AGENCY_PLACEMENTS: {
        "IMP-ROW-005",
        "IMP-ROW-014",
        "IMP-ROW-020",
        "IMP-ROW-021",
        "IMP-ROW-022",
        "IMP-REF-001",
        "IMP-REF-002",
        "IMP-REF-003",
    },
    Kind.AGENCY_COSTS: {"IMP-ROW-023", "IMP-REF-001", "IMP-REF-003"},
    Kind.AGENCY_CAPS: {"IMP-ROW-005", "IMP-ROW-024"},
    Kind.CAMPAIGNS: {"IMP-ROW-005"},
    Kind.APPLICATIONS: {
        "IMP-REF-001",
        "IMP-REF-002",
        "IMP-REF-003",
        "IMP-ROW-014",
        "IMP-ROW-025",
        "IMP-ROW-026",
        "IMP-ROW-027",
        "IMP-ROW-028",
        "IMP-ROW-029",
    },
    Kind.ACTIONS: {"IMP-ROW-005", "IMP-ROW-037", "IMP-ROW-038"},
    Kind.ACTION_UPDATES: {"IMP-ROW-039"},
}


def can_raise(kind: Kind) -> set[str]:
    """Every row and mapping issue a file of ``kind`` can give: from its fields' formats, then its own checks."""
    spec = KINDS[kind]
    formats = {f.format for f in spec.fields}
    codes = {"IMP-MAP-002", "IMP-ROW-006", "IMP-ROW-010"}  # an unused column, a repeated row, a control character
    if any(f.required for f in spec.fields) or spec.one_of:
        codes |= {"IMP-MAP-001", "IMP-ROW-001"}
    if Format.DATE in formats:
        codes.add("IMP-ROW-002")
    if formats & {Format.CODE, Format.YES_NO}:
        codes.add("IMP-ROW-003")
    if formats & {Format.DECIMAL, Format.COUNT}:
        codes |= {"IMP-ROW-007", "IMP-ROW-008"}
    if any(f.bound for f in spec.fields):
        codes.add("IMP-ROW-009")
    if Format.TEXT in formats:
        codes.add("IMP-ROW-011")
    if kind in COMPLETE_FROM_KINDS:  # a file stated complete from a date holding a record before it
        codes.add("IMP-ROW-016")
    return codes | SPECIFIC[kind]


COMPLETE_FROM = date(2022, 1, 1)  # the date IMP-ROW-016.csv is stated complete from (golden/make_golden.py)


def load(path: Path, kind: str, existing: CouncilRecords | None = None) -> ImportResult:
    table = read_table(path.read_bytes(), filename=path.name)
    stated = COMPLETE_FROM if path.name == "IMP-ROW-016.csv" else None
    return import_table(
        table,
        default_mapping(kind),
        council=COUNCIL,
        source_key="upload:1",
        existing=existing,
        complete_from=stated,
        plans=PLANS,
    )


@cache
def held() -> CouncilRecords:
    records = CouncilRecords(COUNCIL)
    for kind in ("people", "engagements", "courses", "survey_waves", "agency_placements", "campaigns", "actions"):
        result = load(GOLDEN / "held" / f"{kind}.csv", kind, records)
        assert [i.as_text() for i in result.issues] == []
        records = merge_records(records, result.records)
    return records


def expected(kind: Kind) -> dict[str, list[list[object]]]:
    loaded: dict[str, list[list[object]]] = json.loads((GOLDEN / kind.value / "expected.json").read_text("utf-8"))
    return loaded


CASES = [(kind, name) for kind in DEVELOPMENT for name in sorted(expected(kind))]


@pytest.mark.parametrize("kind", DEVELOPMENT)
def test_every_issue_a_kind_can_raise_has_a_golden_file(kind: Kind) -> None:
    files = {p.name for p in (GOLDEN / kind.value).glob("*.csv")}
    assert files == {"clean.csv", *(f"{code}.csv" for code in can_raise(kind))}
    assert set(expected(kind)) == files


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_golden_file_gives_exactly_its_expected_issues(kind: Kind, name: str) -> None:
    result = load(GOLDEN / kind.value / name, kind.value, held())
    found = [
        [i.code, i.location.line, i.location.path.split("!", 1)[1] if "!" in (i.location.path or "") else None]
        for i in result.issues
    ]
    assert found == expected(kind)[name], [i.as_text() for i in result.issues]
    for issue in result.issues:
        assert issue.severity is RULES_BY_CODE[issue.code].severity
        assert issue.message
    if name == "clean.csv":
        assert len(getattr(result.records, kind.value)) == result.rows_read
    elif name != "IMP-MAP-002.csv" and any(i.is_error for i in result.issues):
        # a file refused at its header (a missing column; a free-text column) has no row with errors
        assert result.rows_with_errors or any(i.code in ("IMP-MAP-001", "IMP-ROW-030") for i in result.issues)
