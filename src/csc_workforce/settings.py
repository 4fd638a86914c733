"""Django settings for the whole installation: the CLI, the application layer and the web app. Every setting a
user may change comes from the environment and is listed in ``docs/configuration.md`` (security choices are
explained in ``docs/security.md``):

* ``DATABASE_URL``: where the records live. Default: a SQLite file ``csc-workforce.sqlite3`` in the
  current folder, created and migrated on first use. PostgreSQL: ``postgres://user@host/dbname``.
* ``CSC_WORKFORCE_SECRET_KEY``: Django's signing key. Setting it marks a production install: cookies are then
  sent over HTTPS only unless ``CSC_WORKFORCE_SECURE_COOKIES=0``. Without it the command line uses a
  per-process key and ``csc-workforce serve`` a key kept in a file beside the SQLite database.
* ``CSC_WORKFORCE_SECURE_COOKIES``: ``1``/``0`` forces the Secure flag on session and CSRF cookies on or off.
* ``CSC_WORKFORCE_SERVICE_NAME``: the name in the header (the council's name for its service).
* ``CSC_WORKFORCE_TOTP_REQUIRED_ROLES``: roles whose local accounts must use a second factor (default ``admin``).
* ``CSC_WORKFORCE_OIDC_*``: OpenID Connect single sign-on (issuer, client, scopes, groups claim and mapping).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url

DEFAULT_DATABASE_URL = f"sqlite:///{Path.cwd() / 'csc-workforce.sqlite3'}"

DEBUG = os.environ.get("CSC_WORKFORCE_DEBUG", "") == "1"
CONFIGURED_SECRET_KEY = os.environ.get("CSC_WORKFORCE_SECRET_KEY", "")
# A per-process random key is safe for the CLI (no sessions). `csc-workforce serve` replaces it with a key kept
# in a file (see csc_workforce.web.serving) when none is configured, so sessions survive restarts.
SECRET_KEY = CONFIGURED_SECRET_KEY or secrets.token_urlsafe(50)
ALLOWED_HOSTS = os.environ.get("CSC_WORKFORCE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
SERVICE_NAME = os.environ.get("CSC_WORKFORCE_SERVICE_NAME") or "csc-workforce"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csc_workforce.store.apps.StoreConfig",
    "csc_workforce.web.apps.WebConfig",
]

MIDDLEWARE = [
    "csc_workforce.web.middleware.security_headers",
    "csc_workforce.web.middleware.request_body_limit",  # before anything reads a body (the CSRF check does)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "csc_workforce.web.urls"
WSGI_APPLICATION = "csc_workforce.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csc_workforce.web.context_processors.service",
            ],
        },
    }
]

_database: dict[str, Any] = dict(
    dj_database_url.parse(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL, conn_max_age=0)
)
DATABASES = {"default": _database}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # keep PostgreSQL connections for a minute (checked before reuse) instead of one per request
    DATABASES["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # BEGIN IMMEDIATE: a transaction holds the write lock from its start, so it never writes on stale
            # reads (store/locks.py); a second writer waits up to `timeout` seconds for it (Python's default, 5,
            # is shorter than a large census import) instead of failing with "database is locked"
            "transaction_mode": "IMMEDIATE",
            "timeout": 60,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"

# Accounts: Argon2id first; the others only verify (and upgrade) hashes made elsewhere.
PASSWORD_HASHERS = [
    "csc_workforce.store.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "dashboard"
SIGN_IN_MAX_FAILURES = 5  # failed sign-ins for one username ...
SIGN_IN_WINDOW_MINUTES = 15  # ... within this many minutes lock it ...
SIGN_IN_LOCKOUT_MINUTES = 15  # ... for this many minutes (a wrong second-factor code counts as a failure too)

# A second factor (TOTP, django-otp) for local accounts of these roles; see docs/security.md.
TOTP_REQUIRED_ROLES = [
    r.strip() for r in os.environ.get("CSC_WORKFORCE_TOTP_REQUIRED_ROLES", "admin").split(",") if r.strip()
]
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_TOTP_THROTTLE_FACTOR = 0  # wrong codes count towards the sign-in lockout instead
SIGN_IN_PENDING_MINUTES = 10  # the time between a right password and the second-factor code

# OpenID Connect single sign-on (Microsoft Entra ID or any standard provider); off unless an issuer is given.
# The group mapping is read (and checked) by csc_workforce.store.services.single_sign_on.
OIDC_ISSUER = os.environ.get("CSC_WORKFORCE_OIDC_ISSUER", "").rstrip("/")
OIDC_DISCOVERY_URL = os.environ.get("CSC_WORKFORCE_OIDC_DISCOVERY_URL", "") or (
    f"{OIDC_ISSUER}/.well-known/openid-configuration" if OIDC_ISSUER else ""
)
OIDC_CLIENT_ID = os.environ.get("CSC_WORKFORCE_OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("CSC_WORKFORCE_OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("CSC_WORKFORCE_OIDC_SCOPES", "openid profile email")
OIDC_GROUPS_CLAIM = os.environ.get("CSC_WORKFORCE_OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_ROLES = os.environ.get("CSC_WORKFORCE_OIDC_GROUP_ROLES", "")
OIDC_PROVIDER_NAME = os.environ.get("CSC_WORKFORCE_OIDC_PROVIDER_NAME", "Microsoft")
OIDC_USERNAME_CLAIM = os.environ.get("CSC_WORKFORCE_OIDC_USERNAME_CLAIM", "preferred_username")
SIGN_IN_MAX_FAILURES_PER_ADDRESS = 50  # failed sign-ins from one address, any usernames, within the window
# API tokens expire this many days after they are made (the most a token may be given).
API_TOKEN_DAYS = int(os.environ.get("CSC_WORKFORCE_API_TOKEN_DAYS") or 90)

# Sessions and cookies. Secure (HTTPS-only) cookies are on for production (a configured secret key) and off for
# the local demo on http://localhost, where a Secure cookie would never be sent back; see docs/security.md.


def secure_cookies(environ: Mapping[str, str]) -> bool:
    """``CSC_WORKFORCE_SECURE_COOKIES`` 1 or 0 if given; else on when a secret key is configured and not DEBUG."""
    chosen = environ.get("CSC_WORKFORCE_SECURE_COOKIES", "")
    if chosen in ("0", "1"):
        return chosen == "1"
    return bool(environ.get("CSC_WORKFORCE_SECRET_KEY")) and environ.get("CSC_WORKFORCE_DEBUG", "") != "1"


SECURE_COOKIES = secure_cookies(os.environ)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "csc_workforce_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_FAILURE_VIEW = "csc_workforce.web.views.errors.csrf_failure"

# Security headers (Content-Security-Policy and Permissions-Policy come from web/middleware.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS is only ever sent on HTTPS responses; on for production installs.
SECURE_HSTS_SECONDS = 31536000 if SECURE_COOKIES else 0

# Static files are served by the app itself (WhiteNoise) straight from the installed package: no collectstatic.
STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Request bodies (docs/security.md): one over the upload limit is refused from its Content-Length before it is
# read (web/middleware.py; waitress refuses larger ones, web/serving.py). An uploaded file over 2.5 MB is spooled
# to a temporary file, never held in memory; a body of other fields (a form, API JSON) may be at most 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# Messages (such as a new user's password, shown once) stay on the server, never in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
