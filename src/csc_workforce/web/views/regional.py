"""The regional pages: the alliances held, and for each, the movement between its member councils in a census
year from their imported extracts (``store.services.regional``): the moves by councils and contracts, retention
in the council and in the region, and the moves breaching the alliance's agreement. For the installation's own
staff (a role at every council) and the alliance's regional roles (``access.alliance_access``): regional
analysts, viewers and managers get small numbers withheld and no list of moves; regional administrators also
set who holds the alliance's roles. Each table downloads as CSV or Excel (audited)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from csc_workforce.store.models import RegionalRole, Role
from csc_workforce.store.services.alliances import alliance, alliances
from csc_workforce.store.services.regional import (
    Installation,
    RegionalRefused,
    flows_tables,
    measures_charts,
    regional_flows,
    regional_local_table,
    regional_measures_table,
)
from csc_workforce.store.services.roles import (
    GrantError,
    alliance_role_grant,
    alliance_role_remove,
    alliance_roles_held,
)
from csc_workforce.web.access import (
    EVERYONE,
    AllianceAccess,
    alliance_access,
    forbidden,
    grants_of,
    role_required,
)
from csc_workforce.web.views.council import tables_download

REGIONAL_ONLY = "The regional pages are for the alliance's own staff: your account is for one council."


def _default_year(held: dict[str, date], members: tuple[str, ...]) -> int | None:
    """The latest census year every member's extract reaches (None: some member has none)."""
    if not members or any(code not in held for code in members):
        return None
    earliest = min(held[code] for code in members)
    return earliest.year if (earliest.month, earliest.day) >= (9, 30) else earliest.year - 1


@role_required(*EVERYONE)
def regional_list(request: HttpRequest) -> HttpResponse:
    """The alliances the user may see (every one, for the installation's own staff; else those they hold a
    regional role in). An administrator at every council adds and removes alliances; they and an alliance's
    regional administrators change it (``?edit=NAME`` fills the form in); each change checked and audited."""
    if not grants_of(request.user).regional:
        return forbidden(request, REGIONAL_ONLY)
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils import timezone

    from csc_workforce.store.services.alliances import (
        AllianceError,
        AllianceTerms,
        delete_alliance,
        parse_caps,
        save_alliance,
    )
    from csc_workforce.web.access import request_origin, signed_in_user
    from csc_workforce.web.forms import AllianceForm

    creator = grants_of(request.user).everywhere is Role.ADMIN
    listed = alliances()
    reach = {a.name: alliance_access(request.user, a.name) for a in listed}
    shown = [a for a in listed if reach[a.name] is not None]
    managed = {name for name, found in reach.items() if found is not None and found.manage}
    form = None
    if request.method == "POST" and request.POST.get("remove"):
        if not creator:
            return forbidden(request, "Only an administrator of every council removes an alliance.")
        name = request.POST["remove"]
        try:
            delete_alliance(
                name,
                deleted_by=signed_in_user(request).get_username(),
                now=timezone.now(),
                origin=request_origin(request),
            )
        except LookupError:
            raise Http404(f"No alliance {name!r} is held.") from None
        messages.success(request, f"Removed the alliance {name}.")
        return redirect("regional-list")
    editing = request.GET.get("edit", "")
    if editing and editing not in reach:
        raise Http404(f"No alliance {editing!r} is held.")
    if editing and editing not in managed:
        return forbidden(request, "You do not administer this alliance.")
    if request.method == "POST" and not creator and request.POST.get("name", "").strip() not in managed:
        return forbidden(
            request, "Only an administrator of every council adds an alliance: you change those you administer."
        )
    if creator or editing or request.method == "POST":
        initial: dict[str, object] = {"cooling_off_months": 6, "references": True}
        if editing:
            held = alliance(editing)
            initial = {
                "name": held.name,
                "members": ", ".join(held.members),
                "cooling_off_months": held.cooling_off_months,
                "caps": "\n".join(f"{role}={rate:g}" for role, rate in held.price_caps.items()),
                "references": held.references_required,
            }
        form = AllianceForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                terms = AllianceTerms(
                    name=data["name"].strip(),
                    members=tuple(code.strip() for code in data["members"].split(",") if code.strip()),
                    cooling_off_months=data["cooling_off_months"],
                    price_caps=parse_caps([line for line in data["caps"].splitlines() if line.strip()]),
                    references_required=data["references"],
                )
                saved = save_alliance(
                    terms,
                    set_by=signed_in_user(request).get_username(),
                    now=timezone.now(),
                    origin=request_origin(request),
                )
            except AllianceError as exc:
                form.add_error(None, f"The alliance cannot be saved: {exc}")
            else:
                messages.success(request, f"Saved the alliance {saved.name}.")
                return redirect("regional", saved.name)
    context = {
        "alliances": shown,
        "managed": managed,
        "creator": creator,
        "form": form,
        "error_title": bool(form is not None and form.errors),
    }
    return render(request, "web/regional_list.html", context)


