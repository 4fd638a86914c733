"""The benchmark page: Bexley 2019 against England, London and its statistical neighbours, as its strategy has it."""

from __future__ import annotations

from django.test import Client

from csc_workforce.web import models as m
from tests.web.conftest import MakeUser


def _client(client: Client, make_user: MakeUser, role: str = "viewer", **profile: object) -> Client:
    client.force_login(make_user(f"b-{role}", role, **profile))
    return client


def test_bexley_2019_reads_as_its_strategy_does(client: Client, make_user: MakeUser, db: None):
    m.Council.objects.create(la_code="303", name="Bexley", region="Outer London")
    html = _client(client, make_user).get("/councils/303/benchmark/?year=2019").content.decode()
    assert "Turnover was 21.8%, higher than England (15.0%) and London (17.5%)." in html
    for name in ("Thurrock", "Medway", "Havering", "England", "London"):
        assert f">{name}</th>" in html or f">{name} " in html or f">{name}<" in html
    assert ">17.3</td>" in html and ">16.0</td>" in html  # vacancy rate and caseload, as published
    assert 'role="img"' in html


def test_a_council_dfe_does_not_publish_is_compared_on_its_own_records(client: Client, make_user, councils):
    html = _client(client, make_user).get("/councils/990/benchmark/?year=2025").content.decode()
    assert "computed from its own records" in html and "England (11.8%)" in html


def test_chosen_peers_must_be_council_codes(client: Client, make_user, councils):
    html = _client(client, make_user).get("/councils/990/benchmark/?year=2025&peers=abc").content.decode()
    assert "govuk-error-summary" in html and "these are not: abc" in html


def test_a_user_of_another_council_is_refused(client: Client, make_user, councils):
    response = _client(client, make_user, "analyst", la_code="991").get("/councils/990/benchmark/")
    assert response.status_code == 403
