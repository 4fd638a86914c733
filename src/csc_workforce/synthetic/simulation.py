"""Month-by-month simulation of one council's social work workforce (mutable state, pure function of a seed).

The simulation keeps a funded establishment split into cells (team x role). Each month: workers leave
(monthly hazard from the turnover rate, retirement by age, agency contracts ending), some are promoted or
move team, the council hires permanent staff towards its in-post target (funded FTE less the vacancy rate),
and agency workers are engaged towards the agency rate. ``build.py`` turns the final state into records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from csc_workforce.domain.codes import (
    CFKSSStatus,
    ContractType,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.synthetic import catalogue as cat
from csc_workforce.synthetic.rates import CouncilRates

ONE = Decimal("1")
T = TypeVar("T")
HIRING_LAG = 1.015  # hiring trails the target by about 1.5%, so aim that much higher


@dataclass(slots=True)
class SimTeam:
    key: str
    name: str
    service_area: str
    practitioner_title: str


@dataclass(slots=True)
class Cell:
    """Part of the establishment: ``share`` of the council's funded FTE, in one team and role."""

    team: int
    role: OrgRole
    share: float
    perm_fte: float = 0.0
    agency_fte: float = 0.0


@dataclass(slots=True)
class SimPerson:
    key: str
    swe_no: str
    birth_date: date
    sex: Sex
    ethnicity: Ethnicity
    qual_level: QualLevel
    qual_institution: str
    step_up: bool
    frontline: bool
    open_engagements: int = 0
    last_end: date | None = None
    to_agency: bool = False


@dataclass(slots=True)
class Segment:
    start: date
    cell: int
    role: OrgRole
    title: str
    case_holding: bool
    cfkss: CFKSSStatus | None


@dataclass(slots=True)
class SimEngagement:
    key: str
    person: int
    contract: ContractType
    start: date
    origin: StartOrigin
    fte: Decimal
    fte_f: float
    segments: list[Segment]
    case_factor: float
    planned_end: date | None = None
    contract_weeks: Decimal | None = None
    asye_until: date | None = None
    end: date | None = None
    reason: ReasonLeave | None = None
    destination: LeaverDestination | None = None

    @property
    def is_agency(self) -> bool:
        return self.contract is ContractType.AGENCY


@dataclass(slots=True)
class CaseCount:
    engagement: int
    on: date
    cases: int


def month_ends(first: date, last: date) -> list[date]:
    """Last day of every month from ``first``'s month to ``last``'s month."""
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(date(y2, m2, 1) - timedelta(days=1))
        y, m = y2, m2
    return out


