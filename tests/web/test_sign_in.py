"""Signing in and out: Argon2 hashes, lockout after repeated failures, CSRF on the form, the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from csc_workforce.store import models as m
from csc_workforce.store.services.accounts import SignInStatus, sign_in_check
from csc_workforce.store.services.audit import NOWHERE
from tests.web.conftest import NOW, PASSWORD, MakeUser

LOCKED_TEXT = "too many failed attempts to sign in with this username"
FAILED_TEXT = "Enter a correct username and password"


def _sign_in(client: Client, username: str, password: str):
    return client.post("/sign-in/", {"username": username, "password": password})


def test_sign_in_with_the_right_password_goes_to_the_dashboard_and_is_audited(client: Client, make_user: MakeUser):
    make_user("ann", "analyst")
    response = _sign_in(client, "ann", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    event = m.AuditEvent.objects.get(action="sign_in")
    assert event.username == "ann"
    assert event.ip == "127.0.0.1"


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(client: Client, make_user: MakeUser):
    make_user("ann", "analyst")
    response = client.post("/sign-in/", {"username": "ann", "password": PASSWORD, "next": "/data/"})
    assert response["Location"] == "/data/"
    client.post("/sign-out/")
    response = client.post("/sign-in/", {"username": "ann", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_wrong_password_is_refused_with_a_plain_message_and_audited(client: Client, make_user: MakeUser):
    make_user("ann", "analyst")
    response = _sign_in(client, "ann", "wrong password")
    assert response.status_code == 200
    assert FAILED_TEXT in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert "<title>Error: Sign in" in response.content.decode()
    failure = m.AuditEvent.objects.get(action="sign_in_failed")
    assert failure.username == "ann"
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(make_user: MakeUser):
    user = make_user("ann", "analyst")
    assert User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$")


def test_five_failures_lock_the_username_even_with_the_right_password(client: Client, make_user: MakeUser):
    make_user("ann", "analyst")
    for _ in range(4):
        assert FAILED_TEXT in _sign_in(client, "ann", "wrong").content.decode()
    fifth = _sign_in(client, "ann", "wrong").content.decode()
    assert LOCKED_TEXT in fifth and "Wait 15 minutes" in fifth
    response = _sign_in(client, "ann", PASSWORD)
    assert response.status_code == 200
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session
    (failed,) = m.AuditEvent.objects.filter(action="sign_in_failed")  # the five counted in one row
    assert (failed.username, failed.detail["count"], failed.detail["failures"]) == ("ann", 5, 5)
    assert m.AuditEvent.objects.get(action="sign_in_locked").detail["count"] == 1


def test_an_unknown_username_is_locked_out_the_same_way(client: Client, db: None):
    messages = [_sign_in(client, "nobody", "wrong").content.decode() for _ in range(5)]
    assert all(FAILED_TEXT in text for text in messages[:4])
    assert LOCKED_TEXT in messages[4]


def test_the_lock_ends_after_15_minutes_and_does_not_grow_with_refused_attempts(make_user: MakeUser):
    make_user("ann", "analyst")
    for minute in range(5):
        sign_in_check(origin=NOWHERE, username="ann", password="wrong", now=NOW + timedelta(minutes=minute))
    locked_at = NOW + timedelta(minutes=4)
    during = sign_in_check(origin=NOWHERE, username="ann", password=PASSWORD, now=locked_at + timedelta(minutes=14))
    assert during.status is SignInStatus.LOCKED
    after = sign_in_check(
        origin=NOWHERE, username="ann", password=PASSWORD, now=locked_at + timedelta(minutes=15, seconds=1)
    )
    assert after.status is SignInStatus.SIGNED_IN


def test_failures_more_than_15_minutes_apart_do_not_lock(make_user: MakeUser):
    make_user("ann", "analyst")
    for attempt in range(6):
        outcome = sign_in_check(
            origin=NOWHERE, username="ann", password="wrong", now=NOW + timedelta(minutes=4 * attempt)
        )
        assert outcome.status is SignInStatus.FAILED


def test_one_failure_after_a_lock_ends_does_not_lock_again(make_user: MakeUser):
    make_user("ann", "analyst")
    for minute in range(5):
        sign_in_check(origin=NOWHERE, username="ann", password="wrong", now=NOW + timedelta(minutes=minute))
    later = NOW + timedelta(minutes=20)
    assert sign_in_check(origin=NOWHERE, username="ann", password="wrong", now=later).status is SignInStatus.FAILED


def test_sign_out_needs_a_post_ends_the_session_and_is_audited(client: Client, make_user: MakeUser):
    make_user("ann", "analyst")
    _sign_in(client, "ann", PASSWORD)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert client.get("/").status_code == 302
    assert m.AuditEvent.objects.filter(action="sign_out", username="ann").count() == 1


def test_the_sign_in_form_rejects_a_post_without_its_csrf_token(make_user: MakeUser):
    make_user("ann", "analyst")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "ann", "password": PASSWORD})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_sign_in_form_accepts_a_post_with_its_csrf_token(make_user: MakeUser):
    make_user("ann", "analyst")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/sign-in/")
    token = page.context["csrf_token"]
    response = client.post("/sign-in/", {"username": "ann", "password": PASSWORD, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302


def test_session_and_csrf_cookies_are_httponly_and_samesite_lax(client: Client, make_user: MakeUser):
    make_user("ann", "analyst")
    client.get("/sign-in/")
    response = _sign_in(client, "ann", PASSWORD)
    session = response.cookies["csc_workforce_session"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == ""  # expires when the browser closes
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("environ", "secure"),
    [
        ({}, False),
        ({"CSC_WORKFORCE_SECRET_KEY": "k"}, True),
        ({"CSC_WORKFORCE_SECRET_KEY": "k", "CSC_WORKFORCE_SECURE_COOKIES": "0"}, False),
        ({"CSC_WORKFORCE_SECURE_COOKIES": "1"}, True),
        ({"CSC_WORKFORCE_SECRET_KEY": "k", "CSC_WORKFORCE_DEBUG": "1"}, False),
    ],
)
def test_cookies_are_secure_for_production_and_not_for_the_local_demo(environ: dict[str, str], secure: bool):
    from csc_workforce.settings import secure_cookies

    assert secure_cookies(environ) is secure


def test_argon2_uses_owasps_recommended_cost(make_user: MakeUser):
    user = make_user("cost", "viewer")
    # argon2$argon2id$v=19$m=19456,t=2,p=1$...
    assert "$m=19456,t=2,p=1$" in User.objects.get(pk=user.pk).password


def test_a_database_too_busy_to_check_a_sign_in_gives_the_sign_in_page_saying_so(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
):
    """On SQLite a sign-in waits for a writer (a large import) at most the busy timeout, then says so."""
    from django.db import OperationalError

    def busy(**kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("csc_workforce.web.views.auth.sign_in_check", busy)
    response = client.post("/sign-in/", {"username": "ann", "password": "whatever"})
    assert response.status_code == 200
    assert "The service is busy and could not check your sign-in" in response.content.decode()
