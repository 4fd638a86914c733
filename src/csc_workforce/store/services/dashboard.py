"""The council dashboard: headline DfE measures with their trend against England and the region, and the
workforce profile tables. Views render what this returns; nothing here knows about requests.

Who sees what is decided by the caller and passed in: ``teams`` limits team-level tables to a manager's
teams (None: every team), ``suppress`` withholds small numbers (viewers, and managers' council-wide figures)
with ``measures.disclosure``: counts from 1 to 4, what is worked out from them, and whatever else would let
them be worked out again from totals, percentages or another table of the page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import polars as pl
from django.core.cache import cache

from csc_workforce.benchmarks.comparison import comparison_sentence, published_comparators
from csc_workforce.census.csww.schema import first_supported_year
from csc_workforce.domain.periods import Period, census_period, census_reference_date, census_year_of
from csc_workforce.measures import compute_measures, rounded
from csc_workforce.measures.catalogue import BY_ID
from csc_workforce.measures.disclosure import (
    PEOPLE_OF_KNOWN,
    flows_withheld,
    withheld_column,
    withhold_people,
    withhold_staffing,
    withhold_team_counts,
    withhold_teams,
)
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.local import sickness_by_cause
from csc_workforce.measures.profile import (
    age_bands_by_role,
    caseload_by_team,
    establishment_by_team,
    ethnicity_by_role,
    leavers_by_destination,
    leavers_by_reason,
    length_of_service_bands,
    posts_by_team_and_role,
    rounded_profile,
    sex_by_role,
    starters_by_origin,
)
from csc_workforce.reports.charts import Series, bar_chart, line_chart
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.coverage import coverage_for
from csc_workforce.store.services.measures import census_years_frame, latest_window
from csc_workforce.store.services.records import data_version

HEADLINE_MEASURES = (
    "inpost_fte",
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)
COMPARED = frozenset({"turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte", "absence_rate_fte"})
FIRST_YEAR = first_supported_year()


@dataclass(frozen=True)
class Headline:
    measure_id: str
    title: str
    value: float | None  # latest census year, rounded as DfE publishes
    latest: float | None  # as at the records' latest date, flows over the 12 months to it (None: no newer data)
    england: float | None
    region: float | None
    sentence: str
    chart: str  # SVG, or "" when there is nothing to draw
    trend: Table  # the chart's data: year, council, England, region


@dataclass(frozen=True)
class Section:
    """A dashboard section: a table, maybe a chart drawn from it, maybe a heading of its own."""

    key: str
    table: Table
    chart: str = ""
    heading: str = ""


@dataclass(frozen=True)
class Dashboard:
    la_code: str
    name: str
    region: str
    year: int | None  # latest census year with records
    today: date
    as_at: date | None  # latest figures' date when the records go beyond the census year (monthly reporting)
    headlines: tuple[Headline, ...]
    sections: tuple[Section, ...]
    basis: str = ""  # the latest census year's basis: "returned" (its census return alone) or "records"
    coverage: str = ""  # "data for 990 is complete to 30 September 2025"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def trends(self) -> tuple[Section, ...]:
        """Each headline measure's trend chart and table, keyed ``trend-<measure>`` as they download."""
        return tuple(Section(f"trend-{h.measure_id}", h.trend, h.chart, h.title) for h in self.headlines)

    def tables(self) -> dict[str, Table]:
        """Every table of the council's pages by its download key: the trends, then the profile sections."""
        return {s.key: s.table for s in (*self.trends(), *self.sections)}


@dataclass(frozen=True)
class Group:
    """A heading of a council sub-page and the sections under it (``trend-*`` keys: the headlines' trends)."""

    anchor: str  # the heading's id, as the one long council page had it (so old links' anchors are kept)
    heading: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class CouncilPart:
    """A sub-page of a council's figures, /councils/<la>/<key>/; the overview (key "") holds the headlines."""

    key: str
    title: str  # the sub-navigation's label, and the page's heading with the council's name
    contents: str  # what it holds, for the overview's list
    groups: tuple[Group, ...] = ()

    def sections(self, board: Dashboard) -> tuple[tuple[Group, tuple[Section, ...]], ...]:
        """This part's headings and the sections of ``board`` under each, leaving out those ``board`` does not
        hold (sickness by cause, for a council whose HR records give no causes)."""
        held = {s.key: s for s in (*board.trends(), *board.sections)}
        found = tuple((g, tuple(held[k] for k in g.keys if k in held)) for g in self.groups)
        return tuple((g, shown) for g, shown in found if shown)

    def tables(self, board: Dashboard) -> dict[str, Table]:
        return {s.key: s.table for _, shown in self.sections(board) for s in shown}


