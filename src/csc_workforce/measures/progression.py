"""Progression measures: steps up the council's grade scale, internal promotions, appointments into each grade,
months from ASYE completion to each grade, and the aspirant manager and apprenticeship schemes; pure Polars
over :class:`~csc_workforce.measures.inputs.CouncilFrames` (``assignments``, ``engagements``, ``grades``,
``programmes``), for every council at once. Each measure is declared once in
:mod:`csc_workforce.measures.strategy_catalogue` (``_TRAINING``), which gives its definition.

The rules, written once here:

- **An assignment's grade** is the ``grades`` row of its council whose ``title_key`` equals
  :func:`~csc_workforce.measures.inputs.title_key` of the assignment's job title; an assignment whose title is
  not on the scale (or has none) has no grade and is left out of every progression figure. Only
  council-employed assignments count (an agency worker is not on the council's scale).
- **A person's grade history**: their graded assignments over all their council engagements, one entry per
  start date (two starting on one day: the higher grade). The **previous** entry of one is the entry before it.
- **A step up the scale** is an entry whose rank is higher than the previous entry's (a lateral move, a new row
  for a change of FTE or team on the same grade, is not a step). Steps over P start in P and on or before D.
- **An internal promotion** is a step up the scale that comes with a more senior post: a more senior DfE role
  than the previous entry's (a smaller OrgRole number, both known) or a new engagement (appointed to another
  post rather than progressing in the same one), by someone already employed by the council (the previous
  entry's engagement is in post the day before). A grade 9 -> grade 10 progression in the same post and role is
  career progression but not a promotion.
- **An appointment into a grade** is an entry on a grade the previous entry was not on (or with no previous
  entry); it is internal when the person held an earlier council-employed assignment (graded or not), else
  external.
- A council whose grade scale is empty has null progression counts and no table rows (not 0); a council with no
  programme records has null scheme counts, and null ``people`` in :func:`months_to_grade`.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import Programme, ProgrammeOutcome
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames, title_key
from csc_workforce.measures.profile import TOTAL
from csc_workforce.measures.rules import in_post_expr

ENG = ["la_code", "engagement_key"]
PERSON = ["la_code", "person_key"]
PROGRESSION_MEASURE_IDS: tuple[str, ...] = (
    "career_progression",
    "internal_promotions",
    "aspirant_manager_scheme",
    "apprenticeship_starters",
)
STEPS_COLUMNS: tuple[str, ...] = ("la_code", "from_grade", "from_rank", "to_grade", "to_rank", "steps")
MONTHS_COLUMNS: tuple[str, ...] = ("la_code", "grade", "rank", "people", "median_months")
APPOINTMENTS_COLUMNS: tuple[str, ...] = ("la_code", "grade", "rank", "is_total", "internal", "external", "total")


# ------------------------------------------------------------------------------------------------- public


def progression_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """``la_code`` then ``PROGRESSION_MEASURE_IDS``, one row per council; career_progression and
    internal_promotions null for a council with no grade scale, the scheme counts null for a council with no
    programme records; unrounded."""
    steps = _steps(inputs, as_at, period)
    progression = _graded_councils(inputs).join(
        steps.group_by("la_code").agg(
            career_progression=pl.len().cast(pl.Int64),
            internal_promotions=pl.col("promotion").sum().cast(pl.Int64),
        ),
        on="la_code",
        how="left",
    )
    spells, day = inputs.programmes, pl.lit(as_at)
    on_scheme = (
        spells.filter(
            (pl.col("programme") == Programme.ASPIRANT_MANAGER.value)
            & (pl.col("start") <= day)
            & (pl.col("end").is_null() | (pl.col("end") >= day))
        )
        .group_by("la_code")
        .agg(aspirant_manager_scheme=pl.col("person_key").n_unique().cast(pl.Int64))
    )
    starting = (
        spells.filter(
            (pl.col("programme") == Programme.APPRENTICESHIP.value)
            & pl.col("start").is_between(pl.lit(period.start), pl.lit(_last_day(as_at, period)))
        )
        .group_by("la_code")
        .agg(apprenticeship_starters=pl.struct("person_key", "start").n_unique().cast(pl.Int64))
    )
    schemes = (
        inputs.councils.select("la_code")
        .join(spells, on="la_code", how="semi")
        .join(on_scheme, on="la_code", how="left")
        .join(starting, on="la_code", how="left")
    )
    counts = list(PROGRESSION_MEASURE_IDS)
    return (
        inputs.councils.select("la_code")
        .join(progression.with_columns(pl.col(counts[:2]).fill_null(0)), on="la_code", how="left")
        .join(schemes.with_columns(pl.col(counts[2:]).fill_null(0)), on="la_code", how="left")
        .select("la_code", *PROGRESSION_MEASURE_IDS)
    )


def progression_steps(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The steps up the grade scale over P (in P, on or before D) by from grade x to grade; columns
    ``STEPS_COLUMNS``, one row per pair that occurred (their steps sum to ``career_progression``), ordered by
    rank. Empty for a council with no grade scale."""
    return (
        _steps(inputs, as_at, period)
        .group_by("la_code", "prev_grade", "prev_rank", "grade", "rank")
        .agg(steps=pl.len().cast(pl.Int64))
        .sort("la_code", "prev_rank", "rank")
        .select(
            "la_code", from_grade="prev_grade", from_rank="prev_rank", to_grade="grade", to_rank="rank", steps="steps"
        )
    )


