"""DfE's workforce measures for an alliance's members, side by side, from their pseudonymised extracts: each
member's, the region's (its members' unrounded components summed, then the rates worked out from the sums, as
DfE aggregates), and each member's rank among the members. Pure Polars.

**Components** (as the councils' own measures compute them: ``docs/regional-extract.md``), for census year Y
from extracts as at 30 September Y: in post (non-agency engagements in post on the day: FTE, and headcount of
distinct workers), agency workers in post (FTE, headcount), starters (non-agency engagements starting in the
year: their starting FTE, and distinct worker and start date pairs), leavers (ending in the year: FTE, distinct
worker and end date pairs). **Rates** are the measure catalogue's own (``measures.catalogue``: each rate whose
parts are these components, e.g. turnover = leavers FTE / in-post FTE x 100; agency rate = agency FTE / (agency
+ in-post FTE) x 100). An extract as at another day describes another day's in-post, so the year's measures need
every member's extract as at exactly its 30 September (else they are refused, naming the extracts).

**Ranks** among the members, 1 the best (the catalogue says whether higher is better), only with at least 3
members: a rank needs real peers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from csc_workforce.measures.catalogue import MEASURES, Measure

COMPONENTS = (
    "inpost_fte",
    "inpost_headcount",
    "agency_fte",
    "agency_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
)
FEWEST_RANKED = 3
REGION = "Region"


def rates() -> tuple[Measure, ...]:
    """The catalogue's rates whose parts are all :data:`COMPONENTS`."""
    return tuple(m for m in MEASURES if m.rate is not None and set(m.rate.components) <= set(COMPONENTS))


def components(engagements: pl.DataFrame, *, members: Sequence[str], year: int) -> dict[str, dict[str, float]]:
    """Each member's unrounded components for census year ``year`` (see the module docstring) from extract rows
    as at 30 September ``year`` (columns ``worker, la_code, contract, in_post, fte, start_date, start_fte,
    end_date``)."""
    first, last = date(year - 1, 10, 1), date(year, 9, 30)
    out: dict[str, dict[str, float]] = {}
    for code in members:
        rows = engagements.filter(pl.col("la_code") == code)
        staff = rows.filter(pl.col("contract") != "agency")
        agency = rows.filter((pl.col("contract") == "agency") & pl.col("in_post"))
        in_post = staff.filter(pl.col("in_post"))
        starters = staff.filter(pl.col("start_date").is_between(first, last))
        leavers = staff.filter(pl.col("end_date").is_between(first, last))
        out[code] = {
            "inpost_fte": float(in_post["fte"].fill_null(0).sum()),
            "inpost_headcount": float(in_post["worker"].n_unique()),
            "agency_fte": float(agency["fte"].fill_null(0).sum()),
            "agency_headcount": float(agency.height),
            "starters_fte": float(starters["start_fte"].fill_null(0).sum()),
            "starters_headcount": float(starters.select("worker", "start_date").unique().height),
            "leavers_fte": float(leavers["fte"].fill_null(0).sum()),
            "leavers_headcount": float(leavers.select("worker", "end_date").unique().height),
        }
    return out


def _rate(measure: Measure, parts: dict[str, float]) -> float | None:
    assert measure.rate is not None
    denominator = sum(parts[c] for c in measure.rate.denominator)
    return None if denominator == 0 else parts[measure.rate.numerator] / denominator * measure.rate.scale


@dataclass(frozen=True)
class RegionalMeasures:
    year: int
    rows: tuple[dict[str, object], ...]  # one per member then the region: la_code, components, rates, ranks
    ranked: bool  # whether ranks are given (at least FEWEST_RANKED members)


def add_ranks(rows: Sequence[dict[str, Any]], measures: Sequence[Measure]) -> bool:
    """Give each member's row its rank per measure (``<id>_rank``: 1 the best, as the catalogue says which way is
    better; equal figures share the better rank; None without a figure), when there are at least
    :data:`FEWEST_RANKED` members: a rank needs real peers. Returns whether ranks were given."""
    if len(rows) < FEWEST_RANKED:
        return False
    for m in measures:
        if m.higher_is_better is None:
            continue
        values = [v for r in rows if isinstance(v := r.get(m.id), int | float)]
        for r in rows:
            v = r.get(m.id)
            if not isinstance(v, int | float):
                r[f"{m.id}_rank"] = None
                continue
            better = sum(1 for other in values if (other > v if m.higher_is_better else other < v))
            r[f"{m.id}_rank"] = better + 1
    return True


def regional_measures(engagements: pl.DataFrame, *, members: Sequence[str], year: int) -> RegionalMeasures:
    """Each member's measures, the region's from the summed components, and each member's rank per rate."""
    parts = components(engagements, members=members, year=year)
    region = {c: sum(p[c] for p in parts.values()) for c in COMPONENTS}
    shown = rates()
    rows: list[dict[str, object]] = []
    for code in sorted(members):
        rows.append({"la_code": code, **parts[code], **{m.id: _rate(m, parts[code]) for m in shown}})
    ranked = add_ranks(rows, shown)
    rows.append({"la_code": REGION, **region, **{m.id: _rate(m, region) for m in shown}})
    return RegionalMeasures(year=year, rows=tuple(rows), ranked=ranked)


__all__ = ["COMPONENTS", "REGION", "RegionalMeasures", "components", "rates", "regional_measures"]