def _pick(rng: random.Random, mix: tuple[tuple[T, float], ...]) -> T:
    return rng.choices([v for v, _ in mix], [w for _, w in mix])[0]


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class Simulation:
    """One run. Call :meth:`run`; then read ``teams``, ``cells``, ``people``, ``engagements``, ``cases``."""

    rng: random.Random
    rates: CouncilRates
    size: float
    region: str
    start: date  # 1 October before the first census year
    end: date  # 30 September of the last census year
    monthly_caseloads: bool = True
    agency_covers_vacancies: bool = False  # agency FTE aimed at the vacancies, not at a share of the in-post
    teams: list[SimTeam] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    people: list[SimPerson] = field(default_factory=list)
    engagements: list[SimEngagement] = field(default_factory=list)
    cases: list[CaseCount] = field(default_factory=list)
    _active: list[int] = field(default_factory=list)
    _swe: set[str] = field(default_factory=set)
    _agency_pool: list[int] = field(default_factory=list)
    _holding_cases: set[int] = field(default_factory=set)  # engagements whose last count had cases
    _engagement_keys: dict[str, int] = field(default_factory=dict)
    _today: date | None = None  # the day the agency target is aimed on (the month's last day)

    # ---- targets -------------------------------------------------------------------------------------
    def in_post_target(self, day: date) -> float:
        """In-post FTE aimed at: ``size`` on the last census date, less ``growth`` a year before that."""
        years_before_end = (self.end - day).days / 365.25
        return float(self.size * HIRING_LAG * (1 + self.rates.growth) ** (-years_before_end))

    def funded_fte(self, day: date) -> float:
        return self.in_post_target(day) / (1 - self.rates.vacancy_rate)

    # ---- set-up --------------------------------------------------------------------------------------
    def build_structure(self) -> None:
        biggest = self.funded_fte(self.start) * max(1.0, (1 + self.rates.growth) ** 9)
        total_share = sum(spec.share for spec in cat.TEAM_SPECS)
        for spec in cat.TEAM_SPECS:
            share = spec.share / total_share
            count = max(1, round(biggest * share / cat.TEAM_SIZE_FTE)) if spec.numbered else 1
            for n in range(1, count + 1):
                suffix = f" {n}" if count > 1 else ""
                key = f"{spec.slug}-{n}" if spec.numbered else spec.slug
                self.teams.append(SimTeam(key, spec.name + suffix, spec.service_area, spec.practitioner_title))
                team = len(self.teams) - 1
                self.cells.extend(Cell(team, role, share / count * w) for role, w in spec.roles)

    def run(self) -> None:
        self.build_structure()
        self._opening_stock()
        for month_end in month_ends(self.start, self.end):
            month_start = month_end.replace(day=1)
            self._month(month_start, month_end)

    # ---- people --------------------------------------------------------------------------------------
    def _new_person(self, age: int, on: date, newly_qualified: bool) -> int:
        rng = self.rng
        birth = on - timedelta(days=age * 365 + rng.randrange(365))
        swe = f"SW{rng.randrange(100000, 1000000)}"
        while swe in self._swe:
            swe = f"SW{rng.randrange(100000, 1000000)}"
        self._swe.add(swe)
        qualified_year = on.year if newly_qualified else on.year - rng.randrange(1, max(2, age - 22))
        frontline = qualified_year >= 2015 and rng.random() < 0.08
        step_up = not frontline and qualified_year >= 2011 and rng.random() < 0.05
        level = QualLevel.POSTGRADUATE if frontline or step_up or rng.random() < 0.4 else QualLevel.UNDERGRADUATE
        if not (frontline or step_up) and rng.random() < 0.04:
            level = QualLevel.OTHER
        overseas = rng.random() < 0.05
        institution = rng.choice(cat.OVERSEAS_INSTITUTIONS if overseas else cat.INSTITUTIONS)
        mix = cat.LONDON_ETHNICITY_MIX if "London" in self.region else cat.ETHNICITY_MIX
        sex_draw = rng.random()
        sex = Sex.FEMALE if sex_draw < 0.85 else Sex.MALE  # census 2024 on records only M or F
        ethnicity = _pick(rng, mix)
        key = f"swe:{swe.upper()}"  # the census importer's key, so census returns and HR uploads line up
        self.people.append(SimPerson(key, swe, birth, sex, ethnicity, level, institution, step_up, frontline))
        return len(self.people) - 1

    def _age_for(self, role: OrgRole, newly_qualified: bool) -> int:
        rng = self.rng
        if newly_qualified:
            return min(45, 22 + int(rng.expovariate(1 / 6)))
        low = {"1": 38, "2": 35, "3": 30, "4": 28}.get(role.value, 24)
        return rng.randint(low, 60) if rng.random() < 0.5 else rng.randint(low, min(60, low + 15))

    # ---- engagements ---------------------------------------------------------------------------------
    def _fte(self, role: OrgRole) -> Decimal:
        part_time = 0.06 if role.is_manager else 0.2
        if self.rng.random() < part_time:
            return Decimal(self.rng.choice(cat.PART_TIME_FTE))
        return ONE

    def _segment(self, cell: int, on: date, cfkss: CFKSSStatus | None, person: int) -> Segment:
        c = self.cells[cell]
        team = self.teams[c.team]
        if c.role in cat.MANAGER_TITLES:
            title = "Principal Social Worker" if team.key == "principal-social-worker" else cat.MANAGER_TITLES[c.role]
        elif c.role is OrgRole.SENIOR_PRACTITIONER:
            title = cat.SENIOR_PRACTITIONER_TITLES[person % 2]
        else:
            title = team.practitioner_title
        holds = self.rng.random() < cat.CASE_HOLDING[c.role]
        if cfkss is None and c.role is OrgRole.FIRST_LINE_MANAGER and self.rng.random() < 0.3:
            cfkss = CFKSSStatus.PRACTICE_SUPERVISOR
        return Segment(on, cell, c.role, title, holds, cfkss)

    def _engagement_key(self, person: int, contract: ContractType, start: date) -> str:
        """The census importer's key (person, agency or not, start date), "#2" for a second post that day."""
        base = f"{self.people[person].key}/{'A' if contract.is_agency else 'P'}/{start.isoformat()}"
        n = self._engagement_keys.get(base, 0) + 1
        self._engagement_keys[base] = n
        return base if n == 1 else f"{base}#{n}"

    def _engage(
        self, person: int, contract: ContractType, cell: int, start: date, origin: StartOrigin, fte: Decimal
    ) -> SimEngagement:
        rng = self.rng
        nq = origin is StartOrigin.NEWLY_QUALIFIED and not contract.is_agency
        asye_until = start + timedelta(days=365) if nq else None
        eng = SimEngagement(
            key=self._engagement_key(person, contract, start),
            person=person,
            contract=contract,
            start=start,
            origin=origin,
            fte=fte,
            fte_f=float(fte),
            segments=[self._segment(cell, start, CFKSSStatus.ASYE if nq else None, person)],
            case_factor=min(1.7, max(0.4, rng.gauss(1.0, 0.22))) * (0.75 if nq else 1.0),
            asye_until=asye_until,
        )
        if contract.is_agency:
            weeks = rng.choice(cat.AGENCY_CONTRACT_WEEKS)
            eng.contract_weeks = Decimal(weeks).quantize(Decimal("0.1"))
            eng.planned_end = start + timedelta(days=weeks * 7 - 1)
        elif contract is ContractType.FIXED_TERM:
            eng.planned_end = start + timedelta(days=rng.randrange(180, 730))
        self.engagements.append(eng)
        self._active.append(len(self.engagements) - 1)
        self.people[person].open_engagements += 1
        self._add_fte(eng, cell, eng.fte_f)
        return eng

    def _add_fte(self, eng: SimEngagement, cell: int, fte: float) -> None:
        if eng.is_agency:
            self.cells[cell].agency_fte += fte
        else:
            self.cells[cell].perm_fte += fte

    def _hire_permanent(self, start: date, cell: int | None = None) -> None:
        rng = self.rng
        cell = self._choose_cell(start, agency=False) if cell is None else cell
        role = self.cells[cell].role
        nq_chance = min(1.0, self.rates.newly_qualified_share / 0.62) if role is OrgRole.CASE_HOLDER else 0.0
        newly_qualified = rng.random() < nq_chance
        origin = StartOrigin.NEWLY_QUALIFIED if newly_qualified else _pick(rng, cat.EXPERIENCED_ORIGINS)
        person = self._new_person(self._age_for(role, newly_qualified), start, newly_qualified)
        contract = ContractType.FIXED_TERM if rng.random() < 0.04 else ContractType.PERMANENT
        if contract is ContractType.PERMANENT and not role.is_manager and rng.random() < 0.012:
            self._dual_post(person, cell, start, origin)
            return
        self._engage(person, contract, cell, start, origin, self._fte(role))

    def _dual_post(self, person: int, cell: int, start: date, origin: StartOrigin) -> None:
        """Two concurrent part-time permanent posts (0.6 and 0.4 FTE) in different teams; headcount counts
        the person once. The FTEs differ so the two census records are not identical duplicates."""
        self._engage(person, ContractType.PERMANENT, cell, start, origin, Decimal("0.6"))
        same_role = [i for i, c in enumerate(self.cells) if c.role is self.cells[cell].role and i != cell]
        other = self.rng.choice(same_role) if same_role else cell
        self._engage(person, ContractType.PERMANENT, other, start, origin, Decimal("0.4"))

    def _hire_agency(self, start: date) -> SimEngagement:
        rng = self.rng
        cell = self._choose_cell(start, agency=True)
        person = self._reuse_for_agency(start)
        if person is None:
            person = self._new_person(self._age_for(self.cells[cell].role, False), start, False)
        origin = StartOrigin.AGENCY if rng.random() < 0.7 else StartOrigin.NOT_KNOWN
        fte = ONE if rng.random() < 0.93 else Decimal(rng.choice(cat.PART_TIME_FTE))
        return self._engage(person, ContractType.AGENCY, cell, start, origin, fte)

    def _reuse_for_agency(self, start: date) -> int | None:
        """Now and then a former employee who left for agency work comes back as an agency worker."""
        if not self._agency_pool or self.rng.random() > 0.25:
            return None
        person = self._agency_pool.pop(self.rng.randrange(len(self._agency_pool)))
        p = self.people[person]
        ok = p.open_engagements == 0 and p.last_end is not None and (start - p.last_end).days >= 14
        return person if ok and _age_on(p.birth_date, start) <= 62 else None

    def _choose_cell(self, day: date, *, agency: bool) -> int:
        funded = self.funded_fte(day)
        fill = 1.0 if agency else 1 - self.rates.vacancy_rate
        weights = []
        for c in self.cells:
            if agency and c.role not in (
                OrgRole.CASE_HOLDER,
                OrgRole.SENIOR_PRACTITIONER,
                OrgRole.FIRST_LINE_MANAGER,
            ):
                weights.append(0.0)
                continue
            gap = funded * c.share * fill - c.perm_fte - (c.agency_fte if agency else 0.0)
            weights.append(max(gap - 0.4, 0.0))  # a whole worker rarely goes into a sliver of a vacancy
        if sum(weights) <= 0:
            weights = [c.share if c.role is OrgRole.CASE_HOLDER else 0.0 for c in self.cells]
        return self.rng.choices(range(len(self.cells)), weights)[0]

    # ---- the opening stock ---------------------------------------------------------------------------
    def _opening_stock(self) -> None:
        self._today = self.start
        rng = self.rng
        funded = self.funded_fte(self.start)
        fill = 1 - self.rates.vacancy_rate
        for index, cell in enumerate(self.cells):
            while cell.perm_fte + rng.random() < funded * cell.share * fill:
                self._opening_worker(index)
        agency_target = self._agency_target()
        while self._fte_total(agency=True) < agency_target:
            eng = self._hire_agency(self.start)
            assert eng.planned_end is not None
            shift = timedelta(days=rng.randrange((eng.planned_end - eng.start).days + 1))
            eng.start -= shift
            eng.planned_end -= shift
            eng.segments[0].start = eng.start
            # keyed by its real start date, as a census return keys it, or HR records and returns count it twice
            eng.key = self._engagement_key(eng.person, eng.contract, eng.start)

    def _opening_worker(self, cell: int) -> None:
        rng = self.rng
        role = self.cells[cell].role
        years = min(rng.expovariate(1 / 6.5), 30.0)
        start = self.start - timedelta(days=1 + int(years * 365.25))
        newly_qualified = role is OrgRole.CASE_HOLDER and rng.random() < self.rates.newly_qualified_share
        origin = StartOrigin.NEWLY_QUALIFIED if newly_qualified else _pick(rng, cat.EXPERIENCED_ORIGINS)
        age_now = min(64, self._age_for(role, newly_qualified) + int(years))
        person = self._new_person(age_now, self.start, newly_qualified and years < 1)
        age_at_start = _age_on(self.people[person].birth_date, start)
        if age_at_start < 21:  # nobody qualifies before 21: start later instead
            start = self.start - timedelta(days=1 + rng.randrange(365))
        contract = ContractType.FIXED_TERM if rng.random() < 0.02 else ContractType.PERMANENT
        eng = self._engage(person, contract, cell, start, origin, self._fte(role))
        if contract is ContractType.FIXED_TERM:
            eng.planned_end = self.start + timedelta(days=rng.randrange(30, 540))

    # ---- one month -----------------------------------------------------------------------------------
    def _month(self, first: date, last: date) -> None:
        self._today = last
        for index in list(self._active):
            self._leave_or_change(index, first, last)
        self._active = [i for i in self._active if self.engagements[i].end is None]
        gap = self.in_post_target(last) - self._fte_total(agency=False, by=last)
        for _ in range(int(max(gap, 0.0) * 0.6 / 0.93 + self.rng.random())):
            self._hire_permanent(first + timedelta(days=self.rng.randrange(last.day)))
        agency_gap = self._agency_target() * self.rng.uniform(0.9, 1.1) - self._fte_total(agency=True, by=last)
        for _ in range(int(max(agency_gap, 0.0) * 0.8 + self.rng.random())):
            self._hire_agency(first + timedelta(days=self.rng.randrange(last.day)))
        if self.monthly_caseloads or (last.month, last.day) == (9, 30):
            self._count_cases(last)

    def _agency_target(self) -> float:
        """The agency FTE aimed at: a share of the permanent in-post (the agency rate's), or with
        ``agency_covers_vacancies`` the vacancies (the funded FTE the permanent hiring aims at, less the
        permanent FTE in post) times the ratio of the average agency FTE to the average vacancies (agency_rate /
        (1 - agency_rate) over vacancy_rate / (1 - vacancy_rate): 0.92 at England's rates), so that agency
        workers cover the posts permanent staff leave and as many are engaged on average. (In DfE's published
        figures, 1,120 council-years, a year's agency FTE falls by 0.49 for each in-post FTE gained at the same
        establishment: councils do cover vacancies so.)"""
        in_post = self._fte_total(agency=False)
        r = self.rates
        if not self.agency_covers_vacancies:
            return in_post * r.agency_rate / (1 - r.agency_rate)
        assert self._today is not None
        ratio = (r.agency_rate / (1 - r.agency_rate)) / (r.vacancy_rate / (1 - r.vacancy_rate))
        vacancies = self.funded_fte(self._today) / HIRING_LAG - in_post
        return float(max(ratio * vacancies, 0.0))

    def _fte_total(self, *, agency: bool, by: date | None = None) -> float:
        total = 0.0
        for i in self._active:
            eng = self.engagements[i]
            if eng.is_agency is agency and eng.end is None and (by is None or eng.start <= by):
                total += eng.fte_f
        return total

    def _leave_or_change(self, index: int, first: date, last: date) -> None:
        eng = self.engagements[index]
        if eng.start > last:
            return
        earliest = max(first, eng.start)
        if eng.planned_end is not None and eng.planned_end <= last:
            self._contract_ends(index, max(eng.planned_end, earliest))
            return
        if not eng.is_agency and self._leaves(eng, last):
            return
        if not eng.is_agency:
            self._career(eng, first, last)

    def _leaves(self, eng: SimEngagement, last: date) -> bool:
        rng = self.rng
        age = _age_on(self.people[eng.person].birth_date, last)
        monthly = 1 - (1 - max(self.rates.turnover - 0.025, 0.0)) ** (1 / 12)
        if age >= 66 or (age >= 60 and rng.random() < 0.015):
            self._end(eng, self._leave_day(eng, last), ReasonLeave.RETIRED, LeaverDestination.NON_SOCIAL_CARE)
            return True
        if rng.random() >= monthly:
            return False
        reason = _pick(rng, cat.LEAVE_REASONS)
        if reason is ReasonLeave.MOVED_WITHIN_LA:
            destination = LeaverDestination.OTHER_SOCIAL_CARE
        else:
            destination = _pick(rng, cat.RESIGNATION_DESTINATIONS)
        self._end(eng, self._leave_day(eng, last), reason, destination)
        return True

    def _leave_day(self, eng: SimEngagement, last: date) -> date:
        earliest = max(last.replace(day=1), eng.start, eng.segments[-1].start)
        return earliest + timedelta(days=self.rng.randrange((last - earliest).days + 1))

    def _contract_ends(self, index: int, day: date) -> None:
        eng = self.engagements[index]
        rng = self.rng
        day = max(day, eng.segments[-1].start)
        if eng.is_agency and day < self.end and rng.random() < 0.12:
            self._end(eng, day, ReasonLeave.OTHER, LeaverDestination.OTHER)
            cell = eng.segments[-1].cell
            self._engage(eng.person, ContractType.PERMANENT, cell, day + timedelta(days=1), StartOrigin.AGENCY, eng.fte)
            return
        if eng.is_agency:
            reason = ReasonLeave.OTHER if rng.random() < 0.7 else ReasonLeave.NOT_KNOWN
            destination = _pick(rng, cat.AGENCY_END_DESTINATIONS)
        else:
            reason = ReasonLeave.OTHER
            destination = _pick(rng, cat.RESIGNATION_DESTINATIONS)
        self._end(eng, day, reason, destination)

    def _end(self, eng: SimEngagement, day: date, reason: ReasonLeave, destination: LeaverDestination) -> None:
        eng.end, eng.reason, eng.destination = day, reason, destination
        self._add_fte(eng, eng.segments[-1].cell, -eng.fte_f)
        person = self.people[eng.person]
        person.open_engagements -= 1
        person.last_end = day
        if destination is LeaverDestination.AGENCY:
            self._agency_pool.append(eng.person)

    def _career(self, eng: SimEngagement, first: date, last: date) -> None:
        """ASYE completion, promotion into a vacancy, or a move to another team, each a new assignment."""
        rng = self.rng
        current = eng.segments[-1]
        if eng.asye_until is not None and first <= eng.asye_until <= last and eng.asye_until > current.start:
            self._reassign(eng, current.cell, eng.asye_until, keep_cfkss=False)
            return
        if (first - current.start).days < 730 or eng.fte_f < 1 and rng.random() < 0.5:
            return
        promotion = cat.PROMOTION_PER_YEAR.get(current.role)
        if promotion is not None and rng.random() < promotion[1] / 12:
            target = self._cell_with_gap(promotion[0], first, prefer_team=self.cells[current.cell].team)
            if target is not None:
                self._reassign(eng, target, first, keep_cfkss=False)
                return
        if rng.random() < cat.TEAM_MOVE_PER_YEAR / 12:
            target = self._cell_with_gap(current.role, first, prefer_team=None)
            if target is not None and self.cells[target].team != self.cells[current.cell].team:
                self._reassign(eng, target, first, keep_cfkss=True)

    def _cell_with_gap(self, role: OrgRole, day: date, prefer_team: int | None) -> int | None:
        funded = self.funded_fte(day) * (1 - self.rates.vacancy_rate)
        best, best_score = None, 0.0
        for i, c in enumerate(self.cells):
            gap = funded * c.share - c.perm_fte
            if c.role is not role or gap < 0.5:
                continue
            score = gap + (2.0 if c.team == prefer_team else 0.0)
            if score > best_score:
                best, best_score = i, score
        return best

    def _reassign(self, eng: SimEngagement, cell: int, on: date, *, keep_cfkss: bool) -> None:
        current = eng.segments[-1]
        self._add_fte(eng, current.cell, -eng.fte_f)
        segment = self._segment(cell, on, current.cfkss if keep_cfkss else None, eng.person)
        if cell == current.cell:
            segment.case_holding = current.case_holding
            segment.title = current.title
        eng.segments.append(segment)
        self._add_fte(eng, cell, eng.fte_f)

    # ---- caseloads -----------------------------------------------------------------------------------
    def _count_cases(self, on: date) -> None:
        rng = self.rng
        average = self.rates.caseload
        for i in self._active:
            eng = self.engagements[i]
            if eng.start > on or eng.end is not None:
                continue
            segment = eng.segments[-1]
            if not segment.case_holding or segment.start > on:
                if i in self._holding_cases:  # stopped holding cases: record the zero, so no stale count is used
                    self._holding_cases.discard(i)
                    self.cases.append(CaseCount(i, on, 0))
                continue
            self._holding_cases.add(i)
            if eng.asye_until is not None and on <= eng.asye_until:
                factor = eng.case_factor
            else:
                factor = eng.case_factor / (0.75 if eng.origin is StartOrigin.NEWLY_QUALIFIED else 1.0)
            mean = average * cat.CASE_WEIGHT[segment.role] * eng.fte_f * factor
            cases = max(1, min(40, round(mean * rng.uniform(0.85, 1.15))))
            self.cases.append(CaseCount(i, on, cases))
