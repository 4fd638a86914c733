"""Recruitment: campaigns and the applications to them, over :class:`~csc_workforce.measures.inputs.CouncilFrames`
for many councils at once (no Django).

Which records a figure is over, as at D over period P (each date on or before D as well as in P):

* **applications received**: applications whose ``applied`` date is in P. The funnel
  (:func:`recruitment_funnel`) follows them: how many were shortlisted, interviewed, offered, accepted and
  started by D (a step counts when its date is on or before D, whenever in or after P), and how many were
  withdrawn or rejected by D;
* **successful applicants** (:func:`successful_applicants_by_channel`, Slough's "7 of 13 through the
  website"): applications whose ``started`` date is in P, by the channel the applicant came through;
* **time to hire** and **offer to DBS clearance** (:func:`recruitment_times`): for the applicants who started
  in P, the days from application to start and from the campaign's closing date to start (campaigns with a
  closing date only); for the DBS clearances in P with an offer date, the days from offer to clearance. Each is
  given as a median (the middle value; with an even number, the mean of the middle two) and as a distribution
  in bands;
* **recruitment cost** (:func:`recruitment_costs`): the campaigns opened in P, their cost (those with a cost
  given) and the hires from them (their applications started on or before D); cost per hire is the cost of the
  costed campaigns over the hires from them;
* **reasons for applying** (:func:`reasons_for_applying`): of the applications received in P that give a
  reason, how many give each (an application may give several, so the shares add up to more than 100).

Every percentage comes with the counts it is of, so a page withholds a viewer's figure when a count behind it is
1 to 4 (``measures.disclosure``). A council holding no recruitment records has null figures and no table rows,
not 0; the coverage machinery (``Measure.reads``: "campaigns", "applications", each a kind of its own, since a
council may load one without the other) withholds a period the records do not cover. No applicant is named: an
application is known by its reference only (``records.JobApplication``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csc_workforce.domain.codes import ApplyReason, RecruitmentChannel, RecruitmentCost, RecruitmentRoute
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import TOTAL, _share

RECRUITMENT_MEASURE_IDS: tuple[str, ...] = (
    "recruitment_applications",
    "offer_to_dbs_clearance_days",
    "recruitment_cost",
)
"""The columns of ``local_measures`` :func:`recruitment_measures` gives."""
NOT_GIVEN = "Not given"
STEPS: tuple[str, ...] = ("shortlisted", "interviewed", "offered", "accepted", "started")
FUNNEL_COLUMNS: tuple[str, ...] = (
    "la_code",
    "by",
    "group",
    "group_label",
    "is_total",
    "applications",
    *STEPS,
    "withdrawn",
    "rejected",
    *(f"{step}_pct" for step in STEPS),
)
FUNNEL_COUNTS: tuple[str, ...] = ("applications", *STEPS, "withdrawn", "rejected")  # each adds up to the total
CHANNEL_COLUMNS: tuple[str, ...] = ("la_code", "channel", "channel_label", "is_total", "started", "started_pct")
# Bands of days, each (label, first day, last day; None: no end).
DBS_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0 to 7 days", 0, 7),
    ("8 to 14 days", 8, 14),
    ("15 to 28 days", 15, 28),
    ("29 to 56 days", 29, 56),
    ("57 days or more", 57, None),
)
HIRE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Up to 4 weeks (0 to 28 days)", 0, 28),
    ("4 to 8 weeks (29 to 56 days)", 29, 56),
    ("8 to 13 weeks (57 to 91 days)", 57, 91),
    ("13 to 26 weeks (92 to 182 days)", 92, 182),
    ("Over 26 weeks (183 days or more)", 183, None),
)
SPANS: dict[str, tuple[str, tuple[tuple[str, int, int | None], ...]]] = {
    "application_to_start": ("Application to start (applicants who started in the period)", HIRE_BANDS),
    "close_to_start": ("Campaign closing date to start (applicants who started in the period)", HIRE_BANDS),
    "offer_to_dbs": ("Offer to DBS clearance (clearances in the period)", DBS_BANDS),
}
TIMES_COLUMNS: tuple[str, ...] = (
    "la_code",
    "span",
    "span_label",
    "band",
    "is_total",
    "applications",
    "pct",
    "median_days",
)
COST_COLUMNS: tuple[str, ...] = (
    "la_code",
    "cost_type",
    "cost_type_label",
    "is_total",
    "campaigns",
    "campaigns_costed",
    "cost",
    "hires",
    "cost_per_hire",
)
REASON_COLUMNS: tuple[str, ...] = ("la_code", "reason", "reason_label", "is_total", "applications", "pct")


def _in(column: str, as_at: date, period: Period) -> pl.Expr:
    return pl.col(column).is_between(pl.lit(period.start), pl.lit(min(period.end, as_at)))


def _by_d(column: str, as_at: date) -> pl.Expr:
    return pl.col(column).is_not_null() & (pl.col(column) <= pl.lit(as_at))


def _received(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    return inputs.applications.filter(_in("applied", as_at, period))


def _ordered(column: str, codes: Sequence[str], labels: dict[str, str]) -> list[pl.Expr]:
    """A code column's label and its place in the code list (a null code: ``NOT_GIVEN``, last)."""
    order = {code: n for n, code in enumerate(codes)}
    return [
        pl.col(column).replace_strict(labels, default=NOT_GIVEN, return_dtype=pl.String).alias(f"{column}_label"),
        pl.col(column).replace_strict(order, default=len(order), return_dtype=pl.Int64).alias("_order"),
    ]


