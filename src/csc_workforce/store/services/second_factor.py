"""A second factor for local accounts: time-based one-time codes (TOTP, RFC 6238) kept by django-otp's
``TOTPDevice``. Enrolment makes an unconfirmed device and shows its key; the first right code confirms it. Codes
are checked with one 30-second step of drift either side, and a code (or an earlier one) is never accepted
twice. Checking a code at sign-in goes through the lockout in ``accounts`` (``second_factor_check``), which
locks the username's row first, so wrong codes count as failed sign-ins and cannot be raced."""

from __future__ import annotations

import base64
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from csc_workforce.store import models as m
from csc_workforce.store.services import audit

DEVICE_NAME = "authenticator app"


class SecondFactor(StrEnum):
    NOT_NEEDED = "not_needed"  # the role does not need one and the user has none
    ASK = "ask"  # a confirmed device: ask for a code
    ENROL = "enrol"  # the role needs one and the user has none yet: set one up before signing in


class SecondFactorError(ValueError):
    """A second factor cannot be set up or reset as asked; the message says why."""


def totp_required(user: User) -> bool:
    """Whether a role the user holds, at any council, must use a second factor (``TOTP_REQUIRED_ROLES``; default
    admins). A regional administrator counts as an admin: they set who sees the alliance's councils."""
    required = set(settings.TOTP_REQUIRED_ROLES)
    if m.Role.ADMIN in required:
        required.add(m.RegionalRole.ADMIN)
    return (
        m.CouncilRole.objects.filter(user=user, role__in=required).exists()
        or m.AllianceRole.objects.filter(user=user, role__in=required).exists()
    )


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_for(user: User) -> SecondFactor:
    """What a local sign-in needs after the right password."""
    if confirmed_device(user) is not None:
        return SecondFactor.ASK
    return SecondFactor.ENROL if totp_required(user) else SecondFactor.NOT_NEEDED


def key_text(device: TOTPDevice) -> str:
    """The device's key as the base32 text an authenticator app takes, in groups of four for reading aloud."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def enrolment_device(user: User) -> TOTPDevice:
    """The user's unconfirmed device, made (with a new random key) if there is none. A user who already has a
    confirmed device must have it reset by an administrator first."""
    if confirmed_device(user) is not None:
        raise SecondFactorError("A second factor is already set up for this account.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def code_verify(device: TOTPDevice, code: str) -> bool:
    """Whether ``code`` (6 digits) is right for the device now, within one step of drift, and later than the last
    code accepted (so a code is never accepted twice). The caller holds the lock on the device's row."""
    code = code.strip().replace(" ", "")
    if len(code) != device.digits or not code.isdigit():
        return False
    return bool(device.verify_token(code))


def device_locked(user: User, *, confirmed: bool) -> TOTPDevice | None:
    """The user's device (confirmed or not), its row locked until the end of the transaction."""
    return TOTPDevice.objects.select_for_update().filter(user=user, confirmed=confirmed).order_by("pk").first()


def device_confirm(device: TOTPDevice, *, origin: audit.Origin, now: datetime) -> None:
    """Mark an enrolment device as confirmed (after a right code) and audit it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.audit_record(
        action=audit.SECOND_FACTOR_ENROLLED,
        user=device.user,
        object_type="user",
        object_id=device.user.username,
        origin=origin,
        now=now,
    )


@transaction.atomic
def second_factor_reset(*, username: str, changed_by: str, now: datetime) -> int:
    """Remove a user's second factor (for example a lost phone): they set up a new one at their next sign-in if
    their role needs one. Returns how many devices were removed. Audited."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise SecondFactorError(f"There is no user called {username!r}.")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit.audit_record(
        action=audit.SECOND_FACTOR_RESET,
        username=changed_by,
        object_type="user",
        object_id=username,
        detail={"devices_removed": removed},
        now=now,
    )
    return int(removed)
