"""Local measures the council workforce strategies name, computed with Polars for many councils at once.

Each measure is declared once, in :mod:`csc_workforce.measures.strategy_catalogue` (``computed_by`` names which
function here computes it); ``docs/strategy-measures.md`` gives every definition. :func:`local_measures`
returns one row per council (``la_code`` then ``LOCAL_COMPUTED_IDS``), unrounded, as at a date ``as_at`` with
flows over a period (by default the 12 months to ``as_at``). The date is always an argument.

The figures reuse the DfE measures (:func:`~csc_workforce.measures.compute.measures_for_windows`: turnover and
days lost) and the profile tables (:mod:`csc_workforce.measures.profile`: establishment, people in post,
length of service, starters and leavers, caseloads), so a worker is "in post" by the same rule everywhere.
Every function takes the council's frames (:class:`~csc_workforce.measures.inputs.CouncilFrames`); the CFKSS
statuses and the Step Up / Frontline flags are columns of its assignments and people.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from csc_workforce.domain.codes import (
    CFKSSStatus,
    Ethnicity,
    LeaverDestination,
    ReasonLeave,
    SicknessCause,
    StartOrigin,
)
from csc_workforce.domain.periods import Period, twelve_months_to
from csc_workforce.measures.agency import agency_measures
from csc_workforce.measures.allocations import allocation_measures
from csc_workforce.measures.audits import audit_measures
from csc_workforce.measures.compute import SICKNESS, Window, measures_for_windows
from csc_workforce.measures.hr_cases import hr_case_measures
from csc_workforce.measures.indicators import indicator_measures
from csc_workforce.measures.inputs import CouncilFrames, Pooled
from csc_workforce.measures.placements import placement_measures
from csc_workforce.measures.profile import (
    ETHNICITY_BANDS,
    NOT_KNOWN,
    SERVICE_BANDS,
    _in_post,
    _people_in_post,
    _share,
    caseload_by_team,
    caseload_by_worker,
    establishment_by_team,
    leavers_by_destination,
    leavers_by_reason,
    length_of_service_bands,
    starters_by_origin,
)
from csc_workforce.measures.programmes import programme_measures
from csc_workforce.measures.progression import PROGRESSION_MEASURE_IDS, progression_measures
from csc_workforce.measures.recruitment import recruitment_measures
from csc_workforce.measures.rules import permanency_rate_expr
from csc_workforce.measures.supervision import SUPERVISION_COLUMNS, supervision_measures
from csc_workforce.measures.training import training_measures
from csc_workforce.measures.turnover_cost import turnover_cost_measures

ENG = ["la_code", "engagement_key"]
FRONTLINE_ROLES: tuple[str, ...] = ("4", "5")
MANAGER_ROLES: tuple[str, ...] = ("1", "2", "3")
LONG_TERM_DAYS = 28  # calendar days: a sickness spell this long or longer is long-term
CONSULTANT_WEIGHT = 0.5  # Slough: consultant practitioners hold 50% of a full caseload
ASYE_WEIGHT = 0.9  # Slough: ASYE social workers hold 90% of a full caseload
ETHNIC_MINORITY = "Ethnic minority"
REFERENCE_GROUPS: tuple[str, ...] = (*(b for b in ETHNICITY_BANDS if b != NOT_KNOWN), ETHNIC_MINORITY)
REFERENCE_COLUMNS: tuple[str, ...] = (
    "la_code",
    "group",
    "headcount",
    "workforce_pct",
    "reference_pct",
    "difference_pp",
)


def year_before(day: date) -> date:
    """The same date a year earlier (29 February -> 28 February)."""
    return twelve_months_to(day).start - timedelta(days=1)


# ------------------------------------------------------------------------------------------------- public


def local_measures(inputs: CouncilFrames, *, as_at: date, period: Period | None = None) -> pl.DataFrame:
    """Every computed local measure per council: ``la_code`` then ``LOCAL_COMPUTED_IDS``, unrounded.

    Stocks are as at ``as_at``; flows (starters, leavers, agency placements, days lost) are over ``period``,
    by default the 12 months to ``as_at``; the rolling-12-month measures always use the 12 months to ``as_at``.
    """
    period = period or twelve_months_to(as_at)
    parts = [
        _establishment(inputs, as_at),
        _permanency(inputs, as_at),
        _agency(inputs, as_at, period),
        _diversity(inputs, as_at),
        _service(inputs, as_at),
        _dfe_based(inputs, as_at, period),
        _frontline_turnover(inputs, as_at),
        _retention(inputs, as_at),
        _flows(inputs, as_at, period),
        _caseloads(inputs, as_at),
        _sickness_spells(inputs, period),
        programme_measures(inputs, as_at=as_at, period=period),
        placement_measures(inputs, as_at=as_at, period=period),
        training_measures(inputs, as_at=as_at, period=period),
        progression_measures(inputs, as_at=as_at, period=period),
        supervision_measures(inputs, as_at=as_at, period=period),
        hr_case_measures(inputs, as_at=as_at, period=period),
        audit_measures(inputs, as_at=as_at, period=period),
        indicator_measures(inputs, as_at=as_at, period=period),
        allocation_measures(inputs, as_at=as_at),
        agency_measures(inputs, as_at=as_at, period=period),
        recruitment_measures(inputs, as_at=as_at, period=period),
        turnover_cost_measures(inputs, as_at=as_at, period=period),
    ]
    result = inputs.councils.select("la_code")
    for part in parts:
        result = result.join(part, on="la_code", how="left")
    zero_when_none = [
        "establishment_fte",
        "establishment_frontline_fte",
        "establishment_vacant_fte",
        "vacancies_uncovered_fte",
        "agency_in_vacant_posts_fte",
        "agency_placements",
        "nq_starters",
        "agency_to_permanent_conversions",
        "step_up_frontline_starters",
    ]
    # read when it runs: the declarations (strategy_catalogue) name this module's functions
    from csc_workforce.measures.strategy_catalogue import LOCAL_COMPUTED_IDS

    return result.with_columns(pl.col(zero_when_none).fill_null(0)).select("la_code", *LOCAL_COMPUTED_IDS)


SETTINGS_MEASURES: Mapping[str, tuple[str, ...]] = {
    "supervision_policy": tuple(SUPERVISION_COLUMNS),
    "grades": PROGRESSION_MEASURE_IDS[:2],
    "cost_assumptions": ("recruitment_and_turnover_cost",),
    "agency_caps": ("agency_pay_rate_vs_cap", "agency_over_cap_pct"),
}
"""The local measures worked out with each settings frame (``inputs.SETTINGS_FRAMES``): whether a session was
on time is judged by the supervision policy, a promotion by the grade scale, the cost of turnover by the cost
assumptions, a rate against the caps. ``tests/measures/test_pooled.py`` changes each settings frame and checks
no other local measure moves."""

NOT_POOLED: Mapping[str, str] = {
    "mandatory_training_in_date_pct": (
        "each member's mandatory courses are its own, and the members' records taken together would hold every "
        "worker to every member's courses"
    ),
}
"""Local measures a region pooled from its members has no figure for, whatever they share: id -> why."""

MEMBERS_SUMMED: tuple[str, ...] = ("recruitment_and_turnover_cost",)
"""Local measures whose region figure is the sum of the members' own figures, not a figure of their records taken
together: each member's cost of turnover is priced at its own salaries (from its pay records or assumptions)."""

