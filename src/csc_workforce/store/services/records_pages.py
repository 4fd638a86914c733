"""The council's pages of figures from its dated records, one mechanism for all of them (:data:`PAGES`):
"Practice and development" (supervision and performance reviews by team with their trend, training, ASYE
cohorts with their retention, ASYE caseloads, the student placement funnel and income, progression up the
council's grade scale), "Practice quality" (case audits, the case-management system's practice indicators) and
"Staff voice and wellbeing" (HR casework). Views render what this returns; nothing here knows about requests.

Each part reads one kind of record and is shown only over dates that kind covers (``store.services.coverage``):
as at the date its data is complete to (never after the workforce records' or today), over the 12 months to
then, or from the date its data begins when that is later (the period is then said). A kind not held, or not
reaching the workforce records' dates, shows why instead of a table of zeros.

Who sees what is the caller's to decide and pass in, as for the council dashboard: ``teams`` (a manager's) limits
the team rows to those teams, shown in full, and their breakdowns by worker group and role; ``suppress``
withholds small numbers with ``measures.disclosure`` (counts from 1 to 4, what is worked out from them, and what
would let them be worked out again): two-way tables (team x worker group) as one problem, a cohort's outcomes
as parts of the cohort, the funnel stage by stage. A manager sees the rest of the council suppressed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import polars as pl
from django.core.cache import cache

from csc_workforce.domain.codes import OrgRole
from csc_workforce.domain.periods import Period, twelve_months_to
from csc_workforce.measures.agency import (
    agency_placements_against_caps,
    agency_rates_by_grade,
    agency_spend_by_grade,
    agency_spend_by_month,
    agency_spend_by_team,
)
from csc_workforce.measures.agency_return import RETURN_COUNTS, regional_return
from csc_workforce.measures.allocations import (
    CHANGES_COUNTS,
    CHANGES_DERIVED,
    allocated_caseloads,
    allocation_counts,
    changes_of_worker,
)
from csc_workforce.measures.audits import BY_TEAM_COUNTS as AUDIT_COUNTS
from csc_workforce.measures.audits import BY_TEAM_DERIVED as AUDIT_DERIVED
from csc_workforce.measures.audits import audits_by_element, audits_by_month, audits_by_team
from csc_workforce.measures.disclosure import (
    withhold_exit_interview_share,
    withhold_funnel,
    withhold_grid,
    withhold_interview_themes,
    withhold_response_rates,
    withhold_row_parts,
    withhold_survey_results,
    withhold_team_counts,
)
from csc_workforce.measures.hr_cases import BY_KIND_COUNTS, hr_cases_by_kind
from csc_workforce.measures.indicators import BY_MONTH_COUNTS, BY_MONTH_RATES, indicators_by_month
from csc_workforce.measures.inputs import DATED_FRAMES, CouncilFrames
from csc_workforce.measures.placements import placement_funnel, placement_income_by_year
from csc_workforce.measures.profile import ALL_ROLES, TOTAL
from csc_workforce.measures.programmes import RETENTION_YEARS, asye_caseloads, asye_cohorts
from csc_workforce.measures.progression import appointments_by_grade, months_to_grade, progression_steps
from csc_workforce.measures.recruitment import (
    FUNNEL_COUNTS,
    STEPS,
    reasons_for_applying,
    recruitment_costs,
    recruitment_funnel,
    recruitment_times,
    successful_applicants_by_channel,
)
from csc_workforce.measures.staff_voice import (
    exit_interview_share,
    interview_themes,
    rolling_windows,
    survey_questions_by_wave,
    survey_response_rates,
    survey_results,
)
from csc_workforce.measures.supervision import (
    ALL_GROUPS,
    REVIEW_TEAM_COUNTS,
    REVIEW_TEAM_DERIVED,
    SUPERVISION_TEAM_COUNTS,
    SUPERVISION_TEAM_DERIVED,
    reviews_by_team,
    supervision_by_team,
    supervision_trend,
)
from csc_workforce.measures.training import STATUS_COLUMNS, training_by_course, training_by_team
from csc_workforce.measures.turnover_cost import EVERY_ROLE, assumptions_of, salaries, turnover_cost
from csc_workforce.reports.charts import Series, bar_chart, line_chart
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.cost_assumptions import SavedAssumptions, assumptions_for
from csc_workforce.store.services.coverage import (
    AGENCY,
    AGENCY_COSTS,
    ALLOCATIONS,
    APPLICATIONS,
    AUDITS,
    CAMPAIGNS,
    HR_CASES,
    INDICATORS,
    INTERVIEWS,
    KIND_LABELS,
    PLACEMENTS,
    PROGRAMMES,
    REVIEWS,
    SUPERVISION,
    SURVEYS,
    TRAINING,
    Coverage,
    coverage_for,
    long_date,
)
from csc_workforce.store.services.dashboard import SUPPRESSION_NOTE, Section, _number, _rows
from csc_workforce.store.services.records import data_version

PROGRESSION = "progression"  # reads the workforce records' assignments against the grade scale
TURNOVER = "turnover"  # the cost-of-turnover model: reads these kinds, each over the whole 12 months
ROLE_LABELS = {r.value: r.label for r in OrgRole}
COMBINED: dict[str, tuple[str, ...]] = {TURNOVER: (AGENCY_COSTS, AGENCY, CAMPAIGNS)}
AS_AT_KINDS = frozenset({SURVEYS})  # a wave's results are whole in themselves: the latest on or before the date
BREAKDOWNS = frozenset({"supervision-group", "reviews-role"})  # shown folded, under the tables by team
_Build = TypeVar("_Build", bound=Callable[..., Any])
GROUP_LABELS = {"nqsw": "NQSW (from their ASYE start)", "all": "Everyone else", "none": "No policy line applies"}


@dataclass(frozen=True)
class Part:
    """One kind of record's block of the page: its window, or why there is none, and its sections."""

    kind: str
    heading: str
    as_at: date | None = None
    period: Period | None = None
    gap: str = ""  # why nothing is shown ("no supervision records are held for 990")
    notes: tuple[str, ...] = ()
    sections: tuple[Section, ...] = field(default=())
    details: tuple[Section, ...] = field(default=())  # breakdowns, shown folded under the sections


@dataclass(frozen=True)
class PageSpec:
    """One page of figures: its URL name (``key``; downloads are ``<key>-download``), heading, what it shows
    (``contents``, as the council page's link says it), and its parts in order, each as (kind, heading, the name
    of the :class:`_View` method building it). Each method declares the dated frames it reads (``@reads``); the
    page loads only theirs (:meth:`frames`)."""

    key: str
    title: str
    contents: str
    parts: tuple[tuple[str, str, str], ...]

    def frames(self) -> frozenset[str]:
        """The dated frames the page's parts read (``@reads`` on each :class:`_View` method): all it loads."""
        return frozenset(name for _kind, _heading, method in self.parts for name in frames_read(method))


_READS = "_dated_frames_read"


def reads(*frames: str) -> Callable[[_Build], _Build]:
    """Declare the dated frames (``measures.inputs.DATED_FRAMES``) a :class:`_View` method reads, itself and
    through every measure function it calls; the workforce frames are always loaded. A page loads only those of
    its parts: a frame read but not declared would be empty and show zeros (tests/web/test_records_pages.py
    builds each page with only these and with every frame and compares)."""
    unknown = sorted(set(frames) - set(DATED_FRAMES))
    if unknown:
        raise ValueError(f"no dated frame {', '.join(unknown)}")

    def declare(method: _Build) -> _Build:
        setattr(method, _READS, frozenset(frames))
        return method

    return declare


def frames_read(method: str) -> frozenset[str]:
    """The dated frames the :class:`_View` method ``method`` declares it reads (``@reads``)."""
    declared: frozenset[str] | None = getattr(getattr(_View, method), _READS, None)
    if declared is None:
        raise TypeError(f"_View.{method} does not declare the dated frames it reads: give it @reads(...)")
    return declared


PAGES: dict[str, PageSpec] = {
    spec.key: spec
    for spec in (
        PageSpec(
            "development",
            "Practice and development",
            "supervision, performance reviews, training, ASYE, student placements and progression",
            (
                (SUPERVISION, "Supervision", "supervision"),
                (REVIEWS, "Performance reviews", "reviews"),
                (TRAINING, "Training", "training"),
                (PROGRAMMES, "ASYE: cohorts, outcomes and caseloads", "programmes"),
                (PLACEMENTS, "Student placements", "placements"),
                (PROGRESSION, "Progression", "progression"),
            ),
        ),
        PageSpec(
            "recruitment-agency",
            "Recruitment and agency",
            "recruitment from application to start with its channels, times and cost, agency placements against "
            "the price caps and DfE's statutory rules, agency spend and the regional agency return",
            (
                (APPLICATIONS, "Recruitment", "recruitment"),
                (AGENCY, "Agency placements", "agency"),
                (AGENCY_COSTS, "Agency spend and the regional return", "agency_spend"),
                (TURNOVER, "The cost of turnover", "turnover"),
            ),
        ),
        PageSpec(
            "practice-quality",
            "Practice quality",
            "case audits with their element grades and monthly trend, children's changes of social worker from "
            "the case allocations, and the practice indicators the case-management system computes",
            (
                (AUDITS, "Case audits", "audits"),
                (ALLOCATIONS, "Case allocations", "allocations"),
                (INDICATORS, "Practice indicators", "indicators"),
            ),
        ),
        PageSpec(
            "staff-voice",
            "Staff voice and wellbeing",
            "exit and retention interviews by theme, staff surveys and formal HR casework",
            (
                (INTERVIEWS, "Exit and retention interviews", "interviews"),
                (SURVEYS, "Staff surveys", "surveys"),
                (HR_CASES, "HR casework", "hr_cases"),
            ),
        ),
    )
}


