"""Training measures: take-up and completion of courses, mandatory training in date, post-qualifying
completions and practice educator awards; pure Polars over :class:`~csc_workforce.measures.inputs.CouncilFrames`
(``courses`` and ``training``), for every council at once. Each measure is declared once in
:mod:`csc_workforce.measures.strategy_catalogue` (``_TRAINING``), which gives its definition.

The rules, written once here:

- **Bookings over P**: training records whose course date (``on``) falls in P and on or before D (a course
  after D has not happened yet). A cancelled booking is left out of every denominator ("places"); a booking
  still ``booked`` (no outcome recorded), ``attended``, ``completed`` or ``did_not_attend`` is a place.
  Take-up = (attended + completed) / places x 100; completion = completed / places x 100.
- **A completion** is a training record with status ``completed``; its date is ``completed_on`` (the course
  date ``on`` when that is not given). Completions over P are those dated in P and on or before D.
- **In date at D**: a completion dated on or before D of a course with ``validity_months`` v is in date while
  D is before the same day v months later (that day, like an engagement's end date, is the first day out of
  date; 31 January + 1 month is 28 or 29 February); a course with no validity counts for good.
- A booking for a course missing from the council's course list counts in the all-course figures under its
  key, and as neither mandatory, post-qualifying nor a practice educator course.
- A council with no training records at all has null for every training measure (not 0) and no table rows.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.codes import TrainingStatus
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import TOTAL, _in_post, _named, _share
from csc_workforce.measures.rules import covers_expr, in_post_expr

ENG = ["la_code", "engagement_key"]
COURSE = ["la_code", "course_key"]
BOOKED, ATTENDED, COMPLETED, DID_NOT_ATTEND, CANCELLED = (
    TrainingStatus.BOOKED.value,
    TrainingStatus.ATTENDED.value,
    TrainingStatus.COMPLETED.value,
    TrainingStatus.DID_NOT_ATTEND.value,
    TrainingStatus.CANCELLED.value,
)
STATUS_COLUMNS: tuple[str, ...] = ("booked", "attended", "completed", "did_not_attend", "cancelled")
TRAINING_MEASURE_IDS: tuple[str, ...] = (
    "training_take_up_pct",
    "training_completion_pct",
    "mandatory_training_completion_pct",
    "mandatory_training_in_date_pct",
    "post_qualifying_completions",
    "practice_educator_awards",
)
TRAINING_COUNT_COLUMNS: tuple[str, ...] = (
    "places",
    "taken",
    "completed",
    "mandatory_places",
    "mandatory_completed",
    "mandatory_pairs",
    "mandatory_in_date",
    "post_qualifying_completions",
    "practice_educator_awards",
)
BY_COURSE_COLUMNS: tuple[str, ...] = (
    "la_code",
    "course_key",
    "course",
    "mandatory",
    "is_total",
    "places",
    *STATUS_COLUMNS,
    "take_up_pct",
    "completion_pct",
    "in_date_pct",
)
BY_TEAM_COLUMNS: tuple[str, ...] = (
    "la_code",
    "team_key",
    "team_name",
    "is_total",
    "places",
    *STATUS_COLUMNS,
    "take_up_pct",
    "completion_pct",
)
_FLAGS = ("mandatory", "post_qualifying", "practice_educator")


# ------------------------------------------------------------------------------------------------- public


def training_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """``la_code`` then ``TRAINING_MEASURE_IDS``, one row per council holding training records (a council with
    none is left out, so ``local_measures`` gives it nulls); unrounded: the shares of :func:`training_counts`."""
    return training_counts(inputs, as_at=as_at, period=period).select(
        "la_code",
        training_take_up_pct=_share(pl.col("taken"), pl.col("places")),
        training_completion_pct=_share(pl.col("completed"), pl.col("places")),
        mandatory_training_completion_pct=_share(pl.col("mandatory_completed"), pl.col("mandatory_places")),
        mandatory_training_in_date_pct=_share(pl.col("mandatory_in_date"), pl.col("mandatory_pairs")),
        post_qualifying_completions="post_qualifying_completions",
        practice_educator_awards="practice_educator_awards",
    )


def training_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The counts the training measures are over, one row per council holding training records: la_code,
    ``TRAINING_COUNT_COLUMNS``. places (bookings over P not cancelled), taken (attended or completed), completed;
    mandatory_places and mandatory_completed (the same, of mandatory courses); mandatory_pairs (workers in post
    at D x mandatory courses) and mandatory_in_date (those pairs with an in-date completion);
    post_qualifying_completions and practice_educator_awards (completions over P). Null where the council had
    no bookings over P (the places counts) or no pair (the in-date counts), as the measures are."""
    status = pl.col("status")
    places, taken, done = status != CANCELLED, status.is_in([ATTENDED, COMPLETED]), status == COMPLETED
    mandatory = pl.col("mandatory")

    def number(flag: pl.Expr) -> pl.Expr:
        return flag.sum().cast(pl.Int64)

    bookings = (
        _bookings(inputs, as_at, period)
        .group_by("la_code")
        .agg(
            places=number(places),
            taken=number(taken),
            completed=number(done),
            mandatory_places=number(places & mandatory),
            mandatory_completed=number(done & mandatory),
        )
    )
    awards = (
        _completions(inputs, as_at, period)
        .group_by("la_code")
        .agg(
            post_qualifying_completions=number(pl.col("post_qualifying")),
            practice_educator_awards=number(pl.col("practice_educator")),
        )
    )
    in_date = (
        _in_date_pairs(inputs, as_at)
        .group_by("la_code")
        .agg(mandatory_pairs=pl.len().cast(pl.Int64), mandatory_in_date=number(pl.col("in_date")))
    )
    counts = ["post_qualifying_completions", "practice_educator_awards"]
    return (
        _holding(inputs)
        .join(bookings, on="la_code", how="left")
        .join(awards, on="la_code", how="left")
        .join(in_date, on="la_code", how="left")
        .with_columns(pl.col(counts).fill_null(0))
        .select("la_code", *TRAINING_COUNT_COLUMNS)
    )


