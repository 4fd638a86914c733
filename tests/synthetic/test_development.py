"""The practice and development records of synthetic councils (``synthetic/development.py``): consistent with
the workforce's census history, deterministic, and leaving every census return as it was."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from statistics import mean

import pytest

from csc_workforce.domain.codes import (
    AbsenceReason,
    AgencyRule,
    Programme,
    ProgrammeOutcome,
    SupervisionKind,
    TrainingStatus,
    WorkerGroup,
)
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.measures.inputs import DATED_FRAMES, frames_from_records, title_key
from csc_workforce.synthetic import demo_council, generate_council
from csc_workforce.synthetic.returns import council_returns
from tests.synthetic.checks import assignments_by_engagement, development_problems, violations

DEVELOPMENT_FIELDS = (
    "supervision",
    "supervision_policy",
    "reviews",
    "courses",
    "training",
    "programmes",
    "grades",
    "placements",
    "placement_income",
    "campaigns",
    "applications",
)


@pytest.fixture(scope="module")
def demo() -> CouncilRecords:
    return demo_council()


def small(seed: int, **overrides: object) -> CouncilRecords:
    arguments: dict[str, object] = dict(
        la_code="991",
        name="Small",
        region="Inner London",
        first_year=2021,
        last_year=2025,
        seed=seed,
        size=80,
        development=True,
    )
    arguments.update(overrides)
    return generate_council(**arguments)  # type: ignore[arg-type]


def test_the_demo_holds_every_kind_of_development_record(demo: CouncilRecords) -> None:
    assert all(getattr(demo, name) for name in DEVELOPMENT_FIELDS)
    assert {p.programme for p in demo.programmes} >= {
        Programme.ASYE,
        Programme.STEP_UP,
        Programme.FRONTLINE,
        Programme.APPRENTICESHIP,
        Programme.ASPIRANT_MANAGER,
    }
    assert {t.status for t in demo.training} == set(TrainingStatus)
    assert {s.kind for s in demo.supervision} == set(SupervisionKind)
    assert {p.outcome for p in demo.programmes if p.programme is Programme.ASYE} == set(ProgrammeOutcome)


def test_frames_from_the_demo_have_rows_in_every_development_frame(demo: CouncilRecords) -> None:
    frames = frames_from_records([demo])
    empty = [name for name in DATED_FRAMES if getattr(frames, name).height == 0]
    assert empty == []


def test_the_demo_satisfies_every_consistency_rule(demo: CouncilRecords) -> None:
    assert violations(demo, 2017, 2025) == []
    assert development_problems(demo) == []


@pytest.mark.parametrize(
    ("seed", "first_year", "last_year", "size"),
    [(0, 2021, 2025, 80), (1, 2017, 2019, 40), (2, 2025, 2025, 5), (3, 2019, 2025, 150)],
)
def test_small_councils_satisfy_every_consistency_rule(seed: int, first_year: int, last_year: int, size: int) -> None:
    records = small(seed, first_year=first_year, last_year=last_year, size=size)
    assert violations(records, first_year, last_year) == []
    assert development_problems(records) == []


def test_same_seed_gives_equal_development_records() -> None:
    assert small(5) == small(5)
    assert small(5).supervision != small(6).supervision


def test_census_returns_are_the_same_with_or_without_development_records() -> None:
    """Job titles change (the census has none), and sickness absences gain the HR system's cause (the census has
    none); nothing a census return holds does."""
    years = list(range(2021, 2026))
    written = datetime(2025, 10, 20, 9, 0)
    plain, full = small(7, development=False), small(7)
    assert council_returns(full, years, generated_at=written) == council_returns(plain, years, generated_at=written)
    for name in ("people", "engagements", "caseloads", "posts", "figures", "pay"):
        assert getattr(full, name) == getattr(plain, name), name
    assert tuple(replace(a, cause=None) for a in full.absences) == plain.absences
    assert {a.cause for a in plain.absences} == {None}
    caused = [a for a in full.absences if a.cause is not None]
    assert caused and all(a.reason is AbsenceReason.SICKNESS and a.working_days_lost for a in caused)
    assert not any(getattr(plain, name) for name in DEVELOPMENT_FIELDS)
    assert len(full.assignments) > len(plain.assignments)  # split where a title changes


def test_job_titles_follow_the_grade_scale_and_the_dfe_role(demo: CouncilRecords) -> None:
    grades = {title_key(t): g for g in demo.grades for t in (*g.titles, g.name)}
    agency = {e.key for e in demo.engagements if e.is_agency}
    roles_by_rank = {1: {"5"}, 2: {"5", "6"}, 3: {"5", "6"}, 4: {"4", "6"}, 5: {"3"}, 6: {"2"}, 7: {"1"}}
    for a in demo.assignments:
        if a.engagement_key in agency:
            continue
        assert a.job_title is not None and a.role is not None
        grade = grades[title_key(a.job_title)]
        assert a.role.value in roles_by_rank[grade.rank], (a.job_title, a.role)


def test_newly_qualified_starters_go_from_asye_to_grade_9_to_grade_10(demo: CouncilRecords) -> None:
    rank = {title_key(t): g.rank for g in demo.grades for t in g.titles}
    by_engagement = assignments_by_engagement(demo)
    spells = [p for p in demo.programmes if p.programme is Programme.ASYE]
    reached = Counter()
    for spell in spells:
        assert spell.engagement_key is not None
        items = by_engagement[spell.engagement_key]
        ranks = [rank[title_key(a.job_title or "")] for a in items]
        assert ranks[0] == 1 and ranks == sorted(ranks)  # never back down the scale
        reached.update(set(ranks))
        if spell.outcome is ProgrammeOutcome.PASSED:
            assert spell.end is not None
            asye = [a for a in items if rank[title_key(a.job_title or "")] == 1]
            assert asye[-1].effective_to == spell.end or asye[-1].effective_to == items[-1].effective_to
        if spell.outcome in (ProgrammeOutcome.LEFT, ProgrammeOutcome.FAILED):
            assert ranks == [1] * len(ranks)  # never left the ASYE grade
    assert reached[2] > reached[3] > 0 and reached[4] > 0  # some reach grade 10, a few advanced practitioner


def test_asye_outcomes_are_mostly_passes_at_twelve_months(demo: CouncilRecords) -> None:
    spells = [p for p in demo.programmes if p.programme is Programme.ASYE]
    outcomes = Counter(p.outcome for p in spells)
    finished = sum(outcomes[o] for o in (ProgrammeOutcome.PASSED, ProgrammeOutcome.FAILED, ProgrammeOutcome.LEFT))
    assert outcomes[ProgrammeOutcome.PASSED] / finished > 0.75
    assert outcomes[ProgrammeOutcome.FAILED] < outcomes[ProgrammeOutcome.LEFT]
    for p in spells:
        assert p.midpoint_review is None or p.start < p.midpoint_review < (p.final_review or date.max)
        assert p.protected_time_pct is not None and 10 <= p.protected_time_pct <= 20


def test_most_nqsws_are_within_their_protected_caseload_and_a_few_over(demo: CouncilRecords) -> None:
    cases = {(c.engagement_key, c.on): c.cases for c in demo.caseloads}
    within = over = 0
    for year in range(2017, 2026):
        day = date(year, 9, 30)
        for p in demo.programmes:
            if p.programme is Programme.ASYE and p.start <= day and (p.end is None or p.end >= day):
                assert p.protected_caseload is not None
                count = cases.get((p.engagement_key or "", day), 0)
                over += count > p.protected_caseload
                within += count <= p.protected_caseload
    assert 0 < over < 0.25 * (within + over)


def test_appointed_students_are_the_next_years_newly_qualified_starters(demo: CouncilRecords) -> None:
    appointed = [p for p in demo.placements if p.appointed]
    assert appointed and all(p.person_key for p in appointed)  # the rules themselves are in development_problems
    per_year = Counter(p.start.year - (p.start.month < 9) for p in demo.placements)
    assert all(5 <= n <= 30 for n in per_year.values()) and len(per_year) == 9
    funnel = [sum(getattr(p, step) is True for p in demo.placements) for step in ("applied", "offered", "appointed")]
    assert len(demo.placements) > funnel[0] > funnel[1] > funnel[2]


def test_placement_income_is_given_for_each_whole_financial_year(demo: CouncilRecords) -> None:
    assert [i.financial_year for i in demo.placement_income] == list(range(2017, 2025))
    assert all(5000 < i.amount < 60000 for i in demo.placement_income)


def test_reviews_are_for_council_employed_workers_mostly_on_time_and_mostly_successful(demo: CouncilRecords) -> None:
    done = [r for r in demo.reviews if r.completed is not None]
    assert 0.75 < sum(r.completed <= r.due for r in done if r.completed) / len(demo.reviews) < 0.97
    assert 0.85 < sum(bool(r.successful) for r in done) / len(done) < 0.98
    assert {r.cycle for r in demo.reviews} == {f"{y}-{(y + 1) % 100:02d}" for y in range(2017, 2026)}
    assert len({(r.engagement_key, r.cycle) for r in demo.reviews}) == len(demo.reviews)


def test_the_supervision_policy_has_nqsws_fortnightly_for_six_months_from_2021(demo: CouncilRecords) -> None:
    revised = [s for s in demo.supervision_policy if s.effective_from == date(2021, 4, 1)]
    assert (WorkerGroup.NQSW, 0, 6, 2) in {(s.group, s.from_month, s.to_month, s.interval_weeks) for s in revised}
    assert {s.effective_from for s in demo.supervision_policy} == {date(2016, 10, 1), date(2021, 4, 1)}


def test_agency_workers_are_supervised_too(demo: CouncilRecords) -> None:
    agency = {e.key for e in demo.engagements if e.is_agency}
    assert any(s.engagement_key in agency for s in demo.supervision)


def test_supervision_gaps_cluster_in_stretched_teams(demo: CouncilRecords) -> None:
    """Team-years ranked by agency share of the team's workers on 31 March (from the records alone): the share of
    whole months in post without a one-to-one session is much higher in the top third than the bottom third."""
    by_engagement = assignments_by_engagement(demo)
    held: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for s in demo.supervision:
        if s.kind is SupervisionKind.ONE_TO_ONE:
            held[s.engagement_key].add((s.on.year, s.on.month))
    rows = []
    for year in range(2017, 2026):
        day = date(year, 3, 31)
        workers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for e in demo.engagements:
            a = next((a for a in by_engagement[e.key] if a.covers(day)), None)
            if a is None or a.team_key is None:
                continue
            workers[a.team_key][0] += 1
            workers[a.team_key][1] += e.is_agency
            for y, m in [(year - 1, m) for m in (10, 11, 12)] + [(year, m) for m in range(1, 10)]:
                first, last = date(y, m, 1), date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
                if e.in_post_on(first) and e.in_post_on(last):
                    months[a.team_key][0] += 1
                    months[a.team_key][1] += (y, m) not in held[e.key]
        rows += [(agency / n, months[t][1] / months[t][0]) for t, (n, agency) in workers.items() if months[t][0] >= 24]
    rows.sort()
    third = len(rows) // 3
    calm, stretched = mean(g for _, g in rows[:third]), mean(g for _, g in rows[-third:])
    assert stretched > 1.5 * calm


def test_supervision_gaps_cluster_before_leaving(demo: CouncilRecords) -> None:
    """Of the leavers' months in post, the last two before leaving have sessions less often than the rest."""
    held: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for s in demo.supervision:
        if s.kind is SupervisionKind.ONE_TO_ONE:
            held[s.engagement_key].add((s.on.year, s.on.month))
    before, earlier = [], []
    for e in demo.engagements:
        if e.end_date is None or e.start_date is None or e.end_date.year < 2018 or e.start_date.year < 2017:
            continue
        month = date(e.end_date.year, e.end_date.month, 1)
        for back in range(1, 13):
            month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
            if month <= e.start_date:
                break
            (before if back <= 2 else earlier).append((month.year, month.month) not in held[e.key])
    assert mean(before) > mean(earlier) + 0.1


