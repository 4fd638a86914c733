"""The forecast page: the council's workforce month by month from its records (``store.services.forecast``),
the baseline beside the saved scenarios chosen, each output a chart with its table, spend by financial year, and
the chance of meeting the strategies' targets and the user's own; each table downloads as CSV or Excel. The
scenario page builds, changes and deletes the council's saved scenarios (analysts and administrators; audited).

A forecast takes a second or two: the page's figures are kept (the process's cache) until any records change or
a scenario is saved, under a key holding everything they depend on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from csc_workforce.forecasting.stock_flow import Scenario
from csc_workforce.reports.charts import Band, Series, line_chart
from csc_workforce.reports.charts import Target as ChartTarget
from csc_workforce.reports.tables import Table
from csc_workforce.store import models as m
from csc_workforce.store.services.forecast import (
    SHOWN,
    CouncilForecast,
    ForecastRefused,
    Target,
    basis_sentences,
    costs_sentence,
    council_forecast,
    delete_scenario,
    forecast_as_at,
    lever_sentences,
    measure_table,
    save_scenario,
    saved_scenario,
    saved_scenarios,
    spend_table,
    strategy_targets,
    targets_table,
)
from csc_workforce.store.services.records import data_version
from csc_workforce.web.access import (
    DATA_ROLES,
    EVERYONE,
    held_council,
    request_origin,
    role_of,
    role_required,
    signed_in_user,
)
from csc_workforce.web.forecast_forms import ForecastForm, ScenarioForm, scenario_initial
from csc_workforce.web.views.council import tables_download

PATHS = 2000  # as the forecast paper's, so that the page and the paper agree


@dataclass(frozen=True)
class PageForecast:
    """What the page shows of one forecast: each output's chart and table, and the rest in tables and words."""

    as_at: date
    history_from: date
    months: int
    paths: int
    outputs: tuple[tuple[str, str, Table], ...]  # (key, chart SVG, table)
    spend: Table | None
    targets: Table | None
    costs: str
    levers: tuple[tuple[str, tuple[str, ...]], ...]  # each scenario's name and its levers in words
    basis: tuple[str, ...]  # how it was pooled and its bands widened, in words

    def tables(self) -> dict[str, Table]:
        out = {key: table for key, _, table in self.outputs}
        if self.spend is not None:
            out["spend"] = self.spend
        if self.targets is not None:
            out["targets"] = self.targets
        return out


def _shown(made: CouncilForecast, targets: list[Target]) -> PageForecast:
    outputs = []
    labels = [f"{d:%b %Y}" for d in made.runs[0].forecast.months]
    for shown in SHOWN:
        table = measure_table(made, shown)
        if all(row[1] is None or row[1] != row[1] for row in table.rows):
            continue  # not forecast for this council (no establishment, no caseloads)
        series, band = [], None
        for n, run in enumerate(made.runs):
            summary = run.forecast.summary().filter(run.forecast.summary()["measure"] == shown.key).sort("month")
            series.append(Series(run.scenario.name, tuple(summary["median"].to_list())))
            if n == 0:
                band = Band(tuple(summary["lower80"].to_list()), tuple(summary["upper80"].to_list()))
        lines = [ChartTarget(f"Target {t.value:g}{shown.unit}", t.value) for t in targets if t.measure == shown.key]
        chart = line_chart(
            title=f"{shown.label}: forecast by month",
            description=(
                f"{shown.label}, the middle path of each scenario by month from {labels[0]} to {labels[-1]}; the "
                "shaded area is the baseline's 80% band. The figures are in the table after the chart."
            ),
            x_labels=labels,
            series=series,
            unit=shown.unit,
            targets=lines[:2],
            bands=[band] if band is not None else [],
            marker_every=6,
        )
        outputs.append((shown.key, chart, table))
    return PageForecast(
        as_at=made.as_at,
        history_from=made.history_from,
        months=made.months,
        paths=made.paths,
        outputs=tuple(outputs),
        spend=spend_table(made),
        targets=targets_table(made),
        costs=costs_sentence(made),
        levers=tuple((run.scenario.name, tuple(lever_sentences(run.scenario))) for run in made.runs[1:]),
        basis=tuple(basis_sentences(made)),
    )


def _council(request: HttpRequest, la_code: str) -> m.Council | HttpResponse:
    return held_council(request, la_code)  # type: ignore[no-any-return]


