"""The audit log: who did what, when. Every sign-in, failed sign-in, sign-out, upload, export, change and API
request is recorded with :func:`audit_record`; :func:`audit_events` reads it back for the admin page."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
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
TOKEN_CREATED = "token_created"
API = "api"
UPLOAD = "upload"
EXPORT = "export"
CHANGE = "change"


def audit_record(
    *,
    action: str,
    user: User | None = None,
    username: str = "",
    object_type: str = "",
    object_id: str | int = "",
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
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
        object_id=str(object_id),
        detail=detail or {},
        ip=ip or None,
    )


def audit_events(
    *,
    username: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[m.AuditEvent]:
    """Events newest first, filtered by exact username and action and an inclusive local date range."""
    events = m.AuditEvent.objects.all()
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
