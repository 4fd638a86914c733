"""Isolation proven, not assumed (issue 15): every URL pattern that takes a council, opened (GET, and POST where
it takes one) by a user of another council, answers 403 or 404 and shows none of the council's figures; so do
the pages that take a council in their query. The registry below must name every such pattern: a new one added
without an entry fails the first test, so nobody adds a council's page without saying how it is isolated.

The same walk as a regional analyst and a regional administrator of a second alliance (not the council's):
403 or 404 and no figures, the council's alliance's pages too; as a regional role of the council's own alliance,
exactly what a viewer of the council gets. The command line's walk is in tests/cli/test_isolation_cli.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.web.conftest import MakeUser

COUNCIL = "990"  # the council whose figures must not be seen
OTHER = "991"  # the user's own council
# Each route that takes a council: the other arguments its pattern needs, and whether it takes a POST.
ROUTES: dict[str, tuple[dict[str, object], bool]] = {
    "council": ({}, False),
    "council-trends": ({}, False),
    "council-trends-download": ({}, False),
    "council-establishment": ({}, False),
    "council-establishment-download": ({}, False),
    "council-people": ({}, False),
    "council-people-download": ({}, False),
    "council-stability": ({}, False),
    "council-stability-download": ({}, False),
    "council-sickness": ({}, False),
    "council-sickness-download": ({}, False),
    "council-download": ({"key": "all", "fmt": "xlsx"}, False),
    "census-return": ({"year": 2025}, False),
    "benchmark": ({}, False),
    "reconcile": ({}, False),
    "reconcile-findings": ({}, False),
    "development": ({}, False),
    "development-download": ({"key": "all", "fmt": "xlsx"}, False),
    "recruitment-agency": ({}, False),
    "recruitment-agency-download": ({"key": "all", "fmt": "xlsx"}, False),
    "practice-quality": ({}, False),
    "practice-quality-download": ({"key": "all", "fmt": "xlsx"}, False),
    "staff-voice": ({}, False),
    "staff-voice-download": ({"key": "all", "fmt": "xlsx"}, False),
    "record-workers": ({}, False),
    "turnover-assumptions": ({}, True),
    "record-supervision": ({}, True),
    "record-review": ({}, True),
    "programme-spells": ({}, False),
    "programme-update": ({}, True),
    "student-placements": ({}, False),
    "placement-update": ({}, True),
    "actions": ({"strategy_id": "dudley-2021-23"}, False),
    "actions-download": ({"strategy_id": "dudley-2021-23"}, False),
    "action-add": ({"strategy_id": "dudley-2021-23"}, True),
    "action-edit": ({"strategy_id": "dudley-2021-23", "ref": "R1"}, True),
    "action-update": ({"strategy_id": "dudley-2021-23", "ref": "R1"}, True),
    "forecast": ({}, False),
    "forecast-download": ({"key": "spend", "fmt": "csv"}, False),
    "forecast-scenario": ({}, True),
    "regional-extract": ({}, True),
    "reports": ({}, False),
    "report-download": ({"fmt": "xlsx"}, False),
    "report-settings": ({}, True),
    "report-template": ({}, False),
}
# Pages that take a council in their query: what they must show instead of its figures.
QUERIES = {
    f"/measures/?year=2025&la={COUNCIL}": "govuk-error-summary",  # not a choice for this user: a form error
    f"/strategies/dudley-2021-23/?la={COUNCIL}": "",
}
API = f"/api/measures?year=2025&la={COUNCIL}"  # with the user's API token


# The alliance's pages (for users not restricted to one council): each route and the arguments it needs.
REGIONAL_ROUTES: dict[str, dict[str, object]] = {
    "regional-list": {},
    "regional": {"name": "Test alliance"},
    "regional-download": {"name": "Test alliance", "key": "moves", "fmt": "csv"},
    "regional-roles": {"name": "Test alliance"},
    "regional-key-add": {"name": "Test alliance"},
}
SECOND = "Second alliance"  # another alliance in the same database, without the council


def _routes(marker: str) -> dict[str, str]:
    """Every named URL pattern whose route contains ``marker``: name -> route."""
    out: dict[str, str] = {}

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif marker in prefix + str(p.pattern) and p.name:
                out[p.name] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "")
    return out


def _council_routes() -> dict[str, str]:
    """Every named URL pattern whose route takes ``la_code``: name -> route."""
    return _routes("<str:la_code>")


def test_the_registry_names_every_route_that_takes_a_council():
    routes = _council_routes()
    missing = sorted(set(routes) - set(ROUTES))
    assert not missing, f"routes that take a council with no isolation entry here: {missing}"
    assert not sorted(set(ROUTES) - set(routes)), "entries for routes that no longer exist"
    regional = _routes("regional/")
    assert set(regional) == set(REGIONAL_ROUTES), f"the alliance's routes and this registry differ: {sorted(regional)}"


@pytest.mark.parametrize("role", ["admin", "analyst", "manager", "viewer"])
def test_a_user_of_one_council_gets_none_of_the_alliance_s_pages(
    client: Client, make_user: MakeUser, councils: list[str], role: str
):
    from datetime import UTC, datetime

    from csc_workforce.store.services.alliances import AllianceTerms, save_alliance

    save_alliance(AllianceTerms("Test alliance", (COUNCIL, OTHER)), set_by="t", now=datetime.now(UTC))
    client.force_login(make_user(f"{role}-{OTHER}", role, la_code=OTHER))
    for name, kwargs in REGIONAL_ROUTES.items():
        route = "/" + _routes("regional/")[name]
        for key, value in kwargs.items():
            route = route.replace(f"<str:{key}>", str(value)).replace(f"<slug:{key}>", str(value))
        response = client.post(route) if name in ("regional-roles", "regional-key-add") else client.get(route)
        assert response.status_code == 403, (route, response.status_code)
        assert "Test alliance" not in response.content.decode(), route


def _url(name: str, extra: dict[str, object]) -> str:
    route = _council_routes()[name]
    for key, value in {"la_code": COUNCIL, **extra}.items():
        route = next(
            route.replace(f"<{kind}:{key}>", str(value))
            for kind in ("str", "slug", "int")
            if f"<{kind}:{key}>" in route or kind == "int"
        )
    return "/" + route


def _walk(client: Client) -> list[str]:
    """Every council route, GET and POST where it takes one, for ``COUNCIL``: those that answered other than
    403 or 404, or showed the council."""
    seen = []
    for name, (extra, posts) in ROUTES.items():
        url = _url(name, extra)
        methods = [client.get] + ([client.post] if posts else [])
        for method in methods:
            response = method(url)
            body = response.content.decode(errors="replace")
            shown = any(sign in body for sign in (f"Council {COUNCIL}", f"council {COUNCIL}", f"({COUNCIL})"))
            if response.status_code not in (403, 404) or shown:
                seen.append(f"{method.__name__.upper()} {url}: {response.status_code}")
    return seen


@pytest.mark.parametrize("role", ["admin", "analyst", "manager", "viewer"])
def test_a_user_of_another_council_gets_403_or_404_and_no_figures(
    client: Client, make_user: MakeUser, councils: list[str], role: str
):
    client.force_login(make_user(f"{role}-{OTHER}", role, la_code=OTHER))
    assert f"Council {OTHER}" in client.get(f"/councils/{OTHER}/").content.decode()  # their own council opens
    seen = _walk(client)
    assert not seen, "a user of another council reached these: " + "; ".join(seen)


def _alliances() -> None:
    """The council's alliance (with ``OTHER``) and a second one in the same database, without the council."""
    from datetime import UTC, datetime

    from csc_workforce.store.services.alliances import AllianceTerms, save_alliance

    now = datetime.now(UTC)
    save_alliance(AllianceTerms("Test alliance", (COUNCIL, OTHER)), set_by="t", now=now)
    save_alliance(AllianceTerms(SECOND, (OTHER, "993")), set_by="t", now=now)


