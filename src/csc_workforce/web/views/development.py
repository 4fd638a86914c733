"""The council's practice and development page (its figures, by team, with their downloads), and recording
practice and development in the app (docs/web.md, "Recording practice and development"): a manager
records supervision sessions and performance reviews for their own teams' workers; a programme lead (an analyst or
admin) updates an ASYE or other programme spell and a student placement. The rules are the application layer's
(``store.services.development``); a view parses the form, calls one service and shows what it said."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from csc_workforce.domain.codes import PlacementOutcome, Programme, ProgrammeOutcome, SupervisionKind
from csc_workforce.measures.turnover_cost import ROLES, SCALARS, TurnoverAssumptions
from csc_workforce.store import models as m
from csc_workforce.store.models import Role
from csc_workforce.store.services import development as dev
from csc_workforce.store.services.cost_assumptions import assumptions_for, pay_medians, save_assumptions
from csc_workforce.store.services.coverage import long_date
from csc_workforce.store.services.records_pages import PAGES, RecordsPage, cached_records_page
from csc_workforce.web.access import (
    DATA_ROLES,
    EVERYONE,
    WITHHELD_FROM,
    audience,
    forbidden,
    grants_of,
    held_council,
    may_see_council,
    request_origin,
    role_of,
    role_required,
    signed_in_user,
)
from csc_workforce.web.development_forms import (
    PlacementForm,
    ProgrammeForm,
    ReviewForm,
    SupervisionForm,
    yes_no,
    yes_no_value,
)
from csc_workforce.web.forms import AsAtForm, TurnoverAssumptionsForm
from csc_workforce.web.views.council import tables_download

RECORDING_ROLES = (Role.ADMIN, Role.ANALYST, Role.MANAGER)


def _council(request: HttpRequest, la_code: str) -> m.Council | HttpResponse:
    return held_council(request, la_code, "You can record only for your own council.")  # type: ignore[no-any-return]


def _with(name: str, la_code: str, **query: str) -> str:
    return f"{reverse(name, args=[la_code])}?{urlencode(query)}"


def _worker_label(worker: dev.Worker) -> str:
    refs = [r for r in (worker.swe_no, worker.staff_ref) if r] or [worker.engagement_key]
    return " / ".join(refs) + (f" ({worker.team})" if worker.team else "")


def _posted(request: HttpRequest) -> Any:
    """The form's data on a POST, even an empty one (which must show every error), else None (unbound)."""
    return request.POST if request.method == "POST" else None


def _worker_summary(worker: dev.Worker) -> list[tuple[str, str]]:
    """What a recording page shows of the worker: references, team, start and last session, nothing else."""
    return [
        ("SWE number", worker.swe_no or "Not recorded"),
        ("Staff reference", worker.staff_ref or "Not recorded"),
        ("Team", worker.team or "Not recorded"),
        ("Started", long_date(worker.started) if worker.started else "Not recorded"),
        ("Last supervision recorded", long_date(worker.last_supervision) if worker.last_supervision else "None"),
    ]


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form: forms.Form = context["form"]
    return render(request, template, {**context, "error_title": bool(form.errors)})


def _page(
    request: HttpRequest, la_code: str, page: str
) -> tuple[m.Council, AsAtForm, RecordsPage | None] | HttpResponse:
    """The council, the as-at form, and the page as at its date (None while the form has an error)."""
    held = m.Council.objects.filter(la_code=la_code).first()
    if held is None:
        raise Http404(f"No council {la_code} is held.")
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can see only your own council's figures.")
    form = AsAtForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return held, form, None
    as_at = form.cleaned_data.get("as_at") if form.is_bound else None
    teams, suppress = audience(request.user, la_code)
    found = cached_records_page(
        page, council=held, today=timezone.localdate(), teams=teams, suppress=suppress, as_at=as_at
    )
    return held, form, found


@role_required(*EVERYONE)
def records_page(request: HttpRequest, la_code: str, page: str) -> HttpResponse:
    """A page of figures from the council's dated records (``PAGES``: practice and development, practice
    quality, staff voice), each part over the dates its records cover."""
    found = _page(request, la_code, page)
    if isinstance(found, HttpResponse):
        return found
    held, form, shown = found
    role = role_of(request.user, la_code)
    asked = shown.asked if shown is not None else None
    context = {
        "council": held,
        "spec": PAGES[page],
        "form": form,
        "error_title": bool(form.errors),
        "page": shown,
        "download_query": f"?{urlencode({'as_at': asked.isoformat()})}" if asked else "",
        "manager": role is Role.MANAGER,
        "manager_teams": sorted(grants_of(request.user).teams_for(la_code) or ()),
        "withheld": role in WITHHELD_FROM,
        "records": page == "development" and role in RECORDING_ROLES,
        "loads_data": role in DATA_ROLES,
        "download": f"{page}-download",
    }
    return render(request, "web/records_page.html", context)