# ------------------------------------------------------------------------------------------ scalar measures


def recruitment_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, applications (received in P), dbs_clearances (the clearances in P with an offer date, which the
    median offer-to-DBS days is over), one row per council holding applications (``measures.disclosure`` reads
    them)."""
    received = _received(inputs, as_at, period).group_by("la_code").agg(applications=pl.len().cast(pl.Int64))
    cleared = _dbs_days(inputs, as_at, period).group_by("la_code").agg(dbs_clearances=pl.len().cast(pl.Int64))
    return (
        inputs.applications.select("la_code")
        .unique()
        .join(received, on="la_code", how="left")
        .join(cleared, on="la_code", how="left")
        .with_columns(pl.col("applications", "dbs_clearances").fill_null(0))
    )


def recruitment_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, ``RECRUITMENT_MEASURE_IDS``, one row per council, unrounded: applications received in P; the
    median days from offer to DBS clearance over the clearances in P (null with none); the recruitment cost of
    the campaigns opened in P (:func:`recruitment_cost`). The application figures are
    null for a council holding no applications, the cost for one holding no campaigns."""
    counts = recruitment_counts(inputs, as_at=as_at, period=period)
    median = (
        _dbs_days(inputs, as_at, period).group_by("la_code").agg(offer_to_dbs_clearance_days=pl.col("days").median())
    )
    return (
        inputs.councils.select("la_code")
        .join(counts.select("la_code", recruitment_applications="applications"), on="la_code", how="left")
        .join(median, on="la_code", how="left")
        .join(recruitment_cost(inputs, as_at=as_at, period=period).drop("campaigns"), on="la_code", how="left")
        .select("la_code", *RECRUITMENT_MEASURE_IDS)
    )