COUNCIL_PARTS: tuple[CouncilPart, ...] = (
    CouncilPart("", "Overview", "the headline measures, and the council's other pages"),
    CouncilPart(
        "trends",
        "Trends",
        "each headline measure by census year against England and the region",
        (Group("trends", "Trends against England and the region", tuple(f"trend-{m}" for m in HEADLINE_MEASURES)),),
    ),
    CouncilPart(
        "establishment",
        "Establishment and caseloads",
        "establishment against permanent, agency and vacant FTE, funded posts and caseloads by team",
        (
            Group("establishment", "Establishment and posts", ("establishment", "posts")),
            Group("caseloads", "Caseloads", ("caseload-team",)),
        ),
    ),
    CouncilPart(
        "people",
        "People",
        "age, sex and ethnicity of social workers in post by role",
        (Group("diversity", "Age, sex and ethnicity", ("age", "sex", "ethnicity")),),
    ),
    CouncilPart(
        "stability",
        "Stability",
        "length of service, leavers by reason and destination, and starters by origin",
        (
            Group(
                "stability",
                "Length of service, leavers and starters",
                ("service", "leavers-reason", "leavers-destination", "starters-origin"),
            ),
        ),
    ),
    CouncilPart(
        "sickness",
        "Sickness",
        "sickness absence by cause, from the HR system's records",
        (Group("sickness", "Sickness absence by cause", ("sickness-cause",)),),
    ),
)


def council_dashboard(
    *, council: m.Council, today: date, teams: frozenset[str] | None = None, suppress: bool = False
) -> Dashboard:
    """Everything the council page shows. ``today`` is passed in, never read from the clock here."""
    inputs = council_frames(la_codes=[council.la_code], frames=())
    coverage = coverage_for(la_codes=[council.la_code])[council.la_code]
    last_complete = (
        census_year_of(today) if today >= census_reference_date(census_year_of(today)) else census_year_of(today) - 1
    )
    years = list(range(FIRST_YEAR, last_complete + 1))
    all_years = census_years_frame(inputs=inputs, la_code=council.la_code, years=years, coverage=coverage)
    by_year = rounded(all_years).filter(pl.col("inpost_headcount") > 0)
    reported = _years_reported(inputs.figures)
    if reported:  # years the council reported on (census returns, vacancy figures), not just people in post
        by_year = by_year.filter(pl.col("time_period").cast(pl.Int32).is_in(sorted(reported)))
    held_years = [int(y) for y in by_year["time_period"].to_list()]
    year = held_years[-1] if held_years else None
    latest = latest_window(coverage, today=today)
    now: dict[str, Any] = {}
    if year is not None and latest is not None and latest[0] > census_reference_date(year):
        as_at, window = latest
        now = rounded(compute_measures(inputs, as_at=as_at, period=window, time_period="latest", total=False)).row(
            0, named=True
        )
        now |= dict.fromkeys(coverage.withheld(as_at))
    basis = by_year["basis"].to_list()[-1] if year is not None else ""
    headlines = tuple(_headline(mid, council, by_year, held_years, now) for mid in HEADLINE_MEASURES) if year else ()
    sections = _profile_sections(inputs, year, teams, suppress) if year else ()
    return Dashboard(
        council.la_code,
        council.name,
        council.region,
        year,
        today,
        latest[0] if now and latest else None,
        headlines,
        sections,
        basis,
        coverage.sentence(),
    )


@lru_cache(maxsize=256)
def _comparators(year: int, region: str) -> dict[str, dict[str, float | None]]:
    """Published England and region figures; the shipped DfE file never changes while the app runs."""
    return published_comparators(year, region)


def _years_reported(figures: pl.DataFrame) -> set[int]:
    """Census years with council-level figures dated 30 September (a census return always has them)."""
    on = figures["on"].to_list()
    return {d.year for d in on if (d.month, d.day) == (9, 30)}


