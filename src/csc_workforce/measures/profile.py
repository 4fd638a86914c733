"""Workforce profile figures for the dashboard: establishment, posts, diversity, service, flows, caseloads.

Pure Polars over :class:`~csc_workforce.measures.inputs.CouncilFrames`, for every council in the
``councils`` frame at once (every output starts with ``la_code``). Stocks are "as at" a date D, flows "over" a
period P; D and P are always arguments. Figures are unrounded; :func:`rounded_profile` rounds for display, and
``measures.disclosure`` withholds small numbers (``SMALL_NUMBER_THRESHOLD``). ``docs/profile.md`` documents every
column.

The in-post rule is the DfE measures' one (``docs/measures.md``): an engagement is in post at D when its start
date is null or on/before D, its end date is null or after D, and an assignment covers D; if several cover D the
one starting later says what the worker was doing (FTE, role, team). "Permanent" means not agency (permanent and
fixed-term contracts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from csc_workforce.domain.codes import (
    CodeList,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    ReasonLeave,
    StartOrigin,
)
from csc_workforce.domain.periods import Period
from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures.compute import CASELOAD_LOOKBACK
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.rules import covers_expr, in_post_expr, stock_fte_expr

SMALL_NUMBER_THRESHOLD = 5  # counts from 1 to 4 are withheld ("c", DfE's symbol for confidential)

ENG = ["la_code", "engagement_key"]
TOTAL = "Total"
NO_TEAM = "No team recorded"
NOT_KNOWN = "Not known"
NOT_RECORDED = "Not recorded"
ALL_ROLES, ALL_ROLES_LABEL = "All", "All roles"
ROLE_CODES: tuple[str, ...] = tuple(OrgRole.codes())
ROLE_LABELS: dict[str, str] = {m.value: m.label for m in OrgRole}
AGE_BANDS: tuple[str, ...] = ("Under 20", "20 to 29", "30 to 39", "40 to 49", "50 to 59", "60 and over", NOT_KNOWN)
SEX_BANDS: tuple[str, ...] = ("Female", "Male", NOT_KNOWN)
ETHNICITY_BANDS: tuple[str, ...] = (
    "White",
    "Mixed / Multiple ethnic groups",
    "Asian / Asian British",
    "Black / African / Caribbean / Black British",
    "Other ethnic group",
    NOT_KNOWN,
)
SERVICE_BANDS: tuple[str, ...] = (
    "Less than 2 years",
    "2 to less than 5 years",
    "5 to less than 10 years",
    "10 to less than 20 years",
    "20 years or more",
    NOT_KNOWN,
)
ESTABLISHMENT_COLUMNS: tuple[str, ...] = (
    "la_code",
    "team_key",
    "team_name",
    "service_area",
    "is_total",
    "funded_fte",
    "permanent_fte",
    "agency_fte",
    "vacant_fte",
    "uncovered_fte",
    "permanency_pct",
)
POSTS_COLUMNS: tuple[str, ...] = ("la_code", "team_key", "team_name", "is_total", "role", "role_label", "funded_fte")
BY_ROLE_COLUMNS: tuple[str, ...] = ("la_code", "role", "role_label", "band", "headcount", "percent")
SERVICE_COLUMNS: tuple[str, ...] = ("la_code", "band", "headcount", "percent")
FLOW_COLUMNS: tuple[str, ...] = ("la_code", "code", "label", "headcount", "fte", "percent")
WORKER_CASELOAD_COLUMNS: tuple[str, ...] = (
    "la_code",
    "engagement_key",
    "person_key",
    "agency",
    "team_key",
    "team_name",
    "role",
    "role_label",
    "job_title",
    "fte",
    "cases",
    "snapshot_on",
    "cases_per_fte",
    "flag",
)
TEAM_CASELOAD_COLUMNS: tuple[str, ...] = (
    "la_code",
    "team_key",
    "team_name",
    "is_total",
    "workers",
    "fte",
    "case_holders_fte",
    "cases",
    "average_cases_per_fte",
    "max_cases",
    "max_cases_per_fte",
    "above_amber",
    "above_red",
)


@dataclass(frozen=True, slots=True)
class CaseloadThresholds:
    """Cases per FTE above which a worker is flagged amber or red (strictly above). Configurable per council:
    the defaults are a starting point, not a national standard (Slough's strategy aimed at an average of 16
    children per social worker and at most 14 for newly qualified social workers)."""

    amber: float = 18.0
    red: float = 22.0

    def __post_init__(self) -> None:
        if not 0 < self.amber <= self.red:
            raise ValueError(f"caseload thresholds need 0 < amber <= red; got amber {self.amber}, red {self.red}")


DEFAULT_THRESHOLDS = CaseloadThresholds()


# ---------------------------------------------------------------------------------------------------- helpers


def _in_post(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """Engagements in post at ``as_at`` with the FTE, role, team and job title of the assignment covering it.

    Columns: la_code, engagement_key, person_key, agency, start_date, fte, role, team_key, job_title.
    """
    day = pl.lit(as_at)
    engagements = inputs.engagements.filter(in_post_expr(day))
    covering = (
        inputs.assignments.filter(covers_expr(day))
        .group_by(ENG)
        .agg(
            fte=stock_fte_expr().sort_by("effective_from").last(),  # in post: FTE30 when returned
            role=pl.col("role").sort_by("effective_from").last(),
            team_key=pl.col("team_key").sort_by("effective_from").last(),
            job_title=pl.col("job_title").sort_by("effective_from").last(),
        )
    )
    return engagements.join(covering, on=ENG).select(
        *ENG, "person_key", "agency", "start_date", "fte", "role", "team_key", "job_title"
    )


def _team_names(inputs: CouncilFrames) -> pl.DataFrame:
    return inputs.teams.select("la_code", "team_key", team_name="name", service_area="service_area").unique(
        ["la_code", "team_key"], keep="first"
    )


def _named(frame: pl.DataFrame, inputs: CouncilFrames, columns: Sequence[str] = ("team_name",)) -> pl.DataFrame:
    """Join team names (and service areas); a worker or post with no team is in "No team recorded"."""
    named = frame.join(
        _team_names(inputs).select("la_code", "team_key", *columns), on=["la_code", "team_key"], how="left"
    )
    return named.with_columns(
        team_name=pl.when(pl.col("team_key").is_null())
        .then(pl.lit(NO_TEAM))
        .otherwise(pl.col("team_name").fill_null(pl.col("team_key")))
    )


def _role_label(role: pl.Expr) -> pl.Expr:
    labels = {**ROLE_LABELS, NOT_KNOWN: NOT_KNOWN, ALL_ROLES: ALL_ROLES_LABEL}
    return role.replace_strict(labels, default=NOT_KNOWN, return_dtype=pl.String)


def _share(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    """``part / whole * 100``, null when ``whole`` is zero or null."""
    return pl.when(whole > 0).then(part.cast(pl.Float64) / whole * 100).otherwise(None)


def _grid(inputs: CouncilFrames, column: str, values: Sequence[str | None]) -> pl.DataFrame:
    """Every council crossed with ``values`` (kept in the given order)."""
    choices = pl.DataFrame({column: list(values)}, schema={column: pl.String}).with_row_index("_order")
    return inputs.councils.select("la_code").join(choices, how="cross")


# ------------------------------------------------------------------------------------------ establishment


def establishment_by_team(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Funded, permanent and agency FTE per team as at ``as_at`` (Dudley's Appendix A table), plus a total.

    Columns ``ESTABLISHMENT_COLUMNS``: funded_fte (posts covering the date), permanent_fte (non-agency in post),
    agency_fte, vacant_fte = max(funded - permanent, 0) (DfE: a post not filled by a permanent worker is vacant
    even when an agency worker covers it), uncovered_fte = max(funded - permanent - agency, 0) (Dudley's
    "Vacancies" column), permanency_pct = permanent / (permanent + agency) x 100. Every team in ``teams`` has a
    row (zeros when empty); workers with no team are in "No team recorded". The total row (is_total, team_name
    "Total") sums the team rows, so one team's surplus does not fill another's vacancy.
    """
    funded = (
        inputs.posts.filter(covers_expr(pl.lit(as_at)))
        .group_by("la_code", "team_key")
        .agg(funded_fte=pl.col("funded_fte").sum())
    )
    fte, agency = pl.col("fte"), pl.col("agency")
    staffed = (
        _in_post(inputs, as_at)
        .group_by("la_code", "team_key")
        .agg(permanent_fte=fte.filter(~agency).sum(), agency_fte=fte.filter(agency).sum())
    )
    keys = pl.concat([inputs.teams.select("la_code", "team_key"), funded.select(pl.exclude("funded_fte"))])
    keys = pl.concat([keys, staffed.select("la_code", "team_key")]).unique(maintain_order=True)
    teams = (
        _named(keys, inputs, ("team_name", "service_area"))
        .join(funded, on=["la_code", "team_key"], how="left", nulls_equal=True)
        .join(staffed, on=["la_code", "team_key"], how="left", nulls_equal=True)
        .with_columns(pl.col("funded_fte", "permanent_fte", "agency_fte").fill_null(0.0), is_total=pl.lit(False))
        .with_columns(
            vacant_fte=pl.max_horizontal(pl.col("funded_fte") - pl.col("permanent_fte"), pl.lit(0.0)),
            uncovered_fte=pl.max_horizontal(
                pl.col("funded_fte") - pl.col("permanent_fte") - pl.col("agency_fte"), pl.lit(0.0)
            ),
        )
        .sort("la_code", pl.col("team_key").is_null(), "team_name", maintain_order=True)
    )
    sums = ["funded_fte", "permanent_fte", "agency_fte", "vacant_fte", "uncovered_fte"]
    totals = (
        inputs.councils.select("la_code")
        .join(teams.group_by("la_code").agg(pl.col(sums).sum()), on="la_code", how="left")
        .with_columns(
            pl.col(sums).fill_null(0.0),
            team_key=pl.lit(None, pl.String),
            team_name=pl.lit(TOTAL),
            service_area=pl.lit(None, pl.String),
            is_total=pl.lit(True),
        )
    )
    permanency = _share(pl.col("permanent_fte"), pl.col("permanent_fte") + pl.col("agency_fte"))
    return _with_totals(teams, totals, ESTABLISHMENT_COLUMNS, permanency_pct=permanency)


