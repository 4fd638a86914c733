"""``csc-workforce demo``: generate the demo council, import its census returns and show its measures."""

from __future__ import annotations

import argparse
import getpass
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from csc_workforce.cli.output import print_table
from csc_workforce.cli.serve import add_serve_options

DEMO_LA, DEMO_NAME, DEMO_REGION, DEMO_YEARS = "990", "Northgate (demo)", "North West", list(range(2017, 2026))
DEMO_ADMIN = "admin"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo",
        help="load a made-up demo council (2017-2025), show its measures and serve the web app",
        description="Load a made-up demo council (2017-2025) and show its measures; create the web app user "
        "'admin' (or give it a new password), print its password, and serve the web app on this computer.",
    )
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument("--no-serve", action="store_true", help="stop after loading; do not serve the web app")
    add_serve_options(demo)
    demo.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database
    from csc_workforce.synthetic.returns import write_returns

    setup_database()
    from csc_workforce.web.services.census import census_import
    from csc_workforce.web.services.councils import council_rename
    from csc_workforce.web.services.measures import measures_rows

    with tempfile.TemporaryDirectory() as folder:
        paths = write_returns(
            Path(folder),
            la_code=DEMO_LA,
            name=DEMO_NAME,
            region=DEMO_REGION,
            years=DEMO_YEARS,
            seed=args.seed,
            size=280,
            generated_at=datetime(2025, 10, 15, 9, 0, 0),
        )
        outcomes = census_import(
            files=[(p.name, p.read_bytes()) for p in paths],
            recorded_by=getpass.getuser(),
            now=datetime.now(UTC),
        )
    rejected = [o for o in outcomes if not o.accepted]
    for o in rejected:
        print(f"{o.name} was rejected:")
        print("\n".join(f"  {i.as_text()}" for i in o.issues))
    if rejected:
        return 1
    council_rename(la_code=DEMO_LA, name=DEMO_NAME, region=DEMO_REGION)
    print(f"Imported {len(outcomes)} census returns for the demo council {DEMO_NAME} ({DEMO_LA}).\n")
    rows = [row for year in DEMO_YEARS for row in measures_rows(year=year, la_codes=[DEMO_LA])]
    print_table(rows)
    print("\nTry: csc-workforce measures --year 2025 --la 990 --format json")
    password = demo_admin()
    print(f"\nWeb app user: {DEMO_ADMIN}, password: {password} (new each time you run the demo)")
    if args.no_serve:
        print("Serve the web app with: csc-workforce serve")
        return 0
    from csc_workforce.cli.serve import start

    return start(host=args.host, port=args.port)


def demo_admin() -> str:
    """Create the demo's admin user, or give it a new password; returns the password."""
    from django.contrib.auth.models import User

    from csc_workforce.web.models import Role
    from csc_workforce.web.services.accounts import password_generate, user_create, user_set_password

    password, now, by = password_generate(), datetime.now(UTC), getpass.getuser()
    if User.objects.filter(username=DEMO_ADMIN).exists():
        user_set_password(username=DEMO_ADMIN, password=password, changed_by=by, now=now)
    else:
        user_create(username=DEMO_ADMIN, role=Role.ADMIN, password=password, created_by=by, now=now)
    return password
