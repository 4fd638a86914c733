"""Case allocations (measures.allocations), worked out by hand.

Allocshire (990), as at D = 30 September 2025; the 12 months to D run from 1 October 2024. Workers E1 to E6 are
six people; E7a (agency, to 31 December 2024) and E7b (permanent, from 1 January 2025) are one person, P7.

* C1: E1 1 Jan 2024 to 31 Dec 2024, E2 from 1 Jan 2025 (open). E1's allocation touches the 12 months: workers 2,
  changes 1.
* C2: E1 1 May 2023 to 30 Sep 2024 (ended the day before the 12 months: not counted, nor the handover to E2),
  E2 1 Oct 2024 to 31 Jan 2025, E3 1 Feb to 30 Apr 2025, E4 1 May to 30 Jun 2025, E5 from 1 Jul 2025: workers 4
  (E2-E5), changes 3.
* C3: E7a 1 Nov 2024 to 31 Dec 2024, E7b from 1 Jan 2025: one person, workers 1, changes 0.
* C4: E1 1 Jan to 31 Mar 2025, E2 1 Apr to 31 May 2025, E1 from 1 Jun 2025: workers 2, changes 2 (A, B, A).
* C5: E3 1 Mar 2025 to 29 Sep 2025: ended the day before D, not held on D.
* C6: E6 from 1 Oct 2025: starts after D, not held.
* C7: E3 from 30 Sep 2025 (starts on D): held, workers 1, changes 0.
* C8: E4 1 Feb 2024 to 30 Sep 2025 (ends on D, its last day): held, workers 1, changes 0.

Held on D: C1, C2, C3, C4, C7, C8 = 6. At most 3 workers: all but C2 = 5, so 5 / 6 = 83.3%; 4 or more: 1.
Changes: 0 -> C3, C7, C8 = 3 (50.0%); 1 -> C1 = 1 (16.7%); 2 -> C4 = 1; 3 or more -> C2 = 1; total 6.

Caseloads on D from the allocations open on D: E1 C4, E2 C1, E3 C7, E4 C8, E5 C2, E7b C3 (1 each); E6 none
(C6 starts later). Snapshots: E1 1 on 15 Sep 2025 (agrees), E2 3 on 20 Sep 2025 (differs), E3 5 on 1 Aug 2025
(60 days before D: older than the 31 days, not used), E6 2 on 10 Sep 2025 (allocated 0). Plainton (991) holds no
allocations but a snapshot (E9: 4): allocated null; its measure null, no changes rows.
"""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.domain.codes import ContractType
from csc_workforce.domain.records import CaseAllocation, CaseloadSnapshot, Council, CouncilRecords, Engagement
from csc_workforce.measures.allocations import (
    CASELOAD_COLUMNS,
    CHANGES_COLUMNS,
    allocated_caseloads,
    allocation_counts,
    allocation_measures,
    changes_of_worker,
    children_on,
)
from csc_workforce.measures.inputs import frames_from_records

D = date(2025, 9, 30)
PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY
ENGAGEMENTS = (
    *(Engagement(f"E{n}", f"P{n}", PERM, date(2020, 1, 1)) for n in range(1, 7)),
    Engagement("E7a", "P7", AGENCY, date(2024, 1, 1), end_date=date(2024, 12, 31)),
    Engagement("E7b", "P7", PERM, date(2025, 1, 1)),
)


def a(key: str, child: str, eng: str, start: date, end: date | None = None) -> CaseAllocation:
    return CaseAllocation(f"allocation:{key}", child, eng, start, end)


ALLOCATIONS = (
    a("1a", "C1", "E1", date(2024, 1, 1), date(2024, 12, 31)),
    a("1b", "C1", "E2", date(2025, 1, 1)),
    a("2a", "C2", "E1", date(2023, 5, 1), date(2024, 9, 30)),
    a("2b", "C2", "E2", date(2024, 10, 1), date(2025, 1, 31)),
    a("2c", "C2", "E3", date(2025, 2, 1), date(2025, 4, 30)),
    a("2d", "C2", "E4", date(2025, 5, 1), date(2025, 6, 30)),
    a("2e", "C2", "E5", date(2025, 7, 1)),
    a("3a", "C3", "E7a", date(2024, 11, 1), date(2024, 12, 31)),
    a("3b", "C3", "E7b", date(2025, 1, 1)),
    a("4a", "C4", "E1", date(2025, 1, 1), date(2025, 3, 31)),
    a("4b", "C4", "E2", date(2025, 4, 1), date(2025, 5, 31)),
    a("4c", "C4", "E1", date(2025, 6, 1)),
    a("5a", "C5", "E3", date(2025, 3, 1), date(2025, 9, 29)),
    a("6a", "C6", "E6", date(2025, 10, 1)),
    a("7a", "C7", "E3", date(2025, 9, 30)),
    a("8a", "C8", "E4", date(2024, 2, 1), date(2025, 9, 30)),
)
SNAPSHOTS = (
    CaseloadSnapshot("E1", date(2025, 9, 15), 1),
    CaseloadSnapshot("E2", date(2025, 9, 20), 3),
    CaseloadSnapshot("E3", date(2025, 8, 1), 5),
    CaseloadSnapshot("E6", date(2025, 9, 10), 2),
)
INPUTS = frames_from_records(
    [
        CouncilRecords(
            Council("990", "Allocshire"), engagements=ENGAGEMENTS, caseloads=SNAPSHOTS, allocations=ALLOCATIONS
        ),
        CouncilRecords(
            Council("991", "Plainton"),
            engagements=(Engagement("E9", "P9", PERM, date(2020, 1, 1)),),
            caseloads=(CaseloadSnapshot("E9", date(2025, 9, 1), 4),),
        ),
    ]
)


