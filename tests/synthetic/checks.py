"""Consistency rules every synthetic council must satisfy (the census validator rejects violations)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from csc_workforce.domain.codes import AbsenceReason, ContractType
from csc_workforce.domain.periods import census_year_of
from csc_workforce.domain.records import Assignment, CouncilRecords


def violations(records: CouncilRecords, first_year: int, last_year: int) -> list[str]:
    problems: list[str] = []
    problems += _engagement_problems(records)
    problems += _assignment_problems(records)
    problems += _people_problems(records, first_year, last_year)
    problems += _absence_problems(records, first_year, last_year)
    problems += _figure_problems(records)
    problems += _source_problems(records)
    return problems


def assignments_by_engagement(records: CouncilRecords) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = defaultdict(list)
    for a in records.assignments:
        out[a.engagement_key].append(a)
    for items in out.values():
        items.sort(key=lambda a: a.effective_from)
    return out


def _engagement_problems(records: CouncilRecords) -> list[str]:
    problems = []
    people = {p.key for p in records.people}
    for e in records.engagements:
        if e.person_key not in people:
            problems.append(f"{e.key}: unknown person {e.person_key}")
        if e.start_date is None or e.start_origin is None:
            problems.append(f"{e.key}: no start date or origin")
        elif e.end_date is not None and e.end_date < e.start_date:
            problems.append(f"{e.key}: ends {e.end_date} before it starts {e.start_date}")
        if e.end_date is not None and (e.reason_leave is None or e.destination is None):
            problems.append(f"{e.key}: ended without reason or destination")
        if e.end_date is None and (e.reason_leave is not None or e.destination is not None):
            problems.append(f"{e.key}: reason or destination without an end date")
        if e.is_agency != (e.contract_weeks is not None):
            problems.append(f"{e.key}: contract_weeks should be set for agency workers only")
        census_key = f"{e.person_key}/{'A' if e.is_agency else 'P'}/{e.start_date}"  # as census returns key it
        if e.key.split("#")[0] != census_key:
            problems.append(f"{e.key}: not the census importer's key {census_key}")
    return problems


def _assignment_problems(records: CouncilRecords) -> list[str]:
    problems = []
    teams = {t.key for t in records.teams}
    by_engagement = assignments_by_engagement(records)
    for e in records.engagements:
        items = by_engagement.get(e.key, [])
        if not items:
            problems.append(f"{e.key}: no assignments")
            continue
        if items[0].effective_from != e.start_date:
            problems.append(f"{e.key}: first assignment starts {items[0].effective_from}, not {e.start_date}")
        if items[-1].effective_to != e.end_date:
            problems.append(f"{e.key}: last assignment ends {items[-1].effective_to}, not {e.end_date}")
        for before, after in zip(items, items[1:], strict=False):
            if before.effective_to is None or before.effective_to + timedelta(days=1) != after.effective_from:
                problems.append(f"{e.key}: assignments not contiguous at {after.effective_from}")
        for a in items:
            if a.fte is None or not Decimal(0) < a.fte <= Decimal(1) or a.fte.as_tuple().exponent < -6:  # type: ignore[operator]
                problems.append(f"{e.key}: FTE {a.fte} outside (0, 1] or over 6 dp")
            if a.effective_to is not None and a.effective_to < a.effective_from:
                problems.append(f"{e.key}: assignment ends before it starts")
            if a.team_key not in teams or a.role is None or a.job_title is None or a.case_holding is None:
                problems.append(f"{e.key}: assignment missing team, role, title or case holding")
    return problems


def _people_problems(records: CouncilRecords, first_year: int, last_year: int) -> list[str]:
    problems = []
    swe = [p.swe_no for p in records.people]
    if len(set(swe)) != len(swe):
        problems.append("SWE numbers are not unique")
    problems += [f"bad SWE number {s}" for s in swe if s is None or not re.fullmatch(r"SW\d{4,10}", s)]
    births = {p.key: p.birth_date for p in records.people}
    fte = {a.engagement_key: a.fte for a in records.assignments}
    spells: dict[str, list[tuple[date, date, ContractType, Decimal]]] = defaultdict(list)
    for e in records.engagements:
        assert e.start_date is not None
        spells[e.person_key].append((e.start_date, e.end_date or date.max, e.contract, fte[e.key] or Decimal(0)))
        for year in range(first_year, last_year + 1):
            day = date(year, 9, 30)
            birth = births[e.person_key]
            if e.in_post_on(day) and (birth is None or not 20 <= (day - birth).days / 365.25 <= 70):
                problems.append(f"{e.key}: aged outside 20-70 on {day}")
    for person, items in spells.items():
        items.sort()
        for (_s1, e1, c1, f1), (s2, _e2, c2, f2) in zip(items, items[1:], strict=False):
            if s2 <= e1:
                both_permanent = c1 is c2 is ContractType.PERMANENT
                if not both_permanent or f1 + f2 > 1:
                    problems.append(f"{person}: overlapping engagements from {s2}")
    return problems


def _absence_problems(records: CouncilRecords, first_year: int, last_year: int) -> list[str]:
    problems = []
    engagements = {e.key: e for e in records.engagements}
    sickness: dict[tuple[str, int], int] = defaultdict(int)
    for a in records.absences:
        e = engagements[a.engagement_key]
        assert e.start_date is not None
        if a.end < a.start or a.start < e.start_date or (e.end_date is not None and a.end > e.end_date):
            problems.append(f"{a.engagement_key}: absence {a.start}-{a.end} outside the engagement")
        if a.reason is AbsenceReason.SICKNESS:
            sickness[(a.engagement_key, census_year_of(a.start))] += 1
            if a.working_days_lost is None or a.working_days_lost < 0 or a.working_days_lost.as_tuple().exponent != -2:
                problems.append(f"{a.engagement_key}: sickness days lost {a.working_days_lost} not a 2-dp amount")
        elif a.working_days_lost is not None or not a.start <= date(a.start.year + (a.start.month > 9), 9, 30) <= a.end:
            problems.append(f"{a.engagement_key}: other absence should span 30 September with no days lost")
    for e in records.engagements:
        assert e.start_date is not None
        for year in range(first_year, last_year + 1):
            overlaps = e.start_date <= date(year, 9, 30) and (e.end_date is None or e.end_date >= date(year - 1, 10, 1))
            expected = 1 if overlaps and not e.is_agency else 0
            if sickness[(e.key, year)] != expected:
                problems.append(f"{e.key}: {sickness[(e.key, year)]} sickness records in {year}, expected {expected}")
    return problems


def _figure_problems(records: CouncilRecords) -> list[str]:
    problems = []
    by_engagement = assignments_by_engagement(records)
    for f in records.figures:
        assert f.vacancies_fte is not None and f.agency_cover_fte is not None
        funded = sum(
            (p.funded_fte for p in records.posts if p.effective_from <= f.on and (p.effective_to or date.max) >= f.on),
            Decimal(0),
        )
        in_post = sum(
            (
                _fte_on(by_engagement[e.key], f.on)
                for e in records.engagements
                if not e.is_agency and e.in_post_on(f.on)
            ),
            Decimal(0),
        )
        if f.vacancies_fte < 0 or abs(f.vacancies_fte - (funded - in_post)) > Decimal("0.01"):
            problems.append(f"{f.on}: vacancies {f.vacancies_fte} != funded {funded} - in post {in_post}")
        if not 0 <= f.agency_cover_fte <= f.vacancies_fte:
            problems.append(f"{f.on}: agency cover {f.agency_cover_fte} outside 0..vacancies")
    for c in records.caseloads:
        a = next((a for a in by_engagement[c.engagement_key] if a.covers(c.on)), None)
        if a is None:
            problems.append(f"{c.engagement_key}: caseload on {c.on} for a worker not in post then")
        elif a.case_holding and not 1 <= c.cases <= 40:
            problems.append(f"{c.engagement_key}: case holder with {c.cases} cases on {c.on}")
        elif not a.case_holding and c.cases != 0:
            problems.append(f"{c.engagement_key}: {c.cases} cases on {c.on} for a worker not holding cases then")
    return problems


def _fte_on(items: list[Assignment], day: date) -> Decimal:
    return next(a.fte for a in items if a.covers(day) and a.fte is not None)


def _source_problems(records: CouncilRecords) -> list[str]:
    (provenance,) = records.provenance
    groups = (
        records.teams,
        records.people,
        records.engagements,
        records.assignments,
        records.absences,
        records.caseloads,
        records.posts,
        records.figures,
        records.pay,
    )
    bad = sum(1 for group in groups for r in group if r.source != provenance.key)
    return [f"{bad} records whose source is not {provenance.key}"] if bad else []


def development_problems(records: CouncilRecords) -> list[str]:
    """Consistency rules for the practice and development records (none when the council holds none)."""
    problems: list[str] = []
    engagements = {e.key: e for e in records.engagements}
    people = {p.key for p in records.people}
    (provenance,) = records.provenance
    last_day = provenance.complete_to
    assert last_day is not None
    for s in records.supervision:
        e = engagements[s.engagement_key]
        if not e.in_post_on(s.on):
            problems.append(f"{s.engagement_key}: supervision on {s.on} while not in post")
    for r in records.reviews:
        e = engagements[r.engagement_key]
        if e.is_agency:
            problems.append(f"{r.engagement_key}: a performance review for an agency worker")
        if r.completed is not None and not e.in_post_on(r.completed):
            problems.append(f"{r.engagement_key}: review completed {r.completed} while not in post")
        if (r.completed is None) != (r.rating is None) or (r.rating is None) != (r.successful is None):
            problems.append(f"{r.engagement_key}: review {r.cycle} has a rating without a completion or the reverse")
    problems += _programme_problems(records, last_day)
    courses = {c.key for c in records.courses}
    for t in records.training:
        if t.person_key not in people or t.course_key not in courses:
            problems.append(f"{t.person_key}: training on {t.course_key} for an unknown person or course")
        if (t.completed_on is not None) != (t.status.value == "completed"):
            problems.append(f"{t.person_key}: {t.course_key} on {t.on}: {t.status.value}, completed {t.completed_on}")
        if t.status.value == "booked" and (t.on is None or t.on <= last_day):
            problems.append(f"{t.person_key}: {t.course_key} still booked for {t.on}, before the records end")
    problems += _placement_problems(records)
    problems += _recruitment_problems(records, last_day)
    groups = (
        records.supervision,
        records.supervision_policy,
        records.reviews,
        records.courses,
        records.training,
        records.programmes,
        records.grades,
        records.placements,
        records.placement_income,
        records.agency_placements,
        records.agency_costs,
        records.agency_caps,
        records.campaigns,
        records.applications,
    )
    problems += _agency_problems(records, last_day)
    bad = sum(1 for group in groups for r in group if r.source != provenance.key)
    if bad:
        problems.append(f"{bad} development records whose source is not {provenance.key}")
    return problems


def _agency_problems(records: CouncilRecords, last_day: date) -> list[str]:
    """Each agency engagement has one placement with its dates (none when the council holds no agency records);
    rates make sense; costs fall in months the placement was in post, up to the records' end; a conversion is to
    the same person's council-employed engagement."""
    if not records.agency_placements:
        return []
    problems = []
    engagements = {e.key: e for e in records.engagements}
    by_engagement = Counter(a.engagement_key for a in records.agency_placements)
    for e in records.engagements:
        if e.is_agency and by_engagement[e.key] != 1:
            problems.append(f"{e.key}: an agency engagement with {by_engagement[e.key]} placements")
    placements = {a.key: a for a in records.agency_placements}
    for a in records.agency_placements:
        e = engagements[a.engagement_key]
        if not e.is_agency or (a.start, a.end) != (e.start_date, e.end_date):
            problems.append(f"{a.key}: not its agency engagement's dates ({a.start}..{a.end})")
        if a.pay_rate is None or a.charge_rate is None or not 0 < a.pay_rate <= a.charge_rate:
            problems.append(f"{a.key}: pay {a.pay_rate} and charge {a.charge_rate} an hour")
        if a.permanent_engagement_key is not None:
            permanent = engagements[a.permanent_engagement_key]
            if permanent.is_agency or permanent.person_key != e.person_key or a.converted_on != permanent.start_date:
                problems.append(f"{a.key}: converted to {permanent.key}, not the worker's own council engagement")
    for c in records.agency_costs:
        a = placements[c.placement_key]
        month_end = date(c.month.year + c.month.month // 12, c.month.month % 12 + 1, 1) - timedelta(days=1)
        if c.month.day != 1 or month_end < a.start or (a.end is not None and a.end <= c.month) or c.month > last_day:
            problems.append(f"{c.placement_key}: a cost for {c.month} outside its placement")
        if c.hours is None or c.spend is None or c.hours <= 0 or c.spend <= 0:
            problems.append(f"{c.placement_key}: {c.month} has {c.hours} hours and £{c.spend}")
    return problems


def _recruitment_problems(records: CouncilRecords, last_day: date) -> list[str]:
    """Each permanent starter of the simulation (started on or after the 1 October before its first census) has one
    application that started on their start date and names their engagement, and no other application started;
    no date is after the records end; the successful application's route follows the starter's origin."""
    if not records.campaigns and not records.applications:
        return []
    problems: list[str] = []
    first_census = min(f.on for f in records.figures)  # the simulation runs from the October before it
    first_day = date(first_census.year - 1, 10, 1)
    campaigns = {c.key for c in records.campaigns}
    starters = {
        e.key: e
        for e in records.engagements
        if e.contract.value == "permanent" and e.start_date is not None and e.start_date >= first_day
    }
    started = [a for a in records.applications if a.started is not None]
    by_engagement = Counter(a.engagement_key for a in started)
    for key in starters:
        if by_engagement.get(key) != 1:
            problems.append(f"{key}: {by_engagement.get(key, 0)} started applications, not 1")
    for a in records.applications:
        if a.campaign_key not in campaigns:
            problems.append(f"{a.key}: campaign {a.campaign_key} not held")
        dates = [d for d in (a.applied, a.shortlisted, a.interviewed, a.offered, a.accepted, a.started) if d]
        if dates != sorted(dates) or max([*dates, a.dbs_cleared or a.applied, a.outcome_on or a.applied]) > last_day:
            problems.append(f"{a.key}: steps out of order or after {last_day}")
        if a.started is not None:
            engagement = starters.get(a.engagement_key or "")
            if engagement is None or engagement.start_date != a.started:
                problems.append(f"{a.key}: started {a.started} without a permanent engagement starting then")
            elif (engagement.start_origin is not None and engagement.start_origin.value == "1") != (
                a.route is not None and a.route.value == "newly_qualified"
            ):
                problems.append(f"{a.key}: route {a.route} for a starter of origin {engagement.start_origin}")
    return problems


def _programme_problems(records: CouncilRecords, last_day: date) -> list[str]:
    problems = []
    engagements = {e.key: e for e in records.engagements}
    for p in records.programmes:
        if p.end is not None and (p.end < p.start or p.end > last_day):
            problems.append(f"{p.key}: ends {p.end} outside {p.start}..{last_day}")
        if p.programme.value != "asye":
            continue
        e = engagements.get(p.engagement_key or "")
        if e is None or e.is_agency or e.start_origin is None or e.start_origin.value != "1":
            problems.append(f"{p.key}: an ASYE spell for someone who is not a newly qualified starter")
            continue
        if p.person_key != e.person_key or p.start != e.start_date:
            problems.append(f"{p.key}: an ASYE spell not starting with its engagement")
        outcome = p.outcome.value
        if e.end_date is not None and p.end is not None and p.end > e.end_date:
            problems.append(f"{p.key}: the ASYE ends {p.end}, after its engagement ({e.end_date})")
        if outcome == "left" and e.end_date != p.end:
            problems.append(f"{p.key}: left the ASYE on {p.end} but the engagement ends {e.end_date}")
        if outcome == "failed" and (e.end_date is None or p.end is None or (e.end_date - p.end).days > 120):
            problems.append(f"{p.key}: failed the ASYE on {p.end} and stayed (the engagement ends {e.end_date})")
        if (p.end is None) != (outcome in ("ongoing", "extended")):
            problems.append(f"{p.key}: outcome {outcome} with end {p.end}")
        if p.protected_caseload is None or p.protected_time_pct is None:
            problems.append(f"{p.key}: no protected caseload or development time")
    return problems


def _placement_problems(records: CouncilRecords) -> list[str]:
    problems = []
    newly_qualified = {
        e.person_key: e.start_date
        for e in records.engagements
        if not e.is_agency and e.start_origin is not None and e.start_origin.value == "1"
    }
    teams = {t.key for t in records.teams}
    for p in records.placements:
        funnel = (p.eligible_for_nqsw, p.applied, p.interviewed, p.offered, p.appointed)
        for earlier, later in zip(funnel, funnel[1:], strict=False):
            if later is True and earlier is not True:
                problems.append(f"{p.key}: a later step of the funnel without the one before ({funnel})")
        if (p.person_key is not None) != (p.appointed is True):
            problems.append(f"{p.key}: person {p.person_key} but appointed {p.appointed}")
        if p.person_key is not None:
            started = newly_qualified.get(p.person_key)
            academic_year = p.start.year - (p.start.month < 9)
            if started is None or not date(academic_year + 1, 6, 1) <= started <= date(academic_year + 2, 5, 31):
                problems.append(f"{p.key}: appointed, but {p.person_key} is no NQ starter of the next year")
            elif p.end is None or p.end >= started:
                problems.append(f"{p.key}: the placement ends {p.end}, after its student started on {started}")
        if p.team_key not in teams:
            problems.append(f"{p.key}: unknown team {p.team_key}")
    return problems