@dataclass(frozen=True)
class RecordsPage:
    spec: PageSpec
    la_code: str
    name: str
    today: date
    parts: tuple[Part, ...]
    asked: date | None = None  # the date asked for (None: today)

    def part(self, kind: str) -> Part:
        return next(p for p in self.parts if p.kind == kind)

    def tables(self) -> dict[str, Table]:
        """Every table of the page by its key (the downloads)."""
        return {s.key: s.table for p in self.parts for s in (*p.sections, *p.details)}


def records_page(
    page: str,
    *,
    council: m.Council,
    today: date,
    teams: frozenset[str] | None = None,
    suppress: bool = False,
    as_at: date | None = None,
) -> RecordsPage:
    """Everything the page ``page`` (a key of :data:`PAGES`) shows, as at ``as_at`` (None: today) or the latest
    date each part's records cover when that is earlier. ``today`` is passed in, never read from the clock."""
    spec = PAGES[page]
    until = min(as_at, today) if as_at is not None else today
    inputs = council_frames(la_codes=[council.la_code], frames=spec.frames())
    coverage = coverage_for(la_codes=[council.la_code])[council.la_code]
    view = _View(inputs, teams, suppress, coverage, assumptions_for(council.la_code))
    parts = tuple(_part(kind, heading, coverage, until, getattr(view, method)) for kind, heading, method in spec.parts)
    return RecordsPage(spec, council.la_code, council.name, today, parts, as_at)


def cached_records_page(
    page: str,
    *,
    council: m.Council,
    today: date,
    teams: frozenset[str] | None = None,
    suppress: bool = False,
    as_at: date | None = None,
) -> RecordsPage:
    """:func:`records_page`, kept until any records change or the day changes; the key holds everything the
    result depends on, so no user ever sees another's view."""
    scope = "all" if teams is None else "|".join(sorted(teams))
    identity = f"{page}:{council.pk}:{council.name}:{data_version()}:{today}:{as_at}:{scope}:{suppress}"
    key = "records-page:" + hashlib.sha256(identity.encode()).hexdigest()
    found: RecordsPage | None = cache.get(key)
    if found is None:
        found = records_page(page, council=council, today=today, teams=teams, suppress=suppress, as_at=as_at)
        cache.set(key, found, timeout=24 * 3600)
    return found


# ------------------------------------------------------------------------------------------------- windows


def window(coverage: Coverage, kind: str, today: date) -> tuple[date, Period, str] | str:
    """The date a part is as at, its period and a note when the period is shortened; or why there is none.

    As at the earliest of ``today`` (the date asked for), the workforce records' complete-to date and the
    kind's; over the 12 months to then, starting instead on the date the kind's data begins when that is later
    (for supervision, a month or the policy's longest interval after it: ``Coverage.periods_from``)."""
    workforce = coverage.complete_to
    if workforce is None:
        return f"No workforce records are held for {coverage.la_code}."
    if kind == PROGRESSION:
        as_at = min(workforce, today)
        period = twelve_months_to(as_at)
        refused = coverage.refusal(as_at, period)
        if refused and coverage.begins is not None and coverage.begins > period.start:
            period = Period(coverage.begins, as_at)
            return as_at, period, _shortened("The workforce records", coverage.begins, coverage.begins, as_at)
        return refused if refused else (as_at, period, "")
    if kind in COMBINED:
        return _combined_window(coverage, COMBINED[kind], min(workforce, today))
    label = KIND_LABELS[kind]
    to = coverage.kinds.get(kind)
    if to is None:
        return f"No {label} records are held for {coverage.la_code}."
    as_at = min(to, workforce, today)
    period = twelve_months_to(as_at)
    if kind in AS_AT_KINDS:
        return as_at, period, ""
    first, earliest = coverage.kinds_begin.get(kind), coverage.periods_from(kind)
    note = ""
    if first is not None and earliest is not None and earliest > period.start:
        if earliest > as_at:
            return (
                f"The {label} records for {coverage.la_code} begin on {long_date(first)}, too late for figures "
                f"to {long_date(as_at)}"
                + (" (a supervision interval due then began before the records)." if earliest != first else ".")
            )
        period = Period(earliest, as_at)
        note = _shortened(f"The {label} records", first, earliest, as_at)
    gap = coverage.development_gap(kind, as_at, period)
    return f"{gap[0].upper()}{gap[1:]}." if gap else (as_at, period, note)


def _combined_window(coverage: Coverage, kinds: tuple[str, ...], until: date) -> tuple[date, Period, str] | str:
    """A part reading several kinds: as at the earliest date they are all complete to, over the whole 12 months
    to then (each kind covering all of it), or why not."""
    for kind in kinds:
        if coverage.kinds.get(kind) is None:
            return f"No {KIND_LABELS[kind]} records are held for {coverage.la_code}."
    as_at = min(until, *(coverage.kinds[kind] for kind in kinds))
    period = twelve_months_to(as_at)
    gap = next((g for kind in kinds if (g := coverage.development_gap(kind, as_at, period))), None)
    return f"{gap[0].upper()}{gap[1:]}: the cost of turnover needs all 12 months." if gap else (as_at, period, "")


def _shortened(what: str, first: date, start: date, as_at: date) -> str:
    """Why a part's period is shorter than 12 months."""
    why = (
        ""
        if start == first
        else " (a month or the policy's longest interval later: a session due before then may have been held "
        "before the records begin)"
    )
    return (
        f"{what} begin on {long_date(first)}, so the figures over a period cover {long_date(start)}{why} to "
        f"{long_date(as_at)}, not 12 months."
    )


def _part(kind: str, heading: str, coverage: Coverage, today: date, build: Any) -> Part:
    found = window(coverage, kind, today)
    if isinstance(found, str):
        return Part(kind, heading, gap=found)
    as_at, period, note = found
    sections: tuple[Section, ...] | str = build(as_at, period)
    if isinstance(sections, str):
        return Part(kind, heading, gap=sections)
    shown = tuple(s for s in sections if s.key not in BREAKDOWNS)
    folded = tuple(s for s in sections if s.key in BREAKDOWNS)
    return Part(kind, heading, as_at, period, notes=(note,) if note else (), sections=shown, details=folded)


def _span(as_at: date, period: Period) -> str:
    return f"{long_date(period.start)} to {long_date(as_at)}"


# ------------------------------------------------------------------------------------------------ sections


