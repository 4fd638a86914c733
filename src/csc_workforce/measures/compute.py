"""Compute the DfE workforce measures with vectorised Polars, for many councils and windows in one pass.

A *window* is a reporting point: a ``time_period`` label, an ``as_at`` date (for stocks such as in post) and a
``period`` (for flows such as starters, leavers and days lost). A census year is the window
(30 September Y, 1 October Y-1 .. 30 September Y, "Y"); monthly reporting uses any date and, say, the
12 months to it. Every council x window is computed at once with joins and ``group_by``.

All figures here are unrounded; :func:`rounded` applies DfE's presentation rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import polars as pl

from csc_workforce.domain.periods import Period, census_period, census_reference_date
from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.rules import covers_expr, in_post_expr, stock_fte_expr

if TYPE_CHECKING:
    from csc_workforce.measures.catalogue import Rate

# The measures' declarations (csc_workforce.measures.catalogue) name this module's compute_measures, so this
# module reads them when it runs, not when it is imported: each function below imports what it needs.

LOCAL_AUTHORITY = "Local authority"
TOTAL = "Total"
KEY_COLUMNS: tuple[str, ...] = ("time_period", "geographic_level", "old_la_code", "la_name")
CASELOAD_LOOKBACK = timedelta(days=31)
SICKNESS = "SIC"
HEADCOUNT_IDS: tuple[str, ...] = (
    "inpost_headcount",
    "starters_headcount",
    "leavers_headcount",
    "agency_headcount",
    "cases",
)
_NULLABLE_COMPONENTS = ("vacancy_fte", "agency_cover_fte")
IN_POST, AGENCY, STARTER, LEAVER = 0, 1, 2, 3  # worker row kinds


@dataclass(frozen=True, slots=True)
class Window:
    """One reporting point: stocks as at ``as_at``, flows over ``period``, labelled ``time_period``."""

    time_period: str
    as_at: date
    period: Period


def census_window(year: int) -> Window:
    """The census year ``year``: as at 30 September, over 1 October ``year - 1`` to 30 September ``year``."""
    return Window(str(year), census_reference_date(year), census_period(year))


def compute_measures(
    inputs: CouncilFrames, *, as_at: date, period: Period, time_period: str, total: bool = True
) -> pl.DataFrame:
    """Unrounded measures per council as at ``as_at`` over ``period`` (plus a total row if ``total``)."""
    return measures_for_windows(inputs, [Window(time_period, as_at, period)], total=total)


def census_year_measures(inputs: CouncilFrames, year: int, *, total: bool = True) -> pl.DataFrame:
    """Unrounded measures per council for census year ``year`` (time_period ``"2022"`` for 2022)."""
    return measures_for_windows(inputs, [census_window(year)], total=total)


def measures_for_years(inputs: CouncilFrames, years: Iterable[int], *, total: bool = True) -> pl.DataFrame:
    """Unrounded measures for every council and census year in ``years``, computed in one pass."""
    return measures_for_windows(inputs, [census_window(y) for y in years], total=total)


def measures_for_windows(inputs: CouncilFrames, windows: Sequence[Window], *, total: bool = True) -> pl.DataFrame:
    """Unrounded measures for every council x window; a total row per window when there are 2+ councils."""
    labels = [w.time_period for w in windows]
    if len(set(labels)) != len(labels):
        raise ValueError(f"each window needs its own time_period label; got {labels}")
    frame = _windows_frame(windows)
    keyed = _Keyed.of(inputs, windows)
    workers = _worker_rows(keyed, frame.lazy()).collect().lazy()  # shared by two parts: compute once
    parts = [
        _workforce(workers),
        _caseload(keyed, workers, frame.lazy()),
        _days_lost(keyed, frame.lazy()),
        _council_figures(inputs, frame.lazy()),
    ]
    base = keyed.councils.join(frame.lazy().select("w", "time_period"), how="cross")
    for part in parts[:3]:
        base = base.join(part, on=["w", "cid"], how="left")
    base = base.join(parts[3], on=["time_period", "la_code"], how="left")
    from csc_workforce.measures.catalogue import COMPONENT_IDS, OUTPUT_COLUMNS

    zero_filled = [c for c in COMPONENT_IDS if c not in _NULLABLE_COMPONENTS]
    result = (
        base.with_columns(pl.col(zero_filled).fill_null(0))
        .with_columns(pl.col(HEADCOUNT_IDS).cast(pl.Int64))
        .with_columns(geographic_level=pl.lit(LOCAL_AUTHORITY), old_la_code=pl.col("la_code"))
        .with_columns(rate_expressions())
        .sort("w", "old_la_code")
        .select(OUTPUT_COLUMNS)
        .collect()
    )
    return with_total(result) if total else result


def _windows_frame(windows: Sequence[Window]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "w": list(range(len(windows))),
            "time_period": [w.time_period for w in windows],
            "as_at": [w.as_at for w in windows],
            "p_start": [w.period.start for w in windows],
            "p_end": [w.period.end for w in windows],
        },
        schema={
            "w": pl.Int32,
            "time_period": pl.String,
            "as_at": pl.Date,
            "p_start": pl.Date,
            "p_end": pl.Date,
        },
    )


@dataclass(frozen=True)
class _Keyed:
    """The inputs with integer keys (council ``cid``, engagement ``eid``, person ``pid``) for fast joins."""

    councils: pl.LazyFrame  # cid, la_code, la_name
    engagements: pl.LazyFrame  # eid, cid, pid, agency, start_date, end_date
    assignments: pl.LazyFrame  # eid, effective_from, effective_to, fte, fte30
    caseloads: pl.LazyFrame  # eid, on, cases (only snapshots some window can use)
    absences: pl.LazyFrame  # eid, cid, start, end, working_days_lost (sickness, non-agency only)

    @classmethod
    def of(cls, inputs: CouncilFrames, windows: Sequence[Window]) -> _Keyed:
        eng_keys = ["la_code", "engagement_key"]
        councils = inputs.councils.lazy().with_row_index("cid").select("cid", "la_code", "la_name")
        engagements = (
            inputs.engagements.lazy()
            .join(councils.select("la_code", "cid"), on="la_code")
            .with_row_index("eid")
            .with_columns(pid=pl.struct("cid", "person_key").rank("dense"))
            .collect()
            .lazy()
        )
        ids = engagements.select(*eng_keys, "eid")
        on = pl.col("on")
        usable = pl.any_horizontal(
            [on.is_between(w.as_at - CASELOAD_LOOKBACK, w.as_at) for w in windows] or [pl.lit(False)]
        )
        sickness = (
            inputs.absences.lazy()
            .filter(pl.col("reason") == SICKNESS)
            .join(engagements.filter(~pl.col("agency")).select(*eng_keys, "eid", "cid"), on=eng_keys)
        )
        return cls(
            councils=councils,
            engagements=engagements.select("eid", "cid", "pid", "agency", "start_date", "end_date"),
            assignments=inputs.assignments.lazy()
            .join(ids, on=eng_keys)
            .select("eid", "effective_from", "effective_to", "fte", "fte30"),
            caseloads=inputs.caseloads.lazy().filter(usable).join(ids, on=eng_keys).select("eid", "on", "cases"),
            absences=sickness.select("eid", "cid", "start", "end", "working_days_lost"),
        )


def _worker_rows(keyed: _Keyed, windows: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (window, engagement, kind) for kinds inpost, agency, starter, leaver, with ``fte``."""
    start, end, agency = pl.col("start_date"), pl.col("end_date"), pl.col("agency")
    as_at, p_start, p_end = pl.col("as_at"), pl.col("p_start"), pl.col("p_end")
    in_post = in_post_expr(as_at)
    starter = ~agency & start.is_between(p_start, p_end)
    leaver = ~agency & end.is_between(p_start, p_end)
    crossed = (
        keyed.engagements.join(windows.select("w", "as_at", "p_start", "p_end"), how="cross")
        .filter(in_post | starter | leaver)
        .with_columns(in_post=in_post, starter=starter, leaver=leaver)
        .collect()
        .lazy()
    )
    keep = ["w", "cid", "pid", "eid", "kind", "ref", "as_at"]
    rows = pl.concat(
        [
            crossed.filter("in_post")
            .with_columns(kind=pl.when(agency).then(pl.lit(AGENCY)).otherwise(pl.lit(IN_POST)), ref=as_at)
            .select(keep),
            crossed.filter("starter").with_columns(kind=pl.lit(STARTER), ref=start).select(keep),
            crossed.filter("leaver").with_columns(kind=pl.lit(LEAVER), ref=end).select(keep),
        ]
    ).with_columns(pl.col("kind").cast(pl.UInt8))
    return _with_fte(rows, keyed.assignments)


