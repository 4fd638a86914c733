"""API tokens on the users page: made (shown once), listed without the token, revoked by a POST with CSRF."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
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


def test_an_admin_kept_to_one_council_manages_only_that_councils_users(
    client: Client, make_user: MakeUser, councils: list[str]
):
    """An admin kept to council 990 could otherwise make a token for an alliance admin and read every council
    through the API, or give someone every council."""
    make_user("alliance", "admin")
    make_user("other", "analyst", la_code="991")
    make_user("ours", "analyst", la_code="990")
    client.force_login(make_user("boss990", "admin", la_code="990"))
    page = client.get("/users/").content.decode()
    assert ">ours<" in page and ">alliance<" not in page and ">other<" not in page
    assert "Every council" not in page
    for target in ("alliance", "other"):
        for action in ("token", "reset", "stop"):
            assert client.post(f"/users/{target}/{action}").status_code == 403
    assert not m.ApiToken.objects.exists()
    assert client.post("/users/ours/token").status_code == 302 and m.ApiToken.objects.count() == 1
    # a token of another council's user cannot be revoked either
    alliance_token = m.ApiToken.objects.create(
        user=User.objects.get(username="alliance"),
        token_sha256="0" * 64,
        created_at=m.ApiToken.objects.get().created_at,
        expires_at=m.ApiToken.objects.get().expires_at,
    )
    assert client.post(f"/users/tokens/{alliance_token.pk}/revoke").status_code == 403
    # and a new user must be kept to the admin's council
    client.post("/users/", {"username": "newbie", "role": "viewer", "la": "", "teams": ""})
    assert not User.objects.filter(username="newbie").exists()
    client.post("/users/", {"username": "newbie", "role": "viewer", "la": "990", "teams": ""})
    assert m.CouncilRole.objects.get(user__username="newbie").la_code == "990"
