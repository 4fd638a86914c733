"""Over 2017-2025 a 300-FTE council's rates land near England's, computed straight from the records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from csc_workforce.domain.codes import StartOrigin
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.synthetic import rates_from_published
from tests.synthetic.checks import assignments_by_engagement

YEARS = range(2017, 2026)


def yearly_rates(records: CouncilRecords) -> dict[str, list[float]]:
    by_engagement = assignments_by_engagement(records)

    def fte(key: str, day: date) -> Decimal:
        return next(a.fte for a in by_engagement[key] if a.covers(day) and a.fte is not None)

    out: dict[str, list[float]] = {k: [] for k in ("turnover", "agency", "vacancy", "caseload", "absence", "nq")}
    for year in YEARS:
        day, first = date(year, 9, 30), date(year - 1, 10, 1)
        staff = [e for e in records.engagements if not e.is_agency]
        in_post = sum(fte(e.key, day) for e in staff if e.in_post_on(day))
        agency = sum(fte(e.key, day) for e in records.engagements if e.is_agency and e.in_post_on(day))
        leavers = sum(by_engagement[e.key][-1].fte or 0 for e in staff if e.end_date and first <= e.end_date <= day)
        starters = [e for e in staff if e.start_date and first <= e.start_date <= day]
        (figures,) = [f for f in records.figures if f.on == day]
        assert figures.vacancies_fte is not None
        snapshots = [c for c in records.caseloads if c.on == day]
        days_lost = sum(a.working_days_lost or 0 for a in records.absences if first <= a.start <= day)
        out["turnover"].append(float(leavers / in_post))
        out["agency"].append(float(agency / (agency + in_post)))
        out["vacancy"].append(float(figures.vacancies_fte / (figures.vacancies_fte + in_post)))
        out["caseload"].append(
            sum(c.cases for c in snapshots) / float(sum(fte(c.engagement_key, day) for c in snapshots))
        )
        out["absence"].append(float(days_lost / (in_post * 253)))
        out["nq"].append(sum(e.start_origin is StartOrigin.NEWLY_QUALIFIED for e in starters) / len(starters))
    return out


@pytest.mark.parametrize(
    ("rate", "low", "high"),
    [
        ("turnover", 0.08, 0.25),
        ("agency", 0.05, 0.30),
        ("vacancy", 0.10, 0.25),
        ("caseload", 13.0, 20.0),
        ("absence", 0.02, 0.045),
        ("nq", 0.15, 0.40),
    ],
)
def test_average_rate_over_2017_to_2025_is_plausible(
    council_300: CouncilRecords, rate: str, low: float, high: float
) -> None:
    values = yearly_rates(council_300)[rate]
    mean = sum(values) / len(values)
    print(f"{rate}: mean {mean:.3f}, yearly {[round(v, 3) for v in values]}")
    assert low <= mean <= high


def test_in_post_fte_on_the_last_census_date_is_close_to_size(council_300: CouncilRecords) -> None:
    day = date(2025, 9, 30)
    fte = {a.engagement_key: a.fte for a in council_300.assignments if a.covers(day)}
    in_post = sum(fte[e.key] or 0 for e in council_300.engagements if not e.is_agency and e.in_post_on(day))
    assert 270 <= in_post <= 330


def test_rates_from_published_mimic_a_real_la(dfe_indicators: Path) -> None:
    rates = rates_from_published(dfe_indicators, "841")  # Darlington
    assert 0.02 < rates.turnover < 0.5 and 5 < rates.caseload < 30 and -0.2 <= rates.growth <= 0.2


def test_rates_from_published_refuses_an_unknown_code(dfe_indicators: Path) -> None:
    with pytest.raises(LookupError, match="no 'Local authority' rows"):
        rates_from_published(dfe_indicators, "000")
