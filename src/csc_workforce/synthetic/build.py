"""Turn a finished :class:`Simulation` into frozen domain records."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from csc_workforce.domain.codes import (
    ELIGIBILITY_ITEMS,
    AbsenceReason,
    AgencyRule,
    AuditElement,
    AuditGrade,
    CapBasis,
    Eligibility,
    HRCaseKind,
    OrgRole,
    PracticeIndicator,
    Sex,
    SicknessCause,
)
from csc_workforce.domain.records import (
    Absence,
    AgencyCap,
    AgencyCost,
    AgencyPlacement,
    Assignment,
    AuditElementGrade,
    CaseAllocation,
    CaseAudit,
    CaseloadSnapshot,
    CouncilFigures,
    Engagement,
    HRCase,
    IndicatorMonth,
    Pay,
    Person,
    Post,
    Team,
)
from csc_workforce.measures.rules import in_post
from csc_workforce.synthetic import catalogue as cat
from csc_workforce.synthetic.simulation import Segment, SimEngagement, Simulation

CENT = Decimal("0.01")
WORKING_DAYS = 253  # DfE's denominator for the sickness absence rate
PAY_YEAR = 2025  # the census year that collects pay items
SALARY_BANDS = {"1": (66000, 75000), "2": (58000, 66000), "3": (50000, 58000), "4": (44000, 51000)}
PRACTITIONER_BAND = (38000, 45000)
OTHER_REASONS = (
    (AbsenceReason.OTHER_PAID, 0.4),
    (AbsenceReason.UNPAID, 0.3),
    (AbsenceReason.TRAINING, 0.2),
    (AbsenceReason.PUBLIC_DUTIES, 0.1),
)


def census_years(sim: Simulation) -> range:
    return range(sim.start.year + 1, sim.end.year + 1)


def segment_on(eng: SimEngagement, day: date) -> Segment:
    current = eng.segments[0]
    for segment in eng.segments:
        if segment.start <= day:
            current = segment
    return current


def teams(sim: Simulation, source: str) -> tuple[Team, ...]:
    return tuple(Team(t.key, t.name, t.service_area, source) for t in sim.teams)


def people(sim: Simulation, source: str) -> tuple[Person, ...]:
    return tuple(
        Person(
            p.key,
            p.swe_no,
            p.birth_date,
            p.sex,
            p.ethnicity,
            p.qual_level,
            p.qual_institution,
            p.step_up,
            p.frontline,
            source,
        )
        for p in sim.people
    )


def engagements(sim: Simulation, source: str) -> tuple[Engagement, ...]:
    return tuple(
        Engagement(
            e.key,
            sim.people[e.person].key,
            e.contract,
            e.start,
            e.origin,
            e.end,
            e.reason,
            e.destination,
            e.contract_weeks,
            source,
        )
        for e in sim.engagements
    )


def assignments(sim: Simulation, source: str) -> Iterator[Assignment]:
    for eng in sim.engagements:
        for i, seg in enumerate(eng.segments):
            last = i == len(eng.segments) - 1
            to = eng.end if last else eng.segments[i + 1].start - timedelta(days=1)
            yield Assignment(
                eng.key,
                seg.start,
                to,
                seg.role,
                eng.fte,
                sim.teams[sim.cells[seg.cell].team].key,
                seg.title,
                seg.case_holding,
                seg.cfkss,
                source,
            )


def caseloads(sim: Simulation, source: str) -> tuple[CaseloadSnapshot, ...]:
    return tuple(CaseloadSnapshot(sim.engagements[c.engagement].key, c.on, c.cases, source) for c in sim.cases)


def absences(sim: Simulation, rng: random.Random, source: str) -> Iterator[Absence]:
    """One sickness total per engagement and census year, plus other absences spanning 30 September."""
    for eng in sim.engagements:
        if eng.is_agency:
            continue
        for year in census_years(sim):
            sickness = _sickness(sim, rng, eng, year, source)
            if sickness is not None:
                yield sickness
            census_day = date(year, 9, 30)
            if in_post(eng.start, eng.end, census_day):
                other = _absent_on_census_day(sim, rng, eng, census_day, source)
                if other is not None:
                    yield other


# Shares of sickness spells by cause, roughly as councils' children's social care HR reports give them: stress,
# anxiety and depression first (Worcestershire's scrutiny report), then musculoskeletal problems and infections.
CAUSE_WEIGHTS: tuple[tuple[SicknessCause, float], ...] = (
    (SicknessCause.STRESS, 0.32),
    (SicknessCause.MUSCULOSKELETAL, 0.16),
    (SicknessCause.INFECTIONS, 0.14),
    (SicknessCause.SURGERY, 0.07),
    (SicknessCause.DIGESTIVE, 0.06),
    (SicknessCause.RESPIRATORY, 0.05),
    (SicknessCause.NEUROLOGICAL, 0.04),
    (SicknessCause.INJURY, 0.04),
    (SicknessCause.CANCER, 0.03),
    (SicknessCause.OTHER, 0.03),
    (SicknessCause.HEART, 0.02),
    (SicknessCause.PREGNANCY, 0.02),
    (SicknessCause.NOT_KNOWN, 0.02),
)


def with_causes(absences: tuple[Absence, ...], rng: random.Random) -> tuple[Absence, ...]:
    """``absences`` with a cause on each sickness absence that lost a working day (as an HR system records it);
    the rest unchanged."""
    causes, weights = [c for c, _ in CAUSE_WEIGHTS], [w for _, w in CAUSE_WEIGHTS]
    return tuple(
        replace(a, cause=rng.choices(causes, weights)[0])
        if a.reason is AbsenceReason.SICKNESS and a.working_days_lost
        else a
        for a in absences
    )


# Formal HR cases opened a year per council-employed worker, by kind, beside the attendance cases long sickness
# brings: a few in a hundred (Worcestershire had 20 open for about 300 staff).
CASE_RATES: tuple[tuple[HRCaseKind, float], ...] = (
    (HRCaseKind.CONDUCT, 0.015),
    (HRCaseKind.CAPABILITY, 0.012),
    (HRCaseKind.GRIEVANCE, 0.010),
    (HRCaseKind.DIGNITY, 0.005),
    (HRCaseKind.OTHER, 0.003),
)
LONG_SICKNESS_DAYS = 30  # a year's sickness of this many working days or more brings an attendance case


def hr_cases(sim: Simulation, absences: tuple[Absence, ...], rng: random.Random, source: str) -> tuple[HRCase, ...]:
    """Formal HR cases: an attendance (absence) case opened 28 days or more into a year's sickness of 30 working
    days or more, and conduct, capability, grievance and other cases at ``CASE_RATES`` a year per
    council-employed worker, each open 2 to 10 months (still open when that runs past the simulation's end)."""
    found: list[tuple[date, HRCaseKind, date | None]] = []

    def case(kind: HRCaseKind, opened: date, last: date | None) -> None:
        closed = opened + timedelta(days=rng.randrange(60, 300))
        if last is not None:  # a leaver's case closes when they go
            closed = max(min(closed, last), opened + timedelta(days=1))
        found.append((opened, kind, closed if closed <= sim.end else None))

    by_key = {eng.key: eng for eng in sim.engagements}
    for a in absences:
        if a.reason is AbsenceReason.SICKNESS and (a.working_days_lost or 0) >= LONG_SICKNESS_DAYS:
            span = (a.end - a.start).days
            opened = a.start + timedelta(days=rng.randrange(28, span) if span > 28 else 28)
            if opened <= a.end:
                case(HRCaseKind.ABSENCE, opened, by_key[a.engagement_key].end)
    for eng in sim.engagements:
        if eng.is_agency:
            continue
        for year in census_years(sim):
            first = max(date(year - 1, 10, 1), eng.start)
            last = date(year, 9, 30) if eng.end is None else min(date(year, 9, 30), eng.end)
            if last <= first:
                continue
            for kind, rate in CASE_RATES:
                if rng.random() < rate * ((last - first).days + 1) / 365:
                    case(kind, first + timedelta(days=rng.randrange((last - first).days)), eng.end)
    found.sort(key=lambda c: (c[0], c[1].value))
    return tuple(
        HRCase(f"case:HR{n:05d}", kind, opened, closed, source)
        for n, (opened, kind, closed) in enumerate(found, start=1)
    )


# Case audits: about one case a month for every 20 case-holding workers, graded roughly as councils' quality
# assurance reports do (most good or requiring improvement; Slough aimed at 80% good or better).
AUDITS_PER_WORKER_MONTH = 0.05
GRADE_WEIGHTS: tuple[tuple[AuditGrade, float], ...] = (
    (AuditGrade.OUTSTANDING, 0.06),
    (AuditGrade.GOOD, 0.52),
    (AuditGrade.REQUIRES_IMPROVEMENT, 0.34),
    (AuditGrade.INADEQUATE, 0.08),
)


def case_audits(sim: Simulation, rng: random.Random, source: str) -> tuple[CaseAudit, ...]:
    """Monthly case audits of case-holding workers in post (agency included: their cases are the council's),
    each of one child (a made-up pseudonymous reference), graded at ``GRADE_WEIGHTS``, by the worker's team."""
    grades, weights = [g for g, _ in GRADE_WEIGHTS], [w for _, w in GRADE_WEIGHTS]
    found: list[CaseAudit] = []
    month = date(sim.start.year, sim.start.month, 1)
    while month <= sim.end:
        day = month + timedelta(days=14)
        holders = [
            eng for eng in sim.engagements if in_post(eng.start, eng.end, day) and segment_on(eng, day).case_holding
        ]
        for eng in holders:
            if rng.random() < AUDITS_PER_WORKER_MONTH:
                on = month + timedelta(days=rng.randrange(28))
                team = sim.teams[sim.cells[segment_on(eng, on).cell].team].key
                child = f"CH{rng.randrange(100000, 999999)}"
                key = f"audit:A{len(found) + 1:05d}"
                found.append(CaseAudit(key, child, on, rng.choices(grades, weights)[0], team, source))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(a for a in found if a.on <= sim.end)


# Element grades: each audit grades the five elements, each the overall grade or a step either side of it
# (ELEMENT_STEPS), so they go with the overall grade the way an auditor's judgement does.
ELEMENT_STEPS: tuple[tuple[int, float], ...] = ((-1, 0.2), (0, 0.6), (1, 0.2))


def with_elements(audits: tuple[CaseAudit, ...], rng: random.Random) -> tuple[CaseAudit, ...]:
    """``audits`` with their element grades (``AuditElement``, in order), drawn from ``rng`` alone so the audits
    themselves are as ``case_audits`` made them."""
    scale = list(AuditGrade)
    steps, weights = [s for s, _ in ELEMENT_STEPS], [w for _, w in ELEMENT_STEPS]
    graded = []
    for audit in audits:
        at = scale.index(audit.grade)
        elements = tuple(
            AuditElementGrade(e, scale[min(len(scale) - 1, max(0, at + rng.choices(steps, weights)[0]))])
            for e in AuditElement
        )
        graded.append(replace(audit, elements=elements))
    return tuple(graded)


# Case allocations, made to agree with the caseload snapshots: on each snapshot date every case-holding worker
# holds exactly their snapshot's number of children. Between snapshots a child's case closes with CLOSE_A_MONTH
# (the allocation ends, the child is not seen again); a worker who leaves or stops holding cases hands every child
# on, and a worker holding more than their next snapshot hands the rest on (half closed, half moved); a worker
# holding fewer takes children handed on first, then new ones. So children whose workers leave have had several.
CLOSE_A_MONTH = 0.04


def allocations(sim: Simulation, rng: random.Random, source: str) -> tuple[CaseAllocation, ...]:
    """Children's allocations to workers, consistent with ``sim.cases`` (see above), from ``rng`` alone."""
    by_date: dict[date, dict[int, int]] = {}
    for count in sim.cases:
        by_date.setdefault(count.on, {})[count.engagement] = count.cases
    made: list[CaseAllocation] = []
    held: dict[int, list[tuple[str, date]]] = {}  # engagement -> its children (ref, start)
    children = 0
    before = sim.start - timedelta(days=1)

    def end(eng: int, child: str, start: date, last: date) -> None:
        key = f"allocation:{child}/{sim.engagements[eng].key}@{start.isoformat()}"
        made.append(CaseAllocation(key, child, sim.engagements[eng].key, start, last, source))

    def day_in(first: date, last: date) -> date:
        return first + timedelta(days=rng.randrange((last - first).days + 1))

    for on in sorted(by_date):
        counts = by_date[on]
        first, last = before + timedelta(days=1), on - timedelta(days=1)
        handed: list[tuple[str, date]] = []  # children handed on, with the first day they need a worker
        for eng in sorted(held):
            kept: list[tuple[str, date]] = []
            engagement = sim.engagements[eng]
            target = counts.get(eng, 0)
            for child, start in held[eng]:
                if target == 0:  # left or stopped holding cases: every child handed on
                    stop = min(engagement.end or last, last) if engagement.end else day_in(first, last)
                    stop = max(stop, start)
                    end(eng, child, start, stop)
                    handed.append((child, stop + timedelta(days=1)))
                elif rng.random() < CLOSE_A_MONTH:
                    end(eng, child, start, max(start, day_in(first, last)))
                else:
                    kept.append((child, start))
            rng.shuffle(kept)
            while len(kept) > target:
                child, start = kept.pop()
                stop = max(start, day_in(first, last))
                end(eng, child, start, stop)
                if rng.random() < 0.5:
                    handed.append((child, stop + timedelta(days=1)))
            held[eng] = kept
        rng.shuffle(handed)
        for eng in sorted(counts):
            target, engagement = counts[eng], sim.engagements[eng]
            mine = held.setdefault(eng, [])
            while len(mine) < target:
                if handed:
                    child, free = handed.pop()
                else:
                    children += 1
                    child, free = f"CH{100000 + children}", day_in(first, on)
                mine.append((child, min(on, max(free, engagement.start))))
        held = {eng: mine for eng, mine in held.items() if mine}
        before = on
    for eng, mine in held.items():
        for child, start in mine:
            key = f"allocation:{child}/{sim.engagements[eng].key}@{start.isoformat()}"
            made.append(CaseAllocation(key, child, sim.engagements[eng].key, start, None, source))
    return tuple(sorted(made, key=lambda a: (a.start, a.key)))


# The case-management system's monthly indicators, per 340 FTE of workforce (the demo's size): how many are due
# a month and the share met, a little better each year; compliments and complaints a month.
INDICATOR_VOLUMES: tuple[tuple[PracticeIndicator, int, float], ...] = (
    (PracticeIndicator.ASSESSMENTS_45_DAYS, 110, 0.86),
    (PracticeIndicator.CP_LAC_VISITS, 420, 0.89),
    (PracticeIndicator.IRO_MIDWAY_VISITS, 70, 0.84),
)
COMPLIMENTS_A_MONTH, COMPLAINTS_A_MONTH = 7.0, 5.0


def indicators(sim: Simulation, rng: random.Random, source: str) -> tuple[IndicatorMonth, ...]:
    """Each whole month of the simulation: the practice indicators the case-management system would give."""
    scale = sim.size / 340
    found: list[IndicatorMonth] = []
    month = date(sim.start.year, sim.start.month, 1)
    while month <= sim.end:
        years = (month - sim.start).days / 365
        for indicator, volume, share in INDICATOR_VOLUMES:
            due = max(1, round(volume * scale * rng.uniform(0.85, 1.15)))
            rate = min(0.99, share + 0.01 * years + rng.uniform(-0.04, 0.04))
            met = sum(rng.random() < rate for _ in range(due))
            found.append(IndicatorMonth(indicator, month, met, due, source))
        for indicator, mean in (
            (PracticeIndicator.COMPLIMENTS, COMPLIMENTS_A_MONTH),
            (PracticeIndicator.COMPLAINTS, COMPLAINTS_A_MONTH),
        ):
            found.append(IndicatorMonth(indicator, month, _poisson(rng, mean * scale), None, source))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(found)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method; means here are small)."""
    limit, count, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _sickness(sim: Simulation, rng: random.Random, eng: SimEngagement, year: int, source: str) -> Absence | None:
    first = max(date(year - 1, 10, 1), eng.start)
    last = date(year, 9, 30) if eng.end is None else min(date(year, 9, 30), eng.end)
    if last < first:
        return None
    available = eng.fte_f * WORKING_DAYS * ((last - first).days + 1) / 365
    # 40% take no sick leave; the rest follow a long-tailed gamma so that the mean is the absence rate.
    multiplier = 0.0 if rng.random() < 0.4 else rng.gammavariate(0.5, 1 / (0.6 * 0.5))
    days = min(sim.rates.absence_rate * available * multiplier, 0.9 * available)
    lost = Decimal(round(days * 2) / 2).quantize(CENT)
    return Absence(eng.key, first, last, AbsenceReason.SICKNESS, lost, source, year_total=True)  # as a return gives


def _absent_on_census_day(
    sim: Simulation, rng: random.Random, eng: SimEngagement, day: date, source: str
) -> Absence | None:
    person = sim.people[eng.person]
    age = (day - person.birth_date).days // 365
    if person.sex is Sex.FEMALE and age < 45 and rng.random() < 0.05:
        reason = AbsenceReason.MATERNITY_PATERNITY
    elif rng.random() < 0.015:
        reason = rng.choices([r for r, _ in OTHER_REASONS], [w for _, w in OTHER_REASONS])[0]
    else:
        return None
    start = max(eng.start, day - timedelta(days=rng.randrange(1, 200)))
    end = day + timedelta(days=rng.randrange(1, 200))
    if eng.end is not None:
        end = min(end, eng.end)
    return Absence(eng.key, start, end, reason, None, source)


def posts_and_figures(sim: Simulation, rng: random.Random, source: str) -> tuple[list[Post], list[CouncilFigures]]:
    """Funded FTE per team and role for each census year, and the council-level items on each 30 September.

    A cell's funded FTE is the planned establishment, raised to the FTE actually in post on 30 September if
    the council ran over establishment, so vacancies (funded less in post) are never negative.
    """
    posts: list[Post] = []
    figures: list[CouncilFigures] = []
    eligibility, allowances = _pay_policy(rng)
    years = census_years(sim)
    for year in years:
        day = date(year, 9, 30)
        actual = [Decimal(0)] * len(sim.cells)
        agency_fte, agency_count = Decimal(0), 0
        for eng in sim.engagements:
            if not in_post(eng.start, eng.end, day):
                continue
            if eng.is_agency:
                agency_fte += eng.fte
                agency_count += 1
            else:
                actual[segment_on(eng, day).cell] += eng.fte
        funded_total = Decimal(0)
        for i, cell in enumerate(sim.cells):
            planned = Decimal(sim.funded_fte(day) * cell.share).quantize(CENT)
            funded = max(planned, actual[i].quantize(CENT, rounding=ROUND_CEILING))
            if funded > 0:
                open_ended = year == years[-1]
                posts.append(
                    Post(
                        sim.teams[cell.team].key,
                        funded,
                        date(year - 1, 10, 1),
                        None if open_ended else day,
                        cell.role,
                        source,
                    )
                )
            funded_total += funded
        vacancies = (funded_total - sum(actual, Decimal(0))).quantize(CENT)
        share = Decimal(str(min(0.99, max(0.0, sim.rates.agency_cover_rate + rng.uniform(-0.05, 0.05)))))
        cover = min(vacancies, (agency_fte * share).quantize(CENT, rounding=ROUND_DOWN))
        headcount = round(agency_count * cover / agency_fte) if agency_fte else 0
        flags = eligibility if year == PAY_YEAR else ()
        text = allowances if year == PAY_YEAR else None
        figures.append(CouncilFigures(day, vacancies, cover, headcount, flags, text, source))
    return posts, figures


def _pay_policy(rng: random.Random) -> tuple[tuple[tuple[str, Eligibility], ...], str | None]:
    weights = {
        "RegionalWeighting": (0.6, 0.35, 0.05),
        "CostSWE": (0.5, 0.4, 0.1),
        "CostDBS": (0.2, 0.75, 0.05),
    }
    flags = tuple(
        (item, rng.choices(list(Eligibility), weights.get(item, (0.55, 0.1, 0.35)))[0]) for item in ELIGIBILITY_ITEMS
    )
    return flags, rng.choice(cat.OTHER_ALLOWANCES)


def pay(sim: Simulation, rng: random.Random, figures: list[CouncilFigures], source: str) -> Iterator[Pay]:
    """2025 pay items for every council-employed engagement in post at some point in the 2025 census year."""
    if PAY_YEAR not in census_years(sim):
        return
    flags = dict(next(f.eligibility for f in figures if f.on.year == PAY_YEAR))
    first, last = date(PAY_YEAR - 1, 10, 1), date(PAY_YEAR, 9, 30)
    london = 4000 if "London" in sim.region else 0
    for eng in sim.engagements:
        if eng.is_agency or eng.start > last or (eng.end is not None and eng.end < first):
            continue
        role = segment_on(eng, last if eng.end is None else min(eng.end, last)).role
        low, high = SALARY_BANDS.get(role.value, PRACTITIONER_BAND)
        base = rng.randrange(low, high, 250) + london
        rr = _bonus(rng, flags, "RetentionBonus", 1500) + (
            _bonus(rng, flags, "RecruitmentBonus", 2500) if eng.start >= first else 0
        )
        other = _bonus(rng, flags, "CarAllowance", 900) if role is not OrgRole.SENIOR_MANAGER else 1200
        yield Pay(
            eng.key,
            PAY_YEAR,
            Decimal(base).quantize(CENT),
            Decimal(rr).quantize(CENT),
            Decimal(other).quantize(CENT),
            source,
        )


def _bonus(rng: random.Random, flags: dict[str, Eligibility], item: str, amount: int) -> int:
    flag = flags.get(item, Eligibility.NO)
    if flag is Eligibility.ALL or (flag is Eligibility.SOME and rng.random() < 0.3):
        return amount + rng.randrange(0, amount, 100)
    return 0


# -- agency placements, costs and an illustrative cap table ------------------------------------------------
# Hourly pay rates around realistic levels for each role in 2024 (the worker's pay; the charge adds the supplier's
# on-costs and margin), rising a little each year; a short list of made-up suppliers; the statutory checks mostly
# met with a few gaps. The cap table is ILLUSTRATIVE: made-up figures in the shape a region loads, never an
# official cap. Placements are the census agency engagements themselves: same dates, one placement each.
AGENCY_SUPPLIERS = (
    "Northfield Locums",
    "Brightwater Social Care Recruitment",
    "Kestrel Social Work",
    "Meridian Care Staffing",
)
AGENCY_PAY_2024: dict[OrgRole, float] = {
    OrgRole.SENIOR_MANAGER: 62.0,
    OrgRole.MIDDLE_MANAGER: 52.0,
    OrgRole.FIRST_LINE_MANAGER: 44.0,
    OrgRole.SENIOR_PRACTITIONER: 38.0,
    OrgRole.CASE_HOLDER: 33.0,
    OrgRole.QUALIFIED_WITHOUT_CASES: 31.0,
}
AGENCY_GRADES: dict[OrgRole, str] = {  # the synthetic grade scale's names (catalogue.GRADE_SCALE)
    OrgRole.SENIOR_MANAGER: "Head of service",
    OrgRole.MIDDLE_MANAGER: "Service manager",
    OrgRole.FIRST_LINE_MANAGER: "Team manager",
    OrgRole.SENIOR_PRACTITIONER: "Advanced practitioner",
    OrgRole.CASE_HOLDER: "Grade 10",
    OrgRole.QUALIFIED_WITHOUT_CASES: "Grade 9",
}
AGENCY_RATE_RISE = 0.03  # a year
ILLUSTRATIVE_CAP_FROM = date(2024, 10, 31)  # when the statutory guidance came into effect for new assignments
HOURS_A_WEEK = 37.0


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(CENT)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def agency(
    sim: Simulation, rng: random.Random, source: str
) -> tuple[tuple[AgencyPlacement, ...], tuple[AgencyCost, ...], tuple[AgencyCap, ...]]:
    """A placement for each agency engagement (its dates, role and team; a rate around the role's level for the
    year it began), its monthly costs over the months of the simulation it was in post (37 hours a week at its
    FTE, less some leave, at the charge rate), and the council's illustrative cap table (its region's name)."""
    placements: list[AgencyPlacement] = []
    costs: list[AgencyCost] = []
    later: dict[int, list[SimEngagement]] = {}  # person -> their council-employed engagements (conversions)
    for eng in sim.engagements:
        if not eng.is_agency:
            later.setdefault(eng.person, []).append(eng)
    for eng in sim.engagements:
        if not eng.is_agency:
            continue
        first = eng.segments[0]
        role = first.role
        years = (eng.start - date(2024, 1, 1)).days / 365.25
        pay = AGENCY_PAY_2024[role] * (1 + AGENCY_RATE_RISE) ** years * rng.uniform(0.86, 1.08)
        charge = pay * rng.uniform(1.18, 1.3)
        converted = next(
            (
                e
                for e in later.get(eng.person, [])
                if eng.end is not None and eng.end <= e.start <= eng.end + timedelta(days=31)
            ),
            None,
        )
        gap = rng.random()
        pqe = Decimal(str(round(rng.uniform(1.0, 2.9) if gap < 0.04 else rng.uniform(3.0, 22.0), 1)))
        rule = AgencyRule.PROJECT_TEAM if gap > 0.98 else AgencyRule.EXCEPTION if gap > 0.95 else AgencyRule.STANDARD
        key = f"agency:{eng.key}"
        placements.append(
            AgencyPlacement(
                key=key,
                engagement_key=eng.key,
                start=eng.start,
                end=eng.end,
                supplier=rng.choice(AGENCY_SUPPLIERS),
                role=role,
                grade=AGENCY_GRADES[role],
                team_key=sim.teams[sim.cells[first.cell].team].key,
                funded_post=rng.random() < 0.8,
                pay_rate=_money(pay),
                charge_rate=_money(charge),
                pqe_years=pqe,
                references=rng.random() < 0.96,
                rule=rule,
                converted_on=converted.start if converted is not None else None,
                permanent_engagement_key=converted.key if converted is not None else None,
                source=source,
            )
        )
        month = date(max(eng.start, sim.start).year, max(eng.start, sim.start).month, 1)
        last = sim.end if eng.end is None else min(sim.end, eng.end - timedelta(days=1))
        while month <= last:
            following = _next_month(month)
            days = (min(following - timedelta(days=1), last) - max(month, eng.start)).days + 1
            if days > 0:
                hours = HOURS_A_WEEK * float(eng.fte) * days / 7 * rng.uniform(0.85, 1.0)
                costs.append(AgencyCost(key, month, _money(hours), _money(hours * float(charge)), source))
            month = following
    return tuple(placements), tuple(costs), illustrative_caps(sim.region or "Region", source)


def illustrative_caps(region: str, source: str) -> tuple[AgencyCap, ...]:
    """An ILLUSTRATIVE cap table (made-up figures, not any region's agreed caps): a pay and a charge cap per role
    from 31 October 2024, a little above the synthetic 2024 pay levels."""
    caps: list[AgencyCap] = []
    for role, level in AGENCY_PAY_2024.items():
        pay_cap = level * 1.08
        caps.append(AgencyCap(region, role, None, CapBasis.PAY, _money(pay_cap), ILLUSTRATIVE_CAP_FROM, None, source))
        caps.append(
            AgencyCap(region, role, None, CapBasis.CHARGE, _money(pay_cap * 1.25), ILLUSTRATIVE_CAP_FROM, None, source)
        )
    return tuple(caps)
