"""The read-only JSON API: bearer tokens, the same rows as the CLI, council restriction, audit, OpenAPI."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from csc_workforce.store.services.accounts import token_create
from tests.web.conftest import NOW, MakeUser


def _token(make_user: MakeUser, role: str = "viewer", la_code: str = "") -> str:
    make_user("reader", role, la_code=la_code)
    return token_create(username="reader", created_by="admin", now=NOW)


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
    ("query", "status"), [("", 400), ("year=abc", 400), ("year=2025&as_at=31/03/2025", 400), ("year=2025&la=999", 404)]
)
def test_bad_parameters_are_json_errors(
    client: Client, make_user: MakeUser, councils: list[str], query: str, status: int
):
    response = _get(client, f"/api/measures?{query}", _token(make_user))
    assert response.status_code == status
    assert response.json()["error"]


def test_api_requests_are_audited_and_the_token_records_its_last_use(
    client: Client, make_user: MakeUser, councils: list[str]
):
    token = _token(make_user)
    _get(client, "/api/measures?year=2025&la=990", token)
    event = m.AuditEvent.objects.get(action="api")
    assert event.username == "reader"
    assert event.detail == {"query": "year=2025&la=990"}
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
