"""Django settings. Every setting a user may change comes from the environment and is listed in
``docs/configuration.md``:

* ``DATABASE_URL``: where the records live. Default: a SQLite file ``csc-workforce.sqlite3`` in the
  current folder, created and migrated on first use. PostgreSQL: ``postgres://user@host/dbname``.
* ``CSC_WORKFORCE_SECRET_KEY``: required when ``CSC_WORKFORCE_DEBUG`` is off and the web app is served.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

DEFAULT_DATABASE_URL = f"sqlite:///{Path.cwd() / 'csc-workforce.sqlite3'}"

DEBUG = os.environ.get("CSC_WORKFORCE_DEBUG", "") == "1"
# A per-process random key is safe for the CLI (no sessions). The web app requires a configured key.
SECRET_KEY = os.environ.get("CSC_WORKFORCE_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = os.environ.get("CSC_WORKFORCE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "csc_workforce.web.apps.WebConfig",
]

DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
