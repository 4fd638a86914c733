"""ASYE measures: starts, completions and outcomes, cohort retention, protected caseloads and development time.

Read from the ``programmes`` frame (:class:`~csc_workforce.measures.inputs.CouncilFrames`), the spells whose
``programme`` is ``asye``. Each measure is declared in :mod:`csc_workforce.measures.strategy_catalogue`
(``reads=("programmes",)``); the scalar ones are columns of :func:`~csc_workforce.measures.local.local_measures`
through :func:`programme_measures`.

Conventions (the declarations repeat them):

- **An ASYE** is a person's first ASYE spell plus the spells that continue it: a spell of the same person whose
  previous ASYE spell (by start date) ended with outcome ``extended`` is the extension, not a new ASYE. An
  extension is therefore never a second start, and its outcome is the ASYE's outcome. A council may also keep
  one spell and mark it ``extended`` while the extension runs; both ways give the same figures.
- **Final outcomes** are passed, failed and left. ``extended`` is not final: a spell that ends ``extended``
  counts in no completion and no pass rate (the ASYE counts once, when the spell carrying its final outcome
  ends).
- **A council holding no ASYE spell** gets null for every ASYE measure, not 0.
- **In post with the council** on a day: a council-employed (not agency) engagement of the person in post that
  day with an assignment covering it (:func:`~csc_workforce.measures.rules.in_post_expr`,
  :func:`~csc_workforce.measures.rules.covers_expr`), any engagement.
- **Cohort year**: the financial year (1 April to 31 March) in which the ASYE began, labelled "2017/18".
  Newly qualified social workers mostly start between July and November, after their degree; a financial year
  keeps one summer and autumn intake in one cohort (a census year, ending 30 September, would split it), it is
  how councils report their ASYE numbers ("11 in 2015/16", Lewisham), and placement income is by financial
  year too.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import Programme, ProgrammeOutcome
from csc_workforce.domain.periods import Period, twelve_months_to
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import TOTAL, _share, caseload_by_worker
from csc_workforce.measures.rules import covers_expr, in_post_expr

ENG = ["la_code", "engagement_key"]
PERSON = ["la_code", "person_key"]
ASYE = Programme.ASYE.value
PASSED, EXTENDED = ProgrammeOutcome.PASSED.value, ProgrammeOutcome.EXTENDED.value
FAILED, LEFT, ONGOING = ProgrammeOutcome.FAILED.value, ProgrammeOutcome.LEFT.value, ProgrammeOutcome.ONGOING.value
FINAL_OUTCOMES: tuple[str, ...] = (PASSED, FAILED, LEFT)
RETENTION_YEARS: tuple[int, ...] = (1, 2, 3)
FINANCIAL_YEAR_START_MONTH = 4  # the financial year runs from 1 April to 31 March

ASYE_MEASURE_IDS: tuple[str, ...] = (
    "asye_starts",
    "asye_completions",
    "asye_pass_pct",
    *(f"asye_retention_{n}y_pct" for n in RETENTION_YEARS),
    "asye_over_protected_caseload",
    "protected_development_time",
)
PROGRAMME_COUNT_COLUMNS: tuple[str, ...] = (
    "asye_starts",
    "asye_completions",
    "asye_final_outcomes",
    *(f"asye_retention_{n}y_{part}" for n in RETENTION_YEARS for part in ("cohort", "kept")),
    "asye_over_protected_caseload",
    "protected_time_spells",
)
COHORT_COLUMNS: tuple[str, ...] = (
    "la_code",
    "cohort_year",
    "cohort",
    "started",
    "passed",
    "extended",
    "failed",
    "left",
    "ongoing",
    "in_post",
    "in_post_pct",
    *(f"retained_{n}y{suffix}" for n in RETENTION_YEARS for suffix in ("", "_pct")),
)
ASYE_CASELOAD_COLUMNS: tuple[str, ...] = (
    "la_code",
    "team_key",
    "team_name",
    "is_total",
    "asye_workers",
    "with_snapshot",
    "with_protected_caseload",
    "mean_cases",
    "mean_protected_caseload",
    "over_protected",
)


# ------------------------------------------------------------------------------------------------- helpers


def years_before(day: date, years: int) -> date:
    """The same date ``years`` years earlier (29 February -> 28 February), as ``local.year_before`` for one."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


def financial_year(day: pl.Expr) -> pl.Expr:
    """The financial year a date falls in, named by the year it starts (1 April 2015 to 31 March 2016 is 2015)."""
    return day.dt.year().cast(pl.Int64) - (day.dt.month() < FINANCIAL_YEAR_START_MONTH).cast(pl.Int64)


def financial_year_label(year: pl.Expr) -> pl.Expr:
    """2015 -> "2015/16"."""
    return pl.format("{}/{}", year, ((year + 1) % 100).cast(pl.String).str.zfill(2))