def _regional_user(make_user: MakeUser, name: str, role: str, alliance: str) -> object:
    from csc_workforce.store import models as m

    user = make_user(name, None)
    m.AllianceRole.objects.create(user=user, alliance=m.Alliance.objects.get(name=alliance), role=role)
    return user


@pytest.mark.parametrize("role", ["regional_analyst", "regional_admin"])
def test_a_regional_role_of_a_second_alliance_gets_403_or_404_and_no_figures(
    client: Client, make_user: MakeUser, councils: list[str], role: str
):
    _alliances()
    client.force_login(_regional_user(make_user, f"{role}-second", role, SECOND))
    assert f"Council {OTHER}" in client.get(f"/councils/{OTHER}/").content.decode()  # a member of their alliance
    seen = _walk(client)
    assert not seen, "a regional role of another alliance reached these: " + "; ".join(seen)
    for name, kwargs in REGIONAL_ROUTES.items():
        if name == "regional-list":
            continue
        route = "/" + _routes("regional/")[name]
        for key, value in kwargs.items():
            route = route.replace(f"<str:{key}>", str(value)).replace(f"<slug:{key}>", str(value))
        for method in (client.get, client.post):
            response = method(route)
            assert response.status_code in (403, 405), (route, response.status_code)
            assert "Test alliance" not in response.content.decode(), route
    listing = client.get("/regional/").content.decode()
    assert SECOND in listing and "Test alliance" not in listing
    from datetime import UTC, datetime

    from csc_workforce.store.services.tokens import token_create

    token = token_create(username=f"{role}-second", created_by="admin", now=datetime.now(UTC))
    answer = client.get(API, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403 and f'"old_la_code": "{COUNCIL}"' not in answer.content.decode()


def test_a_regional_analyst_sees_a_member_council_as_its_viewer_does(
    client: Client, make_user: MakeUser, councils: list[str]
):
    """Every council route, GET and POST, answers a regional analyst of the council's alliance as it answers a
    viewer of the council: the pages of aggregates (small numbers withheld), never those of worker rows."""
    _alliances()
    viewer, regional = Client(), Client()
    viewer.force_login(make_user("viewer-990", "viewer", la_code=COUNCIL))
    regional.force_login(_regional_user(make_user, "regional-analyst", "regional_analyst", "Test alliance"))
    differ, opened = [], 0
    for name, (extra, posts) in ROUTES.items():
        url = _url(name, extra)
        for method in ["get"] + (["post"] if posts else []):
            as_viewer = getattr(viewer, method)(url).status_code
            as_regional = getattr(regional, method)(url).status_code
            opened += as_regional == 200
            if as_viewer != as_regional:
                differ.append(f"{method.upper()} {url}: viewer {as_viewer}, regional analyst {as_regional}")
    assert not differ, "; ".join(differ)
    assert opened >= 5  # the council's pages of aggregates did open
    page = regional.get(f"/councils/{COUNCIL}/people/").content.decode()
    assert 'are shown as "c" to protect the people they describe' in page  # withheld, as for a viewer


def test_pages_taking_a_council_in_their_query_show_none_of_its_figures(
    client: Client, make_user: MakeUser, councils: list[str]
):
    client.force_login(make_user("analyst-other", "analyst", la_code=OTHER))
    for url, instead in QUERIES.items():
        response = client.get(url)
        body = response.content.decode()
        assert f"({COUNCIL})" not in body and f"Council {COUNCIL}" not in body, url  # its name in the fixture
        assert response.status_code in (200, 400, 403, 404), url
        if instead:
            assert instead in body, url
    from datetime import UTC, datetime

    from csc_workforce.store.services.tokens import token_create

    token = token_create(username="analyst-other", created_by="admin", now=datetime.now(UTC))
    answer = client.get(API, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code in (200, 403, 404) and f'"old_la_code": "{COUNCIL}"' not in answer.content.decode()
    assert f'"old_la_code":"{COUNCIL}"' not in answer.content.decode()
