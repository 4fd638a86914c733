"""What every page template needs: the service name and the navigation for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from csc_workforce.store.models import Role
from csc_workforce.web.access import DATA_ROLES, EVERYONE, role_of, visible_la_codes

NAVIGATION = [
    ("Dashboard", "dashboard", EVERYONE),
    ("Data", "data", DATA_ROLES),
    ("Uploads", "uploads", DATA_ROLES),
    ("Measures", "measures", EVERYONE),
    ("Strategies", "strategies", EVERYONE),
    ("Benchmarks", "benchmarks", EVERYONE),
    ("Regional", "regional-list", EVERYONE),  # the alliance's own staff only (not restricted to one council)
    ("Users", "users", (Role.ADMIN,)),
    ("Audit", "audit", (Role.ADMIN,)),
]


def service(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user) if hasattr(request, "user") else None
    path = request.path
    items = []
    regional = hasattr(request, "user") and visible_la_codes(request.user) is None
    for text, name, roles in NAVIGATION:
        if role in roles and (name != "regional-list" or regional):
            href = reverse(name)
            items.append({"text": text, "href": href, "current": path == href})
    return {"service_name": settings.SERVICE_NAME, "navigation": items, "role": role}
