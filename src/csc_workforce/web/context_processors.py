"""What every page template needs: the service name and the navigation for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from csc_workforce.store.models import Role
from csc_workforce.store.services.roles import REGIONAL_LABELS, Grants
from csc_workforce.web.access import DATA_ROLES, EVERYONE, grants_of, role_of

NAVIGATION = [
    ("Dashboard", "dashboard", EVERYONE),
    ("Data", "data", DATA_ROLES),
    ("Uploads", "uploads", DATA_ROLES),
    ("Measures", "measures", EVERYONE),
    ("Strategies", "strategies", EVERYONE),
    ("Benchmarks", "benchmarks", EVERYONE),
    ("Regional", "regional-list", EVERYONE),  # regional roles and the installation's own staff only
    ("Users", "users", (Role.ADMIN,)),
    ("Audit", "audit", (Role.ADMIN,)),
]


def service(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user) if hasattr(request, "user") else None
    path = request.path
    items = []
    grants = grants_of(request.user) if hasattr(request, "user") else None
    regional = grants is not None and grants.regional
    for text, name, roles in NAVIGATION:
        if role in roles and (name != "regional-list" or regional):
            href = reverse(name)
            items.append({"text": text, "href": href, "current": path == href})
    return {"service_name": settings.SERVICE_NAME, "navigation": items, "role": role, "roles_held": _held(grants)}


def _held(grants: Grants | None) -> str:
    """The roles a user holds, in words, for the line under the header: "admin", "analyst at 990, viewer at
    991", "regional administrator of North West"."""
    if grants is None:
        return ""
    parts = [
        str(grant.role) + (f" at {code}" if code else "")
        for code, grant in sorted(grants.councils.items(), key=lambda item: (item[0] != "", item[0]))
    ]
    parts += [f"{REGIONAL_LABELS[grant.role]} of {name}" for name, grant in sorted(grants.alliances.items())]
    return ", ".join(parts)
