"""Hypothesis: any valid return for any year, written and read back, gives the same values."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.census.csww import read_census, write_census
from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.domain.codes import (
    ELIGIBILITY_ITEMS,
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

TEXT = st.text(alphabet=st.characters(codec="ascii", categories=("L", "N")) | st.just(" "), min_size=1, max_size=30)
CLEAN_TEXT = TEXT.map(str.strip).filter(bool)
T = TypeVar("T")
DATES = st.dates(date(1940, 1, 1), date(2026, 12, 31))


def decimals(places: int, high: int) -> st.SearchStrategy[Decimal]:
    scale = 10**places
    return st.integers(0, high * scale).map(lambda n: Decimal(n) / scale)


def maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


workers = st.builds(
    CensusWorker,
    agency=st.booleans(),
    swe_no=st.from_regex(r"[A-Za-z]{2}[0-9]{1,10}", fullmatch=True),
    fte=maybe(decimals(6, 1)),
    birth_date=maybe(DATES),
    sex=maybe(st.sampled_from(Sex)),
    ethnicity=maybe(st.sampled_from(Ethnicity)),
    qual_institutions=st.lists(CLEAN_TEXT, max_size=2).map(tuple),
    qual_level=maybe(st.sampled_from(QualLevel)),
    step_up_grad=maybe(st.booleans()),
    org_role=maybe(st.sampled_from(OrgRole)),
    role_start_date=maybe(DATES),
    start_origin=maybe(st.sampled_from(StartOrigin)),
    role_end_date=maybe(DATES),
    leaver_destination=maybe(st.sampled_from(LeaverDestination)),
    reason_leave=maybe(st.sampled_from(ReasonLeave)),
    fte30=maybe(decimals(6, 1)),
    cases30=maybe(st.integers(0, 120)),
    working_days_lost=maybe(decimals(2, 400)),
    contract_weeks=st.lists(decimals(1, 500), max_size=2).map(tuple),
    frontline_grad=maybe(st.booleans()),
    absent_30_sept=maybe(st.booleans()),
    reason_absence=maybe(st.sampled_from(AbsenceReason)),
    cfkss_status=maybe(st.sampled_from(CFKSSStatus)),
    base_salary=maybe(decimals(2, 120000)),
    rr_payments=maybe(decimals(2, 20000)),
    other_payments=maybe(decimals(2, 20000)),
)


@st.composite
def returns(draw: st.DrawFn, year: int) -> CensusReturn:
    header = CensusHeader(
        collection_year=year,
        la_code=draw(st.from_regex(r"[0-9]{3}", fullmatch=True)),
        reference_date=draw(maybe(DATES)),
        software_code=draw(maybe(CLEAN_TEXT)),
        generated_at=draw(
            maybe(
                st.datetimes(datetime(2017, 1, 1), datetime(2027, 1, 1)).map(
                    lambda d: d.replace(microsecond=0, tzinfo=UTC)
                )
            )
        ),
    )
    la = LALevel(
        vacancies_fte=draw(decimals(2, 500)),
        agency_cover_fte=draw(decimals(2, 500)),
        agency_cover_headcount=draw(st.integers(0, 500)),
        eligibility=tuple((n, draw(st.sampled_from(Eligibility))) for n in ELIGIBILITY_ITEMS),
        other_allowances=draw(maybe(CLEAN_TEXT)),
    )
    return CensusReturn(header, la, tuple(draw(st.lists(workers, min_size=1, max_size=4))))


def as_year_keeps_it(ret: CensusReturn) -> CensusReturn:
    """What survives a write for the return's year: items the year has no element for are dropped."""
    year = ret.header.collection_year
    la = ret.la_level if year >= 2025 else dataclasses.replace(ret.la_level, eligibility=(), other_allowances=None)
    kept = []
    for w in ret.workers:
        changes: dict[str, object] = {"line": None}
        if year >= 2024 and w.sex not in (Sex.MALE, Sex.FEMALE):
            changes["sex"] = None
        if year >= 2025:
            changes.update(qual_institutions=(), cfkss_status=None)
        else:
            changes.update(base_salary=None, rr_payments=None, other_payments=None)
        kept.append(dataclasses.replace(w, **changes))
    return dataclasses.replace(ret, la_level=la, workers=tuple(kept))


@pytest.mark.parametrize("year", range(2017, 2026))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_write_then_read_gives_the_same_values_for_every_year(year: int, data: st.DataObject) -> None:
    ret = data.draw(returns(year))
    result = read_census(write_census(ret))
    structural = [i for i in result.issues if i.code.startswith(("CSWW-SCHEMA", "CSWW-READ", "CSWW-FILE"))]
    assert structural == []
    assert result.census_return is not None
    again = dataclasses.replace(
        result.census_return,
        workers=tuple(dataclasses.replace(w, line=None) for w in result.census_return.workers),
    )
    assert again == as_year_keeps_it(ret)
