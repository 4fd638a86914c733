"""API tokens: made for a user with a role, shown once (only their SHA-256 is kept), expiring after
``settings.API_TOKEN_DAYS`` days unless a shorter life is asked for, revocable, listed without the token. Every
change is audited."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from csc_workforce.store import models as m
from csc_workforce.store.services import audit
from csc_workforce.store.services.accounts import AccountError
from csc_workforce.store.services.roles import grants_for

TOKEN_PREFIX = "cscw_"
HINT_CHARACTERS = 4  # characters after the prefix shown of a refused token (of 43): enough to tell tokens apart


class TokenRefused(Exception):
    """A token that does not let its bearer in; the message says why (for the audit log, not for the client)."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_hint(token: str) -> str:
    """The start of a token, safe to record: the prefix and at most :data:`HINT_CHARACTERS` more (letters,
    digits, ``-`` and ``_`` only), then ``…``. Never the token."""
    start = token[: len(TOKEN_PREFIX) + HINT_CHARACTERS] if token.startswith(TOKEN_PREFIX) else token[:HINT_CHARACTERS]
    return (re.sub(r"[^A-Za-z0-9_-]", "?", start) + "…") if token else ""


@transaction.atomic
def token_create(
    *,
    username: str,
    created_by: str,
    now: datetime,
    days: int | None = None,
    origin: audit.Origin = audit.NOWHERE,
) -> str:
    """A new API token for a user, valid for ``days`` (default ``settings.API_TOKEN_DAYS``, and never longer).
    Returns the token, which is never stored (only its SHA-256)."""
    longest = int(settings.API_TOKEN_DAYS)
    days = longest if days is None else days
    if not 1 <= days <= longest:
        raise AccountError(f"A token lasts from 1 to {longest} days (API_TOKEN_DAYS); {days} is outside that.")
    user = User.objects.filter(username=username).first()
    if user is None:
        raise AccountError(f"There is no user called {username!r}. Create it first with `csc-workforce users create`.")
    if grants_for(user).strongest() is None:
        raise AccountError(f"The user {username!r} has no role. Only users with a role can have API tokens.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = now + timedelta(days=days)
    record = m.ApiToken.objects.create(user=user, token_sha256=_token_hash(token), created_at=now, expires_at=expires)
    audit.audit_record(
        action=audit.TOKEN_CREATED,
        username=created_by,
        object_type="api_token",
        object_id=record.pk,
        detail={"user": username, "expires_at": expires.isoformat()},
        origin=origin,
        now=now,
    )
    return token


def token_user(*, token: str, now: datetime) -> User:
    """The active user a token belongs to. Raises :class:`TokenRefused` (saying why) for an unknown, expired or
    revoked token, or one whose user is stopped or has no role. Notes the token's last use."""
    if not token.startswith(TOKEN_PREFIX):
        raise TokenRefused("not a csc-workforce token")
    record = m.ApiToken.objects.select_related("user").filter(token_sha256=_token_hash(token)).first()
    if record is None:
        raise TokenRefused("unknown token")
    if record.revoked_at is not None:
        raise TokenRefused("revoked token")
    if record.expires_at <= now:
        raise TokenRefused("expired token")
    if not record.user.is_active or grants_for(record.user).strongest() is None:
        raise TokenRefused("the token's user is stopped or has no role")
    m.ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


@dataclass(frozen=True, slots=True)
class TokenRow:
    """One token as listed: never the token itself."""

    id: int
    username: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    revoked_at: datetime | None

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"


def tokens_list(*, username: str = "") -> list[TokenRow]:
    """Every token (or one user's), newest first."""
    tokens = m.ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    if username:
        tokens = tokens.filter(user__username=username)
    return [
        TokenRow(t.pk, t.user.get_username(), t.created_at, t.last_used_at, t.expires_at, t.revoked_at) for t in tokens
    ]


@transaction.atomic
def token_revoke(*, token_id: int, revoked_by: str, now: datetime, origin: audit.Origin = audit.NOWHERE) -> m.ApiToken:
    """Stop a token at once. Revoking one already revoked is refused (its first revocation stands)."""
    record = m.ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
    if record is None:
        raise AccountError(f"There is no API token {token_id}. `csc-workforce tokens list` shows them.")
    if record.revoked_at is not None:
        raise AccountError(f"API token {token_id} was revoked already, on {record.revoked_at:%Y-%m-%d %H:%M}.")
    record.revoked_at = now
    record.save(update_fields=["revoked_at"])
    audit.audit_record(
        action=audit.TOKEN_REVOKED,
        username=revoked_by,
        object_type="api_token",
        object_id=record.pk,
        detail={"user": record.user.get_username()},
        origin=origin,
        now=now,
    )
    return record