@role_required(*EVERYONE)
def records_download(request: HttpRequest, la_code: str, page: str, key: str, fmt: str) -> HttpResponse:
    found = _page(request, la_code, page)
    if isinstance(found, HttpResponse):
        return found
    _, _, shown = found
    if shown is None:
        raise Http404("Give the date as YYYY-MM-DD, for example 2024-01-01.")
    stamp = (shown.asked or shown.today).isoformat()
    detail = {"page": page, "as_at": stamp}
    return tables_download(request, la_code, key, fmt, shown.tables(), stamp=stamp, detail=detail)


@role_required(*DATA_ROLES)
def turnover_assumptions(request: HttpRequest, la_code: str) -> HttpResponse:
    """The council's assumptions for the cost-of-turnover model: shown filled in, saved (audited) or put back to
    the stated defaults; the range checks are the model's (``TurnoverAssumptions.problems``)."""
    held = _council(request, la_code)
    if isinstance(held, HttpResponse):
        return held
    saved = assumptions_for(la_code)
    back = reverse("recruitment-agency", args=[la_code]) + "#turnover"

    def save(assumptions: TurnoverAssumptions | None) -> None:
        by = signed_in_user(request).get_username()
        origin = request_origin(request)
        save_assumptions(la_code=la_code, assumptions=assumptions, set_by=by, now=timezone.now(), origin=origin)

    if request.method == "POST" and "defaults" in request.POST:
        save(None)
        messages.success(request, "The cost of turnover now uses the stated defaults.")
        return redirect(back)
    current = saved.assumptions
    initial = {
        **{name: f"{getattr(current, name):g}" for name in SCALARS},
        **{f"salary_{r}": f"{current.salaries[r]:.0f}" for r in current.salaries},
    }
    form = TurnoverAssumptionsForm(_posted(request), initial=initial)
    for role, words in pay_medians(la_code, on=timezone.localdate()).items():
        if f"salary_{role}" in form.fields:
            form.fields[f"salary_{role}"].help_text = f"Leave empty to use the census pay records: {words}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assumptions = TurnoverAssumptions(
            **{name: data[name] for name in SCALARS},
            salaries={r: data[f"salary_{r}"] for r in ROLES if data[f"salary_{r}"] is not None},
        )
        for name, message in assumptions.problems().items():
            form.add_error(name, message)
        if not form.errors:
            save(assumptions)
            messages.success(request, "Saved the assumptions: the cost of turnover uses them from now on.")
            return redirect(back)
    who = (
        f"Set by {saved.set_by} on {long_date(saved.set_at.date())}"
        if saved.set_at is not None
        else "The stated defaults: the council has not set its own"
    )
    context = {"council": held, "form": form, "error_title": bool(form.errors), "who": who, "back": back}
    return render(request, "web/turnover_assumptions.html", context)


@role_required(*RECORDING_ROLES)
def record_workers(request: HttpRequest, la_code: str) -> HttpResponse:
    """The workers the user may record for today, each with links to record a session or a review."""
    held = _council(request, la_code)
    if isinstance(held, HttpResponse):
        return held
    try:
        workers = dev.workers_to_record(user=signed_in_user(request), la_code=la_code, today=timezone.localdate())
    except dev.RecordingRefused as refused:
        return forbidden(request, str(refused))
    role = role_of(request.user, la_code)
    context = {
        "council": held,
        "workers": [(w, _worker_label(w)) for w in workers],
        "manager": role is Role.MANAGER,
        "teams": sorted(grants_of(request.user).teams_for(la_code) or ()),
        "programme_lead": role in DATA_ROLES,
    }
    return render(request, "web/record_workers.html", context)


def _worker(request: HttpRequest, la_code: str) -> tuple[m.Council, dev.Worker] | HttpResponse:
    held = _council(request, la_code)
    if isinstance(held, HttpResponse):
        return held
    key = request.GET.get("worker", "")
    try:
        return held, dev.worker_to_record(user=signed_in_user(request), la_code=la_code, engagement_key=key)
    except dev.NotHeld as missing:
        raise Http404(str(missing)) from missing
    except dev.RecordingRefused as refused:
        return forbidden(request, str(refused))


