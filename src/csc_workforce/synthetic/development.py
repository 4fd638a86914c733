"""Practice and development records of a synthetic council, consistent with its simulated workforce.

What it makes (docs/synthetic.md, "Practice and development"): the council's grade scale and job titles that
follow it over time; ASYE spells for the newly qualified starters, Step Up and Frontline spells for the people
flagged as their graduates, "grow your own" apprentices and an aspirant managers' scheme; the supervision
policy and sessions, with gaps that cluster in stretched teams and before leaving; yearly performance reviews;
courses and bookings; student placements whose appointed students are the next year's newly qualified
starters, and placement income.

Everything is drawn from its own random generator after the workforce simulation has run, so the census
history is the same with or without these records. The one change to the workforce records is job titles:
:meth:`DevelopmentModel.retitle` splits an assignment where a practitioner's title changes (ASYE, grade 9,
grade 10), keeping its role, team, FTE, case holding and CFKSS status, so every census return written from the
records is unchanged (the census has no job title).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from csc_workforce.domain.codes import (
    PlacementOutcome,
    Programme,
    ProgrammeOutcome,
    QualLevel,
    StartOrigin,
    SupervisionKind,
    TrainingStatus,
    WorkerGroup,
)
from csc_workforce.domain.periods import add_months
from csc_workforce.domain.records import (
    Absence,
    Course,
    Grade,
    PerformanceReview,
    PlacementIncome,
    ProgrammeSpell,
    StudentPlacement,
    SupervisionSession,
    SupervisionStandard,
    TrainingRecord,
)
from csc_workforce.synthetic import catalogue as cat
from csc_workforce.synthetic.simulation import Segment, SimEngagement, Simulation, _pick

DAY = timedelta(days=1)
R1, R2, R3, R4, R5, R6 = cat.R1, cat.R2, cat.R3, cat.R4, cat.R5, cat.R6
PRACTITIONERS = (R4, R5, R6)
POLICY_REVISED = date(2021, 4, 1)  # when the council moved NQSWs to fortnightly supervision for six months
# A policy line: (group, from month, to month, every n weeks, every n months, grace days).
PolicyLine = tuple[WorkerGroup, int, int | None, int | None, int | None, int]
MANDATORY_OUTCOMES = (
    (TrainingStatus.COMPLETED, 0.9),
    (TrainingStatus.DID_NOT_ATTEND, 0.05),
    (TrainingStatus.CANCELLED, 0.05),
)
FINAL_PLACEMENT_OUTCOMES = (
    (PlacementOutcome.PASSED, 0.9),
    (PlacementOutcome.FAILED, 0.04),
    (PlacementOutcome.WITHDRAWN, 0.06),
)
FIRST_PLACEMENT_OUTCOMES = (
    (PlacementOutcome.PASSED, 0.92),
    (PlacementOutcome.FAILED, 0.03),
    (PlacementOutcome.WITHDRAWN, 0.05),
)
# A booking: (course key, status, booked on, course date, completed on).
Booking = tuple[str, TrainingStatus, date | None, date | None, date | None]
ORIGINAL_POLICY: tuple[PolicyLine, ...] = (
    (WorkerGroup.NQSW, 0, 3, 2, None, 5),
    (WorkerGroup.NQSW, 3, 12, None, 1, 5),
    (WorkerGroup.ALL, 0, None, None, 1, 5),
)
REVISED_POLICY: tuple[PolicyLine, ...] = (
    (WorkerGroup.NQSW, 0, 6, 2, None, 7),
    (WorkerGroup.NQSW, 6, 12, None, 1, 7),
    (WorkerGroup.ALL, 0, None, None, 1, 7),
)


def months_between(start: date, day: date) -> int:
    """Whole months from ``start`` to ``day``."""
    return (day.year - start.year) * 12 + day.month - start.month - (day.day < start.day)


def census_year(day: date) -> int:
    return day.year + (day.month >= 10)


def _segment_at(e: SimEngagement, day: date) -> Segment:
    """``build.segment_on``, stopping at the first later segment (segments are in date order)."""
    segments = e.segments
    current = segments[0]
    for segment in segments:
        if segment.start > day:
            break
        current = segment
    return current


def _randint(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint(low, high)``, faster (the synthetic records draw it a few hundred thousand times)."""
    return low + int(rng.random() * (high - low + 1))


@dataclass(frozen=True, slots=True)
class Development:
    """The practice and development records, one tuple per field of ``CouncilRecords``."""

    supervision: tuple[SupervisionSession, ...] = ()
    supervision_policy: tuple[SupervisionStandard, ...] = ()
    reviews: tuple[PerformanceReview, ...] = ()
    courses: tuple[Course, ...] = ()
    training: tuple[TrainingRecord, ...] = ()
    programmes: tuple[ProgrammeSpell, ...] = ()
    grades: tuple[Grade, ...] = ()
    placements: tuple[StudentPlacement, ...] = ()
    placement_income: tuple[PlacementIncome, ...] = ()


