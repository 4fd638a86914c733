"""The WSGI application, for ``csc-workforce serve`` (waitress) or any other WSGI server. In production set
``CSC_WORKFORCE_SECRET_KEY`` (see docs/security.md)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.settings")
application = get_wsgi_application()
