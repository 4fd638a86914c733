"""Helpers shared by the census tests (imported directly: tests/ has no packages)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.domain.codes import (
    ELIGIBILITY_ITEMS,
    AbsenceReason,
    CFKSSStatus,
    Eligibility,
    Ethnicity,
    OrgRole,
    QualLevel,
    Sex,
    StartOrigin,
)

# The public liia-tools sample returns, copied into the repository (source and licence in their README).
EXTERNAL = Path(__file__).resolve().parents[1] / "fixtures" / "external"
GOLDEN = Path(__file__).parent / "golden"


def full_worker(index: int = 1, *, agency: bool = False, leaver: bool = False) -> CensusWorker:
    """A worker with every item filled (the writer drops what a year does not have)."""
    return CensusWorker(
        agency=agency,
        swe_no=f"SW{10000 + index}",
        fte=Decimal("0.8"),
        birth_date=date(1980, 1, 1 + index % 28),
        sex=Sex.FEMALE if index % 2 else Sex.MALE,
        ethnicity=Ethnicity.WBRI,
        qual_institutions=("University of Leeds", "Open University"),
        qual_level=QualLevel.POSTGRADUATE,
        step_up_grad=False,
        org_role=OrgRole.CASE_HOLDER,
        role_start_date=date(2015, 3, 2),
        start_origin=StartOrigin.OTHER_LA_ENGLAND,
        role_end_date=None,
        leaver_destination=None,
        reason_leave=None,
        fte30=Decimal("0.8") if not leaver else None,
        cases30=15,
        working_days_lost=Decimal("3.50"),
        contract_weeks=(Decimal("12.5"),) if agency else (),
        frontline_grad=True,
        absent_30_sept=True,
        reason_absence=AbsenceReason.TRAINING,
        cfkss_status=CFKSSStatus.PRACTICE_SUPERVISOR,
        base_salary=Decimal("41250.00"),
        rr_payments=Decimal("1500.00"),
        other_payments=Decimal("0.00"),
    )


def full_return(year: int, workers: int = 3) -> CensusReturn:
    """A valid return for ``year`` with every item filled, including the 2025 LA-level flags."""
    return CensusReturn(
        header=CensusHeader(
            collection_year=year,
            la_code="301",
            reference_date=date(year, 9, 30),
            software_code="tests",
            generated_at=datetime(year, 10, 20, 9, 30, tzinfo=UTC),
        ),
        la_level=LALevel(
            vacancies_fte=Decimal("12.50"),
            agency_cover_fte=Decimal("8.00"),
            agency_cover_headcount=9,
            eligibility=tuple((name, Eligibility.SOME) for name in ELIGIBILITY_ITEMS),
            other_allowances="Essential car user allowance",
        ),
        workers=tuple(full_worker(i, agency=i % 3 == 0) for i in range(1, workers + 1)),
    )