@role_required(*RECORDING_ROLES)
def record_supervision(request: HttpRequest, la_code: str) -> HttpResponse:
    found = _worker(request, la_code)
    if isinstance(found, HttpResponse):
        return found
    held, worker = found
    form = SupervisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = dev.record_supervision(
                user=signed_in_user(request),
                la_code=la_code,
                engagement_key=worker.engagement_key,
                on=data["on"],
                kind=data["kind"],
                recorded_late=yes_no(data["recorded_late"]),
                supervisor=data["supervisor"],
                origin=request_origin(request),
                now=timezone.now(),
            )
        except dev.NotHeld as missing:  # removed since the page was opened (an upload, say)
            raise Http404(str(missing)) from missing
        except dev.RecordingInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name, message)
        except dev.RecordingRefused as refused:
            form.add_error("on", str(refused))  # a manager's date outside their team: the date can be corrected
        else:
            kind = SupervisionKind.of(session.kind).label.lower()
            messages.success(request, f"Recorded {kind} on {long_date(session.on)} for {_worker_label(worker)}.")
            return redirect("record-workers", la_code=la_code)
    return _worker_form(
        request, held, worker, form, "record-supervision", "Record a supervision session", "Record the session"
    )


@role_required(*RECORDING_ROLES)
def record_review(request: HttpRequest, la_code: str) -> HttpResponse:
    found = _worker(request, la_code)
    if isinstance(found, HttpResponse):
        return found
    held, worker = found
    form = ReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review, new = dev.record_review(
                user=signed_in_user(request),
                la_code=la_code,
                engagement_key=worker.engagement_key,
                cycle=data["cycle"],
                due=data["due"],
                completed=data["completed"],
                rating=data["rating"],
                successful=yes_no(data["successful"]),
                objectives_set=yes_no(data["objectives_set"]),
                origin=request_origin(request),
                now=timezone.now(),
            )
        except dev.NotHeld as missing:  # removed since the page was opened (an upload, say)
            raise Http404(str(missing)) from missing
        except dev.RecordingInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name, message)
        except dev.RecordingRefused as refused:
            form.add_error("completed" if data["completed"] else "due", str(refused))
        else:
            done = "Recorded" if new else "Updated"
            messages.success(request, f"{done} the {review.cycle} review for {_worker_label(worker)}.")
            return redirect("record-workers", la_code=la_code)
    return _worker_form(
        request, held, worker, form, "record-review", "Record a performance review", "Record the review"
    )


def _worker_form(
    request: HttpRequest, held: m.Council, worker: dev.Worker, form: forms.Form, name: str, heading: str, submit: str
) -> HttpResponse:
    """The page of a form recording something for one worker (``name``: its URL name)."""
    context = {
        "council": held,
        "worker_label": _worker_label(worker),
        "summary": _worker_summary(worker),
        "form": form,
        "action": _with(name, held.la_code, worker=worker.engagement_key),
        "heading": heading,
        "submit": submit,
    }
    return _form_page(request, "web/record_form.html", context)


@role_required(*DATA_ROLES)
def programme_spells(request: HttpRequest, la_code: str) -> HttpResponse:
    held = _council(request, la_code)
    if isinstance(held, HttpResponse):
        return held
    try:
        spells = dev.programme_spells(user=signed_in_user(request), la_code=la_code)
    except dev.RecordingRefused as refused:
        return forbidden(request, str(refused))
    rows = [
        (s, Programme.of(s.programme).label, ProgrammeOutcome.of(s.outcome).label, _person_label(s.person))
        for s in spells
    ]
    return render(request, "web/programme_spells.html", {"council": held, "rows": rows})


def _person_label(person: m.Person) -> str:
    return " / ".join(r for r in (person.swe_no, person.staff_ref) if r) or person.key


