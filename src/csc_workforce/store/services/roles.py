"""Who holds which role where (docs/web.md, "Roles"): a user's roles at councils (:class:`~store.models.CouncilRole`,
one a council; a blank council is every council held) and in alliances (:class:`~store.models.AllianceRole`), read
once into :class:`Grants`, which answers every question the web app and the API ask of them. Granting and
removing roles, checked and audited, is here too; the users page, the regional page, single sign-on and
``csc-workforce users`` all go through it.

A regional role sees each member council as a viewer does (aggregates, small numbers withheld, no worker rows);
a role held at the council itself, or at every council, counts when it is stronger."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from csc_workforce.store import models as m
from csc_workforce.store.services import audit

EVERY = ""  # the la_code of a role at every council held


@dataclass(frozen=True, slots=True)
class CouncilGrant:
    role: m.Role
    teams: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class AllianceGrant:
    role: m.RegionalRole
    members: frozenset[str]


def stronger(a: m.Role | None, b: m.Role | None) -> m.Role | None:
    """The stronger of two roles (admin, analyst, manager, viewer); None is no role."""
    if a is None or b is None:
        return a or b
    return a if m.ROLE_ORDER.index(a) <= m.ROLE_ORDER.index(b) else b


@dataclass(frozen=True, slots=True)
class Grants:
    councils: Mapping[str, CouncilGrant] = field(default_factory=dict)  # la_code (EVERY: every council) -> grant
    alliances: Mapping[str, AllianceGrant] = field(default_factory=dict)  # alliance name -> grant

    def _direct(self, la_code: str) -> CouncilGrant | None:
        """The stronger of the role at the council and the role at every council."""
        own, every = self.councils.get(la_code), self.councils.get(EVERY)
        if own is None or every is None:
            return own or every
        return own if stronger(own.role, every.role) is own.role else every

    def role_for(self, la_code: str) -> m.Role | None:
        """The user's role at one council: None when they may not see it at all."""
        direct = self._direct(la_code)
        regional = m.Role.VIEWER if any(la_code in a.members for a in self.alliances.values()) else None
        return stronger(direct.role if direct else None, regional)

    def teams_for(self, la_code: str) -> frozenset[str] | None:
        """The teams a manager at the council sees (None: every team, for every other role)."""
        direct = self._direct(la_code)
        if self.role_for(la_code) is m.Role.MANAGER and direct is not None:
            return direct.teams
        return None

    def strongest(self) -> m.Role | None:
        """The strongest role held anywhere (a regional role counts as a viewer): what a page that takes no council
        lets through, each council on it then checked with :meth:`role_for`."""
        best: m.Role | None = m.Role.VIEWER if self.alliances else None
        for grant in self.councils.values():
            best = stronger(best, grant.role)
        return best

    def la_codes(self, roles: Iterable[m.Role] = m.ROLE_ORDER) -> list[str] | None:
        """The councils where the user holds one of ``roles``: None for every council held, else DfE codes."""
        wanted = frozenset(roles)
        every = self.councils.get(EVERY)
        if every is not None and every.role in wanted:
            return None
        codes = {code for code, grant in self.councils.items() if code and grant.role in wanted}
        if m.Role.VIEWER in wanted:
            codes |= {code for grant in self.alliances.values() for code in grant.members}
        return sorted(codes)

    @property
    def everywhere(self) -> m.Role | None:
        """The role held at every council (the installation's own staff), if any."""
        every = self.councils.get(EVERY)
        return every.role if every else None

    @property
    def regional(self) -> bool:
        """Whether the user is on the regional side at all: a role at every council, or a regional role."""
        return self.everywhere is not None or bool(self.alliances)

    def regional_role(self, alliance_name: str) -> m.RegionalRole | None:
        grant = self.alliances.get(alliance_name)
        return grant.role if grant else None


NO_GRANTS = Grants()


def grants_for(user: User | AnonymousUser) -> Grants:
    """Every role ``user`` holds, read from the database (signed out: none)."""
    if not user.is_authenticated:
        return NO_GRANTS
    councils = {
        r.la_code: CouncilGrant(m.Role(r.role), frozenset(r.teams)) for r in m.CouncilRole.objects.filter(user=user)
    }
    alliances: dict[str, AllianceGrant] = {}
    for r in m.AllianceRole.objects.filter(user=user).select_related("alliance").prefetch_related("alliance__members"):
        members = frozenset(member.la_code for member in r.alliance.members.all())
        alliances[r.alliance.name] = AllianceGrant(m.RegionalRole(r.role), members)
    return Grants(councils, alliances)


class GrantError(ValueError):
    """A role cannot be given or taken as asked; the message says why and what to do."""