def test_allocations_agree_with_every_caseload_snapshot() -> None:
    """On each snapshot date a case holder holds exactly their snapshot's number of children (allocations open on
    the date), and no allocation is given twice."""
    import polars as pl

    records = small(5)
    assert records.allocations and len({a.key for a in records.allocations}) == len(records.allocations)
    frames = frames_from_records([records])
    held = (
        frames.caseloads.join(frames.allocations, on=["la_code", "engagement_key"], how="left")
        .filter((pl.col("start") <= pl.col("on")) & (pl.col("end").is_null() | (pl.col("end") >= pl.col("on"))))
        .group_by("engagement_key", "on")
        .agg(allocated=pl.col("child_ref").n_unique())
    )
    both = frames.caseloads.join(held, on=["engagement_key", "on"], how="left").with_columns(
        pl.col("allocated").fill_null(0)
    )
    assert both.filter(pl.col("allocated") != pl.col("cases")).is_empty()
    engagements = {e.key: e for e in records.engagements}
    for a in records.allocations:  # each within its worker's engagement
        engagement = engagements[a.engagement_key]
        assert engagement.start_date is not None and engagement.start_date <= a.start
        assert a.end is None or engagement.end_date is None or a.end <= engagement.end_date


def test_children_move_when_workers_leave_so_a_few_have_had_four_or_more(demo: CouncilRecords) -> None:
    from csc_workforce.measures.allocations import allocation_counts

    ((_, held, at_most_3, four_plus),) = allocation_counts(frames_from_records([demo]), as_at=date(2025, 9, 30)).rows()
    assert held > 1000 and four_plus > 0 and at_most_3 / held > 0.9


