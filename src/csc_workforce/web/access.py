"""Who may see what. Every view is wrapped in :func:`role_required`; the council a user may see comes from
:func:`visible_la_codes`. Roles (see docs/web.md):

* admin: users, settings and the audit log, and everything an analyst can do;
* analyst: loads data and sees everything for their council (or every council, when not restricted);
* manager: only the teams they are given; individual workers elsewhere are never shown;
* viewer: aggregates only, small numbers suppressed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from csc_workforce.store.models import Role
from csc_workforce.store.services.audit import Origin

EVERYONE = (Role.ADMIN, Role.ANALYST, Role.MANAGER, Role.VIEWER)
DATA_ROLES = (Role.ADMIN, Role.ANALYST)
WITHHELD_FROM = frozenset({Role.VIEWER, Role.MANAGER})  # see small numbers withheld (measures.disclosure)

View = Callable[..., HttpResponse]


def role_of(user: User | AnonymousUser) -> Role | None:
    """The user's role, or None when signed out or given no role (such a user may sign in but sees nothing)."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return Role(profile.role) if profile is not None else None


def visible_la_codes(user: User | AnonymousUser) -> list[str] | None:
    """The councils a user may see: None for every council held, else a list of DfE codes."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    return [profile.la_code] if profile.la_code else None


def may_see_council(user: User | AnonymousUser, la_code: str) -> bool:
    codes = visible_la_codes(user)
    return codes is None or la_code in codes


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


def role_required(*roles: Role) -> Callable[[View], View]:
    """Signed-out users go to the sign-in page; signed-in users without one of ``roles`` get a 403 page."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in allowed:
                return forbidden(request, "Your role does not give you access to this page.")
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper

    return decorate


def audience(user: User | AnonymousUser) -> tuple[frozenset[str] | None, bool]:
    """What a council page shows this user: a manager's teams (None: every team) and whether small numbers are
    withheld (viewers; managers outside their teams), as docs/web.md sets out."""
    role = role_of(user)
    profile = getattr(user, "profile", None)
    teams = frozenset(profile.teams) if role is Role.MANAGER and profile is not None else None
    return teams, role in WITHHELD_FROM


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