def _with_fte(rows: pl.LazyFrame, assignments: pl.LazyFrame) -> pl.LazyFrame:
    """FTE of the assignment covering ``ref`` (the later-starting one if several cover it).

    In post (and agency in post) counts ``fte30`` when the census return gave it, else ``fte``; starters and
    leavers count ``fte`` (a leaver's ``FTE30`` is often written 0). A starter with no assignment covering the
    start date takes the FTE of its earliest assignment.
    """
    keys = ["w", "eid", "kind"]
    covering = (
        rows.select(*keys, "ref")
        .join(assignments, on="eid")
        .filter(covers_expr(pl.col("ref")))
        .group_by(keys)
        .agg(pl.col("fte", "fte30").sort_by("effective_from").last(), covered=pl.lit(True))
    )
    earliest = (
        rows.filter(pl.col("kind") == STARTER)
        .select("eid")
        .unique()
        .join(assignments, on="eid")
        .group_by("eid")
        .agg(first_fte=pl.col("fte").sort_by("effective_from").first())
    )
    fallback = (pl.col("kind") == STARTER) & pl.col("covered").is_null()
    # In post (and agency in post) needs an assignment covering the date: the records must say what the
    # worker was doing then. A worker missing from a later census return has none, so is not in post.
    stock = pl.col("kind").is_in([IN_POST, AGENCY])
    return (
        rows.join(covering, on=keys, how="left")
        .filter(~(stock & pl.col("covered").is_null()))
        .join(earliest, on="eid", how="left")
        .with_columns(
            fte=pl.when(fallback).then(pl.col("first_fte")).when(stock).then(stock_fte_expr()).otherwise(pl.col("fte"))
        )
        .select("w", "cid", "pid", "eid", "kind", "ref", "as_at", "fte")
    )