def _audited(
    action: str, *, by: str, username: str, detail: dict[str, object], origin: audit.Origin, now: datetime
) -> None:
    audit.audit_record(
        action=action, username=by, object_type="user", object_id=username, detail=detail, origin=origin, now=now
    )


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise GrantError(f"There is no user called {username!r}. Create them first (csc-workforce users create).")
    return user


@transaction.atomic
def council_role_grant(
    *,
    username: str,
    role: m.Role | str,
    la_code: str,
    teams: Sequence[str] = (),
    granted_by: str,
    now: datetime,
    origin: audit.Origin = audit.NOWHERE,
) -> m.CouncilRole:
    """Give ``username`` ``role`` at council ``la_code`` (blank: every council), replacing the role they held there."""
    role = m.Role(role)
    if teams and role is not m.Role.MANAGER:
        raise GrantError("Teams are for managers only: leave out the teams, or give the role manager.")
    user = _user(username)
    held, _ = m.CouncilRole.objects.update_or_create(
        user=user, la_code=la_code, defaults={"role": role, "teams": list(teams)}
    )
    _audited(
        audit.ROLE_GRANTED,
        by=granted_by,
        username=username,
        detail={"role": str(role), "la_code": la_code, "teams": list(teams)},
        origin=origin,
        now=now,
    )
    return held


@transaction.atomic
def council_role_remove(
    *, username: str, la_code: str, removed_by: str, now: datetime, origin: audit.Origin = audit.NOWHERE
) -> None:
    user = _user(username)
    removed, _ = m.CouncilRole.objects.filter(user=user, la_code=la_code).delete()
    if not removed:
        raise GrantError(f"{username} holds no role at {la_code or 'every council'}.")
    _audited(audit.ROLE_REMOVED, by=removed_by, username=username, detail={"la_code": la_code}, origin=origin, now=now)


@transaction.atomic
def alliance_role_grant(
    *,
    username: str,
    role: m.RegionalRole | str,
    alliance_name: str,
    granted_by: str,
    now: datetime,
    origin: audit.Origin = audit.NOWHERE,
) -> m.AllianceRole:
    """Give ``username`` a regional role in an alliance, replacing the one they held in it."""
    try:
        role = m.RegionalRole(role)
    except ValueError:
        raise GrantError(
            f"{role!r} is not a regional role: give {' or '.join(r.value for r in m.RegionalRole)}."
        ) from None
    user = _user(username)
    alliance = m.Alliance.objects.filter(name=alliance_name).first()
    if alliance is None:
        raise GrantError(f"No alliance {alliance_name!r} is held (csc-workforce regional alliance list).")
    held, _ = m.AllianceRole.objects.update_or_create(user=user, alliance=alliance, defaults={"role": role})
    _audited(
        audit.ROLE_GRANTED,
        by=granted_by,
        username=username,
        detail={"regional_role": str(role), "alliance": alliance_name},
        origin=origin,
        now=now,
    )
    return held


@transaction.atomic
def alliance_role_remove(
    *, username: str, alliance_name: str, removed_by: str, now: datetime, origin: audit.Origin = audit.NOWHERE
) -> None:
    user = _user(username)
    removed, _ = m.AllianceRole.objects.filter(user=user, alliance__name=alliance_name).delete()
    if not removed:
        raise GrantError(f"{username} holds no regional role in {alliance_name}.")
    _audited(
        audit.ROLE_REMOVED, by=removed_by, username=username, detail={"alliance": alliance_name}, origin=origin, now=now
    )


@dataclass(frozen=True, slots=True)
class Holder:
    """One regional role one user holds, as the alliance's page lists them."""

    username: str
    role: str  # in words: "regional analyst"


def council_roles_held(la_codes: list[str] | None) -> dict[int, list[m.CouncilRole]]:
    """The council roles held at ``la_codes`` (None: every role), by user id."""
    rows = m.CouncilRole.objects.order_by("la_code")
    if la_codes is not None:
        rows = rows.filter(la_code__in=la_codes)
    held: dict[int, list[m.CouncilRole]] = {}
    for row in rows:
        held.setdefault(row.user_id, []).append(row)
    return held


def alliance_roles_held(alliance_name: str) -> list[Holder]:
    rows = m.AllianceRole.objects.filter(alliance__name=alliance_name).select_related("user")
    return [Holder(r.user.username, REGIONAL_LABELS[m.RegionalRole(r.role)]) for r in rows.order_by("user__username")]


REGIONAL_LABELS = {m.RegionalRole.ANALYST: "regional analyst", m.RegionalRole.ADMIN: "regional administrator"}