def _access(request: HttpRequest, name: str) -> AllianceAccess | HttpResponse:
    access = alliance_access(request.user, name)
    if access is None:
        return forbidden(
            request, REGIONAL_ONLY if not grants_of(request.user).regional else "You hold no role in this alliance."
        )
    return access


def _page(
    request: HttpRequest, name: str, *, rendered: bool = False
) -> tuple[dict[str, object], dict[str, object]] | HttpResponse:
    """The page's context and its tables. ``rendered``: for the page itself, whose tables and charts, rendered,
    are kept for what they are made from (the installation's extracts, the records, the year and what this user
    may see: ``fragment_key``); when they are kept, nothing is worked out again (rendering was most of a
    request: a 33-council alliance's matrix is some 1,000 rows)."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from csc_workforce.store.services.records import data_version

    access = _access(request, name)
    if isinstance(access, HttpResponse):
        return access
    try:
        installation = Installation(name)  # the alliance, its extracts and (when asked) their rows, read once
    except LookupError:
        raise Http404(f"No alliance {name!r} is held.") from None
    terms, held = installation.terms, installation.held
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() else _default_year(held, terms.members)
    context: dict[str, object] = {
        "alliance": terms,
        "held": held,
        "year": year,
        "tables": {},
        "problem": "",
        "access": access,
        "fragment_key": f"{installation.version}:{data_version()}:{year}:{access!r}",
    }
    tables: dict[str, object] = {}
    if rendered and cache.get(make_template_fragment_key("regional-tables", [context["fragment_key"]])) is not None:
        return context, tables
    if year is None:
        context["problem"] = "No flows yet: every member's extract must be imported (csc-workforce regional import)."
    else:
        try:
            made = regional_flows(installation, year=year)
        except RegionalRefused as exc:
            context["problem"] = str(exc)
        else:
            try:
                measures = regional_measures_table(installation, year=year, withhold=access.withhold)
            except RegionalRefused as exc:
                context["measures_problem"] = str(exc)
            else:
                tables["measures"] = measures
                context["charts"] = measures_charts(measures)
            local = regional_local_table(terms.members, year=year, withhold=access.withhold, name=terms.name)
            if local is not None:
                tables["local"] = local
            tables.update(flows_tables(made, withhold=access.withhold, moves=access.moves))
            context["tables"] = tables
    return context, tables


@role_required(*EVERYONE)
def regional_page(request: HttpRequest, name: str) -> HttpResponse:
    found = _page(request, name, rendered=True)
    if isinstance(found, HttpResponse):
        return found
    context, _ = found
    context["download_query"] = f"?year={context['year']}" if context["year"] else ""
    context["owner"] = {"la_code": name}  # the download links' first argument (parts/table.html)
    access = context["access"]
    if isinstance(access, AllianceAccess) and access.manage:
        from csc_workforce.web.forms import AllianceKeyForm

        context["holders"] = alliance_roles_held(name)
        context["role_form"] = RegionalRoleForm()
        context["key_form"] = AllianceKeyForm()
    return render(request, "web/regional.html", context)


class RegionalRoleForm(forms.Form):
    username = forms.CharField(max_length=150, label="Username", help_text="Someone who already has an account")
    role = forms.ChoiceField(label="Regional role", choices=RegionalRole.choices)


@require_POST
@role_required(*EVERYONE)
def regional_roles(request: HttpRequest, name: str) -> HttpResponse:
    """Give or take away a regional role in the alliance (its regional administrators and the administrators of
    every council); checked and audited."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils import timezone

    from csc_workforce.web.access import request_origin

    access = _access(request, name)
    if isinstance(access, HttpResponse):
        return access
    if not access.manage:
        return forbidden(request, "Only the alliance's regional administrators set who holds its roles.")
    by, now, origin = request.user.get_username(), timezone.now(), request_origin(request)
    try:
        if request.POST.get("remove"):
            alliance_role_remove(
                username=request.POST["remove"], alliance_name=name, removed_by=by, now=now, origin=origin
            )
            messages.success(request, f"{request.POST['remove']} no longer holds a role in {name}.")
        else:
            form = RegionalRoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Give a username and a regional role.")
            else:
                username = form.cleaned_data["username"].strip()
                alliance_role_grant(
                    username=username,
                    role=form.cleaned_data["role"],
                    alliance_name=name,
                    granted_by=by,
                    now=now,
                    origin=origin,
                )
                messages.success(request, f"{username} is now {form.cleaned_data['role'].replace('_', ' ')} of {name}.")
    except GrantError as problem:
        messages.error(request, str(problem))
    return redirect(reverse("regional", args=[name]) + "#roles")


