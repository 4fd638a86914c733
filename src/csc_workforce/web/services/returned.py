"""Census-year measures *as returned*: DfE's method applied to one year's census return alone.

DfE publishes each census year from that year's return only. The timeline (``records_from_returns`` over every
return, with uploads laid over it) can differ at a census date: a later return may list workers the earlier one
left out, or give another leaving date (``census reconcile`` explains each difference). These functions give
the figures a council's own return produces, so the council's published figure and ours agree whatever else is
held.

The components are computed when a return is imported and kept in ``ReturnedMeasures`` with the ``METHOD`` that
computed them; a row from another method (or a return imported before this table existed) is computed again
from the stored return the first time it is read, so a change to the method reaches every return held.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from django.db import transaction

from csc_workforce.census.csww.model import CensusReturn
from csc_workforce.census.csww.records import ReturnSource, records_from_returns
from csc_workforce.domain.records import Council
from csc_workforce.measures.catalogue import COMPONENT_IDS
from csc_workforce.measures.compute import (
    HEADCOUNT_IDS,
    LOCAL_AUTHORITY,
    OUTPUT_COLUMNS,
    census_year_measures,
    rate_expressions,
)
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.web import models as m

# Bump when the census-year computation changes (records_from_returns or measures.compute): stored rows
# from another method are recomputed from their stored returns when next read.
METHOD = "2026-12-02"


def measures_as_returned(council: Council, census_return: CensusReturn, *, source_key: str = "") -> pl.DataFrame:
    """Unrounded DfE measures for the return's census year from that return alone (one row, no total)."""
    records = records_from_returns(council, [ReturnSource(census_return, source_key)])
    year = census_return.header.collection_year
    return census_year_measures(frames_from_records([records]), year, total=False)


def returned_store(*, source: m.Source, census_return: CensusReturn) -> m.ReturnedMeasures:
    """Compute and keep the measure components of a stored census return (replacing any kept before)."""
    council = source.council
    row = measures_as_returned(Council(council.la_code, council.name, council.region), census_return).row(0, named=True)
    stored, _ = m.ReturnedMeasures.objects.update_or_create(
        source=source,
        defaults={
            "council": council,
            "collection_year": census_return.header.collection_year,
            "method": METHOD,
            "components": {c: row[c] for c in COMPONENT_IDS},
        },
    )
    return stored


def returned_years(*, la_code: str) -> list[int]:
    """The census years for which the council's return is held."""
    return sorted(
        m.Source.objects.filter(council__la_code=la_code, kind=m.Source.CENSUS_RETURN).values_list(
            "collection_year", flat=True
        )
    )


def returned_measures(*, years: Sequence[int], la_codes: Sequence[str] | None = None) -> pl.DataFrame:
    """Unrounded measures as returned, one row per council and year with a return held (``OUTPUT_COLUMNS``
    of ``measures.compute``, no total row). Councils and years without a return have no row."""
    from csc_workforce.web.services.census import stored_return  # census imports this module

    sources = m.Source.objects.filter(kind=m.Source.CENSUS_RETURN, collection_year__in=list(years))
    if la_codes:
        sources = sources.filter(council__la_code__in=list(la_codes))
    sources = sources.select_related("council", "returned_measures")
    rows = []
    for source in sources.order_by("collection_year", "council__la_code"):
        kept = getattr(source, "returned_measures", None)
        if kept is None or kept.method != METHOD:
            with transaction.atomic():
                kept = returned_store(source=source, census_return=stored_return(source))
        rows.append(
            {
                "time_period": str(source.collection_year),
                "geographic_level": LOCAL_AUTHORITY,
                "old_la_code": source.council.la_code,
                "la_name": source.council.name,
                **{c: kept.components.get(c) for c in COMPONENT_IDS},
            }
        )
    return _frame(rows)


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {
        "time_period": pl.String(),
        "geographic_level": pl.String(),
        "old_la_code": pl.String(),
        "la_name": pl.String(),
    }
    schema |= {c: (pl.Int64() if c in HEADCOUNT_IDS else pl.Float64()) for c in COMPONENT_IDS}
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return frame.with_columns(rate_expressions()).select(OUTPUT_COLUMNS)
