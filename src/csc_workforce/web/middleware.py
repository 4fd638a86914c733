"""Security headers Django does not set itself: a strict Content-Security-Policy (no inline script or style;
GOV.UK Frontend is started from a static file), Permissions-Policy, and no caching of pages (they hold
personal and special-category data). Static files keep WhiteNoise's own Cache-Control.

And a limit on request bodies: one larger than the largest upload (and the form around it) is refused from its
Content-Length with a 413 page before a byte of it is read (waitress refuses larger ones still, web/serving.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from csc_workforce.store.services.uploads import MAX_UPLOAD_BYTES

REQUEST_BODY_LIMIT = MAX_UPLOAD_BYTES + 1024 * 1024  # the largest file, and room for the upload form's fields

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware


def request_body_limit(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Refuse a body over :data:`REQUEST_BODY_LIMIT` from its declared length, before anything reads it (it comes
    before the CSRF check, which reads a form's fields)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > REQUEST_BODY_LIMIT:
            context = {"limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024), "size_mb": length / (1024 * 1024)}
            return render(request, "errors/413.html", context, status=413)
        return get_response(request)

    return middleware