@role_required(*EVERYONE)
def regional_download(request: HttpRequest, name: str, key: str, fmt: str) -> HttpResponse:
    found = _page(request, name)
    if isinstance(found, HttpResponse):
        return found
    context, tables = found
    if not tables:
        raise Http404(str(context["problem"]))
    return tables_download(
        request,
        slugify(name),
        key,
        fmt,
        tables,  # type: ignore[arg-type]
        stamp=str(context["year"]),
        detail={"alliance": name, "year": context["year"]},
        object_type="regional-table",
    )


MAX_KEY_FILE = 4096


def _key_from_upload(upload: Any, name: str) -> Any:
    """The key in an uploaded key file (read in memory, never stored or logged), or what is wrong with the file,
    in words: one reading for the key's registration and the council's extract."""
    from csc_workforce.regional import KeyFileError, key_from_text

    if upload.size > MAX_KEY_FILE:
        return "The file is over 4 KB, so it is not a key file: choose the alliance's key file"
    try:
        return key_from_text(upload.read().decode("ascii", errors="replace"), name=name)
    except KeyFileError as exc:
        return str(exc).split(" Make a key")[0]


@require_POST
@role_required(*EVERYONE)
def regional_key_add(request: HttpRequest, name: str) -> HttpResponse:
    """Register a key to the alliance from its key file (regional administrators and administrators of every
    council): the file is read in memory for the key's public id, which alone is kept; audited."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils import timezone

    from csc_workforce.store.services.regional import register_key
    from csc_workforce.web.access import request_origin
    from csc_workforce.web.forms import AllianceKeyForm

    access = _access(request, name)
    if isinstance(access, HttpResponse):
        return access
    if not access.manage:
        return forbidden(request, "Only the alliance's regional administrators register its keys.")
    form = AllianceKeyForm(request.POST, request.FILES)
    key = _key_from_upload(form.cleaned_data["key_file"], "The file") if form.is_valid() else "Choose the file"
    if isinstance(key, str):
        messages.error(request, key + ".")
    else:
        try:
            key_id = register_key(
                name, key, added_by=request.user.get_username(), now=timezone.now(), origin=request_origin(request)
            )
        except LookupError:
            raise Http404(f"No alliance {name!r} is held.") from None
        messages.success(request, f"Registered the key {key_id} to {name}: extracts made with it are accepted.")
    return redirect(reverse("regional", args=[name]) + "#keys")


@role_required(Role.ADMIN)
def council_extract_download(request: HttpRequest, la_code: str) -> HttpResponse:
    """The council's pseudonymised regional extract, made with the key file the administrator gives (read in
    memory for this extract, never stored or logged), as a CSV download; audited as an export."""
    from django.utils import timezone

    from csc_workforce.store.services.regional import council_extract
    from csc_workforce.web.access import held_council, request_origin, signed_in_user
    from csc_workforce.web.forms import RegionalExtractForm

    council = held_council(request, la_code)
    if isinstance(council, HttpResponse):
        return council
    form = RegionalExtractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        as_at = form.cleaned_data["as_at"] or timezone.localdate()
        key = None
        if as_at > timezone.localdate():
            form.add_error("as_at", "The extract describes a day that has been: give today or an earlier day")
        else:
            key = _key_from_upload(form.cleaned_data["key_file"], "The file chosen")
            if isinstance(key, str):
                form.add_error("key_file", key)
                key = None
        if key is not None:
            user = signed_in_user(request)
            made = council_extract(
                la_code,
                key=key,
                as_at=as_at,
                by=user.get_username(),
                now=timezone.now(),
                origin=request_origin(request),
            )
            response = HttpResponse(made.text, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="{la_code}-regional-extract-{as_at.isoformat()}.csv"'
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request, "web/regional_extract.html", {"council": council, "form": form, "error_title": bool(form.errors)}
    )
