"""Users, roles and sign-in with lockout and a second factor. Every change is audited. (API tokens are in
``services.tokens``.)"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum

from csc_workforce.store import models as m
from csc_workforce.store.services import audit
from csc_workforce.store.services.second_factor import (
    SecondFactor,
    code_verify,
    device_confirm,
    device_locked,
    second_factor_for,
)


class AccountError(ValueError):
    """A user or token cannot be created as asked; the message says why and what to do."""


def password_generate() -> str:
    """A strong random password (20 characters from letters, digits and a few symbols)."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#%"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(20))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def _password_check(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("The password is not strong enough: " + " ".join(exc.messages)) from exc


@transaction.atomic
def user_create(
    *,
    username: str,
    role: m.Role | m.RegionalRole | str,
    password: str,
    teams: Sequence[str] = (),
    la_code: str = "",
    alliance_name: str = "",
    created_by: str,
    now: datetime,
    origin: audit.Origin = audit.NOWHERE,
) -> User:
    """Create a user with a role at council ``la_code`` (blank: every council), or a regional role in the alliance
    ``alliance_name``. Give them roles at other councils, or more regional roles, with ``services.roles``."""
    regional = str(role) in m.RegionalRole.values
    alliance = None
    if not username.strip():
        raise AccountError("Give a username.")
    if regional:
        if la_code or teams:
            raise AccountError(
                "A regional role is held in an alliance, not at a council: leave out --council and --team."
            )
        alliance = m.Alliance.objects.filter(name=alliance_name).first()
        if alliance is None:
            raise AccountError(
                f"A regional role is held in an alliance: give one held (csc-workforce regional alliance list), "
                f"not {alliance_name!r}."
            )
    else:
        role = m.Role(role)
        if alliance_name:
            raise AccountError("An alliance is for a regional role (regional_analyst or regional_admin).")
        if teams and role is not m.Role.MANAGER:
            raise AccountError("Teams are for managers only: leave out --team, or give the role manager.")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"A user called {username!r} already exists. Choose another username.")
    user = User(username=username)
    _password_check(password, user)
    user.set_password(password)
    user.save()
    if alliance is not None:
        m.AllianceRole.objects.create(user=user, alliance=alliance, role=str(role))
        where: dict[str, object] = {"alliance": alliance.name}
    else:
        m.CouncilRole.objects.create(user=user, role=role, la_code=la_code, teams=list(teams))
        where = {"la_code": la_code, "teams": list(teams)}
    audit.audit_record(
        action=audit.USER_CREATED,
        username=created_by,
        object_type="user",
        object_id=username,
        detail={"role": str(role), **where},
        origin=origin,
        now=now,
    )
    return user


