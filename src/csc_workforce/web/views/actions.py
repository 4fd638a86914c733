"""A council's action plan for a strategy (docs/web.md, "Action plans"): the outcomes' actions with their RAG,
owner, due date, status and latest update as at a date, its download as Excel, and the forms that add and edit
actions (analysts and admins) and add an update (the action's owner, or an analyst or admin). The rules are the
application layer's (``store.services.actions``); a view parses the form, calls one service and shows what it
said."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from csc_workforce.store import models as m
from csc_workforce.store.services import actions as plans
from csc_workforce.store.services.coverage import long_date
from csc_workforce.store.services.development import NotHeld, RecordingInvalid, RecordingRefused, recording_scope
from csc_workforce.strategies.model import Strategy
from csc_workforce.web.access import (
    DATA_ROLES,
    EVERYONE,
    forbidden,
    may_see_council,
    request_origin,
    role_required,
    signed_in_user,
)
from csc_workforce.web.action_forms import ActionForm, UpdateForm
from csc_workforce.web.forms import AsAtForm
from csc_workforce.web.views.development import RECORDING_ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _held(request: HttpRequest, la_code: str, strategy_id: str) -> tuple[m.Council, Strategy] | HttpResponse:
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise Http404(f"No council {la_code} is held.")
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can see only your own council's action plans.")
    try:
        return council, plans.strategy(strategy_id)
    except NotHeld as missing:
        raise Http404(str(missing)) from missing


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _plan_url(la_code: str, strategy_id: str) -> str:
    return reverse("actions", args=[la_code, strategy_id])


@role_required(*EVERYONE)
def action_plan(request: HttpRequest, la_code: str, strategy_id: str) -> HttpResponse:
    found = _held(request, la_code, strategy_id)
    if isinstance(found, HttpResponse):
        return found
    council, strategy = found
    form = AsAtForm(request.GET or None)
    plan = None
    if not form.is_bound or form.is_valid():
        as_at = (form.cleaned_data.get("as_at") if form.is_bound else None) or timezone.localdate()
        plan = plans.action_plan(la_code, strategy_id, as_at=as_at)
    user = signed_in_user(request)
    scope = recording_scope(user, la_code)
    rows = (
        [
            (outcome, [(view, plans.may_update(user, scope, view.action.owner)) for view in outcome.actions])
            for outcome in plan.outcomes
        ]
        if plan is not None
        else []
    )
    context = {
        "council": council,
        "strategy": strategy,
        "form": form,
        "error_title": bool(form.errors),
        "plan": plan,
        "rows": rows,
        "edits": scope is not None and scope.programmes,
        "count": len(plan.actions) if plan is not None else 0,
    }
    return render(request, "web/actions.html", context)


@role_required(*EVERYONE)
def action_plan_download(request: HttpRequest, la_code: str, strategy_id: str) -> HttpResponse:
    found = _held(request, la_code, strategy_id)
    if isinstance(found, HttpResponse):
        return found
    response = HttpResponse(plans.actions_workbook(la_code, strategy_id), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="actions-{la_code}-{strategy_id}.xlsx"'
    return response


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "web/action_form.html", {**context, "error_title": bool(context["form"].errors)})


@role_required(*DATA_ROLES)
def action_edit(request: HttpRequest, la_code: str, strategy_id: str, ref: str | None = None) -> HttpResponse:
    """Add an action (no ``ref``) or edit the one of ``ref``."""
    found = _held(request, la_code, strategy_id)
    if isinstance(found, HttpResponse):
        return found
    council, strategy = found
    new = ref is None
    initial: dict[str, Any] = {}
    if not new:
        held = m.Action.objects.filter(council=council, strategy=strategy_id, ref=ref).first()
        if held is None:
            raise Http404(f"No action {ref} of {strategy_id} is held.")
        initial = {
            "outcome": held.outcome,
            "title": held.title,
            "owner": held.owner,
            "start": held.start,
            "due": held.due,
            "status": held.status,
            "measures": list(held.measures),
        }
    form = ActionForm(_posted(request), initial=initial, strategy=strategy, new=new)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = plans.save_action(
                user=signed_in_user(request),
                la_code=la_code,
                strategy_id=strategy_id,
                ref=data["ref"] if new else str(ref),
                outcome_id=data["outcome"],
                title=data["title"],
                owner=data["owner"],
                start=data["start"],
                due=data["due"],
                status=data["status"],
                measures=data["measures"],
                new=new,
                origin=request_origin(request),
                now=timezone.now(),
            )
        except NotHeld as missing:
            raise Http404(str(missing)) from missing
        except RecordingInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except RecordingRefused as refused:
            return forbidden(request, str(refused))
        else:
            messages.success(request, f"{'Added' if new else 'Saved'} action {saved.ref}.")
            return redirect(_plan_url(la_code, strategy_id))
    context = {
        "council": council,
        "strategy": strategy,
        "form": form,
        "heading": "Add an action" if new else f"Edit action {ref}",
        "submit": "Add the action" if new else "Save the action",
        "summary": [],
    }
    return _form_page(request, context)


@role_required(*RECORDING_ROLES)
def action_update(request: HttpRequest, la_code: str, strategy_id: str, ref: str) -> HttpResponse:
    """Add an update (a status and a short note) to the action of ``ref``."""
    found = _held(request, la_code, strategy_id)
    if isinstance(found, HttpResponse):
        return found
    council, strategy = found
    held = m.Action.objects.filter(council=council, strategy=strategy_id, ref=ref).first()
    if held is None:
        raise Http404(f"No action {ref} of {strategy_id} is held.")
    user = signed_in_user(request)
    if not plans.may_update(user, recording_scope(user, la_code), held.owner):
        return forbidden(request, "You can update only the actions you own.")
    form = UpdateForm(_posted(request), initial={"status": held.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = plans.add_update(
                user=user,
                la_code=la_code,
                strategy_id=strategy_id,
                ref=ref,
                on=data["on"],
                status=data["status"],
                note=data["note"],
                origin=request_origin(request),
                now=timezone.now(),
            )
        except NotHeld as missing:
            raise Http404(str(missing)) from missing
        except RecordingInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except RecordingRefused as refused:
            return forbidden(request, str(refused))
        else:
            messages.success(request, f"Added the update of {long_date(update.on)} to action {ref}.")
            return redirect(_plan_url(la_code, strategy_id))
    context = {
        "council": council,
        "strategy": strategy,
        "form": form,
        "heading": f"Update action {ref}",
        "submit": "Add the update",
        "summary": [
            ("Action", held.title),
            ("Owner", held.owner or "Not given"),
            ("Due", long_date(held.due) if held.due else "Not given"),
        ],
    }
    return _form_page(request, context)
