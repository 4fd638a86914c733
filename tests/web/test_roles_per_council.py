"""Roles per council (issue 15): a person who works for two councils holds a role at each, and each council's
pages answer to the role held there; administrators of one council manage only the roles at it and the
accounts of people who work only there; an alliance's regional administrator sets who holds its regional roles
and changes its members and agreement, a regional analyst sees its page with small numbers withheld."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from csc_workforce.store import models as m
from csc_workforce.store.services.alliances import AllianceTerms, save_alliance
from tests.web.conftest import MakeUser

WITHHELD = 'are shown as "c" to protect the people they describe'
ALLIANCE = "Test alliance"


def _two_councils(make_user: MakeUser, name: str = "pat") -> User:
    """An analyst at 990 who is also a viewer at 991."""
    user = make_user(name, "analyst", la_code="990")
    m.CouncilRole.objects.create(user=user, role="viewer", la_code="991")
    return user


def test_each_council_answers_to_the_role_held_there(client: Client, make_user: MakeUser, councils: list[str]):
    client.force_login(_two_councils(make_user))
    analyst, viewer = client.get("/councils/990/").content.decode(), client.get("/councils/991/").content.decode()
    assert "Council 990" in analyst and WITHHELD not in analyst
    assert "Signed in as pat (analyst at 990, viewer at 991)." in analyst
    assert "Council 991" in viewer and WITHHELD in viewer
    assert client.get("/councils/990/reconcile/").status_code == 200
    assert client.get("/councils/991/reconcile/").status_code == 403  # an analyst's page; a viewer there
    assert client.get("/councils/991/census/2025.xml").status_code == 403
    uploads = client.get("/uploads/").content.decode()
    assert 'value="990"' in uploads and 'value="991"' not in uploads  # loads data only where an analyst
    data = client.get("/data/").content.decode()
    assert "Council 990 (990)" in data and "(991)" not in data
    dashboard = client.get("/").content.decode()
    assert "/councils/990/" in dashboard and "/councils/991/" in dashboard  # both councils are theirs to see


def test_a_manager_s_teams_are_those_of_the_council_they_manage_at(
    client: Client, make_user: MakeUser, councils: list[str]
):
    user = make_user("mo", "manager", la_code="990", teams=["Team A"])
    m.CouncilRole.objects.create(user=user, role="viewer", la_code="991")
    from csc_workforce.web.access import grants_of

    grants = grants_of(user)
    assert grants.teams_for("990") == frozenset({"Team A"}) and grants.teams_for("991") is None
    assert grants.role_for("990") is m.Role.MANAGER and grants.role_for("991") is m.Role.VIEWER
    assert grants.role_for("992") is None and grants.strongest() is m.Role.MANAGER


def test_an_admin_of_one_council_manages_its_roles_and_only_its_own_people(
    client: Client, make_user: MakeUser, councils: list[str]
):
    client.force_login(make_user("boss", "admin", la_code="990"))
    make_user("sol", "viewer", la_code="990")
    _two_councils(make_user)  # pat: analyst at 990, viewer at 991
    make_user("far", "analyst", la_code="991")
    page = client.get("/users/").content.decode()
    assert "sol" in page and "pat" in page and "far" not in page
    assert "viewer at 991" not in page  # the role at the other council is not theirs to see
    assert "Their account also reaches other councils" in page
    assert client.post("/users/pat/reset").status_code == 403  # pat's account also reaches 991
    assert client.post("/users/pat/token").status_code == 403
    assert "The password for sol is" in client.post("/users/sol/reset", follow=True).content.decode()
    # a role at 990 for someone from 991: given, and the account is still not this admin's to manage
    given = client.post(
        "/users/", {"grant-username": "far", "grant-role": "viewer", "grant-la": "990", "grant-teams": ""}, follow=True
    )
    assert "far is now viewer at 990." in given.content.decode()
    assert sorted(m.CouncilRole.objects.filter(user__username="far").values_list("la_code", "role")) == [
        ("990", "viewer"),
        ("991", "analyst"),
    ]
    refused = client.post("/users/", {"grant-username": "far", "grant-role": "admin", "grant-la": "991"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()  # 991 is no choice
    assert m.CouncilRole.objects.get(user__username="far", la_code="991").role == "analyst"
    assert client.post("/users/far/remove-role", {"la": "991"}).status_code == 403
    assert client.post("/users/far/remove-role", {"la": "990"}, follow=True).status_code == 200
    assert not m.CouncilRole.objects.filter(user__username="far", la_code="990").exists()
    events = m.AuditEvent.objects.filter(action__in=["role_granted", "role_removed"]).order_by("pk")
    assert [(e.action, e.object_id, e.detail.get("la_code")) for e in events] == [
        ("role_granted", "far", "990"),
        ("role_removed", "far", "990"),
    ]


def test_an_admin_of_every_council_sees_and_manages_everyone(client: Client, make_user: MakeUser, councils: list[str]):
    client.force_login(make_user("root", "admin"))
    _two_councils(make_user)
    page = client.get("/users/").content.decode()
    assert "analyst at 990" in page and "viewer at 991" in page
    assert "Their account also reaches other councils" not in page
    assert "The password for pat is" in client.post("/users/pat/reset", follow=True).content.decode()


@pytest.fixture
def alliance(councils: list[str]) -> str:
    save_alliance(AllianceTerms(ALLIANCE, ("990", "991")), set_by="t", now=datetime.now(UTC))
    return ALLIANCE


def _regional(make_user: MakeUser, name: str, role: str) -> User:
    user = make_user(name, None)
    m.AllianceRole.objects.create(user=user, alliance=m.Alliance.objects.get(name=ALLIANCE), role=role)
    return user


def test_a_regional_administrator_sets_who_holds_the_alliance_s_roles(
    client: Client, make_user: MakeUser, alliance: str
):
    client.force_login(_regional(make_user, "reg-admin", "regional_admin"))
    make_user("ria", None)
    page = client.get(f"/regional/{ALLIANCE}/").content.decode()
    assert "Who holds the alliance's roles" in page and "reg-admin: regional administrator" in page
    assert "Signed in as reg-admin (regional administrator of Test alliance)." in page
    assert f'href="/regional/?edit={ALLIANCE.replace(" ", "%20")}#alliance"' in page
    done = client.post(
        f"/regional/{ALLIANCE}/roles/", {"username": "ria", "role": "regional_analyst"}, follow=True
    ).content.decode()
    assert "ria is now regional analyst of Test alliance." in done
    assert m.AllianceRole.objects.get(user__username="ria").role == "regional_analyst"
    unknown = client.post(
        f"/regional/{ALLIANCE}/roles/", {"username": "nobody", "role": "regional_analyst"}, follow=True
    )
    assert "There is no user called &#x27;nobody&#x27;" in unknown.content.decode()
    # the analyst sees the page, small numbers withheld, and cannot set roles or change the alliance
    analyst = Client()
    analyst.force_login(User.objects.get(username="ria"))
    seen = analyst.get(f"/regional/{ALLIANCE}/").content.decode()
    assert ALLIANCE in seen and "Who holds the alliance" not in seen
    assert (
        analyst.post(f"/regional/{ALLIANCE}/roles/", {"username": "ria", "role": "regional_admin"}).status_code == 403
    )
    assert analyst.get(f"/regional/?edit={ALLIANCE}").status_code == 403
    assert WITHHELD in analyst.get("/councils/990/").content.decode()  # a member council, as a viewer sees it
    client.post(f"/regional/{ALLIANCE}/roles/", {"remove": "ria"})
    assert not m.AllianceRole.objects.filter(user__username="ria").exists()
    assert analyst.get(f"/regional/{ALLIANCE}/").status_code == 403


def test_a_regional_administrator_changes_the_alliance_but_neither_adds_nor_removes_one(
    client: Client, make_user: MakeUser, alliance: str
):
    client.force_login(_regional(make_user, "reg-admin", "regional_admin"))
    form = {"name": ALLIANCE, "members": "990, 991, 992", "cooling_off_months": "9", "caps": "", "references": "on"}
    changed = client.post(f"/regional/?edit={ALLIANCE}", form, follow=True)
    assert changed.status_code == 200 and "Saved the alliance Test alliance." in changed.content.decode()
    held = m.Alliance.objects.get(name=ALLIANCE)
    assert held.cooling_off_months == 9 and sorted(held.members.values_list("la_code", flat=True)) == [
        "990",
        "991",
        "992",
    ]
    assert client.post("/regional/", {**form, "name": "Another alliance"}).status_code == 403
    assert not m.Alliance.objects.filter(name="Another alliance").exists()
    assert client.post("/regional/", {"remove": ALLIANCE}).status_code == 403
    assert m.Alliance.objects.filter(name=ALLIANCE).exists()


def test_a_regional_administrator_needs_a_second_factor(make_user: MakeUser, alliance: str):
    from csc_workforce.store.services.second_factor import totp_required

    assert totp_required(_regional(make_user, "reg-admin", "regional_admin"))
    assert not totp_required(_regional(make_user, "reg-analyst", "regional_analyst"))
    assert totp_required(make_user("boss", "admin", la_code="990"))


def test_an_admin_of_one_council_reads_only_the_audit_of_the_people_they_manage(
    client: Client, make_user: MakeUser, councils: list[str]
):
    from csc_workforce.store.services.audit import audit_record

    now = datetime.now(UTC)
    boss = make_user("boss", "admin", la_code="990")
    make_user("sol", "viewer", la_code="990")
    _two_councils(make_user)  # pat also works for 991: their account is not this admin's
    make_user("far", "analyst", la_code="991")
    for name in ("sol", "pat", "far", "loader"):
        audit_record(action="export", username=name, object_type="council-table", object_id=f"x/{name}", now=now)
    client.force_login(boss)
    page = client.get("/audit/").content.decode()
    assert "x/sol" in page and "x/pat" not in page and "x/far" not in page and "x/loader" not in page
    download = client.get("/audit/download.csv").content.decode()
    assert "x/sol" in download and "x/far" not in download
    root = Client()
    root.force_login(make_user("root", "admin"))
    assert all(f"x/{name}" in root.get("/audit/").content.decode() for name in ("sol", "pat", "far", "loader"))


def test_a_regional_administrator_registers_a_key_from_its_file_and_only_its_id_is_kept(
    client: Client, make_user: MakeUser, alliance: str
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from csc_workforce.regional import Key

    key = Key(bytes(range(32)))
    client.force_login(_regional(make_user, "reg-admin", "regional_admin"))
    page = client.get(f"/regional/{ALLIANCE}/").content.decode()
    assert "Register a key" in page and 'type="file"' in page and "None: members" in page
    wrong = client.post(
        f"/regional/{ALLIANCE}/keys/", {"key_file": SimpleUploadedFile("k.key", b"not a key")}, follow=True
    )
    assert "govuk-error-summary" in wrong.content.decode() and not m.AllianceKey.objects.exists()
    assert "hex digits" in wrong.content.decode()  # what a key file must hold
    done = client.post(
        f"/regional/{ALLIANCE}/keys/",
        {"key_file": SimpleUploadedFile("k.key", key.material.hex().encode())},
        follow=True,
    ).content.decode()
    assert f"Registered the key {key.key_id} to Test alliance" in done and f"<code>{key.key_id}</code>" in done
    assert list(m.AllianceKey.objects.values_list("key_id", flat=True)) == [key.key_id]
    assert key.material.hex() not in done
    event = m.AuditEvent.objects.get(object_type="alliance_key")
    assert key.material.hex() not in str(event.detail) and event.username == "reg-admin"
    analyst = Client()
    analyst.force_login(_regional(make_user, "reg-analyst", "regional_analyst"))
    assert "Register a key" not in analyst.get(f"/regional/{ALLIANCE}/").content.decode()
    refused = analyst.post(f"/regional/{ALLIANCE}/keys/", {"key_file": SimpleUploadedFile("k.key", b"00" * 32)})
    assert refused.status_code == 403 and m.AllianceKey.objects.count() == 1
