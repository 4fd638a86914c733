"""The lockout cannot be raced: many wrong passwords (or codes) sent at once for one username get at most
``SIGN_IN_MAX_FAILURES`` checks, because each attempt locks the username's row before it reads the failure count
and holds it until the failure is counted. Run on SQLite and on PostgreSQL (CI runs the suite on both)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, connections

from csc_workforce.store import models as m
from csc_workforce.store.services import accounts
from csc_workforce.store.services.accounts import SignInStatus, sign_in_check
from csc_workforce.store.services.audit import NOWHERE

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 40
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def database(django_db_blocker: Any, tmp_path: Any) -> Any:
    """A database that threads share as an installation does. PostgreSQL: the test database, committed to (the
    module's mark). SQLite: a migrated file, as in production, because Django's in-memory test database (shared
    cache) reports "table is locked" at once instead of waiting for the write lock as a file database does."""
    if connection.vendor != "sqlite":
        yield
        return
    with django_db_blocker.unblock():
        main = connections["default"]
        memory_name, memory_connection = main.settings_dict["NAME"], main.connection
        # Set the in-memory database aside without closing it (closing its last connection would delete it
        # for the tests that follow); every thread's connection, this one's too, opens the file instead.
        main.connection = None
        main.settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
        try:
            call_command("migrate", verbosity=0)
            yield
        finally:
            main.close()
            main.settings_dict["NAME"] = memory_name
            main.connection = memory_connection


@pytest.fixture
def counted_authenticate(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts every password check (each call of Django's ``authenticate`` by the sign-in service)."""
    calls: Counter[str] = Counter()
    guard = threading.Lock()
    real: Callable[..., Any] = accounts.authenticate

    def counting(*args: Any, **kwargs: Any) -> Any:
        with guard:
            calls[kwargs["username"]] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts, "authenticate", counting)
    return calls


def _in_parallel(attempt: Callable[[], SignInStatus]) -> Counter[SignInStatus]:
    start = threading.Barrier(PARALLEL)

    def one() -> SignInStatus:
        try:
            start.wait()
            return attempt()
        finally:
            connection.close()  # each thread has its own connection; close it before the test database goes

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return Counter(pool.map(lambda _: one(), range(PARALLEL)))


def test_forty_parallel_wrong_passwords_get_at_most_five_password_checks(
    database: None, counted_authenticate: Counter[str]
):
    User.objects.create_user(username="ann", password="Correct-horse-42-battery")

    outcomes = _in_parallel(lambda: sign_in_check(origin=NOWHERE, username="ann", password="wrong", now=NOW).status)

    assert counted_authenticate["ann"] == 5
    assert outcomes == {SignInStatus.FAILED: 4, SignInStatus.LOCKED: 36}
    assert sum(m.FailedSignIn.objects.filter(username="ann").values_list("count", flat=True)) == 5
    assert [e.detail["count"] for e in m.AuditEvent.objects.filter(action="sign_in_failed")] == [5]  # one row
    assert [e.detail["count"] for e in m.AuditEvent.objects.filter(action="sign_in_locked")] == [35]  # one row
    # and the right password is refused while the lock lasts, without being checked
    assert (
        sign_in_check(origin=NOWHERE, username="ann", password="Correct-horse-42-battery", now=NOW).status == "locked"
    )
    assert counted_authenticate["ann"] == 5


def test_an_unknown_username_is_checked_at_most_five_times_too(database: None, counted_authenticate: Counter[str]):
    outcomes = _in_parallel(lambda: sign_in_check(origin=NOWHERE, username="nobody", password="x", now=NOW).status)

    assert counted_authenticate["nobody"] == 5
    assert outcomes == {SignInStatus.FAILED: 4, SignInStatus.LOCKED: 36}


def test_one_code_sent_forty_times_at_once_signs_in_once(database: None):
    import hashlib
    import hmac
    import struct
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from csc_workforce.store.services.accounts import second_factor_check

    key = bytes(range(1, 21))
    user = User.objects.create_user(username="ann", password="Correct-horse-42-battery")
    TOTPDevice.objects.create(user=user, name="app", key=key.hex(), confirmed=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"

    outcomes = _in_parallel(lambda: second_factor_check(user_id=user.pk, code=code, origin=NOWHERE, now=NOW).status)

    # the first is signed in; the replays are failures until the fifth locks the username
    assert outcomes == {SignInStatus.SIGNED_IN: 1, SignInStatus.FAILED: 4, SignInStatus.LOCKED: 35}
    assert m.AuditEvent.objects.filter(action="sign_in").count() == 1
