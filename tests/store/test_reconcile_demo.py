"""The demo council, loaded exactly as ``csc-workforce demo`` loads it (its HR records and its census returns
2017-2025 with three slips planted), reconciles completely: every difference between a year's figures as
returned and from records is explained, and the findings are exactly the planted slips.

What was planted is found by comparing the returns the demo sends with the returns its records would give
(``council_returns``), not from the findings; the amounts the records add are read from the records themselves.
The demo is loaded once for the module, inside a transaction that is rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.db import transaction

from csc_workforce.census.csww import read_census
from csc_workforce.census.csww.model import CensusReturn
from csc_workforce.census.csww.reconcile import MeasureDifference, Reconciliation
from csc_workforce.census.csww.records import engagement_key
from csc_workforce.cli.demo import DEMO_YEARS
from csc_workforce.domain.codes import AbsenceReason
from csc_workforce.domain.periods import census_period
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.store.services.census import ImportOutcome
from csc_workforce.store.services.demo import DEMO_RETURNS_WRITTEN, demo_load_with_returns
from csc_workforce.store.services.reconcile import census_reconcile
from csc_workforce.synthetic import demo_council
from csc_workforce.synthetic.returns import council_returns, demo_returns

pytestmark = pytest.mark.django_db  # so the test database is set up before the module's fixture uses it

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
MISSING_2023 = "2 workers in the 2024 return started before 30 September 2023 and are missing from the 2023 return"


@dataclass(frozen=True)
class Demo:
    records: CouncilRecords
    outcomes: list[ImportOutcome]
    result: Reconciliation


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[Demo]:  # type: ignore[no-untyped-def]
    """The demo as ``csc-workforce demo`` loads it (seed 2025), and its reconciliation."""
    records = demo_council(seed=2025)
    with django_db_blocker.unblock(), transaction.atomic():
        outcomes = demo_load_with_returns(
            records=records, years=DEMO_YEARS, description="demo", recorded_by="tests", now=NOW
        )
        result = census_reconcile(la_code="990")
        transaction.set_rollback(True)
    cache.clear()
    yield Demo(records, outcomes, result)


def _read(data: bytes) -> CensusReturn:
    census_return = read_census(data).census_return
    assert census_return is not None
    return census_return


@dataclass(frozen=True)
class Planted:
    omitted_2023: list[str]  # engagement keys left out of the 2023 return
    early_leaver_2021: str  # SWE number returned as a 2021 leaver, in post in the 2022 return
    birth_date_2024: str  # SWE number whose date of birth is wrong in the 2024 return

    def swe(self, key: str) -> str:
        return key.removeprefix("swe:").split("/")[0]


@pytest.fixture(scope="module")
def planted(demo: Demo) -> Planted:
    """The slips, found by comparing the returns sent with the returns the records give."""
    sent = {y: _read(d) for y, d in demo_returns(demo.records, DEMO_YEARS, generated_at=DEMO_RETURNS_WRITTEN).items()}
    clean = {
        y: _read(d) for y, d in council_returns(demo.records, DEMO_YEARS, generated_at=DEMO_RETURNS_WRITTEN).items()
    }

    def changed(year: int, item: str) -> list[str]:
        before = {engagement_key(w): getattr(w, item) for w in clean[year].workers}
        return [w.swe_no for w in sent[year].workers if before[engagement_key(w)] != getattr(w, item)]

    for year in set(DEMO_YEARS) - {2021, 2023, 2024}:
        assert [w.swe_no for w in sent[year].workers] == [w.swe_no for w in clean[year].workers]
    omitted = sorted({engagement_key(w) for w in clean[2023].workers} - {engagement_key(w) for w in sent[2023].workers})
    [leaver], [born] = changed(2021, "role_end_date"), changed(2024, "birth_date")
    assert len(omitted) == 2 and len(sent[2021].workers) == len(clean[2021].workers)
    return Planted(omitted, leaver, born)


def _difference(result: Reconciliation, year: int, measure: str) -> MeasureDifference:
    return next(d for d in result.differences if (d.year, d.measure) == (year, measure))


def test_every_difference_in_every_year_is_fully_explained(demo: Demo):
    result = demo.result
    assert result.years == tuple(DEMO_YEARS)
    unexplained = [d.sentence for d in result.differences if not d.explained]
    assert unexplained == []
    assert result.explained
    assert all("not explained" not in d.sentence for d in result.differing())
    assert {d.year for d in result.differing()} == {2021, 2023}  # the birth date changes no figure


def test_the_findings_are_exactly_the_planted_slips(demo: Demo, planted: Planted):
    omitted = [planted.swe(k) for k in planted.omitted_2023]
    expected = sorted(
        [("CSWW-CONT-001", (2022, 2023), swe) for swe in omitted]
        + [("CSWW-REC-001", (2023, 2024), swe) for swe in omitted]
        + [("CSWW-REC-002", (2021, 2022), planted.early_leaver_2021)]
        + [
            ("CSWW-REC-003", (2023, 2024), planted.birth_date_2024),
            ("CSWW-REC-003", (2024, 2025), planted.birth_date_2024),
        ]
    )
    assert sorted((f.code, f.years, f.swe_no) for f in demo.result.findings) == expected
    assert sum(o.warnings for o in demo.outcomes) > 0 and all(o.accepted for o in demo.outcomes)


def test_the_cases_and_days_lost_of_the_workers_left_out_in_2023_come_from_the_records(demo: Demo, planted: Planted):
    # the two workers' cases on 30 September 2023 and their sickness days in the year, as the records hold them
    left_out = set(planted.omitted_2023)
    period = census_period(2023)
    cases = sum(c.cases for c in demo.records.caseloads if c.engagement_key in left_out and c.on == date(2023, 9, 30))
    days = sum(
        float(a.working_days_lost or 0)
        for a in demo.records.absences
        if a.engagement_key in left_out and a.reason is AbsenceReason.SICKNESS and period.contains(a.start)
    )
    assert cases > 0 and days > 0
    held = _difference(demo.result, 2023, "cases")
    assert held.difference == cases and held.explained
    assert held.because == f"{MISSING_2023} ({cases} cases in the records)"
    lost = _difference(demo.result, 2023, "working_days_lost_fte")
    assert lost.difference == pytest.approx(days) and lost.explained
    assert lost.because == f"{MISSING_2023} ({days:.1f} days in the records)"
    holders = _difference(demo.result, 2023, "case_holders_fte")
    assert holders.explained and holders.because.startswith(f"{MISSING_2023} (")
    assert holders.because.endswith(" FTE in the records)")
