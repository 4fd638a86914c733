"""What every page template needs: the service name and the navigation for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from csc_workforce.store.models import Role
from csc_workforce.web.access import DATA_ROLES, EVERYONE, role_of

NAVIGATION = [
    ("Dashboard", "dashboard", EVERYONE),
    ("Data", "data", DATA_ROLES),
    ("Uploads", "uploads", DATA_ROLES),
    ("Measures", "measures", EVERYONE),
    ("Strategies", "strategies", EVERYONE),
    ("Benchmarks", "benchmarks", EVERYONE),
    ("Users", "users", (Role.ADMIN,)),
    ("Audit", "audit", (Role.ADMIN,)),
]


def service(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user) if hasattr(request, "user") else None
    path = request.path
    items = []
    for text, name, roles in NAVIGATION:
        if role in roles:
            href = reverse(name)
            items.append({"text": text, "href": href, "current": path == href})
    return {"service_name": settings.SERVICE_NAME, "navigation": items, "role": role}
