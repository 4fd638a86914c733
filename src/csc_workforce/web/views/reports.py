"""The reports page: choose a report (``store.services.reports``), see it on the page, and download it as Word,
PDF, HTML or Excel. Viewers and managers get small numbers withheld, as on every page; an analyst or admin may
ask for them withheld (for publication). Each download is audited as an export."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from csc_workforce.reports.document import Figure, Heading, Paragraph
from csc_workforce.reports.render import FORMATS
from csc_workforce.reports.render import render as render_document
from csc_workforce.store import models as m
from csc_workforce.store.services.audit import audit_record
from csc_workforce.store.services.overview import reported_years
from csc_workforce.store.services.reports import REPORT_KINDS, ReportError, cached_build_report
from csc_workforce.strategies import seed_strategies
from csc_workforce.web.access import (
    EVERYONE,
    WITHHELD_FROM,
    forbidden,
    may_see_council,
    request_origin,
    role_of,
    role_required,
    signed_in_user,
)
from csc_workforce.web.forms import ReportForm


def _form(request: HttpRequest, council: m.Council) -> ReportForm:
    kinds = [(k.id, k.title) for k in REPORT_KINDS.values()]
    strategies = [(s.id, f"{s.title} ({s.council.name})") for s in seed_strategies()]
    needs = frozenset(k.id for k in REPORT_KINDS.values() if k.strategy)
    data = request.GET if "kind" in request.GET else None
    return ReportForm(data, kinds=kinds, years=reported_years(council), strategies=strategies, needs_strategy=needs)


@role_required(*EVERYONE)
def reports_page(request: HttpRequest, la_code: str, fmt: str = "") -> HttpResponse:
    """The form, and once a report is chosen, the report on the page (``fmt`` empty) or its file."""
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise Http404(f"No council {la_code} is held.")
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can see only your own council's figures.")
    if fmt and fmt not in FORMATS:
        raise Http404(f"Download as {', '.join(FORMATS)}.")
    form = _form(request, council)
    withheld_for_role = role_of(request.user) in WITHHELD_FROM
    document = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        kind = REPORT_KINDS[data["kind"]]
        try:
            document = cached_build_report(
                kind.id,
                la_code=la_code,
                today=timezone.localdate(),
                year=data["year"] if kind.basis == "year" else None,
                as_at=data["as_at"] if kind.basis == "date" else None,
                strategy=data["strategy"] or None if kind.strategy else None,
                suppress=withheld_for_role or bool(data["withhold"]),
            )
        except ReportError as refused:
            form.add_error(None, str(refused))
        if document is not None and fmt:
            response = HttpResponse(render_document(document, fmt), content_type=FORMATS[fmt])
            name = f"{la_code}-{kind.id}-{document.as_at.isoformat()}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            audit_record(
                action="export",
                user=signed_in_user(request),
                object_type="report",
                object_id=f"{la_code}/{kind.id}",
                detail={"format": fmt, "as_at": document.as_at.isoformat(), "withheld": document.published},
                origin=request_origin(request),
            )
            return response
    context: dict[str, Any] = {
        "council": council,
        "form": form,
        "error_title": bool(form.errors),
        "document": document,
        "blocks": _blocks(document) if document is not None else [],
        "query": urlencode({k: v for k, v in request.GET.items() if v}),
        "withheld_for_role": withheld_for_role,
        "kinds": list(REPORT_KINDS.values()),
    }
    return render(request, "web/reports.html", context)


def _blocks(document: Any) -> list[dict[str, Any]]:
    """The document's blocks for the template: each a kind and what it shows."""
    shown: list[dict[str, Any]] = []
    for n, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            shown.append({"kind": "heading", "level": min(max(block.level, 2), 4), "text": block.text})
        elif isinstance(block, Paragraph):
            shown.append({"kind": "paragraph", "style": block.style, "text": block.text})
        elif isinstance(block, Figure):
            shown.append({"kind": "figure", "table": block.table, "chart": block.chart, "n": n})
    return shown
