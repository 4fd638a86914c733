"""Sign in and sign out. The checks (lockout, audit) are in ``services.accounts``."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from csc_workforce.store.services import audit
from csc_workforce.store.services.accounts import SignInStatus, sign_in_check
from csc_workforce.web.access import request_ip, request_origin, signed_in_user
from csc_workforce.web.forms import SignInForm

FAILED = (
    "Enter a correct username and password. After {max} failed attempts in {window} minutes, signing in with "
    "this username is locked for {lock} minutes."
)
LOCKED = (
    "There have been too many failed attempts to sign in with this username. Wait {lock} minutes and try "
    "again, or ask an administrator to reset your password."
)


def _message(template: str) -> str:
    return template.format(
        max=settings.SIGN_IN_MAX_FAILURES, window=settings.SIGN_IN_WINDOW_MINUTES, lock=settings.SIGN_IN_LOCKOUT_MINUTES
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("dashboard")


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = sign_in_check(
            ip=request_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            now=datetime.now(UTC),
        )
        if outcome.status is SignInStatus.SIGNED_IN and outcome.user is not None:
            login(request, outcome.user)
            return HttpResponseRedirect(_next_url(request))
        form.add_error(None, _message(LOCKED if outcome.status is SignInStatus.LOCKED else FAILED))
    context = {"form": form, "next": _next_url(request), "error_title": bool(form.errors)}
    return render(request, "web/sign_in.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.audit_record(action=audit.SIGN_OUT, user=signed_in_user(request), origin=request_origin(request))
    logout(request)
    return redirect("sign-in")