@transaction.atomic
def user_set_password(
    *, username: str, password: str, changed_by: str, now: datetime, origin: audit.Origin = audit.NOWHERE
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise AccountError(f"There is no user called {username!r}.")
    _password_check(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    m.SignInLockout.objects.filter(username=username).delete()
    audit.audit_record(
        action=audit.PASSWORD_SET, username=changed_by, object_type="user", object_id=username, origin=origin, now=now
    )
    return user


# Sign-in with lockout


class SignInStatus(StrEnum):
    SIGNED_IN = "signed_in"
    SECOND_FACTOR = "second_factor"  # the password is right: ask for the code of the user's authenticator app
    ENROL = "enrol"  # the password is right: the role needs a second factor, which must be set up first
    FAILED = "failed"
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class SignInOutcome:
    status: SignInStatus
    user: User | None = None


def sign_in_check(*, origin: audit.Origin, username: str, password: str, now: datetime) -> SignInOutcome:
    """Check a username and password, with lockout: after ``SIGN_IN_MAX_FAILURES`` failures for one username
    within ``SIGN_IN_WINDOW_MINUTES`` it is locked for ``SIGN_IN_LOCKOUT_MINUTES``. A locked username is refused
    without checking the password (and the refusal does not extend the lock). Users that do not exist are locked
    out the same way, so the outcome never reveals whether a username exists. An address with
    ``SIGN_IN_MAX_FAILURES_PER_ADDRESS`` failures within the window, whatever the usernames, is refused too.
    Audited with the client's address and user agent (``origin``) either way; repeated failures and refusals are
    counted in one audit row per username and address (``audit.audit_repeated``).

    The username's row is locked before anything is read, and held while the password is checked and the
    failure counted, so parallel attempts are checked one at a time: 40 wrong passwords sent at once get at most
    ``SIGN_IN_MAX_FAILURES`` password checks. A right password for a user who needs a second factor gives
    ``SECOND_FACTOR`` or ``ENROL`` and does not clear earlier failures: only a complete sign-in does."""
    if _address_refused(origin.ip, now):
        _sign_in_audit_repeated(audit.SIGN_IN_LOCKED, username, origin, now, reason="address")
        return SignInOutcome(SignInStatus.LOCKED)
    with transaction.atomic():
        lock = _sign_in_lock(username)
        if _locked(lock, now):
            _sign_in_audit_repeated(audit.SIGN_IN_LOCKED, username, origin, now, reason="username")
            return SignInOutcome(SignInStatus.LOCKED)
        user = authenticate(None, username=username, password=password)
        if user is None or not user.is_active:
            return _sign_in_failed(lock, origin=origin, now=now)
        step = second_factor_for(user)
        if step is SecondFactor.ASK:
            return SignInOutcome(SignInStatus.SECOND_FACTOR, user)
        if step is SecondFactor.ENROL:
            return SignInOutcome(SignInStatus.ENROL, user)
        return _sign_in_succeeded(lock, user, origin=origin, now=now, method="password")


def second_factor_check(*, user_id: int, code: str, origin: audit.Origin, now: datetime) -> SignInOutcome:
    """The second step of a local sign-in: the code from the authenticator app of the user whose password was
    right (``user_id``, kept in the session for ``SIGN_IN_PENDING_MINUTES``). A wrong or replayed code is a failed
    sign-in for the username, under the same lock and lockout as a wrong password."""
    return _code_check(user_id=user_id, code=code, origin=origin, now=now, enrolling=False)


def second_factor_enrol_check(*, user_id: int, code: str, origin: audit.Origin, now: datetime) -> SignInOutcome:
    """Confirm a new second factor with its first code, which also completes the sign-in."""
    return _code_check(user_id=user_id, code=code, origin=origin, now=now, enrolling=True)


def _code_check(*, user_id: int, code: str, origin: audit.Origin, now: datetime, enrolling: bool) -> SignInOutcome:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return SignInOutcome(SignInStatus.FAILED)
    with transaction.atomic():
        lock = _sign_in_lock(user.username)
        if _locked(lock, now):
            _sign_in_audit_repeated(audit.SIGN_IN_LOCKED, user.username, origin, now, reason="username")
            return SignInOutcome(SignInStatus.LOCKED)
        device = device_locked(user, confirmed=not enrolling)
        if device is None or not code_verify(device, code):
            return _sign_in_failed(lock, origin=origin, now=now, factor="totp")
        if enrolling:
            device_confirm(device, origin=origin, now=now)
        return _sign_in_succeeded(lock, user, origin=origin, now=now, method="password+totp")


def _sign_in_lock(username: str) -> m.SignInLockout:
    """The username's lockout row, made if need be and locked until the end of the transaction (PostgreSQL:
    ``SELECT ... FOR UPDATE``; SQLite: every transaction begins IMMEDIATE, holding the database's write lock)."""
    for _ in range(3):
        m.SignInLockout.objects.bulk_create([m.SignInLockout(username=username)], ignore_conflicts=True)
        lock = m.SignInLockout.objects.select_for_update().filter(username=username).first()
        if lock is not None:  # None only if another transaction deleted it (a password set) meanwhile
            return lock
    raise RuntimeError(f"The sign-in lock for {username!r} could not be taken")


def _locked(lock: m.SignInLockout, now: datetime) -> bool:
    return lock.locked_until is not None and lock.locked_until > now


def _sign_in_succeeded(
    lock: m.SignInLockout, user: User, *, origin: audit.Origin, now: datetime, method: str
) -> SignInOutcome:
    m.FailedSignIn.objects.filter(username=lock.username).delete()
    if lock.locked_until is not None:
        lock.locked_until = None
        lock.save(update_fields=["locked_until"])
    audit.audit_record(action=audit.SIGN_IN, user=user, origin=origin, detail={"method": method}, now=now)
    return SignInOutcome(SignInStatus.SIGNED_IN, user)


def _sign_in_failed(lock: m.SignInLockout, *, origin: audit.Origin, now: datetime, factor: str = "") -> SignInOutcome:
    """Count a failure for the locked username and lock it at the limit (in the caller's transaction)."""
    username = lock.username
    _failure_note(username, origin.ip, now)
    since = now - timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)
    if lock.locked_until is not None and lock.locked_until > since:
        since = lock.locked_until  # failures before the end of the last lock do not count again
    failures = _failures_since(since, username=username)
    detail: dict[str, object] = {"failures": failures}
    if factor:
        detail["factor"] = factor
    _sign_in_audit_repeated(audit.SIGN_IN_FAILED, username, origin, now, **detail)
    if failures >= settings.SIGN_IN_MAX_FAILURES:
        lock.locked_until = now + timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
        lock.save(update_fields=["locked_until"])
        return SignInOutcome(SignInStatus.LOCKED)
    return SignInOutcome(SignInStatus.FAILED)


# Storing failed sign-ins: counted in rows per username, address and minute, so that guessing (even with a new
# username each time) cannot fill the table; rows older than a day are dropped (the audit log keeps the history).

FAILURE_ROW_SECONDS = 60  # failures for one username from one address within this long share a row
FAILURE_ROWS_KEPT = timedelta(days=1)


def _failure_note(username: str, ip: str | None, now: datetime) -> None:
    """Count one failed sign-in for ``username`` from ``ip``."""
    m.FailedSignIn.objects.filter(at__lt=now - FAILURE_ROWS_KEPT).delete()
    # A lockout row says nothing once no lock is in force or recent and no failures of its username are kept
    # (they are counted from the rows above): such rows go, so that guessing new usernames cannot fill that
    # table either; the row is made again at the next attempt. Rows another sign-in holds are skipped
    # (PostgreSQL), never waited for.
    stale = (
        m.SignInLockout.objects.select_for_update(skip_locked=True)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now - FAILURE_ROWS_KEPT))
        .exclude(username=username)
        .exclude(username__in=m.FailedSignIn.objects.values("username"))
    )
    m.SignInLockout.objects.filter(pk__in=list(stale.values_list("pk", flat=True)[:1000])).delete()
    row = (
        m.FailedSignIn.objects.select_for_update()
        .filter(username=username, ip=ip, first_at__gt=now - timedelta(seconds=FAILURE_ROW_SECONDS))
        .order_by("-first_at")
        .first()
    )
    if row is None:
        m.FailedSignIn.objects.create(username=username, ip=ip, first_at=now, at=now, count=1)
    else:
        m.FailedSignIn.objects.filter(pk=row.pk).update(count=row.count + 1, at=max(row.at, now))


