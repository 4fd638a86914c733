"""The audit log's origin and repeats (``services.audit``), and API tokens (``services.tokens``): expiry, list,
revoke, and what a refused token may show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from csc_workforce.store import models as m
from csc_workforce.store.services import audit
from csc_workforce.store.services.accounts import AccountError
from csc_workforce.store.services.tokens import (
    TokenRefused,
    token_create,
    token_hint,
    token_revoke,
    token_user,
    tokens_list,
)
from tests.store.conftest import NOW

WINDOW = timedelta(minutes=15)
HERE = audit.Origin("198.51.100.1", "agent/1")


def _repeat(
    *, username: str = "ann", origin: audit.Origin = HERE, at: timedelta = timedelta(), **kw: object
) -> m.AuditEvent:
    return audit.audit_repeated(action="guess", username=username, origin=origin, window=WINDOW, now=NOW + at, **kw)  # type: ignore[arg-type]


def test_an_event_keeps_its_address_and_user_agent_and_the_command_line_is_marked(db: None):
    web = audit.audit_record(action="x", username="ann", origin=HERE, now=NOW)
    cli = audit.audit_record(action="x", username="root", origin=audit.COMMAND_LINE, now=NOW)
    assert (web.ip, web.user_agent) == ("198.51.100.1", "agent/1")
    assert (cli.ip, cli.user_agent) == (None, "csc-workforce cli")


def test_repeats_within_the_window_are_counted_in_the_first_row(db: None):
    first = _repeat(detail={"failures": 1})
    _repeat(at=timedelta(minutes=5), detail={"failures": 2})
    last = _repeat(at=timedelta(minutes=14, seconds=59), detail={"failures": 3})
    assert last.pk == first.pk and m.AuditEvent.objects.count() == 1
    row = m.AuditEvent.objects.get()
    assert row.at == NOW  # the row says when the repeats began ...
    assert row.detail == {"failures": 3, "count": 3, "last_at": (NOW + timedelta(minutes=14, seconds=59)).isoformat()}


def test_a_repeat_after_the_window_starts_a_new_row_and_other_keys_have_their_own(db: None):
    _repeat()
    _repeat(at=timedelta(minutes=15))  # the window is 15 minutes after the first: this one is outside it
    _repeat(username="bob")
    _repeat(origin=audit.Origin("198.51.100.2"))
    _repeat(origin=audit.NOWHERE)
    assert m.AuditEvent.objects.count() == 5
    assert all(e.detail["count"] == 1 for e in m.AuditEvent.objects.all())


def test_one_address_fills_at_most_per_address_rows_then_one_row_counts_the_rest(db: None):
    for n in range(7):
        _repeat(username=f"user{n}", per_address=3)
    rows = m.AuditEvent.objects.order_by("id")
    assert [r.username for r in rows] == ["user0", "user1", "user2", ""]
    folded = rows.last()
    assert folded is not None
    assert (folded.object_type, folded.object_id, folded.ip, folded.detail["count"]) == (
        "repeats",
        "address",
        HERE.ip,
        4,
    )
    _repeat(username="user1", per_address=3)  # a key that has its row goes on being counted there
    assert m.AuditEvent.objects.get(username="user1").detail["count"] == 2


def test_many_addresses_fill_at_most_limit_rows_then_one_row_counts_the_rest_without_an_address(db: None):
    for n in range(6):
        _repeat(origin=audit.Origin(f"198.51.100.{n + 10}"), limit=4)
    rows = m.AuditEvent.objects.order_by("id")
    assert rows.count() == 5
    folded = rows.last()
    assert folded is not None
    assert (folded.object_id, folded.ip, folded.user_agent, folded.detail["count"]) == ("all", None, "", 2)


# Tokens


@pytest.fixture
def reader(db: None) -> User:
    user = User.objects.create_user(username="reader", password="Correct-horse-42-battery")
    m.CouncilRole.objects.create(user=user, role="viewer")
    return user


def test_a_token_lasts_api_token_days_and_is_refused_from_the_moment_it_expires(reader: User):
    token = token_create(username="reader", created_by="admin", now=NOW)
    assert m.ApiToken.objects.get().expires_at == NOW + timedelta(days=90)
    assert token_user(token=token, now=NOW + timedelta(days=90) - timedelta(seconds=1)) == reader
    with pytest.raises(TokenRefused, match="expired token"):
        token_user(token=token, now=NOW + timedelta(days=90))


@override_settings(API_TOKEN_DAYS=30)
def test_a_shorter_life_may_be_asked_for_but_never_a_longer_one(reader: User):
    token_create(username="reader", created_by="admin", now=NOW, days=7)
    assert m.ApiToken.objects.get().expires_at == NOW + timedelta(days=7)
    for days in (0, 31, -1):
        with pytest.raises(AccountError, match="from 1 to 30 days"):
            token_create(username="reader", created_by="admin", now=NOW, days=days)
    assert m.ApiToken.objects.count() == 1


def test_a_revoked_token_is_refused_and_revoking_twice_is_refused_clearly(reader: User):
    token = token_create(username="reader", created_by="admin", now=NOW, origin=HERE)
    record = m.ApiToken.objects.get()
    token_revoke(token_id=record.pk, revoked_by="admin", now=NOW + timedelta(hours=1), origin=HERE)
    with pytest.raises(TokenRefused, match="revoked"):
        token_user(token=token, now=NOW + timedelta(hours=2))
    with pytest.raises(AccountError, match="revoked already"):
        token_revoke(token_id=record.pk, revoked_by="admin", now=NOW + timedelta(hours=3))
    with pytest.raises(AccountError, match="no API token 999"):
        token_revoke(token_id=999, revoked_by="admin", now=NOW)
    event = m.AuditEvent.objects.get(action="token_revoked")
    assert (event.username, event.object_id, event.detail, event.ip) == (
        "admin",
        str(record.pk),
        {"user": "reader"},
        HERE.ip,
    )
    assert m.AuditEvent.objects.filter(action="token_revoked").count() == 1


def test_the_list_shows_each_tokens_dates_and_status_never_the_token(reader: User):
    first = token_create(username="reader", created_by="admin", now=NOW)
    token_create(username="reader", created_by="admin", now=NOW + timedelta(days=1))
    token_user(token=first, now=NOW + timedelta(days=2))
    token_revoke(token_id=m.ApiToken.objects.latest("id").pk, revoked_by="admin", now=NOW + timedelta(days=3))
    rows = tokens_list()
    assert [r.created_at for r in rows] == [NOW + timedelta(days=1), NOW]  # newest first
    assert [r.status(NOW + timedelta(days=3)) for r in rows] == ["revoked", "active"]
    assert rows[1].last_used_at == NOW + timedelta(days=2) and rows[0].last_used_at is None
    assert rows[1].status(NOW + timedelta(days=90)) == "expired"
    assert first not in repr(rows)
    assert tokens_list(username="nobody") == []


@pytest.mark.parametrize(
    ("token", "hint"),
    [
        ("cscw_ABCDefghijklmnopqrstuvwxyz0123456789ABCDEFG", "cscw_ABCD…"),
        ("cscw_", "cscw_…"),
        ("not-ours-at-all", "not-…"),
        ("<script>", "?scr…"),
        ("", ""),
    ],
)
def test_a_refused_token_is_recorded_by_its_first_characters_only(token: str, hint: str):
    assert token_hint(token) == hint
