"""GOV.UK-style error pages; under ``/api/`` the API's JSON errors instead (``{"error": ...}``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

API_PATH = "/api/"


def _api_error(request: HttpRequest, status: int, message: str) -> JsonResponse | None:
    return JsonResponse({"error": message}, status=status) if request.path.startswith(API_PATH) else None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    api = _api_error(request, 404, "There is no such API path: see /api/openapi.json for the paths there are.")
    return api or render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(request, 403, "Your token does not give access to this.") or render(
        request, "errors/403.html", status=403
    )


def server_error(request: HttpRequest) -> HttpResponse:
    api = _api_error(request, 500, "Something went wrong on the server; it has been logged. Try again later.")
    return api or render(request, "errors/500.html", status=500)