def _workforce(workers: pl.LazyFrame) -> pl.LazyFrame:
    kind, fte = pl.col("kind"), pl.col("fte")
    person_date = pl.struct("pid", "ref")
    return workers.group_by("w", "cid").agg(
        inpost_fte=fte.filter(kind == IN_POST).sum(),
        inpost_headcount=pl.col("pid").filter(kind == IN_POST).n_unique(),
        starters_fte=fte.filter(kind == STARTER).sum(),
        starters_headcount=person_date.filter(kind == STARTER).n_unique(),
        leavers_fte=fte.filter(kind == LEAVER).sum(),
        leavers_headcount=person_date.filter(kind == LEAVER).n_unique(),
        agency_fte=fte.filter(kind == AGENCY).sum(),
        agency_headcount=(kind == AGENCY).sum(),
    )


def _caseload(keyed: _Keyed, workers: pl.LazyFrame, windows: pl.LazyFrame) -> pl.LazyFrame:
    """Each in-post worker's latest snapshot dated in [as_at - 31 days, as_at]."""
    on, as_at = pl.col("on"), pl.col("as_at")
    snapshots = (
        keyed.caseloads.join(windows.select("w", "as_at"), how="cross")
        .filter((on <= as_at) & (on >= as_at - CASELOAD_LOOKBACK))
        .group_by("w", "eid")
        .agg(cases=pl.col("cases").sort_by("on").last())
    )
    latest = workers.filter(pl.col("kind") <= AGENCY).select("w", "cid", "eid", "fte").join(snapshots, on=["w", "eid"])
    return latest.group_by("w", "cid").agg(
        cases=pl.col("cases").sum(),
        case_holders_fte=pl.col("fte").filter(pl.col("cases") > 0).sum(),
    )


