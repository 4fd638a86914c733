"""``csc-workforce tokens create|list|revoke``, and the audit trail of the command line: imports, exports and
account changes are recorded as the operating-system user, with no address and the user agent of the CLI."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from csc_workforce.cli.main import main
from csc_workforce.store import models as m

CLI = "csc-workforce cli"


@pytest.fixture
def reader(db: None) -> User:
    user = User.objects.create_user(username="reader", password="Correct-horse-42-battery")
    m.CouncilRole.objects.create(user=user, role="viewer")
    return user


def _from_the_command_line(event: m.AuditEvent) -> None:
    assert (event.username, event.ip, event.user_agent) == (getpass.getuser(), None, CLI)


def test_tokens_create_lasts_90_days_or_fewer_and_is_audited(reader: User, capsys: pytest.CaptureFixture[str]):
    before = datetime.now(UTC)
    assert main(["tokens", "create", "reader", "--days", "7"]) == 0
    token = m.ApiToken.objects.get()
    assert before + timedelta(days=7) <= token.expires_at <= datetime.now(UTC) + timedelta(days=7)
    _from_the_command_line(m.AuditEvent.objects.get(action="token_created"))
    assert main(["tokens", "create", "reader", "--days", "91"]) == 1
    assert "from 1 to 90 days" in capsys.readouterr().err


def test_tokens_list_shows_every_token_but_never_the_token(reader: User, capsys: pytest.CaptureFixture[str]):
    main(["tokens", "create", "reader"])
    secret = capsys.readouterr().out.splitlines()[-1]
    assert main(["tokens", "list", "--format", "json"]) == 0
    out = capsys.readouterr().out
    (row,) = json.loads(out)
    assert list(row) == ["id", "user", "created_at", "last_used_at", "expires_at", "revoked_at", "status"]
    assert (row["user"], row["last_used_at"], row["revoked_at"], row["status"]) == ("reader", None, None, "active")
    assert secret not in out and secret[5:] not in out
    assert main(["tokens", "list"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].split() == ["id", "user", "created_at", "last_used_at", "expires_at", "revoked_at", "status"]
    assert text[1].split()[1:2] == ["reader"] and text[1].split()[-1] == "active"
    assert main(["tokens", "list", "--user", "nobody"]) == 0
    assert capsys.readouterr().out == "No API tokens for nobody.\n"


def test_tokens_revoke_stops_a_token_and_says_clearly_when_it_cannot(reader: User, capsys: pytest.CaptureFixture[str]):
    main(["tokens", "create", "reader"])
    capsys.readouterr()
    token_id = m.ApiToken.objects.get().pk
    assert main(["tokens", "revoke", str(token_id), "999"]) == 1  # the known one is still revoked
    captured = capsys.readouterr()
    assert captured.out == f"Revoked API token {token_id} of reader.\n"
    assert "There is no API token 999" in captured.err
    assert m.ApiToken.objects.get().revoked_at is not None
    _from_the_command_line(m.AuditEvent.objects.get(action="token_revoked"))
    assert main(["tokens", "revoke", str(token_id)]) == 1
    assert "revoked already" in capsys.readouterr().err
    main(["tokens", "list", "--format", "csv"])
    assert capsys.readouterr().out.splitlines()[1].endswith(",revoked")


def test_users_create_is_audited_as_the_command_line(db: None, capsys: pytest.CaptureFixture[str]):
    assert main(["users", "create", "mo", "--role", "viewer"]) == 0
    _from_the_command_line(m.AuditEvent.objects.get(action="user_created"))


def test_a_census_import_is_audited_per_file_accepted_or_not(
    db: None, census_files: list[tuple[str, bytes]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    name, data = census_files[0]
    good, bad = tmp_path / name, tmp_path / "broken.xml"
    good.write_bytes(data)
    bad.write_bytes(b"<not a census return")
    assert main(["census", "import", str(good), str(bad)]) == 1
    events = {e.detail["file"]: e for e in m.AuditEvent.objects.filter(action="census-import")}
    assert set(events) == {str(good), str(bad)}
    for event in events.values():
        _from_the_command_line(event)
    assert events[str(good)].object_id == "990/2024" and events[str(good)].detail["accepted"] is True
    assert events[str(bad)].detail["accepted"] is False and events[str(bad)].detail["errors"] >= 1


def test_exports_from_the_command_line_are_audited(
    councils: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["census", "export", "--la", "990", "--year", "2025", "--output", str(tmp_path / "r.xml")]) == 0
    assert main(["measures", "--year", "2025", "--la", "990", "--format", "csv"]) == 0
    assert main(["census", "reconcile", "--la", "990", "--format", "json"]) == 0
    exports = {e.object_type: e for e in m.AuditEvent.objects.filter(action="export")}
    assert set(exports) == {"census-return", "measures", "reconciliation-findings"}
    for event in exports.values():
        _from_the_command_line(event)
    assert exports["census-return"].object_id == "990/2025"
    assert exports["measures"].detail == {"format": "csv", "councils": ["990"], "as_at": None, "basis": None}


def test_a_refused_export_is_not_recorded_as_an_export(db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["census", "export", "--la", "990", "--year", "2025", "--output", str(tmp_path / "r.xml")]) == 1
    assert not m.AuditEvent.objects.filter(action="export").exists()


def test_benchmark_reports_and_neighbour_changes_are_audited_as_the_command_line(
    db: None, capsys: pytest.CaptureFixture[str]
):
    assert main(["benchmark", "--la", "303", "--year", "2024"]) == 0
    assert main(["benchmark", "neighbours", "--la", "303", "--set", "311,307"]) == 0
    report = m.AuditEvent.objects.get(action="export", object_type="benchmark")
    assert report.object_id == "303/2024"
    _from_the_command_line(report)
    _from_the_command_line(m.AuditEvent.objects.get(action="change", object_type="statistical_neighbours"))
