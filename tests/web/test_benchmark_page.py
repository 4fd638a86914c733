"""The benchmark page: Bexley 2019 against England, London and its statistical neighbours, as its strategy has it."""

from __future__ import annotations

from html import unescape

from django.test import Client

from csc_workforce.store import models as m
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


def test_a_council_dfe_does_not_publish_is_compared_on_its_own_return(client: Client, make_user, councils):
    html = _client(client, make_user).get("/councils/990/benchmark/?year=2025").content.decode()
    assert "from its own census return for 2025, as DfE would compute them" in html and "England (11.8%)" in html
    assert "(own return)" in html and "(own records)" not in html


def test_a_council_held_only_as_records_is_compared_on_its_own_records(client: Client, make_user, db: None):
    from datetime import UTC, datetime

    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2024, last_year=2025, seed=3, size=40
    )
    demo_load(records=records, description="HR records", recorded_by="t", now=datetime(2026, 1, 5, tzinfo=UTC))
    html = unescape(_client(client, make_user).get("/councils/990/benchmark/?year=2025").content.decode())
    assert "Northgate's figures are computed from its own records: DfE does not publish it." in html
    assert "Northgate (own records)" in html


def test_chosen_peers_must_be_council_codes(client: Client, make_user, councils):
    html = _client(client, make_user).get("/councils/990/benchmark/?year=2025&peers=abc").content.decode()
    assert "govuk-error-summary" in html and "these are not: abc" in html


def test_a_user_of_another_council_is_refused(client: Client, make_user, councils):
    response = _client(client, make_user, "analyst", la_code="991").get("/councils/990/benchmark/")
    assert response.status_code == 403


def test_a_council_dfe_publishes_but_not_held_has_a_page(client: Client, make_user: MakeUser, db: None):
    assert not m.Council.objects.filter(la_code="303").exists()
    response = _client(client, make_user).get("/councils/303/benchmark/?year=2019")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bexley (303)" in html and "This service holds no records for Bexley" in html
    assert "Turnover was 21.8%, higher than England (15.0%) and London (17.5%)." in html
    # its shipped neighbours Thurrock 20.2, Medway 22.5, Havering 11.5: median 20.2, Bexley 3rd of 4
    assert "Bexley was above the median of its statistical neighbours (20.2%), 3rd of 4 (1st is best)." in html
    assert "own records" not in html
    # FTE in post is a count: never ranked, and the table says so
    assert "Not ranked: a count, which depends on the council&#x27;s size" in html


def test_without_neighbours_the_page_names_the_region_it_compares_with(client: Client, make_user: MakeUser, db: None):
    html = _client(client, make_user).get("/councils/209/benchmark/?year=2019").content.decode()
    assert "Compared with the 31 other councils in London, since no statistical neighbours are set." in html
    assert "Lewisham and the other councils in London, census year 2019" in html  # the councils' own table
    assert ">Camden</th>" in html and ">Lewisham (this council)</th>" in html


def test_two_chosen_peers_give_no_rank_and_the_page_says_why(client: Client, make_user: MakeUser, db: None):
    html = _client(client, make_user).get("/councils/303/benchmark/?year=2019&peers=883,311").content.decode()
    assert "Not ranked: fewer than 3 peers with figures" in html
    assert " of 3</td>" not in html


def test_a_code_neither_held_nor_published_is_a_clear_404(client: Client, make_user: MakeUser, db: None):
    response = _client(client, make_user).get("/councils/999/benchmark/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and "There is no council 999" in html
    assert 'action="/benchmarks/"' in html  # and a way to choose one that exists


def test_a_restricted_user_sees_unheld_published_councils_but_not_other_held_ones(client: Client, make_user, councils):
    user = _client(client, make_user, "analyst", la_code="990")
    assert user.get("/councils/990/benchmark/?year=2025").status_code == 200
    assert user.get("/councils/303/benchmark/?year=2019").status_code == 200  # published, not held: public
    assert user.get("/councils/991/benchmark/").status_code == 403  # held, another council's records


def test_the_benchmarks_page_reaches_any_published_council(client: Client, make_user: MakeUser, councils):
    user = _client(client, make_user)
    html = user.get("/benchmarks/").content.decode()
    assert '<option value="303">Bexley (303)</option>' in html
    assert '<option value="314">Kingston upon Thames / Richmond upon Thames (314 / 318)</option>' in html
    assert 'href="/councils/990/benchmark/"' in html  # the councils held
    assert 'href="/benchmarks/"' in html  # in the header navigation
    response = user.get("/benchmarks/?la=303")
    assert response.status_code == 302 and response["Location"] == "/councils/303/benchmark/"
    wrong = user.get("/benchmarks/?la=999").content.decode()
    assert "govuk-error-summary" in wrong and "Choose a council from the list" in wrong


def test_the_benchmarks_page_lists_only_the_users_own_held_council(client: Client, make_user, councils):
    html = _client(client, make_user, "viewer", la_code="991").get("/benchmarks/").content.decode()
    assert 'href="/councils/991/benchmark/"' in html and 'href="/councils/990/benchmark/"' not in html