def training_by_course(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Bookings over P by course and their outcome, plus a total row per council; columns ``BY_COURSE_COLUMNS``.

    One row per course on the council's list (and per unlisted course key a booking names), zeros when it had no
    bookings: places (bookings not cancelled), a count per status (``booked`` = still booked, no outcome
    recorded), take_up_pct and completion_pct (of places), and in_date_pct for a mandatory course (workers in post
    at D with an in-date completion / workers in post x 100; null for other courses). The total row (is_total,
    course "Total") sums the courses; its in_date_pct is ``mandatory_training_in_date_pct``.
    """
    holding = _holding(inputs)
    bookings = _bookings(inputs, as_at, period)
    listed = inputs.courses.join(holding, on="la_code", how="semi").select(*COURSE, "title", "mandatory")
    named = bookings.select(*COURSE, "title", "mandatory")
    courses = pl.concat([listed, named]).unique(COURSE, keep="first", maintain_order=True)
    pairs = _in_date_pairs(inputs, as_at)
    in_date = pairs.group_by(COURSE).agg(in_date_pct=_share(pl.col("in_date").sum(), pl.len()))
    rows = (
        courses.join(_counted(bookings, COURSE), on=COURSE, how="left")
        .join(in_date, on=COURSE, how="left")
        .with_columns(
            pl.col("places", *STATUS_COLUMNS).fill_null(0),
            course=pl.col("title").fill_null(pl.col("course_key")),
            mandatory=pl.col("mandatory").fill_null(False),
            is_total=pl.lit(False),
        )
        .sort("la_code", "course", "course_key")
    )
    council_in_date = pairs.group_by("la_code").agg(in_date_pct=_share(pl.col("in_date").sum(), pl.len()))
    totals = (
        holding.join(_counted(bookings, ["la_code"]), on="la_code", how="left")
        .join(council_in_date, on="la_code", how="left")
        .with_columns(
            pl.col("places", *STATUS_COLUMNS).fill_null(0),
            course_key=pl.lit(None, pl.String),
            course=pl.lit(TOTAL),
            mandatory=pl.lit(None, pl.Boolean),
            is_total=pl.lit(True),
        )
    )
    return _with_rates(rows, totals, BY_COURSE_COLUMNS)


def training_by_team(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Bookings over P by the team of the person's assignment on the course date (the later-starting one when
    several cover it, then the later engagement's, then by the team's key, so that the order the records are
    read in never changes it; "No team recorded" when none does), plus a total row per council; columns
    ``BY_TEAM_COLUMNS`` (places, a count per status, take_up_pct and completion_pct as ``training_by_course``)."""
    bookings = _bookings(inputs, as_at, period).with_row_index("_booking")
    day = pl.col("on")
    teams = (
        bookings.select("_booking", "la_code", "person_key", "on")
        .join(inputs.engagements.select(*ENG, "person_key", "start_date", "end_date"), on=["la_code", "person_key"])
        .join(inputs.assignments.select(*ENG, "effective_from", "effective_to", "team_key"), on=ENG)
        .filter(in_post_expr(day) & covers_expr(day))
        .group_by("_booking")
        .agg(pl.col("team_key").sort_by("effective_from", "start_date", "engagement_key", "team_key").last())
    )
    placed = bookings.join(teams, on="_booking", how="left")
    keys = ["la_code", "team_key"]
    rows = (
        _named(_counted(placed, keys), inputs)
        .with_columns(is_total=pl.lit(False))
        .sort("la_code", pl.col("team_key").is_null(), "team_name")
    )
    totals = (
        _holding(inputs)
        .join(_counted(placed, ["la_code"]), on="la_code", how="left")
        .with_columns(
            pl.col("places", *STATUS_COLUMNS).fill_null(0),
            team_key=pl.lit(None, pl.String),
            team_name=pl.lit(TOTAL),
            is_total=pl.lit(True),
        )
    )
    return _with_rates(rows, totals, BY_TEAM_COLUMNS)


# ------------------------------------------------------------------------------------------------ helpers


def _holding(inputs: CouncilFrames) -> pl.DataFrame:
    """The councils (la_code) that hold any training record."""
    return inputs.councils.select("la_code").join(inputs.training, on="la_code", how="semi")


def _last_day(as_at: date, period: Period) -> date:
    return min(period.end, as_at)


def _courses(inputs: CouncilFrames) -> pl.DataFrame:
    return inputs.courses.unique(COURSE, keep="first").select(*COURSE, "title", *_FLAGS, "validity_months")


def _with_course(frame: pl.DataFrame, inputs: CouncilFrames) -> pl.DataFrame:
    """``frame`` with its course's title and flags; an unlisted course is neither mandatory, post-qualifying nor a
    practice educator course."""
    return frame.join(_courses(inputs), on=COURSE, how="left").with_columns(pl.col(_FLAGS).fill_null(False))


def _bookings(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    """Training records for courses dated in ``period`` and on or before ``as_at``, with their course."""
    dated = inputs.training.filter(pl.col("on").is_between(pl.lit(period.start), pl.lit(_last_day(as_at, period))))
    return _with_course(dated, inputs)


def _completion_day() -> pl.Expr:
    return pl.coalesce("completed_on", "on")


def _completions(inputs: CouncilFrames, as_at: date, period: Period) -> pl.DataFrame:
    """Completions dated in ``period`` and on or before ``as_at``, with their course."""
    day = _completion_day()
    done = inputs.training.filter(
        (pl.col("status") == COMPLETED) & day.is_between(pl.lit(period.start), pl.lit(_last_day(as_at, period)))
    )
    return _with_course(done, inputs)


def _in_date_pairs(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """Every social worker in post at ``as_at`` (council-employed and agency, one row per person) x every
    mandatory course of their council, for councils holding training records: la_code, person_key, course_key,
    in_date (a completion on or before ``as_at`` still within the course's validity)."""
    people = _in_post(inputs, as_at).select("la_code", "person_key").unique().join(_holding(inputs), on="la_code")
    mandatory = _courses(inputs).filter(pl.col("mandatory")).select(*COURSE, "validity_months")
    pairs = people.join(mandatory, on="la_code")
    day = pl.lit(as_at)
    done_on = _completion_day()
    completions = inputs.training.filter((pl.col("status") == COMPLETED) & (done_on <= day)).select(
        "la_code", "person_key", "course_key", done_on=done_on
    )
    months = pl.col("validity_months")
    expires = pl.col("done_on").dt.offset_by(pl.format("{}mo", months))
    valid = pl.col("done_on").is_not_null() & (months.is_null() | (day < expires))
    keys = ["la_code", "person_key", "course_key"]
    return pairs.join(completions, on=keys, how="left").group_by(keys).agg(in_date=valid.any()).sort(keys)


def _counted(bookings: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Places (bookings not cancelled) and a count per status, by ``keys``."""
    status = pl.col("status")
    return bookings.group_by(keys).agg(
        places=(status != CANCELLED).sum().cast(pl.Int64),
        booked=(status == BOOKED).sum().cast(pl.Int64),
        attended=(status == ATTENDED).sum().cast(pl.Int64),
        completed=(status == COMPLETED).sum().cast(pl.Int64),
        did_not_attend=(status == DID_NOT_ATTEND).sum().cast(pl.Int64),
        cancelled=(status == CANCELLED).sum().cast(pl.Int64),
    )


def _with_rates(rows: pl.DataFrame, totals: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Rows then each council's total row, with take_up_pct and completion_pct of places."""
    places = pl.col("places")
    rates = {
        "take_up_pct": _share(pl.col("attended") + pl.col("completed"), places),
        "completion_pct": _share(pl.col("completed"), places),
    }
    both = pl.concat([rows.with_columns(**rates), totals.with_columns(**rates)], how="diagonal_relaxed")
    return both.sort("la_code", "is_total", maintain_order=True).select(columns)