def _failures_since(since: datetime, *, username: str | None = None, ip: str | None = None) -> int:
    """Failed sign-ins after ``since`` for a username, or from an address (a row counts whole when its latest
    failure is after ``since``: at most a minute early, on the side of caution)."""
    rows = m.FailedSignIn.objects.filter(at__gt=since)
    rows = rows.filter(username=username) if username is not None else rows.filter(ip=ip)
    return int(rows.aggregate(total=Sum("count"))["total"] or 0)


def _address_refused(ip: str | None, now: datetime) -> bool:
    """Whether an address has failed ``SIGN_IN_MAX_FAILURES_PER_ADDRESS`` times within the window, over every
    username (an unknown address, ``None``, is never refused on this ground)."""
    if ip is None:
        return False
    since = now - timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)
    return _failures_since(since, ip=ip) >= settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS


def _sign_in_audit_repeated(action: str, username: str, origin: audit.Origin, now: datetime, **detail: object) -> None:
    audit.audit_repeated(
        action=action,
        username=username,
        detail=dict(detail),
        origin=origin,
        window=timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES),
        now=now,
    )


def user_set_active(
    *, username: str, active: bool, changed_by: str, now: datetime, origin: audit.Origin = audit.NOWHERE
) -> User:
    """Let a user sign in again, or stop them (their records and audit trail stay)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise AccountError(f"No user called {username!r}.")
    if user.get_username() == changed_by and not active:
        raise AccountError("You cannot stop your own account: ask another administrator.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.audit_record(
        action="user-enabled" if active else "user-disabled",
        username=changed_by,
        object_type="user",
        object_id=username,
        origin=origin,
        now=now,
    )
    return user