@role_required(*DATA_ROLES)
def programme_update(request: HttpRequest, la_code: str) -> HttpResponse:
    held = _council(request, la_code)
    if isinstance(held, HttpResponse):
        return held
    user = signed_in_user(request)
    try:
        spell = dev.programme_spell(user=user, la_code=la_code, key=request.GET.get("spell", ""))
    except dev.NotHeld as missing:
        raise Http404(str(missing)) from missing
    except dev.RecordingRefused as refused:
        return forbidden(request, str(refused))
    initial = {
        "outcome": spell.outcome,
        "end": spell.end,
        "midpoint_review": spell.midpoint_review,
        "final_review": spell.final_review,
        "protected_caseload": spell.protected_caseload,
        "protected_time_pct": "" if spell.protected_time_pct is None else f"{spell.protected_time_pct.normalize():f}",
    }
    form = ProgrammeForm(_posted(request), initial=initial)
    asye = spell.programme == Programme.ASYE.value
    if not asye:
        for name in ("protected_caseload", "protected_time_pct"):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dev.update_programme_stage(
                user=user,
                la_code=la_code,
                key=spell.key,
                outcome=data["outcome"],
                end=data["end"],
                midpoint_review=data["midpoint_review"],
                final_review=data["final_review"],
                protected_caseload=data.get("protected_caseload", spell.protected_caseload),
                protected_time_pct=data.get("protected_time_pct", spell.protected_time_pct),
                origin=request_origin(request),
                now=timezone.now(),
            )
        except dev.NotHeld as missing:  # removed since the page was opened (an upload, say)
            raise Http404(str(missing)) from missing
        except dev.RecordingInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            label = Programme.of(spell.programme).label
            messages.success(request, f"Updated the {label} of {_person_label(spell.person)}.")
            return redirect("programme-spells", la_code=la_code)
    context = {
        "council": held,
        "worker_label": _person_label(spell.person),
        "summary": [
            ("Programme", Programme.of(spell.programme).label),
            ("Started", long_date(spell.start)),
        ],
        "form": form,
        "action": _with("programme-update", la_code, spell=spell.key),
        "heading": "Update an ASYE" if asye else "Update a programme",
        "submit": "Save the changes",
        "back": reverse("programme-spells", args=[la_code]),
        "back_text": "Back to programmes",
    }
    return _form_page(request, "web/record_form.html", context)


@role_required(*DATA_ROLES)
def student_placements(request: HttpRequest, la_code: str) -> HttpResponse:
    held = _council(request, la_code)
    if isinstance(held, HttpResponse):
        return held
    try:
        placements = dev.student_placements(user=signed_in_user(request), la_code=la_code)
    except dev.RecordingRefused as refused:
        return forbidden(request, str(refused))
    rows = [(p, PlacementOutcome.of(p.outcome).label) for p in placements]
    return render(request, "web/student_placements.html", {"council": held, "rows": rows})


@role_required(*DATA_ROLES)
def placement_update(request: HttpRequest, la_code: str) -> HttpResponse:
    held = _council(request, la_code)
    if isinstance(held, HttpResponse):
        return held
    user = signed_in_user(request)
    try:
        placement = dev.student_placement(user=user, la_code=la_code, key=request.GET.get("placement", ""))
    except dev.NotHeld as missing:
        raise Http404(str(missing)) from missing
    except dev.RecordingRefused as refused:
        return forbidden(request, str(refused))
    initial: dict[str, Any] = {"outcome": placement.outcome, "end": placement.end}
    initial |= {name: yes_no_value(getattr(placement, name)) for name in dev.FUNNEL}
    form = PlacementForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dev.update_placement_stage(
                user=user,
                la_code=la_code,
                key=placement.key,
                outcome=data["outcome"],
                end=data["end"],
                origin=request_origin(request),
                now=timezone.now(),
                **{name: yes_no(data[name]) for name in dev.FUNNEL},
            )
        except dev.NotHeld as missing:  # removed since the page was opened (an upload, say)
            raise Http404(str(missing)) from missing
        except dev.RecordingInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name, message)
        else:
            messages.success(request, f"Updated the placement of student {placement.student_ref}.")
            return redirect("student-placements", la_code=la_code)
    context = {
        "council": held,
        "worker_label": f"Student {placement.student_ref}",
        "summary": [
            ("University", placement.university or "Not recorded"),
            ("Team", placement.team.name if placement.team is not None else "Not recorded"),
            ("Started", long_date(placement.start)),
        ],
        "form": form,
        "action": _with("placement-update", la_code, placement=placement.key),
        "heading": "Update a placement",
        "submit": "Save the changes",
        "back": reverse("student-placements", args=[la_code]),
        "back_text": "Back to placements",
    }
    return _form_page(request, "web/record_form.html", context)
