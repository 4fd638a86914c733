"""The figures a strategy compares a measure with (England, the council's region, its statistical neighbours,
as the strategy file names them), by census year, from DfE's published CSWW indicators.

DfE publishes the 22 CSWW measures and the components of ``permanency_rate_fte`` (in-post and agency FTE);
any other measure has no published comparator (``ComparatorSeries.published`` is False). The region is the
one DfE gives the council, with London's sub-regions read as London (as the council page does:
:func:`~csc_workforce.benchmarks.comparison.comparator_region`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import polars as pl

from csc_workforce.benchmarks.comparison import ENGLAND, comparator_region
from csc_workforce.benchmarks.councils import council_name
from csc_workforce.benchmarks.published import MEASURE_IDS, NATIONAL, REGIONAL, published_rows
from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures.rules import permanency_rate
from csc_workforce.strategies.model import Comparators
from csc_workforce.strategies.published import PERMANENCY_RATE_FTE, PublishedValues


class ComparatorKind(StrEnum):
    ENGLAND = "england"
    REGION = "region"
    NEIGHBOUR = "statistical neighbour"


@dataclass(frozen=True, slots=True)
class ComparatorSeries:
    """One comparator's figures for the census years asked for; ``None`` where DfE published none."""

    kind: ComparatorKind
    name: str  # "England", "London", "Thurrock (883)"
    la_code: str | None  # a neighbour's code
    values: tuple[tuple[int, float | None], ...]  # (census year, value), in the order asked for
    published: bool = True  # False: DfE does not publish this measure, so there is nothing to compare with

    def at(self, year: int) -> float | None:
        return dict(self.values).get(year)

    def as_dict(self, year: int | None) -> dict[str, Any]:
        value = None if year is None else self.at(year)
        return {
            "kind": str(self.kind),
            "name": self.name,
            "la_code": self.la_code,
            "year": year,
            "value": None if value is None else round_half_up(value, 2),
        }


class ComparatorSource(Protocol):
    """Who a measure is compared with and their figures, for the census ``years`` given."""

    def series(
        self, measure: str, la_code: str, comparators: Comparators, years: Sequence[int]
    ) -> tuple[ComparatorSeries, ...]: ...


def dfe_publishes(measure: str) -> bool:
    return measure == PERMANENCY_RATE_FTE or measure in MEASURE_IDS


def _dfe_region(la_code: str) -> str | None:
    return council_name(la_code).region or None


class PublishedComparators:
    """A :class:`ComparatorSource` over DfE's published indicators. ``region_of`` gives a council's region
    name (default: the one the DfE file gives it); a council whose region is not known has no region figure."""

    def __init__(self, *, region_of: Callable[[str], str | None] | None = None) -> None:
        self._region_of = region_of or _dfe_region
        self._councils = PublishedValues()

    def series(
        self, measure: str, la_code: str, comparators: Comparators, years: Sequence[int]
    ) -> tuple[ComparatorSeries, ...]:
        published = dfe_publishes(measure)
        found: list[ComparatorSeries] = []
        if comparators.england:
            rows = published_rows(geographic_level=NATIONAL) if published else None
            found.append(_series(ComparatorKind.ENGLAND, ENGLAND, rows, measure, years, published))
        if comparators.region:
            region = self._region_of(la_code)
            name = comparator_region(region) if region else "Region (not known)"
            rows = published_rows(geographic_level=REGIONAL, region_name=name) if published and region else None
            found.append(_series(ComparatorKind.REGION, name, rows, measure, years, published))
        for code in comparators.statistical_neighbours:
            points = dict(self._councils.series(measure, code) or []) if published else {}
            values = tuple((year, _float(points.get(year))) for year in years)
            name = f"{council_name(code).name} ({code})"
            found.append(ComparatorSeries(ComparatorKind.NEIGHBOUR, name, code, values, published))
        return tuple(found)


def _series(
    kind: ComparatorKind, name: str, rows: pl.DataFrame | None, measure: str, years: Sequence[int], published: bool
) -> ComparatorSeries:
    """England's or a region's figures from its published rows (one per year); None where there is no row."""
    by_year = {} if rows is None else {int(row["time_period"]): _value(row, measure) for row in rows.to_dicts()}
    return ComparatorSeries(kind, name, None, tuple((y, by_year.get(y)) for y in years), published)


def _value(row: dict[str, Any], measure: str) -> float | None:
    if measure == PERMANENCY_RATE_FTE:
        inpost, agency = row.get("inpost_fte"), row.get("agency_fte")
        return permanency_rate(inpost, agency)
    return _float(row.get(measure))


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
