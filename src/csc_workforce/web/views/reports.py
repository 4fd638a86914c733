"""The reports page: choose a report (``store.services.reports``), see it on the page, and download it as Word,
PDF, HTML or Excel. Viewers and managers get small numbers withheld, as on every page; an analyst or admin may
ask for them withheld (for publication). Each download is audited as an export."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from csc_workforce.reports.document import Figure, Heading, Paragraph
from csc_workforce.reports.render import FORMATS, TemplateError
from csc_workforce.reports.render import render as render_document
from csc_workforce.store import models as m
from csc_workforce.store.services.audit import audit_record
from csc_workforce.store.services.coverage import long_date
from csc_workforce.store.services.overview import reported_years
from csc_workforce.store.services.report_settings import purposes_for, save_purpose, save_template, template_for
from csc_workforce.store.services.reports import REPORT_KINDS, ReportError, cached_build_report
from csc_workforce.strategies import seed_strategies
from csc_workforce.strategies.governance import (
    Meeting,
    council_strategies,
    next_meetings,
    paper_as_at,
    paper_year,
)
from csc_workforce.strategies.model import Strategy
from csc_workforce.web.access import (
    DATA_ROLES,
    EVERYONE,
    WITHHELD_FROM,
    forbidden,
    may_see_council,
    request_origin,
    role_of,
    role_required,
    signed_in_user,
)
from csc_workforce.web.forms import ReportForm, ReportPurposeForm, ReportTemplateForm


def paper_links(meeting: Meeting, strategy: Strategy, years: list[int]) -> list[tuple[str, str]]:
    """Each paper the meeting needs that is a report kind: its title and the reports page's query that builds it
    as the meeting needs it (as at the last month end before it, or the latest census year ended before it when
    the council holds that year; else the latest the records give)."""
    papers = []
    for kind_id in meeting.body.papers:
        kind = REPORT_KINDS.get(kind_id)
        if kind is None:
            continue
        query: dict[str, str] = {"kind": kind.id}
        if kind.strategy:
            query["strategy"] = strategy.id
        if kind.basis == "date":
            query["as_at"] = paper_as_at(meeting.on).isoformat()
        elif paper_year(meeting.on) in years:
            query["year"] = str(paper_year(meeting.on))
        papers.append((kind.title, urlencode(query)))
    return papers


MEETINGS_SHOWN = 6


def _meetings_due(la_code: str, today: date, years: list[int]) -> list[dict[str, Any]]:
    """The council's next meetings, soonest first (each body's next, of the strategies that are the council's),
    with their papers."""
    due = [(meeting, s) for s in council_strategies(la_code, seed_strategies()) for meeting in next_meetings(s, today)]
    due.sort(key=lambda d: (d[0].on, d[1].id, d[0].body.name))
    return [
        {"meeting": meeting, "strategy": strategy, "papers": paper_links(meeting, strategy, years)}
        for meeting, strategy in due[:MEETINGS_SHOWN]
    ]


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
    withheld_for_role = role_of(request.user, la_code) in WITHHELD_FROM
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
            saved = template_for(la_code) if fmt == "docx" else None
            try:
                content = render_document(document, fmt, template=saved.content if saved is not None else None)
            except TemplateError:  # checked when saved: only a python-docx upgrade could bring this about
                content = render_document(document, fmt)
            response = HttpResponse(content, content_type=FORMATS[fmt])
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
        "template": template_for(la_code),
        "may_set": role_of(request.user, la_code) in DATA_ROLES,
        "meetings": _meetings_due(la_code, timezone.localdate(), reported_years(council)),
    }
    return render(request, "web/reports.html", context)


@role_required(*DATA_ROLES)
def report_settings(request: HttpRequest, la_code: str) -> HttpResponse:
    """The council's Word template for its reports (upload, replace, remove, download) and each report kind's
    purpose paragraphs (edit, or back to the kind's own); admins and analysts; every change audited."""
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise Http404(f"No council {la_code} is held.")
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can change only your own council's reports.")
    here = reverse("report-settings", args=[la_code])
    by, now, origin = signed_in_user(request).get_username(), timezone.now(), request_origin(request)
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action", "") if posted is not None else ""
    template_form = ReportTemplateForm(posted, request.FILES) if action == "template" else ReportTemplateForm()
    purpose_forms = {}
    for kind, saved in purposes_for(la_code).items():
        initial = {"text": saved.text}
        chosen = posted is not None and action in (f"purpose:{kind}", f"default:{kind}")
        purpose_forms[kind] = ReportPurposeForm(posted if chosen else None, prefix=kind, initial=initial)
    if action == "remove-template":
        save_template(la_code=la_code, name="", content=None, set_by=by, now=now, origin=origin)
        messages.success(request, "Removed the Word template: Word downloads use Word's own styles.")
        return redirect(here)
    if action == "template" and template_form.is_valid():
        upload = template_form.cleaned_data["file"]
        try:
            save_template(la_code=la_code, name=upload.name, content=upload.read(), set_by=by, now=now, origin=origin)
        except TemplateError as refused:
            template_form.add_error("file", f"{refused} The template in use is unchanged")
        else:
            messages.success(request, f"Saved {upload.name}: Word downloads of every report are written into it.")
            return redirect(here)
    if action.startswith(("purpose:", "default:")):
        kind = action.partition(":")[2]
        form = purpose_forms.get(kind)
        if form is None:
            raise Http404(f"No report kind {kind}.")
        if form.is_valid():
            text = None if action.startswith("default:") else form.cleaned_data["text"]
            try:
                save_purpose(la_code=la_code, kind=kind, text=text, set_by=by, now=now, origin=origin)
            except ReportError as refused:
                form.add_error("text", str(refused).rstrip("."))
            else:
                title = REPORT_KINDS[kind].title
                messages.success(request, f"Saved the purpose of the report for “{title}”.")
                return redirect(f"{here}#{kind}")
    failed = next((f for f in [template_form, *purpose_forms.values()] if f.is_bound and f.errors), None)
    saved_template, saved_purposes = template_for(la_code), purposes_for(la_code)
    context: dict[str, Any] = {
        "council": council,
        "template": saved_template,
        "template_who": (
            f"saved by {saved_template.set_by} on {long_date(saved_template.set_at.date())}" if saved_template else ""
        ),
        "template_form": template_form,
        "purposes": [
            {
                "kind": REPORT_KINDS[kind],
                "form": form,
                "who": (
                    f"The council's own, saved by {saved.set_by} on {long_date(saved.set_at.date())}."
                    if (saved := saved_purposes[kind]).set_at is not None
                    else "The wording the report comes with."
                ),
            }
            for kind, form in purpose_forms.items()
        ],
        "form": failed,
        "error_title": failed is not None,
    }
    return render(request, "web/report_settings.html", context)


@role_required(*DATA_ROLES)
def report_template_download(request: HttpRequest, la_code: str) -> HttpResponse:
    """The council's saved Word template, as uploaded (to check which it is, or to edit it in Word)."""
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can see only your own council's reports.")
    saved = template_for(la_code)
    if saved is None:
        raise Http404(f"Council {la_code} has no Word template saved.")
    response = HttpResponse(saved.content, content_type=FORMATS["docx"])
    suffix = "dotx" if saved.name.lower().endswith(".dotx") else "docx"  # the name as uploaded is not trusted
    name = f"{la_code}-word-template.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
