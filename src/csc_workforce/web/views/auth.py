"""Sign in and sign out. The checks (lockout, second factor, audit) are in ``services.accounts``; single sign-on
is in ``views.single_sign_on``.

A local sign-in is one or two steps. After the right password, a user with a second factor is asked for the
code of their authenticator app, and a user whose role needs one and who has none sets it up first. Between
the steps the session holds only the user's id and the time the password was accepted (at most
``SIGN_IN_PENDING_MINUTES`` ago): the user is not signed in until the code is right."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.models import User
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from csc_workforce.store.services import audit
from csc_workforce.store.services.accounts import (
    SignInOutcome,
    SignInStatus,
    second_factor_check,
    second_factor_enrol_check,
    sign_in_check,
)
from csc_workforce.store.services.second_factor import SecondFactorError, enrolment_device, key_text
from csc_workforce.store.services.single_sign_on import sso_config
from csc_workforce.web.access import request_origin, signed_in_user
from csc_workforce.web.forms import CodeForm, SignInForm

logger = logging.getLogger(__name__)

BUSY = "The service is busy and could not check your sign-in. Nothing was recorded: try again in a minute."
FAILED = (
    "Enter a correct username and password. After {max} failed attempts in {window} minutes, signing in with "
    "this username is locked for {lock} minutes."
)
LOCKED = (
    "There have been too many failed attempts to sign in with this username. Wait {lock} minutes and try "
    "again, or ask an administrator to reset your password."
)
CODE_FAILED = (
    "The code is not right, or has been used already. Enter the code your app shows now. After {max} failed "
    "attempts in {window} minutes, signing in with this username is locked for {lock} minutes."
)
PENDING = "sign_in_pending"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _message(template: str) -> str:
    return template.format(
        max=settings.SIGN_IN_MAX_FAILURES, window=settings.SIGN_IN_WINDOW_MINUTES, lock=settings.SIGN_IN_LOCKOUT_MINUTES
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("dashboard")


def _signed_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    login(request, user, backend=BACKEND)
    return HttpResponseRedirect(next_url)


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome: SignInOutcome | None = sign_in_check(
                origin=request_origin(request),
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                now=datetime.now(UTC),
            )
        except OperationalError:  # the database was busy for too long (a large import on SQLite): say so
            logger.exception("Sign-in could not be checked")
            outcome = None
        if outcome is None:
            form.add_error(None, BUSY)
        elif outcome.status is SignInStatus.SIGNED_IN and outcome.user is not None:
            return _signed_in(request, outcome.user, _next_url(request))
        elif outcome.status in (SignInStatus.SECOND_FACTOR, SignInStatus.ENROL) and outcome.user is not None:
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": outcome.user.pk,
                "at": datetime.now(UTC).isoformat(),
                "next": _next_url(request),
            }
            step = "sign-in-code" if outcome.status is SignInStatus.SECOND_FACTOR else "sign-in-enrol"
            return redirect(step)
        else:
            form.add_error(None, _message(LOCKED if outcome.status is SignInStatus.LOCKED else FAILED))
    config = sso_config()
    context = {
        "form": form,
        "next": _next_url(request),
        "error_title": bool(form.errors),
        "sso_provider": config.provider_name if config is not None else "",
    }
    return render(request, "web/sign_in.html", context)


def _pending(request: HttpRequest) -> tuple[int, str] | None:
    """The user whose password was right a moment ago, and where they were going; None if none or too old."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    at = datetime.fromisoformat(pending["at"])
    if datetime.now(UTC) - at > timedelta(minutes=settings.SIGN_IN_PENDING_MINUTES):
        request.session.pop(PENDING, None)
        return None
    return int(pending["user"]), str(pending["next"])


def _code_step(request: HttpRequest, *, enrolling: bool) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return redirect("sign-in")
    user_id, next_url = pending
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = second_factor_enrol_check if enrolling else second_factor_check
        outcome: SignInOutcome = check(
            user_id=user_id, code=form.cleaned_data["code"], origin=request_origin(request), now=datetime.now(UTC)
        )
        if outcome.status is SignInStatus.SIGNED_IN and outcome.user is not None:
            return _signed_in(request, outcome.user, next_url)
        if outcome.status is SignInStatus.LOCKED:
            request.session.pop(PENDING, None)
            messages.error(request, _message(LOCKED))
            return redirect("sign-in")
        form.add_error("code", _message(CODE_FAILED))
    context: dict[str, object] = {"form": form, "error_title": bool(form.errors)}
    if enrolling:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            return redirect("sign-in")
        try:
            device = enrolment_device(user)
        except SecondFactorError:
            return redirect("sign-in-code")
        context.update(key=key_text(device), account=user.get_username(), issuer=settings.OTP_TOTP_ISSUER)
    return render(request, "web/sign_in_enrol.html" if enrolling else "web/sign_in_code.html", context)


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the user's authenticator app."""
    return _code_step(request, enrolling=False)


def sign_in_enrol(request: HttpRequest) -> HttpResponse:
    """Set up a second factor (the role needs one): add the key to an app, then enter its first code."""
    return _code_step(request, enrolling=True)


def sign_in_enrol_qr(request: HttpRequest) -> HttpResponse:
    """The setup key as a QR code (an SVG image from this route: the Content-Security-Policy allows no inline
    image), for the user part-way through setting up a second factor; the page gives the same key as text."""
    pending = _pending(request)
    user = User.objects.filter(pk=pending[0]).first() if pending is not None else None
    if user is None:
        return HttpResponse(status=404)
    try:
        device = enrolment_device(user)
    except SecondFactorError:
        return HttpResponse(status=404)
    image = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        image, kind="svg", scale=5, border=4, dark="#0b0c0c", light="#ffffff", xmldecl=False, title="Setup key"
    )
    return HttpResponse(image.getvalue(), content_type="image/svg+xml")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.audit_record(action=audit.SIGN_OUT, user=signed_in_user(request), origin=request_origin(request))
    logout(request)
    return redirect("sign-in")
