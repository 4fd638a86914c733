"""``csc-workforce demo``: load the made-up demo council, show its measures and serve the web app."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from csc_workforce.census.csww_years import last_supported_year, supported_span, supported_years
from csc_workforce.cli.auditing import cli_audit, cli_user
from csc_workforce.cli.output import print_table
from csc_workforce.cli.serve import add_serve_options, private_files

DEMO_YEARS = list(supported_years())
DEMO_ADMIN = "admin"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo",
        help=f"load a made-up demo council ({supported_span()}), show its measures and serve the web app",
        description=f"Load a made-up demo council ({supported_span()}) and show its measures; create the web app user "
        "'admin' (or give it a new password), print its password, and serve the web app on this computer.",
    )
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument("--no-serve", action="store_true", help="stop after loading; do not serve the web app")
    add_serve_options(demo)
    demo.set_defaults(handler=demo_command)


DEMO_SCENARIOS: tuple[dict[str, object], ...] = (
    {"name": "NQSW cohort of 8 each September", "hires": [{"route": "nqsw", "count": 8, "calendar_month": 9}]},
    {"name": "20% cut in permanent leaving", "leaving_multipliers": {"permanent": 0.8}},
)
"""The demo council's saved forecast scenarios (docs/forecasting.md: the cohort and the cut in leaving)."""


def demo_command(args: argparse.Namespace) -> int:
    private_files()
    from csc_workforce.cli.db import setup_database
    from csc_workforce.synthetic import demo_council
    from csc_workforce.synthetic.actions import with_seed_actions

    setup_database()
    from csc_workforce.store.services.demo import demo_load_with_returns
    from csc_workforce.store.services.measures import measures_rows

    # with the seed strategies' action lists: invented owners (post titles), dates and updates (docs/synthetic.md)
    records = with_seed_actions(demo_council(seed=args.seed), seed=args.seed)
    # its HR records, and its census returns as it sent them, with the slips real returns have (docs/synthetic.md)
    outcomes = demo_load_with_returns(
        records=records,
        years=DEMO_YEARS,
        description=f"Synthetic demo council (seed {args.seed}): HR and case-management records, {supported_span()}",
        recorded_by=cli_user(),
        now=datetime.now(UTC),
    )
    warnings = sum(o.warnings for o in outcomes)
    council = records.council
    from csc_workforce.forecasting.stock_flow import Scenario
    from csc_workforce.store.services.forecast import save_scenario

    for levers in DEMO_SCENARIOS:  # the forecast page and paper compare them with the baseline
        scenario = Scenario.from_mapping(levers)
        save_scenario(la_code=council.la_code, scenario=scenario, set_by=cli_user(), now=datetime.now(UTC))
    cli_audit(
        action="demo-load",
        object_type="council",
        object_id=council.la_code,
        detail={"seed": args.seed, "years": DEMO_YEARS, "returns": len(outcomes)},
    )
    print(
        f"Loaded the demo council {council.name} ({council.la_code}): {len(records.people):,} people, "
        f"{len(records.engagements):,} engagements, {len(records.teams)} teams, {supported_span()}, and its census "
        f"returns for {supported_span()} ({warnings} warnings across returns), and {len(records.actions)} actions of "
        f"the seed strategies' action plans with {len(records.action_updates)} updates, and "
        f"{len(DEMO_SCENARIOS)} forecast scenarios. All made up but the actions' words, which are the strategies' "
        "own.\n"
    )
    rows = [row for year in DEMO_YEARS for row in measures_rows(year=year, la_codes=[council.la_code])]
    print_table(rows)
    latest = last_supported_year()
    print(f"\nTry: csc-workforce measures --year {latest} --la {council.la_code} --format json")
    print(f"     csc-workforce census export --la {council.la_code} --year {latest} --output demo-{latest}.xml")
    print(f"     csc-workforce census reconcile --la {council.la_code}")
    print(
        f"     csc-workforce forecast --la {council.la_code} --months 24 --saved '{DEMO_SCENARIOS[0]['name']}' "
        f"--target 'permanency_rate_fte>=92@{latest + 2}-09'"
    )
    password = demo_admin()
    print(f"\nWeb app user: {DEMO_ADMIN}, password: {password} (new each time you run the demo)")
    print(
        "At its first sign-in an admin sets up an authenticator app (a second factor); the key is shown as text "
        "and as a QR code."
    )
    if args.no_serve:
        print("Serve the web app with: csc-workforce serve")
        return 0
    from csc_workforce.cli.serve import start

    return start(host=args.host, port=args.port)


def demo_admin() -> str:
    """Create the demo's admin user, or give it a new password; returns the password."""
    from django.contrib.auth.models import User

    from csc_workforce.store.models import Role
    from csc_workforce.store.services.accounts import password_generate, user_create, user_set_password
    from csc_workforce.store.services.audit import COMMAND_LINE

    password, now, by = password_generate(), datetime.now(UTC), cli_user()
    if User.objects.filter(username=DEMO_ADMIN).exists():
        user_set_password(username=DEMO_ADMIN, password=password, changed_by=by, now=now, origin=COMMAND_LINE)
    else:
        user_create(
            username=DEMO_ADMIN, role=Role.ADMIN, password=password, created_by=by, now=now, origin=COMMAND_LINE
        )
    return password