def months_to_grade(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """For each grade on the scale (by rank; columns ``MONTHS_COLUMNS``): the people who first reached it on or
    after completing their ASYE, both on or before D, and the median of their completed calendar months from
    ASYE completion to that first day on the grade (Dudley: ASYE -> grade 9 -> grade 10 -> advanced
    practitioner; an even count takes the mean of the middle two).

    ASYE completion is the end date of the person's earliest ``asye`` programme spell with outcome ``passed``.
    First reaching a grade is the earliest start of their council-employed assignments on it; someone who held the
    grade before completing their ASYE is not counted for it. ``people`` is 0 and ``median_months`` null for a
    grade no one reached; ``people`` is null for a council with no programme records. No rows for a council with
    no grade scale.
    """
    day = pl.lit(as_at)
    passed = (
        inputs.programmes.filter(
            (pl.col("programme") == Programme.ASYE.value)
            & (pl.col("outcome") == ProgrammeOutcome.PASSED.value)
            & (pl.col("end") <= day)
        )
        .group_by(PERSON)
        .agg(completed=pl.col("end").min())
    )
    first = (
        _graded(inputs)
        .filter(pl.col("effective_from") <= day)
        .group_by(*PERSON, "grade")
        .agg(reached=pl.col("effective_from").min())
    )
    reached, completed = pl.col("reached"), pl.col("completed")
    months = (
        (reached.dt.year() - completed.dt.year()) * 12
        + reached.dt.month().cast(pl.Int32)
        - completed.dt.month().cast(pl.Int32)
        - (reached.dt.day() < completed.dt.day()).cast(pl.Int32)
    )
    counted = (
        first.join(passed, on=PERSON)
        .filter(reached >= completed)
        .group_by("la_code", "grade")
        .agg(people=pl.len().cast(pl.Int64), median_months=months.median())
    )
    holding = inputs.councils.select("la_code").join(inputs.programmes, on="la_code", how="semi")
    people = pl.when(pl.col("la_code").is_in(holding["la_code"].implode())).then(pl.col("people").fill_null(0))
    return (
        _scale(inputs)
        .join(counted, on=["la_code", "grade"], how="left")
        .with_columns(people=people)
        .sort("la_code", "rank", "grade")
        .select(MONTHS_COLUMNS)
    )


def appointments_by_grade(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Appointments into each grade over P (in P, on or before D): internal (the person held an earlier
    council-employed assignment), external and total, one row per grade on the scale (zeros included, by rank)
    and a total row per council with a scale (is_total, grade "Total"); columns ``APPOINTMENTS_COLUMNS``."""
    entries = _history(inputs)
    first_held = _staff_assignments(inputs).group_by(PERSON).agg(first_held=pl.col("effective_from").min())
    start = pl.col("effective_from")
    appointed = (
        entries.filter(
            start.is_between(pl.lit(period.start), pl.lit(_last_day(as_at, period)))
            & (pl.col("prev_grade").is_null() | (pl.col("prev_grade") != pl.col("grade")))
        )
        .join(first_held, on=PERSON, how="left")
        .with_columns(internal=pl.col("first_held") < start)
    )
    counts = [
        pl.col("internal").sum().cast(pl.Int64).alias("internal"),
        (~pl.col("internal")).sum().cast(pl.Int64).alias("external"),
        pl.len().cast(pl.Int64).alias("total"),
    ]
    numbers = ["internal", "external", "total"]
    rows = (
        _scale(inputs)
        .join(appointed.group_by("la_code", "grade").agg(counts), on=["la_code", "grade"], how="left")
        .with_columns(pl.col(numbers).fill_null(0), is_total=pl.lit(False))
        .sort("la_code", "rank", "grade")
    )
    totals = (
        rows.group_by("la_code")
        .agg(pl.col(numbers).sum())
        .with_columns(grade=pl.lit(TOTAL), rank=pl.lit(None, pl.Int64), is_total=pl.lit(True))
    )
    both = pl.concat([rows, totals], how="diagonal_relaxed")
    return both.sort("la_code", "is_total", maintain_order=True).select(APPOINTMENTS_COLUMNS)


# ------------------------------------------------------------------------------------------------ helpers


def _last_day(as_at: date, period: Period) -> date:
    return min(period.end, as_at)


def _scale(inputs: CouncilFrames) -> pl.DataFrame:
    """la_code, grade, rank: each council's grade scale, one row per grade."""
    _check_scale(inputs.grades)
    return inputs.grades.select("la_code", "grade", "rank").unique(maintain_order=True)


def _graded_councils(inputs: CouncilFrames) -> pl.DataFrame:
    return inputs.councils.select("la_code").join(inputs.grades, on="la_code", how="semi")


def _check_scale(grades: pl.DataFrame) -> None:
    """Refuse a scale on which one job title means two grades, or one grade has two ranks."""
    title_clash = (
        grades.group_by("la_code", "title_key").agg(pl.col("grade").unique()).filter(pl.col("grade").list.len() > 1)
    )
    if title_clash.height:
        la, key, names = title_clash.row(0)
        raise ValueError(
            f"council {la}: the job title '{key}' is on grades {sorted(names)}; a title means one grade, so "
            "remove it from all but one of them in the grade scale"
        )
    rank_clash = grades.group_by("la_code", "grade").agg(pl.col("rank").unique()).filter(pl.col("rank").list.len() > 1)
    if rank_clash.height:
        la, name, ranks = rank_clash.row(0)
        raise ValueError(f"council {la}: grade '{name}' has ranks {sorted(ranks)}; give each grade one rank")


def _staff_assignments(inputs: CouncilFrames) -> pl.DataFrame:
    """Council-employed assignments with their person and engagement dates."""
    staff = inputs.engagements.filter(~pl.col("agency")).select(*ENG, "person_key", "start_date", "end_date")
    return inputs.assignments.join(staff, on=ENG)


def _graded(inputs: CouncilFrames) -> pl.DataFrame:
    """Council-employed assignments on a grade of the scale: their columns plus grade and rank."""
    assignments = _staff_assignments(inputs)
    titles = assignments["job_title"].drop_nulls().unique().to_list()
    keys = pl.DataFrame(
        {"job_title": titles, "title_key": [title_key(t) for t in titles]},
        schema={"job_title": pl.String, "title_key": pl.String},
    )
    _check_scale(inputs.grades)
    scale = inputs.grades.select("la_code", "title_key", "grade", "rank")
    return assignments.join(keys, on="job_title").join(scale, on=["la_code", "title_key"])


def _history(inputs: CouncilFrames) -> pl.DataFrame:
    """Each person's grade history: one entry per (person, start date) (the higher grade when two start on one
    day) with the previous entry's grade, rank, role and engagement (and that engagement's dates)."""
    entries = (
        _graded(inputs)
        .sort(*PERSON, "effective_from", "rank", "engagement_key")
        .unique([*PERSON, "effective_from"], keep="last", maintain_order=True)
    )
    previous = {
        f"prev_{name}": pl.col(name).shift(1).over(PERSON)
        for name in ("grade", "rank", "role", "engagement_key", "start_date", "end_date")
    }
    return entries.with_columns(**previous)


def _steps(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    """The steps up the scale over P, each with ``promotion`` (an internal promotion: see the module)."""
    start = pl.col("effective_from")
    role, prev_role = pl.col("role").cast(pl.Int64, strict=False), pl.col("prev_role").cast(pl.Int64, strict=False)
    senior_role = (role < prev_role).fill_null(False)
    new_post = pl.col("engagement_key") != pl.col("prev_engagement_key")
    employed = in_post_expr(start - pl.duration(days=1), start="prev_start_date", end="prev_end_date")
    return (
        _history(inputs)
        .filter(
            start.is_between(pl.lit(period.start), pl.lit(_last_day(as_at, period)))
            & (pl.col("rank") > pl.col("prev_rank")).fill_null(False)
        )
        .with_columns(promotion=(senior_role | new_post) & employed)
    )
