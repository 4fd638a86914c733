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

import polars as pl
from django.db import transaction

from csc_workforce.forecasting.costs import CostInputs, Costs, cost_inputs, costs, saving_by_year
from csc_workforce.forecasting.stock_flow import (
    BASELINE,
    Forecast,
    Scenario,
    estimate,
    forecast,
    month_end,
)
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.audit import CHANGE, NOWHERE, Origin, audit_record
from csc_workforce.store.services.coverage import coverage_for, long_date

FRAMES = ("programmes", "agency_placements", "campaigns")
"""The dated frames the forecast and its costs read, besides the workforce's."""
MAX_MONTHS = 60
MAX_PATHS = 20000


class ForecastRefused(ValueError):
    """The council's records cannot support the forecast asked for; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """A target to meet by a deadline: ``measure`` (a forecast output) at least or at most ``value``."""

    measure: str
    value: float
    deadline: date
    at_least: bool = True

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
        return (
            f"{self.measure} {'at least' if self.at_least else 'at most'} {self.value:g} by {long_date(self.deadline)}"
        )


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


def default_as_at(complete_to: date) -> date:
    """The last month end on or before ``complete_to``."""
    return complete_to if month_end(complete_to) == complete_to else complete_to.replace(day=1) - timedelta(days=1)


def council_forecast(
    la_code: str,
    *,
    as_at: date | None = None,
    months: int = 36,
    paths: int = 2000,
    seed: int = 0,
    scenarios: Sequence[Scenario] = (),
    targets: Sequence[Target] = (),
) -> CouncilForecast:
    """Forecast council ``la_code`` under the baseline and ``scenarios`` (see the module docstring)."""
    if not 1 <= months <= MAX_MONTHS or not 1 <= paths <= MAX_PATHS:
        raise ForecastRefused(f"months must be 1 to {MAX_MONTHS} and paths 1 to {MAX_PATHS:,}")
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
        raise ForecastRefused(f"the as-at date must be the last day of a month; got {as_at.isoformat()}")
    elif as_at > latest:
        raise ForecastRefused(
            f"A forecast for {la_code} as at {long_date(as_at)} cannot be made: {coverage.sentence()}. "
            f"Give a month end on or before {long_date(latest)}."
        )
    names = [s.name for s in scenarios]
    if BASELINE.name in names or len(set(names)) != len(names):
        raise ForecastRefused("each scenario needs its own name, and none may be called baseline")
    frames = council_frames(la_codes=[la_code], frames=FRAMES)
    try:
        parameters = estimate(frames, la_code, as_at=as_at, begins=coverage.begins)
    except ValueError as exc:
        raise ForecastRefused(str(exc)) from exc
    try:
        inputs: CostInputs | None = cost_inputs(frames, la_code, as_at=as_at)
        refusal = None
    except LookupError as exc:
        inputs, refusal = None, str(exc)
    runs: list[ScenarioRun] = []
    baseline_costs: Costs | None = None
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
