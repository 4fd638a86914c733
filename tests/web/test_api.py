"""The read-only JSON API: bearer tokens, the same rows as the CLI, council restriction, audit, OpenAPI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from csc_workforce.store.services.tokens import token_create
from tests.web.conftest import NOW, MakeUser


def _token(make_user: MakeUser, role: str = "viewer", la_code: str = "") -> str:
    make_user("reader", role, la_code=la_code)
    return token_create(username="reader", created_by="admin", now=datetime.now(UTC))  # the API checks expiry now


def _get(client: Client, url: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(url, headers=headers)


def test_no_token_is_a_401_with_a_bearer_challenge(client: Client, councils: list[str]):
    response = _get(client, "/api/measures?year=2025")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "tokens create" in response.json()["error"]


@pytest.mark.parametrize("header", ["Bearer cscw_not-a-real-token", "Bearer ", "Basic YWRtaW46YWRtaW4=", "cscw_x"])
def test_a_bad_token_is_a_401(client: Client, councils: list[str], header: str):
    response = client.get("/api/measures?year=2025", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_a_401(client: Client, make_user: MakeUser, councils: list[str]):
    token = _token(make_user)
    m.ApiToken.objects.update(revoked_at=NOW)
    assert _get(client, "/api/measures?year=2025", token).status_code == 401


def test_a_session_cookie_does_not_authenticate_the_api(client: Client, make_user: MakeUser, councils: list[str]):
    client.force_login(make_user("ann", "admin"))
    assert client.get("/api/measures?year=2025").status_code == 401


def test_the_api_returns_exactly_what_the_cli_prints(
    client: Client, make_user: MakeUser, councils: list[str], capsys: pytest.CaptureFixture[str]
):
    token = _token(make_user)
    for query, argv in [
        ("year=2025", ["--year", "2025"]),
        ("year=2025&la=990", ["--year", "2025", "--la", "990"]),
        (
            "year=2025&la=990&la=991&as_at=2025-03-31",  # the returns cover 1 October 2023 to 30 September 2025
            ["--year", "2025", "--la", "990", "--la", "991", "--as-at", "2025-03-31"],
        ),
    ]:
        response = _get(client, f"/api/measures?{query}", token)
        assert response.status_code == 200
        assert main(["measures", *argv, "--format", "json"]) == 0
        cli_rows = json.loads(capsys.readouterr().out)
        api_rows = response.json()
        assert [list(row) for row in api_rows] == [list(row) for row in cli_rows]
        assert api_rows == cli_rows


def test_a_token_of_a_user_restricted_to_one_council_sees_only_that_council(
    client: Client, make_user: MakeUser, councils: list[str]
):
    token = _token(make_user, role="analyst", la_code="990")
    rows = _get(client, "/api/measures?year=2025", token).json()
    assert [row["old_la_code"] for row in rows] == ["990"]
    response = _get(client, "/api/measures?year=2025&la=991", token)
    assert response.status_code == 403
    assert "991" in response.json()["error"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "Give the census year"),
        ("year=", "Give the census year"),
        ("year=abc", "four digits"),
        ("year=20250", "four digits"),  # would overflow a date: was an HTML 500
        ("year=99999999999999999999", "four digits"),
        ("year=-2025", "four digits"),
        ("year=２０２５", "four digits"),  # full-width digits are digits to Python, not to the API
        ("year=2025&year=2024", "Give year once"),
        ("year=2025&as_at=31/03/2025", "as_at as a date"),
        ("year=2025&as_at=2025-02-30", "as_at as a date"),
        ("year=2025&basis=published", "basis as returned or records"),
        ("year=2025&basis=returned&basis=records", "Give basis once"),
        ("year=2025&as_at=2025-03-31&basis=returned", "only for census years"),
        ("year=2025&la=999", "No records for council(s) 999"),  # a council not held
        ("year=2025&la=99", "3-digit code"),
        ("year=2025&la=abc", "3-digit code"),
        ("year=2025&measure=turnover_rate_fte", "Unknown parameter(s) measure"),
        ("year=2025&councils=990", "Unknown parameter(s) councils"),
    ],
)
def test_every_bad_parameter_is_a_json_400_saying_what_to_send(
    client: Client, make_user: MakeUser, councils: list[str], query: str, says: str
):
    response = _get(client, f"/api/measures?{query}", _token(make_user))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert says in response.json()["error"]
    assert m.AuditEvent.objects.get(action="api").detail["status"] == 400


def test_no_council_held_is_a_json_404(client: Client, make_user: MakeUser):
    response = _get(client, "/api/measures?year=2025", _token(make_user))
    assert response.status_code == 404
    assert "holds no councils" in response.json()["error"]


def test_an_expired_token_is_a_401_and_a_token_is_good_until_it_expires(
    client: Client, make_user: MakeUser, councils: list[str]
):
    make_user("reader", "viewer")
    now = datetime.now(UTC)
    old = token_create(username="reader", created_by="admin", now=now - timedelta(days=90, seconds=1))
    young = token_create(username="reader", created_by="admin", now=now - timedelta(days=89))
    assert _get(client, "/api/measures?year=2025", old).status_code == 401
    assert _get(client, "/api/measures?year=2025", young).status_code == 200
    assert m.AuditEvent.objects.get(action="api_refused").detail["reason"] == "expired token"


def test_a_token_of_a_stopped_user_is_a_401(client: Client, make_user: MakeUser, councils: list[str]):
    token = _token(make_user)
    User.objects.filter(username="reader").update(is_active=False)
    assert _get(client, "/api/measures?year=2025", token).status_code == 401


def test_a_refused_token_is_audited_with_its_address_and_first_characters_only(client: Client, councils: list[str]):
    token = "cscw_ABCDsecretsecretsecretsecretsecretsecret12"
    client.get("/api/measures?year=2025", headers={"Authorization": f"Bearer {token}"}, HTTP_USER_AGENT="curl/8.5")
    event = m.AuditEvent.objects.get(action="api_refused")
    assert (event.ip, event.user_agent) == ("127.0.0.1", "curl/8.5")
    assert event.object_id == "cscw_ABCD…"
    assert event.detail["reason"] == "unknown token" and event.detail["count"] == 1
    assert "secret" not in json.dumps(list(m.AuditEvent.objects.values()), default=str)


def test_refused_tokens_from_one_address_are_counted_in_one_row_not_one_each(client: Client, councils: list[str]):
    for _ in range(30):
        client.get("/api/measures?year=2025", headers={"Authorization": "Bearer cscw_same-wrong-token"})
    (event,) = m.AuditEvent.objects.filter(action="api_refused")
    assert event.detail["count"] == 30


def test_many_different_refused_tokens_from_one_address_fill_at_most_21_rows(client: Client, councils: list[str]):
    # 20 rows for the first 20 token starts, then one row counting the rest from that address
    for n in range(40):
        client.get("/api/measures?year=2025", headers={"Authorization": f"Bearer cscw_{n:04d}-guess"})
    rows = m.AuditEvent.objects.filter(action="api_refused")
    assert rows.count() == 21
    folded = rows.get(object_type="repeats")
    assert (folded.object_id, folded.ip, folded.detail["count"]) == ("address", "127.0.0.1", 20)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_than_get_are_a_json_405(client: Client, make_user: MakeUser, councils: list[str], method: str):
    token = _token(make_user)
    for url in ("/api/measures?year=2025", "/api/openapi.json"):
        response = getattr(client, method)(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert "read-only" in response.json()["error"]


def test_an_unknown_api_path_is_a_json_404(client: Client, db: None):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert "openapi.json" in response.json()["error"]
    assert b"<html" not in client.get("/api/").content


def test_a_server_error_in_the_api_is_json_and_still_audited(
    make_user: MakeUser, councils: list[str], monkeypatch: pytest.MonkeyPatch
):
    def broken(**query: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("csc_workforce.web.views.api.measures_rows", broken)
    client = Client(raise_request_exception=False)
    response = _get(client, "/api/measures?year=2025", _token(make_user))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "went wrong on the server" in response.json()["error"]
    assert "database went away" not in response.json()["error"]
    assert m.AuditEvent.objects.get(action="api").detail["status"] == 500


def test_a_forbidden_council_is_a_json_403(client: Client, make_user: MakeUser, councils: list[str]):
    response = _get(client, "/api/measures?year=2025&la=991", _token(make_user, role="analyst", la_code="990"))
    assert response.status_code == 403 and "991" in response.json()["error"]


def test_api_requests_are_audited_and_the_token_records_its_last_use(
    client: Client, make_user: MakeUser, councils: list[str]
):
    token = _token(make_user)
    client.get("/api/measures?year=2025&la=990", headers={"Authorization": f"Bearer {token}"}, HTTP_USER_AGENT="R")
    event = m.AuditEvent.objects.get(action="api")
    assert (event.username, event.ip, event.user_agent) == ("reader", "127.0.0.1", "R")
    assert event.detail == {"query": "year=2025&la=990", "status": 200}
    assert m.ApiToken.objects.get().last_used_at is not None


def test_only_a_hash_of_the_token_is_stored(make_user: MakeUser):
    import hashlib

    token = _token(make_user)
    stored = m.ApiToken.objects.get()
    assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(list(m.ApiToken.objects.values()), default=str)
    assert m.AuditEvent.objects.get(action="token_created").object_id == str(stored.pk)


def test_the_openapi_document_is_openapi_3_1_and_describes_the_measures(client: Client, db: None):
    from tests.cli.test_cli import MEASURE_KEYS

    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")
    assert {"title", "version"} <= set(document["info"])
    operation = document["paths"]["/api/measures"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"year", "la", "as_at", "basis"}
    assert {"200", "401"} <= set(operation["responses"])
    row = document["components"]["schemas"]["MeasuresRow"]
    assert list(row["properties"]) == MEASURE_KEYS
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    refs = [v for v in _walk(document) if isinstance(v, str) and v.startswith("#/")]
    for ref in refs:
        target = document
        for part in ref[2:].split("/"):
            target = target[part]


def _walk(value: object):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref":
                yield item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
