"""Security headers on every response, and the GOV.UK Frontend assets: served by the app, no GOV.UK branding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from csc_workforce.web.middleware import CONTENT_SECURITY_POLICY
from tests.web.conftest import MakeUser

STATIC = Path(__file__).resolve().parents[2] / "src" / "csc_workforce" / "web" / "static"


@pytest.mark.parametrize("url", ["/sign-in/", "/", "/api/measures?year=2025", "/api/openapi.json", "/nowhere/"])
def test_every_response_has_the_security_headers(client: Client, db: None, url: str):
    response = client.get(url)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_are_not_cached(client: Client, db: None):
    assert client.get("/sign-in/")["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style(client: Client, make_user: MakeUser, councils: list[str]):
    client.force_login(make_user("ann", "admin"))
    for url in ["/", "/councils/990/", "/measures/?year=2025", "/data/", "/audit/", "/sign-in/"]:
        html = client.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert "<style" not in html and " style=" not in html, url
        assert 'href="#main-content" class="govuk-skip-link"' in html


@pytest.mark.parametrize(
    "path", ["govuk/govuk-frontend.min.css", "govuk/govuk-frontend.min.js", "css/app.css", "js/app.js"]
)
def test_the_app_serves_its_static_files(client: Client, db: None, path: str):
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (STATIC / path).read_bytes()


def test_gov_uk_frontend_is_pinned_and_its_fonts_and_crown_are_not_shipped():
    assert re.fullmatch(r"\d+\.\d+\.\d+", (STATIC / "govuk" / "VERSION").read_text().strip())
    shipped = {p.suffix for p in STATIC.rglob("*") if p.is_file()}
    assert not shipped & {".woff", ".woff2", ".svg", ".png", ".ico"}
    assert "GDS Transport" not in (STATIC / "css" / "app.css").read_text().replace("must not use GDS Transport", "")


def test_pages_use_no_crown_and_no_gov_uk_name(client: Client, make_user: MakeUser, db: None):
    client.force_login(make_user("ann", "admin"))
    html = client.get("/").content.decode()
    assert "govuk-generic-header" in html and "govuk-header__logotype" not in html
    assert "GOV.UK" not in html and "crown" not in html.lower()
    assert ">csc-workforce</a>" in html


def test_the_service_name_is_configurable(client: Client, db: None, settings):
    settings.SERVICE_NAME = "Northgate workforce"
    assert "Northgate workforce" in client.get("/sign-in/").content.decode()