def _headline(
    measure_id: str, council: m.Council, by_year: pl.DataFrame, years: list[int], now: dict[str, Any]
) -> Headline:
    declared = BY_ID[measure_id]
    values = dict(zip(years, by_year[measure_id].to_list(), strict=True))
    latest = values[years[-1]]
    comparable = measure_id in COMPARED  # a council's count of staff is not compared with England's
    comparators = {y: _comparators(y, council.region or "England") for y in years} if comparable else {}
    region_name = next((k for k in comparators[years[-1]] if k != "England"), "") if comparable else ""
    england = [comparators[y]["England"].get(measure_id) for y in years] if comparable else [None] * len(years)
    region = [comparators[y].get(region_name, {}).get(measure_id) for y in years] if comparable else england
    if comparable:
        sentence = comparison_sentence(
            measure_id, latest, england[-1], region_name, region[-1], higher_is_better=bool(declared.higher_is_better)
        )
    else:
        sentence = _change_sentence(declared.title, values, years)
    series = [Series(council.name, tuple(values[y] for y in years))]
    columns = [Column("year", "Year"), Column("council", council.name, numeric=True, decimals=declared.decimals)]
    if comparable:
        series.append(Series("England", tuple(england)))
        columns.append(Column("england", "England", numeric=True, decimals=declared.decimals))
        if region_name and region_name != "England":
            series.append(Series(region_name, tuple(region)))
            columns.append(Column("region", region_name, numeric=True, decimals=declared.decimals))
    against = (" against England" + (f" and {region_name}" if region_name else "")) if comparable else ""
    chart = line_chart(
        title=f"{declared.title}, {years[0]} to {years[-1]}",
        description=f"{declared.title} for {council.name} each year to 30 September{against}. "
        "The table that follows has the same figures.",
        x_labels=[str(y) for y in years],
        series=series,
        unit="%" if measure_id.endswith("rate_fte") else "",
    )
    rows = [
        {"year": str(y), "council": values[y], "england": e, "region": r}
        for y, e, r in zip(years, england, region, strict=True)
    ]
    notes = ["England and regional figures: DfE, Open Government Licence v3.0."] if comparable else []
    trend = Table.from_dicts(f"{declared.title} by year", columns, rows, notes=notes)
    return Headline(
        measure_id,
        declared.title,
        latest,
        now.get(measure_id),
        england[-1],
        region[-1] if comparable else None,
        sentence,
        chart,
        trend,
    )


def _change_sentence(title: str, values: dict[int, Any], years: list[int]) -> str:
    """For a count: its latest value and the change on the year before, in words."""
    latest = values[years[-1]]
    text = f"{title}: {latest:,.1f} on 30 September {years[-1]}"
    if len(years) > 1 and values[years[-2]]:
        before = values[years[-2]]
        change = latest - before
        direction = "up" if change > 0 else "down" if change < 0 else "no change"
        if direction == "no change":
            return f"{text}, the same as a year before."
        return f"{text}, {direction} {abs(change):,.1f} ({abs(change) / before * 100:.1f}%) on {years[-2]}."
    return f"{text}."


# --- workforce profile -----------------------------------------------------------------------------------


def _profile_sections(
    inputs: CouncilFrames, year: int, teams: frozenset[str] | None, suppress: bool
) -> tuple[Section, ...]:
    as_at, period = census_reference_date(year), census_period(year)
    when = as_at.strftime("%-d %B %Y")
    year_text = f"the year to {when}"

    def team_rows(frame: pl.DataFrame) -> pl.DataFrame:
        if teams is None:
            return frame
        return frame.filter(pl.col("is_total") | pl.col("team_name").is_in(sorted(teams)))

    establishment = team_rows(establishment_by_team(inputs, as_at=as_at))
    posts = team_rows(rounded_profile(posts_by_team_and_role(inputs, as_at=as_at), decimals=1))
    caseloads = caseload_by_team(inputs, as_at=as_at)
    by_role = {
        "age": age_bands_by_role(inputs, as_at=as_at),
        "sex": sex_by_role(inputs, as_at=as_at),
        "ethnicity": ethnicity_by_role(inputs, as_at=as_at),
    }
    service = length_of_service_bands(inputs, as_at=as_at)
    if suppress:  # the people in post tables as one problem (measures.disclosure), as the strategy pages use it
        people = withhold_people(by_role, service, of_known=PEOPLE_OF_KNOWN)
        by_role = people.by_role
        service = people.service if people.service is not None else service
    if suppress:
        caseloads = withhold_teams(caseloads, own=teams)
        establishment = withhold_staffing(establishment, caseloads)
    else:
        caseloads = team_rows(caseloads)
    sections = [
        Section("establishment", _establishment_table(establishment, when, suppress)),
        Section("posts", _posts_table(posts, when)),
        _by_role_section("age", "Age", by_role["age"], when, suppress),
        _by_role_section("sex", "Sex", by_role["sex"], when, suppress),
        _by_role_section("ethnicity", "Ethnicity", by_role["ethnicity"], when, suppress),
        _band_section("service", "Length of service", service, when, suppress),
        *flow_sections(inputs, period=period, period_text=year_text, suppress=suppress),
        Section("caseload-team", _caseload_table(caseloads, when, suppress)),
    ]
    causes = sickness_by_cause(inputs, as_at=as_at, period=period)
    if not causes.is_empty():  # only for a council whose HR records say what sickness absences were for
        sections.append(_cause_section(causes, year_text, suppress))
    return tuple(sections)


