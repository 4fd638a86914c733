"""Case audits (measures.audits), worked out by hand.

Auditshire (990), as at 30 September 2025 over the year from 1 October 2024; teams T1 ("Assessment") and T2
("Children in Care"):

* T1: outstanding (3 November 2024), good (9 January 2025), requires improvement (2 February 2025),
  inadequate (1 May 2025);
* T2: good (5 March 2025), good (30 September 2025, the last day: counted);
* no team: inadequate (8 August 2025);
* outside the year: good (30 September 2024, the day before it), inadequate (1 October 2025, after the date).

Counted: 7 audits; good or better 4 (57.1%), inadequate 2 (28.6%). T1: 4, good or better 2 (50.0%), inadequate 1
(25.0%); T2: 2, 2 (100.0%), 0 (0.0%); no team: 1, 0, 1 (100.0%). Plainton (991) holds none: null, no rows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from csc_workforce.domain.codes import AuditGrade
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import CaseAudit, Council, CouncilRecords, Team
from csc_workforce.measures.audits import BY_TEAM_COLUMNS, audit_counts, audit_measures, audits_by_team
from csc_workforce.measures.inputs import frames_from_records

D = date(2025, 9, 30)
YEAR = Period(date(2024, 10, 1), D)
OUT, GOOD, RI, INAD = AuditGrade.OUTSTANDING, AuditGrade.GOOD, AuditGrade.REQUIRES_IMPROVEMENT, AuditGrade.INADEQUATE
AUDITS = (
    CaseAudit("audit:1", "CH1", date(2024, 11, 3), OUT, "T1"),
    CaseAudit("audit:2", "CH2", date(2025, 1, 9), GOOD, "T1"),
    CaseAudit("audit:3", "CH3", date(2025, 2, 2), RI, "T1"),
    CaseAudit("audit:4", "CH4", date(2025, 5, 1), INAD, "T1"),
    CaseAudit("audit:5", "CH5", date(2025, 3, 5), GOOD, "T2"),
    CaseAudit("audit:6", "CH6", date(2025, 9, 30), GOOD, "T2"),
    CaseAudit("audit:7", "CH7", date(2025, 8, 8), INAD),
    CaseAudit("audit:8", "CH8", date(2024, 9, 30), GOOD, "T1"),
    CaseAudit("audit:9", "CH9", date(2025, 10, 1), INAD, "T2"),
)
INPUTS = frames_from_records(
    [
        CouncilRecords(
            Council("990", "Auditshire"),
            teams=(Team("T1", "Assessment"), Team("T2", "Children in Care")),
            audits=AUDITS,
        ),
        CouncilRecords(Council("991", "Plainton")),
    ]
)


def test_good_or_better_and_inadequate_shares_of_the_audits_in_the_year() -> None:
    rows = {r["la_code"]: r for r in audit_measures(INPUTS, as_at=D, period=YEAR).to_dicts()}
    assert rows["990"]["audits_good_or_better_pct"] == pytest.approx(400 / 7)  # 57.1%
    assert rows["990"]["audits_inadequate_pct"] == pytest.approx(200 / 7)  # 28.6%
    assert rows["991"]["audits_good_or_better_pct"] is None and rows["991"]["audits_inadequate_pct"] is None


def test_the_counts_behind_them() -> None:
    assert audit_counts(INPUTS, as_at=D, period=YEAR).rows() == [("990", 7, 4, 2)]


def test_by_team_with_no_team_and_the_total() -> None:
    table = audits_by_team(INPUTS, as_at=D, period=YEAR)
    assert table.columns == list(BY_TEAM_COLUMNS)
    rows = [
        (r["team_name"], r["audits"], r["good_or_better"], round(r["good_or_better_pct"], 1), r["inadequate"])
        for r in table.to_dicts()
    ]
    assert rows == [
        ("Assessment", 4, 2, 50.0, 1),
        ("Children in Care", 2, 2, 100.0, 0),
        ("No team recorded", 1, 0, 0.0, 1),
        ("Total", 7, 4, 57.1, 2),
    ]


def test_only_audits_up_to_the_date_count() -> None:
    # as at 31 January 2025: the November and January audits of T1
    assert audit_counts(INPUTS, as_at=date(2025, 1, 31), period=YEAR).rows() == [("990", 2, 2, 0)]


# -- element grades and the monthly trend ---------------------------------------------------------------------
#
# The same audits with element grades (an audit tool grading contact with the child and the voice of the child):
#
# * audit 1 (3 November 2024, outstanding): contact good, voice outstanding;
# * audit 2 (9 January 2025, good): contact requires improvement, voice good;
# * audit 3 (2 February 2025, requires improvement): contact inadequate;
# * audit 4 (1 May 2025, inadequate): contact inadequate, voice inadequate;
# * audit 5 (5 March 2025, good): contact good;
# * audits 6 and 7: no element graded; audit 8 (30 September 2024, outside the year): contact good, not counted.
#
# Over the year: overall 7 audits, 4 good or better (57.1%), 2 inadequate (28.6%), as above. Contact: audits 1-5
# = 5, good or better 1 and 5 = 2 (40.0%), inadequate 3 and 4 = 2 (40.0%). Voice: audits 1, 2, 4 = 3, good or
# better 2 (66.7%), inadequate 1 (33.3%). Oversight, planning, risk: 0 audits, null percentages.
#
# By month (whole months of the year to 30 September 2025: October 2024 to September 2025, 12), overall: October 0
# (null), November 1 outstanding (100%), December 0, January 1 good (100%), February 1 requires improvement (0%),
# March 1 good (100%), April 0, May 1 inadequate (0%, inadequate 100%), June and July 0, August 1 inadequate,
# September 1 good (30 September, the last day: counted). Change on the month before: February 0 - 100 = -100,
# March 100 - 0 = +100, September 100 - 0 (August) = +100; null wherever either month has no audit (November:
# October had none).

from csc_workforce.domain.codes import AuditElement  # noqa: E402
from csc_workforce.domain.records import AuditElementGrade  # noqa: E402
from csc_workforce.measures.audits import (  # noqa: E402
    BY_ELEMENT_COLUMNS,
    BY_MONTH_COLUMNS,
    audits_by_element,
    audits_by_month,
)

CONTACT, VOICE = AuditElement.CONTACT, AuditElement.VOICE
GRADED = {
    "audit:1": ((CONTACT, GOOD), (VOICE, OUT)),
    "audit:2": ((CONTACT, RI), (VOICE, GOOD)),
    "audit:3": ((CONTACT, INAD),),
    "audit:4": ((CONTACT, INAD), (VOICE, INAD)),
    "audit:5": ((CONTACT, GOOD),),
    "audit:8": ((CONTACT, GOOD),),
}
WITH_ELEMENTS = tuple(
    replace(a, elements=tuple(AuditElementGrade(e, g) for e, g in GRADED.get(a.key, ()))) for a in AUDITS
)
ELEMENT_INPUTS = frames_from_records(
    [
        CouncilRecords(
            Council("990", "Auditshire"),
            teams=(Team("T1", "Assessment"), Team("T2", "Children in Care")),
            audits=WITH_ELEMENTS,
        ),
        CouncilRecords(Council("991", "Plainton")),
    ]
)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def test_by_element_the_overall_grade_then_every_element() -> None:
    table = audits_by_element(ELEMENT_INPUTS, as_at=D, period=YEAR)
    assert table.columns == list(BY_ELEMENT_COLUMNS)
    rows = [
        (r["element_label"], r["audits"], r["good_or_better"], _pct(r["good_or_better_pct"]), r["inadequate"])
        + (_pct(r["inadequate_pct"]),)
        for r in table.to_dicts()
    ]
    assert rows == [
        ("Overall grade", 7, 4, 57.1, 2, 28.6),
        ("Contact with the child", 5, 2, 40.0, 2, 40.0),
        ("Voice of the child", 3, 2, 66.7, 1, 33.3),
        ("Management oversight", 0, 0, None, 0, None),
        ("Planning", 0, 0, None, 0, None),
        ("Risk assessment", 0, 0, None, 0, None),
    ]


def test_by_element_for_a_council_with_overall_grades_only_is_the_overall_row() -> None:
    table = audits_by_element(INPUTS, as_at=D, period=YEAR)
    assert [(r["element"], r["audits"]) for r in table.to_dicts()] == [(None, 7)]


def test_by_month_whole_months_with_the_change_on_the_month_before() -> None:
    table = audits_by_month(ELEMENT_INPUTS, as_at=D, period=YEAR)
    assert table.columns == list(BY_MONTH_COLUMNS)
    overall = table.filter(pl.col("element").is_null())
    rows = [
        (r["month"].strftime("%Y-%m"), r["audits"], _pct(r["good_or_better_pct"]), _pct(r["good_or_better_change_pp"]))
        for r in overall.to_dicts()
    ]
    assert rows == [
        ("2024-10", 0, None, None),
        ("2024-11", 1, 100.0, None),
        ("2024-12", 0, None, None),
        ("2025-01", 1, 100.0, None),
        ("2025-02", 1, 0.0, -100.0),
        ("2025-03", 1, 100.0, 100.0),
        ("2025-04", 0, None, None),
        ("2025-05", 1, 0.0, None),
        ("2025-06", 0, None, None),
        ("2025-07", 0, None, None),
        ("2025-08", 1, 0.0, None),
        ("2025-09", 1, 100.0, 100.0),
    ]
    may = overall.filter(pl.col("month") == date(2025, 5, 1)).row(0, named=True)
    assert may["inadequate"] == 1 and may["inadequate_pct"] == 100.0
    # contact with the child in February: audit 3, inadequate
    contact = table.filter((pl.col("element") == "contact") & (pl.col("month") == date(2025, 2, 1))).row(0, named=True)
    assert (contact["audits"], contact["inadequate"], contact["good_or_better_pct"]) == (1, 1, 0.0)
    assert table.filter(pl.col("la_code") == "991").is_empty()
    assert len(table) == 12 * 6  # the overall grade and 5 elements, each every month


def test_by_month_leaves_out_a_month_the_period_or_the_date_only_partly_covers() -> None:
    # as at 15 September 2025: September is not over; from 15 October 2024: October is not whole
    table = audits_by_month(INPUTS, as_at=date(2025, 9, 15), period=Period(date(2024, 10, 15), D))
    months = [r["month"] for r in table.to_dicts()]
    assert months[0] == date(2024, 11, 1) and months[-1] == date(2025, 8, 1) and len(months) == 10
