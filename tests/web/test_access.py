"""Every page checks the role: signed-out users are sent to sign in; a role without access gets a 403 page.
One test per role per page, plus the council restriction."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.conftest import MakeUser

RECORD = "/councils/990/development/record/"  # recording practice and development (a manager: their teams)
PROGRAMMES = "/councils/990/development/programmes/"  # the programme lead's: ASYEs and other programmes
PLACEMENTS = "/councils/990/development/placements/"
DEVELOPMENT = "/councils/990/development/"  # the practice and development figures: every role, as it may see them
QUALITY = "/councils/990/practice-quality/"  # the other pages of figures from dated records, likewise
VOICE = "/councils/990/staff-voice/"
TRENDS, PEOPLE = "/councils/990/trends/", "/councils/990/people/"  # two of the council's sub-pages
FORECAST, SCENARIO = "/councils/990/forecast/", "/councils/990/forecast/scenario/"  # the forecast: every role; its
# scenario builder: analysts and administrators
PAGES = [
    "/",
    "/councils/990/",
    TRENDS,
    PEOPLE,
    DEVELOPMENT,
    QUALITY,
    VOICE,
    "/measures/?year=2025",
    "/data/",
    "/audit/",
    RECORD,
    PROGRAMMES,
    PLACEMENTS,
    FORECAST,
    SCENARIO,
]
EVERY_ROLE = {"/", "/councils/990/", TRENDS, PEOPLE, DEVELOPMENT, QUALITY, VOICE, "/measures/?year=2025", FORECAST}
ALLOWED = {
    "admin": EVERY_ROLE | {"/data/", "/audit/", RECORD, PROGRAMMES, PLACEMENTS, SCENARIO},
    "analyst": EVERY_ROLE | {"/data/", RECORD, PROGRAMMES, PLACEMENTS, SCENARIO},
    "manager": EVERY_ROLE | {RECORD},
    "viewer": EVERY_ROLE,
}


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_users_are_sent_to_sign_in(client: Client, db: None, page: str):
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("page", PAGES)
def test_each_role_sees_only_its_pages(client: Client, make_user: MakeUser, councils: list[str], role: str, page: str):
    client.force_login(make_user("someone", role))
    response = client.get(page)
    if page in ALLOWED[role]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "You cannot see this page" in response.content.decode()


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_the_navigation_shows_only_the_pages_of_the_role(client: Client, make_user: MakeUser, role: str):
    client.force_login(make_user("someone", role))
    html = client.get("/").content.decode()
    assert ('href="/audit/"' in html) is (role == "admin")
    assert ('href="/data/"' in html) is (role in ("admin", "analyst"))
    assert "Sign out" in html


@pytest.mark.parametrize("page", PAGES)
def test_a_user_without_a_role_sees_nothing(client: Client, make_user: MakeUser, councils: list[str], page: str):
    client.force_login(make_user("norole", None))
    assert client.get(page).status_code == 403


@pytest.mark.parametrize("role", ["analyst", "manager", "viewer"])
def test_a_user_restricted_to_one_council_cannot_open_another(
    client: Client, make_user: MakeUser, councils: list[str], role: str
):
    client.force_login(make_user("local", role, la_code="990"))
    assert client.get("/councils/990/").status_code == 200
    assert client.get("/councils/991/").status_code == 403
    assert client.get("/councils/990/development/").status_code == 200
    assert client.get("/councils/991/development/").status_code == 403
    assert client.get("/councils/991/development/download/all.xlsx").status_code == 403
    for page in ("practice-quality", "staff-voice"):
        assert client.get(f"/councils/990/{page}/").status_code == 200
        assert client.get(f"/councils/991/{page}/").status_code == 403
        assert client.get(f"/councils/991/{page}/download/all.xlsx").status_code == 403
    dashboard = client.get("/").content.decode()
    assert "/councils/990/" in dashboard and "/councils/991/" not in dashboard
    measures = client.get("/measures/?year=2025").content.decode()
    assert "(990)</th>" in measures and "(991)" not in measures
    other = client.get("/measures/?year=2025&la=991")
    assert other.status_code == 200 and "(991)" not in other.content.decode()  # not a choice: a form error
    assert "govuk-error-summary" in other.content.decode()


def test_an_analyst_restricted_to_one_council_sees_only_its_census_returns(
    client: Client, make_user: MakeUser, councils: list[str]
):
    client.force_login(make_user("local", "analyst", la_code="991"))
    html = client.get("/data/").content.decode()
    assert "991-2025.xml" in html and "990-2025.xml" not in html


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_managers_and_viewers_see_aggregates_and_no_worker_records(
    client: Client, make_user: MakeUser, councils: list[str], role: str
):
    from csc_workforce.store import models as m

    client.force_login(make_user("someone", role, teams=["Team A"] if role == "manager" else None))
    html = client.get("/councils/990/").content.decode()
    person_keys = list(m.Person.objects.filter(council__la_code="990").values_list("key", flat=True)[:20])
    assert person_keys and not any(f">{key}<" in html for key in person_keys)
    assert "Social workers in post – FTE" in html


def test_an_unknown_council_is_a_404_page(client: Client, make_user: MakeUser, councils: list[str]):
    client.force_login(make_user("ann", "analyst"))
    response = client.get("/councils/123/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert client.get("/councils/123/development/").status_code == 404
    assert client.get("/councils/123/trends/").status_code == 404
