"""Serving the web app: waitress (a pure-Python production WSGI server) in front of Django, static files served
by the app itself (WhiteNoise, straight from the installed package). See docs/security.md for the secret key."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

SECRET_FILE_NAME = ".csc-workforce-secret"


class ServeError(RuntimeError):
    """The app cannot be served as asked; the message says what to do."""


def secret_key_file() -> Path:
    """Where the local key is kept: beside the SQLite database, else in the current folder."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and str(database["NAME"]) != ":memory:":
        return Path(database["NAME"]).resolve().parent / SECRET_FILE_NAME
    return Path.cwd() / SECRET_FILE_NAME


def secret_key_load_or_create(path: Path) -> str:
    """The key in ``path``, made (random, readable by its owner only) when the file does not exist yet."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key + "\n")
    return key


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secret_key_configure(*, host: str) -> str:
    """Use ``CSC_WORKFORCE_SECRET_KEY`` when set. Otherwise, only on a loopback address (the local demo), use a
    key kept in a file so sessions survive restarts. Returns where the key came from, for the terminal."""
    from django.conf import settings

    if settings.CONFIGURED_SECRET_KEY:
        return "CSC_WORKFORCE_SECRET_KEY"
    if not is_loopback(host):
        raise ServeError(
            f"Set CSC_WORKFORCE_SECRET_KEY before serving on {host}: the web app is then reachable from other "
            "computers and must use a configured key and HTTPS (see docs/security.md). For this computer only, "
            "serve on 127.0.0.1."
        )
    path = secret_key_file()
    settings.SECRET_KEY = secret_key_load_or_create(path)
    return str(path)


def waitress_options(*, host: str, port: int, threads: int = 8) -> dict[str, object]:
    """How waitress serves the app. Its ``max_request_body_size`` is just above the app's own limit
    (``web.middleware.REQUEST_BODY_LIMIT``, which shows a page): a larger body is refused with 413 from its
    Content-Length (or as it arrives, when chunked) before waitress buffers it, instead of after 1 GB."""
    from csc_workforce.web.middleware import REQUEST_BODY_LIMIT

    options: dict[str, object] = {
        "host": host,
        "port": port,
        "threads": threads,
        "ident": "csc-workforce",
        "max_request_body_size": REQUEST_BODY_LIMIT + 1024 * 1024,
    }
    trusted_proxy = os.environ.get("CSC_WORKFORCE_TRUSTED_PROXY") or None
    if trusted_proxy:
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"})
    return options


def serve(*, host: str, port: int, threads: int = 8) -> None:  # pragma: no cover - runs until stopped
    import waitress

    from csc_workforce.web.wsgi import application

    waitress.serve(application, **waitress_options(host=host, port=port, threads=threads))