_SETTINGS_DIFFER: Mapping[str, str] = {
    "supervision_policy": "the member councils' supervision policies differ, so there is no one standard to judge by",
    "grades": "the member councils' grade scales differ, so a step up one is not the same step in another",
    "cost_assumptions": "the member councils' turnover cost assumptions differ",
    "agency_caps": "the member councils' agency price caps differ (or they are in different regions)",
}


def pooled_gaps(pooled: Pooled) -> dict[str, str]:
    """The local measures a region pooled from its members (``inputs.pool``) has no figure for, because the
    members do not share the settings they are worked out with: id -> why."""
    return {measure: _SETTINGS_DIFFER[frame] for frame in pooled.differing for measure in SETTINGS_MEASURES[frame]}


def vacancies_by_team(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """``establishment_by_team`` (funded, permanent, agency, vacant and uncovered FTE per team and a total row)
    plus ``vacant_share_pct``: the team's vacant FTE as a percentage of the council's (Worcestershire: 70% of
    vacancies in safeguarding and front door teams)."""
    table = establishment_by_team(inputs, as_at=as_at)
    council_vacant = pl.col("vacant_fte").filter(pl.col("is_total")).first().over("la_code")
    return table.with_columns(vacant_share_pct=_share(pl.col("vacant_fte"), council_vacant))


def ethnicity_against_reference(
    inputs: CouncilFrames, *, as_at: date, reference: Mapping[str, float], managers_only: bool = False
) -> pl.DataFrame:
    """Each council's ethnic mix against a reference population, one row per council x reference group.

    ``reference`` maps a group (an ethnicity major group such as "White" or "Asian / Asian British", or
    "Ethnic minority" for every group but White) to its percentage (0-100) in the reference population: the
    council's whole workforce, the borough's economically active population... (not shipped: the caller
    supplies it). Columns ``REFERENCE_COLUMNS``: headcount in the group, workforce_pct (of council-employed
    persons in post with known ethnicity; managers only when ``managers_only``), reference_pct and
    difference_pp = workforce_pct - reference_pct.
    """
    unknown = [group for group in reference if group not in REFERENCE_GROUPS]
    if unknown:
        raise ValueError(f"unknown reference group(s) {unknown}; use {list(REFERENCE_GROUPS)}")
    wrong = {group: share for group, share in reference.items() if not 0 <= share <= 100}
    if wrong:
        raise ValueError(f"reference shares are percentages from 0 to 100; got {wrong}")
    people = _people_with_groups(inputs, as_at).filter(pl.col("major").is_not_null())
    if managers_only:
        people = people.filter(pl.col("role").is_in(MANAGER_ROLES))
    tagged = pl.concat(
        [
            people.select("la_code", group="major"),
            people.filter(pl.col("major") != "White").select("la_code", group=pl.lit(ETHNIC_MINORITY)),
        ]
    )
    counts = tagged.group_by("la_code", "group").agg(headcount=pl.len().cast(pl.Int64))
    known = people.group_by("la_code").agg(known=pl.len())
    groups = pl.DataFrame(
        {"group": list(reference), "reference_pct": [float(v) for v in reference.values()]},
        schema={"group": pl.String, "reference_pct": pl.Float64},
    ).with_row_index("_order")
    return (
        inputs.councils.select("la_code")
        .join(groups, how="cross")
        .join(counts, on=["la_code", "group"], how="left")
        .join(known, on="la_code", how="left")
        .with_columns(pl.col("headcount").fill_null(0))
        .with_columns(workforce_pct=_share(pl.col("headcount"), pl.col("known")))
        .with_columns(difference_pp=pl.col("workforce_pct") - pl.col("reference_pct"))
        .sort("la_code", "_order")
        .select(REFERENCE_COLUMNS)
    )


# ------------------------------------------------------------------------------------------------- parts


def _establishment(profile: CouncilFrames, as_at: date) -> pl.DataFrame:
    totals = establishment_by_team(profile, as_at=as_at).filter(pl.col("is_total"))
    day = pl.lit(as_at)
    covering = (pl.col("effective_from") <= day) & (pl.col("effective_to").is_null() | (pl.col("effective_to") >= day))
    frontline = (
        profile.posts.filter(covering & pl.col("role").is_in(FRONTLINE_ROLES))
        .group_by("la_code")
        .agg(establishment_frontline_fte=pl.col("funded_fte").sum())
    )
    return totals.select(
        "la_code",
        establishment_fte="funded_fte",
        establishment_vacant_fte="vacant_fte",
        vacancies_uncovered_fte="uncovered_fte",
        agency_in_vacant_posts_fte=pl.col("vacant_fte") - pl.col("uncovered_fte"),
    ).join(frontline, on="la_code", how="left")


def _permanency_rate(roles: tuple[str, ...] | None) -> pl.Expr:
    fte, agency = pl.col("fte"), pl.col("agency")
    chosen = pl.lit(True) if roles is None else pl.col("role").is_in(roles)
    permanent, temporary = fte.filter(chosen & ~agency).sum(), fte.filter(chosen & agency).sum()
    return permanency_rate_expr(permanent, temporary)


def _permanency(profile: CouncilFrames, as_at: date) -> pl.DataFrame:
    return (
        _in_post(profile, as_at)
        .group_by("la_code")
        .agg(
            permanency_rate_fte=_permanency_rate(None),
            permanency_rate_frontline_fte=_permanency_rate(FRONTLINE_ROLES),
            permanency_rate_managers_fte=_permanency_rate(MANAGER_ROLES),
        )
    )


def _agency(profile: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    start = pl.col("start_date")
    long_standing = (
        _in_post(profile, as_at)
        .filter(pl.col("agency") & start.is_not_null())
        .group_by("la_code")
        .agg(agency_over_12_months_pct=_share((start <= pl.lit(year_before(as_at))).sum(), pl.len()))
    )
    placements = (
        profile.engagements.filter(pl.col("agency") & start.is_between(pl.lit(period.start), pl.lit(period.end)))
        .group_by("la_code")
        .agg(agency_placements=pl.len().cast(pl.Int64))
    )
    return (
        profile.councils.select("la_code")
        .join(long_standing, on="la_code", how="left")
        .join(placements, on="la_code", how="left")
    )


def _people_with_groups(profile: CouncilFrames, as_at: date) -> pl.DataFrame:
    """Council-employed persons in post with ``major`` (ethnicity major group, null when not known)."""
    groups = {e.value: e.major_group for e in Ethnicity if e.major_group != NOT_KNOWN}
    major = pl.col("ethnicity").replace_strict(groups, default=None, return_dtype=pl.String)
    return _people_in_post(profile, as_at).with_columns(major=major)


def _diversity(profile: CouncilFrames, as_at: date) -> pl.DataFrame:
    major, sex = pl.col("major"), pl.col("sex")
    managers = pl.col("role").is_in(MANAGER_ROLES)

    def minority(chosen: pl.Expr) -> pl.Expr:
        known = chosen & major.is_not_null()
        return _share((known & (major != "White")).sum(), known.sum())

    def male(chosen: pl.Expr) -> pl.Expr:
        known = chosen & sex.is_in(["M", "F"])
        return _share((known & (sex == "M")).sum(), known.sum())

    return (
        _people_with_groups(profile, as_at)
        .group_by("la_code")
        .agg(
            ethnic_minority_pct=minority(pl.lit(True)),
            ethnic_minority_managers_pct=minority(managers),
            male_pct=male(pl.lit(True)),
            male_managers_pct=male(managers),
        )
    )


def _service(profile: CouncilFrames, as_at: date) -> pl.DataFrame:
    band, headcount = pl.col("band"), pl.col("headcount")
    known = headcount.filter(band != NOT_KNOWN).sum()
    return (
        length_of_service_bands(profile, as_at=as_at)
        .group_by("la_code")
        .agg(
            service_under_2_years_pct=_share(headcount.filter(band == SERVICE_BANDS[0]).sum(), known),
            service_under_5_years_pct=_share(headcount.filter(band.is_in(SERVICE_BANDS[:2])).sum(), known),
        )
    )


def _dfe_based(measures: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    """Rolling 12-month turnover and days lost per FTE over ``period``, from the DfE measures (one pass)."""
    windows = [Window("period", as_at, period), Window("12m", as_at, twelve_months_to(as_at))]
    dfe = measures_for_windows(measures, windows, total=False)
    turnover = dfe.filter(pl.col("time_period") == "12m").select(
        la_code="old_la_code", turnover_rate_12m_fte="turnover_rate_fte"
    )
    per_fte = pl.when(pl.col("inpost_fte") > 0).then(pl.col("working_days_lost_fte") / pl.col("inpost_fte"))
    sickness = dfe.filter(pl.col("time_period") == "period").select(
        la_code="old_la_code", sickness_days_per_fte=per_fte
    )
    return turnover.join(sickness, on="la_code", how="full", coalesce=True)


def _frontline_turnover(profile: CouncilFrames, as_at: date) -> pl.DataFrame:
    """Frontline leavers over the 12 months to ``as_at`` (role and FTE of the latest assignment starting on or
    before the leaving date) / frontline council-employed FTE in post at ``as_at`` x 100."""
    twelve = twelve_months_to(as_at)
    end = pl.col("end_date")
    leavers = profile.engagements.filter(~pl.col("agency") & end.is_between(pl.lit(twelve.start), pl.lit(twelve.end)))
    at_leaving = (
        leavers.select(*ENG, "end_date")
        .join(profile.assignments, on=ENG)
        .filter(pl.col("effective_from") <= end)
        .group_by(ENG)
        .agg(pl.col("role", "fte").sort_by("effective_from").last())
        .filter(pl.col("role").is_in(FRONTLINE_ROLES))
        .group_by("la_code")
        .agg(leavers_fte=pl.col("fte").sum())
    )
    in_post = (
        _in_post(profile, as_at)
        .filter(~pl.col("agency") & pl.col("role").is_in(FRONTLINE_ROLES))
        .group_by("la_code")
        .agg(inpost_fte=pl.col("fte").sum())
    )
    return (
        profile.councils.select("la_code")
        .join(at_leaving, on="la_code", how="left")
        .join(in_post, on="la_code", how="left")
        .select(
            "la_code", turnover_rate_frontline_12m_fte=_share(pl.col("leavers_fte").fill_null(0), pl.col("inpost_fte"))
        )
    )


def _staff_persons(profile: CouncilFrames, day: date) -> pl.DataFrame:
    return _in_post(profile, day).filter(~pl.col("agency")).select("la_code", "person_key").unique()


def _retention(profile: CouncilFrames, as_at: date) -> pl.DataFrame:
    before = _staff_persons(profile, year_before(as_at))
    retained = before.join(_staff_persons(profile, as_at), on=["la_code", "person_key"], how="semi")
    counts = before.group_by("la_code").agg(before=pl.len())
    kept = retained.group_by("la_code").agg(kept=pl.len())
    return counts.join(kept, on="la_code", how="left").select(
        "la_code", retention_rate=_share(pl.col("kept").fill_null(0), pl.col("before"))
    )


def _code_share(table: pl.DataFrame, code: str, column: str) -> pl.DataFrame:
    return table.filter(pl.col("code") == code).select("la_code", pl.col("percent").alias(column))


def _flows(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    starters_table = starters_by_origin(inputs, period=period)
    nq = starters_table.filter(pl.col("code") == StartOrigin.NEWLY_QUALIFIED.value).select(
        "la_code", nq_starters="headcount", nq_starters_pct="percent"
    )
    resigned = _code_share(
        leavers_by_reason(inputs, period=period), ReasonLeave.RESIGNATION.value, "leavers_resignation_pct"
    )
    to_agency = _code_share(
        leavers_by_destination(inputs, period=period), LeaverDestination.AGENCY.value, "leavers_to_agency_pct"
    )
    start = pl.col("start_date")
    starters = inputs.engagements.filter(~pl.col("agency") & start.is_between(pl.lit(period.start), pl.lit(period.end)))
    return (
        inputs.councils.select("la_code")
        .join(nq, on="la_code", how="left")
        .join(resigned, on="la_code", how="left")
        .join(to_agency, on="la_code", how="left")
        .join(_conversions(inputs, starters), on="la_code", how="left")
        .join(_route_starters(inputs, starters), on="la_code", how="left")
        .join(_nq_retained(inputs, starters, as_at), on="la_code", how="left")
    )


def _conversions(profile: CouncilFrames, starters: pl.DataFrame) -> pl.DataFrame:
    """Starters with origin 4 (agency) or an agency engagement of the same person that started earlier (an
    agency engagement with no start date began before the records, so earlier)."""
    agency = profile.engagements.filter(pl.col("agency")).select("la_code", "person_key", agency_start="start_date")
    earlier = (
        starters.join(agency, on=["la_code", "person_key"])
        .filter(pl.col("agency_start").is_null() | (pl.col("agency_start") < pl.col("start_date")))
        .select("la_code", "person_key", "start_date")
    )
    by_origin = starters.filter(pl.col("start_origin") == StartOrigin.AGENCY.value).select(
        "la_code", "person_key", "start_date"
    )
    return (
        pl.concat([by_origin, earlier])
        .unique()
        .group_by("la_code")
        .agg(agency_to_permanent_conversions=pl.len().cast(pl.Int64))
    )


def _route_starters(inputs: CouncilFrames, starters: pl.DataFrame) -> pl.DataFrame:
    graduates = _routes(inputs).filter(
        pl.col("step_up_grad").fill_null(False) | pl.col("frontline_grad").fill_null(False)
    )
    return (
        starters.join(graduates, on=["la_code", "person_key"], how="semi")
        .select("la_code", "person_key", "start_date")
        .unique()
        .group_by("la_code")
        .agg(step_up_frontline_starters=pl.len().cast(pl.Int64))
    )


def _nq_retained(profile: CouncilFrames, starters: pl.DataFrame, as_at: date) -> pl.DataFrame:
    cohort = (
        starters.filter(pl.col("start_origin") == StartOrigin.NEWLY_QUALIFIED.value)
        .select("la_code", "person_key")
        .unique()
    )
    staying = cohort.join(_staff_persons(profile, as_at), on=["la_code", "person_key"], how="semi")
    kept = staying.group_by("la_code").agg(kept=pl.len())
    return (
        cohort.group_by("la_code")
        .agg(cohort=pl.len())
        .join(kept, on="la_code", how="left")
        .select("la_code", nq_starters_retained_pct=_share(pl.col("kept").fill_null(0), pl.col("cohort")))
    )


def _asye_engagements(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """Engagements in their ASYE at ``as_at``: CFKSS status ASYE on the status record covering the date (the
    later-starting one if several), or a newly qualified start in the 12 months to ``as_at``."""
    day = pl.lit(as_at)
    covering = (pl.col("effective_from") <= day) & (pl.col("effective_to").is_null() | (pl.col("effective_to") >= day))
    by_status = (
        _statuses(inputs)
        .filter(covering)
        .group_by(ENG)
        .agg(pl.col("cfkss_status").sort_by("effective_from").last())
        .filter(pl.col("cfkss_status") == CFKSSStatus.ASYE.value)
        .select(ENG)
    )
    start = pl.col("start_date")
    by_start = inputs.engagements.filter(
        (pl.col("start_origin") == StartOrigin.NEWLY_QUALIFIED.value) & (start > pl.lit(year_before(as_at)))
    ).select(ENG)
    return pl.concat([by_status, by_start]).unique().with_columns(asye=pl.lit(True))


def _caseloads(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    consultant = pl.col("job_title").str.to_lowercase().str.contains("consultant").fill_null(False)
    asye = pl.col("asye").fill_null(False)
    weight = pl.when(consultant).then(CONSULTANT_WEIGHT).when(asye).then(ASYE_WEIGHT).otherwise(1.0)
    workers = (
        caseload_by_worker(inputs, as_at=as_at)
        .join(_asye_engagements(inputs, as_at), on=ENG, how="left")
        .with_columns(capacity=pl.col("fte") * weight)
    )
    cases, capacity = pl.col("cases"), pl.col("capacity")
    holding, weighable = cases > 0, (cases > 0) & (capacity > 0)
    per_worker = workers.group_by("la_code").agg(
        caseload_average_per_worker=pl.when(holding.sum() > 0).then(cases.filter(holding).sum() / holding.sum()),
        caseload_max=cases.max(),
        caseload_weighted=pl.when(weighable.sum() > 0).then(
            cases.filter(weighable).sum() / capacity.filter(weighable).sum()
        ),
        caseload_weighted_max=(cases / capacity).filter(capacity > 0).max(),
        caseload_asye_max=cases.filter(asye).max(),
    )
    average = pl.col("average_cases_per_fte")
    spread = (
        caseload_by_team(inputs, as_at=as_at)
        .filter(~pl.col("is_total") & average.is_not_null())
        .group_by("la_code")
        .agg(caseload_team_spread=average.max() - average.min())
    )
    return per_worker.join(spread, on="la_code", how="full", coalesce=True)


def sickness_spells(measures: CouncilFrames, period: Period) -> pl.DataFrame:
    """The sickness spells of council-employed workers overlapping ``period``: la_code, engagement_key, cause,
    lost (working days lost in the period, pro rata to the part of the spell inside it, as the DfE measure),
    long_term (28 calendar days or more; null for a census return's total for the year, which is no spell),
    year_total."""
    start, end = pl.col("start"), pl.col("end")
    p_start, p_end = pl.lit(period.start), pl.lit(period.end)
    overlap = (pl.min_horizontal(end, p_end) - pl.max_horizontal(start, p_start)).dt.total_days() + 1
    length = pl.max_horizontal((end - start).dt.total_days() + 1, pl.lit(1))
    staff = measures.engagements.filter(~pl.col("agency")).select(ENG)
    return (
        measures.absences.filter(pl.col("reason") == SICKNESS)
        .join(staff, on=ENG)
        .filter(overlap > 0)
        .with_columns(year_total=pl.col("year_total").fill_null(False))
        .select(
            *ENG,
            "cause",
            "year_total",
            lost=pl.col("working_days_lost") * overlap / length,
            long_term=pl.when(~pl.col("year_total")).then(length >= LONG_TERM_DAYS),
        )
    )


CAUSE_COLUMNS: tuple[str, ...] = (
    "la_code",
    "cause",
    "cause_label",
    "is_total",
    "spells",
    "days",
    "long_term_days",
    "percent",
)
NOT_RECORDED = "Not recorded"


def sickness_by_cause(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Sickness absence by cause over ``period`` (on or before ``as_at``): one row per cause (``SicknessCause``)
    with spells, working days lost (pro rata in the period, as ``sickness_days_per_fte``), of them long-term,
    and the percentage of all days lost to sickness; spells with no cause recorded as "Not recorded"; a total
    row per council; columns ``CAUSE_COLUMNS``, the causes by days lost, most first. Only for councils holding
    a cause on at least one absence (the others have no rows: nothing is known of their causes). A record losing
    no working day in the period is not counted; one whose days lost are not known counts as a spell."""
    last = min(as_at, period.end)
    window = Period(period.start, last) if last >= period.start else period
    holding = inputs.absences.filter(pl.col("cause").is_not_null()).select("la_code").unique()
    spells = (
        sickness_spells(inputs, window)
        .join(holding, on="la_code", how="semi")
        .filter(pl.col("lost").is_null() | (pl.col("lost") > 0))  # a record of no day lost is no spell
    )
    lost, long_term = pl.col("lost"), pl.col("long_term")
    summed = [
        pl.len().cast(pl.Int64).alias("spells"),
        lost.sum().alias("days"),
        pl.when(~_totals_lose_days()).then(lost.filter(long_term).sum()).alias("long_term_days"),
    ]
    labels = {c.value: c.label for c in SicknessCause}
    by_cause = (
        spells.group_by("la_code", "cause")
        .agg(summed)
        .with_columns(
            cause_label=pl.col("cause").replace_strict(labels, default=NOT_RECORDED, return_dtype=pl.String),
            is_total=pl.lit(False),
        )
    )
    totals = (
        spells.group_by("la_code")
        .agg(summed)
        .with_columns(cause=pl.lit(None, pl.String), cause_label=pl.lit("Total"), is_total=pl.lit(True))
    )
    both = pl.concat([by_cause, totals], how="diagonal_relaxed")
    all_days = pl.col("days").filter(pl.col("is_total")).first().over("la_code")
    return (
        both.with_columns(percent=_share(pl.col("days"), all_days))
        .sort("la_code", "is_total", pl.col("cause").is_null(), pl.col("days"), descending=[False, False, False, True])
        .select(CAUSE_COLUMNS)
    )


def _totals_lose_days() -> pl.Expr:
    """Whether any of the records lost days in a census return's total for the year (whose spells are not
    known): then no split into long- and short-term can be given."""
    return (pl.col("year_total") & (pl.col("lost").fill_null(0) > 0)).any()


def _sickness_spells(measures: CouncilFrames, period: Period) -> pl.DataFrame:
    """Working days lost in ``period`` to long-term (28+ calendar days) and short-term sickness spells of
    council-employed workers, pro rata to the part of each spell inside the period (as the DfE measure); null
    when a census return's total for the year lost days in the period: it says nothing of how long each spell
    was, so the split is not known (never a guess)."""
    lost, long_term = pl.col("lost"), pl.col("long_term")
    known = ~_totals_lose_days()
    split = (
        sickness_spells(measures, period)
        .group_by("la_code")
        .agg(
            sickness_long_term_days=pl.when(known).then(lost.filter(long_term).sum()),
            sickness_short_term_days=pl.when(known).then(lost.filter(~long_term).sum()),
            _held=pl.lit(True),
        )
    )
    none = pl.col("_held").is_null()  # no sickness in the period: 0 days of each
    return (
        measures.councils.select("la_code")
        .join(split, on="la_code", how="left")
        .with_columns(
            pl.when(none).then(0.0).otherwise(pl.col(c)).alias(c)
            for c in ("sickness_long_term_days", "sickness_short_term_days")
        )
        .drop("_held")
        .with_columns(
            sickness_long_term_pct=_share(
                pl.col("sickness_long_term_days"),
                pl.col("sickness_long_term_days") + pl.col("sickness_short_term_days"),
            )
        )
    )


def _statuses(frames: CouncilFrames) -> pl.DataFrame:
    """CFKSS status per assignment, effective-dated: la_code, engagement_key, effective_from, effective_to,
    cfkss_status ("1".."4"), for the assignments that give one."""
    return frames.assignments.filter(pl.col("cfkss_status").is_not_null()).select(
        "la_code", "engagement_key", "effective_from", "effective_to", "cfkss_status"
    )


def _routes(frames: CouncilFrames) -> pl.DataFrame:
    """la_code, person_key, step_up_grad, frontline_grad."""
    return frames.people.select("la_code", "person_key", "step_up_grad", "frontline_grad")
