"""A second factor for local accounts: password, then a code from an authenticator app (TOTP, RFC 6238). The codes
are worked out here from the key by the RFC's own steps (HMAC-SHA1 of the 30-second step number, dynamic
truncation), not by the library under test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from csc_workforce.store import models as m
from csc_workforce.store.services.second_factor import second_factor_reset
from tests.web.conftest import NOW, PASSWORD, MakeUser

KEY = bytes(range(1, 21))  # 20 bytes, as django-otp makes them


def totp(key: bytes, step_offset: int = 0) -> str:
    counter = int(time.time()) // 30 + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def test_the_rfc_6238_reference_value_is_computed_right():
    # RFC 6238 appendix B: key "12345678901234567890", T = 59 s -> step 1 -> 94287082 (8 digits) -> 287082 (6)
    digest = hmac.new(b"12345678901234567890", struct.pack(">Q", 1), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    assert (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 100_000_000 == 94287082


def _enrolled(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", key=KEY.hex(), confirmed=True)


def _password(client: Client, username: str, password: str = PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password, "next": "/data/"})


def test_an_enrolled_user_enters_a_code_after_the_password(client: Client, make_user: MakeUser):
    _enrolled(make_user("ann", "analyst"))
    response = _password(client, "ann")
    assert response.status_code == 302 and response["Location"] == "/sign-in/code/"
    assert "_auth_user_id" not in client.session  # not signed in yet
    assert client.get("/").status_code == 302
    page = client.get("/sign-in/code/").content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert '<label class="govuk-label" for="id_code">' in page
    response = client.post("/sign-in/code/", {"code": totp(KEY)})
    assert response.status_code == 302 and response["Location"] == "/data/"
    assert client.get("/").status_code == 200
    event = m.AuditEvent.objects.get(action="sign_in")
    assert event.username == "ann" and event.detail == {"method": "password+totp"}


def test_a_wrong_code_is_refused_with_an_error_summary_and_counts_as_a_failure(client: Client, make_user: MakeUser):
    _enrolled(make_user("ann", "analyst"))
    _password(client, "ann")
    wrong = f"{(int(totp(KEY)) + 500_000) % 1_000_000:06d}"
    page = client.post("/sign-in/code/", {"code": wrong}).content.decode()
    assert "govuk-error-summary" in page and "The code is not right" in page
    assert "<title>Error: Enter the code" in page
    assert "_auth_user_id" not in client.session
    detail = m.AuditEvent.objects.get(action="sign_in_failed").detail
    assert {k: detail[k] for k in ("failures", "factor", "count")} == {"failures": 1, "factor": "totp", "count": 1}


def test_a_code_that_is_not_six_digits_gets_a_message_saying_so(client: Client, make_user: MakeUser):
    _enrolled(make_user("ann", "analyst"))
    _password(client, "ann")
    assert "The code must be 6 digits" in client.post("/sign-in/code/", {"code": "12345"}).content.decode()
    assert "digits only" in client.post("/sign-in/code/", {"code": "12a456"}).content.decode()
    assert "Enter the 6-digit code" in client.post("/sign-in/code/", {"code": ""}).content.decode()
    assert not m.FailedSignIn.objects.exists()  # a mistyped form is not a guess


def test_a_code_with_spaces_as_apps_show_it_is_accepted(client: Client, make_user: MakeUser):
    _enrolled(make_user("ann", "analyst"))
    _password(client, "ann")
    code = totp(KEY)
    assert client.post("/sign-in/code/", {"code": f"{code[:3]} {code[3:]}"}).status_code == 302


def test_a_code_used_once_is_refused_the_second_time(make_user: MakeUser):
    _enrolled(make_user("ann", "analyst"))
    first, second = Client(), Client()
    code = totp(KEY)
    _password(first, "ann")
    assert first.post("/sign-in/code/", {"code": code}).status_code == 302
    _password(second, "ann")
    replay = second.post("/sign-in/code/", {"code": code})
    assert replay.status_code == 200 and "has been used already" in replay.content.decode()
    assert "_auth_user_id" not in second.session
    # the next step's code (one step of drift is allowed) still works
    assert second.post("/sign-in/code/", {"code": totp(KEY, 1)}).status_code == 302


def test_a_code_from_the_step_before_is_accepted_but_not_one_from_two_steps_before(client: Client, make_user: MakeUser):
    _enrolled(make_user("ann", "analyst"))
    _password(client, "ann")
    assert "The code is not right" in client.post("/sign-in/code/", {"code": totp(KEY, -3)}).content.decode()
    assert client.post("/sign-in/code/", {"code": totp(KEY, -1)}).status_code == 302


def test_five_wrong_codes_lock_the_username_and_a_new_password_does_not_reset_the_count(
    client: Client, make_user: MakeUser
):
    _enrolled(make_user("ann", "analyst"))
    wrong = f"{(int(totp(KEY)) + 500_000) % 1_000_000:06d}"
    for _ in range(2):
        _password(client, "ann")
        client.post("/sign-in/code/", {"code": wrong})
        client.post("/sign-in/code/", {"code": wrong})
    _password(client, "ann")  # the right password again: the four failures still count
    locked = client.post("/sign-in/code/", {"code": wrong}, follow=True)
    assert locked.redirect_chain == [("/sign-in/", 302)]
    assert "too many failed attempts" in locked.content.decode()
    assert "govuk-error-summary" in locked.content.decode()
    assert "too many failed attempts" in _password(client, "ann").content.decode()
    assert client.get("/sign-in/code/")["Location"] == "/sign-in/"


def test_the_code_page_without_a_right_password_first_goes_to_sign_in(client: Client, make_user: MakeUser):
    _enrolled(make_user("ann", "analyst"))
    assert client.get("/sign-in/code/")["Location"] == "/sign-in/"
    assert client.post("/sign-in/code/", {"code": totp(KEY)})["Location"] == "/sign-in/"


def test_an_admin_without_a_second_factor_is_sent_to_set_one_up(client: Client, make_user: MakeUser):
    make_user("root", "admin")
    response = _password(client, "root")
    assert response["Location"] == "/sign-in/set-up-code/"
    page = client.get("/sign-in/set-up-code/").content.decode()
    assert "_auth_user_id" not in client.session
    key_text = re.search(r'<code class="app-setup-key" id="setup-key">([A-Z2-7 ]+)</code>', page)
    assert key_text is not None
    key = base64.b32decode(key_text.group(1).replace(" ", ""))
    assert len(key) == 20
    assert client.get("/sign-in/set-up-code/").content.decode().count(key_text.group(1)) == 1  # same key on reload
    wrong = f"{(int(totp(key)) + 1) % 1_000_000:06d}"
    assert "The code is not right" in client.post("/sign-in/set-up-code/", {"code": wrong}).content.decode()
    response = client.post("/sign-in/set-up-code/", {"code": totp(key)})
    assert response.status_code == 302 and response["Location"] == "/data/"
    assert TOTPDevice.objects.get(user__username="root").confirmed
    assert m.AuditEvent.objects.filter(action="second_factor_enrolled", username="root").count() == 1
    # next time the code is asked for, not set up again
    client.post("/sign-out/")
    assert _password(client, "root")["Location"] == "/sign-in/code/"


def test_an_analyst_needs_no_second_factor_unless_the_setting_says_so(client: Client, make_user: MakeUser, settings):
    make_user("ann", "analyst")
    assert _password(client, "ann")["Location"] == "/data/"
    client.post("/sign-out/")
    settings.TOTP_REQUIRED_ROLES = ["admin", "analyst"]
    assert _password(client, "ann")["Location"] == "/sign-in/set-up-code/"


def test_a_reset_second_factor_is_set_up_again_at_the_next_sign_in_and_audited(client: Client, make_user: MakeUser):
    _enrolled(make_user("root", "admin"))
    assert second_factor_reset(username="root", changed_by="operator", now=NOW) == 1
    assert not TOTPDevice.objects.filter(user__username="root").exists()
    event = m.AuditEvent.objects.get(action="second_factor_reset")
    assert (event.username, event.object_id) == ("operator", "root")
    assert _password(client, "root")["Location"] == "/sign-in/set-up-code/"


def test_the_pending_step_expires(client: Client, make_user: MakeUser, settings):
    _enrolled(make_user("ann", "analyst"))
    _password(client, "ann")
    settings.SIGN_IN_PENDING_MINUTES = 0
    time.sleep(0.01)
    assert client.post("/sign-in/code/", {"code": totp(KEY)})["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/sign-in/code/", "/sign-in/set-up-code/"])
def test_the_code_pages_have_their_csrf_token(make_user: MakeUser, path: str):
    _enrolled(make_user("ann", "analyst"))
    client = Client(enforce_csrf_checks=True)
    page = client.get("/sign-in/")
    client.post(
        "/sign-in/", {"username": "ann", "password": PASSWORD, "csrfmiddlewaretoken": page.context["csrf_token"]}
    )
    assert client.post("/sign-in/code/", {"code": totp(KEY)}).status_code == 403


def test_the_set_up_page_offers_the_key_as_a_qr_code_image_from_its_own_route(client: Client, make_user: MakeUser):
    make_user("root", "admin")
    assert client.get("/sign-in/set-up-code/qr.svg").status_code == 404  # no password given yet
    _password(client, "root")
    page = client.get("/sign-in/set-up-code/").content.decode()
    assert '<img class="app-qr-code" src="/sign-in/set-up-code/qr.svg" alt="QR code of the setup key' in page
    image = client.get("/sign-in/set-up-code/qr.svg")
    assert image.status_code == 200 and image["Content-Type"] == "image/svg+xml"
    svg = image.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<path" in svg
    assert "style" not in svg and "<script" not in svg  # nothing the Content-Security-Policy forbids
    assert image["Cache-Control"] == "no-store"
    assert client.get("/sign-in/set-up-code/qr.svg").content == image.content  # the same key until confirmed
