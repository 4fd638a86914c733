"""API tokens on the users page: made (shown once), listed without the token, revoked by a POST with CSRF."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser


@pytest.fixture
def admin(client: Client, make_user: MakeUser) -> Client:
    client.force_login(make_user("boss", "admin"))
    make_user("reader", "viewer")
    return client


def test_an_admin_makes_a_token_which_is_shown_once_and_then_listed_without_it(admin: Client):
    page = admin.post("/users/reader/token", follow=True).content.decode()
    token = re.search(r"The API token for reader is (cscw_\S+) ", page).group(1)  # type: ignore[union-attr]
    assert "expires in 90 days" in page
    again = admin.get("/users/").content.decode()
    assert token not in again and token[5:15] not in again
    record = m.ApiToken.objects.get()
    assert f'action="/users/tokens/{record.pk}/revoke"' in again
    assert 'govuk-tag--green">active' in again
    assert f'Revoke<span class="govuk-visually-hidden"> API token {record.pk} of reader</span>' in again


def test_revoking_from_the_page_stops_the_token_and_the_button_goes(admin: Client):
    admin.post("/users/reader/token")
    record = m.ApiToken.objects.get()
    page = admin.post(f"/users/tokens/{record.pk}/revoke", follow=True).content.decode()
    assert f"API token {record.pk} was revoked" in page
    assert m.ApiToken.objects.get().revoked_at is not None
    assert f"/users/tokens/{record.pk}/revoke" not in page and ">revoked</strong>" in page
    page = admin.post(f"/users/tokens/{record.pk}/revoke", follow=True).content.decode()
    assert "revoked already" in page


def test_revoking_needs_a_post_with_the_csrf_token_and_an_admin(make_user: MakeUser, admin: Client):
    admin.post("/users/reader/token")
    record = m.ApiToken.objects.get()
    assert admin.get(f"/users/tokens/{record.pk}/revoke").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("boss2", "admin"))
    assert strict.post(f"/users/tokens/{record.pk}/revoke").status_code == 403
    analyst = Client()
    analyst.force_login(make_user("ann", "analyst"))
    assert analyst.post(f"/users/tokens/{record.pk}/revoke").status_code == 403
    assert m.ApiToken.objects.get().revoked_at is None


def test_no_tokens_says_so(admin: Client):
    assert "No API tokens have been made." in admin.get("/users/").content.decode()