def _spells(inputs: CouncilFrames) -> pl.DataFrame:
    """The ASYE spells with ``asye_no`` (the person's ASYE it belongs to: 1, 2...) and ``began`` (the start of
    that ASYE's first spell): a spell following one that ended ``extended`` continues it."""
    spells = inputs.programmes.filter(pl.col("programme") == ASYE).sort("la_code", "person_key", "start")
    previous = pl.col("outcome").shift(1).over(PERSON)
    continues = (previous == EXTENDED).fill_null(False)
    return (
        spells.with_columns(continues=continues)
        .with_columns(asye_no=(~pl.col("continues")).cast(pl.Int64).cum_sum().over(PERSON))
        .with_columns(began=pl.col("start").min().over(*PERSON, "asye_no"))
    )


def _asyes(spells: pl.DataFrame) -> pl.DataFrame:
    """One row per ASYE: la_code, person_key, asye_no, began."""
    return spells.select(*PERSON, "asye_no", "began").unique(maintain_order=True)


def _held(inputs: CouncilFrames) -> pl.DataFrame:
    """The councils holding at least one ASYE spell (the others get null, not 0)."""
    return inputs.programmes.filter(pl.col("programme") == ASYE).select("la_code").unique()


def _employed_on(inputs: CouncilFrames, who: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``who`` (la_code, person_key, day, ...) whose person is in post with the council on ``day``:
    a council-employed engagement in post that day with an assignment covering it (any engagement)."""
    day = pl.col("day")
    staff = inputs.engagements.filter(~pl.col("agency")).select(*PERSON, "engagement_key", "start_date", "end_date")
    covering = (
        who.select(*PERSON, "day")
        .unique()
        .join(staff, on=PERSON)
        .filter(in_post_expr(day))
        .join(inputs.assignments.select(*ENG, "effective_from", "effective_to"), on=ENG)
        .filter(covers_expr(day))
        .select(*PERSON, "day")
        .unique()
    )
    return who.join(covering, on=[*PERSON, "day"], how="semi")


def _covering(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """ASYE spells covering ``as_at`` (started on or before it, not ended before it)."""
    day = pl.lit(as_at)
    return inputs.programmes.filter(
        (pl.col("programme") == ASYE) & (pl.col("start") <= day) & (pl.col("end").is_null() | (pl.col("end") >= day))
    )


def _asye_workers(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """Engagements in post at ``as_at`` (agency included) on an ASYE spell covering it, with their team, cases
    (``caseload_by_worker``: the latest snapshot in the 31 days to ``as_at``; null when none) and the spell's
    protected caseload. A spell naming its engagement is matched to it; one that does not, to the person's
    engagements in post. An engagement with two such spells takes the later-starting one."""
    spells = _covering(inputs, as_at).select(
        *PERSON, "engagement_key", spell_start="start", protected_caseload="protected_caseload"
    )
    workers = caseload_by_worker(inputs, as_at=as_at).select(*ENG, "person_key", "team_key", "team_name", "cases")
    named = spells.filter(pl.col("engagement_key").is_not_null()).drop("person_key").join(workers, on=ENG)
    unnamed = spells.filter(pl.col("engagement_key").is_null()).drop("engagement_key").join(workers, on=PERSON)
    both = pl.concat([named, unnamed], how="diagonal_relaxed")
    return both.sort("spell_start").unique(ENG, keep="last").sort(*ENG)


# ------------------------------------------------------------------------------------------------- measures


def programme_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The ASYE columns of ``local_measures`` (``ASYE_MEASURE_IDS``), one row per council, unrounded; null for
    a council holding no ASYE spell: the counts of :func:`programme_counts`, the pass and retention rates of
    them, and the mean protected development time."""
    retention = {
        f"asye_retention_{n}y_pct": _share(pl.col(f"asye_retention_{n}y_kept"), pl.col(f"asye_retention_{n}y_cohort"))
        for n in RETENTION_YEARS
    }
    return (
        _programme_counts(inputs, as_at=as_at, period=period)
        .with_columns(asye_pass_pct=_share(pl.col("asye_completions"), pl.col("asye_final_outcomes")), **retention)
        .select("la_code", *ASYE_MEASURE_IDS)
    )


def programme_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The counts the ASYE measures are over, one row per council (null for a council holding no ASYE spell):
    la_code, ``PROGRAMME_COUNT_COLUMNS``. asye_starts, asye_completions (passed) and asye_final_outcomes (spells
    ended in P with a final outcome: the pass rate's denominator); asye_retention_{n}y_cohort (the people whose
    ASYE began in the 12 months ending n years before D; null when none) and asye_retention_{n}y_kept (those of
    them in post with the council at D); asye_over_protected_caseload; protected_time_spells (the ASYE spells
    covering D with a protected time recorded, over which protected_development_time is the mean)."""
    return _programme_counts(inputs, as_at=as_at, period=period).select("la_code", *PROGRAMME_COUNT_COLUMNS)


_ZERO_WHEN_NONE = (
    "asye_starts",
    "asye_completions",
    "asye_final_outcomes",
    "asye_over_protected_caseload",
    "protected_time_spells",
)


def _programme_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """``PROGRAMME_COUNT_COLUMNS`` and protected_development_time, one row per council."""
    spells = _spells(inputs)
    p_start, p_end = pl.lit(period.start), pl.lit(period.end)
    began = pl.col("began")
    starts = _asyes(spells).group_by("la_code").agg(asye_starts=began.is_between(p_start, p_end).sum().cast(pl.Int64))
    ended = spells.filter(pl.col("end").is_between(p_start, p_end))
    outcome = pl.col("outcome")
    outcomes = ended.group_by("la_code").agg(
        asye_completions=(outcome == PASSED).sum().cast(pl.Int64),
        asye_final_outcomes=outcome.is_in(FINAL_OUTCOMES).sum().cast(pl.Int64),
    )
    caseloads = asye_caseloads(inputs, as_at=as_at).filter(pl.col("is_total"))
    protected_time = (
        _covering(inputs, as_at)
        .filter(pl.col("protected_time_pct").is_not_null())
        .group_by("la_code")
        .agg(
            protected_development_time=pl.col("protected_time_pct").mean(),
            protected_time_spells=pl.len().cast(pl.Int64),
        )
    )
    held = _held(inputs)
    result = (
        held.join(starts, on="la_code", how="left")
        .join(outcomes, on="la_code", how="left")
        .join(_retention(inputs, spells, as_at), on="la_code", how="left")
        .join(caseloads.select("la_code", asye_over_protected_caseload="over_protected"), on="la_code", how="left")
        .join(protected_time, on="la_code", how="left")
        .with_columns(pl.col(_ZERO_WHEN_NONE).fill_null(0))
    )
    return inputs.councils.select("la_code").join(result, on="la_code", how="left")


def _retention(inputs: CouncilFrames, spells: pl.DataFrame, as_at: date) -> pl.DataFrame:
    """asye_retention_{n}y_cohort: the people whose ASYE began in the 12 months ending n years before ``as_at``
    (null when there were none); asye_retention_{n}y_kept: those of them in post with the council at ``as_at``."""
    asyes = _asyes(spells)
    columns = []
    for n in RETENTION_YEARS:
        window = twelve_months_to(years_before(as_at, n))
        cohort = (
            asyes.filter(pl.col("began").is_between(pl.lit(window.start), pl.lit(window.end)))
            .select(*PERSON)
            .unique()
            .with_columns(day=pl.lit(as_at))
        )
        kept = _employed_on(inputs, cohort).group_by("la_code").agg(kept=pl.len())
        columns.append(
            cohort.group_by("la_code")
            .agg(cohort=pl.len())
            .join(kept, on="la_code", how="left")
            .select(
                "la_code",
                pl.col("cohort").cast(pl.Int64).alias(f"asye_retention_{n}y_cohort"),
                pl.col("kept").fill_null(0).cast(pl.Int64).alias(f"asye_retention_{n}y_kept"),
            )
        )
    result = inputs.councils.select("la_code")
    for column in columns:
        result = result.join(column, on="la_code", how="left")
    return result


# ------------------------------------------------------------------------------------------------- tables


def asye_cohorts(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """One row per council and cohort year (the financial year the ASYE began, ``cohort_year`` 2017 = April
    2017 to March 2018, ``cohort`` "2017/18") of the ASYEs begun on or before ``as_at``; columns
    ``COHORT_COLUMNS``, oldest cohort first (Worcestershire: "116 NQSWs since 2017" and their retention).

    started: ASYEs begun. passed, failed, left: those whose final outcome was recorded on a spell ended on or
    before ``as_at``; extended: those in their extension at ``as_at`` (a spell ended ``extended`` by then
    and the extension not finished, or an open spell marked ``extended``); ongoing: the rest (still on their
    first spell, or ended with no outcome recorded; an outcome on a spell ending after ``as_at`` was not known
    then). The five add up to started. in_post: members in post with the
    council at ``as_at``. retained_{n}y: members in post with the council on the n-th anniversary of their own
    ASYE start; null (count and %) while any member's anniversary is after ``as_at``. Percentages are of
    started.
    """
    day = pl.lit(as_at)
    spells = _spells(inputs).filter(pl.col("start") <= day)
    latest = spells.sort("start").group_by(*PERSON, "asye_no").agg(pl.all().last())
    ended = pl.col("end").is_not_null() & (pl.col("end") <= day)
    outcome = pl.col("outcome")
    status = (
        pl.when(ended & outcome.is_in(FINAL_OUTCOMES))
        .then(outcome)
        .when((outcome == EXTENDED) & (ended | pl.col("end").is_null()))
        .then(pl.lit(EXTENDED))
        .when(~ended & pl.col("continues"))
        .then(pl.lit(EXTENDED))
        .otherwise(pl.lit(ONGOING))
    )
    asyes = latest.select(*PERSON, "asye_no", "began", status=status).with_columns(
        cohort_year=financial_year(pl.col("began"))
    )
    now = _employed_on(inputs, asyes.with_columns(day=day)).select(*PERSON, "asye_no", in_post=pl.lit(True))
    asyes = asyes.join(now, on=[*PERSON, "asye_no"], how="left").with_columns(
        pl.col("began").dt.offset_by(f"{n}y").alias(f"_day_{n}") for n in RETENTION_YEARS
    )
    for n in RETENTION_YEARS:
        dated = asyes.filter(pl.col(f"_day_{n}") <= day).with_columns(day=pl.col(f"_day_{n}"))
        kept = _employed_on(inputs, dated).select(*PERSON, "asye_no", pl.lit(True).alias(f"_kept_{n}"))
        asyes = asyes.join(kept, on=[*PERSON, "asye_no"], how="left")
    status_col = pl.col("status")
    counts = [
        pl.len().cast(pl.Int64).alias("started"),
        *((status_col == s).sum().cast(pl.Int64).alias(s) for s in (PASSED, EXTENDED, FAILED, LEFT, ONGOING)),
        pl.col("in_post").fill_null(False).sum().cast(pl.Int64).alias("in_post"),
    ]
    for n in RETENTION_YEARS:
        known = pl.col(f"_day_{n}").max() <= day
        counts.append(
            pl.when(known).then(pl.col(f"_kept_{n}").fill_null(False).sum()).cast(pl.Int64).alias(f"retained_{n}y")
        )
    shares = {
        f"{name}_pct": _share(pl.col(name), pl.col("started"))
        for name in ("in_post", *(f"retained_{n}y" for n in RETENTION_YEARS))
    }
    return (
        asyes.group_by("la_code", "cohort_year")
        .agg(counts)
        .with_columns(cohort=financial_year_label(pl.col("cohort_year")), **shares)
        .sort("la_code", "cohort_year")
        .select(COHORT_COLUMNS)
    )


def asye_caseloads(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """ASYE workers' caseloads against their protected caseload as at ``as_at``, by team (the team of the
    assignment covering the date) and a total row per council; columns ``ASYE_CASELOAD_COLUMNS``.

    asye_workers: engagements in post on an ASYE spell covering the date; with_snapshot: those with a caseload
    snapshot in the 31 days to the date (the rule ``local_measures`` uses for caseloads);
    with_protected_caseload: those whose spell records one; mean_cases: over with_snapshot;
    mean_protected_caseload: over with_protected_caseload; over_protected: workers whose cases exceed their
    protected caseload (a worker with no snapshot or no protected caseload is never over). Teams with no ASYE
    worker have no row; every council has its total row. The counts add up over the team rows to the total, so
    ``disclosure.withhold_team_counts`` protects the table (each mean withheld with the count it is over)."""
    workers = _asye_workers(inputs, as_at)
    cases, protected = pl.col("cases"), pl.col("protected_caseload")
    aggregates = [
        pl.len().cast(pl.Int64).alias("asye_workers"),
        cases.is_not_null().sum().cast(pl.Int64).alias("with_snapshot"),
        protected.is_not_null().sum().cast(pl.Int64).alias("with_protected_caseload"),
        cases.cast(pl.Float64).mean().alias("mean_cases"),
        protected.cast(pl.Float64).mean().alias("mean_protected_caseload"),
        (cases > protected).fill_null(False).sum().cast(pl.Int64).alias("over_protected"),
    ]
    teams = (
        workers.group_by("la_code", "team_key", "team_name")
        .agg(aggregates)
        .with_columns(is_total=pl.lit(False))
        .sort("la_code", pl.col("team_key").is_null(), "team_name")
    )
    totals = (
        inputs.councils.select("la_code")
        .join(workers.group_by("la_code").agg(aggregates), on="la_code", how="left")
        .with_columns(
            pl.col("asye_workers", "with_snapshot", "with_protected_caseload", "over_protected").fill_null(0),
            team_key=pl.lit(None, pl.String),
            team_name=pl.lit(TOTAL),
            is_total=pl.lit(True),
        )
    )
    both = pl.concat([teams, totals], how="diagonal_relaxed")
    return both.sort("la_code", "is_total", maintain_order=True).select(ASYE_CASELOAD_COLUMNS)
