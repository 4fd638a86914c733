"""Reconciliation of a council's census returns with its records: the library function behind
``csc-workforce census reconcile`` and the council's reconciliation page.

The findings and explanations are pure (``census.csww.reconcile``); this module reads the stored returns and
computes both sets of figures for each census year held: *as returned* (the year's return alone, kept with it:
``services.returned``) and *from records* (the council's timeline, as the measures
pages compute it).
"""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl
from django.core.cache import cache

from csc_workforce.census.csww.reconcile import MeasureSpec, Reconciliation, reconcile
from csc_workforce.measures.catalogue import MEASURES, Unit
from csc_workforce.measures.compute import measures_for_years
from csc_workforce.reports.tables import Column, Table
from csc_workforce.web import models as m
from csc_workforce.web.selectors import measure_inputs
from csc_workforce.web.services.census import stored_return
from csc_workforce.web.services.records import data_version
from csc_workforce.web.services.returned import returned_measures

MEASURE_SPECS: tuple[MeasureSpec, ...] = tuple(
    MeasureSpec(
        measure.id,
        measure.title,
        measure.decimals,
        measure.rate.components if measure.rate else (),
        "%" if measure.unit is Unit.PERCENT else "",
    )
    for measure in MEASURES
)
FINDING_COLUMNS = (
    Column("code", "Rule"),
    Column("returns", "Returns compared"),
    Column("swe_no", "SWE number"),
    Column("message", "Problem and how to fix it"),
)


def census_reconcile(*, la_code: str) -> Reconciliation:
    """Compare ``la_code``'s census returns with each other and each census year's measures as returned with
    the measures from records. LookupError for a council not held, or one with no census returns."""
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise LookupError(
            f"No council {la_code} is held. Import its census returns first (csc-workforce census import)."
        )
    sources = list(m.Source.objects.filter(council=council, kind=m.Source.CENSUS_RETURN).order_by("collection_year"))
    if not sources:
        raise LookupError(
            f"No census returns are held for council {la_code}, so there is nothing to reconcile. Import its "
            "returns first (csc-workforce census import)."
        )
    key = "reconcile:" + hashlib.sha256(f"{la_code}:{council.name}:{data_version()}".encode()).hexdigest()
    cached: Reconciliation | None = cache.get(key)
    if cached is not None:  # kept until any records change
        return cached
    returns = [stored_return(source) for source in sources]
    years = [r.header.collection_year for r in returns]
    # both sets in one pass each: as returned from the figures kept with each return, from records computed
    as_returned = _by_year(returned_measures(years=years, la_codes=[la_code]))
    from_records = _by_year(measures_for_years(measure_inputs(la_codes=[la_code]), years, total=False))
    others = m.Source.objects.filter(council=council).exclude(kind=m.Source.CENSUS_RETURN).exists()
    result = reconcile(
        returns, as_returned=as_returned, from_records=from_records, measures=MEASURE_SPECS, other_sources=others
    )
    cache.set(key, result, timeout=24 * 3600)
    return result


def _by_year(frame: pl.DataFrame) -> dict[int, dict[str, Any]]:
    return {int(row["time_period"]): row for row in frame.to_dicts()}


def findings_table(reconciliation: Reconciliation) -> Table:
    """The findings as a table: one row per finding (the web page, its CSV download and the CLI's CSV)."""
    return Table.from_dicts(
        f"Differences between the census returns of council {reconciliation.la_code}",
        FINDING_COLUMNS,
        [f.as_row() for f in reconciliation.findings],
        notes=("Each finding is a warning: check it, and correct the return that is wrong.",),
    )