class _View:
    """The sections of each part, for one audience (``teams``, ``suppress``)."""

    def __init__(
        self,
        inputs: CouncilFrames,
        teams: frozenset[str] | None,
        suppress: bool,
        coverage: Coverage,
        saved: SavedAssumptions | None = None,
    ) -> None:
        self.inputs, self.teams, self.suppress, self.coverage = inputs, teams, suppress, coverage
        self.saved = saved

    def _notes(self, *more: str) -> list[str]:
        return [*more, *([SUPPRESSION_NOTE] if self.suppress else [])]

    def _own(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A manager's teams only (no council rows): their own figures, in full."""
        assert self.teams is not None
        return frame.filter(~pl.col("is_total") & pl.col("team_name").is_in(sorted(self.teams)))

    def _by_team(
        self,
        frame: pl.DataFrame,
        counts: tuple[str, ...],
        derived: dict[str, Any],
        within: tuple[tuple[str, tuple[str, ...]], ...] = (),
        unshown: tuple[str, ...] = (),
    ) -> pl.DataFrame:
        """A table by team with a total row: withheld for suppressed roles, a manager's teams in full
        (``within``, ``unshown``: as ``withhold_team_counts`` has them)."""
        if self.suppress:
            return withhold_team_counts(
                frame, counts=counts, derived=derived, own=self.teams, within=within, unshown=unshown
            )
        if self.teams is not None:
            return frame.filter(pl.col("is_total") | pl.col("team_name").is_in(sorted(self.teams)))
        return frame

    def _two_way(
        self, frame: pl.DataFrame, by: str, every: str, counts: tuple[str, ...], derived: dict[str, Any]
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """A table by team x ``by`` (``every``: a team's row over every value) as two tables: by team (the
        ``every`` rows and the council's total) and the breakdown. An analyst sees both whole; a viewer both
        withheld as one two-way problem, so that the one cannot undo the other; a manager their teams in full
        (the breakdown of their teams only) and the rest of the council withheld, by team."""
        parts = pl.col(by) != every  # the breakdown: each team's rows by value, and the council's
        if self.teams is not None:
            return self._by_team(frame.filter(~parts), counts, derived), self._own(frame).filter(parts)
        if self.suppress:
            frame = withhold_grid(frame, by=by, every=every, counts=counts, derived=derived)
        return frame.filter(~parts), frame.filter(parts)

    # -- supervision ----------------------------------------------------------------------------------------

    @reads("supervision", "supervision_policy", "programmes")
    def supervision(self, as_at: date, period: Period) -> tuple[Section, ...]:
        table = supervision_by_team(self.inputs, as_at=as_at, period=period)
        teams, groups = self._two_way(
            table, "worker_group", ALL_GROUPS, SUPERVISION_TEAM_COUNTS, SUPERVISION_TEAM_DERIVED
        )
        groups = groups.with_columns(
            worker_group_label=pl.col("worker_group").replace_strict(GROUP_LABELS, default=pl.col("worker_group_label"))
        )
        month = f"the month to {long_date(as_at)}"
        columns = [
            Column("due", "Sessions due", numeric=True, decimals=0),
            Column("met", "Held on time", numeric=True, decimals=0),
            Column("on_time_pct", "On time (%)", numeric=True, decimals=1),
            Column("workers", f"Workers in post through {month}", numeric=True, decimals=0),
            Column("supervised_last_month", "Supervised in that month", numeric=True, decimals=0),
            Column("supervised_last_month_pct", "Supervised in that month (%)", numeric=True, decimals=1),
        ]
        rule = (
            "A session is due for each interval of the council's supervision policy (by worker group and time "
            "since starting) ending in the period; it is on time when a session was held in the interval or its "
            "grace days (docs/measures.md, supervision_on_time_pct)."
        )
        sections = [
            _section(
                "supervision-team",
                f"Supervision on time by team, {_span(as_at, period)}",
                [Column("team_name", "Team"), *columns],
                teams,
                self._notes(rule),
            )
        ]
        title = "your teams" if self.teams is not None else "team"
        sections.append(
            _section(
                "supervision-group",
                f"Supervision on time by {title} and worker group, {_span(as_at, period)}",
                [Column("team_name", "Team"), Column("worker_group_label", "Worker group"), *columns],
                groups,
                self._notes() if self.teams is None else [],
            )
        )
        sections.append(self._supervision_trend(as_at, period))
        return tuple(sections)

    def _supervision_trend(self, as_at: date, period: Period) -> Section:
        months = supervision_trend(self.inputs, as_at=as_at, months=12).filter(pl.col("month") >= period.start)
        if self.suppress:
            months = withhold_row_parts(months, whole="due", subsets=("met",), derived={"on_time_pct": "met"})
        rows = _rows(
            months.with_columns(label=pl.col("month").dt.strftime("%B %Y"), short=pl.col("month").dt.strftime("%b %Y"))
        )
        table = Table.from_dicts(
            f"Supervision on time by month, to {long_date(as_at)}",
            [
                Column("label", "Month"),
                Column("due", "Sessions due", numeric=True, decimals=0),
                Column("met", "Held on time", numeric=True, decimals=0),
                Column("on_time_pct", "On time (%)", numeric=True, decimals=1),
            ],
            rows,
            notes=self._notes(
                "Sessions due in each month, the last month to the date the figures are as at; months before the "
                "supervision records begin are not shown."
            ),
        )
        chart = line_chart(
            title=table.title,
            description="Percentage of supervision sessions held on time each month, council-wide. "
            "The table that follows has the same figures.",
            x_labels=[str(r["short"]) for r in rows],
            series=[Series("On time (%)", tuple(_number(r["on_time_pct"]) for r in rows))],
            unit="%",
        )
        return Section("supervision-trend", table, chart)

    # -- reviews ----------------------------------------------------------------------------------------------

    @reads("reviews")
    def reviews(self, as_at: date, period: Period) -> tuple[Section, ...]:
        table = reviews_by_team(self.inputs, as_at=as_at, period=period)
        teams, roles = self._two_way(table, "role", ALL_ROLES, REVIEW_TEAM_COUNTS, REVIEW_TEAM_DERIVED)
        columns = [
            Column("due", "Reviews due", numeric=True, decimals=0),
            Column("on_time", "Completed in timescale", numeric=True, decimals=0),
            Column("in_timescale_pct", "In timescale (%)", numeric=True, decimals=1),
            Column("rated", "Rated", numeric=True, decimals=0),
            Column("successful", "Successful or higher", numeric=True, decimals=0),
            Column("successful_pct", "Successful or higher (%)", numeric=True, decimals=1),
            Column("objectives_set_pct", "Objectives set (%)", numeric=True, decimals=1),
        ]
        rule = (
            "Reviews of council-employed workers due in the period; a rating counts as successful or higher as the "
            "council's rating scale maps it (docs/measures.md, appraisals_in_timescale_pct)."
        )
        title = "your teams" if self.teams is not None else "team"
        return (
            _section(
                "reviews-team",
                f"Performance reviews by team, {_span(as_at, period)}",
                [Column("team_name", "Team"), *columns],
                teams,
                self._notes(rule),
            ),
            _section(
                "reviews-role",
                f"Performance reviews by {title} and role, {_span(as_at, period)}",
                [Column("team_name", "Team"), Column("role_label", "Role"), *columns],
                roles,
                self._notes() if self.teams is None else [],
            ),
        )

    # -- training ---------------------------------------------------------------------------------------------

    @reads("training", "courses")
    def training(self, as_at: date, period: Period) -> tuple[Section, ...]:
        derived = {"take_up_pct": ("places", "attended", "completed"), "completion_pct": ("places", "completed")}
        statuses = ("places", "booked", "attended", "completed", "did_not_attend")
        courses = training_by_course(self.inputs, as_at=as_at, period=period).with_columns(
            team_key=pl.col("course_key"), team_name=pl.col("course")
        )
        if self.suppress:  # places are the sum of the four statuses: a two-way problem, course x status
            courses = _statuses_withheld(courses, statuses, derived)
            courses = courses.with_columns(in_date_pct=pl.lit(None, pl.Float64), in_date_pct_withheld=pl.lit(True))
        by_team = training_by_team(self.inputs, as_at=as_at, period=period)
        if self.teams is not None:  # a manager: their teams in full; the council's total is in the course table
            by_team = self._own(by_team)
        elif self.suppress:
            by_team = _statuses_withheld(by_team, statuses, derived)
        counts = [
            Column("places", "Places", numeric=True, decimals=0),
            *(Column(s, s.replace("_", " ").capitalize(), numeric=True, decimals=0) for s in STATUS_COLUMNS),
            Column("take_up_pct", "Take-up (%)", numeric=True, decimals=1),
            Column("completion_pct", "Completed (%)", numeric=True, decimals=1),
        ]
        span = _span(as_at, period)
        rule = (
            "Places are bookings not cancelled; take-up is those attended or completed, as a percentage of places. "
            f"In date: workers in post on {long_date(as_at)} whose latest completion of the mandatory course is "
            "still valid."
        )
        return (
            _section(
                "training-course",
                f"Training by course, {span}",
                [
                    Column("course", "Course"),
                    Column("mandatory", "Mandatory"),
                    *counts,
                    Column("in_date_pct", "Workers in date (%)", numeric=True, decimals=1),
                ],
                courses,
                self._notes(rule) + (["Workers in date by course is not shown to your role."] if self.suppress else []),
            ),
            _section(
                "training-team",
                f"Training by team, {span}",
                [Column("team_name", "Team"), *counts],
                by_team,
                self._notes("By the team of the person's assignment on the course date."),
            ),
        )

    # -- ASYE -------------------------------------------------------------------------------------------------

    @reads("programmes")
    def programmes(self, as_at: date, period: Period) -> tuple[Section, ...]:
        cohorts = asye_cohorts(self.inputs, as_at=as_at)
        retained = tuple(f"retained_{n}y" for n in RETENTION_YEARS)
        if self.suppress:
            cohorts = withhold_row_parts(
                cohorts,
                whole="started",
                parts=("passed", "extended", "failed", "left", "ongoing"),
                subsets=("in_post", *retained),
                derived={f"{c}_pct": c for c in ("in_post", *retained)},
            )
        rows = _rows(cohorts)
        table = Table.from_dicts(
            f"ASYE cohorts by the financial year they began, as at {long_date(as_at)}",
            [
                Column("cohort", "Cohort"),
                Column("started", "Began", numeric=True, decimals=0),
                Column("passed", "Passed", numeric=True, decimals=0),
                Column("extended", "Extended", numeric=True, decimals=0),
                Column("failed", "Failed", numeric=True, decimals=0),
                Column("left", "Left", numeric=True, decimals=0),
                Column("ongoing", "Ongoing", numeric=True, decimals=0),
                Column("in_post_pct", f"In post on {long_date(as_at)} (%)", numeric=True, decimals=1),
                *(
                    Column(f"retained_{n}y_pct", f"In post after {n} year{'s' * (n > 1)} (%)", numeric=True, decimals=1)
                    for n in RETENTION_YEARS
                ),
            ],
            rows,
            notes=self._notes(
                "A cohort is the ASYEs begun in a financial year (April to March). Retention after n years: "
                "members in post with the council on the n-th anniversary of their ASYE start; not shown until "
                "every member's anniversary has passed."
            ),
        )
        labels = [str(r["cohort"]) for r in rows]
        series = [
            Series(f"After {n} year{'s' * (n > 1)}", tuple(_number(r[f"retained_{n}y_pct"]) for r in rows))
            for n in RETENTION_YEARS
        ]
        chart = line_chart(
            title="ASYE cohort retention",
            description="Percentage of each ASYE cohort still in post with the council 1, 2 and 3 years after "
            "their ASYE began, by cohort. The table that follows has the same figures.",
            x_labels=labels,
            series=series,
            unit="%",
        )
        caseloads = self._by_team(
            asye_caseloads(self.inputs, as_at=as_at),
            ("asye_workers", "with_snapshot", "with_protected_caseload", "over_protected"),
            {"mean_cases": "with_snapshot", "mean_protected_caseload": "with_protected_caseload"},
        )
        caseload_table = Table.from_dicts(
            f"ASYE workers' caseloads against their protected caseload, {long_date(as_at)}",
            [
                Column("team_name", "Team"),
                Column("asye_workers", "ASYE workers", numeric=True, decimals=0),
                Column("mean_cases", "Average cases", numeric=True, decimals=1),
                Column("mean_protected_caseload", "Average protected caseload", numeric=True, decimals=1),
                Column("over_protected", "Above their protected caseload", numeric=True, decimals=0),
            ],
            _rows(caseloads),
            notes=self._notes(
                "Cases from each worker's latest caseload snapshot in the 31 days to the date; a worker with no "
                "snapshot or no protected caseload recorded is never counted above it."
            ),
        )
        return (Section("asye-cohorts", table, chart), Section("asye-caseloads", caseload_table))

    # -- placements -------------------------------------------------------------------------------------------

    @reads("placements", "placement_income")
    def placements(self, as_at: date, period: Period) -> tuple[Section, ...]:
        funnel = placement_funnel(self.inputs, period=period)
        if self.suppress:
            funnel = withhold_funnel(funnel)
        rows = _rows(funnel)
        table = Table.from_dicts(
            f"Student placement funnel: placements that ended {_span(as_at, period)}",
            [
                Column("label", "Stage"),
                Column("count", "Placements", numeric=True, decimals=0),
                Column("pct_of_placements", "Of placements ended (%)", numeric=True, decimals=1),
                Column("pct_of_previous", "Of the stage before (%)", numeric=True, decimals=1),
            ],
            rows,
            notes=self._notes("Each stage counts the placements that reached it; appointed is to an NQSW post."),
        )
        chart = bar_chart(
            title=table.title,
            description="How many of the placements that ended reached each stage, from placement to appointment. "
            "The table that follows has the same figures.",
            labels=[str(r["label"]) for r in rows],
            values=[_number(r["count"]) for r in rows],
        )
        income = Table.from_dicts(
            "Placement income by financial year",
            [Column("year_label", "Financial year"), Column("amount", "Income (£)", numeric=True, decimals=0)],
            _rows(placement_income_by_year(self.inputs)),
            notes=["Every financial year held; a year with no income recorded is not shown."],
        )
        return (Section("placement-funnel", table, chart), Section("placement-income", income))

    # -- case audits ------------------------------------------------------------------------------------------

    @reads("audits", "audit_elements")
    def audits(self, as_at: date, period: Period) -> tuple[Section, ...]:
        by_team = _with_improvement(audits_by_team(self.inputs, as_at=as_at, period=period))
        frame = self._by_team(by_team, (*AUDIT_COUNTS, *AUDIT_RESTS), AUDIT_DERIVED, AUDIT_WITHIN, AUDIT_RESTS)
        table = Table.from_dicts(
            f"Case audits by team audited, {_span(as_at, period)}",
            [
                Column("team_name", "Team"),
                Column("audits", "Audits", numeric=True, decimals=0),
                Column("good_or_better", "Good or outstanding", numeric=True, decimals=0),
                Column("good_or_better_pct", "Good or outstanding (%)", numeric=True, decimals=1),
                Column("inadequate", "Inadequate", numeric=True, decimals=0),
                Column("inadequate_pct", "Inadequate (%)", numeric=True, decimals=1),
            ],
            _rows(frame),
            notes=self._notes("The overall grade of each case audit dated in the period; children are not named."),
        )
        rates = {"good_or_better_pct": ("good_or_better", "audits"), "inadequate_pct": ("inadequate", "audits")}
        elements = audits_by_element(self.inputs, as_at=as_at, period=period)
        months = audits_by_month(self.inputs, as_at=as_at, period=period)
        if self.suppress:  # the rows grade the same audits again and do not add up: each row on its own
            elements = _graded_withheld(elements, rates)
            months = _graded_withheld(months, {**rates, "good_or_better_change_pp": "good_or_better"})
            months = _zeros_of_shown_zeros(months, elements, ("good_or_better", "inadequate"), by="element")
            months = _previous_withheld(
                months, "good_or_better_pct", "good_or_better_change_pp", ("la_code", "element")
            )
        graded = [
            Column("audits", "Audits graded", numeric=True, decimals=0),
            Column("good_or_better", "Good or outstanding", numeric=True, decimals=0),
            Column("good_or_better_pct", "Good or outstanding (%)", numeric=True, decimals=1),
            Column("inadequate", "Inadequate", numeric=True, decimals=0),
            Column("inadequate_pct", "Inadequate (%)", numeric=True, decimals=1),
        ]
        by_element = _section(
            "audits-element",
            f"Case audits by what was graded, {_span(as_at, period)}",
            [Column("element_label", "Graded"), *graded],
            elements,
            self._notes(
                "The overall grade, then each element the audits graded on its own (on the same scale); each row "
                "counts the same audits again, so the rows do not add up."
            ),
        )
        overall = months.filter(pl.col("element").is_null())
        month_rows = _rows(overall.with_columns(label=pl.col("month").dt.strftime("%B %Y")))
        trend = Table.from_dicts(
            f"Case audits by month (overall grade), {_span(as_at, period)}",
            [
                Column("label", "Month"),
                *graded,
                Column("good_or_better_change_pp", "Change in good or outstanding (points)", numeric=True, decimals=1),
            ],
            month_rows,
            notes=self._notes(
                "Whole months only; the change is on the month before. The strategies' targets: at least 80% good "
                "or outstanding, at most 5% inadequate (Slough, Dudley)."
            ),
        )
        chart = line_chart(
            title=trend.title,
            description="Percentage of case audits graded good or outstanding, and inadequate, each month. "
            "The table that follows has the same figures.",
            x_labels=[str(r["label"]) for r in month_rows],
            series=[
                Series("Good or outstanding (%)", tuple(_number(r["good_or_better_pct"]) for r in month_rows)),
                Series("Inadequate (%)", tuple(_number(r["inadequate_pct"]) for r in month_rows)),
            ],
            unit="%",
        )
        by_element_month = _section(
            "audits-element-month",
            f"Case audits by month and element, {_span(as_at, period)}",
            [Column("label", "Month"), Column("element_label", "Graded"), *graded],
            months.filter(pl.col("element").is_not_null()).with_columns(label=pl.col("month").dt.strftime("%B %Y")),
            self._notes(),
        )
        return (
            Section("audits-team", table),
            by_element,
            Section("audits-month", trend, chart if month_rows else ""),
            by_element_month,
        )

    # -- case allocations -------------------------------------------------------------------------------------

    @reads("allocations")
    def allocations(self, as_at: date, period: Period) -> tuple[Section, ...] | str:
        """Children's social workers over the 12 months to the date, from the allocations: only when the
        allocation records reach back over all 12 months (a child allocated before them may have had others)."""
        year = twelve_months_to(as_at)
        if period.start > year.start:
            return (
                f"The case allocation records for {self.coverage.la_code} begin on {long_date(period.start)}: a "
                f"child's social workers over the 12 months to {long_date(as_at)} cannot be counted until the "
                "records reach back 12 months."
            )
        counts = allocation_counts(self.inputs, as_at=as_at).with_columns(
            children_max_3_pct=pl.when(pl.col("children_allocated") > 0).then(
                100 * pl.col("children_max_3_workers") / pl.col("children_allocated")
            )
        )
        if self.suppress:
            counts = withhold_row_parts(
                counts,
                whole="children_allocated",
                subsets=("children_max_3_workers", "children_4_plus_workers"),
                derived={"children_max_3_pct": "children_max_3_workers"},
            )
        summary = _section(
            "allocations-workers",
            f"Children allocated on {long_date(as_at)} and their social workers over the 12 months to then",
            [
                Column("children_allocated", "Children allocated", numeric=True, decimals=0),
                Column("children_max_3_workers", "With at most 3 social workers", numeric=True, decimals=0),
                Column("children_max_3_pct", "With at most 3 social workers (%)", numeric=True, decimals=1),
                Column("children_4_plus_workers", "With 4 or more", numeric=True, decimals=0),
            ],
            counts,
            self._notes(
                "Different social workers (people: an agency worker made permanent is one) allocated to the child "
                "in the 12 months (docs/measures.md, children_max_3_social_workers_pct). Children are not named."
            ),
        )
        changes = changes_of_worker(self.inputs, as_at=as_at).with_columns(team_name=pl.col("changes"))
        if self.suppress:
            changes = withhold_team_counts(changes, counts=CHANGES_COUNTS, derived=CHANGES_DERIVED)
        by_changes = _section(
            "allocations-changes",
            f"Children allocated on {long_date(as_at)} by changes of social worker in the 12 months to then",
            [
                Column("changes", "Changes of social worker"),
                Column("children", "Children", numeric=True, decimals=0),
                Column("children_pct", "Children (%)", numeric=True, decimals=1),
            ],
            changes,
            self._notes(),
        )
        caseloads = allocated_caseloads(self.inputs, as_at=as_at)
        both = caseloads.filter(pl.col("allocated").is_not_null() & pl.col("snapshot_cases").is_not_null())
        compared = pl.DataFrame(
            {
                "workers": [both.height],
                "agree": [both.filter(pl.col("allocated") == pl.col("snapshot_cases")).height],
                "allocated_only": [caseloads.filter(pl.col("snapshot_cases").is_null()).height],
                "snapshot_only": [caseloads.filter(pl.col("allocated").fill_null(0) == 0).height],
            }
        ).with_columns(differ=pl.col("workers") - pl.col("agree"))
        if self.suppress:
            compared = withhold_row_parts(compared, whole="workers", subsets=("agree", "differ"))
            for alone in ("allocated_only", "snapshot_only"):  # counts of workers on their own
                compared = withhold_row_parts(compared, whole=alone)
        check = _section(
            "allocations-caseloads",
            f"Caseloads from the allocations against the caseload snapshots, {long_date(as_at)}",
            [
                Column("workers", "Workers with both", numeric=True, decimals=0),
                Column("agree", "Same number of children", numeric=True, decimals=0),
                Column("differ", "Different", numeric=True, decimals=0),
                Column("allocated_only", "Allocations but no snapshot", numeric=True, decimals=0),
                Column("snapshot_only", "Snapshot but no allocation", numeric=True, decimals=0),
            ],
            compared,
            self._notes(
                "A worker's caseload is the children allocated to them on the date; the snapshot is their latest in "
                "the 31 days to it. A difference is a question for the case-management system's data."
            ),
        )
        return (summary, by_changes, check)

    # -- practice indicators ----------------------------------------------------------------------------------

    @reads("indicators")
    def indicators(self, as_at: date, period: Period) -> tuple[Section, ...]:
        """The case-management system's monthly indicators: a viewer's rate is withheld when its numerator,
        denominator or the rest is 1 to 4, a count of compliments or complaints when it is 1 to 4."""
        frame = indicators_by_month(self.inputs, as_at=as_at, period=period)
        if self.suppress and not frame.is_empty():
            for code in BY_MONTH_RATES:
                frame = withhold_row_parts(
                    frame, whole=f"{code}_d", subsets=(f"{code}_n",), derived={f"{code}_pct": f"{code}_n"}
                )
            for code in BY_MONTH_COUNTS:
                frame = withhold_row_parts(frame, whole=code)
        rows = _rows(frame.with_columns(label=pl.col("month").dt.strftime("%B %Y"))) if not frame.is_empty() else []
        table = Table.from_dicts(
            f"Practice indicators by month, {_span(as_at, period)}",
            [
                Column("label", "Month"),
                Column("assessments_45_days_pct", "Assessments within 45 working days (%)", numeric=True, decimals=1),
                Column("assessments_45_days_d", "Assessments completed", numeric=True, decimals=0),
                Column("cp_lac_visits_pct", "CP and looked-after visits in timescale (%)", numeric=True, decimals=1),
                Column("iro_midway_visits_pct", "IRO mid-way visits (%)", numeric=True, decimals=1),
                Column("compliments", "Compliments", numeric=True, decimals=0),
                Column("complaints", "Complaints", numeric=True, decimals=0),
            ],
            rows,
            notes=self._notes(
                "As the case-management system reports each whole month (uploaded as practice indicators); "
                "months the period only partly covers are left out."
            ),
        )
        return (Section("indicators-month", table),)

    # -- HR casework ------------------------------------------------------------------------------------------

    @reads("hr_cases")
    def hr_cases(self, as_at: date, period: Period) -> tuple[Section, ...]:
        """Formal HR cases by kind: council-wide counts (no team, no person), small ones withheld for viewers and
        managers, each column adding up over the kinds to the total."""
        frame = hr_cases_by_kind(self.inputs, as_at=as_at, period=period)
        if self.suppress:
            frame = withhold_team_counts(
                frame.with_columns(team_name=pl.col("kind_label")), counts=BY_KIND_COUNTS, derived={}
            )
        table = Table.from_dicts(
            f"Formal HR cases by kind: open on {long_date(as_at)}, opened and closed {_span(as_at, period)}",
            [
                Column("kind_label", "Kind of case"),
                Column("open", f"Open on {long_date(as_at)}", numeric=True, decimals=0),
                Column("opened", "Opened in the period", numeric=True, decimals=0),
                Column("closed", "Closed in the period", numeric=True, decimals=0),
            ],
            _rows(frame),
            notes=self._notes("A case closed on a day is no longer open on it. Who a case concerns is not held."),
        )
        return (Section("hr-cases-kind", table),)

    # -- staff voice ------------------------------------------------------------------------------------------

    @reads("interviews")
    def interviews(self, as_at: date, period: Period) -> tuple[Section, ...] | str:
        """Themes over the rolling 6 and 12 months, each window shown only when the interview records cover it."""
        windows = {
            months: window
            for months, window in rolling_windows(as_at).items()
            if not self.coverage.development_gap(INTERVIEWS, as_at, window)
        }
        if not windows:
            return (
                f"The exit and retention interview records for {self.coverage.la_code} do not cover the 6 months to "
                f"{long_date(as_at)}."
            )
        themes = interview_themes(self.inputs, as_at=as_at, windows=windows)
        share = exit_interview_share(self.inputs, as_at=as_at, windows=windows)
        if self.suppress:
            themes = withhold_interview_themes(themes)
            share = withhold_exit_interview_share(share)
        sections = []
        for months, window in windows.items():
            rows = themes.filter(pl.col("months") == months)
            wide = _by_kind(rows)
            sections.append(
                _section(
                    f"interviews-themes-{months}",
                    f"Interview themes over the {months} months {_span(as_at, window)}",
                    [
                        Column("theme_label", "Theme"),
                        Column("exit_citing", "Exit interviews citing it", numeric=True, decimals=0),
                        Column("exit_share_pct", "Of exit interviews (%)", numeric=True, decimals=1),
                        Column("retention_citing", "Retention interviews citing it", numeric=True, decimals=0),
                        Column("retention_share_pct", "Of retention interviews (%)", numeric=True, decimals=1),
                    ],
                    wide,
                    self._notes(
                        "An interview may cite several themes, so the themes add up to more than the interviews "
                        "(the total row). Comments are never loaded."
                    )
                    if months == min(windows)
                    else self._notes(),
                )
            )
        sections.append(
            _section(
                "interviews-share",
                "Council-employed leavers who had an exit interview",
                [
                    Column("months", "Months to the date", numeric=True, decimals=0),
                    Column("leavers", "Leavers", numeric=True, decimals=0),
                    Column("interviewed", "With an exit interview", numeric=True, decimals=0),
                    Column("interviewed_pct", "With an exit interview (%)", numeric=True, decimals=1),
                ],
                share,
                self._notes("How far the exit themes speak for the leavers of the period."),
            )
        )
        return tuple(sections)

    @reads("survey_waves", "survey_answers")
    def surveys(self, as_at: date, period: Period) -> tuple[Section, ...]:
        """Each instrument's latest wave on or before the date against its previous wave, the trend of every
        question over the waves, and the response rates."""
        latest = survey_results(self.inputs, as_at=as_at)
        waves = survey_questions_by_wave(self.inputs, as_at=as_at)
        rates = survey_response_rates(self.inputs, as_at=as_at)
        if self.suppress:
            latest, waves, rates = (
                withhold_survey_results(latest),
                withhold_survey_results(waves),
                withhold_response_rates(rates),
            )
        results = [
            Column("instrument", "Survey"),
            Column("question_text", "Question"),
            Column("answered", "Answering", numeric=True, decimals=0),
            Column("agree_pct", "Agreeing (%)", numeric=True, decimals=1),
        ]
        dated = latest.with_columns(
            on_label=pl.col("on").dt.strftime("%-d %B %Y"),
            previous_label=pl.col("previous_on").dt.strftime("%-d %B %Y"),
        )
        sections = [
            _section(
                "surveys-latest",
                f"Staff survey results: each survey's latest wave on or before {long_date(as_at)}",
                [
                    Column("instrument", "Survey"),
                    Column("on_label", "Wave"),
                    Column("question_text", "Question"),
                    Column("answered", "Answering", numeric=True, decimals=0),
                    Column("agree_pct", "Agreeing (%)", numeric=True, decimals=1),
                    Column("previous_label", "Previous wave"),
                    Column("previous_agree_pct", "Agreeing then (%)", numeric=True, decimals=1),
                    Column("change_pts", "Change (points)", numeric=True, decimals=1),
                ],
                dated,
                self._notes(
                    "Agreeing: strongly agree or agree, of those answering the question; against the same question "
                    "in the survey's previous wave."
                ),
            )
        ]
        trend_rows = _rows(waves.with_columns(on_label=pl.col("on").dt.strftime("%b %Y")))
        table = Table.from_dicts(
            f"Staff survey questions by wave, to {long_date(as_at)}",
            [Column("on_label", "Wave"), *results],
            trend_rows,
            notes=self._notes(),
        )
        questions = list(dict.fromkeys((str(r["instrument"]), str(r["question_text"])) for r in trend_rows))
        labels = list(dict.fromkeys(str(r["on_label"]) for r in trend_rows))
        series = [
            Series(
                text[:60],
                tuple(
                    next(
                        (
                            _number(r["agree_pct"])
                            for r in trend_rows
                            if (r["instrument"], r["question_text"], r["on_label"]) == (instrument, text, label)
                        ),
                        None,
                    )
                    for label in labels
                ),
            )
            for instrument, text in questions[:6]
        ]
        chart = (
            line_chart(
                title=table.title,
                description="Percentage agreeing with each question at each wave (up to six questions). "
                "The table that follows has the same figures, for every question.",
                x_labels=labels,
                series=series,
                unit="%",
            )
            if len(labels) > 1
            else ""
        )
        sections.append(Section("surveys-trend", table, chart))
        sections.append(
            _section(
                "surveys-response",
                f"Staff survey response rates, to {long_date(as_at)}",
                [
                    Column("instrument", "Survey"),
                    Column("on_label", "Wave"),
                    Column("invited", "Staff invited", numeric=True, decimals=0),
                    Column("responses", "Responses", numeric=True, decimals=0),
                    Column("response_rate_pct", "Response rate (%)", numeric=True, decimals=1),
                ],
                rates.with_columns(on_label=pl.col("on").dt.strftime("%-d %B %Y")),
                self._notes("No rate where the number of staff invited is not known."),
            )
        )
        return tuple(sections)

    # -- recruitment ------------------------------------------------------------------------------------------

    @reads("applications", "campaigns")
    def recruitment(self, as_at: date, period: Period) -> tuple[Section, ...]:
        """Applications received in the period and how far they went, by channel and by route; the channels
        successful applicants came through; time to hire and offer to DBS clearance; reasons for applying; the
        cost per hire (only where the campaign records cover the period too)."""
        withhold = self.suppress or self.teams is not None
        funnel = recruitment_funnel(self.inputs, as_at=as_at, period=period).with_columns(
            team_name=pl.col("group_label")
        )
        if withhold:
            funnel = _funnel_withheld(funnel)
        steps = [
            Column("applications", "Applications", numeric=True, decimals=0),
            *(
                column
                for step in STEPS
                for column in (
                    Column(step, step.capitalize(), numeric=True, decimals=0),
                    Column(f"{step}_pct", f"{step.capitalize()} (%)", numeric=True, decimals=1),
                )
            ),
            Column("withdrawn", "Withdrew", numeric=True, decimals=0),
            Column("rejected", "Not taken forward", numeric=True, decimals=0),
        ]
        span = _span(as_at, period)
        sections = [
            _section(
                f"recruitment-{by}",
                f"Applications received {span} by {title}, and how far they went",
                [Column("group_label", title.capitalize()), *steps],
                funnel.filter(pl.col("by") == by),
                self._notes(
                    "Each step counts the applications that reached it by the date; no applicant is named (an "
                    "application reference only)."
                )
                if by == "channel"
                else self._notes(),
            )
            for by, title in (("channel", "channel"), ("route", "route"))
        ]
        channels = successful_applicants_by_channel(self.inputs, as_at=as_at, period=period).with_columns(
            team_name=pl.col("channel_label")
        )
        if withhold:
            channels = withhold_team_counts(channels, counts=("started",), derived={"started_pct": ("started",)})
        sections.append(
            _section(
                "recruitment-successful",
                f"Successful applicants by the channel they came through, started {span}",
                [
                    Column("channel_label", "Channel"),
                    Column("started", "Started", numeric=True, decimals=0),
                    Column("started_pct", "Of those who started (%)", numeric=True, decimals=1),
                ],
                channels,
                self._notes(),
            )
        )
        times = recruitment_times(self.inputs, as_at=as_at, period=period).with_columns(team_name=pl.col("band"))
        if withhold:
            times = withhold_team_counts(
                times.with_columns(team_name=pl.col("band").fill_null("Total")),
                counts=("applications",),
                derived={"pct": ("applications",), "median_days": ("applications",)},
                group=("la_code", "span"),
            )
        sections.append(
            _section(
                "recruitment-times",
                f"Time to hire and from offer to DBS clearance, {span}",
                [
                    Column("span_label", "From and to"),
                    Column("band", "Days"),
                    Column("applications", "Applicants", numeric=True, decimals=0),
                    Column("pct", "Of applicants (%)", numeric=True, decimals=1),
                    Column("median_days", "Median days", numeric=True, decimals=1),
                ],
                times.with_columns(band=pl.col("band").fill_null("Total")),
                self._notes("The median is on each span's total row."),
            )
        )
        reasons = reasons_for_applying(self.inputs, as_at=as_at, period=period)
        if withhold:  # several reasons an application: the rows do not add up, each is withheld on its own
            reasons = _reasons_withheld(reasons)
        sections.append(
            _section(
                "recruitment-reasons",
                f"Reasons for applying, applications received {span}",
                [
                    Column("reason_label", "Reason"),
                    Column("applications", "Applications giving it", numeric=True, decimals=0),
                    Column("pct", "Of those giving a reason (%)", numeric=True, decimals=1),
                ],
                reasons,
                self._notes("An application may give several reasons, so the shares add up to more than 100."),
            )
        )
        if self.coverage.development_gap(CAMPAIGNS, as_at, period):
            return tuple(sections)
        costs = recruitment_costs(self.inputs, as_at=as_at, period=period).with_columns(
            team_name=pl.col("cost_type_label")
        )
        if withhold:
            costs = withhold_team_counts(costs, counts=("hires",), derived={"cost_per_hire": ("hires",)})
        sections.append(
            _section(
                "recruitment-cost",
                f"Recruitment cost and cost per hire, campaigns opened {span}",
                [
                    Column("cost_type_label", "Cost"),
                    Column("campaigns", "Campaigns", numeric=True, decimals=0),
                    Column("campaigns_costed", "With a cost", numeric=True, decimals=0),
                    Column("cost", "Cost (£)", numeric=True, decimals=0),
                    Column("hires", "Hires from them", numeric=True, decimals=0),
                    Column("cost_per_hire", "Cost per hire (£)", numeric=True, decimals=0),
                ],
                costs,
                self._notes("Hires: applicants from those campaigns who started by the date."),
            )
        )
        return tuple(sections)

    # -- agency -----------------------------------------------------------------------------------------------

    @reads("agency_placements", "agency_caps")
    def agency(self, as_at: date, period: Period) -> tuple[Section, ...]:
        """Rates by grade against the cap in force, and (an analyst's only: it names placements) each placement
        against the caps with DfE's statutory checks."""
        rates = agency_rates_by_grade(self.inputs, as_at=as_at).with_columns(
            team_name=pl.format("{}/{}", pl.col("role").fill_null(""), pl.col("grade").fill_null("")),
            role_label=_role_label(),
        )
        means = ("mean_pay_rate", "mean_charge_rate", "mean_pay_cap", "mean_charge_cap")
        if self.suppress or self.teams is not None:
            rates = withhold_team_counts(
                rates,
                counts=("placements", "compared", "over_cap"),
                derived={**dict.fromkeys(means, "placements"), "over_cap_pct": ("over_cap", "compared")},
            )
        money = [
            Column(c, label, numeric=True, decimals=2)
            for c, label in (
                ("mean_pay_rate", "Average pay rate (£ an hour)"),
                ("mean_pay_cap", "Average pay cap (£ an hour)"),
                ("mean_charge_rate", "Average charge rate (£ an hour)"),
                ("mean_charge_cap", "Average charge cap (£ an hour)"),
            )
        ]
        sections = [
            _section(
                "agency-rates",
                f"Agency placements in post on {long_date(as_at)}: hourly rates by role and grade against the cap",
                [
                    Column("role_label", "Role"),
                    Column("grade", "Grade"),
                    Column("placements", "Placements", numeric=True, decimals=0),
                    *money,
                    Column("compared", "Compared with a cap", numeric=True, decimals=0),
                    Column("over_cap", "Over the cap", numeric=True, decimals=0),
                    Column("over_cap_pct", "Over the cap (%)", numeric=True, decimals=1),
                ],
                rates,
                self._notes(
                    "The cap in force on the date for the placement's role and grade, as the council or region "
                    "loaded it (the most specific that applies); a placement with no cap loaded is not compared."
                ),
            )
        ]
        if self.suppress or self.teams is not None:
            return tuple(sections)
        placed = agency_placements_against_caps(self.inputs, as_at=as_at).with_columns(is_total=pl.lit(False))
        placed = placed.with_columns(
            role_label=_role_label(), rules=pl.when(pl.col("rules_apply")).then(pl.lit("Yes")).otherwise(pl.lit("No"))
        )
        yes_no = {True: "Yes", False: "No"}
        placed = placed.with_columns(
            pl.col(c).replace_strict(yes_no, default="Not recorded", return_dtype=pl.String)
            for c in ("pay_over_cap", "charge_over_cap", "pqe_met", "references")
        )
        sections.append(
            _section(
                "agency-placements",
                f"Each agency placement in post on {long_date(as_at)} against the caps and DfE's rules",
                [
                    Column("placement_key", "Placement"),
                    Column("supplier", "Supplier"),
                    Column("role_label", "Role"),
                    Column("grade", "Grade"),
                    Column("start", "Started"),
                    Column("pay_rate", "Pay rate (£ an hour)", numeric=True, decimals=2),
                    Column("pay_cap", "Pay cap (£ an hour)", numeric=True, decimals=2),
                    Column("pay_over_cap", "Pay over the cap"),
                    Column("charge_rate", "Charge rate (£ an hour)", numeric=True, decimals=2),
                    Column("charge_cap", "Charge cap (£ an hour)", numeric=True, decimals=2),
                    Column("charge_over_cap", "Charge over the cap"),
                    Column("rules", "Started under the 2024 rules"),
                    Column("pqe_years", "Years post-qualification", numeric=True, decimals=1),
                    Column("pqe_met", "At least 3 years"),
                    Column("references", "References"),
                    Column("rule", "Rule recorded"),
                ],
                placed,
                [
                    "Shown to analysts and administrators only: it names each placement. DfE's statutory guidance "
                    "on agency child and family social workers applies to placements starting on or after 31 "
                    "October 2024: at least 3 years' post-qualification experience, references, no project teams."
                ],
            )
        )
        return tuple(sections)

    @reads("agency_costs", "agency_placements", "agency_caps")
    def agency_spend(self, as_at: date, period: Period) -> tuple[Section, ...]:
        """Spend over the whole months the cost records cover, by month, role and grade and team; the regional
        return (always with small numbers withheld: it is what the council shares)."""
        spend_derived = {"spend": "placements", "hours": "placements"}
        months = agency_spend_by_month(self.inputs, as_at=as_at, period=period)
        by_grade = agency_spend_by_grade(self.inputs, as_at=as_at, period=period).with_columns(
            team_name=pl.format("{}/{}", pl.col("role").fill_null(""), pl.col("grade").fill_null(""))
        )
        by_team = agency_spend_by_team(self.inputs, as_at=as_at, period=period).with_columns(team_name=pl.col("team"))
        if self.suppress or self.teams is not None:
            months = withhold_row_parts(months, whole="placements", derived=spend_derived)
            by_grade = withhold_team_counts(by_grade, counts=("placements",), derived=spend_derived)
            by_team = withhold_team_counts(by_team, counts=("placements",), derived=spend_derived)
        spend = [
            Column("placements", "Placements", numeric=True, decimals=0),
            Column("hours", "Hours", numeric=True, decimals=0),
            Column("spend", "Spend (£)", numeric=True, decimals=0),
        ]
        month_rows = _rows(months.with_columns(label=pl.col("month").dt.strftime("%B %Y")))
        monthly = Table.from_dicts(
            f"Agency spend by month, {_span(as_at, period)}",
            [Column("label", "Month"), *spend],
            month_rows,
            notes=self._notes(
                "Whole months the cost records cover; a month the period only partly covers is left out."
            ),
        )
        chart = (
            bar_chart(
                title=monthly.title,
                description="Agency spend in pounds each month. The table that follows has the same figures.",
                labels=[str(r["label"]) for r in month_rows],
                values=[_number(r["spend"]) for r in month_rows],
            )
            if month_rows
            else ""
        )
        regional = regional_return(self.inputs, as_at=as_at, period=period)
        return (
            Section("agency-spend-month", monthly, chart),
            _section(
                "agency-spend-grade",
                f"Agency spend by role and grade, {_span(as_at, period)}",
                [Column("role_label", "Role"), Column("grade", "Grade"), *spend],
                by_grade,
                self._notes(),
            ),
            _section(
                "agency-spend-team",
                f"Agency spend by team, {_span(as_at, period)}",
                [Column("team", "Team"), *spend],
                by_team,
                self._notes(),
            ),
            _section(
                "agency-regional-return",
                f"Regional agency return: placements in post on {long_date(as_at)}, started and spend "
                f"{_span(as_at, period)}",
                [
                    Column("role_label", "Role"),
                    Column("grade", "Grade"),
                    *(Column(c, c.replace("_", " ").capitalize(), numeric=True, decimals=0) for c in RETURN_COUNTS),
                    Column("mean_pay_rate", "Average pay rate (£ an hour)", numeric=True, decimals=2),
                    Column("mean_charge_rate", "Average charge rate (£ an hour)", numeric=True, decimals=2),
                    Column("pay_cap", "Average pay cap (£ an hour)", numeric=True, decimals=2),
                    Column("charge_cap", "Average charge cap (£ an hour)", numeric=True, decimals=2),
                    Column("spend", "Spend (£)", numeric=True, decimals=0),
                ],
                regional,
                [
                    "What the council shares with its region under DfE's statutory guidance: no worker, supplier or "
                    "team is named, and counts from 1 to 4 (and what would give them away) are withheld (c) for "
                    "every reader. Over 12 months: the agency engagement began a year or more before the date."
                ],
            ),
        )

    # -- the cost of turnover ----------------------------------------------------------------------------------

    @reads("agency_placements", "agency_costs", "campaigns")
    def turnover(self, as_at: date, period: Period) -> tuple[Section, ...]:
        """The model's parts and total, the salaries and hourly costs it used, and the assumptions in force
        (``measures.turnover_cost``). For a viewer or manager, a part's cost is withheld when the people it
        counts (placements, starters) are 1 to 4, the total and the cost per leaver with it (they would give it
        back), and a salary worked out from 1 to 4 workers' pay (it is their pay)."""
        la = self.coverage.la_code
        cost = turnover_cost(self.inputs, as_at=as_at, period=period).filter(pl.col("la_code") == la).row(0, named=True)
        parts = _turnover_rows(cost)
        paid = salaries(self.inputs, as_at=as_at).filter(pl.col("la_code") == la)
        paid = paid.with_columns(role_label=_salary_role(), basis=_salary_basis())
        if self.suppress or self.teams is not None:
            parts = _turnover_withheld(parts)
            few = pl.col("workers").is_between(1, 4).fill_null(False)
            paid = paid.with_columns(
                **{f"{c}_withheld": few for c in ("salary", "workers", "hourly_cost", "weekly_cost")}
            )
        missing = [f"There is no total: {cost['missing']}."] if cost["missing"] else []
        assumed = assumptions_of(self.inputs, la)
        saved = self.saved
        who = (
            f"Set by {saved.set_by} on {long_date(saved.set_at.date())}."
            if saved is not None and saved.set_at is not None
            else "The stated defaults: the council has not set its own."
        )
        rows = [
            {
                "assumption": "Employer's on-costs (national insurance and pension)",
                "value": f"{assumed.on_costs_pct:g}% of salary",
            },
            {"assumption": "A full-time week", "value": f"{assumed.weekly_hours:g} hours"},
            {"assumption": "On-boarding: weeks to full productivity", "value": f"{assumed.onboarding_weeks:g} weeks"},
            {
                "assumption": "On-boarding: average productivity in those weeks",
                "value": f"{assumed.onboarding_productivity_pct:g}%",
            },
            *(
                {"assumption": f"Salary, {ROLE_LABELS[role].lower()}", "value": f"£{salary:,.0f} a year"}
                for role, salary in sorted(assumed.salaries.items())
            ),
        ]
        return (
            _section(
                "turnover-cost",
                f"The cost of turnover, {_span(as_at, period)}",
                [
                    Column("part", "Part"),
                    Column("count", "Number", numeric=True, decimals=0),
                    Column("counted", "Of"),
                    Column("cost", "Cost (£)", numeric=True, decimals=0),
                ],
                parts,
                self._notes(
                    *missing,
                    "A model, not a record: agency spend on placements covering funded posts less what the same "
                    "hours would cost in permanent staff, the cost of the recruitment campaigns opened, and the "
                    "productivity new permanent starters lose while on-boarding, at the assumptions below. "
                    "Placements not recorded as covering a funded post are left out (they are not turnover).",
                    "Not counted, as no record shows them: the cost of a post left vacant, managers' time spent "
                    "recruiting and inducting, and the agency worker's own on-boarding.",
                ),
            ),
            _section(
                "turnover-salaries",
                "Salaries and hourly costs the model uses",
                [
                    Column("role_label", "Role"),
                    Column("salary", "Salary (£ a year)", numeric=True, decimals=0),
                    Column("basis", "From"),
                    Column("workers", "Full-time workers", numeric=True, decimals=0),
                    Column("weekly_cost", "Weekly cost with on-costs (£)", numeric=True, decimals=0),
                    Column("hourly_cost", "Hourly cost with on-costs (£)", numeric=True, decimals=2),
                ],
                paid,
                self._notes(
                    "A role's salary is the council's assumption when it gives one, else the median base salary of "
                    "its permanent workers full-time on the pay year's census date (the census pay records), else "
                    "the median over every role."
                ),
            ),
            Section(
                "turnover-assumptions",
                Table.from_dicts(
                    "The assumptions in force",
                    [Column("assumption", "Assumption"), Column("value", "Value")],
                    rows,
                    notes=(who,),
                ),
            ),
        )

    # -- progression ------------------------------------------------------------------------------------------

    @reads("grades", "programmes")
    def progression(self, as_at: date, period: Period) -> tuple[Section, ...] | str:
        if self.inputs.grades.is_empty():
            return (
                "No grade scale is held for this council: load one (the grades kind of record: each grade, its "
                "rank and the job titles that mean it) to see progression."
            )
        steps = progression_steps(self.inputs, as_at=as_at, period=period).with_columns(
            team_key=pl.format("{} to {}", "from_grade", "to_grade"), is_total=pl.lit(False)
        )
        total = (
            steps.group_by("la_code")
            .agg(pl.col("steps").sum())
            .with_columns(team_key=pl.lit(None, pl.String), is_total=pl.lit(True), from_grade=pl.lit("Every step"))
        )
        steps = pl.concat([steps, total], how="diagonal_relaxed").with_columns(team_name=pl.col("team_key"))
        if self.suppress:
            steps = withhold_team_counts(steps, counts=("steps",), derived={})
        months = months_to_grade(self.inputs, as_at=as_at)
        if self.suppress:
            months = withhold_row_parts(months, whole="people", derived={"median_months": "people"})
        appointments = appointments_by_grade(self.inputs, as_at=as_at, period=period)
        if self.suppress:
            appointments = _appointments_withheld(appointments)
        span = _span(as_at, period)
        return (
            _section(
                "progression-steps",
                f"Steps up the grade scale, {span}",
                [
                    Column("from_grade", "From grade"),
                    Column("to_grade", "To grade"),
                    Column("steps", "People", numeric=True, decimals=0),
                ],
                steps,
                self._notes("From the assignment history: each move to a higher grade on the scale."),
            ),
            _section(
                "progression-months",
                f"Months from completing the ASYE to each grade, as at {long_date(as_at)}",
                [
                    Column("grade", "Grade"),
                    Column("people", "People", numeric=True, decimals=0),
                    Column("median_months", "Median months", numeric=True, decimals=1),
                ],
                months,
                self._notes("People who first reached the grade after passing their ASYE."),
            ),
            _section(
                "progression-appointments",
                f"Appointments into each grade, {span}",
                [
                    Column("grade", "Grade"),
                    Column("internal", "Internal", numeric=True, decimals=0),
                    Column("external", "External", numeric=True, decimals=0),
                    Column("total", "All", numeric=True, decimals=0),
                ],
                appointments,
                self._notes("Internal: the person held an earlier council-employed post."),
            ),
        )


def _turnover_rows(cost: dict[str, Any]) -> pl.DataFrame:
    """The cost-of-turnover table's rows: each part, what it counts, its cost, the total and per leaver."""
    equivalent = cost["permanent_equivalent"]
    rows = [
        ("agency", "Agency spend on placements covering funded posts", cost["covering_placements"], "placements",
         cost["agency_spend"]),
        ("equivalent", "less the same hours in permanent staff", cost["agency_hours"], "hours",
         None if equivalent is None else -equivalent),
        ("premium", "Agency premium", cost["covering_placements"], "placements", cost["agency_premium"]),
        ("recruitment", "Recruitment campaigns opened", cost["campaigns"], "campaigns", cost["recruitment_cost"]),
        ("onboarding", "On-boarding of permanent starters", cost["starters"], "starters", cost["onboarding_cost"]),
        ("total", "The cost of turnover", cost["leavers"], "permanent leavers", cost["recruitment_and_turnover_cost"]),
        ("per_leaver", "Per permanent leaver", cost["leavers"], "permanent leavers", cost["per_leaver"]),
    ]  # fmt: skip
    whole = [(line, part, None if n is None else round(n), of, money) for line, part, n, of, money in rows]
    schema = {"line": pl.String, "part": pl.String, "count": pl.Int64, "counted": pl.String, "cost": pl.Float64}
    return pl.DataFrame(whole, schema=schema, orient="row")


def _turnover_withheld(parts: pl.DataFrame) -> pl.DataFrame:
    """A viewer's cost-of-turnover rows: a count of people (placements, starters, leavers) of 1 to 4 withheld
    with the cost worked out from it; then the total and per leaver withheld when any part's cost is (the total
    less the parts shown would give it back), and the hours with the agency spend (they are its placements')."""
    people = pl.col("counted").is_in(["placements", "starters", "permanent leavers"])
    few = people & pl.col("count").is_between(1, 4)
    placements_few = bool(parts.filter((pl.col("line") == "agency") & few).height)
    parts = parts.with_columns(
        count_withheld=few | ((pl.col("line") == "equivalent") & placements_few),
        cost_withheld=(few & (pl.col("line") != "total") & (pl.col("line") != "per_leaver"))
        | ((pl.col("line") == "equivalent") & placements_few),
    )
    any_part = bool(parts.filter(pl.col("cost_withheld")).height)
    ends = pl.col("line").is_in(["total", "per_leaver"])
    return parts.with_columns(
        cost_withheld=pl.col("cost_withheld") | (ends & pl.lit(any_part)) | ((pl.col("line") == "per_leaver") & few)
    )


def _salary_role() -> pl.Expr:
    labels = {r.value: r.label for r in OrgRole}
    return pl.col("role").replace_strict({**labels, EVERY_ROLE: "Every role"}, return_dtype=pl.String)


def _salary_basis() -> pl.Expr:
    return (
        pl.when(pl.col("assumed"))
        .then(pl.lit("The council's assumption"))
        .when(pl.col("salary").is_null())
        .then(pl.lit("None known"))
        .when(pl.col("from_every_role"))
        .then(pl.format("Every role's median ({} pay)", pl.col("year")))
        .otherwise(pl.format("Median of the pay records ({} pay)", pl.col("year")))
    )


def _section(key: str, title: str, columns: list[Column], frame: pl.DataFrame, notes: list[str]) -> Section:
    """A section of the page: a table of ``frame``'s rows (withheld cells as "c")."""
    return Section(key, Table.from_dicts(title, columns, _rows(frame), notes=notes))


def _long(frame: pl.DataFrame, kinds: tuple[str, ...], index: list[str]) -> pl.DataFrame:
    return frame.unpivot(index=index, on=list(kinds), variable_name="kind", value_name="n")


def _wide(long: pl.DataFrame, frame: pl.DataFrame, kinds: tuple[str, ...], index: list[str]) -> pl.DataFrame:
    """``frame`` with the ``kinds`` columns (and their withheld flags) from the long form ``long``."""
    order = frame.select(index).with_row_index("_row")
    values = long.pivot(on="kind", index=index, values="n")
    flags = long.pivot(on="kind", index=index, values="n_withheld").rename({k: f"{k}_withheld" for k in kinds})
    return (
        order.join(frame.drop(kinds), on=index, how="left", nulls_equal=True)
        .join(values, on=index, how="left", nulls_equal=True)
        .join(flags, on=index, how="left", nulls_equal=True)
        .sort("_row")
        .drop("_row")
    )


def _statuses_withheld(frame: pl.DataFrame, statuses: tuple[str, ...], derived: dict[str, Any]) -> pl.DataFrame:
    """A training table (courses or teams and a total row) withheld: places are booked + attended + completed +
    did not attend, each column adding up to the total, so course x status is one two-way problem (rows with
    ``kind`` "places" as each course's total); cancelled bookings a column of their own."""
    index = ["la_code", "team_key", "is_total"]
    long = _long(frame, statuses, index)
    long = withhold_grid(long, by="kind", every="places", counts=("n",))
    shown = _wide(long, frame, statuses, index)
    shown = withhold_team_counts(shown, counts=("cancelled",), derived={})
    for column, sources in derived.items():
        flags = [pl.col(f"{s}_withheld").fill_null(False) for s in sources]
        shown = shown.with_columns(pl.any_horizontal(flags).alias(f"{column}_withheld")).with_columns(
            pl.when(pl.col(f"{column}_withheld")).then(None).otherwise(pl.col(column)).alias(column)
        )
    return shown


def _appointments_withheld(frame: pl.DataFrame) -> pl.DataFrame:
    """Appointments by grade withheld: internal + external = all for each grade, each adding up over the grades
    to the total row: one two-way problem, grade x kind."""
    kinds = ("internal", "external", "total")
    index = ["la_code", "team_key", "is_total"]
    keyed = frame.with_columns(team_key=pl.col("grade"))
    long = withhold_grid(_long(keyed, kinds, index), by="kind", every="total", counts=("n",))
    return _wide(long, keyed, kinds, index)


def _role_label() -> pl.Expr:
    """The role's label, "Total" on a total row, "Not recorded" for a placement with none."""
    labels = {role.value: role.label for role in OrgRole}
    return (
        pl.when(pl.col("is_total"))
        .then(pl.lit(TOTAL))
        .otherwise(pl.col("role").replace_strict(labels, default="Not recorded", return_dtype=pl.String))
    )


def _by_kind(themes: pl.DataFrame) -> pl.DataFrame:
    """One window's interview themes (long: a row per kind and theme) as a row per theme with the exit and
    retention interviews' counts and shares side by side (withheld flags kept)."""
    wide: pl.DataFrame | None = None
    for kind in ("exit", "retention"):
        part = themes.filter(pl.col("kind") == kind).with_row_index("_order_theme")
        values = [c for c in ("citing", "share_pct") if c in part.columns]
        flags = [f"{c}_withheld" for c in values if f"{c}_withheld" in part.columns]
        renamed = part.select(
            "theme",
            "theme_label",
            "_order_theme",
            *(pl.col(c).alias(f"{kind}_{c}") for c in [*values, *flags]),
        )
        wide = (
            renamed
            if wide is None
            else wide.join(
                renamed.drop("theme_label", "_order_theme"), on="theme", how="full", coalesce=True, nulls_equal=True
            )
        )
    assert wide is not None
    return wide.sort("_order_theme").drop("_order_theme")


def _previous_withheld(frame: pl.DataFrame, count: str, change: str, by: tuple[str, ...]) -> pl.DataFrame:
    """A month's change on the month before withheld too when the month before's ``count`` (its percentage: withheld
    with its count or its audits) is withheld (the change and this month's percentage would give it back)."""
    flag = f"{count}_withheld"
    earlier = pl.col(flag).shift(1).over(list(by)).fill_null(False)
    return frame.sort([*by, "month"]).with_columns(
        pl.when(earlier).then(None).otherwise(pl.col(change)).alias(change),
        (pl.col(f"{change}_withheld") | earlier).alias(f"{change}_withheld"),
    )


# The audits not graded good or better nor inadequate (requires improvement), and the rests of the two counts
# shown: in every row audits = good or better + not good = inadequate + not inadequate, and not good = requires
# improvement + inadequate, not inadequate = good or better + requires improvement. Never shown; protected as
# groups of their own (a team's audits less its good ones are its audits graded below good).
AUDIT_RESTS = ("requires_improvement", "not_good", "not_inadequate")
AUDIT_WITHIN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("audits", ("good_or_better", "not_good")),
    ("audits", ("inadequate", "not_inadequate")),
    ("not_good", ("requires_improvement", "inadequate")),
    ("not_inadequate", ("good_or_better", "requires_improvement")),
)


def _with_improvement(frame: pl.DataFrame) -> pl.DataFrame:
    """Audits by team with ``AUDIT_RESTS`` (not shown: what a viewer could work out from what is)."""
    return frame.with_columns(
        requires_improvement=pl.col("audits") - pl.col("good_or_better") - pl.col("inadequate"),
        not_good=pl.col("audits") - pl.col("good_or_better"),
        not_inadequate=pl.col("audits") - pl.col("inadequate"),
    )


def _graded_withheld(frame: pl.DataFrame, derived: dict[str, Any]) -> pl.DataFrame:
    """Rows of audits on their own (by element, by month) withheld: the audits are good or better + requires
    improvement + inadequate, one problem per row, and the two counts shown each a subset whose rest (those not
    good, those not inadequate) is a group too."""
    graded = withhold_row_parts(
        _with_improvement(frame),
        whole="audits",
        parts=("good_or_better", "requires_improvement", "inadequate"),
        derived=derived,
    )
    return withhold_row_parts(graded, whole="audits", subsets=("good_or_better", "inadequate"), derived=derived)


def _zeros_of_shown_zeros(
    months: pl.DataFrame, whole: pl.DataFrame, columns: tuple[str, ...], *, by: str
) -> pl.DataFrame:
    """The months' counts shown as 0 where the period's count they add up to is shown as 0 (each month's is then
    0, as a viewer can tell): a month's count withheld only with its audits would otherwise be given away."""
    for column in columns:
        flag = f"{column}_withheld"
        zero = whole.filter(~pl.col(flag) & (pl.col(column) == 0)).select(by).with_columns(_zero=pl.lit(True))
        months = (
            months.join(zero, on=by, how="left", nulls_equal=True)
            .with_columns(
                pl.when(pl.col("_zero")).then(0).otherwise(pl.col(column)).alias(column),
                (pl.col(flag) & pl.col("_zero").is_null()).alias(flag),
            )
            .drop("_zero")
        )
    return months


# The steps of the recruitment funnel as counts not shown: in every row each step is the step after it plus
# those who went no further, and the applications are those withdrawn + rejected + neither.
FUNNEL_CHAIN = ("applications", *STEPS)
FUNNEL_RESTS = (*(f"not_{after}" for after in STEPS), "neither")
FUNNEL_WITHIN: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((before, (after, f"not_{after}")) for before, after in zip(FUNNEL_CHAIN[:-1], STEPS, strict=True)),
    ("applications", ("withdrawn", "rejected", "neither")),
)


