"""Business rules for a CSWW return: one pass over the workers, then the LA-level checks.

The rules work on the typed :class:`CensusReturn`, so an importer that builds a return from HR data can
check it before writing. When the return was read from a file, the reader passes :class:`WorkerSource`
values so each issue points at the element's line and path. Codes, severities and how-to-fix text live
in ``catalogue.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from csc_workforce.census.csww.model import CensusReturn, CensusWorker, LALevel
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.codes import Sex
from csc_workforce.domain.issues import Issue, Location
from csc_workforce.domain.limits import MOST_CASES, MOST_CONTRACT_WEEKS, MOST_WORKING_DAYS_LOST
from csc_workforce.domain.periods import census_period, census_reference_date

MAX_CASES = 40  # above: a warning
AGE_ERROR = (16, 90)  # outside: error
AGE_WARNING = (18, 80)  # outside (but inside AGE_ERROR): warning

# The most each number of a worker record can possibly be (CSWW-WKR-017; below 0 is an error too): what it
# counts, for the message. Every bound is inside what the database column holds (store/models.py: cases a
# PositiveIntegerField, days lost 8 digits with 2 decimals, weeks 7 with 1, pay 12 with 2), so a return that
# passes is always written. FTE and FTE30 have their own rule (CSWW-WKR-008, 0 to 1).
WORKER_MOST: tuple[tuple[str, str, Decimal, str], ...] = (
    (
        "Cases30",
        "cases30",
        MOST_CASES,
        "number of cases one worker holds on 30 September, which the census gives in at most 4 digits",
    ),
    (
        "WorkingDaysLost",
        "working_days_lost",
        MOST_WORKING_DAYS_LOST,
        "number of working days lost to sickness in the census year, which has at most 366 days",
    ),
    (
        "ContractWeeks",
        "contract_weeks",
        MOST_CONTRACT_WEEKS,
        "length of an agency worker's contract in weeks, which the census does not expect above 500 (nearly ten years)",
    ),
    ("BaseSalary", "base_salary", Decimal(1_000_000), "a year's pay in pounds (not pence)"),
    ("RRPayments", "rr_payments", Decimal(1_000_000), "a year's recruitment and retention payments in pounds"),
    ("OtherPayments", "other_payments", Decimal(1_000_000), "a year's other payments in pounds"),
)
# The most a council figure can be (CSWW-LA-002): more than twice the largest council's social workers.
LA_MOST = Decimal(5_000)


@dataclass(frozen=True, slots=True)
class WorkerSource:
    """Where a worker record sits in the file: its position among <CSWWWorker>, its line, its items' lines."""

    index: int
    line: int | None = None
    element_lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LASource:
    block: str = "LALevelVacancies"
    line: int | None = None
    element_lines: Mapping[str, int] = field(default_factory=dict)


def validate_return(
    ret: CensusReturn,
    *,
    sources: Sequence[WorkerSource] | None = None,
    la_source: LASource | None = None,
) -> list[Issue]:
    """All business-rule issues for ``ret``: worker rules, duplicates and LA-level rules."""
    year = ret.header.collection_year
    check = _WorkerChecks(year)
    issues: list[Issue] = []
    first_seen: dict[tuple[str, bool, date | None], list[tuple[CensusWorker, WorkerSource]]] = {}
    swe_seen: dict[str, tuple[str, WorkerSource]] = {}
    for position, worker in enumerate(ret.workers):
        source = sources[position] if sources is not None else WorkerSource(position + 1, worker.line)
        at = _Locator(source)
        issues.extend(check(worker, at))
        issues.extend(_duplicates(worker, at, first_seen, swe_seen))
    issues.extend(_la_level(ret.la_level, la_source or LASource()))
    return issues


class _Locator:
    """Builds ``Location`` values for one worker record."""

    __slots__ = ("source", "base")

    def __init__(self, source: WorkerSource) -> None:
        self.source = source
        self.base = f"Message/CSWWWorker[{source.index}]"

    def record(self) -> Location:
        return Location(self.source.line, self.base)

    def item(self, element: str) -> Location:
        line = self.source.element_lines.get(element, self.source.line)
        return Location(line, f"{self.base}/{element}")


