"""Single sign-on with OpenID Connect (Microsoft Entra ID or any standard provider): the configuration, read from
settings, and what happens once the provider has vouched for someone. The protocol itself (authorization code
flow with PKCE, state, nonce, the ID token's signature checked against the provider's keys, its issuer, audience
and expiry) is Authlib's, driven by ``web/views/single_sign_on.py``; this module never sees HTTP.

A person is found by the token's issuer and subject (``SingleSignOnIdentity``), never by a name the provider
sends. Their roles come from their groups, through ``CSC_WORKFORCE_OIDC_GROUP_ROLES``, at every sign-in: the
strongest role their groups give at each council (groups for two councils give a role at each), so a change of
groups at the provider changes what they may see at their next sign-in. Someone in no mapped group is refused,
and the refusal is audited. Regional roles are given in the service, not by groups."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from csc_workforce.store import models as m
from csc_workforce.store.services import audit
from csc_workforce.store.services.roles import stronger

# When a person is in several mapped groups, the first of these roles wins.
_COUNCIL = re.compile(r"^[A-Za-z0-9]{1,16}$")


@dataclass(frozen=True, slots=True)
class GroupRole:
    group: str
    role: m.Role
    la_code: str  # blank: every council


@dataclass(frozen=True, slots=True)
class SsoConfig:
    discovery_url: str
    issuer: str  # blank: the issuer the discovery document names
    client_id: str
    client_secret: str
    scopes: str
    groups_claim: str
    username_claim: str
    provider_name: str
    group_roles: tuple[GroupRole, ...]


def group_roles_parse(text: str) -> tuple[GroupRole, ...]:
    """``CSC_WORKFORCE_OIDC_GROUP_ROLES``: comma-separated ``GROUP=ROLE`` or ``GROUP=ROLE:COUNCIL`` entries, for
    example ``6a1f...=analyst:990,b2c4...=admin`` (a council is the code the service uses for it; none: every
    council). Raises ``ImproperlyConfigured`` naming the entry that is wrong and how to write it."""
    entries: list[GroupRole] = []
    seen: set[str] = set()
    for position, raw in enumerate(text.split(","), start=1):
        entry = raw.strip()
        if not entry:
            continue
        where = f"CSC_WORKFORCE_OIDC_GROUP_ROLES entry {position} ({entry!r})"
        group, equals, target = entry.rpartition("=")
        group = group.strip()
        if not equals or not group:
            raise ImproperlyConfigured(
                f"{where}: write it as GROUP=ROLE or GROUP=ROLE:COUNCIL, e.g. 1234-abcd=analyst:990."
            )
        role_text, _, la_code = target.strip().partition(":")
        if role_text not in m.Role.values:
            raise ImproperlyConfigured(
                f"{where}: the role must be one of {', '.join(m.Role.values)}, not {role_text!r}."
            )
        la_code = la_code.strip()
        if la_code and not _COUNCIL.match(la_code):
            raise ImproperlyConfigured(f"{where}: the council must be a code of letters and digits, e.g. 990.")
        if group in seen:
            raise ImproperlyConfigured(f"{where}: the group {group!r} is mapped twice; keep one entry for it.")
        seen.add(group)
        entries.append(GroupRole(group=group, role=m.Role(role_text), la_code=la_code))
    return tuple(entries)


def sso_config() -> SsoConfig | None:
    """The single sign-on configuration, or None when no issuer or discovery URL is set (local accounts only)."""
    if not settings.OIDC_DISCOVERY_URL:
        return None
    missing = [
        name
        for name, value in (
            ("CSC_WORKFORCE_OIDC_CLIENT_ID", settings.OIDC_CLIENT_ID),
            ("CSC_WORKFORCE_OIDC_CLIENT_SECRET", settings.OIDC_CLIENT_SECRET),
            ("CSC_WORKFORCE_OIDC_GROUP_ROLES", settings.OIDC_GROUP_ROLES),
        )
        if not value.strip()
    ]
    if missing:
        raise ImproperlyConfigured(f"Single sign-on is configured by its issuer but {', '.join(missing)} is not set.")
    scopes = settings.OIDC_SCOPES.split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    return SsoConfig(
        discovery_url=settings.OIDC_DISCOVERY_URL,
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=" ".join(scopes),
        groups_claim=settings.OIDC_GROUPS_CLAIM,
        username_claim=settings.OIDC_USERNAME_CLAIM,
        provider_name=settings.OIDC_PROVIDER_NAME,
        group_roles=group_roles_parse(settings.OIDC_GROUP_ROLES),
    )


@dataclass(frozen=True, slots=True)
class SsoOutcome:
    user: User | None
    refusal: str = ""  # why someone the provider vouched for may not sign in (shown to them)


class Refused(Exception):
    pass


def _groups(claims: Mapping[str, Any], claim: str) -> list[str]:
    value = claims.get(claim)
    if value is None and claim in (claims.get("_claim_names") or {}):
        # Entra ID leaves the groups out when someone is in more than 200 (150 in SAML), and points to Graph.
        raise Refused(
            "Your account is in too many groups for the provider to send them. Ask your administrator to send "
            "only the groups assigned to this application (in Entra ID: the token configuration's groups claim)."
        )
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def _roles_for(groups: Sequence[str], mapping: Sequence[GroupRole]) -> dict[str, m.Role]:
    """The role at each council the groups give (blank: every council); a person in groups giving two roles at
    one council holds the stronger, and one in groups for two councils holds a role at each."""
    matches = [entry for entry in mapping if entry.group in set(groups)]
    if not matches:
        raise Refused(
            "Your account is not in any group that gives access to this service. Ask your administrator to add "
            "you to the right group."
        )
    roles: dict[str, m.Role] = {}
    for entry in matches:
        roles[entry.la_code] = stronger(roles.get(entry.la_code), entry.role) or entry.role
    return dict(sorted(roles.items()))


def _username(claims: Mapping[str, Any], claim: str, issuer: str, subject: str) -> str:
    """A new user's local username: the provider's name for them if no one has it yet, else one made unique."""
    raw = str(claims.get(claim) or claims.get("email") or f"sso-{subject}")
    # Django's username characters only (letters, digits and @.+-_): a "/" would break the users page's links
    wanted = re.sub(r"[^\w.@+-]", "-", raw)[:150] or "sso-user"
    if not User.objects.filter(username=wanted).exists():
        return wanted
    suffix = 2
    while User.objects.filter(username=f"{wanted[:140]}-{suffix}").exists():
        suffix += 1
    return f"{wanted[:140]}-{suffix}"


def sso_sign_in(*, claims: Mapping[str, Any], config: SsoConfig, origin: audit.Origin, now: datetime) -> SsoOutcome:
    """The local user for the verified ID token ``claims``: made on first sign-in, with the role and council of
    their groups set at every sign-in. Refused (and audited) when no group maps, the groups disagree, or the
    local user has been stopped."""
    issuer, subject = str(claims.get("iss", "")), str(claims.get("sub", ""))
    shown = str(claims.get(config.username_claim) or claims.get("email") or subject)[:150]
    try:
        try:
            with transaction.atomic():
                return SsoOutcome(_sign_in(claims, config, issuer=issuer, subject=subject, origin=origin, now=now))
        except IntegrityError:  # a first sign-in made the same person meanwhile (two tabs): theirs is found now
            with transaction.atomic():
                return SsoOutcome(_sign_in(claims, config, issuer=issuer, subject=subject, origin=origin, now=now))
    except Refused as refusal:
        audit.audit_record(
            action=audit.SIGN_IN_REFUSED,
            username=shown,
            origin=origin,
            detail={"method": "oidc", "issuer": issuer, "subject": subject, "reason": str(refusal)},
            now=now,
        )
        return SsoOutcome(None, str(refusal))


def _sign_in(
    claims: Mapping[str, Any], config: SsoConfig, *, issuer: str, subject: str, origin: audit.Origin, now: datetime
) -> User:
    if not issuer or not subject:
        raise Refused("The provider's answer did not say who you are. Try again, or ask your administrator.")
    target = _roles_for(_groups(claims, config.groups_claim), config.group_roles)
    shown_roles = {code or "every council": str(role) for code, role in target.items()}
    identity = m.SingleSignOnIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is None:
        user = User(username=_username(claims, config.username_claim, issuer, subject))
        user.set_unusable_password()  # signs in only through the provider
        user.email = str(claims.get("email") or "")[:254]
        user.save()
        identity = m.SingleSignOnIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        audit.audit_record(
            action=audit.USER_CREATED,
            username="single sign-on",
            object_type="user",
            object_id=user.username,
            detail={"roles": shown_roles, "method": "oidc"},
            now=now,
        )
    user = identity.user
    if not user.is_active:
        raise Refused("Your account for this service has been stopped. Ask your administrator.")
    held = {r.la_code: r for r in m.CouncilRole.objects.filter(user=user)}
    changed = {code: r.role for code, r in held.items()} != {code: str(role) for code, role in target.items()}
    m.CouncilRole.objects.filter(user=user).exclude(la_code__in=list(target)).delete()
    for code, role in target.items():  # a manager's teams, set by an administrator, stay while they manage
        kept = held.get(code)
        teams = kept.teams if kept is not None and kept.role == role == m.Role.MANAGER else []
        m.CouncilRole.objects.update_or_create(user=user, la_code=code, defaults={"role": role, "teams": teams})
    identity.last_sign_in = now
    identity.save(update_fields=["last_sign_in"])
    audit.audit_record(
        action=audit.SIGN_IN,
        user=user,
        origin=origin,
        detail={"method": "oidc", "roles": shown_roles, "role_changed": changed},
        now=now,
    )
    return user
