"""A council's reconciliation page: its census returns compared with each other, and each census year's
measures as returned with the measures from records. Worker-level findings name SWE numbers (personal data),
so only admins and analysts of the council see the page and its CSV (docs/web.md)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from csc_workforce.census.csww.reconcile import MeasureDifference, Reconciliation
from csc_workforce.reports.tables import to_csv
from csc_workforce.store import models as m
from csc_workforce.store.services.audit import EXPORT, audit_record
from csc_workforce.store.services.reconcile import census_reconcile, findings_table
from csc_workforce.web.access import (
    DATA_ROLES,
    held_council,
    request_origin,
    role_required,
    signed_in_user,
)


def _council(request: HttpRequest, la_code: str) -> m.Council | HttpResponse:
    return held_council(request, la_code)  # type: ignore[no-any-return]


@role_required(*DATA_ROLES)
def reconcile_page(request: HttpRequest, la_code: str) -> HttpResponse:
    council = _council(request, la_code)
    if isinstance(council, HttpResponse):
        return council
    result: Reconciliation | None = None
    problem = ""
    try:
        result = census_reconcile(la_code=la_code)
    except LookupError as missing:
        problem = str(missing)
    context = {
        "council": council,
        "result": result,
        "problem": problem,
        "years": _years(result) if result else [],
        "same_years": [y for y in result.years if not result.differing(y)] if result else [],
        "findings": findings_table(result) if result else None,
    }
    return render(request, "web/reconcile.html", context)


def _years(result: Reconciliation) -> list[tuple[int, tuple[MeasureDifference, ...]]]:
    """Each census year whose figures differ, with the measures that do."""
    by_year = [(year, result.differing(year)) for year in result.years]
    return [(year, differing) for year, differing in by_year if differing]


@role_required(*DATA_ROLES)
def reconcile_findings_csv(request: HttpRequest, la_code: str) -> HttpResponse:
    council = _council(request, la_code)
    if isinstance(council, HttpResponse):
        return council
    try:
        result = census_reconcile(la_code=la_code)
    except LookupError as missing:
        raise Http404(str(missing)) from missing
    response = HttpResponse(to_csv(findings_table(result)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{la_code}-reconciliation-findings.csv"'
    audit_record(
        action=EXPORT,
        user=signed_in_user(request),
        object_type="reconciliation-findings",
        object_id=la_code,
        detail={"findings": len(result.findings), "years": list(result.years)},
        origin=request_origin(request),
    )
    return response
