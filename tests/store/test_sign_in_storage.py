"""Failed sign-ins cannot fill the database: they are counted in rows per username, address and minute, an
address is refused after SIGN_IN_MAX_FAILURES_PER_ADDRESS failures whatever the usernames, rows older than a day
go, and the audit log counts repeats in one row per username and address (at most 20 rows per address)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from csc_workforce.store import models as m
from csc_workforce.store.services.accounts import SignInStatus, sign_in_check
from csc_workforce.store.services.audit import Origin
from tests.store.conftest import NOW

PASSWORD = "Correct-horse-42-battery"
ATTACKER, OFFICE = "203.0.113.66", "198.51.100.5"


@pytest.fixture
def ann(db: None) -> User:
    user = User.objects.create_user(username="ann", password=PASSWORD)
    m.CouncilRole.objects.create(user=user, role="analyst")
    return user


def _try(username: str, password: str = "wrong", *, ip: str | None = ATTACKER, at: timedelta = timedelta()):
    return sign_in_check(origin=Origin(ip, "guesser/1"), username=username, password=password, now=NOW + at).status


def test_a_burst_of_failures_for_one_username_from_one_address_is_one_row(ann: User):
    for second in (0, 10, 20, 30):
        _try("ann", at=timedelta(seconds=second))
    row = m.FailedSignIn.objects.get()
    assert (row.username, row.ip, row.count, row.first_at, row.at) == (
        "ann",
        ATTACKER,
        4,
        NOW,
        NOW + timedelta(seconds=30),
    )
    _try("ann", at=timedelta(seconds=61))  # a new minute from the first: a new row; five in all lock ann
    assert m.FailedSignIn.objects.count() == 2
    assert _try("ann", PASSWORD, ip=OFFICE, at=timedelta(seconds=62)) is SignInStatus.LOCKED


@override_settings(SIGN_IN_MAX_FAILURES_PER_ADDRESS=10)
def test_an_address_guessing_many_usernames_is_refused_after_the_limit_and_stores_no_more(ann: User):
    outcomes = [_try(f"invented{n}") for n in range(35)]
    assert outcomes[:10] == [SignInStatus.FAILED] * 10
    assert outcomes[10:] == [SignInStatus.LOCKED] * 25
    assert m.FailedSignIn.objects.count() == 10  # refused attempts are not stored
    assert _try("ann", PASSWORD) is SignInStatus.LOCKED  # the right password from that address is refused too
    assert _try("ann", PASSWORD, ip=OFFICE) is SignInStatus.SIGNED_IN  # ... not from another
    # the audit log: one row per username for the 10 failures; the 26 refusals, 20 rows and one counting the rest
    assert m.AuditEvent.objects.filter(action="sign_in_failed").count() == 10
    locked = m.AuditEvent.objects.filter(action="sign_in_locked")
    assert locked.count() == 21
    folded = locked.get(object_type="repeats")
    assert (folded.ip, folded.detail["count"], folded.detail["reason"]) == (ATTACKER, 6, "address")
    assert locked.exclude(object_type="repeats").first().user_agent == "guesser/1"  # type: ignore[union-attr]


@override_settings(SIGN_IN_MAX_FAILURES_PER_ADDRESS=10)
def test_an_address_is_let_in_again_when_its_failures_are_older_than_the_window(ann: User):
    for n in range(10):
        _try(f"invented{n}")
    assert _try("ann", PASSWORD, at=timedelta(minutes=14, seconds=59)) is SignInStatus.LOCKED
    assert _try("ann", PASSWORD, at=timedelta(minutes=15)) is SignInStatus.SIGNED_IN  # 15 minutes on: outside


def test_repeated_failures_are_one_audit_row_with_a_count(ann: User):
    for second in range(4):
        _try("ann", at=timedelta(seconds=second))
    event = m.AuditEvent.objects.get(action="sign_in_failed")
    assert (event.username, event.ip, event.user_agent) == ("ann", ATTACKER, "guesser/1")
    assert (event.detail["count"], event.detail["failures"]) == (4, 4)


def test_failure_rows_older_than_a_day_are_dropped(ann: User):
    _try("invented")
    _try("other", at=timedelta(days=1, seconds=1))
    assert list(m.FailedSignIn.objects.values_list("username", flat=True)) == ["other"]


def test_an_unknown_address_is_never_refused_on_the_address_ground(ann: User):
    with override_settings(SIGN_IN_MAX_FAILURES_PER_ADDRESS=2):
        for n in range(3):
            assert _try(f"invented{n}", ip=None) is SignInStatus.FAILED
        assert _try("ann", PASSWORD, ip=None) is SignInStatus.SIGNED_IN


def test_lockout_rows_that_say_nothing_any_more_go(ann: User):
    for n in range(3):  # three invented usernames, from different addresses (no address limit)
        _try(f"invented{n}", ip=f"192.0.2.{n}")
    _try("ann", PASSWORD, ip=OFFICE)  # a sign-in: ann's failures (none) and lock are cleared, the row says nothing
    assert m.SignInLockout.objects.count() == 4
    _try("invented0", ip="192.0.2.0", at=timedelta(hours=1))  # the invented names' failures are kept: they stay
    assert sorted(m.SignInLockout.objects.values_list("username", flat=True)) == [f"invented{n}" for n in range(3)]
    # a day and more later, one failure for a new name: the failures kept are older than a day, so they go, and
    # with them the lockout rows that say nothing any more (not locked, no failures); the new name's row stays
    _try("later", ip="192.0.2.9", at=timedelta(days=1, hours=2))
    assert sorted(m.SignInLockout.objects.values_list("username", flat=True)) == ["later"]


def test_a_lock_in_force_is_never_pruned(ann: User):
    for minute in range(5):
        _try("ann", at=timedelta(minutes=minute))
    assert m.SignInLockout.objects.get(username="ann").locked_until is not None
    _try("someone", ip=OFFICE, at=timedelta(minutes=6))
    assert m.SignInLockout.objects.filter(username="ann").exists()
    assert _try("ann", PASSWORD, ip=OFFICE, at=timedelta(minutes=7)) is SignInStatus.LOCKED