def test_audit_element_grades_go_with_the_overall_grade(demo: CouncilRecords) -> None:
    from csc_workforce.domain.codes import AuditElement, AuditGrade

    scale = list(AuditGrade)
    steps = Counter(scale.index(e.grade) - scale.index(a.grade) for a in demo.audits for e in a.elements)
    assert all(len(a.elements) == len(AuditElement) for a in demo.audits)
    assert set(steps) <= {-1, 0, 1} and 0.5 < steps[0] / sum(steps.values()) < 0.7


def test_agency_placements_match_the_census_agency_engagements(demo: CouncilRecords) -> None:
    """One placement per agency engagement, with its dates (development_problems checks each); costs each month it
    was in post; the checks mostly met with a few gaps; an illustrative cap table of the council's region."""
    agency = [e for e in demo.engagements if e.is_agency]
    assert len(demo.agency_placements) == len(agency) > 0
    costed = {c.placement_key for c in demo.agency_costs}
    assert costed == {a.key for a in demo.agency_placements}
    placements = demo.agency_placements
    short = sum(a.pqe_years is not None and a.pqe_years < 3 for a in placements) / len(placements)
    no_references = sum(a.references is False for a in placements) / len(placements)
    assert 0 < short < 0.1 and 0 < no_references < 0.1
    assert {a.rule for a in placements} >= {AgencyRule.STANDARD, AgencyRule.EXCEPTION}
    assert len({a.supplier for a in placements}) > 1
    assert {c.region for c in demo.agency_caps} == {demo.council.region}
    assert any(a.converted_on for a in placements)


def test_agency_records_are_drawn_apart() -> None:
    plain, full = small(7, development=False), small(7)
    assert not (plain.agency_placements or plain.agency_costs or plain.agency_caps)
    assert full.agency_placements and full.agency_costs and full.agency_caps
    assert small(8).agency_placements != full.agency_placements