class _WorkerChecks:
    """The per-worker rules for one collection year."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.period = census_period(year)
        self.reference = census_reference_date(year)
        self.sex_element = "GenderCurrent" if year <= 2023 else "Sex"

    def __call__(self, w: CensusWorker, at: _Locator) -> list[Issue]:
        issues: list[Issue] = []
        self._leaver(w, at, issues)
        self._starter(w, at, issues)
        self._dates(w, at, issues)
        self._fte(w, at, issues)
        self._age(w, at, issues)
        if not w.agency:
            self._mandatory(w, at, issues)
        self._cases_and_absence(w, at, issues)
        self._impossible_numbers(w, at, issues)
        return issues

    def _impossible_numbers(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        for element, attribute, most, counts in WORKER_MOST:
            value = getattr(w, attribute)
            for number in value if isinstance(value, tuple) else (value,):
                if number is None or 0 <= number <= most:
                    continue
                out.append(
                    rule("CSWW-WKR-017").issue(
                        f"{element} is {number} for worker {w.swe_no}, which cannot be right: it is the {counts}. "
                        f"Give {element} as a number from 0 to {most:,}.",
                        at.item(element),
                        str(number),
                    )
                )

    def _leaver(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        if w.role_end_date is not None:
            pairs = (("ReasonLeave", w.reason_leave), ("LeaverDestination", w.leaver_destination))
            missing = [name for name, value in pairs if value is None]
            if missing:
                out.append(
                    rule("CSWW-WKR-001").issue(
                        f"Worker {w.swe_no} left on {w.role_end_date} but has no {' or '.join(missing)}. "
                        "Add ReasonLeave (codes 1-10) and LeaverDestination (codes 1-9).",
                        at.item("RoleEndDate"),
                        str(w.role_end_date),
                    )
                )
            return
        for name, value in (("ReasonLeave", w.reason_leave), ("LeaverDestination", w.leaver_destination)):
            if value is not None:
                out.append(
                    rule("CSWW-WKR-002").issue(
                        f"Worker {w.swe_no} has {name} {value} but no RoleEndDate. Remove {name}, or add the "
                        "RoleEndDate if the worker left.",
                        at.item(name),
                        str(value),
                    )
                )

    def _starter(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        if w.role_start_date is not None and w.start_origin is None:
            out.append(
                rule("CSWW-WKR-003").issue(
                    f"Worker {w.swe_no} has RoleStartDate {w.role_start_date} but no StartOrigin. "
                    "Add StartOrigin (codes 1-10; 9 = not known).",
                    at.item("RoleStartDate"),
                    str(w.role_start_date),
                )
            )
        if w.start_origin is not None and w.role_start_date is None:
            out.append(
                rule("CSWW-WKR-004").issue(
                    f"Worker {w.swe_no} has StartOrigin {w.start_origin} but no RoleStartDate. "
                    "Add the RoleStartDate, or remove StartOrigin.",
                    at.item("StartOrigin"),
                    str(w.start_origin),
                )
            )

    def _dates(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        end, start = w.role_end_date, w.role_start_date
        if end is not None and not self.period.contains(end):
            out.append(
                rule("CSWW-WKR-005").issue(
                    f"RoleEndDate {end} is outside the {self.year} census year ({self.period.start} to "
                    f"{self.period.end}). Only workers who left in the year have a RoleEndDate; correct the "
                    "date or remove it if the worker left in an earlier year.",
                    at.item("RoleEndDate"),
                    str(end),
                )
            )
        if end is not None and start is not None and end < start:
            out.append(
                rule("CSWW-WKR-006").issue(
                    f"RoleEndDate {end} is before RoleStartDate {start}. Check both dates.",
                    at.item("RoleEndDate"),
                    str(end),
                )
            )
        if start is not None and start > self.reference:
            out.append(
                rule("CSWW-WKR-007").issue(
                    f"RoleStartDate {start} is after the census reference date {self.reference}. Workers who "
                    "start after 30 September belong in next year's return.",
                    at.item("RoleStartDate"),
                    str(start),
                )
            )

    def _fte(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        for name, value in (("FTE", w.fte), ("FTE30", w.fte30)):
            if value is not None and not Decimal(0) <= value <= Decimal(1):
                out.append(
                    rule("CSWW-WKR-008").issue(
                        f"{name} must be between 0 and 1; this worker has {value}. Give {name} as a decimal "
                        "fraction of full time, for example 0.6.",
                        at.item(name),
                        str(value),
                    )
                )

    def _age(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        born = w.birth_date
        if born is None:
            return
        ref = self.reference
        age = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
        if not AGE_ERROR[0] <= age <= AGE_ERROR[1]:
            code = "CSWW-WKR-009"
        elif not AGE_WARNING[0] <= age <= AGE_WARNING[1]:
            code = "CSWW-WKR-010"
        else:
            return
        out.append(
            rule(code).issue(
                f"PersonBirthDate {born} makes this worker {age} on {ref}. Check the date of birth "
                f"(expected age {AGE_WARNING[0]} to {AGE_WARNING[1]}).",
                at.item("PersonBirthDate"),
                str(born),
            )
        )

    def _mandatory(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        for element in self._missing_items(w):
            out.append(
                rule("CSWW-WKR-011").issue(
                    f"Council-employed (non-agency) worker {w.swe_no} has no {element}. "
                    f"Add {element}: it is required for every worker the council employs.",
                    at.record(),
                    None,
                )
            )

    def _missing_items(self, w: CensusWorker) -> list[str]:
        sex_ok = w.sex is not None and (self.year <= 2023 or w.sex in (Sex.MALE, Sex.FEMALE))
        required: list[tuple[str, bool]] = [
            ("PersonBirthDate", w.birth_date is not None),
            (self.sex_element, sex_ok),
            ("Ethnicity", w.ethnicity is not None),
        ]
        if self.year <= 2024:
            required.append(("QualInst", bool(w.qual_institutions)))
        required += [
            ("StepUpGrad", w.step_up_grad is not None),
            ("OrgRole", w.org_role is not None),
            ("RoleStartDate", w.role_start_date is not None),
            ("StartOrigin", w.start_origin is not None),
            ("FTE30", w.is_leaver or w.fte30 is not None),
            ("WorkingDaysLost", w.working_days_lost is not None),
            ("FrontlineGrad", w.frontline_grad is not None),
        ]
        return [name for name, present in required if not present]

    def _cases_and_absence(self, w: CensusWorker, at: _Locator, out: list[Issue]) -> None:
        cases = w.cases30
        if cases is not None and cases > 0 and w.fte is not None and w.fte == 0:
            out.append(
                rule("CSWW-WKR-014").issue(
                    f"Worker {w.swe_no} holds {cases} cases at 30 September but has FTE 0. Check FTE and Cases30.",
                    at.item("Cases30"),
                    str(cases),
                )
            )
        if cases is not None and MAX_CASES < cases <= MOST_CASES:  # above MOST_CASES: an error (CSWW-WKR-017)
            out.append(
                rule("CSWW-WKR-015").issue(
                    f"Cases30 is {cases} for worker {w.swe_no}, above {MAX_CASES}. Check the count of cases "
                    "held on 30 September.",
                    at.item("Cases30"),
                    str(cases),
                )
            )
        if w.reason_absence is not None and w.absent_30_sept is not True:
            out.append(
                rule("CSWW-WKR-016").issue(
                    f"Worker {w.swe_no} has ReasonAbsence {w.reason_absence} but Absat30Sept is not 1. Set "
                    "Absat30Sept to 1 if the worker was absent on 30 September, or remove ReasonAbsence.",
                    at.item("ReasonAbsence"),
                    str(w.reason_absence),
                )
            )


def _duplicates(
    w: CensusWorker,
    at: _Locator,
    first_seen: dict[tuple[str, bool, date | None], list[tuple[CensusWorker, WorkerSource]]],
    swe_seen: dict[str, tuple[str, WorkerSource]],
) -> list[Issue]:
    """An identical record twice is an error; the same SWE number on different records is a warning
    (someone can hold two posts, even from the same day: DfE counts them once in headcounts), but an error
    when the two are written in different case (they are one person's, keyed in capitals)."""
    swe = w.swe_no.strip().upper()
    same_start = first_seen.setdefault((swe, w.agency, w.role_start_date), [])
    content = replace(w, line=None) if same_start else None
    earlier = next((src for seen, src in same_start if replace(seen, line=None) == content), None)
    if earlier is not None:
        return [
            rule("CSWW-WKR-012").issue(
                f"Worker {w.swe_no} (AgencyWorker {int(w.agency)}, RoleStartDate {w.role_start_date}) has a "
                f"record identical to record {earlier.index} (line {earlier.line}). Remove the duplicate record.",
                at.item("SWENo"),
                w.swe_no,
            )
        ]
    same_start.append((w, at.source))
    written, other = swe_seen.get(swe, (None, None))
    if other is not None and written != w.swe_no.strip():
        return [
            rule("CSWW-WKR-018").issue(
                f"SWENo {w.swe_no} is written {written} on record {other.index} (line {other.line}). A SWE number "
                "is the same whatever its case, so these records are one person: write it the same way on every "
                f"record, in capitals ({swe}).",
                at.item("SWENo"),
                w.swe_no,
            )
        ]
    if other is not None:
        return [
            rule("CSWW-WKR-013").issue(
                f"SWENo {w.swe_no} is also used by record {other.index} (line {other.line}). Check both "
                "records belong to the same person (for example two roles in the year).",
                at.item("SWENo"),
                w.swe_no,
            )
        ]
    swe_seen[swe] = (w.swe_no.strip(), at.source)
    return []


# The council-level figures: (element, what it counts, the LALevel attribute).
LA_FIGURES = (
    ("NumberOfVacancies", "the FTE of vacant posts", "vacancies_fte"),
    ("NoAgencyFTE", "the FTE of agency workers covering vacancies", "agency_cover_fte"),
    ("NoAgencyHeadcount", "the number of agency workers covering vacancies", "agency_cover_headcount"),
)


def _la_level(la: LALevel, source: LASource) -> list[Issue]:
    """Council figures from 0 to :data:`LA_MOST` (error); agency cover not above vacancies (warning, checked
    only when both figures are possible: the comparison means nothing otherwise)."""
    return _impossible_figures(la, source) or _cover_above_vacancies(la, source)


def _la_location(source: LASource, element: str) -> Location:
    return Location(source.element_lines.get(element, source.line), f"Message/{source.block}/{element}")


def _impossible_figures(la: LALevel, source: LASource) -> list[Issue]:
    issues: list[Issue] = []
    for element, counts, attribute in LA_FIGURES:
        value: Decimal | int | None = getattr(la, attribute)
        if value is not None and value < 0:
            text = (
                f"{element} is {value}, but it cannot be negative: it is {counts} on 30 September. "
                f"Give {element} as 0 or more (0 if there were none)."
            )
        elif value is not None and value > LA_MOST:
            text = (
                f"{element} is {value}, which cannot be right: it is {counts} on 30 September, and no council has "
                f"more than {LA_MOST:,} (twice the largest council's social workers). Correct {element} (a "
                "missing decimal point is the usual slip)."
            )
        else:
            continue
        issues.append(rule("CSWW-LA-002").issue(text, _la_location(source, element), str(value)))
    return issues


def _cover_above_vacancies(la: LALevel, source: LASource) -> list[Issue]:
    cover, vacancies = la.agency_cover_fte, la.vacancies_fte
    if cover is None or vacancies is None or cover <= vacancies:
        return []
    return [
        rule("CSWW-LA-001").issue(
            f"NoAgencyFTE ({cover}) is more than NumberOfVacancies ({vacancies}). NoAgencyFTE counts agency "
            "workers covering vacancies, and they cannot cover more vacancies than there are: correct "
            "whichever of the two figures is wrong.",
            _la_location(source, "NoAgencyFTE"),
            str(cover),
        )
    ]
