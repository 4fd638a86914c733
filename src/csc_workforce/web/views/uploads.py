"""Uploads: choose a file, preview what it would change (with every problem and how to fix it), confirm to
load it, or undo it afterwards. Only admins and analysts load data."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from csc_workforce.domain.issues import Issue
from csc_workforce.importers import KINDS, Kind, default_mapping, issues_to_csv
from csc_workforce.importers.templates import template_csv, template_filename, template_xlsx
from csc_workforce.store import models as m
from csc_workforce.store.services import overview
from csc_workforce.store.services.audit import EXPORT, audit_record
from csc_workforce.store.services.coverage import long_date
from csc_workforce.store.services.uploads import (
    UploadFailed,
    UploadRefused,
    mapping_save,
    upload_commit,
    upload_discard,
    upload_failure_record,
    upload_receive,
    upload_undo,
)
from csc_workforce.web.access import (
    DATA_ROLES,
    forbidden,
    manages,
    request_origin,
    role_of,
    role_required,
    signed_in_user,
    visible_la_codes,
)
from csc_workforce.web.forms import UPLOAD_KINDS, MappingForm, UploadForm


def _issues(upload: m.Upload) -> list[Issue]:
    return [Issue.from_dict(i) for i in upload.issues]


def _council(upload: m.Upload) -> tuple[str | None, str | None]:
    """The council an upload is for (code, name), whether or not it has a council record: a rejected file has
    none, and the summary says what the file named."""
    held = upload.council
    la_code = held.la_code if held is not None else upload.summary.get("la_code")
    name = upload.summary.get("council_name") or (held.name if held is not None else None)
    return la_code, name


def _council_label(upload: m.Upload) -> str:
    la_code, name = _council(upload)
    if name and la_code:
        return f"{name} ({la_code})"
    return name or la_code or "Not known"


def _complete(upload: m.Upload) -> str | None:
    """The dates an extract's data was stated complete from and to ("From 1 April 2025 to 30 September 2025",
    or "To 30 September 2025" when no start was given), or None (a census return, a file refused unread)."""
    to, start = upload.summary.get("complete_to"), upload.summary.get("complete_from")
    if not to:
        return None
    until = long_date(date.fromisoformat(to))
    return f"From {long_date(date.fromisoformat(start))} to {until}" if start else f"To {until}"


def _visible(request: HttpRequest, upload: m.Upload) -> bool:
    """Uploads for the councils the user may see, and their own (a file refused for naming another council
    is shown to the person who uploaded it, so they can read why)."""
    codes = visible_la_codes(request.user, DATA_ROLES)
    if codes is None or upload.uploaded_by_id == request.user.pk:
        return True
    return _council(upload)[0] in codes


def _may_open(request: HttpRequest, upload: m.Upload) -> bool:
    """Who may read an upload's page and its problems: whoever may see it (:func:`_visible`: its uploader, and
    anyone who sees its council, alliance admins included), and an admin kept to one council for the uploads of
    their council's users (a return their analyst uploaded naming another council, say). Such an admin does not
    read other councils' users' uploads: their problems quote the file's values."""
    if _visible(request, upload):
        return True
    return upload.uploaded_by is not None and manages(request.user, upload.uploaded_by)