def _days_lost(keyed: _Keyed, windows: pl.LazyFrame) -> pl.LazyFrame:
    start, end = pl.col("start"), pl.col("end")
    overlap = (pl.min_horizontal(end, "p_end") - pl.max_horizontal(start, "p_start")).dt.total_days() + 1
    length = pl.max_horizontal((end - start).dt.total_days() + 1, pl.lit(1))
    return (
        keyed.absences.join(windows.select("w", "p_start", "p_end"), how="cross")
        .filter(overlap > 0)
        .group_by("w", "cid")
        .agg(working_days_lost_fte=(pl.col("working_days_lost") * overlap / length).sum())
    )


def _council_figures(inputs: CouncilFrames, windows: pl.LazyFrame) -> pl.LazyFrame:
    return (
        inputs.figures.lazy()
        .join(windows.select("time_period", "as_at"), left_on="on", right_on="as_at")
        .group_by("time_period", "la_code")
        .agg(vacancy_fte=pl.col("vacancies_fte").last(), agency_cover_fte=pl.col("agency_cover_fte").last())
    )


def rate_expression(rate: Rate) -> pl.Expr:
    """``rate`` for each row: null if any part is null or the denominator is zero."""
    denominator = pl.sum_horizontal(rate.denominator)
    unknown = pl.any_horizontal([pl.col(c).is_null() for c in rate.components])
    value = pl.col(rate.numerator).cast(pl.Float64) / denominator * rate.scale
    return pl.when(unknown | (denominator == 0)).then(None).otherwise(value)


def rate_expressions() -> list[pl.Expr]:
    from csc_workforce.measures.catalogue import RATES

    return [rate_expression(m.rate).alias(m.id) for m in RATES if m.rate is not None]


def aggregate(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Sum components over rows grouped ``by`` and recompute every rate from the unrounded sums.

    A row whose part of a rate is null (unknown) is left out of that rate's numerator and denominator, but
    still counts in the component totals. A component that is null in every row stays null.
    """
    from csc_workforce.measures.catalogue import COMPONENT_IDS, RATES

    components = [
        pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).otherwise(None).alias(c) for c in COMPONENT_IDS
    ]
    return frame.group_by(list(by), maintain_order=True).agg(
        components + [_aggregate_rate(m.rate).alias(m.id) for m in RATES if m.rate is not None]
    )


def _aggregate_rate(rate: Rate) -> pl.Expr:
    known = pl.all_horizontal([pl.col(c).is_not_null() for c in rate.components])
    numerator = pl.col(rate.numerator).filter(known).sum().cast(pl.Float64)
    denominator = pl.sum_horizontal(rate.denominator).filter(known).sum().cast(pl.Float64)
    return pl.when(denominator != 0).then(numerator / denominator * rate.scale).otherwise(None)


def with_total(frame: pl.DataFrame) -> pl.DataFrame:
    """Add a "Total of N councils" row per time period that has more than one council row."""
    councils = frame.filter(pl.col("geographic_level") == LOCAL_AUTHORITY)
    counts = councils.group_by("time_period").len("n")
    many = councils.join(counts.filter(pl.col("n") > 1), on="time_period", how="semi")
    if many.is_empty():
        return frame
    totals = (
        aggregate(many, ["time_period"])
        .join(counts, on="time_period")
        .with_columns(
            geographic_level=pl.lit(TOTAL),
            old_la_code=pl.lit(None, dtype=pl.String),
            la_name=pl.format("Total of {} councils", pl.col("n")),
        )
        .select(frame.columns)
    )
    return pl.concat([frame, totals.cast(frame.schema)]).sort(
        "time_period", pl.col("geographic_level") == TOTAL, maintain_order=True
    )


def rounded(frame: pl.DataFrame) -> pl.DataFrame:
    """DfE presentation rounding: 1 dp for FTE, rates, caseload and days; whole numbers for counts."""
    from csc_workforce.measures.catalogue import BY_ID

    exprs = []
    for column in frame.columns:
        measure = BY_ID.get(column)
        if measure is None:
            continue
        value = round_half_up(pl.col(column), measure.decimals)
        exprs.append(value.cast(pl.Int64) if measure.decimals == 0 else value)
    return frame.with_columns(exprs)
