"""Calibration of a synthetic council: the rates its simulated workforce is steered towards.

The defaults are England's averages over the reporting years 2017-2025 (DfE CSWW indicators, the 2025
release, shipped in ``csc_workforce/benchmarks/data/``). Rates are fractions (0.146, not 14.6).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CouncilRates:
    """What a synthetic council looks like on average, as DfE defines each rate.

    ``turnover``: leavers FTE in the year / in-post FTE at 30 Sep. ``agency_rate``: agency FTE / (agency +
    in-post FTE). ``vacancy_rate``: vacancies / (vacancies + in-post FTE). ``caseload``: cases per
    case-holding FTE. ``absence_rate``: sickness days lost / (in-post FTE x 253).
    ``growth``: yearly growth of the in-post workforce. ``agency_cover_rate``: share of agency FTE
    covering vacancies. ``newly_qualified_share``: share of starters who are newly qualified.

    There is no free ``starter_rate``: starters = leavers + growth, so it is derived (:attr:`starter_rate`).
    """

    turnover: float = 0.146
    agency_rate: float = 0.158
    vacancy_rate: float = 0.170
    caseload: float = 16.4
    absence_rate: float = 0.032
    growth: float = 0.030
    agency_cover_rate: float = 0.78
    newly_qualified_share: float = 0.27

    def __post_init__(self) -> None:
        for name in ("turnover", "agency_rate", "vacancy_rate", "absence_rate", "agency_cover_rate"):
            value = getattr(self, name)
            if not 0 <= value < 1:
                raise ValueError(f"{name} must be a fraction between 0 and 1 (e.g. 0.15 for 15%); got {value}")
        if not 0 <= self.newly_qualified_share <= 1:
            raise ValueError(f"newly_qualified_share must be between 0 and 1; got {self.newly_qualified_share}")
        if not 0 < self.caseload <= 40:
            raise ValueError(f"caseload must be cases per FTE between 0 and 40; got {self.caseload}")
        if not -0.2 <= self.growth <= 0.2:
            raise ValueError(f"growth must be a yearly fraction between -0.2 and 0.2; got {self.growth}")

    @property
    def starter_rate(self) -> float:
        """Starters FTE / in-post FTE implied by turnover and growth (stock-and-flow identity)."""
        return self.turnover + self.growth


ENGLAND_2017_2025 = CouncilRates()
"""England, mean of the reporting years 2017-2025 (growth: 28,482.6 to 36,186.3 FTE over 8 years)."""

_COLUMNS = {
    "turnover": "turnover_rate_fte",
    "agency_rate": "agency_rate_fte",
    "vacancy_rate": "vacancy_rate_fte",
    "caseload": "caseload_fte",
    "absence_rate": "absence_rate_fte",
    "agency_cover_rate": "agency_cover_rate_fte",
}


def rates_from_published(csv_path: Path | str, la_code: str) -> CouncilRates:
    """An LA's mean published rates over the years in the DfE indicators CSV, for a look-alike council.

    Suppressed cells (``x``, ``c``, ``u``, ``z``, ``low``) are skipped; a rate with no usable year keeps the
    England default. Growth comes from the first and last published in-post FTE.
    """
    rows = _la_rows(Path(csv_path), la_code)
    if not rows:
        raise LookupError(f"LA code {la_code!r} has no 'Local authority' rows in {csv_path}; check the code")
    changes: dict[str, float] = {}
    for field_name, column in _COLUMNS.items():
        values = [v for v in (_number(row.get(column, "")) for row in rows) if v is not None]
        if values:
            mean = sum(values) / len(values)
            changes[field_name] = mean if field_name == "caseload" else mean / 100
    changes["growth"] = _growth(rows)
    return replace(ENGLAND_2017_2025, **_clamped(changes))


def _la_rows(path: Path, la_code: str) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [
            row
            for row in csv.DictReader(handle)
            if row.get("geographic_level") == "Local authority"
            and la_code in (c.strip() for c in row.get("old_la_code", "").split("/"))
        ]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _growth(rows: list[dict[str, str]]) -> float:
    points = sorted(
        (int(row["time_period"]), fte)
        for row in rows
        if (fte := _number(row.get("inpost_fte", ""))) is not None and fte > 0
    )
    if len(points) < 2 or points[-1][0] == points[0][0]:
        return ENGLAND_2017_2025.growth
    (y0, f0), (y1, f1) = points[0], points[-1]
    return float((f1 / f0) ** (1 / (y1 - y0)) - 1)


def _clamped(changes: dict[str, float]) -> dict[str, float]:
    limits = {"caseload": (1.0, 40.0), "growth": (-0.2, 0.2)}
    return {k: min(max(v, limits.get(k, (0.0, 0.95))[0]), limits.get(k, (0.0, 0.95))[1]) for k, v in changes.items()}
