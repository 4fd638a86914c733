"""Census-year measures *as returned*: DfE's method applied to one year's census return alone.

DfE publishes each census year from that year's return only. The timeline (``records_from_returns`` over every
return, with uploads laid over it) can differ at a census date: a later return may list workers the earlier one
left out, or give another leaving date (``census reconcile`` explains each difference). These functions give
the figures a council's own return produces, so the council's published figure and ours agree whatever else is
held.

The components are computed the first time a return's figures are read (many returns in one Polars pass per
census year) and kept in ``ReturnedMeasures`` with the ``METHOD`` that computed them; a row from another method
is computed again from the stored return, so a change to the method reaches every return held. Importing a
return replaces its source, and so its kept figures. (Computing them at import instead would add about 18 ms a
return to a national import, over its 60 s target; see perf notes in perf/RESULTS.md.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import polars as pl
from django.db import transaction

from csc_workforce.census.csww.model import CensusReturn
from csc_workforce.census.csww.records import ReturnSource, records_from_returns
from csc_workforce.domain.records import Council
from csc_workforce.measures.catalogue import COMPONENT_IDS, OUTPUT_COLUMNS
from csc_workforce.measures.compute import (
    HEADCOUNT_IDS,
    LOCAL_AUTHORITY,
    census_year_measures,
    rate_expressions,
)
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.store import models as m
from csc_workforce.store.locks import council_write_lock

# Bump when the census-year computation changes (records_from_returns or measures.compute): stored rows
# from another method are recomputed from their stored returns when next read.
METHOD = "2026-12-02"


def measures_as_returned(council: Council, census_return: CensusReturn) -> pl.DataFrame:
    """Unrounded DfE measures for the return's census year from that return alone (one row, no total)."""
    (frame,) = measures_as_returned_many([(council, census_return)])
    return frame


def measures_as_returned_many(items: Sequence[tuple[Council, CensusReturn]]) -> list[pl.DataFrame]:
    """:func:`measures_as_returned` for many returns, computed in one Polars pass per census year (each return
    is its own council in that pass, so returns of one council for one year never mix). One frame per item."""
    by_year: dict[int, list[int]] = defaultdict(list)
    for index, (_, census_return) in enumerate(items):
        by_year[census_return.header.collection_year].append(index)
    found: dict[int, pl.DataFrame] = {}
    for year, indexes in by_year.items():
        alone = [
            records_from_returns(Council(str(i), items[i][0].name, items[i][0].region), [ReturnSource(items[i][1], "")])
            for i in indexes
        ]
        frame = census_year_measures(frames_from_records(alone), year, total=False)
        for i in indexes:
            council = items[i][0]
            row = frame.filter(pl.col("old_la_code") == str(i))
            found[i] = row.with_columns(old_la_code=pl.lit(council.la_code), la_name=pl.lit(council.name))
    return [found[i] for i in range(len(items))]


def returned_refresh(sources: Sequence[m.Source]) -> dict[int, dict[str, float | int | None]]:
    """Compute and keep the measure components of stored census returns (replacing any kept before), in one
    transaction; returns them by source id. Reads each stored file once."""
    from csc_workforce.store.services.census import stored_returns  # census imports measures, which imports this

    councils = [Council(s.council.la_code, s.council.name, s.council.region) for s in sources]
    items = list(zip(councils, stored_returns(sources), strict=True))
    computed = {}
    for source, frame in zip(sources, measures_as_returned_many(items), strict=True):
        row = frame.row(0, named=True)
        computed[source.pk] = {c: row[c] for c in COMPONENT_IDS}
    kept = [
        m.ReturnedMeasures(
            source=source,
            council=source.council,
            collection_year=_census_year(source),
            method=METHOD,
            components=computed[source.pk],
        )
        for source in sources
    ]
    with transaction.atomic():  # two readers computing the same returns at once: the later one's rows stand
        # not while an import of these councils is replacing returns (store/locks.py); one it replaced is gone
        council_write_lock(*(source.council.la_code for source in sources))
        held = set(m.Source.objects.filter(pk__in=[s.pk for s in sources]).values_list("pk", flat=True))
        m.ReturnedMeasures.objects.filter(source__in=list(sources)).delete()
        kept = [row for row in kept if row.source_id in held]
        m.ReturnedMeasures.objects.bulk_create(kept, batch_size=500, ignore_conflicts=True)
    return computed


def returned_measures(*, years: Sequence[int], la_codes: Sequence[str] | None = None) -> pl.DataFrame:
    """Unrounded measures as returned, one row per council and year with a return held (``OUTPUT_COLUMNS``
    of ``measures.compute``, no total row). Councils and years without a return have no row. Returns whose
    components are not kept yet, or were kept by another ``METHOD``, are computed now (once)."""
    sources = m.Source.objects.filter(kind=m.Source.CENSUS_RETURN, collection_year__in=list(years))
    if la_codes:
        sources = sources.filter(council__la_code__in=list(la_codes))
    held = list(sources.select_related("council", "returned_measures").defer("content"))
    kept = {}
    for source in held:
        stored = getattr(source, "returned_measures", None)
        if stored is not None and stored.method == METHOD:
            kept[source.pk] = stored.components
    stale = [source for source in held if source.pk not in kept]
    if stale:
        kept |= returned_refresh(stale)
    rows = [
        {
            "time_period": str(source.collection_year),
            "geographic_level": LOCAL_AUTHORITY,
            "old_la_code": source.council.la_code,
            "la_name": source.council.name,
            **{c: kept[source.pk].get(c) for c in COMPONENT_IDS},
        }
        for source in sorted(held, key=lambda s: (s.collection_year or 0, s.council.la_code))
    ]
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


def _census_year(source: m.Source) -> int:
    if source.collection_year is None:  # every census return's source records its year
        raise ValueError(f"Census return {source.name} has no collection year")
    return source.collection_year
