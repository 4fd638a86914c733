"""Who may see what. Every view is wrapped in :func:`role_required`; a user's roles are read once a request into
:class:`~store.services.roles.Grants` (:func:`grants_of`). A user holds a role per council (a person may work for
two) and may hold regional roles (docs/web.md, docs/regional.md):

* admin: users, settings and the audit log, and everything an analyst can do;
* analyst: loads data and sees everything for the council (or every council, for the installation's own staff);
* manager: only the teams they are given; individual workers elsewhere are never shown;
* viewer: aggregates only, small numbers suppressed;
* regional analyst and regional administrator of an alliance: each member council as a viewer sees it, and the
  alliance's page; the administrator also sets the alliance's members, agreement and regional roles.

A view whose URL names a council (``la_code``) is let through only for a role at that council; one that names
none, for the strongest role held anywhere, and it then asks :func:`role_of` or :func:`visible_la_codes` per
council.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from csc_workforce.store.models import RegionalRole, Role
from csc_workforce.store.services.audit import Origin
from csc_workforce.store.services.roles import Grants, grants_for

EVERYONE = (Role.ADMIN, Role.ANALYST, Role.MANAGER, Role.VIEWER)
DATA_ROLES = (Role.ADMIN, Role.ANALYST)
WITHHELD_FROM = frozenset({Role.VIEWER, Role.MANAGER})  # see small numbers withheld (measures.disclosure)

View = Callable[..., HttpResponse]


def grants_of(user: User | AnonymousUser) -> Grants:
    """Every role ``user`` holds, read once for the request's user object."""
    held = getattr(user, "_csc_grants", None)
    if held is None:
        held = grants_for(user)
        if user.is_authenticated:
            user._csc_grants = held  # type: ignore[attr-defined]
    return held


def role_of(user: User | AnonymousUser, la_code: str | None = None) -> Role | None:
    """The user's role at council ``la_code``, or without one the strongest role they hold anywhere; None when
    signed out or given no role there (such a user may sign in but sees nothing)."""
    if not user.is_authenticated:
        return None
    grants = grants_of(user)
    return grants.strongest() if la_code is None else grants.role_for(la_code)


def visible_la_codes(user: User | AnonymousUser, roles: Iterable[Role] = EVERYONE) -> list[str] | None:
    """The councils where the user holds one of ``roles`` (any, by default): None for every council held, else a
    list of DfE codes."""
    return grants_of(user).la_codes(roles)


def may_see_council(user: User | AnonymousUser, la_code: str) -> bool:
    return role_of(user, la_code) is not None


def manages(admin: User | AnonymousUser, other: User) -> bool:
    """Whether ``admin`` may manage ``other``'s account (reset its password, stop it, make its API tokens): an
    administrator at every council manages anyone; one at some councils only a user whose every role is at
    those councils (never one with a role at every council or in an alliance, or at a council besides, whose
    account reaches further than the administrator's)."""
    mine = visible_la_codes(admin, (Role.ADMIN,))
    if mine is None:
        return True
    theirs = grants_for(other)
    if theirs.everywhere is not None or theirs.alliances:
        return False
    return bool(theirs.councils) and set(theirs.councils) <= set(mine)


@dataclass(frozen=True, slots=True)
class AllianceAccess:
    """What a user may do on an alliance's pages (docs/regional.md): change its members, agreement and regional
    roles (``manage``); see its small numbers (``withhold`` False); see the moves breaching its agreement, each
    with a pseudonym (``moves``)."""

    manage: bool
    withhold: bool
    moves: bool


def alliance_access(user: User | AnonymousUser, alliance_name: str) -> AllianceAccess | None:
    """The user's access to one alliance: through a role at every council (the installation's own staff) or a
    regional role in it; None for anyone else (a council's own staff, however senior, see only their council)."""
    grants = grants_of(user)
    found: list[AllianceAccess] = []
    everywhere = grants.everywhere
    if everywhere is not None:
        found.append(AllianceAccess(everywhere is Role.ADMIN, everywhere in WITHHELD_FROM, everywhere in DATA_ROLES))
    regional = grants.regional_role(alliance_name)
    if regional is RegionalRole.ADMIN:
        found.append(AllianceAccess(manage=True, withhold=False, moves=True))
    elif regional is RegionalRole.ANALYST:
        found.append(AllianceAccess(manage=False, withhold=True, moves=False))
    if not found:
        return None
    return AllianceAccess(
        manage=any(a.manage for a in found),
        withhold=all(a.withhold for a in found),
        moves=any(a.moves for a in found),
    )


def managed_usernames(admin: User | AnonymousUser) -> set[str] | None:
    """The usernames of the accounts ``admin`` manages (:func:`manages`), themselves included; None for an
    administrator at every council (every account)."""
    from csc_workforce.store.services.roles import council_roles_held

    mine = visible_la_codes(admin, (Role.ADMIN,))
    if mine is None:
        return None
    held = council_roles_held(mine)
    others = User.objects.filter(pk__in=list(held))
    return {u.username for u in others if manages(admin, u)} | {admin.get_username()}


OWN_COUNCIL_ONLY = "You can see only your own council's figures."


def held_council(request: HttpRequest, la_code: str, refusal: str = OWN_COUNCIL_ONLY) -> Any:
    """The council ``la_code`` if it is held and the user may see it; a 404 when it is not held, else the 403 page
    saying ``refusal`` (an ``HttpResponse``, for the view to return)."""
    from django.http import Http404

    from csc_workforce.store.models import Council

    council = Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise Http404(f"No council {la_code} is held.")
    if not may_see_council(request.user, la_code):
        return forbidden(request, refusal)
    return council


def forbidden(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403.html", {"reason": reason}, status=403)


NO_ROLE = "Your role does not give you access to this page."


def _held(la_code: str) -> bool:
    from csc_workforce.store.models import Council

    return Council.objects.filter(la_code=la_code).exists()


def role_required(*roles: Role) -> Callable[[View], View]:
    """Signed-out users go to the sign-in page; signed-in users without one of ``roles`` get a 403 page: at the
    council the URL names (``la_code``), else anywhere. For a council not held the strongest role anywhere is
    checked and the view answers (not found, or DfE's published figures on the benchmark page)."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            la_code = kwargs.get("la_code")
            role = role_of(request.user, la_code)
            if role is None and la_code is not None:
                if _held(la_code):
                    return forbidden(request, OWN_COUNCIL_ONLY if role_of(request.user) else NO_ROLE)
                role = role_of(request.user)  # a council not held: its view says so (or shows DfE's figures)
            if role not in allowed:
                return forbidden(request, NO_ROLE)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper

    return decorate


def audience(user: User | AnonymousUser, la_code: str) -> tuple[frozenset[str] | None, bool]:
    """What a council's page shows this user: a manager's teams (None: every team) and whether small numbers are
    withheld (viewers; managers outside their teams), as docs/web.md sets out."""
    return grants_of(user).teams_for(la_code), role_of(user, la_code) in WITHHELD_FROM


def request_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the WSGI server gives it (waitress rewrites it from trusted proxy headers)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def request_origin(request: HttpRequest) -> Origin:
    """Where a request came from, for the audit log: the client's address and its user agent."""
    return Origin(ip=request_ip(request), user_agent=request.headers.get("User-Agent", ""))


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a request that :func:`role_required` has let through."""
    user = request.user
    if not isinstance(user, User):  # role_required sends signed-out users to the sign-in page first
        raise PermissionDenied("This view needs a signed-in user")
    return user
