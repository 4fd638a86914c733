"""A council's monthly forecast from its records held: the baseline and any scenarios on one estimate and one
seed, each costed (``forecasting.stock_flow``, ``forecasting.costs``), with the probability of meeting targets.

The as-at date is the last month end the council's workforce records are complete to (or one the caller gives,
on or before it); the history begins where its records begin (``Coverage.begins``). A forecast the records
cannot support is refused with the reason (:class:`ForecastRefused`), never made over a period they do not cover.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl
from django.db import transaction

from csc_workforce.forecasting.aggregate import interval_halfwidths, published_panel
from csc_workforce.forecasting.calibrate import PANEL_MEASURES, Widening, factors, widen, widenings
from csc_workforce.forecasting.costs import CostInputs, Costs, cost_inputs, costs, saving_by_year
from csc_workforce.forecasting.stock_flow import (
    BASELINE,
    Forecast,
    PanelPrior,
    PlannedHires,
    Scenario,
    estimate,
    forecast,
    forecast_months,
    month_end,
    panel_prior,
)
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.audit import CHANGE, NOWHERE, Origin, audit_record
from csc_workforce.store.services.coverage import Coverage, coverage_for, long_date
from csc_workforce.store.services.records import data_changed

FRAMES = ("programmes", "agency_placements", "campaigns")
"""The dated frames the forecast and its costs read, besides the workforce's."""
MAX_MONTHS = 60
MAX_PATHS = 20000


