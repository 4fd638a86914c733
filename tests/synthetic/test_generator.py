from __future__ import annotations

import time
from collections import Counter
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.domain.codes import ELIGIBILITY_ITEMS, ContractType, OrgRole, Sex, StartOrigin
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.synthetic import CouncilRates, demo_council, generate_council, national_councils
from tests.synthetic.checks import assignments_by_engagement, violations


def small(seed: int, **overrides: object) -> CouncilRecords:
    arguments: dict[str, object] = dict(
        la_code="991",
        name="Small",
        region="Inner London",
        first_year=2022,
        last_year=2025,
        seed=seed,
        size=60,
    )
    arguments.update(overrides)
    return generate_council(**arguments)  # type: ignore[arg-type]


def test_same_seed_gives_equal_records() -> None:
    assert small(5) == small(5)


def test_different_seeds_give_different_councils() -> None:
    assert small(5).people != small(6).people


def test_council_300_satisfies_every_consistency_rule(council_300: CouncilRecords) -> None:
    assert violations(council_300, 2017, 2025) == []


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_small_councils_satisfy_every_consistency_rule(seed: int) -> None:
    assert violations(small(seed), 2022, 2025) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32),
    first_year=st.integers(2017, 2025),
    span=st.integers(0, 3),
    size=st.integers(5, 120),
)
def test_any_seed_years_and_size_give_consistent_records(seed: int, first_year: int, span: int, size: int) -> None:
    last_year = min(2025, first_year + span)
    records = small(seed, first_year=first_year, last_year=last_year, size=size)
    assert violations(records, first_year, last_year) == []


def test_every_record_points_at_the_one_synthetic_provenance() -> None:
    records = small(9, recorded_at=datetime(2024, 1, 2))
    (provenance,) = records.provenance
    assert (provenance.key, provenance.kind, provenance.recorded_at) == (
        "synthetic:991:9",
        "synthetic",
        datetime(2024, 1, 2),
    )


def test_some_people_hold_two_concurrent_part_time_posts(council_300: CouncilRecords) -> None:
    def two_posts_on(day: date) -> bool:
        spells = Counter(e.person_key for e in council_300.engagements if e.in_post_on(day) and not e.is_agency)
        return any(count == 2 for count in spells.values())

    assert any(two_posts_on(date(year, 9, 30)) for year in range(2017, 2026))


def test_agency_workers_convert_to_permanent_as_the_same_person(council_300: CouncilRecords) -> None:
    by_person: dict[str, list[ContractType]] = {}
    for e in sorted(council_300.engagements, key=lambda e: e.start_date or date.min):
        by_person.setdefault(e.person_key, []).append(e.contract)
    conversions = [
        c for c in by_person.values() if any(a.is_agency and not b.is_agency for a, b in zip(c, c[1:], strict=False))
    ]
    assert conversions


def test_promotions_close_one_assignment_and_open_a_more_senior_one(council_300: CouncilRecords) -> None:
    promoted = [
        items
        for items in assignments_by_engagement(council_300).values()
        if any(
            a.role and b.role and int(b.role.value) < int(a.role.value) for a, b in zip(items, items[1:], strict=False)
        )
    ]
    assert promoted


def test_newly_qualified_starters_begin_in_asye(council_300: CouncilRecords) -> None:
    first = {k: v[0] for k, v in assignments_by_engagement(council_300).items()}
    newly_qualified = [
        e for e in council_300.engagements if e.start_origin is StartOrigin.NEWLY_QUALIFIED and not e.is_agency
    ]
    assert newly_qualified
    assert all(first[e.key].cfkss_status is not None for e in newly_qualified)


def test_demo_council_is_the_fictional_northgate() -> None:
    records = demo_council()
    assert (records.council.la_code, records.council.name, records.council.region) == (
        "990",
        "Northgate (demo)",
        "North West",
    )
    assert [f.on.year for f in records.figures] == list(range(2017, 2026))
    (flags_2025,) = [f.eligibility for f in records.figures if f.on.year == 2025]
    assert [item for item, _ in flags_2025] == list(ELIGIBILITY_ITEMS)
    assert all(f.eligibility == () for f in records.figures if f.on.year < 2025)
    assert records.pay and {p.year for p in records.pay} == {2025}
    agency = {e.key for e in records.engagements if e.is_agency}
    assert not any(p.engagement_key in agency for p in records.pay)


def test_monthly_caseloads_can_be_left_out() -> None:
    records = small(4, monthly_caseloads=False)
    assert records.caseloads and {(c.on.month, c.on.day) for c in records.caseloads} == {(9, 30)}
    assert len(small(4).caseloads) > len(records.caseloads)


def test_national_councils_are_deterministic_and_within_size_limits() -> None:
    councils = list(national_councils(seed=1))
    assert councils == list(national_councils(seed=1))
    assert len(councils) == 150 and len({c[0] for c in councils}) == 150
    assert all(50 <= size <= 800 and name.endswith("(synthetic)") for _, name, _, size in councils)


def test_national_councils_refuses_more_councils_than_published() -> None:
    with pytest.raises(ValueError, match="count must be between"):
        list(national_councils(seed=1, count=500))


def test_years_outside_2017_to_2025_are_refused() -> None:
    with pytest.raises(ValueError, match="census years must run forwards"):
        small(1, first_year=2016)


def test_rates_given_as_percentages_are_refused() -> None:
    with pytest.raises(ValueError, match="turnover must be a fraction"):
        CouncilRates(turnover=15)


def test_higher_agency_rate_gives_more_agency_workers() -> None:
    low = small(3, size=150, rates=CouncilRates(agency_rate=0.05))
    high = small(3, size=150, rates=CouncilRates(agency_rate=0.30))
    on = date(2025, 9, 30)
    assert sum(e.is_agency and e.in_post_on(on) for e in high.engagements) > 2 * sum(
        e.is_agency and e.in_post_on(on) for e in low.engagements
    )


def test_people_look_like_the_workforce(council_300: CouncilRecords) -> None:
    sexes = Counter(p.sex for p in council_300.people)
    assert 0.78 < sexes[Sex.FEMALE] / len(council_300.people) < 0.92
    assert all(p.qual_institution and p.ethnicity and p.qual_level for p in council_300.people)


def test_generation_speed_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    records = generate_council(
        la_code="990", name="Speed", region="North West", first_year=2017, last_year=2025, seed=3, size=300
    )
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n300-FTE council, 2017-2025: {seconds:.2f}s, {len(records.engagements)} engagements")
    assert records.engagements
    assert any(a.role is OrgRole.SENIOR_MANAGER for a in records.assignments)