def _cause_section(frame: pl.DataFrame, period_text: str, suppress: bool) -> Section:
    """Sickness absence by cause: health data, so a viewer's spells of 1 to 4 are withheld with their days and
    share, and the next-smallest cause with them (``disclosure.withhold_team_counts``: the causes add up to
    the total)."""
    if suppress:
        frame = withhold_team_counts(
            frame.with_columns(team_name=pl.col("cause_label")),
            counts=("spells",),
            derived={"days": "spells", "long_term_days": "spells", "percent": "spells"},
        )
    columns = [
        Column("cause_label", "Cause"),
        Column("spells", "Spells", numeric=True, decimals=0),
        Column("days", "Working days lost", numeric=True, decimals=1),
        Column("long_term_days", "Of them, long-term", numeric=True, decimals=1),
        Column("percent", "Percent of days lost", numeric=True, decimals=1),
    ]
    rows = _rows(frame)
    table = Table.from_dicts(
        f"Sickness absence by cause, {period_text}",
        columns,
        rows,
        notes=_notes(
            suppress,
            "Council-employed workers; days lost pro rata to the part of each spell in the period; long-term: "
            "spells of 28 calendar days or more. Causes as the HR system records them, grouped.",
        ),
    )
    chart = bar_chart(
        title=table.title,
        description="Working days lost to sickness by cause. The table that follows has the same figures.",
        labels=[str(r["cause_label"]) for r in rows if r["cause_label"] != "Total"],
        values=[_number(r["days"]) for r in rows if r["cause_label"] != "Total"],
    )
    return Section("sickness-cause", table, chart)


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows for a table, rounded half up; cells withheld by ``measures.disclosure`` (a ``<column>_withheld``
    flag) become "c", DfE's symbol for figures withheld to protect confidentiality."""
    flags = {withheld_column(c): c for c in frame.columns if withheld_column(c) in frame.columns}
    rows = []
    for row in rounded_profile(frame, decimals=1).to_dicts():
        for flag, column in flags.items():
            if row.pop(flag):
                row[column] = "c"
        rows.append(row)
    return rows


SUPPRESSION_NOTE = (
    "Counts from 1 to 4 are not shown (c), to protect individuals, nor what is worked out from them (percentages, "
    "FTE, cases); some other figures are not shown (c) either, so that they cannot be worked out from the totals."
)


def _notes(suppress: bool, *more: str) -> list[str]:
    return [*more, *([SUPPRESSION_NOTE] if suppress else [])]


def _establishment_table(frame: pl.DataFrame, when: str, suppress: bool) -> Table:
    columns = [
        Column("team_name", "Team"),
        Column("service_area", "Service area"),
        Column("funded_fte", "Establishment FTE", numeric=True, decimals=1),
        Column("permanent_fte", "Permanent FTE", numeric=True, decimals=1),
        Column("agency_fte", "Agency FTE", numeric=True, decimals=1),
        Column("vacant_fte", "Vacant FTE", numeric=True, decimals=1),
        Column("uncovered_fte", "Vacant, not covered by agency FTE", numeric=True, decimals=1),
        Column("permanency_pct", "Permanent (%)", numeric=True, decimals=1),
    ]
    return Table.from_dicts(
        f"Establishment against permanent, agency and vacant FTE by team, {when}",
        columns,
        _rows(frame),
        notes=_notes(suppress, "Vacant FTE is establishment less permanent FTE; agency workers may cover it."),
    )


def _posts_table(frame: pl.DataFrame, when: str) -> Table:
    wide = (
        frame.pivot(on="role_label", index=["team_name", "is_total"], values="funded_fte", aggregate_function="sum")
        if not frame.is_empty()
        else frame
    )
    labels = [c for c in wide.columns if c not in ("team_name", "is_total", "la_code", "team_key", "role")]
    columns = [Column("team_name", "Team"), *(Column(label, label, numeric=True, decimals=1) for label in labels)]
    return Table.from_dicts(f"Funded posts (FTE) by team and role, {when}", columns, wide.to_dicts())


def _by_role_section(key: str, what: str, frame: pl.DataFrame, when: str, suppress: bool) -> Section:
    columns = [
        Column("role_label", "Role"),
        Column("band", what),
        Column("headcount", "Headcount", numeric=True, decimals=0),
        Column("percent", "Percent of role", numeric=True, decimals=1),
    ]
    rows = _rows(frame)
    table = Table.from_dicts(
        f"{what} of social workers in post by role, {when}",
        columns,
        rows,
        notes=_notes(suppress, "Council-employed social workers; a person with two posts counts once."),
    )
    return Section(key, table)


