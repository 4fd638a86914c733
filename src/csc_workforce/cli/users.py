"""``csc-workforce users create`` and ``users reset-second-factor``: accounts for the web app (API tokens:
``cli/tokens.py``)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from csc_workforce.cli.auditing import cli_user

ROLES = ["admin", "analyst", "manager", "viewer"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser("users", help="web app users and their roles")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="create a user with a role",
        description="Create a web app user. Without --password-stdin a strong password is generated and printed "
        "once. Roles: admin (users, settings, audit), analyst (loads data, sees everything for the council), "
        "manager (only the teams given), viewer (aggregates only, small numbers suppressed).",
    )
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--team", action="append", default=[], metavar="NAME", help="a team a manager sees; repeat")
    create.add_argument("--council", default="", metavar="CODE", help="restrict to one council (DfE 3-digit code)")
    create.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    create.set_defaults(handler=users_create_command)
    reset = actions.add_parser(
        "reset-second-factor",
        help="remove a user's second factor (a lost phone); audited",
        description="Remove a user's authenticator app (their second factor), for example when they have lost "
        "their phone. If their role needs a second factor they set up a new one at their next sign-in, after "
        "their password. Audited with your operating-system user name.",
    )
    reset.add_argument("username")
    reset.set_defaults(handler=users_reset_second_factor_command)


def users_create_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.accounts import AccountError, password_generate, user_create
    from csc_workforce.store.services.audit import COMMAND_LINE

    generated = not args.password_stdin
    password = password_generate() if generated else sys.stdin.readline().rstrip("\r\n")
    try:
        user_create(
            username=args.username,
            role=args.role,
            password=password,
            teams=args.team,
            la_code=args.council,
            created_by=cli_user(),
            now=datetime.now(UTC),
            origin=COMMAND_LINE,
        )
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Created {args.role} {args.username}.")
    if generated:
        print(f"Password (shown once; give it to them securely): {password}")
    return 0


def users_reset_second_factor_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.second_factor import SecondFactorError, second_factor_reset

    try:
        removed = second_factor_reset(username=args.username, changed_by=cli_user(), now=datetime.now(UTC))
    except SecondFactorError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if removed:
        print(f"Removed the second factor of {args.username}: they set up a new one at their next sign-in.")
    else:
        print(f"{args.username} had no second factor; nothing was removed.")
    return 0
