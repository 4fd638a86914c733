"""``csc-workforce serve``: the web app on this computer (waitress), static files included."""

from __future__ import annotations

import argparse
import os
import sys

PRIVATE_UMASK = 0o077  # files the server makes (the SQLite database, its -wal and -shm, the key) are the owner's


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the web app (sign in with a user from `csc-workforce users create`)",
        description="Serve the web app with waitress until stopped (Ctrl+C). Without CSC_WORKFORCE_SECRET_KEY it "
        "serves only on a loopback address, with a key kept in .csc-workforce-secret beside the SQLite database.",
    )
    add_serve_options(serve)
    serve.set_defaults(handler=serve_command)


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")


def private_files() -> None:
    """Files made from here on are readable by their owner only (``serve`` and ``demo``)."""
    os.umask(PRIVATE_UMASK)


def serve_command(args: argparse.Namespace) -> int:
    private_files()
    from csc_workforce.cli.db import setup_database

    setup_database()
    return start(host=args.host, port=args.port)


def start(*, host: str, port: int) -> int:
    """Configure the key and serve; the database must be set up already."""
    from django.core.exceptions import ImproperlyConfigured

    from csc_workforce.store.services.single_sign_on import sso_config
    from csc_workforce.web.serving import ServeError, secret_key_configure, serve

    try:
        sso = sso_config()  # a wrong single sign-on setting stops here, not at someone's first sign-in
        key_source = secret_key_configure(host=host)
    except (ServeError, ImproperlyConfigured) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if sso is not None:
        print(f"Single sign-on with {sso.provider_name} ({sso.discovery_url}).")
    shown = "localhost" if host in ("127.0.0.1", "localhost") else host
    print(f"Serving the web app at http://{shown}:{port}/ (signing key: {key_source}). Stop with Ctrl+C.")
    sys.stdout.flush()
    serve(host=host, port=port)
    return 0
