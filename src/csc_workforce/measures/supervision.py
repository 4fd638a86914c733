"""Supervision and performance reviews: the measures and the council page's tables, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

**The supervision rule.** Every worker (engagement, council-employed or agency) has their time cut into
consecutive *intervals* by the council's supervision policy (``supervision_policy``: lines of
``records.SupervisionStandard``), starting on the first day of their engagement:

- the line setting an interval is the one in force on the interval's first day: the policy in force is the
  council's lines with the latest ``effective_from`` on or before that day, or :data:`DEFAULT_POLICY` when none
  is (a council holding no policy lines is measured against the default throughout; its own lines replace the
  default entirely from their ``effective_from``);
- an NQSW (the person has an ``asye`` programme spell, else the engagement has an assignment with CFKSS status
  ASYE, else it started with origin "1" newly qualified; see :func:`asye_starts`) takes the ``nqsw`` line
  covering the whole months since their ASYE started (month 0 is the first month); when no ``nqsw`` line covers
  that month, and for everyone else, the ``all`` line covering the whole months since the engagement started;
- the interval lasts the line's ``interval_weeks`` weeks or ``interval_months`` months; the next begins the day
  after it ends. Consecutive intervals under one line are counted from the first of them (monthly ones from
  31 January end on 27 February, 30 March, ...: the day before 28 February, 31 March), so months do not drift.
  A change of line (the switch at month 6, a new policy) takes effect from the first interval beginning on or
  after it: the interval running when it happens keeps the old length. Where no line applies the worker is due
  nothing until one does;
- an engagement with no start date (it began before the records) is cut from :data:`UNKNOWN_START`, so its
  monthly intervals are calendar months.

An interval is **due** in period P when it ends inside P, on or before the date ``as_at``, and the worker was
in post throughout it (in post, by :func:`~csc_workforce.measures.rules.in_post_expr` and an assignment
covering the day, on its first and on its last day; the assignment covering its last day gives the team). It
is **met on time** when a session (any kind, recorded late or not) was held from its first day to ``grace_days``
after its last; only sessions on or before ``as_at`` are seen. One session may meet an interval within its
grace days and also the next interval, inside which it falls.

A council holding no supervision sessions at all has null supervision figures (the policy alone says what is
due, not what was done); a council holding no reviews has null review figures; a percentage with an empty
denominator is null.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from csc_workforce.domain.codes import CFKSSStatus, Programme, StartOrigin, WorkerGroup
from csc_workforce.domain.periods import Period, add_months, months_between, twelve_months_to
from csc_workforce.domain.records import SupervisionStandard
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import (
    ALL_ROLES,
    NOT_KNOWN,
    ROLE_CODES,
    TOTAL,
    _named,
    _role_label,
    _share,
)
from csc_workforce.measures.rules import covers_expr, in_post_expr

ENG = ["la_code", "engagement_key"]
DEFAULT_GRACE_DAYS = 7
DEFAULT_POLICY: tuple[SupervisionStandard, ...] = (
    SupervisionStandard(WorkerGroup.NQSW, 0, 6, 2, None, DEFAULT_GRACE_DAYS, date.min, "default policy"),
    SupervisionStandard(WorkerGroup.ALL, 0, None, None, 1, DEFAULT_GRACE_DAYS, date.min, "default policy"),
)
"""The policy used when a council holds no ``supervision_policy`` lines (and before its earliest line's
``effective_from``): NQSWs every 2 weeks for the first 6 months of their ASYE, then monthly (Slough's strategy
sets NQSW supervision fortnightly for 6 months then monthly); everyone else monthly; a session up to 7 days after
the end of its interval still counts as on time."""
UNKNOWN_START = date(2000, 1, 1)  # intervals of an engagement with no start date are cut from here

NQSW, EVERYONE = WorkerGroup.NQSW.value, WorkerGroup.ALL.value
NO_LINE = "none"  # a worker in post on D to whom no line of the policy in force applies
ALL_GROUPS = "total"  # the row of a table summing every worker group
GROUP_ORDER: tuple[str, ...] = (NQSW, EVERYONE, NO_LINE, ALL_GROUPS)
GROUP_LABELS: dict[str, str] = {
    NQSW: WorkerGroup.NQSW.label,
    EVERYONE: WorkerGroup.ALL.label,
    NO_LINE: "No line of the supervision policy applies",
    ALL_GROUPS: "All workers",
}
SUPERVISION_COLUMNS = ["supervision_on_time_pct", "workers_supervised_last_month_pct"]
REVIEW_COLUMNS = ["appraisals_in_timescale_pct", "appraisal_rating_successful_pct", "appraisal_objectives_set_pct"]
SUPERVISION_MEASURE_IDS: tuple[str, ...] = (*SUPERVISION_COLUMNS, *REVIEW_COLUMNS)
"""The columns of ``local_measures`` :func:`supervision_measures` gives."""
SUPERVISION_TEAM_COLUMNS: tuple[str, ...] = (
    "la_code",
    "team_key",
    "team_name",
    "is_total",
    "worker_group",
    "worker_group_label",
    "due",
    "met",
    "on_time_pct",
    "workers",
    "supervised_last_month",
    "supervised_last_month_pct",
)
REVIEW_TEAM_COLUMNS: tuple[str, ...] = (
    "la_code",
    "team_key",
    "team_name",
    "is_total",
    "role",
    "role_label",
    "due",
    "on_time",
    "in_timescale_pct",
    "completed",
    "rated",
    "successful",
    "successful_pct",
    "objectives_known",
    "objectives_set",
    "objectives_set_pct",
)
TREND_COLUMNS: tuple[str, ...] = ("la_code", "month", "to", "due", "met", "on_time_pct")
# For ``disclosure.withhold_team_counts``: the counts of each table (they add up over the team rows to the total
# row of each group) and each percentage with the counts it comes from.
SUPERVISION_TEAM_COUNTS: tuple[str, ...] = ("due", "met", "workers", "supervised_last_month")
SUPERVISION_TEAM_DERIVED: dict[str, tuple[str, ...]] = {
    "on_time_pct": ("met", "due"),
    "supervised_last_month_pct": ("supervised_last_month", "workers"),
}
REVIEW_TEAM_COUNTS: tuple[str, ...] = (
    "due",
    "on_time",
    "completed",
    "rated",
    "successful",
    "objectives_known",
    "objectives_set",
)
REVIEW_TEAM_DERIVED: dict[str, tuple[str, ...]] = {
    "in_timescale_pct": ("on_time", "due"),
    "successful_pct": ("successful", "rated"),
    "objectives_set_pct": ("objectives_set", "objectives_known"),
}


# --------------------------------------------------------------------------------------------- dates


# ----------------------------------------------------------------------------------------------- policy


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a supervision policy (``records.SupervisionStandard``), as the intervals use it."""

    group: str  # "nqsw" or "all"
    from_month: int
    to_month: int | None
    weeks: int | None
    months: int | None
    grace_days: int

    def covers(self, month: int) -> bool:
        """Whether the line applies in whole month ``month`` of the worker's time (0 = the first)."""
        return self.from_month <= month and (self.to_month is None or month < self.to_month)

    def step(self, anchor: date, count: int) -> date:
        """The first day of the ``count``-th interval (0 = ``anchor``) of a run of intervals under this line."""
        if self.weeks is not None:
            return anchor + timedelta(weeks=self.weeks * count)
        assert self.months is not None
        return add_months(anchor, self.months * count)

    def skip(self, anchor: date, target: date) -> int:
        """A count of intervals from ``anchor`` all of which end before ``target`` (a safe lower bound)."""
        if target <= anchor:
            return 0
        if self.weeks is not None:
            return max(0, ((target - anchor).days + 1) // (7 * self.weeks) - 1)
        assert self.months is not None
        return max(0, months_between(anchor, target) // self.months - 1)


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """The lines of a policy in force from ``effective_from``."""

    effective_from: date
    lines: tuple[Line, ...]

    def line(self, group: str, month: int) -> Line | None:
        return next((x for x in self.lines if x.group == group and x.covers(month)), None)


def _line(standard: SupervisionStandard) -> Line:
    return Line(
        str(standard.group.value),
        standard.from_month,
        standard.to_month,
        standard.interval_weeks,
        standard.interval_months,
        standard.grace_days,
    )


DEFAULT_VERSION = PolicyVersion(date.min, tuple(_line(s) for s in DEFAULT_POLICY))


def _policy_problem(row: dict[str, object]) -> str | None:
    """What is wrong with one ``supervision_policy`` row (column and how to fix it), or None."""
    group, weeks, months = row["group"], row["interval_weeks"], row["interval_months"]
    first, last, grace = row["from_month"], row["to_month"], row["grace_days"]
    if group not in (NQSW, EVERYONE):
        return f"group {group!r} is not a worker group; write 'nqsw' or 'all'"
    if row["effective_from"] is None:
        return "effective_from is empty; give the date the line takes effect"
    if (weeks is None) == (months is None):
        return "give exactly one of interval_weeks and interval_months"
    interval = weeks if weeks is not None else months
    if not isinstance(interval, int) or interval <= 0:
        return f"the interval ({interval}) must be a whole number above 0"
    if not isinstance(first, int) or first < 0:
        return f"from_month ({first}) must be a whole number of months, 0 or more"
    if last is not None and (not isinstance(last, int) or last <= first):
        return f"to_month ({last}) must be after from_month ({first}), or empty for 'onwards'"
    if not isinstance(grace, int) or grace < 0:
        return f"grace_days ({grace}) must be a whole number of days, 0 or more"
    return None


def policy_versions(frame: pl.DataFrame) -> dict[str, tuple[PolicyVersion, ...]]:
    """Each council's policy versions, :data:`DEFAULT_POLICY` first (in force from ``date.min`` until the
    council's earliest ``effective_from``), from a ``supervision_policy`` frame. Raises ``ValueError`` naming the
    council, the line and the column of a line that is wrong or that overlaps another of its group and date."""
    lines: dict[tuple[str, date], list[Line]] = {}
    for row in frame.sort("la_code", "effective_from", "group", "from_month").iter_rows(named=True):
        where = (
            f"supervision policy of council {row['la_code']}, line group {row['group']!r} from month "
            f"{row['from_month']} effective from {row['effective_from']}"
        )
        problem = _policy_problem(row)
        if problem is not None:
            raise ValueError(f"{where}: {problem}")
        line = Line(
            row["group"],
            row["from_month"],
            row["to_month"],
            row["interval_weeks"],
            row["interval_months"],
            row["grace_days"],
        )
        same = lines.setdefault((row["la_code"], row["effective_from"]), [])
        for other in same:
            if other.group == line.group and (other.to_month is None or other.to_month > line.from_month):
                raise ValueError(
                    f"{where}: it overlaps the line from month {other.from_month} "
                    f"to {other.to_month if other.to_month is not None else 'onwards'}; give each month one line"
                )
        same.append(line)
    versions: dict[str, list[PolicyVersion]] = {}
    for (la_code, effective_from), found in lines.items():
        versions.setdefault(la_code, [DEFAULT_VERSION]).append(PolicyVersion(effective_from, tuple(found)))
    return {la_code: tuple(found) for la_code, found in versions.items()}


def policy_in_force(versions: Sequence[PolicyVersion], day: date) -> PolicyVersion:
    """The version with the latest ``effective_from`` on or before ``day`` (``versions`` in date order)."""
    return [v for v in versions if v.effective_from <= day][-1]


# -------------------------------------------------------------------------------------------- intervals


@dataclass(frozen=True, slots=True)
class Interval:
    """One stretch of a worker's time in which a supervision session is due."""

    first: date
    last: date  # inclusive
    group: str  # the group of the line that set it
    grace_days: int


def line_at(version: PolicyVersion, day: date, origin: date, asye: date | None) -> Line | None:
    """The line of ``version`` setting an interval that begins on ``day``, for a worker whose engagement began
    on ``origin`` and whose ASYE began on ``asye`` (None: not an NQSW)."""
    if asye is not None and asye <= day:
        found = version.line(NQSW, months_between(asye, day))
        if found is not None:
            return found
    return version.line(EVERYONE, months_between(origin, day))


def next_change(
    versions: Sequence[PolicyVersion], version: PolicyVersion, day: date, origin: date, asye: date | None
) -> date | None:
    """The first day after ``day`` on which :func:`line_at` may give another line: the next policy's
    ``effective_from``, or a month of the worker's time where a line of ``version`` begins or ends."""
    candidates = [v.effective_from for v in versions if v.effective_from > day]
    for line in version.lines:
        base = asye if line.group == NQSW else origin
        if base is None:
            continue
        months = [line.from_month] + ([line.to_month] if line.to_month is not None else [])
        candidates += [add_months(base, m) for m in months]
    if asye is not None:
        candidates.append(asye)
    later = [c for c in candidates if c > day]
    return min(later) if later else None


def supervision_intervals(
    origin: date | None, asye: date | None, versions: Sequence[PolicyVersion], *, since: date, until: date
) -> Iterator[Interval]:
    """The intervals of a worker's time (see the module docstring) that end on or after ``since`` and begin on
    or before ``until``, in order. ``origin`` is the engagement's start (None: :data:`UNKNOWN_START`)."""
    origin = origin or UNKNOWN_START
    day: date | None = origin
    while day is not None and day <= until:
        version = policy_in_force(versions, day)
        line = line_at(version, day, origin, asye)
        change = next_change(versions, version, day, origin, asye)
        if line is None:
            day = change
            continue
        # a run of intervals under ``line`` from ``day``: those beginning before ``change``
        count = line.skip(day, since if change is None else min(since, change))
        while True:
            first = line.step(day, count)
            if first > until:
                return
            if change is not None and first >= change:
                break
            last = line.step(day, count + 1) - timedelta(days=1)
            if last >= since:
                yield Interval(first, last, line.group, line.grace_days)
            count += 1
        day = line.step(day, count)


def asye_starts(inputs: CouncilFrames) -> pl.DataFrame:
    """When each NQSW engagement's ASYE began: la_code, engagement_key, asye_start. From the person's ``asye``
    programme spell (the earliest, whatever engagement it names), else the earliest assignment of the
    engagement with CFKSS status ASYE, else the start of an engagement with origin "1" (newly qualified)."""
    engagements = inputs.engagements.select(*ENG, "person_key", "start_date", "start_origin")
    programme = (
        inputs.programmes.filter(pl.col("programme") == Programme.ASYE.value)
        .group_by("la_code", "person_key")
        .agg(by_programme=pl.col("start").min())
    )
    status = (
        inputs.assignments.filter(pl.col("cfkss_status") == CFKSSStatus.ASYE.value)
        .group_by(ENG)
        .agg(by_status=pl.col("effective_from").min())
    )
    by_origin = pl.when(pl.col("start_origin") == StartOrigin.NEWLY_QUALIFIED.value).then(pl.col("start_date"))
    return (
        engagements.join(programme, on=["la_code", "person_key"], how="left")
        .join(status, on=ENG, how="left")
        .select(*ENG, asye_start=pl.coalesce("by_programme", "by_status", by_origin))
        .filter(pl.col("asye_start").is_not_null())
    )


_INTERVAL_SCHEMA = {
    "la_code": pl.String(),
    "engagement_key": pl.String(),
    "first": pl.Date(),
    "last": pl.Date(),
    "worker_group": pl.String(),
    "grace_days": pl.Int64(),
}


def interval_frame(inputs: CouncilFrames, *, since: date, until: date) -> pl.DataFrame:
    """Every engagement's intervals ending on or after ``since`` and beginning on or before ``until``: la_code,
    engagement_key, first, last, worker_group, grace_days (whether they are due is decided later)."""
    versions = policy_versions(inputs.supervision_policy)
    start, end = pl.col("start_date"), pl.col("end_date")
    candidates = inputs.engagements.filter(
        (start.is_null() | (start <= pl.lit(until))) & (end.is_null() | (end > pl.lit(since)))
    ).join(asye_starts(inputs), on=ENG, how="left")
    rows = [
        (la_code, key, i.first, i.last, i.group, i.grace_days)
        for la_code, key, origin, asye in candidates.select(*ENG, "start_date", "asye_start").iter_rows()
        for i in supervision_intervals(
            origin, asye, versions.get(la_code, (DEFAULT_VERSION,)), since=since, until=until
        )
    ]
    return pl.DataFrame(rows, schema=_INTERVAL_SCHEMA, orient="row")


def _at(inputs: CouncilFrames, frame: pl.DataFrame, day: str, *, keep: Sequence[str] = ()) -> pl.DataFrame:
    """The rows of ``frame`` (with la_code, engagement_key and the date column ``day``) whose engagement is in
    post on ``day`` (:func:`~csc_workforce.measures.rules.in_post_expr` and an assignment covering the day),
    with the ``keep`` columns of the covering assignment (the later-starting one if several)."""
    keys = frame.select(*ENG, day).unique()
    in_post = (
        keys.join(inputs.engagements.select(*ENG, "start_date", "end_date"), on=ENG)
        .filter(in_post_expr(pl.col(day)))
        .select(*ENG, day)
    )
    candidates = in_post.join(inputs.assignments, on=ENG).filter(covers_expr(pl.col(day)))
    if keep:
        covering = candidates.group_by(*ENG, day).agg(pl.col(c).sort_by("effective_from").last() for c in keep)
    else:
        covering = candidates.select(*ENG, day).unique()
    return frame.join(covering, on=[*ENG, day])


def _held(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """Sessions seen as at ``as_at`` (held on or before it): la_code, engagement_key, on (sorted by ``on``)."""
    return inputs.supervision.filter(pl.col("on") <= pl.lit(as_at)).select(*ENG, "on").unique().sort("on")


def due_intervals(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The intervals due in ``period`` as at ``as_at`` (see the module docstring): la_code, engagement_key,
    first, last, worker_group, grace_days, team_key and role (of the assignment covering ``last``),
    met (a session was held from ``first`` to ``last`` + grace_days, on or before ``as_at``)."""
    until = min(period.end, as_at)
    intervals = interval_frame(inputs, since=period.start, until=until).filter(
        pl.col("last").is_between(pl.lit(period.start), pl.lit(until))
    )
    throughout = _at(inputs, _at(inputs, intervals, "first"), "last", keep=("team_key", "role"))
    nearest = throughout.sort("first").join_asof(
        _held(inputs, as_at), left_on="first", right_on="on", by=ENG, strategy="forward", check_sortedness=False
    )
    met = pl.col("on").is_not_null() & (pl.col("on") <= pl.col("last") + pl.duration(days=pl.col("grace_days")))
    return nearest.with_columns(met=met).drop("on")


def month_to(as_at: date) -> Period:
    """The month to ``as_at``: from the day after the same date a month earlier to ``as_at``, inclusive."""
    return Period(add_months(as_at, -1) + timedelta(days=1), as_at)


def last_month_workers(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Workers in post throughout the month to ``as_at`` (:func:`month_to`; on its first day and on ``as_at``):
    la_code, engagement_key, team_key and role at ``as_at``, worker_group (of the interval running on
    ``as_at``; "none" when no line applies), supervised (a session held in the month)."""
    month = month_to(as_at)
    intervals = interval_frame(inputs, since=as_at, until=as_at).select(*ENG, "worker_group")
    everyone = inputs.engagements.select(*ENG).with_columns(month_first=pl.lit(month.start), as_at=pl.lit(as_at))
    workers = _at(inputs, _at(inputs, everyone, "month_first"), "as_at", keep=("team_key", "role"))
    sessions = _held(inputs, as_at).filter(pl.col("on") >= pl.lit(month.start)).select(ENG).unique()
    return (
        workers.join(intervals, on=ENG, how="left")
        .join(sessions.with_columns(supervised=pl.lit(True)), on=ENG, how="left")
        .with_columns(pl.col("worker_group").fill_null(NO_LINE), pl.col("supervised").fill_null(False))
        .drop("month_first", "as_at")
    )


# ---------------------------------------------------------------------------------------------- reviews


def review_rows(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """Reviews of council-employed engagements counted in ``period`` as at ``as_at`` (P ends at ``as_at`` at
    the latest), one row each with team_key and role (of the assignment covering the due date, else the
    completion date) and 0/1 counts (a review counting in none is left out): due (due in P, the worker in post
    on the due date), on_time (due and completed on or before the due date), completed (completed in P), rated
    (completed with ``successful`` known), successful, objectives_known, objectives_set."""
    until = pl.lit(min(period.end, as_at))

    def in_p(column: str) -> pl.Expr:
        return pl.col(column).is_between(pl.lit(period.start), until)

    staff = inputs.engagements.filter(~pl.col("agency")).select(ENG)
    reviews = (
        inputs.reviews.join(staff, on=ENG, how="semi").filter(in_p("due") | in_p("completed")).with_row_index("_review")
    )
    due_in_post = _at(inputs, reviews, "due", keep=("team_key", "role")).select(
        "_review", "team_key", "role", in_post=pl.lit(True)
    )
    at_completion = (
        _at(inputs, reviews.filter(pl.col("completed").is_not_null()), "completed", keep=("team_key", "role"))
    ).select("_review", team_at_completion="team_key", role_at_completion="role")
    done = in_p("completed")
    due = in_p("due") & pl.col("in_post").fill_null(False)
    counted = (
        reviews.join(due_in_post, on="_review", how="left")
        .join(at_completion, on="_review", how="left")
        .with_columns(
            team_key=pl.when(pl.col("in_post").is_not_null()).then("team_key").otherwise("team_at_completion"),
            role=pl.when(pl.col("in_post").is_not_null()).then("role").otherwise("role_at_completion"),
            due=due,
            on_time=due & (pl.col("completed") <= pl.col("due")).fill_null(False),
            completed=done,
            rated=done & pl.col("successful").is_not_null(),
            successful=done & pl.col("successful").fill_null(False),
            objectives_known=done & pl.col("objectives_set").is_not_null(),
            objectives_set=done & pl.col("objectives_set").fill_null(False),
        )
    )
    flags = ["due", "on_time", "completed", "rated", "successful", "objectives_known", "objectives_set"]
    counts = counted.select(*ENG, "team_key", "role", *(pl.col(f).cast(pl.Int64) for f in flags))
    return counts.filter(pl.sum_horizontal(flags) > 0)  # a review due in P after the worker left counts nowhere


# ------------------------------------------------------------------------------------------------ tables


def _holding(inputs: CouncilFrames, frame: str) -> pl.DataFrame:
    """la_code, holds: whether the council holds any row of ``frame``."""
    held = getattr(inputs, frame).select("la_code").unique().with_columns(holds=pl.lit(True))
    councils = inputs.councils.select("la_code")
    return councils.join(held, on="la_code", how="left").with_columns(pl.col("holds").fill_null(False))


def _breakdown(
    inputs: CouncilFrames,
    rows: pl.DataFrame,
    *,
    by: str,
    every: str,
    order: Sequence[str],
    sums: Sequence[str],
) -> pl.DataFrame:
    """``rows`` (la_code, team_key, ``by`` and 0/1 or count columns ``sums``) summed per team x ``by`` value,
    per team over every value (``by`` = ``every``), then per council (is_total, team "Total") for each value
    found in the council and over every value. Sorted as profile's tables, values in ``order``."""
    everything = pl.concat([rows, rows.with_columns(pl.lit(every).alias(by))])
    summed = [pl.col(c).sum().cast(pl.Int64) for c in sums]
    teams = everything.group_by("la_code", "team_key", by).agg(summed).with_columns(is_total=pl.lit(False))
    found = everything.group_by("la_code", by).agg(summed)
    council_every = inputs.councils.select("la_code").with_columns(pl.lit(every).alias(by))
    totals = (
        pl.concat([found.select("la_code", by), council_every])
        .unique()
        .join(found, on=["la_code", by], how="left")
        .with_columns(
            pl.col(sums).fill_null(0),
            team_key=pl.lit(None, pl.String),
            is_total=pl.lit(True),
        )
    )
    ranks = {value: rank for rank, value in enumerate(order)}
    rank = pl.col(by).replace_strict(ranks, default=len(order), return_dtype=pl.Int64)
    named = _named(teams, inputs)
    both = pl.concat([named, totals.with_columns(team_name=pl.lit(TOTAL))], how="diagonal_relaxed")
    return both.sort("la_code", "is_total", pl.col("team_key").is_null(), "team_name", rank, maintain_order=True)


def _nulled(holds: pl.Expr, *columns: str) -> list[pl.Expr]:
    """``columns`` null where the council holds no records of the kind."""
    return [pl.when(holds).then(pl.col(c)).alias(c) for c in columns]


def supervision_by_team(inputs: CouncilFrames, *, as_at: date, period: Period | None = None) -> pl.DataFrame:
    """Supervision per team x worker group, per team over every group ("total") and per council (is_total,
    team "Total"); columns ``SUPERVISION_TEAM_COLUMNS``. due / met / on_time_pct: intervals due in ``period``
    (by default the 12 months to ``as_at``) by the team on their last day and the group of their policy line;
    workers / supervised_last_month / supervised_last_month_pct: workers in post throughout the month to
    ``as_at`` by their team on ``as_at`` and the group of the interval running then. met, supervised and the
    percentages are null for a council holding no supervision sessions.

    Small numbers: the rows of one worker group add up over the teams to its total row, so
    ``disclosure.withhold_team_counts(..., counts=SUPERVISION_TEAM_COUNTS, derived=SUPERVISION_TEAM_DERIVED)``
    protects one group at a time (the "total" group by team for a viewer, say). It does not protect the groups
    and the teams' "total" rows shown together (a team's total less its other groups gives the one withheld)."""
    period = period or twelve_months_to(as_at)
    due = due_intervals(inputs, as_at=as_at, period=period).select(
        "la_code", "team_key", "worker_group", due=pl.lit(1), met=pl.col("met").cast(pl.Int64)
    )
    workers = last_month_workers(inputs, as_at=as_at).select(
        "la_code",
        "team_key",
        "worker_group",
        workers=pl.lit(1),
        supervised_last_month=pl.col("supervised").cast(pl.Int64),
    )
    sums = ["due", "met", "workers", "supervised_last_month"]
    rows = pl.concat([due, workers], how="diagonal_relaxed").with_columns(pl.col(sums).fill_null(0))
    table = _breakdown(inputs, rows, by="worker_group", every=ALL_GROUPS, order=GROUP_ORDER, sums=sums)
    holds = pl.col("holds")
    return (
        table.join(_holding(inputs, "supervision"), on="la_code")
        .with_columns(*_nulled(holds, "met", "supervised_last_month"))
        .with_columns(
            worker_group_label=pl.col("worker_group").replace_strict(GROUP_LABELS, return_dtype=pl.String),
            on_time_pct=_share(pl.col("met"), pl.col("due")),
            supervised_last_month_pct=_share(pl.col("supervised_last_month"), pl.col("workers")),
        )
        .select(SUPERVISION_TEAM_COLUMNS)
    )


def reviews_by_team(inputs: CouncilFrames, *, as_at: date, period: Period | None = None) -> pl.DataFrame:
    """Performance reviews per team x DfE role, per team over every role ("All") and per council (is_total,
    team "Total"); columns ``REVIEW_TEAM_COLUMNS`` (see :func:`review_rows`): in_timescale_pct = on_time / due,
    successful_pct = successful / rated, objectives_set_pct = objectives_set / objectives_known, x 100. Every
    column but the keys is null for a council holding no reviews. Small numbers: as :func:`supervision_by_team`,
    one role at a time, with ``REVIEW_TEAM_COUNTS`` and ``REVIEW_TEAM_DERIVED``."""
    period = period or twelve_months_to(as_at)
    sums = ["due", "on_time", "completed", "rated", "successful", "objectives_known", "objectives_set"]
    rows = review_rows(inputs, as_at=as_at, period=period).with_columns(pl.col("role").fill_null(NOT_KNOWN))
    order = (*ROLE_CODES, NOT_KNOWN, ALL_ROLES)
    table = _breakdown(inputs, rows, by="role", every=ALL_ROLES, order=order, sums=sums)
    return (
        table.join(_holding(inputs, "reviews"), on="la_code")
        .with_columns(*_nulled(pl.col("holds"), *sums))
        .with_columns(
            role_label=_role_label(pl.col("role")),
            in_timescale_pct=_share(pl.col("on_time"), pl.col("due")),
            successful_pct=_share(pl.col("successful"), pl.col("rated")),
            objectives_set_pct=_share(pl.col("objectives_set"), pl.col("objectives_known")),
        )
        .select(REVIEW_TEAM_COLUMNS)
    )


def supervision_trend(inputs: CouncilFrames, *, as_at: date, months: int = 12) -> pl.DataFrame:
    """Supervision on time per calendar month, the ``months`` months to ``as_at``'s month (the last one only
    to ``as_at``): la_code, month (its first day), to (its last day counted), due, met, on_time_pct, as
    :func:`due_intervals` with P = that month. met and on_time_pct are null for a council holding no sessions."""
    if months < 1:
        raise ValueError(f"months must be 1 or more; got {months}")
    first = add_months(as_at.replace(day=1), 1 - months)
    starts = [add_months(first, i) for i in range(months)]
    ends = [min(add_months(s, 1) - timedelta(days=1), as_at) for s in starts]
    due = due_intervals(inputs, as_at=as_at, period=Period(first, as_at)).select(
        "la_code", month=pl.col("last").dt.truncate("1mo"), met=pl.col("met").cast(pl.Int64)
    )
    counts = due.group_by("la_code", "month").agg(due=pl.len().cast(pl.Int64), met=pl.col("met").sum())
    grid = pl.DataFrame({"month": starts, "to": ends}, schema={"month": pl.Date, "to": pl.Date})
    return (
        inputs.councils.select("la_code")
        .join(grid, how="cross")
        .join(counts, on=["la_code", "month"], how="left")
        .join(_holding(inputs, "supervision"), on="la_code")
        .with_columns(pl.col("due", "met").fill_null(0))
        .with_columns(*_nulled(pl.col("holds"), "met"))
        .with_columns(on_time_pct=_share(pl.col("met"), pl.col("due")))
        .sort("la_code", "month")
        .select(TREND_COLUMNS)
    )


# ------------------------------------------------------------------------------------------------ measures


def supervision_measures(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The supervision and review columns of ``local_measures``: la_code, ``SUPERVISION_COLUMNS``,
    ``REVIEW_COLUMNS``: the council total rows of :func:`supervision_by_team` and :func:`reviews_by_team`
    (so the tables and the figures agree)."""
    every = pl.col("is_total")
    supervision = supervision_by_team(inputs, as_at=as_at, period=period).filter(
        every & (pl.col("worker_group") == ALL_GROUPS)
    )
    reviews = reviews_by_team(inputs, as_at=as_at, period=period).filter(every & (pl.col("role") == ALL_ROLES))
    return (
        inputs.councils.select("la_code")
        .join(
            supervision.select(
                "la_code",
                supervision_on_time_pct="on_time_pct",
                workers_supervised_last_month_pct="supervised_last_month_pct",
            ),
            on="la_code",
            how="left",
        )
        .join(
            reviews.select(
                "la_code",
                appraisals_in_timescale_pct="in_timescale_pct",
                appraisal_rating_successful_pct="successful_pct",
                appraisal_objectives_set_pct="objectives_set_pct",
            ),
            on="la_code",
            how="left",
        )
    )