def _forecast(
    request: HttpRequest, la_code: str
) -> tuple[ForecastForm, PageForecast | None, list[str], list[Scenario]]:
    """The form from the query, and the forecast it asks for (None: not valid, or refused: the form says why)."""
    saved = saved_scenarios(la_code)
    names = [s.name for s in saved]
    bound = bool(request.GET)
    form = ForecastForm(request.GET if bound else None, saved=names, initial={"months": "36", "scenarios": names})
    if bound and not form.is_valid():
        return form, None, [], saved
    data: dict[str, Any] = form.cleaned_data if bound else {"months": "36", "scenarios": names, "as_at": None}
    months = int(data.get("months") or 36)
    chosen = [s for s in saved if s.name in (data.get("scenarios") or [])]
    own = form.target() if bound else None
    identity = repr(
        (
            la_code,
            data_version(),
            data.get("as_at"),
            months,
            PATHS,
            [s.as_mapping() for s in chosen],
            own,
            timezone.localdate(),
        )
    )
    key = "forecast-page:" + hashlib.sha256(identity.encode()).hexdigest()
    found: tuple[PageForecast, list[str]] | None = cache.get(key)
    if found is None:
        try:
            as_at = forecast_as_at(la_code, data.get("as_at"))
            targets, untested = strategy_targets(la_code, as_at=as_at, months=months)
            targets += [own] if own is not None else []
            made = council_forecast(la_code, as_at=as_at, months=months, paths=PATHS, scenarios=chosen, targets=targets)
        except (ForecastRefused, ValueError) as refused:  # ValueError: a scenario saved under older rules
            if not bound:  # an error needs a bound form: the defaults, as the page was asked for them
                form = ForecastForm({"months": "36", "scenarios": names}, saved=names)
                form.is_valid()
            field = None
            if isinstance(refused, ForecastRefused) and "deadline" in str(refused):
                field = "target_deadline"
            elif isinstance(refused, ForecastRefused) and bound and data.get("as_at"):
                field = "as_at"
            form.add_error(field, str(refused))
            return form, None, [], saved
        found = (_shown(made, targets), untested)
        cache.set(key, found, timeout=3600)
    shown, untested = found
    return form, shown, untested, saved


@role_required(*EVERYONE)
def forecast_page(request: HttpRequest, la_code: str) -> HttpResponse:
    council = _council(request, la_code)
    if isinstance(council, HttpResponse):
        return council
    form, shown, untested, saved = _forecast(request, la_code)
    context = {
        "council": council,
        "form": form,
        "error_title": bool(form.errors),
        "shown": shown,
        "untested": untested,
        "saved": [(s.name, lever_sentences(s)) for s in saved],
        "may_build": role_of(request.user, la_code) in DATA_ROLES,
        "download": "forecast-download",
        "download_query": "?" + request.GET.urlencode() if request.GET else "",
    }
    return render(request, "web/forecast.html", context)


@role_required(*EVERYONE)
def forecast_download(request: HttpRequest, la_code: str, key: str, fmt: str) -> HttpResponse:
    council = _council(request, la_code)
    if isinstance(council, HttpResponse):
        return council
    _, shown, *_ = _forecast(request, la_code)
    if shown is None:
        raise Http404("This forecast cannot be made: open the forecast page to see why.")
    stamp = shown.as_at.isoformat()
    detail = {"as_at": stamp, "months": shown.months, "query": request.GET.urlencode()}
    return tables_download(
        request, la_code, f"forecast-{key}" if key != "all" else "all", fmt, _keyed(shown), stamp=stamp, detail=detail
    )


def _keyed(shown: PageForecast) -> dict[str, Table]:
    return {f"forecast-{k}": t for k, t in shown.tables().items()}


@role_required(*DATA_ROLES)
def scenario_page(request: HttpRequest, la_code: str) -> HttpResponse:
    """Build a scenario, or change or delete a saved one (``?name=``); saving checks it first (the scenario's own
    rules) and audits it."""
    council = _council(request, la_code)
    if isinstance(council, HttpResponse):
        return council
    name = request.GET.get("name") or request.POST.get("editing") or ""
    existing = None
    if name:
        try:
            existing = saved_scenario(la_code, name)
        except LookupError as exc:
            raise Http404(str(exc)) from None
    back = reverse("forecast", args=[la_code])
    who, origin, now = signed_in_user(request).get_username(), request_origin(request), timezone.now()
    if request.method == "POST" and "delete" in request.POST and existing is not None:
        delete_scenario(la_code=la_code, name=existing.name, deleted_by=who, now=now, origin=origin)
        messages.success(request, f"Deleted the scenario {existing.name}.")
        return redirect(back)
    initial, whole = scenario_initial(existing) if existing is not None else ({}, True)
    form = ScenarioForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        scenario = save_scenario(la_code=la_code, scenario=form.built, set_by=who, now=now, origin=origin)
        if existing is not None and existing.name != scenario.name:
            delete_scenario(la_code=la_code, name=existing.name, deleted_by=who, now=now, origin=origin)
        messages.success(request, f"Saved the scenario {scenario.name}: it is compared with the baseline below.")
        return redirect(back + "?" + urlencode({"scenarios": scenario.name}) + "#results")
    context = {
        "council": council,
        "form": form,
        "error_title": bool(form.errors),
        "existing": existing,
        "existing_levers": lever_sentences(existing) if existing is not None else [],
        "whole": whole,
        "back": back,
    }
    return render(request, "web/forecast_scenario.html", context)


__all__ = ["forecast_download", "forecast_page", "scenario_page"]
