"""Case allocations: how many social workers the children held on a date have had, the changes of social
worker, and the caseloads the allocations make, over :class:`~csc_workforce.measures.inputs.CouncilFrames` for
many councils at once (no Django).

An allocation is **open on D** when it starts on or before D and has not ended before D (no end date, or one on
or after D: the end is the last day the worker held the child). The children **held on D** are those with an
allocation open on D. Their history is read over **the 12 months to D** (P, ``twelve_months_to(D)``): the
allocations that start on or before D and have not ended before P begins.

* A child's **social workers in P** are the different people (``engagements.person_key``: a worker who moved from
  an agency contract to a permanent one is one social worker) of those allocations.
* A child's **changes of social worker in P**: those allocations ordered by their first day (then their last),
  the number of times one is held by a different person from the one before it (A, B, A is two changes). A
  worker who handed the child over before P began is not counted, nor is that handover.

Honest coverage: these read every allocation that touched P, so they are only right when the allocation records
begin on or before P's first day. The strategy measure reads ``allocations`` (``Measure.reads``), so the coverage
machinery (``store.services.coverage``) withholds it for a date whose 12 months start before the records begin
(a file stated complete from that date, or its earliest allocation): no child is counted as having had only the
workers the records show while a worker of theirs in the 12 months may be missing from them. The tables
(``changes_of_worker``) rest on the same condition, which a page checks with the same coverage. A council holding
no allocations has null figures and no table rows, not 0.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.periods import Period, twelve_months_to
from csc_workforce.measures.compute import CASELOAD_LOOKBACK
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import TOTAL, _share

ALLOCATION_MEASURE_IDS: tuple[str, ...] = ("children_max_3_social_workers_pct",)
"""The columns of ``local_measures`` :func:`allocation_measures` gives."""
MOST_WORKERS = 3  # Slough and Dudley: at most 3 social workers
CHANGE_BANDS: tuple[str, ...] = ("0", "1", "2", "3 or more")
CHILD_COLUMNS: tuple[str, ...] = ("la_code", "child_ref", "workers", "changes")
COUNT_COLUMNS: tuple[str, ...] = ("la_code", "children_allocated", "children_max_3_workers", "children_4_plus_workers")
CHANGES_COLUMNS: tuple[str, ...] = ("la_code", "changes", "is_total", "children", "children_pct")
CHANGES_COUNTS: tuple[str, ...] = ("children",)  # adds up over the bands to the total row
CHANGES_DERIVED: dict[str, tuple[str, ...]] = {"children_pct": ("children",)}
CASELOAD_COLUMNS: tuple[str, ...] = ("la_code", "engagement_key", "allocated", "snapshot_cases", "snapshot_on")


def _open_on(day: date) -> pl.Expr:
    end = pl.col("end")
    return (pl.col("start") <= pl.lit(day)) & (end.is_null() | (end >= pl.lit(day)))


def children_on(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """One row per child held on ``as_at``: la_code, child_ref, workers (different social workers in the 12
    months to ``as_at``), changes (changes of social worker in them); columns ``CHILD_COLUMNS``."""
    period = twelve_months_to(as_at)
    held = inputs.allocations.filter(_open_on(as_at)).select("la_code", "child_ref").unique()
    end = pl.col("end")
    touching = inputs.allocations.filter(
        (pl.col("start") <= pl.lit(as_at)) & (end.is_null() | (end >= pl.lit(period.start)))
    )
    people = inputs.engagements.select("la_code", "engagement_key", "person_key")
    history = (
        touching.join(held, on=["la_code", "child_ref"], how="semi")
        .join(people, on=["la_code", "engagement_key"], how="left")
        # an engagement not held (never, after an import) is its own person
        .with_columns(person=pl.col("person_key").fill_null(pl.col("engagement_key")))
        .sort("la_code", "child_ref", "start", pl.col("end").fill_null(date.max), "allocation_key")
    )
    changed = pl.col("person") != pl.col("person").shift(1).over("la_code", "child_ref")
    return (
        history.with_columns(changed=changed.fill_null(False))
        .group_by("la_code", "child_ref")
        .agg(workers=pl.col("person").n_unique().cast(pl.Int64), changes=pl.col("changed").sum().cast(pl.Int64))
        .sort("la_code", "child_ref")
        .select(CHILD_COLUMNS)
    )


def allocation_counts(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """la_code, children_allocated (children held on ``as_at``), children_max_3_workers (of them, those with at
    most 3 social workers in the 12 months to ``as_at``), children_4_plus_workers (the rest), one row per council
    holding allocations (0 when none is held on the date); the counts the percentage is over
    (``disclosure.development_withheld``)."""
    holding = inputs.allocations.select("la_code").unique()
    counted = (
        children_on(inputs, as_at=as_at)
        .group_by("la_code")
        .agg(
            children_allocated=pl.len().cast(pl.Int64),
            children_max_3_workers=(pl.col("workers") <= MOST_WORKERS).sum().cast(pl.Int64),
        )
    )
    counts = ["children_allocated", "children_max_3_workers"]
    return (
        holding.join(counted, on="la_code", how="left")
        .with_columns(pl.col(counts).fill_null(0))
        .with_columns(children_4_plus_workers=pl.col("children_allocated") - pl.col("children_max_3_workers"))
        .select(COUNT_COLUMNS)
    )


def allocation_measures(inputs: CouncilFrames, *, as_at: date, period: Period | None = None) -> pl.DataFrame:
    """la_code, children_max_3_social_workers_pct: of the children held on ``as_at``, the percentage with at
    most 3 social workers in the 12 months to it (Slough: 80%; Dudley: fewer changes), one row per council; null
    for a council holding no allocations or holding no child on the date. ``period`` is not used: the measure is
    over the rolling 12 months to ``as_at``."""
    counts = allocation_counts(inputs, as_at=as_at).with_columns(
        children_max_3_social_workers_pct=_share(pl.col("children_max_3_workers"), pl.col("children_allocated"))
    )
    return (
        inputs.councils.select("la_code")
        .join(counts, on="la_code", how="left")
        .select("la_code", *ALLOCATION_MEASURE_IDS)
    )


def changes_of_worker(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """The children held on ``as_at`` by their changes of social worker in the 12 months to it (``CHANGE_BANDS``:
    0, 1, 2, 3 or more; every band, 0 when none) and a total row, per council holding allocations; columns
    ``CHANGES_COLUMNS``, children_pct of the council's children held. A page shows a row per band with its count
    and percentage; the bands add up to the total, so a viewer's are withheld as a table by team's are
    (``disclosure.withhold_team_counts`` with ``CHANGES_COUNTS`` and ``CHANGES_DERIVED``: a count of 1 to 4 and
    whatever would give it away, with the percentages beside them)."""
    last = len(CHANGE_BANDS) - 1
    band = (
        pl.when(pl.col("changes") >= last).then(pl.lit(CHANGE_BANDS[last])).otherwise(pl.col("changes").cast(pl.String))
    )
    children = children_on(inputs, as_at=as_at).with_columns(changes=band)
    bands = pl.DataFrame({"changes": list(CHANGE_BANDS)}).with_row_index("_order")
    grid = inputs.allocations.select("la_code").unique().join(bands, how="cross")
    counted = children.group_by("la_code", "changes").agg(children=pl.len().cast(pl.Int64))
    rows = (
        grid.join(counted, on=["la_code", "changes"], how="left")
        .with_columns(pl.col("children").fill_null(0), is_total=pl.lit(False))
        .with_columns(_order=pl.col("_order").cast(pl.Int64))
    )
    totals = (
        rows.group_by("la_code")
        .agg(pl.col("children").sum())
        .with_columns(changes=pl.lit(TOTAL), is_total=pl.lit(True), _order=pl.lit(len(CHANGE_BANDS), pl.Int64))
    )
    both = pl.concat([rows, totals], how="diagonal_relaxed")
    whole = pl.col("children").filter(pl.col("is_total")).first().over("la_code")
    return (
        both.with_columns(children_pct=_share(pl.col("children"), whole))
        .sort("la_code", "_order")
        .select(CHANGES_COLUMNS)
    )


def allocated_caseloads(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Each worker's caseload on ``as_at`` derived from the allocations (allocated: the different children whose
    allocation to the engagement is open on the date) beside their caseload snapshot (snapshot_cases: the latest
    snapshot dated in the 31 days to the date, the rule of the caseload measures; snapshot_on its date); columns
    ``CASELOAD_COLUMNS``, a row per engagement with either. allocated is 0 for a worker with a snapshot but no
    allocation open, null for a council holding no allocations; snapshot_cases null without a snapshot. Where
    both are given they should agree; a difference is a question for the case-management system's data."""
    holding = inputs.allocations.select("la_code").unique().with_columns(_holds=pl.lit(True))
    allocated = (
        inputs.allocations.filter(_open_on(as_at))
        .group_by("la_code", "engagement_key")
        .agg(allocated=pl.col("child_ref").n_unique().cast(pl.Int64))
    )
    on = pl.col("on")
    snapshots = (
        inputs.caseloads.filter((on <= pl.lit(as_at)) & (on >= pl.lit(as_at - CASELOAD_LOOKBACK)))
        .group_by("la_code", "engagement_key")
        .agg(snapshot_cases=pl.col("cases").sort_by("on").last().cast(pl.Int64), snapshot_on=on.max())
    )
    both = allocated.join(snapshots, on=["la_code", "engagement_key"], how="full", coalesce=True)
    return (
        both.join(holding, on="la_code", how="left")
        .with_columns(
            allocated=pl.when(pl.col("_holds")).then(pl.col("allocated").fill_null(0)).otherwise(None),
        )
        .sort("la_code", "engagement_key")
        .select(CASELOAD_COLUMNS)
    )