def _with_totals(rows: pl.DataFrame, totals: pl.DataFrame, columns: Sequence[str], **derived: pl.Expr) -> pl.DataFrame:
    """Team rows then each council's total row, with ``derived`` columns computed on both."""
    both = pl.concat([rows.with_columns(**derived), totals.with_columns(**derived)], how="diagonal_relaxed")
    return both.sort("la_code", "is_total", maintain_order=True).select(columns)


def posts_by_team_and_role(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Funded FTE of posts covering ``as_at`` by team x DfE role (Lewisham's table), long form.

    Columns ``POSTS_COLUMNS``: one row per team with posts x role "1".."6" (zeros included) and a "Not known"
    role row where posts have no role; then total rows (is_total, team_name "Total") per role over teams.
    """
    posts = inputs.posts.filter(covers_expr(pl.lit(as_at))).with_columns(pl.col("role").fill_null(NOT_KNOWN))
    unknown = [NOT_KNOWN] if (posts["role"] == NOT_KNOWN).any() else []
    roles = pl.DataFrame({"role": [*ROLE_CODES, *unknown]}).with_row_index("_order")
    summed = posts.group_by("la_code", "team_key", "role").agg(funded_fte=pl.col("funded_fte").sum())
    teams = _named(posts.select("la_code", "team_key").unique(), inputs)
    grid = teams.join(roles, how="cross").join(summed, on=["la_code", "team_key", "role"], how="left", nulls_equal=True)
    rows = grid.with_columns(pl.col("funded_fte").fill_null(0.0), is_total=pl.lit(False)).sort(
        "la_code", pl.col("team_key").is_null(), "team_name", "_order"
    )
    totals = (
        inputs.councils.select("la_code")
        .join(roles, how="cross")
        .join(rows.group_by("la_code", "role").agg(pl.col("funded_fte").sum()), on=["la_code", "role"], how="left")
        .with_columns(
            pl.col("funded_fte").fill_null(0.0),
            team_key=pl.lit(None, pl.String),
            team_name=pl.lit(TOTAL),
            is_total=pl.lit(True),
        )
        .sort("la_code", "_order")
    )
    return _with_totals(rows, totals, POSTS_COLUMNS, role_label=_role_label(pl.col("role")))


# ------------------------------------------------------------------------------------------ characteristics


def _people_in_post(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """One row per non-agency person in post: la_code, person_key, role (most senior = lowest code; "Not
    known" when none of their posts has a role), service_start (earliest start; null if any is null), and
    birth_date, sex, ethnicity (null when the person has no record)."""
    staff = _in_post(inputs, as_at).filter(~pl.col("agency"))
    people = staff.group_by("la_code", "person_key").agg(
        role=pl.col("role").min().fill_null(NOT_KNOWN),
        service_start=pl.when(pl.col("start_date").null_count() == 0).then(pl.col("start_date").min()),
    )
    attributes = inputs.people.unique(["la_code", "person_key"], keep="first")
    return people.join(attributes, on=["la_code", "person_key"], how="left")


def _whole_years(since: pl.Expr, as_at: date) -> pl.Expr:
    """Completed years from ``since`` to ``as_at`` (an age, a length of service)."""
    not_yet = (since.dt.month().cast(pl.Int32) * 100 + since.dt.day()) > (as_at.month * 100 + as_at.day)
    return pl.lit(as_at.year) - since.dt.year().cast(pl.Int32) - not_yet.cast(pl.Int32)


def _banded(years: pl.Expr, bounds: Sequence[tuple[int, str]], last: str) -> pl.Expr:
    """The label of the first ``(upper bound, label)`` with years < bound, else ``last``; null years or negative
    years (a date after ``as_at``) are "Not known"."""
    expr: pl.Expr = pl.lit(last)
    for bound, label in reversed(bounds):
        expr = pl.when(years < bound).then(pl.lit(label)).otherwise(expr)
    return pl.when(years.is_null() | (years < 0)).then(pl.lit(NOT_KNOWN)).otherwise(expr)


def _age_band(as_at: date) -> pl.Expr:
    bounds = [(20, "Under 20"), (30, "20 to 29"), (40, "30 to 39"), (50, "40 to 49"), (60, "50 to 59")]
    return _banded(_whole_years(pl.col("birth_date"), as_at), bounds, "60 and over")


def _by_role(inputs: CouncilFrames, people: pl.DataFrame, bands: Sequence[str], *, of_known: bool) -> pl.DataFrame:
    """Headcount of ``people`` (la_code, role, band) by role x band, with an "All" roles block; ``percent`` is of
    the role's headcount, or of those with a known band when ``of_known`` (then "Not known" has no percent)."""
    unknown = [NOT_KNOWN] if (people["role"] == NOT_KNOWN).any() else []
    roles = pl.DataFrame({"role": [*ROLE_CODES, *unknown, ALL_ROLES]}).with_row_index("_role_order")
    everyone = pl.concat([people, people.with_columns(role=pl.lit(ALL_ROLES))])
    counts = everyone.group_by("la_code", "role", "band").agg(headcount=pl.len().cast(pl.Int64))
    grid = _grid(inputs, "band", bands).join(roles, how="cross")
    table = grid.join(counts, on=["la_code", "role", "band"], how="left").with_columns(pl.col("headcount").fill_null(0))
    counted = pl.when(pl.col("band") != NOT_KNOWN).then(pl.col("headcount")).otherwise(0) if of_known else None
    whole = (pl.col("headcount") if counted is None else counted).sum().over("la_code", "role")
    share = _share(pl.col("headcount"), whole)
    if of_known:
        share = pl.when(pl.col("band") == NOT_KNOWN).then(None).otherwise(share)
    return (
        table.with_columns(role_label=_role_label(pl.col("role")), percent=share)
        .sort("la_code", "_role_order", "_order")
        .select(BY_ROLE_COLUMNS)
    )


def age_bands_by_role(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Non-agency persons in post by age at ``as_at`` (``AGE_BANDS``) x role; percent of the role's headcount.

    Columns ``BY_ROLE_COLUMNS``. A person with two posts counts once, under the more senior role (lower code).
    """
    people = _people_in_post(inputs, as_at).with_columns(band=_age_band(as_at))
    return _by_role(inputs, people, AGE_BANDS, of_known=False)


def sex_by_role(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Non-agency persons in post by sex ("Female", "Male", "Not known" = codes 0, 9 or none) x role."""
    sex = pl.col("sex").replace_strict({"F": "Female", "M": "Male"}, default=NOT_KNOWN, return_dtype=pl.String)
    people = _people_in_post(inputs, as_at).with_columns(band=sex)
    return _by_role(inputs, people, SEX_BANDS, of_known=False)


def ethnicity_by_role(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Non-agency persons in post by ethnicity major group x role; percent of those whose ethnicity is known
    (DfE convention), so "Not known" (REFU, NOBT, none) has no percent."""
    groups = {e.value: e.major_group for e in Ethnicity}
    band = pl.col("ethnicity").replace_strict(groups, default=NOT_KNOWN, return_dtype=pl.String)
    people = _people_in_post(inputs, as_at).with_columns(band=band)
    return _by_role(inputs, people, ETHNICITY_BANDS, of_known=True)


def length_of_service_bands(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Non-agency persons in post by completed years with the council at ``as_at`` (``SERVICE_BANDS``).

    Columns ``SERVICE_COLUMNS``. Service runs from the earliest start date of the person's engagements in post at
    the date; "Not known" when one of them has no start date (it began before the records did).
    """
    bounds = [(2, SERVICE_BANDS[0]), (5, SERVICE_BANDS[1]), (10, SERVICE_BANDS[2]), (20, SERVICE_BANDS[3])]
    band = _banded(_whole_years(pl.col("service_start"), as_at), bounds, SERVICE_BANDS[4])
    people = _people_in_post(inputs, as_at).with_columns(band=band)
    counts = people.group_by("la_code", "band").agg(headcount=pl.len().cast(pl.Int64))
    return (
        _grid(inputs, "band", SERVICE_BANDS)
        .join(counts, on=["la_code", "band"], how="left")
        .with_columns(pl.col("headcount").fill_null(0))
        .with_columns(percent=_share(pl.col("headcount"), pl.col("headcount").sum().over("la_code")))
        .sort("la_code", "_order")
        .select(SERVICE_COLUMNS)
    )


# ------------------------------------------------------------------------------------------------- flows


def _flows(
    inputs: CouncilFrames, period: Period, *, starters: bool, code_column: str, codes: type[CodeList]
) -> pl.DataFrame:
    """Non-agency starters (or leavers) in ``period`` by ``code_column``: headcount of distinct (person, date),
    FTE of the assignment covering the date (starters with none: their earliest assignment), every code listed."""
    ref = "start_date" if starters else "end_date"
    movers = inputs.engagements.filter(
        ~pl.col("agency") & pl.col(ref).is_between(pl.lit(period.start), pl.lit(period.end))
    ).select(*ENG, "person_key", code=pl.col(code_column), ref=pl.col(ref))
    candidates = movers.select(*ENG, "ref").join(inputs.assignments, on=ENG)
    covering = (
        candidates.filter(covers_expr(pl.col("ref")))
        .group_by(ENG)
        .agg(fte=pl.col("fte").sort_by("effective_from").last(), covered=pl.lit(True))
    )
    earliest = candidates.group_by(ENG).agg(first_fte=pl.col("fte").sort_by("effective_from").first())
    fallback = pl.col("covered").is_null() & pl.lit(starters)
    with_fte = (
        movers.join(covering, on=ENG, how="left")
        .join(earliest, on=ENG, how="left")
        .with_columns(fte=pl.when(fallback).then(pl.col("first_fte")).otherwise(pl.col("fte")))
    )
    summed = with_fte.group_by("la_code", "code").agg(
        headcount=pl.struct("person_key", "ref").n_unique().cast(pl.Int64), fte=pl.col("fte").sum()
    )
    labels = {member.value: member.label for member in codes}
    return (
        _grid(inputs, "code", [*labels, None])
        .join(summed, on=["la_code", "code"], how="left", nulls_equal=True)
        .with_columns(
            pl.col("headcount").fill_null(0),
            pl.col("fte").fill_null(0.0),
            label=pl.col("code").replace_strict(labels, default=NOT_RECORDED, return_dtype=pl.String),
        )
        .with_columns(percent=_share(pl.col("headcount"), pl.col("headcount").sum().over("la_code")))
        .sort("la_code", "_order")
        .select(FLOW_COLUMNS)
    )


def leavers_by_reason(inputs: CouncilFrames, *, period: Period) -> pl.DataFrame:
    """Non-agency leavers (end date in ``period``) by ``ReasonLeave`` code; columns ``FLOW_COLUMNS``."""
    return _flows(inputs, period, starters=False, code_column="reason_leave", codes=ReasonLeave)


def leavers_by_destination(inputs: CouncilFrames, *, period: Period) -> pl.DataFrame:
    """Non-agency leavers (end date in ``period``) by ``LeaverDestination`` code; columns ``FLOW_COLUMNS``."""
    return _flows(inputs, period, starters=False, code_column="destination", codes=LeaverDestination)


def starters_by_origin(inputs: CouncilFrames, *, period: Period) -> pl.DataFrame:
    """Non-agency starters (start date in ``period``) by ``StartOrigin`` code; columns ``FLOW_COLUMNS``."""
    return _flows(inputs, period, starters=True, code_column="start_origin", codes=StartOrigin)


# --------------------------------------------------------------------------------------------- caseloads


def caseload_by_worker(
    inputs: CouncilFrames, *, as_at: date, thresholds: CaseloadThresholds = DEFAULT_THRESHOLDS
) -> pl.DataFrame:
    """Every worker in post at ``as_at`` (agency included) with their caseload; columns
    ``WORKER_CASELOAD_COLUMNS``.

    ``cases`` is the latest snapshot dated from ``as_at`` - 31 days to ``as_at`` (null: no snapshot; the DfE
    measures count such a worker as holding no cases), ``snapshot_on`` its date, ``cases_per_fte`` = cases / FTE
    (null when either is null or FTE is 0), ``flag`` "red" above ``thresholds.red``, "amber" above
    ``thresholds.amber``, else "green" (null when cases_per_fte is null).
    """
    on, day = pl.col("on"), pl.lit(as_at)
    snapshots = (
        inputs.caseloads.filter((on <= day) & (on >= pl.lit(as_at - CASELOAD_LOOKBACK)))
        .group_by(ENG)
        .agg(cases=pl.col("cases").sort_by("on").last(), snapshot_on=on.max())
    )
    per_fte = pl.when(pl.col("fte") > 0).then(pl.col("cases") / pl.col("fte"))
    flag = (
        pl.when(pl.col("cases_per_fte").is_null())
        .then(None)
        .when(pl.col("cases_per_fte") > thresholds.red)
        .then(pl.lit("red"))
        .when(pl.col("cases_per_fte") > thresholds.amber)
        .then(pl.lit("amber"))
        .otherwise(pl.lit("green"))
    )
    workers = _named(_in_post(inputs, as_at), inputs).join(snapshots, on=ENG, how="left")
    return (
        workers.with_columns(cases_per_fte=per_fte, role_label=_role_label(pl.col("role")))
        .with_columns(flag=flag)
        .sort("la_code", pl.col("team_key").is_null(), "team_name", "engagement_key")
        .select(WORKER_CASELOAD_COLUMNS)
    )


def caseload_by_team(
    inputs: CouncilFrames, *, as_at: date, thresholds: CaseloadThresholds = DEFAULT_THRESHOLDS
) -> pl.DataFrame:
    """Caseloads per team as at ``as_at`` plus a total row per council; columns ``TEAM_CASELOAD_COLUMNS``.

    workers (engagements in post, agency included), fte, case_holders_fte (FTE of workers with cases > 0),
    cases, average_cases_per_fte = cases / case_holders_fte (the DfE caseload definition, so the total row equals
    the measure ``caseload_fte``), max_cases, max_cases_per_fte, above_amber / above_red (workers whose cases per
    FTE are above the threshold; red ones count in both).
    """
    workers = caseload_by_worker(inputs, as_at=as_at, thresholds=thresholds)
    per_fte, cases = pl.col("cases_per_fte"), pl.col("cases")
    aggregates = [
        pl.len().alias("workers").cast(pl.Int64),
        pl.col("fte").sum(),
        pl.col("fte").filter(cases > 0).sum().alias("case_holders_fte"),
        cases.sum().cast(pl.Int64),
        cases.max().alias("max_cases"),
        per_fte.max().alias("max_cases_per_fte"),
        (per_fte > thresholds.amber).sum().cast(pl.Int64).alias("above_amber"),
        (per_fte > thresholds.red).sum().cast(pl.Int64).alias("above_red"),
    ]
    teams = (
        workers.group_by("la_code", "team_key", "team_name", maintain_order=True)
        .agg(aggregates)
        .with_columns(is_total=pl.lit(False))
    )
    totals = (
        inputs.councils.select("la_code")
        .join(workers.group_by("la_code").agg(aggregates), on="la_code", how="left")
        .with_columns(
            pl.col("workers", "cases", "above_amber", "above_red").fill_null(0),
            pl.col("fte", "case_holders_fte").fill_null(0.0),
            team_key=pl.lit(None, pl.String),
            team_name=pl.lit(TOTAL),
            is_total=pl.lit(True),
        )
    )
    average = pl.when(pl.col("case_holders_fte") > 0).then(pl.col("cases") / pl.col("case_holders_fte"))
    return _with_totals(teams, totals, TEAM_CASELOAD_COLUMNS, average_cases_per_fte=average)


# ------------------------------------------------------------------------------------ presentation helpers


def rounded_profile(frame: pl.DataFrame, *, decimals: int = 1) -> pl.DataFrame:
    """Round every float column (FTE, percentages, cases per FTE) half up to ``decimals`` places, as the DfE
    measures are presented (``domain.rounding.round_half_up``); counts are already whole."""
    floats = [name for name, dtype in frame.schema.items() if dtype in (pl.Float64, pl.Float32)]
    return frame.with_columns(round_half_up(pl.col(name), decimals).alias(name) for name in floats)