class ForecastRefused(ValueError):
    """The council's records cannot support the forecast asked for; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """A target to meet by a deadline: ``measure`` (a forecast output) at least or at most ``value``;
    ``source``: whose target it is (a strategy's title), empty for one the user gave."""

    measure: str
    value: float
    deadline: date
    at_least: bool = True
    source: str = ""

    @classmethod
    def parse(cls, text: str) -> Target:
        """``permanency_rate_fte>=92@2027-09-30`` (or ``<=``; the deadline a date or a month, YYYY-MM)."""
        try:
            measure_value, when = text.split("@")
            at_least = ">=" in measure_value
            measure, value = measure_value.split(">=" if at_least else "<=")
            day = date.fromisoformat(when + "-01") if len(when) == 7 else date.fromisoformat(when)
            return cls(measure.strip(), float(value), month_end(day), at_least)
        except ValueError:
            raise ValueError(
                f"target {text!r}: write MEASURE>=VALUE@DATE or MEASURE<=VALUE@DATE, "
                "e.g. permanency_rate_fte>=92@2027-09"
            ) from None

    def text(self) -> str:
        """In words: "Permanent workers (% of FTE) at least 92 by 30 September 2027"."""
        label = next((s.label for s in SHOWN if s.key == self.measure), self.measure)
        return f"{label} {'at least' if self.at_least else 'at most'} {self.value:g} by {long_date(self.deadline)}"


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario's forecast, its costs (None when they cannot be worked out), its saving against the
    baseline by financial year (None for the baseline), and each target's probability."""

    scenario: Scenario
    forecast: Forecast
    costs: Costs | None
    saving: pl.DataFrame | None
    probabilities: tuple[tuple[Target, float], ...]


@dataclass(frozen=True)
class CouncilForecast:
    la_code: str
    as_at: date
    history_from: date
    months: int
    paths: int
    seed: int
    runs: tuple[ScenarioRun, ...]  # the baseline first
    cost_inputs: CostInputs | None
    cost_refusal: str | None
    prior: PanelPrior | None = None  # DfE's published turnover the permanent leaving rate was pooled toward
    widenings: tuple[Widening, ...] = ()  # the bands widened to the panel's (``forecasting.calibrate``)


def default_as_at(complete_to: date) -> date:
    """The last month end on or before ``complete_to``."""
    return complete_to if month_end(complete_to) == complete_to else complete_to.replace(day=1) - timedelta(days=1)


@lru_cache(maxsize=256)
def _panel_halfwidths(size: float) -> dict[str, dict[int, float | None]]:
    """``aggregate.interval_halfwidths`` on the shipped DfE panel for a council of ``size`` in-post FTE (kept:
    the panel is the one shipped, and working it out takes most of a second)."""
    return interval_halfwidths(published_panel(), size=size, measures=sorted(set(PANEL_MEASURES.values())))


def forecast_as_at(la_code: str, as_at: date | None = None) -> date:
    """The date a forecast for ``la_code`` is made from: ``as_at`` (a month end the council's records are complete
    to), or without it the latest such; ``ForecastRefused`` saying why when there is none."""
    return _as_at(la_code, as_at)[0]


def _as_at(la_code: str, as_at: date | None) -> tuple[date, Coverage]:
    coverage = coverage_for(la_codes=[la_code])[la_code]
    if coverage.complete_to is None:
        raise ForecastRefused(
            f"No workforce records are held for {la_code}: load them, or forecast from DfE's published figures "
            f"with csc-workforce forecast --la {la_code} (without --months, --paths, --scenario or --as-at)."
        )
    latest = default_as_at(coverage.complete_to)
    if as_at is None:
        as_at = latest
    elif as_at != month_end(as_at):
        raise ForecastRefused(f"The date to forecast from must be the last day of a month; got {as_at.isoformat()}")
    elif as_at > latest:
        raise ForecastRefused(
            f"A forecast for {la_code} as at {long_date(as_at)} cannot be made: {coverage.sentence()}. "
            f"Give a month end on or before {long_date(latest)}."
        )
    return as_at, coverage


def council_forecast(
    la_code: str,
    *,
    as_at: date | None = None,
    months: int = 36,
    paths: int = 2000,
    seed: int = 0,
    scenarios: Sequence[Scenario] = (),
    targets: Sequence[Target] = (),
    calibrate: bool = True,
) -> CouncilForecast:
    """Forecast council ``la_code`` under the baseline and ``scenarios`` (see the module docstring). The permanent
    leaving rate is pooled toward DfE's published turnover (``stock_flow.panel_prior``: the council's own, shrunk
    toward its region's, else its region's or England's); with ``calibrate`` each output's band is kept at least
    as wide as the DfE panel shows councils of its size move (``forecasting.calibrate``; without it, the model's
    own bands)."""
    if not 1 <= months <= MAX_MONTHS or not 1 <= paths <= MAX_PATHS:
        raise ForecastRefused(f"months must be 1 to {MAX_MONTHS} and paths 1 to {MAX_PATHS:,}")
    as_at, coverage = _as_at(la_code, as_at)
    names = [s.name for s in scenarios]
    if BASELINE.name in names or len(set(names)) != len(names):
        raise ForecastRefused("each scenario needs its own name, and none may be called baseline")
    frames = council_frames(la_codes=[la_code], frames=FRAMES)
    panel = published_panel()
    region = m.Council.objects.filter(la_code=la_code).values_list("region", flat=True).first() or None
    try:
        prior: PanelPrior | None = panel_prior(panel, la_code, as_at=as_at, region=region)
    except ValueError:  # the panel begins after the as-at date
        prior = None
    try:
        parameters = estimate(frames, la_code, as_at=as_at, begins=coverage.begins, prior=prior)
    except ValueError as exc:
        raise ForecastRefused(str(exc)) from exc
    try:
        inputs: CostInputs | None = cost_inputs(frames, la_code, as_at=as_at)
        refusal = None
    except LookupError as exc:
        inputs, refusal = None, str(exc)
    runs: list[ScenarioRun] = []
    baseline_costs: Costs | None = None
    widened: dict[str, np.ndarray] = {}
    record: list[Widening] = []
    for scenario in (BASELINE, *scenarios):
        made = forecast(
            frames,
            la_code,
            as_at=as_at,
            months=months,
            paths=paths,
            seed=seed,
            scenario=scenario,
            parameters=parameters,
        )
        if calibrate and scenario is BASELINE:
            size = float(np.nanmedian(made.paths["inpost_fte"][:, 0]))
            if size > 0:
                halfwidths = _panel_halfwidths(round(size, 1))
                widened = factors(made, halfwidths)
                record = widenings(made, halfwidths, widened)
        made = widen(made, widened)
        priced = None
        if inputs is not None:
            try:
                priced = costs(
                    made.months,
                    made.group_fte,
                    made.paths["starters_fte"],
                    as_at=as_at,
                    inputs=inputs.changed(scenario.costs),
                )
            except ValueError as exc:
                raise ForecastRefused(f"scenario {scenario.name!r}: {exc}") from exc
        if scenario is BASELINE:
            baseline_costs = priced
        saving = None
        if scenario is not BASELINE and priced is not None and baseline_costs is not None:
            saving = saving_by_year(baseline_costs, priced)
        probabilities = []
        for target in targets:
            if target.measure not in made.paths:
                raise ForecastRefused(f"{target.measure} is not forecast for {la_code}; forecast: {sorted(made.paths)}")
            if not made.months[0] <= target.deadline <= made.months[-1]:
                raise ForecastRefused(
                    f"the target's deadline {long_date(target.deadline)} is outside the forecast "
                    f"({long_date(made.months[0])} to {long_date(made.months[-1])})"
                )
            bound = {"at_least": target.value} if target.at_least else {"at_most": target.value}
            probabilities.append((target, made.probability(target.measure, target.deadline, **bound)))
        runs.append(ScenarioRun(scenario, made, priced, saving, tuple(probabilities)))
    return CouncilForecast(
        la_code=la_code,
        as_at=as_at,
        history_from=parameters.history_from,
        months=months,
        paths=paths,
        seed=seed,
        runs=tuple(runs),
        cost_inputs=inputs,
        cost_refusal=refusal,
        prior=prior,
        widenings=tuple(record),
    )


# ---- saved scenarios -----------------------------------------------------------------------------------------
OBJECT_TYPE = "forecast_scenario"


def saved_scenarios(la_code: str) -> list[Scenario]:
    """The council's saved scenarios, by name."""
    rows = m.ForecastScenario.objects.filter(la_code=la_code).order_by("name")
    return [Scenario.from_mapping({**row.levers, "name": row.name}) for row in rows]


def saved_scenario(la_code: str, name: str) -> Scenario:
    """One saved scenario; ``LookupError`` naming those saved when there is none of that name."""
    row = m.ForecastScenario.objects.filter(la_code=la_code, name=name).first()
    if row is None:
        held = ", ".join(s.name for s in saved_scenarios(la_code)) or "none"
        raise LookupError(f"{la_code} has no saved scenario {name!r}; saved: {held}")
    return Scenario.from_mapping({**row.levers, "name": row.name})


def save_scenario(
    *, la_code: str, scenario: Scenario, set_by: str, now: datetime, origin: Origin = NOWHERE
) -> Scenario:
    """Save (or replace) the council's scenario of that name, checked first, with an audit record."""
    scenario.check()
    name = scenario.name.strip()
    if not name or name == BASELINE.name or len(name) > 80:
        raise ValueError("a scenario needs a name of 1 to 80 characters other than baseline")
    levers = {k: v for k, v in scenario.as_mapping().items() if k != "name"}
    with transaction.atomic():
        before = m.ForecastScenario.objects.filter(la_code=la_code, name=name).first()
        m.ForecastScenario.objects.update_or_create(
            la_code=la_code, name=name, defaults={"levers": levers, "set_by": set_by, "set_at": now}
        )
        audit_record(
            action=CHANGE,
            username=set_by,
            object_type=OBJECT_TYPE,
            object_id=f"{la_code}:{name}",
            detail={"before": None if before is None else before.levers, "after": levers},
            origin=origin,
            now=now,
        )
        data_changed()  # the forecast paper shows the saved scenarios: built afresh
    return saved_scenario(la_code, name)


def delete_scenario(*, la_code: str, name: str, deleted_by: str, now: datetime, origin: Origin = NOWHERE) -> None:
    """Delete a saved scenario (``LookupError`` if there is none of that name), with an audit record."""
    with transaction.atomic():
        row = m.ForecastScenario.objects.filter(la_code=la_code, name=name).first()
        if row is None:
            saved_scenario(la_code, name)  # raises, naming those saved
            return
        audit_record(
            action=CHANGE,
            username=deleted_by,
            object_type=OBJECT_TYPE,
            object_id=f"{la_code}:{name}",
            detail={"before": row.levers, "after": None},
            origin=origin,
            now=now,
        )
        row.delete()
        data_changed()


# ---- what a reader is shown: the forecast's tables, the levers in words, the strategies' targets -------------
@dataclass(frozen=True)
class Shown:
    """A forecast output as pages and papers show it: its key, its label, and its unit ("%" for a rate)."""

    key: str
    label: str
    unit: str = ""


SHOWN: tuple[Shown, ...] = (
    Shown("permanency_rate_fte", "Permanent workers (% of FTE)", "%"),
    Shown("inpost_fte", "Permanent FTE in post"),
    Shown("agency_fte", "Agency FTE"),
    Shown("vacancy_rate_fte", "Vacancy rate (% of FTE)", "%"),
    Shown("turnover_rate_fte", "Turnover over 12 months (%)", "%"),
    Shown("caseload_fte", "Cases per case-holding FTE"),
)
"""The outputs the forecast page and the forecast paper show, in this order."""
TABLE_STEPS = (12, 24, 36)
"""The months ahead the paper's table shows."""


def _month_label(day: date) -> str:
    return f"{day:%B %Y}"


def measure_table(made: CouncilForecast, shown: Shown) -> Table:
    """One output by month: each scenario's median and 80% band (a column each)."""
    columns = [Column("month", "Month")]
    for n, run in enumerate(made.runs):
        name = run.scenario.name
        columns += [
            Column(f"median{n}", f"{name}: median", numeric=True, decimals=1),
            Column(f"lower{n}", f"{name}: 80% band from", numeric=True, decimals=1),
            Column(f"upper{n}", f"{name}: to", numeric=True, decimals=1),
        ]
    rows: list[dict[str, Any]] = [{"month": _month_label(d)} for d in made.runs[0].forecast.months]
    for n, run in enumerate(made.runs):
        summary = run.forecast.summary().filter(pl.col("measure") == shown.key)
        for i, r in enumerate(summary.sort("month").iter_rows(named=True)):
            rows[i] |= {f"median{n}": r["median"], f"lower{n}": r["lower80"], f"upper{n}": r["upper80"]}
    return Table.from_dicts(f"{shown.label}: median and 80% band by month", columns, rows)


def steps_table(made: CouncilForecast) -> Table:
    """Every shown output at 12, 24 and 36 months, each scenario a row: "median (lower to upper)"."""
    columns = [Column("scenario", "Scenario"), Column("month", "Month")] + [Column(s.key, s.label) for s in SHOWN]
    rows = []
    for run in made.runs:
        summary = run.forecast.summary()
        for step in TABLE_STEPS:
            if step > len(run.forecast.months):
                continue
            month = run.forecast.months[step - 1]
            row: dict[str, Any] = {"scenario": run.scenario.name, "month": _month_label(month)}
            for s in SHOWN:
                hit = summary.filter((pl.col("month") == month) & (pl.col("measure") == s.key))
                row[s.key] = (
                    None
                    if hit.height == 0 or hit["median"][0] != hit["median"][0]
                    else f"{hit['median'][0]:,.1f} ({hit['lower80'][0]:,.1f} to {hit['upper80'][0]:,.1f})"
                )
            rows.append(row)
    return Table.from_dicts("The forecast: median (80% band)", columns, rows)


def spend_table(made: CouncilForecast) -> Table | None:
    """Spend by financial year, each scenario's, with its saving against the baseline; None without costs."""
    if made.cost_inputs is None:
        return None
    columns = [
        Column("scenario", "Scenario"),
        Column("year", "Financial year"),
        Column("months", "Months", numeric=True, decimals=0),
        Column("total", "Spend (£, mean)", numeric=True, decimals=0),
        Column("lower80", "80% band from (£)", numeric=True, decimals=0),
        Column("upper80", "to (£)", numeric=True, decimals=0),
        Column("saving", "Saving against the baseline (£)", numeric=True, decimals=0),
    ]
    rows = []
    for run in made.runs:
        assert run.costs is not None
        savings = {} if run.saving is None else {r["year"]: r["saving"] for r in run.saving.iter_rows(named=True)}
        for r in run.costs.by_year().iter_rows(named=True):
            rows.append({"scenario": run.scenario.name, **r, "saving": savings.get(r["year"])})
    notes = (
        "A saving is the baseline's spend less the scenario's; negative: the scenario costs more. A financial "
        "year the forecast covers only in part is spend over the months shown.",
    )
    return Table.from_dicts("Spend by financial year", columns, rows, notes)


def costs_sentence(made: CouncilForecast) -> str:
    """Where the costs come from, in words (or why there are none)."""
    if made.cost_inputs is None:
        return f"No costs: {made.cost_refusal}"
    sources = made.cost_inputs.sources
    return (
        f"Costs: salaries from {sources['salary_social_worker']}; agency charge rates from "
        f"{sources['agency_rate_social_worker']}; recruitment per hire from {sources['recruitment_per_hire']}; "
        f"pay inflation {made.cost_inputs.pay_inflation_pct:g}% a year each April."
    )


def targets_table(made: CouncilForecast) -> Table | None:
    """Each target's probability under each scenario; None without targets."""
    if not made.runs[0].probabilities:
        return None
    columns = [Column("target", "Target"), Column("source", "Whose")] + [
        Column(f"p{n}", f"{run.scenario.name}: chance (%)", numeric=True, decimals=0) for n, run in enumerate(made.runs)
    ]
    rows = []
    for i, (target, _) in enumerate(made.runs[0].probabilities):
        row: dict[str, Any] = {"target": target.text(), "source": target.source or "Given here"}
        for n, run in enumerate(made.runs):
            row[f"p{n}"] = 100 * run.probabilities[i][1]
        rows.append(row)
    notes = (
        "The chance is the share of simulated paths meeting the target in the deadline's month. 0% means no "
        f"path of {made.paths:,} met it, not that it cannot happen.",
    )
    return Table.from_dicts("The chance of meeting each target", columns, rows, notes)


_CALENDAR = ("", *(date(2000, k, 1).strftime("%B") for k in range(1, 13)))
_GROUP_WORDS = {
    "nqsw": "newly qualified social workers (ASYE)",
    "social_worker": "social workers",
    "senior": "senior and advanced practitioners",
    "manager": "managers",
}
_ROUTE_WORDS = {
    "nqsw": "newly qualified",
    "experienced": "experienced",
    "international": "international",
    "agency": "agency",
    "step_up_frontline": "Step Up or Frontline",
}


def _month_words(key: str) -> str:
    return f"{_CALENDAR[int(key[5:])]} {key[:4]}"


def lever_sentences(scenario: Scenario) -> list[str]:
    """A scenario's levers in words, one sentence each (the baseline: none)."""
    out = []
    done: set[PlannedHires] = set()
    for hire in scenario.hires:  # the same hires in each of the 12 calendar months: "every month"
        if hire in done:
            continue
        same = {
            h
            for h in scenario.hires
            if (h.route, h.count, h.group, h.month) == (hire.route, hire.count, hire.group, None)
        }
        into = f" as {_GROUP_WORDS[hire.group]}" if hire.group else ""
        starters = "starter" if hire.count == 1 else "starters"
        if len({h.calendar_month for h in same}) == 12:
            out.append(f"{hire.count} extra {_ROUTE_WORDS[hire.route]} {starters} every month{into}.")
            done |= same
            continue
        when = (
            f"each {_CALENDAR[hire.calendar_month]}" if hire.calendar_month else f"in {_month_words(hire.month or '')}"
        )
        out.append(f"{hire.count} extra {_ROUTE_WORDS[hire.route]} {starters} {when}{into}.")
    for key, factor in scenario.leaving_multipliers.items():
        who = " ".join(
            _GROUP_WORDS.get(part, part) if part in _GROUP_WORDS else f"{part} workers" for part in key.split(":")
        )
        change = round((factor - 1) * 100, 1)
        out.append(f"Leaving of {who} {'down' if change < 0 else 'up'} {abs(change):g}% (rate x {factor:g}).")
    for conv in scenario.conversions:
        span = (f" from {_month_words(conv.start)}" if conv.start else "") + (
            f" to {_month_words(conv.end)}" if conv.end else ""
        )
        out.append(f"{conv.count} agency {_GROUP_WORDS[conv.group]} converted to permanent each month{span}.")
    for posts in scenario.establishment:
        verb = "added to" if posts.fte >= 0 else "taken from"
        out.append(f"{abs(posts.fte):g} funded FTE {verb} the establishment from {_month_words(posts.month)}.")
    for key, value in scenario.costs.items():
        out.append(f"Cost input {key.replace('_', ' ')}: {'none' if value is None else f'{value:g}'}.")
    if scenario.agency_rules is not None:
        rules = scenario.agency_rules
        out.append(
            f"From {_month_words(rules.from_month)}, no agency social workers with under {rules.min_pqe_years:g} "
            "years' post-qualification experience (DfE's agency rules)."
        )
    return out


def rules_sentence(run: ScenarioRun) -> str | None:
    """What a scenario's agency rules did, in words (None without rules): the share of the council's agency
    starters they exclude, or that the records hold no placement's post-qualification experience, so they
    changed nothing."""
    rules = run.scenario.agency_rules
    if rules is None:
        return None
    share = run.forecast.agency_rules_share
    if share is None:
        return (
            f"{run.scenario.name}: the agency rules change nothing in this forecast: the council's records hold no "
            "agency placement's post-qualification experience, so the share of agency starters they would exclude "
            "is not known (load the agency placements with their PQE)."
        )
    return (
        f"{run.scenario.name}: the agency rules exclude about {100 * share:.0f}% of agency starters (those of the "
        f"council's agency placements started in the history with under {rules.min_pqe_years:g} years' PQE)."
    )


def strategy_targets(la_code: str, *, as_at: date, months: int) -> tuple[list[Target], list[str]]:
    """The targets of the council's strategies (``strategies.governance.council_strategies``) that the forecast
    can test: an output it forecasts, at least or at most a value, by a deadline within the forecast. The
    others with a value and a deadline are listed in words, with why they cannot be tested (a deadline before
    the forecast begins, or after it ends)."""
    from csc_workforce.forecasting.stock_flow import MEASURES
    from csc_workforce.strategies import seed_strategies
    from csc_workforce.strategies.governance import council_strategies
    from csc_workforce.strategies.model import Direction

    shown = forecast_months(as_at, months)
    first, last = shown[0], shown[-1]
    testable, untested = [], []
    for strategy in council_strategies(la_code, seed_strategies()):
        for _, measure in strategy.measures:
            target = measure.target
            if measure.measure not in MEASURES or target.direction not in (Direction.AT_LEAST, Direction.AT_MOST):
                continue
            if target.value is None or target.deadline is None:
                continue
            made = Target(
                measure.measure,
                target.value,
                month_end(target.deadline),
                target.direction is Direction.AT_LEAST,
                source=f"{strategy.council.name}: {strategy.title}",
            )
            if first <= made.deadline <= last:
                testable.append(made)
            else:
                when = "before the forecast begins" if made.deadline < first else "after the forecast ends"
                line = f"{made.source}: {made.text()} (the deadline is {when})"
                if line not in untested:
                    untested.append(line)
    return testable, untested


def basis_sentences(made: CouncilForecast) -> list[str]:
    """How the forecast was pooled and its bands widened, in words, for pages, papers and the CLI."""
    out = []
    prior = made.prior
    if prior is not None:
        whose = {
            "council": "the council's own published turnover (shrunk toward its region's)",
            "region": f"the published turnover of its region ({prior.name})",
            "England": "England's published turnover",
        }[prior.level]
        years = f"census years {prior.first_year} to {prior.year}" if prior.first_year else f"census year {prior.year}"
        out.append(
            f"The permanent leaving rate is pooled toward {whose}, {prior.turnover_rate_fte:.1f}% a year over "
            f"{years}, counted as {prior.strength_months:g} months of the council's own records."
        )
    widened = [w for w in made.widenings if any(f > 1.0 for f in w.factor)]
    out += [line for run in made.runs if (line := rules_sentence(run)) is not None]
    if widened:
        labels = {s.key: s.label for s in SHOWN} | {"agency_rate_fte": "Agency workers (% of FTE)"}
        first = widened[0]
        out.append(
            "The 80% bands are widened to the spread DfE's published figures show for councils of this size one "
            "to three years on, for: "
            + "; ".join(labels.get(w.measure, w.measure) for w in widened)
            + f" (at {first.months[0]} months, {labels.get(first.measure, first.measure)} "
            f"{first.floor[0]:,.1f} either side of the middle, where the model alone gives {first.model[0]:,.1f}). "
            "The model alone assumes the council's rates stay as they have been; real councils' rates change."
        )
    return out