def test_each_child_held_on_the_date_with_their_workers_and_changes() -> None:
    rows = children_on(INPUTS, as_at=D).rows()
    assert rows == [
        ("990", "C1", 2, 1),
        ("990", "C2", 4, 3),
        ("990", "C3", 1, 0),  # an agency worker who became permanent is one social worker
        ("990", "C4", 2, 2),  # A, B, A: two changes, two workers
        ("990", "C7", 1, 0),
        ("990", "C8", 1, 0),
    ]


def test_the_share_with_at_most_three_social_workers_and_the_counts_behind_it() -> None:
    rows = {r["la_code"]: r for r in allocation_measures(INPUTS, as_at=D).to_dicts()}
    assert rows["990"]["children_max_3_social_workers_pct"] == pytest.approx(500 / 6)  # 83.3%
    assert rows["991"]["children_max_3_social_workers_pct"] is None
    assert allocation_counts(INPUTS, as_at=D).rows() == [("990", 6, 5, 1)]


def test_a_worker_before_the_twelve_months_is_not_counted_and_one_inside_them_is() -> None:
    # As at 29 September 2025 the 12 months run from 30 September 2024: C2's first worker (E1, to 30 September
    # 2024) is inside them, so 5 workers (E1-E5) and 4 changes; as at D they were 4 and 3 (above). C5 (E3 to
    # 29 September) is held on its last day: 1 worker; C7 (from 30 September) is not held yet.
    children = {r[1]: r[2:] for r in children_on(INPUTS, as_at=date(2025, 9, 29)).rows()}
    assert children["C2"] == (5, 4)
    assert children["C5"] == (1, 0)
    assert "C7" not in children


def test_changes_of_social_worker_by_band_with_every_band_and_a_total() -> None:
    table = changes_of_worker(INPUTS, as_at=D)
    assert table.columns == list(CHANGES_COLUMNS)
    rows = [(r["changes"], r["children"], round(r["children_pct"], 1)) for r in table.to_dicts()]
    assert rows == [("0", 3, 50.0), ("1", 1, 16.7), ("2", 1, 16.7), ("3 or more", 1, 16.7), ("Total", 6, 100.0)]
    assert table.filter(table["la_code"] == "991").is_empty()


def test_the_caseload_the_allocations_make_beside_the_snapshots() -> None:
    table = allocated_caseloads(INPUTS, as_at=D)
    assert table.columns == list(CASELOAD_COLUMNS)
    assert [r[:4] for r in table.rows()] == [
        ("990", "E1", 1, 1),
        ("990", "E2", 1, 3),
        ("990", "E3", 1, None),  # the August snapshot is older than the 31 days to D
        ("990", "E4", 1, None),
        ("990", "E5", 1, None),
        ("990", "E6", 0, 2),  # a snapshot and no allocation open on D
        ("990", "E7b", 1, None),
        ("991", "E9", None, 4),  # no allocations held: not known, not 0
    ]


def test_a_viewers_changes_table_withholds_the_small_bands_as_a_table_by_team_does() -> None:
    from csc_workforce.measures.allocations import CHANGES_COUNTS, CHANGES_DERIVED
    from csc_workforce.measures.disclosure import withhold_team_counts

    table = changes_of_worker(INPUTS, as_at=D).rename({"changes": "team_name"})
    shown = withhold_team_counts(table, counts=CHANGES_COUNTS, derived=CHANGES_DERIVED)
    # bands 3, 1, 1, 1 of 6: every band is 1 to 4, so every band (and its percentage) is withheld; the total,
    # 6, is shown
    rows = {r["team_name"]: (r["children"], r["children_pct"]) for r in shown.to_dicts()}
    assert rows["0"] == rows["1"] == rows["2"] == rows["3 or more"] == (None, None)
    assert rows["Total"] == (6, 100.0)