NO_DEVELOPMENT = Development()


@dataclass(frozen=True, slots=True)
class AsyePlan:
    """One newly qualified starter's ASYE: its dates, outcome and when their ASYE job title ends."""

    start: date
    end: date | None
    outcome: ProgrammeOutcome
    midpoint: date | None
    final: date | None
    title_until: date | None  # first day on grade 9 (None: the ASYE title to the end of the engagement)


@dataclass(frozen=True, slots=True)
class _Educator:
    swe: str
    qualified: date
    start: date
    stop: date


class DevelopmentModel:
    """Plans one council's practice and development. Call :meth:`retitle` before the workforce records are built
    from the simulation (it changes job titles only), then :meth:`records`."""

    def __init__(self, sim: Simulation, rng: random.Random) -> None:
        self.sim, self.rng = sim, rng
        self.first, self.last = sim.start, sim.end
        self.asye = {
            i: self._asye_plan(e)
            for i, e in enumerate(sim.engagements)
            if not e.is_agency and e.origin is StartOrigin.NEWLY_QUALIFIED and e.asye_until is not None
        }
        self.grade_10 = {i: self._grade_10_from(i, e) for i, e in enumerate(sim.engagements) if not e.is_agency}
        self.protected_caseload = max(10, min(18, round(sim.rates.caseload * 0.95)))
        self._stress: dict[tuple[int, int], float] = {}
        self._versions = self._policy_versions()
        self._educators: list[_Educator] = []

    # ---- ASYE and the grade scale ------------------------------------------------------------------------
    def _asye_plan(self, e: SimEngagement) -> AsyePlan:
        """Most pass at 12 months (when the census status ends); some are extended by 3 or 6 months; a leaver
        during the ASYE 'left'; some who leave around the final review failed it."""
        rng = self.rng
        assert e.asye_until is not None
        start, twelve, ends = e.start, e.asye_until, e.end
        mid = add_months(start, 6) + timedelta(days=_randint(rng, -10, 10))
        final = twelve - timedelta(days=_randint(rng, 5, 35))
        extension, fail_draw, extend_draw = rng.choice((3, 3, 6)), rng.random(), rng.random()
        if ends is not None and final - timedelta(days=60) <= ends <= twelve + timedelta(days=120) and fail_draw < 0.4:
            held = min(final, ends)
            return AsyePlan(start, held, ProgrammeOutcome.FAILED, mid, held, None)
        if ends is not None and ends < final:
            return AsyePlan(start, ends, ProgrammeOutcome.LEFT, mid if mid <= ends else None, None, None)
        if twelve - DAY > self.last:
            return AsyePlan(start, None, ProgrammeOutcome.ONGOING, mid if mid <= self.last else None, None, None)
        if extend_draw < 0.09:
            extended_final = add_months(final, extension)
            extended_end = add_months(twelve, extension) - DAY
            if ends is not None and ends < extended_final:
                return AsyePlan(start, ends, ProgrammeOutcome.LEFT, mid, final, None)
            if extended_end > self.last:
                return AsyePlan(start, None, ProgrammeOutcome.EXTENDED, mid, final, None)
            end = extended_end if ends is None else min(extended_end, ends)
            return AsyePlan(start, end, ProgrammeOutcome.PASSED, mid, extended_final, extended_end + DAY)
        end = twelve - DAY if ends is None else min(twelve - DAY, ends)  # passed, then left before the year was out
        return AsyePlan(start, end, ProgrammeOutcome.PASSED, mid, final, twelve)

    def _grade_10_from(self, index: int, e: SimEngagement) -> date | None:
        """Grade 10 about two years after the ASYE (some a year later); experienced starters half on it already."""
        rng = self.rng
        plan = self.asye.get(index)
        if plan is not None:
            if plan.title_until is None:
                return None
            months = max(15, min(40, round(rng.gauss(24, 4)))) + (12 if rng.random() < 0.15 else 0)
            return add_months(plan.title_until, months)
        if rng.random() < 0.55:
            return e.start
        return add_months(e.start, _randint(rng, 6, 30))

    def retitle(self) -> None:
        """Give graded practitioners the title of their grade on each day: split an assignment where it changes."""
        sim = self.sim
        for i, e in enumerate(sim.engagements):
            if e.is_agency:
                continue
            plan = self.asye.get(i)
            asye_until = plan.title_until if plan is not None else None
            grade_10 = self.grade_10[i]
            pieces: list[Segment] = []
            for k, seg in enumerate(e.segments):
                base = sim.teams[sim.cells[seg.cell].team].practitioner_title
                if seg.role not in (R5, R6) or seg.title != base or base not in cat.GRADED_PRACTITIONER_TITLES:
                    pieces.append(seg)
                    continue
                until = e.segments[k + 1].start if k + 1 < len(e.segments) else (e.end + DAY if e.end else None)
                changes = {
                    d
                    for d in (asye_until, grade_10)
                    if d is not None and seg.start < d and (until is None or d < until)
                }
                for start in (seg.start, *sorted(changes)):
                    title = self._title(base, start, plan is not None, asye_until, grade_10)
                    pieces.append(replace(seg, start=start, title=title))
            e.segments = pieces

    @staticmethod
    def _title(base: str, day: date, newly_qualified: bool, asye_until: date | None, grade_10: date | None) -> str:
        if newly_qualified and (asye_until is None or day < asye_until):
            return cat.ASYE_TITLE.format(base)
        if grade_10 is not None and day >= grade_10:
            return cat.GRADE_10_TITLE.format(base)
        return base

    # ---- all the records ---------------------------------------------------------------------------------
    def records(self, source: str, absences: Iterable[Absence]) -> Development:
        self._stress = self._team_stress()
        away: dict[str, list[tuple[date, date]]] = defaultdict(list)
        for a in absences:
            if a.working_days_lost is None:  # maternity and other leave spanning 30 September
                away[a.engagement_key].append((a.start, a.end))
        partners = self.rng.sample(cat.INSTITUTIONS, 4)
        courses = tuple(
            Course(
                s.key,
                s.title,
                s.provider.format(university=partners[0]),
                s.mandatory,
                s.validity_months,
                s.post_qualifying,
                s.practice_educator,
                source,
            )
            for s in cat.COURSES
        )
        training = tuple(self._training(source))
        programmes, apprentices = self._programmes(source)
        placements = tuple(self._placements(source, partners, apprentices))
        return Development(
            supervision=tuple(self._supervision(source, away)),
            supervision_policy=tuple(self._policy(source)),
            reviews=tuple(self._reviews(source)),
            courses=courses,
            training=training,
            programmes=programmes,
            grades=tuple(Grade(name, rank, titles, source) for name, rank, titles in cat.GRADE_SCALE),
            placements=placements,
            placement_income=tuple(self._income(placements, source)),
        )

    def _last_in_post(self, e: SimEngagement) -> date:
        """The last day in post within the records: a leaver is not in post on their leaving date."""
        return self.last if e.end is None else min(e.end - DAY, self.last)

    # ---- how stretched each team is -----------------------------------------------------------------------
    def _team_stress(self) -> dict[tuple[int, int], float]:
        """(team, census year): vacancy rate plus agency share on 31 March, plus how far its caseload is above
        the council's average. About 0.3 in a typical team; over 0.6 in a stretched one."""
        sim = self.sim
        share: dict[int, float] = defaultdict(float)
        for c in sim.cells:
            share[c.team] += c.share
        cases: dict[tuple[int, int], list[int]] = defaultdict(list)
        for count in sim.cases:
            if count.cases > 0:
                team = sim.cells[_segment_at(sim.engagements[count.engagement], count.on).cell].team
                cases[(team, census_year(count.on))].append(count.cases)
        stress: dict[tuple[int, int], float] = {}
        for year in range(self.first.year + 1, self.last.year + 1):
            day = date(year, 3, 31)
            perm: dict[int, float] = defaultdict(float)
            agency: dict[int, float] = defaultdict(float)
            for e in sim.engagements:
                if e.start <= day and (e.end is None or e.end >= day):
                    team = sim.cells[_segment_at(e, day).cell].team
                    (agency if e.is_agency else perm)[team] += e.fte_f
            funded = sim.funded_fte(day)
            for team in range(len(sim.teams)):
                planned = funded * share[team]
                vacancy = max(0.0, 1 - perm[team] / planned) if planned > 0 else 0.0
                held = perm[team] + agency[team]
                agency_share = agency[team] / held if held > 0 else 0.0
                counts = cases.get((team, year))
                load = sum(counts) / len(counts) / sim.rates.caseload - 1 if counts else 0.0
                stress[(team, year)] = vacancy + agency_share + max(0.0, load)
        return stress

    def stress_on(self, e: SimEngagement, day: date) -> float:
        team = self.sim.cells[_segment_at(e, day).cell].team
        return self._stress.get((team, census_year(day)), 0.3)

    # ---- supervision ----------------------------------------------------------------------------------------
    def _policy_versions(self) -> list[tuple[date, tuple[PolicyLine, ...]]]:
        if self.first < POLICY_REVISED <= self.last:
            return [(self.first, ORIGINAL_POLICY), (POLICY_REVISED, REVISED_POLICY)]
        return [(self.first, REVISED_POLICY)]

    def _policy(self, source: str) -> Iterator[SupervisionStandard]:
        for effective_from, lines in self._policy_versions():
            for group, low, high, weeks, months, grace in lines:
                yield SupervisionStandard(group, low, high, weeks, months, grace, effective_from, source)

    def _next_due(self, last: date, started: date, nqsw_from: date | None) -> tuple[date, int]:
        """When the next session is due after one on ``last`` under the policy in force then, and its grace."""
        versions = self._versions
        lines = next((lines for since, lines in reversed(versions) if since <= last), versions[0][1])
        for group, since in ((WorkerGroup.NQSW, nqsw_from), (WorkerGroup.ALL, started)):
            if since is None:
                continue
            month = months_between(since, last)
            for line_group, low, high, weeks, months, grace in lines:
                if line_group is group and low <= month and (high is None or month < high):
                    due = last + timedelta(weeks=weeks) if weeks else add_months(last, months or 1)
                    return due, grace
        return add_months(last, 1), 7

    def _managers(self) -> tuple[dict[int, list[tuple[date, date, str, int]]], list[tuple[date, date, str, int]]]:
        """Who could supervise: team managers by team, and service and senior managers (start, to, SWE, person)."""
        sim = self.sim
        teams: dict[int, list[tuple[date, date, str, int]]] = defaultdict(list)
        seniors: list[tuple[date, date, str, int]] = []
        for e in sim.engagements:
            swe = sim.people[e.person].swe_no
            for k, seg in enumerate(e.segments):
                to = e.segments[k + 1].start - DAY if k + 1 < len(e.segments) else (e.end or date.max)
                if seg.role is R3:
                    teams[sim.cells[seg.cell].team].append((seg.start, to, swe, e.person))
                elif seg.role in (R1, R2):
                    seniors.append((seg.start, to, swe, e.person))
        return teams, seniors

    def _supervision(self, source: str, away: dict[str, list[tuple[date, date]]]) -> Iterator[SupervisionSession]:
        rng, sim = self.rng, self.sim
        team_managers, seniors = self._managers()

        def supervisor(e: SimEngagement, seg: Segment, day: date) -> str | None:
            pools = [team_managers[sim.cells[seg.cell].team], seniors] if seg.role in PRACTITIONERS else [seniors]
            for pool in pools:
                found = [swe for start, to, swe, person in pool if start <= day <= to and person != e.person]
                if found:
                    return found[e.person % len(found)]
            return None

        seen: set[tuple[str, date, SupervisionKind]] = set()
        for i, e in enumerate(sim.engagements):
            stop = self._last_in_post(e)
            if stop < self.first:
                continue
            plan = self.asye.get(i)
            nqsw_from = plan.start if plan is not None else None
            leave = away.get(e.key, [])
            for on, kind in self._sessions(e, stop, nqsw_from, plan):
                if on < self.first or any(s <= on <= t for s, t in leave) or (e.key, on, kind) in seen:
                    continue
                seen.add((e.key, on, kind))
                seg = _segment_at(e, on)
                late = rng.random() < 0.05 + 0.3 * max(0.0, self.stress_on(e, on) - 0.2)
                yield SupervisionSession(e.key, on, kind, supervisor(e, seg, on), late, source)

    def _sessions(
        self, e: SimEngagement, stop: date, nqsw_from: date | None, plan: AsyePlan | None
    ) -> Iterator[tuple[date, SupervisionKind]]:
        """The one-to-one sessions held (missed more often in a stretched team, after a miss, and in the two
        months before leaving), then group, reflective and practice educator sessions."""
        rng = self.rng
        last = e.start if e.start >= self.first else max(e.start, self.first - timedelta(days=_randint(rng, 0, 27)))
        missed = False
        while True:
            due, grace = self._next_due(last, e.start, nqsw_from)
            if due > stop:
                break
            stress = max(0.0, self.stress_on(e, due) - 0.2)
            chance = 0.02 + 0.4 * stress + (0.03 if e.is_agency else 0.0)
            if e.end is not None and (e.end - due).days < 60:
                chance += 0.3
            if missed:
                chance *= 2.5
            if rng.random() < min(chance, 0.9):
                missed, last = True, due
                continue
            missed = False
            if rng.random() < 0.03 + 0.3 * stress:
                held = due + timedelta(days=grace + _randint(rng, 1, 21))
            else:
                held = due + timedelta(days=_randint(rng, -6, grace))
            held = max(held, last + DAY, e.start)
            if held > stop:
                break
            yield held, SupervisionKind.ONE_TO_ONE
            last = held
        yield from self._extra_sessions(e, stop, plan)

    def _extra_sessions(
        self, e: SimEngagement, stop: date, plan: AsyePlan | None
    ) -> Iterator[tuple[date, SupervisionKind]]:
        rng = self.rng
        quarter = date(max(e.start, self.first).year, 1, 15)
        while quarter <= stop:
            if quarter >= e.start:
                seg = _segment_at(e, quarter)
                stress = max(0.0, self.stress_on(e, quarter) - 0.2)
                on = quarter + timedelta(days=_randint(rng, -5, 5))
                if seg.case_holding and rng.random() < 0.65 - stress and e.start <= on <= stop:
                    yield on, SupervisionKind.GROUP
                if seg.role in (R3, R4) and rng.random() < 0.45 and e.start <= on + timedelta(days=20) <= stop:
                    yield on + timedelta(days=20), SupervisionKind.REFLECTIVE
            quarter = add_months(quarter, 3)
        if plan is not None:
            on = plan.start + timedelta(days=_randint(rng, 20, 45))
            until = min(plan.end or stop, stop)
            while on <= until:
                if rng.random() < 0.85:
                    yield on, SupervisionKind.PRACTICE_EDUCATOR
                on += timedelta(days=_randint(rng, 49, 70))

    # ---- performance reviews ---------------------------------------------------------------------------------
    def _reviews(self, source: str) -> Iterator[PerformanceReview]:
        """A yearly review for each council-employed engagement in post on 1 April that started before 1 January,
        due by 30 June (the cycle "2023-24" is due 30 June 2023)."""
        rng = self.rng
        ratings = [(r, ok) for r, ok, _ in cat.REVIEW_RATINGS]
        weights = [w for _, _, w in cat.REVIEW_RATINGS]
        for year in range(self.first.year, self.last.year + 1):
            opens, due = date(year, 4, 1), date(year, 6, 30)
            if opens < self.first or due > self.last:
                continue
            cycle = f"{year}-{(year + 1) % 100:02d}"
            for e in self.sim.engagements:
                if e.is_agency or e.start >= date(year, 1, 1) or (e.end is not None and e.end < opens):
                    continue
                stress = max(0.0, self.stress_on(e, due) - 0.2)
                on_time = min(0.97, max(0.6, 0.95 - 0.6 * stress))
                draw = rng.random()
                done: date | None = None
                if draw < on_time:
                    done = due - timedelta(days=_randint(rng, 0, 80))
                elif draw < on_time + (1 - on_time) * 0.7:
                    done = due + timedelta(days=_randint(rng, 1, 110))
                if done is not None and done > self._last_in_post(e):
                    done = None
                if done is None:
                    yield PerformanceReview(e.key, cycle, due, source=source)
                    continue
                rating, successful = rng.choices(ratings, weights)[0]
                yield PerformanceReview(e.key, cycle, due, done, rating, successful, rng.random() < 0.95, source)

    # ---- courses and bookings ----------------------------------------------------------------------------------
    def _training(self, source: str) -> Iterator[TrainingRecord]:
        """Mandatory courses renewed before they lapse (later in stretched teams), a few optional courses a year,
        post-qualifying awards and practice educator stages 1 and 2 for experienced staff; bookings after the
        records end are 'booked', after a worker left 'cancelled'."""
        sim = self.sim
        seen: set[tuple[str, str, date | None]] = set()
        started: set[tuple[int, date]] = set()
        for i, e in enumerate(sim.engagements):
            stop = self._last_in_post(e)
            if e.is_agency or stop < self.first or (e.person, e.start) in started:
                continue  # agency workers train with their agency; a second post from the same day trains once
            started.add((e.person, e.start))
            person = sim.people[e.person].key
            records = [
                *self._mandatory(e, stop),
                *self._optional(e, stop),
                *self._qualifying(i, e, stop),
            ]
            for course, status, booked, on, completed in records:
                if (person, course, on) in seen:
                    continue
                seen.add((person, course, on))
                yield TrainingRecord(person, course, status, booked, on, completed, source)

    def _mandatory(self, e: SimEngagement, stop: date) -> Iterator[Booking]:
        rng = self.rng
        for spec in cat.COURSES:
            if not spec.mandatory or spec.validity_months is None:
                continue
            months = spec.validity_months
            elearning = spec.provider == "Council e-learning"
            if e.start < self.first:  # done before the records begin: its last completion is held
                done = max(e.start + DAY, self.first - timedelta(days=_randint(rng, 1, months * 30)))
                yield spec.key, TrainingStatus.COMPLETED, done - timedelta(days=_randint(rng, 7, 40)), done, done
                due = add_months(done, months)
            else:
                due = e.start + timedelta(days=_randint(rng, 14, 75))
            while True:
                stress = max(0.0, self.stress_on(e, min(due, stop)) - 0.2)
                if rng.random() < 0.08 + 0.5 * stress:
                    on = due + timedelta(days=_randint(rng, 10, 120))  # renewed late: out of date for a while
                else:
                    on = due - timedelta(days=_randint(rng, 0, 40))
                on = max(on, e.start)
                booked = on if elearning else max(e.start, on - timedelta(days=_randint(rng, 14, 60)))
                if booked > stop:
                    break
                if on > stop:
                    left = e.end is not None and e.end <= self.last
                    yield spec.key, TrainingStatus.CANCELLED if left else TrainingStatus.BOOKED, booked, on, None
                    break
                status = _pick(rng, MANDATORY_OUTCOMES)
                completed = on + timedelta(days=spec.days - 1) if status is TrainingStatus.COMPLETED else None
                yield spec.key, status, booked, on, completed
                due = add_months(on, months) if completed is not None else on + timedelta(days=_randint(rng, 14, 45))

    def _optional(self, e: SimEngagement, stop: date) -> Iterator[Booking]:
        rng = self.rng
        year_start = max(e.start, self.first)
        while year_start <= stop:
            for _ in range(rng.choices((0, 1, 2), (0.35, 0.45, 0.2))[0]):
                on = year_start + timedelta(days=_randint(rng, 0, 364))
                seg = _segment_at(e, min(on, stop))
                managing = seg.role is R3 and rng.random() < 0.3
                course = "supervision-skills" if managing else rng.choice(cat.OPTIONAL_COURSES)
                booked = max(e.start, on - timedelta(days=_randint(rng, 10, 70)))
                if booked > stop:
                    continue
                if on > stop:
                    left = e.end is not None and e.end <= self.last
                    yield course, TrainingStatus.CANCELLED if left else TrainingStatus.BOOKED, booked, on, None
                    continue
                status = _pick(
                    rng,
                    (
                        (TrainingStatus.COMPLETED, 0.8),
                        (TrainingStatus.ATTENDED, 0.04),
                        (TrainingStatus.DID_NOT_ATTEND, 0.08),
                        (TrainingStatus.CANCELLED, 0.08),
                    ),
                )
                yield course, status, booked, on, on if status is TrainingStatus.COMPLETED else None
            year_start = add_months(year_start, 12)

    def _qualifying(self, index: int, e: SimEngagement, stop: date) -> Iterator[Booking]:
        """Post-qualifying awards and practice educator stages for experienced staff (grade 10 and above)."""
        rng = self.rng
        swe = self.sim.people[e.person].swe_no
        grade_10 = self.grade_10.get(index)
        peps_1: date | None = None
        if e.start < self.first and _segment_at(e, self.first).role in (R3, R4) and rng.random() < 0.2:
            peps_1 = self.first - timedelta(days=_randint(rng, 60, 2000))
            if peps_1 > e.start:
                on = peps_1 - timedelta(days=150)
                yield "peps-1", TrainingStatus.COMPLETED, on - timedelta(days=10), on, peps_1
                self._educators.append(_Educator(swe, peps_1, e.start, stop))
            else:
                peps_1 = None
        year_start = max(e.start, self.first)
        done: set[str] = set()
        while year_start <= stop:
            seg = _segment_at(e, year_start)
            experienced = seg.role in (R3, R4) or (grade_10 is not None and year_start >= grade_10)
            if experienced and seg.role in (R3, R4, R5, R6):
                chances = {
                    "peps-1": 0.0 if peps_1 else 0.07,
                    "peps-2": 0.3 if peps_1 and (year_start - peps_1).days > 180 else 0.0,
                    "pq-child-protection": 0.05 if seg.role in (R4, R5) else 0.0,
                    "pq-leadership": 0.12 if seg.role is R3 else 0.02,
                }
                for spec in cat.COURSES:
                    if spec.key not in chances or spec.key in done or rng.random() >= chances[spec.key]:
                        continue
                    on = year_start + timedelta(days=_randint(rng, 0, 300))
                    booked = max(e.start, on - timedelta(days=_randint(rng, 20, 90)))
                    if on > stop:
                        if booked <= stop:
                            left = e.end is not None and e.end <= self.last
                            status = TrainingStatus.CANCELLED if left else TrainingStatus.BOOKED
                            yield spec.key, status, booked, on, None
                        continue
                    done.add(spec.key)
                    finished = on + timedelta(days=spec.days)
                    if finished > stop or rng.random() < 0.1:
                        yield spec.key, TrainingStatus.ATTENDED, booked, on, None  # still on it, or did not finish
                        continue
                    yield spec.key, TrainingStatus.COMPLETED, booked, on, finished
                    if spec.practice_educator:
                        peps_1 = peps_1 or finished
                        self._educators.append(_Educator(swe, finished, e.start, stop))
            year_start = add_months(year_start, 12)

    # ---- programmes -----------------------------------------------------------------------------------------
    def _programmes(self, source: str) -> tuple[tuple[ProgrammeSpell, ...], set[int]]:
        """ASYE spells (with Step Up, Frontline or apprenticeship spells before them for some), and the aspirant
        managers' scheme. Also returns the engagements of former apprentices (no student placement for them)."""
        rng, sim = self.rng, self.sim
        spells: list[ProgrammeSpell] = []
        apprentices: set[int] = set()
        for i, plan in sorted(self.asye.items()):
            if plan.end is not None and plan.end < self.first:
                continue
            e = sim.engagements[i]
            person = sim.people[e.person]
            protected = max(4, round(self.protected_caseload * e.fte_f))
            time_pct = Decimal(rng.choices((10, 15, 20), (0.86, 0.09, 0.05))[0])
            spells.append(
                ProgrammeSpell(
                    f"asye:{e.key}",
                    person.key,
                    Programme.ASYE,
                    plan.start,
                    plan.end,
                    plan.outcome,
                    plan.midpoint,
                    plan.final,
                    protected,
                    time_pct,
                    e.key,
                    source,
                )
            )
            month_start = plan.start.replace(day=1)
            if person.frontline:
                before = ProgrammeSpell(
                    f"frontline:{person.key}",
                    person.key,
                    Programme.FRONTLINE,
                    add_months(month_start, -13),
                    plan.start - DAY,
                    ProgrammeOutcome.PASSED,
                    source=source,
                )
            elif person.step_up:
                before = ProgrammeSpell(
                    f"step-up:{person.key}",
                    person.key,
                    Programme.STEP_UP,
                    add_months(month_start, -15),
                    plan.start - timedelta(days=_randint(rng, 10, 60)),
                    ProgrammeOutcome.PASSED,
                    source=source,
                )
            elif plan.start.month in (9, 10, 11) and rng.random() < 0.15:
                apprentices.add(i)
                year = plan.start.year
                before = ProgrammeSpell(
                    f"apprenticeship:{person.key}",
                    person.key,
                    Programme.APPRENTICESHIP,
                    date(year - 3, 9, 1),
                    date(year, 7, 31),
                    ProgrammeOutcome.PASSED,
                    source=source,
                )
            else:
                continue
            spells.append(before)
        spells.extend(self._aspirant_managers(source))
        return tuple(spells), apprentices

    def _aspirant_managers(self, source: str) -> Iterator[ProgrammeSpell]:
        """A cohort each February of senior practitioners a year or more in the role, most of those later
        promoted to team manager among them; ten months; once each."""
        rng, sim = self.rng, self.sim
        joined: set[int] = set()
        for year in range(self.first.year, self.last.year + 1):
            start, planned_end = date(year, 2, 1), date(year, 11, 30)
            if not self.first <= start <= self.last:
                continue
            for e in sim.engagements:
                if e.is_agency or e.person in joined or e.start > start or (e.end is not None and e.end < start):
                    continue
                seg = _segment_at(e, start)
                if seg.role is not R4 or (start - seg.start).days < 365:
                    continue
                promoted = any(s.role is R3 and start < s.start <= add_months(start, 30) for s in e.segments)
                if rng.random() >= (0.6 if promoted else 0.08):
                    continue
                joined.add(e.person)
                if e.end is not None and e.end < planned_end:
                    end, outcome = e.end, ProgrammeOutcome.LEFT
                elif planned_end > self.last:
                    end, outcome = None, ProgrammeOutcome.ONGOING
                else:
                    end, outcome = planned_end, ProgrammeOutcome.PASSED
                person = sim.people[e.person].key
                yield ProgrammeSpell(
                    f"aspirant:{year}:{e.key}",
                    person,
                    Programme.ASPIRANT_MANAGER,
                    start,
                    end,
                    outcome,
                    engagement_key=e.key,
                    source=source,
                )

    # ---- student placements ------------------------------------------------------------------------------------
    def _placements(self, source: str, partners: list[str], apprentices: set[int]) -> Iterator[StudentPlacement]:
        """Each academic year: first placements (70 days from October) and final placements (100 days from
        January). About 45% of the next year's newly qualified starters (June to May) did their final placement
        here and are the appointed students; the rest of the funnel drops out at each step."""
        rng, sim = self.rng, self.sim
        case_teams = sorted({c.team for c in sim.cells if c.role is R5})
        starters: dict[int, list[int]] = defaultdict(list)
        for i, plan in sorted(self.asye.items()):
            year = plan.start.year - 1 if plan.start.month >= 6 else plan.start.year - 2
            starters[year].append(i)
        for year in range(self.first.year, self.last.year):
            next_year_known = date(year + 2, 5, 31) <= self.last
            linked = [
                i
                for i in starters[year]
                if i not in apprentices and self._could_be_our_student(i) and rng.random() < 0.45
            ]
            target = max(3, min(30, round(sim.size / 280 * 15 * rng.uniform(0.8, 1.25))))
            finals = max(len(linked) + 1, round(target * 0.6))
            firsts = max(1, target - finals)
            number = 0
            for i in linked:
                e = sim.engagements[i]
                person = sim.people[e.person]
                start = date(year + 1, 1, 6) + timedelta(days=_randint(rng, 0, 50))
                end = min(start + timedelta(days=139), e.start - timedelta(days=7))
                team = sim.cells[e.segments[0].cell].team if rng.random() < 0.6 else rng.choice(case_teams)
                number += 1
                yield self._placement(
                    source, year, number, start, end, person.qual_institution, person.qual_level, True, team,
                    PlacementOutcome.PASSED, (True, True, True, True, True), person.key,
                )  # fmt: skip
            for _ in range(finals - len(linked)):
                outcome = _pick(rng, FINAL_PLACEMENT_OUTCOMES)
                eligible = outcome is PlacementOutcome.PASSED
                applied = eligible and rng.random() < 0.55
                interviewed = applied and rng.random() < 0.8
                offered = interviewed and rng.random() < 0.7
                appointed: bool | None = False if next_year_known or not offered or rng.random() < 0.5 else None
                start = date(year + 1, 1, 6) + timedelta(days=_randint(rng, 0, 50))
                number += 1
                yield self._placement(
                    source, year, number, start, None, rng.choice(partners), self._level(rng), True,
                    rng.choice(case_teams), outcome, (eligible, applied, interviewed, offered, appointed), None,
                )  # fmt: skip
            for _ in range(firsts):
                outcome = _pick(rng, FIRST_PLACEMENT_OUTCOMES)
                start = date(year, 10, 1) + timedelta(days=_randint(rng, 0, 55))
                number += 1
                yield self._placement(
                    source, year, number, start, None, rng.choice(partners), self._level(rng), False,
                    rng.choice(case_teams), outcome, (False, None, None, None, None), None,
                )  # fmt: skip

    def _could_be_our_student(self, index: int) -> bool:
        """Qualified at one of the universities placing students here, not through Step Up or Frontline."""
        person = self.sim.people[self.sim.engagements[index].person]
        return not (person.frontline or person.step_up) and person.qual_institution in cat.INSTITUTIONS

    @staticmethod
    def _level(rng: random.Random) -> QualLevel:
        return QualLevel.POSTGRADUATE if rng.random() < 0.35 else QualLevel.UNDERGRADUATE

    def _placement(
        self,
        source: str,
        year: int,
        number: int,
        start: date,
        end: date | None,
        university: str,
        level: QualLevel | None,
        final: bool,
        team: int,
        outcome: PlacementOutcome,
        funnel: tuple[bool | None, bool | None, bool | None, bool | None, bool | None],
        person_key: str | None,
    ) -> StudentPlacement:
        rng = self.rng
        masters = level is QualLevel.POSTGRADUATE
        if end is None:
            span = 139 if final else 97  # 100 or 70 placement days, at five a week
            end = start + timedelta(days=_randint(rng, 10, 60) if outcome is PlacementOutcome.WITHDRAWN else span)
        educators = [x.swe for x in self._educators if x.qualified <= start and x.start <= start <= x.stop]
        eligible, applied, interviewed, offered, appointed = funnel
        return StudentPlacement(
            key=f"placement:{year}:{number:03d}",
            student_ref=f"S{year % 100:02d}{number:03d}",
            start=start,
            end=end,
            university=university,
            programme="MA Social Work" if masters else "BA (Hons) Social Work",
            year_of_study=(2 if masters else 3) if final else (1 if masters else 2),
            practice_educator=rng.choice(educators) if educators and rng.random() < 0.8 else None,
            team_key=self.sim.teams[team].key,
            outcome=outcome,
            eligible_for_nqsw=eligible,
            applied=applied,
            interviewed=interviewed,
            offered=offered,
            appointed=appointed,
            person_key=person_key,
            source=source,
        )

    def _income(self, placements: tuple[StudentPlacement, ...], source: str) -> Iterator[PlacementIncome]:
        """The placement-day tariff for each placement day in each whole financial year the records cover; a
        placement's days are spread evenly over its dates (70 or 100 days, fewer when it ended early)."""
        tariff = Decimal(cat.PLACEMENT_DAY_TARIFF)
        by_year: dict[int, Decimal] = defaultdict(Decimal)
        for p in placements:
            assert p.end is not None
            final = p.year_of_study == (2 if p.programme.startswith("MA") else 3)
            planned = 139 if final else 97
            days = cat.FINAL_PLACEMENT_DAYS if final else cat.FIRST_PLACEMENT_DAYS
            span = (p.end - p.start).days + 1
            per_day = Decimal(days) * min(Decimal(1), Decimal(span) / Decimal(planned + 1)) / Decimal(span)
            day = p.start
            while day <= p.end:
                by_year[day.year - (day.month < 4)] += per_day
                day += DAY
        for year in sorted(by_year):
            if date(year, 4, 1) < self.first or date(year + 1, 3, 31) > self.last:
                continue  # only whole financial years within the records
            amount = (by_year[year] * tariff).quantize(Decimal("0.01"))
            yield PlacementIncome(year, amount, "Education support grant for student placements", source)