def _funnel_withheld(funnel: pl.DataFrame) -> pl.DataFrame:
    """Applications by channel and by route withheld together (the same applications: one total row), each
    row's steps nested so that no step less the one after it (those who went no further) is 1 to 4."""
    rests = funnel.with_columns(
        *(
            (pl.col(before) - pl.col(after)).alias(f"not_{after}")
            for before, after in zip(FUNNEL_CHAIN[:-1], STEPS, strict=True)
        ),
        neither=pl.col("applications") - pl.col("withdrawn") - pl.col("rejected"),
    )
    return withhold_team_counts(
        rests,
        counts=(*FUNNEL_COUNTS, *FUNNEL_RESTS),
        derived={f"{step}_pct": (step, "applications") for step in STEPS},
        group=("la_code", "by"),
        within=FUNNEL_WITHIN,
        unshown=FUNNEL_RESTS,
        shared_total=("by",),
    )


def _reasons_withheld(reasons: pl.DataFrame) -> pl.DataFrame:
    """Reasons for applying withheld row by row: each reason's applications a subset of those giving any reason
    (the total row), withheld when it or the rest is 1 to 4, or the total is withheld."""
    total = pl.col("applications").filter(pl.col("is_total")).first().over("la_code")
    given = reasons.with_columns(_given=total)
    shown = withhold_row_parts(given, whole="_given", subsets=("applications",), derived={"pct": "applications"})
    return shown.drop("_given", "_given_withheld")
