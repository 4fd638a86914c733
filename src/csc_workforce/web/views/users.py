"""Users, for administrators: who can sign in, with which role and council; create, reset a password, stop;
make and revoke API tokens. Every change is audited with the address and user agent it came from."""

from __future__ import annotations

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
from csc_workforce.store.services.tokens import token_create, token_revoke, tokens_list
from csc_workforce.web.access import forbidden, request_origin, role_required, visible_la_codes


class UserForm(forms.Form):
    username = forms.CharField(max_length=150, label="Username")
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    la = forms.ChoiceField(required=False, label="Council", help_text="Leave as every council for an alliance user")
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


def _manageable(request: HttpRequest, user: User | None) -> bool:
    """Whether the signed-in admin may manage ``user``: every admin may manage anyone, except that an admin kept
    to one council manages only users kept to the same council (never an alliance user, who could reach the
    other councils, and never another council's)."""
    codes = visible_la_codes(request.user)
    if codes is None:
        return True
    profile = getattr(user, "profile", None) if user is not None else None
    return profile is not None and profile.la_code in codes


def _people(request: HttpRequest) -> list[User]:
    return [u for u in User.objects.select_related("profile").order_by("username") if _manageable(request, u)]


@role_required(Role.ADMIN)
def users(request: HttpRequest) -> HttpResponse:
    codes = visible_la_codes(request.user)
    form = UserForm(request.POST or None, councils=overview.council_choices(la_codes=codes), every=codes is None)
    if request.method == "POST" and form.is_valid():
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
    names = {u.get_username() for u in people}
    now = timezone.now()
    tokens = [(t, t.status(now)) for t in tokens_list() if t.username in names]
    context = {
        "form": form,
        "people": people,
        "tokens": tokens,
        "token_days": settings.API_TOKEN_DAYS,
        "error_title": bool(form.errors),
    }
    return render(request, "web/users.html", context)


def _password_message(username: str, password: str) -> str:
    return f"The password for {username} is {password} – give it to them securely; it is not shown again."


@require_POST
@role_required(Role.ADMIN)
def user_action(request: HttpRequest, username: str, action: str) -> HttpResponse:
    now, by, origin = timezone.now(), request.user.get_username(), request_origin(request)
    if not _manageable(request, User.objects.select_related("profile").filter(username=username).first()):
        return forbidden(request, "You manage only the users of your council.")
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
    token = m.ApiToken.objects.select_related("user", "user__profile").filter(pk=token_id).first()
    if token is not None and not _manageable(request, token.user):
        return forbidden(request, "You manage only the users of your council.")
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
