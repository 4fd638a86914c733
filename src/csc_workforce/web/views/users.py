"""Users, for administrators: who can sign in, with which role at which council; create, give and take away a
role at a council, reset a password, stop; make and revoke API tokens. An administrator at some councils sees
the roles at those councils, and manages the accounts of the people who work only there. Every change is
audited with the address and user agent it came from."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from csc_workforce.store import models as m
from csc_workforce.store.models import Role
from csc_workforce.store.services import overview
from csc_workforce.store.services.accounts import (
    AccountError,
    password_generate,
    user_create,
    user_set_active,
    user_set_password,
)
from csc_workforce.store.services.roles import GrantError, council_role_grant, council_role_remove, council_roles_held
from csc_workforce.store.services.tokens import token_create, token_revoke, tokens_list
from csc_workforce.web.access import forbidden, manages, request_origin, role_required, visible_la_codes


class UserForm(forms.Form):
    username = forms.CharField(max_length=150, label="Username")
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    la = forms.ChoiceField(required=False, label="Council", help_text="Every council: for the installation's own staff")
    teams = forms.CharField(
        required=False,
        label="Teams (managers only)",
        help_text="Team names as the records have them, separated by commas",
    )

    def __init__(self, *args: object, councils: list[tuple[str, str]], every: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", "Every council"), *councils] if every else councils
        self.fields["la"].choices = choices  # type: ignore[attr-defined]
        self.fields["la"].required = not every
        if not every:  # an administrator of some councils gives roles only at them
            self.fields["la"].help_text = ""


class GrantForm(forms.Form):
    """A role at a council for someone who already has an account (a person who works for two councils)."""

    username = forms.CharField(max_length=150, label="Their username", help_text="Someone who already has an account")
    role = forms.ChoiceField(label="Role to give", choices=Role.choices)
    la = forms.ChoiceField(required=False, label="At the council")
    teams = forms.CharField(
        required=False, label="Teams (managers only)", help_text=UserForm.base_fields["teams"].help_text
    )

    prefix = "grant"  # beside the form adding a user, on one page

    def __init__(self, *args: object, councils: list[tuple[str, str]], every: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["la"].choices = [("", "Every council"), *councils] if every else councils  # type: ignore[attr-defined]
        self.fields["la"].required = not every


@dataclass(frozen=True, slots=True)
class Person:
    """A row of the users page: the account, the roles shown (those at the administrator's councils), and
    whether the administrator manages the account itself (:func:`access.manages`)."""

    user: User
    roles: list[m.CouncilRole]
    regional: list[tuple[str, str]]  # (role, alliance): "regional analyst", "North East"
    managed: bool


def _people(request: HttpRequest) -> list[Person]:
    """The accounts an administrator sees: those holding a role at a council they administer (every account,
    for an administrator at every council)."""
    codes = visible_la_codes(request.user, (Role.ADMIN,))
    held = council_roles_held(codes)
    everyone = User.objects.order_by("username")
    regional: dict[int, list[tuple[str, str]]] = {}
    if codes is None:
        for row in m.AllianceRole.objects.select_related("alliance").order_by("alliance__name"):
            regional.setdefault(row.user_id, []).append((row.role.replace("_", " "), row.alliance.name))
    else:
        everyone = everyone.filter(pk__in=list(held))
    return [Person(u, held.get(u.pk, []), regional.get(u.pk, []), manages(request.user, u)) for u in everyone]


def _grant(request: HttpRequest, form: GrantForm) -> bool:
    teams = [t.strip() for t in form.cleaned_data["teams"].split(",") if t.strip()]
    try:
        council_role_grant(
            username=form.cleaned_data["username"].strip(),
            role=form.cleaned_data["role"],
            la_code=form.cleaned_data["la"],
            teams=teams,
            granted_by=request.user.get_username(),
            now=timezone.now(),
            origin=request_origin(request),
        )
    except GrantError as problem:
        form.add_error(None, str(problem))
        return False
    return True


@role_required(Role.ADMIN)
def users(request: HttpRequest) -> HttpResponse:
    codes = visible_la_codes(request.user, (Role.ADMIN,))
    councils = overview.council_choices(la_codes=codes)
    posted = request.POST if request.method == "POST" else None
    granting = posted is not None and "grant-username" in posted
    form = UserForm(None if granting else posted, councils=councils, every=codes is None)
    grant_form = GrantForm(posted if granting else None, councils=councils, every=codes is None)
    if granting and grant_form.is_valid() and _grant(request, grant_form):
        data = grant_form.cleaned_data
        messages.success(
            request, f"{data['username'].strip()} is now {data['role']} at {data['la'] or 'every council'}."
        )
        return redirect("users")
    if posted is not None and not granting and form.is_valid():
        password = password_generate()
        teams = [t.strip() for t in form.cleaned_data["teams"].split(",") if t.strip()]
        try:
            user_create(
                username=form.cleaned_data["username"].strip(),
                role=form.cleaned_data["role"],
                password=password,
                teams=teams,
                la_code=form.cleaned_data["la"],
                created_by=request.user.get_username(),
                now=timezone.now(),
                origin=request_origin(request),
            )
        except AccountError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _password_message(form.cleaned_data["username"], password))
            return redirect("users")
    people = _people(request)
    names = {p.user.get_username() for p in people if p.managed}
    now = timezone.now()
    tokens = [(t, t.status(now)) for t in tokens_list() if t.username in names]
    context = {
        "form": form,
        "grant_form": grant_form,
        "people": people,
        "tokens": tokens,
        "token_days": settings.API_TOKEN_DAYS,
        "bound_form": grant_form if granting else form,
        "error_title": bool(form.errors or grant_form.errors),
    }
    return render(request, "web/users.html", context)


@require_POST
@role_required(Role.ADMIN)
def role_remove_view(request: HttpRequest, username: str) -> HttpResponse:
    """Take away a user's role at one council (``la`` in the form; blank: every council)."""
    la_code = request.POST.get("la", "")
    codes = visible_la_codes(request.user, (Role.ADMIN,))
    if codes is not None and la_code not in codes:
        return forbidden(request, "You manage only the roles at your council.")
    try:
        council_role_remove(
            username=username,
            la_code=la_code,
            removed_by=request.user.get_username(),
            now=timezone.now(),
            origin=request_origin(request),
        )
    except GrantError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{username} no longer holds a role at {la_code or 'every council'}.")
    return redirect("users")


def _password_message(username: str, password: str) -> str:
    return f"The password for {username} is {password} – give it to them securely; it is not shown again."


@require_POST
@role_required(Role.ADMIN)
def user_action(request: HttpRequest, username: str, action: str) -> HttpResponse:
    now, by, origin = timezone.now(), request.user.get_username(), request_origin(request)
    other = User.objects.filter(username=username).first()
    if other is None or not manages(request.user, other):
        return forbidden(request, "You manage only the accounts of your council's users.")
    try:
        if action == "reset":
            password = password_generate()
            user_set_password(username=username, password=password, changed_by=by, now=now, origin=origin)
            messages.success(request, _password_message(username, password))
        elif action == "token":
            token = token_create(username=username, created_by=by, now=now, origin=origin)
            messages.success(
                request,
                f"The API token for {username} is {token} – give it to them securely; it is not shown again. "
                f"It expires in {settings.API_TOKEN_DAYS} days.",
            )
        elif action in ("stop", "allow"):
            user_set_active(username=username, active=action == "allow", changed_by=by, now=now, origin=origin)
            messages.success(
                request, f"{username} {'can sign in again' if action == 'allow' else 'can no longer sign in'}."
            )
        else:
            messages.error(request, "Unknown action.")
    except AccountError as problem:
        messages.error(request, str(problem))
    return redirect("users")


@require_POST
@role_required(Role.ADMIN)
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = m.ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is not None and not manages(request.user, token.user):
        return forbidden(request, "You manage only the accounts of your council's users.")
    try:
        token_revoke(
            token_id=token_id,
            revoked_by=request.user.get_username(),
            now=timezone.now(),
            origin=request_origin(request),
        )
    except AccountError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"API token {token_id} was revoked: it no longer works.")
    return redirect("users")
