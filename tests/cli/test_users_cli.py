"""``csc-workforce users create`` and ``tokens create``, run in-process."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.contrib.auth.models import User

from csc_workforce.cli.main import main
from csc_workforce.store import models as m


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):
    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


def test_users_create_makes_a_user_with_a_role_and_prints_a_strong_password(
    db: None, capsys: pytest.CaptureFixture[str]
):
    assert (
        main(["users", "create", "mo", "--role", "manager", "--team", "Team A", "--team", "Team B", "--council", "990"])
        == 0
    )
    out = capsys.readouterr().out
    password = out.split("Password (shown once; give it to them securely): ")[1].strip()
    assert len(password) >= 20
    user = User.objects.get(username="mo")
    assert user.check_password(password) and user.password.startswith("argon2")
    assert (user.council_roles.get().role, user.council_roles.get().la_code, user.council_roles.get().teams) == (
        "manager",
        "990",
        ["Team A", "Team B"],
    )
    event = m.AuditEvent.objects.get(action="user_created")
    assert event.object_id == "mo" and event.detail["role"] == "manager"


def test_users_create_reads_the_password_from_stdin(db: None, stdin, capsys: pytest.CaptureFixture[str]):
    stdin("Correct-horse-42-battery\n")
    assert main(["users", "create", "ann", "--role", "analyst", "--password-stdin"]) == 0
    assert "Password" not in capsys.readouterr().out
    assert User.objects.get(username="ann").check_password("Correct-horse-42-battery")


@pytest.mark.parametrize("password", ["short", "password1234", "12345678901234"])
def test_users_create_refuses_a_weak_password(db: None, stdin, capsys: pytest.CaptureFixture[str], password: str):
    stdin(password + "\n")
    assert main(["users", "create", "ann", "--role", "analyst", "--password-stdin"]) == 1
    assert "not strong enough" in capsys.readouterr().err
    assert not User.objects.filter(username="ann").exists()


def test_users_create_says_clearly_when_the_user_exists(db: None, capsys: pytest.CaptureFixture[str]):
    assert main(["users", "create", "ann", "--role", "analyst"]) == 0
    assert main(["users", "create", "ann", "--role", "viewer"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert User.objects.get(username="ann").council_roles.get().role == "analyst"


def test_teams_are_only_for_managers(db: None, capsys: pytest.CaptureFixture[str]):
    assert main(["users", "create", "vi", "--role", "viewer", "--team", "Team A"]) == 1
    assert "Teams are for managers only" in capsys.readouterr().err


def test_an_unknown_role_is_a_usage_error(db: None):
    with pytest.raises(SystemExit) as exit_:
        main(["users", "create", "ann", "--role", "superuser"])
    assert exit_.value.code == 2


def test_tokens_create_prints_a_token_once_and_keeps_only_its_hash(db: None, capsys: pytest.CaptureFixture[str]):
    main(["users", "create", "ann", "--role", "analyst"])
    capsys.readouterr()
    assert main(["tokens", "create", "ann"]) == 0
    token = capsys.readouterr().out.splitlines()[-1]
    assert token.startswith("cscw_") and len(token) > 40
    assert m.ApiToken.objects.get().token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert m.AuditEvent.objects.filter(action="token_created").count() == 1


def test_tokens_create_for_an_unknown_user_fails_clearly(db: None, capsys: pytest.CaptureFixture[str]):
    assert main(["tokens", "create", "ghost"]) == 1
    assert "no user called 'ghost'" in capsys.readouterr().err


def test_users_reset_second_factor_removes_the_app_and_is_audited(db: None, capsys: pytest.CaptureFixture[str]):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.create_user(username="root", password="Correct-horse-42-battery")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert main(["users", "reset-second-factor", "root"]) == 0
    assert "Removed the second factor of root" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = m.AuditEvent.objects.get(action="second_factor_reset")
    assert event.object_id == "root" and event.detail == {"devices_removed": 1}
    assert main(["users", "reset-second-factor", "root"]) == 0
    assert "had no second factor" in capsys.readouterr().out


def test_users_reset_second_factor_of_an_unknown_user_fails_with_a_message(
    db: None, capsys: pytest.CaptureFixture[str]
):
    assert main(["users", "reset-second-factor", "nobody"]) == 1
    assert "There is no user called 'nobody'" in capsys.readouterr().err


def test_users_grant_gives_a_second_council_and_a_regional_role_and_revoke_takes_them_away(
    db: None, capsys: pytest.CaptureFixture[str]
):
    from datetime import UTC, datetime

    from csc_workforce.store.services.alliances import AllianceTerms, save_alliance

    save_alliance(AllianceTerms("North", ("990", "991")), set_by="t", now=datetime.now(UTC))
    assert main(["users", "create", "pat", "--role", "analyst", "--council", "990"]) == 0
    assert main(["users", "grant", "pat", "--role", "manager", "--council", "991", "--team", "Team C"]) == 0
    assert main(["users", "grant", "pat", "--role", "regional_analyst", "--alliance", "North"]) == 0
    out = capsys.readouterr().out
    assert "pat is now manager at 991." in out and "pat is now regional analyst at North." in out
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out == (
        "pat: analyst at 990; manager at 991 (teams: Team C); regional analyst of North\n"
    )
    # mistakes: a regional role at a council, a council role in an alliance, teams for a viewer, no such user
    assert main(["users", "grant", "pat", "--role", "regional_admin", "--council", "990"]) == 2
    assert main(["users", "grant", "pat", "--role", "viewer", "--alliance", "North"]) == 2
    assert main(["users", "grant", "pat", "--role", "viewer", "--council", "992", "--team", "X"]) == 1
    assert main(["users", "grant", "nobody", "--role", "viewer", "--council", "992"]) == 1
    assert main(["users", "grant", "pat", "--role", "regional_admin", "--alliance", "South"]) == 1
    err = capsys.readouterr().err
    assert "Teams are for managers only" in err and "There is no user called 'nobody'" in err
    assert "No alliance 'South' is held" in err
    assert main(["users", "revoke", "pat", "--council", "991"]) == 0
    assert main(["users", "revoke", "pat", "--alliance", "North"]) == 0
    assert main(["users", "revoke", "pat", "--council", "991"]) == 1
    assert "pat holds no role at 991." in capsys.readouterr().err
    assert list(m.CouncilRole.objects.values_list("la_code", "role")) == [("990", "analyst")]
    assert not m.AllianceRole.objects.exists()
    events = m.AuditEvent.objects.filter(action__startswith="role_").order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["role_granted", "role_granted", "role_removed", "role_removed"]


def test_users_create_makes_a_regional_user_in_an_alliance(db: None, capsys: pytest.CaptureFixture[str]):
    from datetime import UTC, datetime

    from csc_workforce.store.services.alliances import AllianceTerms, save_alliance

    save_alliance(AllianceTerms("North", ("990", "991")), set_by="t", now=datetime.now(UTC))
    assert main(["users", "create", "reg", "--role", "regional_admin", "--alliance", "North"]) == 0
    assert "Created regional admin reg." in capsys.readouterr().out
    assert m.AllianceRole.objects.get(user__username="reg").role == "regional_admin"
    assert not m.CouncilRole.objects.filter(user__username="reg").exists()
    assert main(["users", "create", "reg2", "--role", "regional_analyst", "--alliance", "South"]) == 1
    assert main(["users", "create", "reg3", "--role", "regional_analyst", "--council", "990"]) == 1
    assert main(["users", "create", "reg4", "--role", "viewer", "--alliance", "North"]) == 1
    err = capsys.readouterr().err
    assert "give one held" in err and "not at a council" in err and "An alliance is for a regional role" in err
    assert not User.objects.filter(username__in=["reg2", "reg3", "reg4"]).exists()