@role_required(*DATA_ROLES)
def upload_list(request: HttpRequest) -> HttpResponse:
    councils = overview.council_choices(la_codes=visible_la_codes(request.user, DATA_ROLES))
    form = UploadForm(request.POST or None, request.FILES or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        user, filename, origin = signed_in_user(request), form.cleaned_data["file"].name, request_origin(request)
        try:
            upload = upload_receive(
                user=user,
                kind=form.cleaned_data["kind"],
                filename=filename,
                data=data,
                la_code=form.cleaned_data["la"] or None,
                allowed_la_codes=visible_la_codes(request.user, DATA_ROLES),
                system=form.cleaned_data["system"],
                now=timezone.now(),
                extract_date=form.cleaned_data["extract_date"],
                complete_from=form.cleaned_data["complete_from"],
                origin=origin,
            )
        except Exception as failed:  # audited, refused or not, then shown (a refusal) or raised (a crash: 500)
            upload_failure_record(
                stage="receive", user=user, filename=filename, error=failed, now=timezone.now(), origin=origin
            )
            if not isinstance(failed, UploadRefused):
                raise
            form.add_error("file", str(failed))
        else:
            return redirect("upload", upload_id=upload.pk)
    recent = [u for u in m.Upload.objects.select_related("council")[:200] if _visible(request, u)][:50]
    uploads = [(u, _council_label(u)) for u in recent]
    context = {
        "form": form,
        "uploads": uploads,
        "kinds": dict(UPLOAD_KINDS),
        "templates": [(kind, label) for kind, label in UPLOAD_KINDS if kind in KINDS],
        "error_title": bool(form.errors),
    }
    return render(request, "web/uploads.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(*DATA_ROLES)
def upload_template(request: HttpRequest, kind: str, suffix: str) -> HttpResponse:
    """A kind's template to fill in: its header as CSV, or as a workbook with what each field holds. It holds no
    data, so it is not audited."""
    if kind not in KINDS or suffix not in ("csv", "xlsx"):
        raise Http404("No template of that kind.")
    if suffix == "csv":
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(template_xlsx(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(Kind(kind), suffix)}"'
    return response


@role_required(*DATA_ROLES)
def upload_detail(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = get_object_or_404(m.Upload.objects.select_related("council", "source"), pk=upload_id)
    if not _may_open(request, upload):
        return forbidden(request, "This upload is for another council.")
    issues = _issues(upload)
    errors = [i for i in issues if i.is_error]
    context = {
        "upload": upload,
        "may_act": _visible(request, upload),  # an admin kept to another council may read it, not act on it
        "council_label": _council_label(upload),
        "complete": _complete(upload),
        "issues": issues,
        "errors": errors,
        "warnings": [i for i in issues if not i.is_error],
        "kind_label": dict(UPLOAD_KINDS).get(upload.kind, upload.kind),
        "changes": upload.summary.get("changes", {}),
        "error_title": bool(errors),
    }
    return render(request, "web/upload.html", context)


@role_required(*DATA_ROLES)
def upload_issues_csv(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = get_object_or_404(m.Upload, pk=upload_id)
    if not _may_open(request, upload):
        return forbidden(request, "This upload is for another council.")
    audit_record(
        action=EXPORT,
        user=signed_in_user(request),
        object_type="upload-issues",
        object_id=upload.pk,
        detail={"file": upload.filename, "issues": len(upload.issues)},
        origin=request_origin(request),
    )
    response = HttpResponse(issues_to_csv(_issues(upload)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="issues-upload-{upload.pk}.csv"'
    return response


def _act(request: HttpRequest, upload_id: int, action: str) -> HttpResponse:
    upload = get_object_or_404(m.Upload, pk=upload_id)
    if not _visible(request, upload):
        return forbidden(request, "This upload is for another council.")
    done = {"commit": upload_commit, "undo": upload_undo, "discard": upload_discard}[action]
    user, origin = signed_in_user(request), request_origin(request)
    try:
        done(upload=upload, user=user, now=timezone.now(), origin=origin)
    except Exception as failed:  # audited after the step's transaction was rolled back, then shown or raised
        if not isinstance(failed, UploadFailed):  # (a failed load is audited by the service)
            upload_failure_record(
                stage=action,
                user=user,
                filename=upload.filename,
                error=failed,
                now=timezone.now(),
                upload_id=upload.pk,
                origin=origin,
            )
        if not isinstance(failed, UploadRefused):
            raise
        messages.error(request, str(failed))
    else:
        text = {"commit": "loaded", "undo": "undone", "discard": "discarded"}[action]
        messages.success(request, f"{upload.filename} was {text}.")
    return redirect("upload", upload_id=upload.pk)


@require_POST
@role_required(*DATA_ROLES)
def upload_commit_view(request: HttpRequest, upload_id: int) -> HttpResponse:
    return _act(request, upload_id, "commit")


@require_POST
@role_required(*DATA_ROLES)
def upload_undo_view(request: HttpRequest, upload_id: int) -> HttpResponse:
    return _act(request, upload_id, "undo")


@require_POST
@role_required(*DATA_ROLES)
def upload_discard_view(request: HttpRequest, upload_id: int) -> HttpResponse:
    return _act(request, upload_id, "discard")


@role_required(*DATA_ROLES)
def mappings(request: HttpRequest) -> HttpResponse:
    councils = overview.council_choices(la_codes=visible_la_codes(request.user, DATA_ROLES))
    kind = request.GET.get("kind", "people")
    if kind not in dict(UPLOAD_KINDS) or kind == "census":
        raise Http404("No such kind of extract.")
    initial = {"kind": kind, "mapping": default_mapping(kind).to_json()}
    form = MappingForm(request.POST or None, councils=councils, initial=initial)
    if request.method == "POST" and form.is_valid():
        la_code = form.cleaned_data["la"]
        if role_of(request.user, la_code) not in DATA_ROLES:
            return forbidden(request, "You can save mappings only for your own council.")
        try:
            mapping_save(
                council=m.Council.objects.get(la_code=la_code),
                system=form.cleaned_data["system"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["mapping"],
                user=signed_in_user(request),
                now=timezone.now(),
                origin=request_origin(request),
            )
        except ValueError as problem:
            form.add_error("mapping", str(problem))
        else:
            messages.success(
                request, f"Saved the {form.cleaned_data['kind']} mapping for {form.cleaned_data['system']}."
            )
            return redirect("mappings")
    codes = visible_la_codes(request.user, DATA_ROLES)
    saved = m.SavedMapping.objects.select_related("council").order_by("council__la_code", "system", "kind")
    if codes is not None:
        saved = saved.filter(council__la_code__in=codes)
    return render(request, "web/mappings.html", {"form": form, "saved": saved, "kinds": UPLOAD_KINDS[1:]})
