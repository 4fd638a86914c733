"""The read-only JSON API, authenticated by ``Authorization: Bearer TOKEN`` (tokens from
``csc-workforce tokens create``). Not cookie-authenticated, so no CSRF; every request is audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import cache, wraps
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from csc_workforce.domain.bases import BASES
from csc_workforce.store.services import audit
from csc_workforce.store.services.measures import NotCovered, measures_rows
from csc_workforce.store.services.tokens import TokenRefused, token_hint, token_user
from csc_workforce.web.access import request_origin, visible_la_codes

REFUSALS_WINDOW = timedelta(minutes=15)  # refused tokens from one address are counted in one audit row this long
MEASURES_PARAMETERS = ("year", "la", "as_at", "basis")


class ApiError(Exception):
    """A request the API answers with ``{"error": message}`` and ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def json_error(status: int, message: str, **headers: str) -> JsonResponse:
    """The API's one shape of error: ``{"error": "what went wrong and what to do"}``."""
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _unauthorised() -> JsonResponse:
    return json_error(
        401,
        "Send a valid API token: Authorization: Bearer TOKEN (an administrator makes one with "
        "`csc-workforce tokens create USERNAME`; tokens expire, and can be revoked).",
        **{"WWW-Authenticate": 'Bearer realm="csc-workforce"'},
    )


def _bearer_user(request: HttpRequest) -> User:
    """The token's user; :class:`TokenRefused` (audited, counted per address) for anything else."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    try:
        if scheme.lower() != "bearer" or not token:
            raise TokenRefused("no bearer token" if not scheme else "not a bearer token")
        return token_user(token=token, now=datetime.now(UTC))
    except TokenRefused as refused:
        audit.audit_repeated(
            action=audit.API_REFUSED,
            object_type="api_token",
            object_id=token_hint(token) if scheme.lower() == "bearer" else "",
            detail={"reason": str(refused), "path": request.path[:200]},
            origin=request_origin(request),
            window=REFUSALS_WINDOW,
            now=datetime.now(UTC),
        )
        raise


def api_view(*, authenticated: bool = True) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """An API endpoint: GET only (JSON 405 otherwise), a bearer token (JSON 401), an :class:`ApiError` answered
    as JSON, and every authenticated request audited with its status. Not cookie-authenticated, so no CSRF."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return json_error(
                    405, f"{request.method} is not allowed here: the API is read-only, use GET.", Allow="GET, HEAD"
                )
            if not authenticated:
                return view(request, *args, **kwargs)
            try:
                user = _bearer_user(request)
            except TokenRefused:
                return _unauthorised()
            try:
                return view(request, user, *args, **kwargs)
            except ApiError as problem:
                return json_error(problem.status, str(problem))

        return wrapper

    return decorate


def _one(request: HttpRequest, name: str) -> str | None:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"Give {name} once (it was given {len(values)} times).")
    return values[0] if values else None


def _parse(request: HttpRequest) -> dict[str, Any]:
    """The measures query, or :class:`ApiError` 400 naming the parameter at fault and what to send."""
    unknown = sorted(set(request.GET) - set(MEASURES_PARAMETERS))
    if unknown:
        raise ApiError(
            400, f"Unknown parameter(s) {', '.join(unknown)}: /api/measures takes {', '.join(MEASURES_PARAMETERS)}."
        )
    year_text = (_one(request, "year") or "").strip()
    if not year_text:
        raise ApiError(400, "Give the census year: ?year=2025 (the year to 30 September).")
    if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
        raise ApiError(400, f"Give the census year as four digits, for example ?year=2025 (not {year_text[:20]!r}).")
    as_at_text = _one(request, "as_at")
    try:
        as_at = date.fromisoformat(as_at_text) if as_at_text else None
    except ValueError:
        raise ApiError(400, "Give as_at as a date YYYY-MM-DD, for example 2025-03-31.") from None
    basis = _one(request, "basis") or None
    if basis not in (None, *BASES):
        raise ApiError(
            400, "Give basis as returned or records (default: returned for census years, records with as_at)."
        )
    codes = request.GET.getlist("la")
    malformed = [code for code in codes if not (code.isascii() and code.isdigit() and len(code) == 3)]
    if malformed:
        raise ApiError(
            400, f"Give each council as its DfE 3-digit code, for example la=303 (not {malformed[0][:20]!r})."
        )
    return {"year": int(year_text), "la_codes": list(dict.fromkeys(codes)), "as_at": as_at, "basis": basis}


@api_view()
def api_measures(request: HttpRequest, user: User) -> HttpResponse:
    """The same list of objects as ``csc-workforce measures --format json``."""
    origin = request_origin(request)
    status = 500
    try:
        query = _parse(request)
        allowed = visible_la_codes(user)
        if allowed is not None:
            outside = [code for code in query["la_codes"] if code not in allowed]
            if outside:
                raise ApiError(403, f"Your token does not give access to council(s) {', '.join(outside)}.")
            query["la_codes"] = query["la_codes"] or allowed
        try:
            rows = measures_rows(**query)
        except NotCovered as exc:
            raise ApiError(422, str(exc)) from exc
        except LookupError as exc:  # a council asked for is not held (400), or none is (404)
            raise ApiError(400 if query["la_codes"] else 404, str(exc)) from exc
        except ValueError as exc:
            raise ApiError(400, str(exc)) from exc
        status = 200
        return JsonResponse(rows, safe=False, encoder=DjangoJSONEncoder)
    except ApiError as problem:
        status = problem.status
        raise
    finally:
        audit.audit_record(
            action=audit.API,
            user=user,
            object_type="measures",
            detail={"query": request.GET.urlencode()[:1000], "status": status},
            origin=origin,
        )


@cache
def openapi_document() -> dict[str, Any]:
    text = resources.files("csc_workforce.web").joinpath("openapi.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@api_view(authenticated=False)
def api_openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())