def _band_section(key: str, what: str, frame: pl.DataFrame, when: str, suppress: bool) -> Section:
    columns = [
        Column("band", what),
        Column("headcount", "Headcount", numeric=True, decimals=0),
        Column("percent", "Percent", numeric=True, decimals=1),
    ]
    rows = _rows(frame)
    table = Table.from_dicts(f"{what} of social workers in post, {when}", columns, rows, notes=_notes(suppress))
    chart = bar_chart(
        title=table.title,
        description=f"Headcount by {what.lower()} band. The table that follows has the same figures.",
        labels=[str(r["band"]) for r in rows],
        values=[_number(r["headcount"]) for r in rows],
    )
    return Section(key, table, chart)


def flow_sections(inputs: CouncilFrames, *, period: Period, period_text: str, suppress: bool) -> tuple[Section, ...]:
    """Leavers by reason and by destination and starters by origin over ``period`` (``period_text`` names it in
    the titles), each a table and its chart, withheld for ``suppress`` as one problem per set of tables that
    share a margin (``measures.disclosure.flows_withheld``)."""
    if suppress:
        flows = flows_withheld(inputs, period=period).tables
    else:
        flows = {
            "leavers-reason": leavers_by_reason(inputs, period=period),
            "leavers-destination": leavers_by_destination(inputs, period=period),
            "starters-origin": starters_by_origin(inputs, period=period),
        }
    return (
        _flow_section("leavers-reason", "Leavers by reason", flows["leavers-reason"], period_text, suppress),
        _flow_section(
            "leavers-destination", "Leavers by destination", flows["leavers-destination"], period_text, suppress
        ),
        _flow_section("starters-origin", "Starters by origin", flows["starters-origin"], period_text, suppress),
    )


def _flow_section(key: str, what: str, frame: pl.DataFrame, period_text: str, suppress: bool) -> Section:
    columns = [
        Column("label", what.split(" by ")[1].capitalize()),
        Column("headcount", "Headcount", numeric=True, decimals=0),
        Column("fte", "FTE", numeric=True, decimals=1),
        Column("percent", "Percent", numeric=True, decimals=1),
    ]
    rows = _rows(frame)
    table = Table.from_dicts(f"{what}, {period_text}", columns, rows, notes=_notes(suppress))
    chart = bar_chart(
        title=table.title,
        description=f"{what}, headcount. The table that follows has the same figures.",
        labels=[str(r["label"]) for r in rows],
        values=[_number(r["headcount"]) for r in rows],
    )
    return Section(key, table, chart)


def _caseload_table(frame: pl.DataFrame, when: str, suppress: bool) -> Table:
    columns = [
        Column("team_name", "Team"),
        Column("workers", "Workers", numeric=True, decimals=0),
        Column("case_holders_fte", "Case-holder FTE", numeric=True, decimals=1),
        Column("cases", "Cases", numeric=True, decimals=0),
        Column("average_cases_per_fte", "Average cases per FTE", numeric=True, decimals=1),
        Column("max_cases", "Most cases held by one worker", numeric=True, decimals=0),
        Column("above_amber", "Workers above 18 per FTE", numeric=True, decimals=0),
        Column("above_red", "Workers above 22 per FTE", numeric=True, decimals=0),
    ]
    return Table.from_dicts(
        f"Caseloads by team, {when}",
        columns,
        _rows(frame),
        notes=_notes(suppress, "Agency workers included, as in DfE's caseload measure."),
    )


def _number(value: object) -> float | None:
    """A chart value: suppressed ("c") and missing values draw no bar."""
    return float(value) if isinstance(value, int | float) else None


def cached_council_dashboard(
    *, council: m.Council, today: date, teams: frozenset[str] | None = None, suppress: bool = False
) -> Dashboard:
    """:func:`council_dashboard`, kept until any records change (see ``data_version``) or the day changes.
    The key holds everything the result depends on, so no user ever sees another's view."""
    scope = "all" if teams is None else "|".join(sorted(teams))
    identity = f"{council.pk}:{council.name}:{council.region}:{data_version()}:{today}:{scope}:{suppress}"
    key = "dashboard:" + hashlib.sha256(identity.encode()).hexdigest()
    board: Dashboard | None = cache.get(key)
    if board is None:
        board = council_dashboard(council=council, today=today, teams=teams, suppress=suppress)
        cache.set(key, board, timeout=24 * 3600)
    return board