def recruitment_cost(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """la_code, campaigns (opened in P), recruitment_cost: the cost of the campaigns opened in P, summed over
    those giving one (0 when the council holds campaigns but none opened in P; null when none of those opened in P
    gives a cost); one row per council holding campaigns. The recruitment part of the cost of turnover
    (``measures.turnover_cost``)."""
    opened = _opened(inputs, as_at, period)
    cost = opened.group_by("la_code").agg(
        campaigns=pl.len().cast(pl.Int64),
        recruitment_cost=pl.when(pl.col("cost").is_not_null().any()).then(pl.col("cost").sum()),
    )
    none_opened = inputs.campaigns.select("la_code").unique().join(opened.select("la_code"), on="la_code", how="anti")
    return pl.concat(
        [cost, none_opened.with_columns(campaigns=pl.lit(0, pl.Int64), recruitment_cost=pl.lit(0.0))],
        how="vertical_relaxed",
    )


# ------------------------------------------------------------------------------------------------- tables


def recruitment_funnel(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The applications received in P and how far they went by D, by channel (``by`` = "channel") and by route
    (``by`` = "route"), each code in its list's order (only those a council holds; applications giving none as
    "Not given") and a total row per grouping; columns ``FUNNEL_COLUMNS``: the counts reaching each step, those
    withdrawn and rejected, and each step's percentage of the applications. The page shows one table per
    grouping (applications, shortlisting, offer and start rates), a rate withheld for viewers when its count,
    the applications or the rest is 1 to 4."""
    received = _received(inputs, as_at, period)
    counts = [
        pl.len().cast(pl.Int64).alias("applications"),
        *(_by_d(step, as_at).sum().cast(pl.Int64).alias(step) for step in STEPS),
        *(
            ((pl.col("outcome") == outcome) & _by_d("outcome_on", as_at)).sum().cast(pl.Int64).alias(outcome)
            for outcome in ("withdrawn", "rejected")
        ),
    ]
    parts = []
    for by, codes in (("channel", RecruitmentChannel), ("route", RecruitmentRoute)):
        labels = {c.value: c.label for c in codes}
        grouped = (
            received.group_by("la_code", by)
            .agg(counts)
            .with_columns(*_ordered(by, [c.value for c in codes], labels))
            .rename({by: "group", f"{by}_label": "group_label"})
            .with_columns(by=pl.lit(by), is_total=pl.lit(False))
        )
        total = (
            received.group_by("la_code")
            .agg(counts)
            .with_columns(
                by=pl.lit(by),
                group=pl.lit(None, pl.String),
                group_label=pl.lit(TOTAL),
                is_total=pl.lit(True),
                _order=pl.lit(len(labels) + 1, pl.Int64),
            )
        )
        parts += [grouped, total]
    frame = pl.concat(parts, how="diagonal_relaxed").with_columns(
        *(_share(pl.col(step), pl.col("applications")).alias(f"{step}_pct") for step in STEPS)
    )
    return frame.sort("la_code", "by", "_order").select(FUNNEL_COLUMNS)


def successful_applicants_by_channel(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The applicants who started in P by the channel they came through (Slough: 7 of 13 through the council's
    website), each channel's count and share of all of them, in ``RecruitmentChannel``'s order with a total row;
    columns ``CHANNEL_COLUMNS``. A share is withheld for viewers when its count, the total or the rest is 1 to
    4."""
    started = inputs.applications.filter(_in("started", as_at, period))
    labels = {c.value: c.label for c in RecruitmentChannel}
    by_channel = (
        started.group_by("la_code", "channel")
        .agg(started=pl.len().cast(pl.Int64))
        .with_columns(*_ordered("channel", [c.value for c in RecruitmentChannel], labels), is_total=pl.lit(False))
    )
    total = (
        started.group_by("la_code")
        .agg(started=pl.len().cast(pl.Int64))
        .with_columns(
            channel=pl.lit(None, pl.String),
            channel_label=pl.lit(TOTAL),
            is_total=pl.lit(True),
            _order=pl.lit(len(labels) + 1, pl.Int64),
        )
    )
    frame = pl.concat([by_channel, total], how="diagonal_relaxed")
    whole = pl.col("started").filter(pl.col("is_total")).first().over("la_code")
    return (
        frame.with_columns(started_pct=_share(pl.col("started"), whole))
        .sort("la_code", "_order")
        .select(CHANNEL_COLUMNS)
    )


def _dbs_days(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    return inputs.applications.filter(_in("dbs_cleared", as_at, period) & pl.col("offered").is_not_null()).select(
        "la_code", days=(pl.col("dbs_cleared") - pl.col("offered")).dt.total_days()
    )


def _hire_days(inputs: CouncilFrames, as_at: date, period: Period) -> tuple[pl.DataFrame, pl.DataFrame]:
    started = inputs.applications.filter(_in("started", as_at, period))
    from_application = started.select("la_code", days=(pl.col("started") - pl.col("applied")).dt.total_days())
    closed = inputs.campaigns.select("la_code", "campaign_key", "closed")
    from_close = (
        started.join(closed, on=["la_code", "campaign_key"], how="inner")
        .filter(pl.col("closed").is_not_null())
        .select("la_code", days=(pl.col("started") - pl.col("closed")).dt.total_days())
    )
    return from_application, from_close


def _band(bands: tuple[tuple[str, int, int | None], ...]) -> pl.Expr:
    expr = pl.lit(None, pl.String)
    for label, first, last in reversed(bands):
        inside = pl.col("days") >= first if last is None else pl.col("days").is_between(first, last)
        expr = pl.when(inside).then(pl.lit(label)).otherwise(expr)
    return expr


def recruitment_times(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Time to hire and offer to DBS clearance (see the module docstring), per council and span (``SPANS``: from
    application to start, from the campaign's close to start, from offer to DBS clearance): a row per band of
    days (every band, 0 where none falls in it) with its count and share, and a total row with the count and the
    median days; columns ``TIMES_COLUMNS``. Only the spans a council has any of. A start before the campaign
    closed counts as 0 days from its close. The median is withheld for viewers when it is over 1 to 4
    applicants, a band's count and share as any count and rate."""
    application, close = _hire_days(inputs, as_at, period)
    spans = {
        "application_to_start": application,
        "close_to_start": close.with_columns(pl.col("days").clip(lower_bound=0)),
        "offer_to_dbs": _dbs_days(inputs, as_at, period),
    }
    parts = []
    for span, days in spans.items():
        label, bands = SPANS[span]
        totals = days.group_by("la_code").agg(applications=pl.len().cast(pl.Int64), median_days=pl.col("days").median())
        grid = totals.select("la_code").join(
            pl.DataFrame({"band": [b[0] for b in bands], "_order": list(range(len(bands)))}), how="cross"
        )
        counted = (
            days.with_columns(band=_band(bands)).group_by("la_code", "band").agg(applications=pl.len().cast(pl.Int64))
        )
        banded = grid.join(counted, on=["la_code", "band"], how="left").with_columns(
            pl.col("applications").fill_null(0), is_total=pl.lit(False), median_days=pl.lit(None, pl.Float64)
        )
        total = totals.with_columns(band=pl.lit(TOTAL), is_total=pl.lit(True), _order=pl.lit(len(bands)))
        parts.append(
            pl.concat([banded, total], how="diagonal_relaxed").with_columns(
                span=pl.lit(span), span_label=pl.lit(label), _span=pl.lit(list(SPANS).index(span))
            )
        )
    frame = pl.concat(parts, how="diagonal_relaxed")
    whole = pl.col("applications").filter(pl.col("is_total")).first().over("la_code", "span")
    return (
        frame.with_columns(pct=_share(pl.col("applications"), whole))
        .sort("la_code", "_span", "_order")
        .select(TIMES_COLUMNS)
    )


def _opened(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    return inputs.campaigns.filter(_in("opened", as_at, period))


def recruitment_costs(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The campaigns opened in P by cost type (``RecruitmentCost``'s order; no type given: "Not given") and a
    total row: campaigns, those with a cost, their cost, the hires from those costed campaigns (applications
    started on or before D) and the cost per hire (cost / hires; null with no hire); columns ``COST_COLUMNS``.
    Money is shown to every role; the hires are counts like any other. The hires need the applications as well
    as the campaigns: a page shows this table only where both kinds cover the period."""
    opened = _opened(inputs, as_at, period)
    hires = (
        inputs.applications.filter(_by_d("started", as_at))
        .group_by("la_code", "campaign_key")
        .agg(_hires=pl.len().cast(pl.Int64))
    )
    campaigns = opened.join(hires, on=["la_code", "campaign_key"], how="left").with_columns(
        pl.col("_hires").fill_null(0)
    )
    costed = pl.col("cost").is_not_null()
    counts = [
        pl.len().cast(pl.Int64).alias("campaigns"),
        costed.sum().cast(pl.Int64).alias("campaigns_costed"),
        pl.when(costed.any()).then(pl.col("cost").sum()).alias("cost"),
        pl.col("_hires").filter(costed).sum().cast(pl.Int64).alias("hires"),
    ]
    labels = {c.value: c.label for c in RecruitmentCost}
    by_type = (
        campaigns.group_by("la_code", "cost_type")
        .agg(counts)
        .with_columns(*_ordered("cost_type", [c.value for c in RecruitmentCost], labels), is_total=pl.lit(False))
    )
    total = (
        campaigns.group_by("la_code")
        .agg(counts)
        .with_columns(
            cost_type=pl.lit(None, pl.String),
            cost_type_label=pl.lit(TOTAL),
            is_total=pl.lit(True),
            _order=pl.lit(len(labels) + 1, pl.Int64),
        )
    )
    frame = pl.concat([by_type, total], how="diagonal_relaxed").with_columns(
        cost_per_hire=pl.when(pl.col("hires") > 0).then(pl.col("cost") / pl.col("hires"))
    )
    return frame.sort("la_code", "_order").select(COST_COLUMNS)


def reasons_for_applying(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Of the applications received in P that give a reason for applying, how many give each reason
    (``ApplyReason``'s order, only those given) and their share of those applications (several reasons may be
    given, so the shares add up to more than 100), with a total row (the applications giving any reason);
    columns ``REASON_COLUMNS``. A count or share is withheld for viewers when a count behind it is 1 to 4."""
    given = _received(inputs, as_at, period).filter(pl.col("reasons").is_not_null())
    labels = {r.value: r.label for r in ApplyReason}
    by_reason = (
        given.select("la_code", "application_key", reason=pl.col("reasons").str.split(";"))
        .explode("reason")
        .unique()
        .group_by("la_code", "reason")
        .agg(applications=pl.len().cast(pl.Int64))
        .with_columns(*_ordered("reason", [r.value for r in ApplyReason], labels), is_total=pl.lit(False))
    )
    total = (
        given.group_by("la_code")
        .agg(applications=pl.len().cast(pl.Int64))
        .with_columns(
            reason=pl.lit(None, pl.String),
            reason_label=pl.lit(TOTAL),
            is_total=pl.lit(True),
            _order=pl.lit(len(labels) + 1, pl.Int64),
        )
    )
    frame = pl.concat([by_reason, total], how="diagonal_relaxed")
    whole = pl.col("applications").filter(pl.col("is_total")).first().over("la_code")
    return (
        frame.with_columns(pct=_share(pl.col("applications"), whole)).sort("la_code", "_order").select(REASON_COLUMNS)
    )
