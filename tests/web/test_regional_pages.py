"""The regional pages: an alliance's flows from its members' imported extracts, for the alliance's own staff;
administrators and analysts see the moves breaching the agreement, viewers neither those nor small numbers; a
user of one council sees none of it; each table downloads, audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.test import Client

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser

NAME = "Test alliance"
PAGE = "/regional/Test%20alliance/"
NOW = datetime(2026, 1, 5, tzinfo=UTC)


@pytest.fixture
def alliance_held(db: None) -> list[object]:
    return hold_alliance()


def hold_alliance() -> list[object]:
    """The synthetic test alliance (901, 902, 903 with planted moves), its key registered and every member's
    extract as at 30 September 2025 imported; returns the planted moves."""
    from csc_workforce.regional import Key, make_extract
    from csc_workforce.store.services.alliances import AllianceTerms, save_alliance
    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.store.services.records import records_load
    from csc_workforce.store.services.regional import import_extracts, register_key
    from csc_workforce.synthetic.alliance import alliance_councils

    councils, planted = alliance_councils()
    key = Key(bytes(range(32)))
    save_alliance(AllianceTerms(NAME, ("901", "902", "903")), set_by="t", now=NOW)
    register_key(NAME, key, added_by="t", now=NOW)
    files = []
    for records in councils:
        council = demo_load(records=records, description="synthetic", recorded_by="t", now=NOW)
        made = make_extract(records_load(council=council), key=key, as_at=date(2025, 9, 30))
        files.append((f"{records.council.la_code}.csv", made.text.encode()))
    assert all(o.accepted for o in import_extracts(files, alliance=NAME, keys=[key], imported_by="t", now=NOW))
    return list(planted)


def test_an_analyst_of_the_alliance_sees_the_moves_and_the_breaches(
    client: Client, make_user: MakeUser, alliance_held: list[object]
):
    client.force_login(make_user("regional", "analyst"))
    assert NAME in client.get("/regional/").content.decode()
    assert 'href="/regional/"' in client.get("/").content.decode()  # in the navigation
    html = client.get(PAGE).content.decode()
    assert "Moves of leavers in the census year 2025" in html
    assert "Retention of each member&#x27;s permanent leavers" in html
    assert "Moves breaching the agreement, census year 2025" in html
    assert "DfE measures for census year 2025, members side by side" in html
    assert "The region (the members together)" in html and "England (DfE, published)" in html
    measures = client.get("/regional/Test%20alliance/measures.csv?year=2025").content.decode()
    table = list(csv.reader(io.StringIO(measures)))
    assert [r[0] for r in table[1:]] == [  # from the members' census returns, which this installation holds
        "Alliance council 901 (901)",
        "Alliance council 902 (902)",
        "Alliance council 903 (903)",
        "The region (the members together)",
        "England (DfE, published)",
    ]
    answer = client.get("/regional/Test%20alliance/breaches.csv?year=2025")
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == ["Worker (pseudonym)", "From", "To", "Left", "Started", "Days between", "Rule broken"]
    between = [r for r in rows[1:] if r[1] != r[2]]
    assert len(between) == 3 and all(r[6].startswith("cooling-off") for r in between)
    assert m.AuditEvent.objects.filter(action="export", object_type="regional-table").exists()


def test_a_viewer_of_the_alliance_sees_no_moves_and_no_small_numbers(
    client: Client, make_user: MakeUser, alliance_held: list[object]
):
    client.force_login(make_user("regional-viewer", "viewer"))
    html = client.get(PAGE).content.decode()
    assert "Moves breaching the agreement" not in html
    matrix = client.get("/regional/Test%20alliance/moves.csv?year=2025").content.decode()
    counts = [r[4] for r in list(csv.reader(io.StringIO(matrix)))[1:]]
    assert counts and all(c == "c" or int(c) == 0 or int(c) >= 5 for c in counts)
    assert client.get("/regional/Test%20alliance/breaches.csv?year=2025").status_code == 404


def test_a_user_of_one_council_sees_no_regional_page(client: Client, make_user: MakeUser, alliance_held: list[object]):
    client.force_login(make_user("local", "analyst", la_code="901"))
    assert 'href="/regional/"' not in client.get("/").content.decode()
    for url in ("/regional/", PAGE, "/regional/Test%20alliance/moves.csv?year=2025"):
        response = client.get(url)
        assert response.status_code == 403 and "Moves of leavers" not in response.content.decode()
    assert client.get("/regional/Nowhere/").status_code == 403  # not even whether an alliance exists


def test_a_year_the_extracts_do_not_reach_is_refused_in_words(
    client: Client, make_user: MakeUser, alliance_held: list[object]
):
    client.force_login(make_user("regional", "analyst"))
    html = client.get(PAGE + "?year=2026").content.decode()
    assert "need every member&#x27;s extract as at 2026-09-30 or later" in html
    assert "Moves of leavers" not in html


def test_an_administrator_downloads_the_council_s_extract_with_the_alliance_s_key(
    client: Client, make_user: MakeUser, db: None
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from csc_workforce.regional import Key, read_extract
    from tests.cli.test_forecast_cli import load_council

    load_council()
    key = Key(bytes(range(32)))
    url = "/councils/990/regional-extract/"
    client.force_login(make_user("admin", "admin"))
    assert "Regional extract: the council" in client.get("/councils/990/").content.decode()
    wrong = client.post(url, {"key_file": SimpleUploadedFile("key.txt", b"not a key"), "as_at": "2025-09-30"})
    text = wrong.content.decode()
    assert wrong.status_code == 200 and "There is a problem" in text and "other than hex digits" in text
    answer = client.post(
        url, {"key_file": SimpleUploadedFile("alliance.key", bytes(range(32)).hex().encode()), "as_at": "2025-09-30"}
    )
    assert answer.status_code == 200 and answer["Content-Disposition"].endswith('990-regional-extract-2025-09-30.csv"')
    read = read_extract(answer.content, [key])
    assert read.la_code == "990" and read.rows
    event = m.AuditEvent.objects.get(action="export", object_type="regional-extract")
    assert event.detail["key_id"] == key.key_id and bytes(range(32)).hex() not in str(event.detail)
    client.force_login(make_user("analyst", "analyst"))
    assert client.get(url).status_code == 403


def test_an_administrator_of_the_region_sets_an_alliance_in_the_web_app(client: Client, make_user: MakeUser, db: None):
    client.force_login(make_user("regional-admin", "admin"))
    wrong = client.post("/regional/", {"name": "North West", "members": "303, 30x", "cooling_off_months": "6"})
    assert "member &#x27;30x&#x27; is not a DfE council code" in wrong.content.decode()
    assert not m.Alliance.objects.exists()
    made = client.post(
        "/regional/",
        {"name": "North West", "members": "303, 304, 305", "cooling_off_months": "4", "caps": "5=42.50\n4=48"},
    )
    assert made.status_code == 302 and made["Location"] == "/regional/North%20West/"
    row = m.Alliance.objects.get(name="North West")
    assert row.cooling_off_months == 4 and row.price_caps == {"5": 42.5, "4": 48.0} and not row.references_required
    form = client.get("/regional/?edit=North%20West").content.decode()
    assert 'value="303, 304, 305"' in form and "5=42.5" in form
    assert client.post("/regional/", {"remove": "North West"}).status_code == 302
    assert not m.Alliance.objects.exists()
    assert m.AuditEvent.objects.filter(object_type="alliance").count() == 2
    client.force_login(make_user("regional-analyst", "analyst"))
    client.post("/regional/", {"name": "East", "members": "303, 304", "cooling_off_months": "6"})
    assert not m.Alliance.objects.exists()  # only an administrator sets alliances
