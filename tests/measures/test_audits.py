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

from datetime import date

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
