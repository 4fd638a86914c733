"""How far the practice and development records go, and the measures reading them withheld outside it: a council
holding supervision only from April 2024 gets no supervision figure over a period starting before then (not 0%),
and none at all for a kind it holds no records of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from csc_workforce.domain import records as r
from csc_workforce.domain.codes import PlacementOutcome, Programme, TrainingStatus, WorkerGroup
from csc_workforce.domain.periods import Period, census_period, census_reference_date, twelve_months_to
from csc_workforce.measures import strategy_catalogue
from csc_workforce.measures.strategy_catalogue import LOCAL_COMPUTED_IDS, STRATEGY_MEASURES
from csc_workforce.store import models as m
from csc_workforce.store.services.coverage import DATED_KINDS, Coverage, coverage_for
from csc_workforce.store.services.records import records_store
from csc_workforce.store.services.strategies import HeldValues, _council_table

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BY_ID = {measure.id: measure for measure in STRATEGY_MEASURES}
# A declaration made for these tests (no measure declares ``reads`` on this branch yet): a computed local
# measure, as if it read supervision records.
READS_SUPERVISION = replace(BY_ID[LOCAL_COMPUTED_IDS[0]], reads=("supervision",))
READS_TWO = replace(BY_ID[LOCAL_COMPUTED_IDS[1]], reads=("supervision", "training"))
UNREAD = BY_ID[LOCAL_COMPUTED_IDS[2]]  # reads no development records: never withheld here

# supervision held from 1 April 2024 to 31 March 2025
SUPERVISED = Coverage(
    "990",
    kinds={"workforce": date(2025, 9, 30), "supervision": date(2025, 3, 31)},
    kinds_begin={"supervision": date(2024, 4, 1)},
)


def _withheld(coverage: Coverage, as_at: date, period: Period) -> dict[str, str]:
    return coverage.withheld_development(as_at, period, (READS_SUPERVISION, READS_TWO, UNREAD))


def test_a_census_year_starting_before_the_supervision_records_begin_is_withheld() -> None:
    # census year 2024 runs 1 October 2023 to 30 September 2024: six months before the first session held
    withheld = _withheld(SUPERVISED, census_reference_date(2024), census_period(2024))
    assert withheld[READS_SUPERVISION.id] == (
        "supervision data for 990 begins on 1 April 2024, after the start of the period (1 October 2023)"
    )
    assert UNREAD.id not in withheld


def test_a_period_starting_a_month_after_the_supervision_records_begin_is_shown() -> None:
    # as at 31 March 2025, from 2 May 2024: 31 days (the default policy's longest interval, a month) after the
    # first day held, so every interval due in it began on or after 1 April 2024
    withheld = _withheld(SUPERVISED, date(2025, 3, 31), Period(date(2024, 5, 2), date(2025, 3, 31)))
    assert READS_SUPERVISION.id not in withheld


def test_supervision_from_the_first_day_held_is_withheld_as_an_interval_due_may_have_begun_before() -> None:
    # the 12 months from 1 April 2024: a monthly interval ending on 10 April began on 11 March, and a session held
    # then, before the records, would have met it; so supervision figures start 31 days after the first day
    withheld = _withheld(SUPERVISED, date(2025, 3, 31), twelve_months_to(date(2025, 3, 31)))
    assert withheld[READS_SUPERVISION.id] == (
        "supervision data for 990 begins on 1 April 2024: a session due early in the period (from 1 April 2024) "
        "may have been held before then, so its figures start from 2 May 2024"
    )
    # a council policy with a three-monthly line looks back three months (93 days)
    quarterly = replace(SUPERVISED, supervision_lookback=93)
    assert READS_SUPERVISION.id in _withheld(quarterly, date(2025, 3, 31), Period(date(2024, 5, 2), date(2025, 3, 31)))
    assert READS_SUPERVISION.id not in _withheld(
        quarterly, date(2025, 3, 31), Period(date(2024, 7, 3), date(2025, 3, 31))
    )


def test_a_date_after_the_supervision_records_end_is_withheld_naming_the_date() -> None:
    # census year 2025, as at 30 September 2025: the supervision records stop at 31 March 2025
    withheld = _withheld(SUPERVISED, census_reference_date(2025), census_period(2025))
    assert withheld[READS_SUPERVISION.id] == "supervision data for 990 is complete to 31 March 2025"
    # one day past the end is enough
    assert READS_SUPERVISION.id in _withheld(SUPERVISED, date(2025, 4, 1), twelve_months_to(date(2025, 4, 1)))


def test_a_measure_reading_a_kind_not_held_is_withheld_saying_so() -> None:
    # READS_TWO reads supervision (covered from 2 May 2024) and training (none held)
    withheld = _withheld(SUPERVISED, date(2025, 3, 31), Period(date(2024, 5, 2), date(2025, 3, 31)))
    assert withheld == {READS_TWO.id: "no training records are held for 990"}
    nothing = _withheld(Coverage("990", {"workforce": date(2025, 9, 30)}), date(2025, 3, 31), census_period(2025))
    assert nothing[READS_SUPERVISION.id] == "no supervision records are held for 990"


def test_the_catalogue_is_the_default_declarations_and_every_kind_it_reads_is_known(declare) -> None:
    held_nothing = Coverage("990", {"workforce": date(2025, 9, 30)})
    as_declared = {m.id for m in STRATEGY_MEASURES if m.reads}
    assert set(held_nothing.withheld_development(date(2025, 3, 31), census_period(2025))) == as_declared
    assert {kind for m in STRATEGY_MEASURES for kind in m.reads} <= set(DATED_KINDS)
    declared = declare()  # the catalogue as it is read when called, not as it was imported
    assert declared in held_nothing.withheld_development(date(2025, 3, 31), census_period(2025))


# -- coverage from the stored records --------------------------------------------------------------------------


def _source(council: m.Council, name: str, **dates: date) -> str:
    source = m.Source.objects.create(council=council, kind="upload", name=name, recorded_at=NOW, **dates)
    return f"source:{source.pk}"


def _supervision(council: m.Council, days: tuple[date, ...], source: str) -> None:
    engagement = m.Engagement.objects.filter(council=council).order_by("key").first()
    assert engagement is not None
    sessions = tuple(r.SupervisionSession(engagement.key, day, source=source) for day in days)
    records_store(
        council=council, records=r.CouncilRecords(r.Council(council.la_code, council.name), supervision=sessions)
    )


@pytest.mark.django_db
def test_coverage_of_each_kind_runs_from_the_earliest_to_the_latest_date_its_records_mention(councils):
    council = m.Council.objects.get(la_code="990")
    person = m.Person.objects.filter(council=council).order_by("key").first()
    assert person is not None
    extract = _source(council, "development.csv")  # no stated dates: the records' own
    _supervision(council, (date(2024, 4, 1), date(2024, 10, 7), date(2025, 3, 31)), extract)
    records = r.CouncilRecords(
        r.Council("990", council.name),
        courses=(r.Course("SAFE1", "Safeguarding", source=extract),),
        # booked 8 January 2024 for 1 February, completed then: 8 January 2024 to 1 February 2024
        training=(
            r.TrainingRecord(
                person.key,
                "SAFE1",
                TrainingStatus.COMPLETED,
                date(2024, 1, 8),
                date(2024, 2, 1),
                date(2024, 2, 1),
                extract,
            ),
        ),
        # started 4 September 2023, still on it; its midpoint review 1 March 2024
        programmes=(
            r.ProgrammeSpell(
                "ASYE-1", person.key, Programme.ASYE, date(2023, 9, 4), midpoint_review=date(2024, 3, 1), source=extract
            ),
        ),
        # a placement 2 October 2023 to 28 March 2024, and income for 2024-25 (1 April 2024 to 31 March 2025)
        placements=(
            r.StudentPlacement(
                "PL-1", "U1", date(2023, 10, 2), date(2024, 3, 28), outcome=PlacementOutcome.PASSED, source=extract
            ),
        ),
        placement_income=(r.PlacementIncome(2024, Decimal("2000"), source=extract),),
    )
    records_store(council=council, records=records)
    coverage = coverage_for(la_codes=["990"])["990"]
    assert coverage.kinds_begin == {
        "supervision": date(2024, 4, 1),
        "training": date(2024, 1, 8),
        "programmes": date(2023, 9, 4),
        "placements": date(2023, 10, 2),
    }
    assert coverage.kinds["supervision"] == date(2025, 3, 31)
    assert coverage.kinds["training"] == date(2024, 2, 1)
    assert coverage.kinds["programmes"] == date(2024, 3, 1)
    assert coverage.kinds["placements"] == date(2025, 3, 31)  # the income's year ends after the placement
    assert "reviews" not in coverage.kinds and "reviews" not in coverage.kinds_begin
    assert coverage.complete_to == date(2025, 9, 30)  # the census returns' workforce records, unchanged
    assert coverage.begins == date(2023, 10, 1)


@pytest.mark.django_db
def test_the_supervision_look_back_is_the_councils_longest_policy_interval_and_at_least_a_month(councils):
    council = m.Council.objects.get(la_code="990")
    assert coverage_for(la_codes=["990"])["990"].supervision_lookback == 31  # no policy held: the default's month
    source = _source(council, "policy.csv")
    fortnightly = r.SupervisionStandard(WorkerGroup.NQSW, 0, 6, 2, None, 7, date(2024, 4, 1), source)
    records_store(
        council=council, records=r.CouncilRecords(r.Council("990", council.name), supervision_policy=(fortnightly,))
    )
    assert coverage_for(la_codes=["990"])["990"].supervision_lookback == 31  # 14 days, but the month to a date
    quarterly = r.SupervisionStandard(WorkerGroup.ALL, 0, None, None, 3, 7, date(2024, 4, 1), source)
    records_store(
        council=council,
        records=r.CouncilRecords(r.Council("990", council.name), supervision_policy=(fortnightly, quarterly)),
    )
    assert coverage_for(la_codes=["990"])["990"].supervision_lookback == 93  # 3 months of 31 days


@pytest.mark.django_db
def test_a_sources_stated_dates_win_and_the_earliest_source_begins_the_kind(councils):
    """This year's extract is stated to cover 1 April 2024 to 31 March 2025 (its first session is on 3 April);
    an older one, with no stated dates, holds one session on 12 February 2024."""
    council = m.Council.objects.get(la_code="990")
    stated = _source(council, "2024-25.csv", complete_from=date(2024, 4, 1), complete_to=date(2025, 3, 31))
    _supervision(council, (date(2024, 4, 3), date(2025, 2, 26)), stated)
    coverage = coverage_for(la_codes=["990"])["990"]
    assert (coverage.kinds_begin["supervision"], coverage.kinds["supervision"]) == (date(2024, 4, 1), date(2025, 3, 31))
    older = _source(council, "2023-24.csv")
    _supervision(council, (date(2024, 2, 12),), older)
    coverage = coverage_for(la_codes=["990"])["990"]
    assert (coverage.kinds_begin["supervision"], coverage.kinds["supervision"]) == (
        date(2024, 2, 12),
        date(2025, 3, 31),
    )


# -- where local measures are shown -----------------------------------------------------------------------------


@pytest.fixture
def declare(monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """Declares one computed local measure in the catalogue as reading supervision, when called; its id."""

    def declared() -> str:
        patched = tuple(READS_SUPERVISION if m.id == READS_SUPERVISION.id else m for m in STRATEGY_MEASURES)
        monkeypatch.setattr(strategy_catalogue, "STRATEGY_MEASURES", patched)
        monkeypatch.setattr("csc_workforce.store.services.coverage.STRATEGY_MEASURES", patched)
        return READS_SUPERVISION.id

    return declared


@pytest.mark.django_db
def test_strategy_values_withhold_a_measure_for_the_census_years_its_records_do_not_cover(councils, declare):
    """Supervision held from 1 April 2024 to 30 September 2025 (an extract stated so): census year 2024 (1 October
    2023 to 30 September 2024) starts before it and is withheld; census year 2025 lies within it and is shown."""
    council = m.Council.objects.get(la_code="990")
    before = _council_table("990")  # as the measure is declared now: reading no development records
    declared_reads = declare()
    assert before is not None and before.filter(year=2024)[declared_reads].item() is not None
    stated = _source(council, "supervision.csv", complete_from=date(2024, 4, 1), complete_to=date(2025, 9, 30))
    _supervision(council, (date(2024, 4, 2), date(2025, 9, 29)), stated)
    table = _council_table("990")
    assert table is not None and table["year"].to_list() == [2024, 2025]
    assert table.filter(year=2024)[declared_reads].item() is None
    assert table.filter(year=2025)[declared_reads].item() == before.filter(year=2025)[declared_reads].item()
    values = HeldValues()
    assert [year for year, _ in values.series(declared_reads, "990") or []] == [2025]
    assert values.uncovered(declared_reads, "990") == {
        2024: "supervision data for 990 begins on 1 April 2024, after the start of the period (1 October 2023)"
    }
    # a measure reading nothing is untouched
    other = UNREAD.id
    assert table[other].to_list() == before[other].to_list()


@pytest.mark.django_db
def test_strategy_values_withhold_a_measure_whose_records_are_not_held_at_all(councils, declare):
    declared_reads = declare()
    table = _council_table("990")
    assert table is not None and table[declared_reads].to_list() == [None, None]


@pytest.mark.django_db
def test_a_session_typed_in_the_app_does_not_stretch_an_extracts_coverage(councils):
    council = m.Council.objects.get(la_code="990")
    extract = _source(council, "supervision.csv")  # sessions 1 April 2024 to 31 March 2025
    _supervision(council, (date(2024, 4, 1), date(2025, 3, 31)), extract)
    typed = m.Source.objects.create(council=council, kind="manual", name="typed", recorded_at=NOW)
    _supervision(council, (date(2024, 1, 15), date(2025, 6, 2)), f"source:{typed.pk}")  # before and after it
    coverage = coverage_for(la_codes=["990"])["990"]
    assert coverage.kinds["supervision"] == date(2025, 3, 31)  # the extract's, not the typed session's
    assert coverage.kinds_begin["supervision"] == date(2024, 4, 1)


@pytest.mark.django_db
def test_sessions_only_typed_in_the_app_are_covered_by_their_own_dates(councils):
    council = m.Council.objects.get(la_code="990")
    typed = m.Source.objects.create(council=council, kind="manual", name="typed", recorded_at=NOW)
    _supervision(council, (date(2025, 1, 6), date(2025, 2, 3)), f"source:{typed.pk}")
    coverage = coverage_for(la_codes=["990"])["990"]
    assert (coverage.kinds_begin["supervision"], coverage.kinds["supervision"]) == (date(2025, 1, 6), date(2025, 2, 3))


def test_children_with_at_most_3_workers_is_shown_only_when_the_allocations_cover_the_12_months() -> None:
    # The measure reads every allocation touching the 12 months to D (1 October 2024 to 30 September 2025): with
    # the allocation records beginning on 1 October 2024 each is held; from 2 October a child's worker who handed
    # over on 1 October may be missing, so it is withheld rather than counting the child as having had fewer.
    measure = BY_ID["children_max_3_social_workers_pct"]
    assert measure.reads == ("allocations",)
    d = date(2025, 9, 30)

    def held_from(first: date) -> Coverage:
        return Coverage("990", {"workforce": d, "allocations": d}, kinds_begin={"allocations": first})

    assert measure.id not in held_from(date(2024, 10, 1)).withheld_development(d, twelve_months_to(d), (measure,))
    withheld = held_from(date(2024, 10, 2)).withheld_development(d, twelve_months_to(d), (measure,))
    assert withheld[measure.id] == (
        "case allocation data for 990 begins on 2 October 2024, after the start of the period (1 October 2024)"
    )
