"""The audit log: who did what, when and from where. Every sign-in, failed sign-in, sign-out, upload, export,
change and API request is recorded with :func:`audit_record` (events that an attacker can repeat at will, such
as failed sign-ins and refused API tokens, with :func:`audit_repeated`, which counts repeats in one row);
:func:`audit_events` reads it back for the admin page.

Where an event came from is an :class:`Origin`: the web app makes one from each request (the client's address
and user agent), the command line passes :data:`COMMAND_LINE`. The application layer never sees the request."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from csc_workforce.store import models as m

# Actions recorded by this package; other code may record its own (use lower_snake_case).
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_LOCKED = "sign_in_locked"
SIGN_OUT = "sign_out"
SIGN_IN_REFUSED = "sign_in_refused"  # single sign-on: the provider vouched for someone this service does not admit
SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
SECOND_FACTOR_RESET = "second_factor_reset"
USER_CREATED = "user_created"
PASSWORD_SET = "password_set"
ROLE_GRANTED = "role_granted"
ROLE_REMOVED = "role_removed"
TOKEN_CREATED = "token_created"
TOKEN_REVOKED = "token_revoked"
API = "api"
API_REFUSED = "api_refused"
UPLOAD = "upload"
EXPORT = "export"
CHANGE = "change"
UPLOAD_FAILED = "upload-failed"

USER_AGENT_MAX = 500  # AuditEvent.user_agent's length; longer ones are cut
REPEATS = "repeats"  # object_type of a row counting repeats folded together (see audit_repeated)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an event came from: the client's address and user agent as the web request gave them, or the
    command line (no address; user agent ``"csc-workforce cli"``). Empty when not known (library use, tests)."""

    ip: str | None = None
    user_agent: str = ""


NOWHERE = Origin()
COMMAND_LINE = Origin(ip=None, user_agent="csc-workforce cli")


def audit_record(
    *,
    action: str,
    user: User | None = None,
    username: str = "",
    object_type: str = "",
    object_id: str | int = "",
    detail: dict[str, Any] | None = None,
    origin: Origin = NOWHERE,
    now: datetime | None = None,
) -> m.AuditEvent:
    """Record one event. ``username`` defaults to the user's; give it for failed sign-ins (as typed) and for
    the command line (the operating-system user). ``detail`` must be JSON-serialisable and hold no secrets."""
    return m.AuditEvent.objects.create(
        at=now or datetime.now(UTC),
        user=user if user is not None and user.pk else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:200],
        detail=detail or {},
        ip=origin.ip or None,
        user_agent=origin.user_agent[:USER_AGENT_MAX],
    )


@transaction.atomic
def audit_repeated(
    *,
    action: str,
    username: str = "",
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
    origin: Origin = NOWHERE,
    window: timedelta,
    now: datetime,
    per_address: int = 20,
    limit: int = 500,
) -> m.AuditEvent:
    """Record an event that anyone can repeat at will (a failed sign-in, a refused API token) without a row for
    each repeat, so that the audit log cannot be filled by guessing. A repeat of the same action with the same
    username, object and address within ``window`` of the first is counted in the first's row: ``detail`` gets
    ``count`` (events in the row) and ``last_at``, and the latest ``detail`` values. Within one window at most
    ``per_address`` rows of the action are made for one address (more usernames or objects from it are counted
    together in one row with object type ``repeats`` and object id ``address``), and at most ``limit`` rows in
    all (the rest are counted in one row ``repeats``/``all`` with no address)."""
    recent = m.AuditEvent.objects.filter(action=action, at__gt=now - window)
    ip = origin.ip or None
    key: dict[str, Any] = {"username": username[:150], "ip": ip, "object_type": object_type, "object_id": object_id}
    if not recent.filter(**key).exists():
        if ip is not None and recent.filter(ip=ip).count() >= per_address:
            key = {"username": "", "ip": ip, "object_type": REPEATS, "object_id": "address"}
        if not recent.filter(**key).exists() and recent.count() >= limit:
            key = {"username": "", "ip": None, "object_type": REPEATS, "object_id": "all"}
    row = recent.select_for_update().filter(**key).order_by("at", "id").first()
    stamp = now.isoformat()
    if row is None:
        return m.AuditEvent.objects.create(
            at=now,
            action=action,
            detail={**(detail or {}), "count": 1, "last_at": stamp},
            user_agent=origin.user_agent[:USER_AGENT_MAX] if key["ip"] == ip else "",
            **key,
        )
    row.detail = {**row.detail, **(detail or {}), "count": int(row.detail.get("count", 1)) + 1, "last_at": stamp}
    row.save(update_fields=["detail"])
    return row


def audit_events(
    *,
    username: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    usernames: Collection[str] | None = None,
) -> QuerySet[m.AuditEvent]:
    """Events newest first, filtered by exact username and action and an inclusive local date range; with
    ``usernames``, only the events done by those users (an administrator of some councils: the people they
    manage)."""
    events = m.AuditEvent.objects.all()
    if usernames is not None:
        events = events.filter(username__in=sorted(usernames))
    if username:
        events = events.filter(username=username)
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if date_from:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        events = events.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return events.order_by("-at", "-id")


def audit_actions() -> list[str]:
    """Every action recorded so far, for the filter's choices."""
    return sorted(m.AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
