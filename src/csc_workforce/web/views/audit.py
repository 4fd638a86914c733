"""The audit log for administrators: filter by user, action and dates; 50 events a page. An administrator of
some councils sees the events of the people whose accounts they manage (``access.managed_usernames``), never
those of another council's staff, the command line or the installation's own staff."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from csc_workforce.domain.spreadsheet import csv_text
from csc_workforce.store.models import Role
from csc_workforce.store.services.audit import EXPORT, audit_actions, audit_events, audit_record
from csc_workforce.web.access import managed_usernames, request_origin, role_required, signed_in_user
from csc_workforce.web.forms import AuditFilterForm

PER_PAGE = 50


@role_required(Role.ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events(
        username=filters.get("username", ""),
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        usernames=managed_usernames(request.user),
    )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "ellipsis": page.paginator.ELLIPSIS,
        "error_title": bool(form.errors),
    }
    return render(request, "web/audit.html", context)


@role_required(Role.ADMIN)
def audit_download(request: HttpRequest) -> HttpResponse:
    """The filtered audit log as CSV (every matching event, not only one page)."""
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events(
        username=filters.get("username", ""),
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        usernames=managed_usernames(request.user),
    )
    header = ["at", "username", "action", "object_type", "object_id", "detail", "ip", "user_agent"]
    rows = (
        [e.at.isoformat(), e.username, e.action, e.object_type, e.object_id, json.dumps(e.detail), e.ip, e.user_agent]
        for e in events.iterator()
    )
    # usernames are as typed at sign-in, user agents as clients send them: csv_text quote-prefixes any a
    # spreadsheet could run as a formula
    text = csv_text([header, *rows])
    audit_record(
        action=EXPORT,
        user=signed_in_user(request),
        object_type="audit-log",
        detail={k: str(v) for k, v in filters.items() if v},
        origin=request_origin(request),
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
