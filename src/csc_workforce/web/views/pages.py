"""The pages: dashboard, a council's page, measures, and the census returns held. Views parse the request, call
one read and render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from csc_workforce.measures.catalogue import MEASURES
from csc_workforce.measures.compute import KEY_COLUMNS
from csc_workforce.reports.tables import Column, Table, to_csv, to_xlsx
from csc_workforce.store.services import overview
from csc_workforce.store.services.audit import audit_record
from csc_workforce.store.services.measures import measures_rows
from csc_workforce.web.access import (
    DATA_ROLES,
    EVERYONE,
    request_origin,
    role_required,
    signed_in_user,
    visible_la_codes,
)
from csc_workforce.web.forms import MeasuresForm
from csc_workforce.web.views.council import XLSX


def _headline_columns() -> list[dict[str, str]]:
    return [{"id": key, "title": overview.TITLES[key]} for key in overview.HEADLINE]


@role_required(*EVERYONE)
def dashboard(request: HttpRequest) -> HttpResponse:
    rows = overview.councils_latest_measures(la_codes=visible_la_codes(request.user))
    return render(request, "web/dashboard.html", {"rows": rows, "columns": _headline_columns()})


@role_required(*EVERYONE)
def measures(request: HttpRequest) -> HttpResponse:
    la_codes = visible_la_codes(request.user)
    councils = overview.council_choices(la_codes=la_codes)
    form = MeasuresForm(request.GET or None, councils=councils)
    rows, problem = [], ""
    if form.is_valid():
        chosen = [form.cleaned_data["la"]] if form.cleaned_data["la"] else la_codes or []
        if la_codes is not None and not chosen:
            problem = "You have no council to see. Ask an administrator to set your council."
        else:
            try:
                rows = measures_rows(
                    year=form.cleaned_data["year"], la_codes=chosen, basis=form.cleaned_data["basis"] or None
                )
            except LookupError as exc:
                problem = str(exc)
    context = {"form": form, "rows": rows, "measures": MEASURES, "problem": problem, "error_title": bool(form.errors)}
    return render(request, "web/measures.html", context)


@role_required(*DATA_ROLES)
def data(request: HttpRequest) -> HttpResponse:
    returns = overview.census_returns(la_codes=visible_la_codes(request.user, DATA_ROLES))
    return render(request, "web/data.html", {"returns": returns})


@role_required(*EVERYONE)
def measures_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The measures table as CSV (the same columns as ``csc-workforce measures --format csv``) or Excel."""
    la_codes = visible_la_codes(request.user)
    form = MeasuresForm(request.GET or None, councils=overview.council_choices(la_codes=la_codes))
    if fmt not in ("csv", "xlsx") or not form.is_valid():
        raise Http404("Choose a census year on the measures page first.")
    chosen = [form.cleaned_data["la"]] if form.cleaned_data["la"] else la_codes or []
    try:
        rows = measures_rows(year=form.cleaned_data["year"], la_codes=chosen, basis=form.cleaned_data["basis"] or None)
    except LookupError as exc:
        raise Http404(str(exc)) from exc
    columns = [Column(key, key, numeric=key not in KEY_COLUMNS) for key in rows[0]] if rows else []
    table = Table.from_dicts(f"Measures {form.cleaned_data['year']}", columns, rows, ["Source: csc-workforce"])
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx([table]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="measures-{form.cleaned_data["year"]}.{fmt}"'
    audit_record(
        action="export",
        user=signed_in_user(request),
        object_type="measures",
        object_id=str(form.cleaned_data["year"]),
        detail={"format": fmt, "councils": chosen},
        origin=request_origin(request),
    )
    return response
