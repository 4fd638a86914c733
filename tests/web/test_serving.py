"""Serving: the signing key for the local demo, refusing to serve beyond this computer without a configured
key, and the demo's admin user."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from csc_workforce.web.serving import ServeError, is_loopback, secret_key_configure, secret_key_load_or_create


def test_the_local_key_is_made_once_readable_by_its_owner_only_and_reused(tmp_path: Path):
    path = tmp_path / ".csc-workforce-secret"
    key = secret_key_load_or_create(path)
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_load_or_create(path) == key


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses_are_recognised(host: str, loopback: bool):
    assert is_loopback(host) is loopback


def test_serving_beyond_this_computer_needs_a_configured_key(settings):
    settings.CONFIGURED_SECRET_KEY = ""
    with pytest.raises(ServeError, match="CSC_WORKFORCE_SECRET_KEY"):
        secret_key_configure(host="0.0.0.0")


def test_a_configured_key_is_used_as_it_is(settings):
    settings.CONFIGURED_SECRET_KEY = settings.SECRET_KEY = "configured"
    assert secret_key_configure(host="0.0.0.0") == "CSC_WORKFORCE_SECRET_KEY"
    assert settings.SECRET_KEY == "configured"


def test_the_serve_command_refuses_a_public_address_without_a_key(db: None, settings, capsys):
    settings.CONFIGURED_SECRET_KEY = ""
    assert main(["serve", "--host", "0.0.0.0", "--port", "8999"]) == 1
    assert "Set CSC_WORKFORCE_SECRET_KEY" in capsys.readouterr().err


def test_the_demo_admin_is_created_then_given_a_new_password(db: None):
    from csc_workforce.cli.demo import demo_admin

    first = demo_admin()
    user = User.objects.get(username="admin")
    assert user.council_roles.get().role == "admin" and user.check_password(first)
    second = demo_admin()
    user.refresh_from_db()
    assert second != first and user.check_password(second)
    assert [e.action for e in m.AuditEvent.objects.order_by("id")] == ["user_created", "password_set"]
