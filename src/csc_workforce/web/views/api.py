"""The read-only JSON API, authenticated by ``Authorization: Bearer TOKEN`` (tokens from
``csc-workforce tokens create``). Not cookie-authenticated, so no CSRF; every request is audited."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from csc_workforce.domain.bases import BASES
from csc_workforce.store.services import audit
from csc_workforce.store.services.accounts import token_user
from csc_workforce.store.services.measures import NotCovered, measures_rows
from csc_workforce.web.access import request_ip, visible_la_codes


def _error(status: int, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _unauthorised() -> JsonResponse:
    return _error(
        401,
        "Send a valid API token: Authorization: Bearer TOKEN (an administrator makes one with "
        "`csc-workforce tokens create USERNAME`).",
        **{"WWW-Authenticate": 'Bearer realm="csc-workforce"'},
    )


def _bearer_user(request: HttpRequest) -> User | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token_user(token=token.strip(), now=datetime.now(UTC))


def _parse(request: HttpRequest) -> tuple[dict[str, Any], str]:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return {}, "Give the census year as a number: ?year=2025"
    as_at_text = request.GET.get("as_at")
    try:
        as_at = date.fromisoformat(as_at_text) if as_at_text else None
    except ValueError:
        return {}, "Give as_at as a date YYYY-MM-DD, for example 2025-03-31"
    basis = request.GET.get("basis") or None
    if basis not in (None, *BASES):
        return {}, "Give basis as returned or records (default: returned for census years, records with as_at)"
    return {"year": year, "la_codes": request.GET.getlist("la"), "as_at": as_at, "basis": basis}, ""


@csrf_exempt
@require_GET
def api_measures(request: HttpRequest) -> JsonResponse:
    """The same list of objects as ``csc-workforce measures --format json``."""
    user = _bearer_user(request)
    if user is None:
        return _unauthorised()
    audit.audit_record(
        action=audit.API,
        user=user,
        object_type="measures",
        detail={"query": request.GET.urlencode()},
        ip=request_ip(request),
    )
    query, problem = _parse(request)
    if problem:
        return _error(400, problem)
    allowed = visible_la_codes(user)
    if allowed is not None:
        outside = [code for code in query["la_codes"] if code not in allowed]
        if outside:
            return _error(403, f"Your token does not give access to council(s) {', '.join(outside)}.")
        query["la_codes"] = query["la_codes"] or allowed
    try:
        rows = measures_rows(**query)
    except NotCovered as exc:
        return _error(422, str(exc))
    except LookupError as exc:
        return _error(404, str(exc))
    except ValueError as exc:
        return _error(400, str(exc))
    return JsonResponse(rows, safe=False, encoder=DjangoJSONEncoder)


@cache
def openapi_document() -> dict[str, Any]:
    text = resources.files("csc_workforce.web").joinpath("openapi.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@require_GET
def api_openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())
