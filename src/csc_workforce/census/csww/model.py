"""The CSWW census return as typed values: what the reader produces and the writer consumes.

Items are named after the census elements (see ``docs/census.md``).
A value that is missing or could not be read is ``None``; the reader reports why as an Issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from csc_workforce.domain.codes import (
    AbsenceReason,
    CFKSSStatus,
    Eligibility,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    Sex,
    StartOrigin,
)


@dataclass(frozen=True, slots=True)
class CensusHeader:
    collection_year: int  # the year ending 30 September, from <Year> (or <ReferenceDate> if <Year> is absent)
    la_code: str  # <LEA>, the 3-digit old LA code
    reference_date: date | None = None
    software_code: str | None = None
    generated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LALevel:
    """<LALevelVacancies> (to 2024) or <LALevel> (2025 on)."""

    vacancies_fte: Decimal | None = None  # NumberOfVacancies
    agency_cover_fte: Decimal | None = None  # NoAgencyFTE
    agency_cover_headcount: int | None = None  # NoAgencyHeadcount
    eligibility: tuple[tuple[str, Eligibility], ...] = ()  # 2025: RecruitmentBonus ... CostDBS
    other_allowances: str | None = None  # 2025: OtherAllowances


@dataclass(frozen=True, slots=True)
class CensusWorker:
    """One <CSWWWorker> record."""

    agency: bool
    swe_no: str
    line: int | None = None  # source line of the <CSWWWorker> element, when read from a file
    fte: Decimal | None = None
    birth_date: date | None = None
    sex: Sex | None = None  # GenderCurrent to 2023, Sex from 2024
    ethnicity: Ethnicity | None = None
    qual_institutions: tuple[str, ...] = ()  # QualInst (dropped in 2025)
    qual_level: QualLevel | None = None
    step_up_grad: bool | None = None
    org_role: OrgRole | None = None
    role_start_date: date | None = None
    start_origin: StartOrigin | None = None
    role_end_date: date | None = None
    leaver_destination: LeaverDestination | None = None
    reason_leave: ReasonLeave | None = None
    fte30: Decimal | None = None
    cases30: int | None = None
    working_days_lost: Decimal | None = None
    contract_weeks: tuple[Decimal, ...] = ()
    frontline_grad: bool | None = None
    absent_30_sept: bool | None = None  # Absat30Sept
    reason_absence: AbsenceReason | None = None
    cfkss_status: CFKSSStatus | None = None  # dropped in 2025
    base_salary: Decimal | None = None  # 2025 pay items
    rr_payments: Decimal | None = None
    other_payments: Decimal | None = None

    @property
    def is_leaver(self) -> bool:
        return self.role_end_date is not None


@dataclass(frozen=True, slots=True)
class CensusReturn:
    header: CensusHeader
    la_level: LALevel
    workers: tuple[CensusWorker, ...]
