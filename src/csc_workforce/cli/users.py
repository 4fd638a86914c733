"""``csc-workforce users create|grant|revoke|list|reset-second-factor``: accounts for the web app and the roles
they hold at councils and in alliances (API tokens: ``cli/tokens.py``)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from csc_workforce.cli.auditing import cli_user

ROLES = ["admin", "analyst", "manager", "viewer"]
REGIONAL_ROLES = ["regional_analyst", "regional_admin"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser("users", help="web app users and their roles")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="create a user with a role",
        description="Create a web app user. Without --password-stdin a strong password is generated and printed "
        "once. Roles: admin (users, settings, audit), analyst (loads data, sees everything for the council), "
        "manager (only the teams given), viewer (aggregates only, small numbers suppressed), each at a council "
        "(--council) or at every council; or regional_analyst or regional_admin of an alliance (--alliance). Give "
        "them more roles with users grant.",
    )
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES + REGIONAL_ROLES, required=True)
    create.add_argument("--team", action="append", default=[], metavar="NAME", help="a team a manager sees; repeat")
    create.add_argument(
        "--council",
        default="",
        metavar="CODE",
        help="the council the role is at (DfE code); leave out for every council",
    )
    create.add_argument("--alliance", default="", metavar="NAME", help="the alliance, for a regional role")
    create.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    create.set_defaults(handler=users_create_command)
    grant = actions.add_parser(
        "grant",
        help="give a user a role at a council, or a regional role in an alliance",
        description="Give an existing user a role at one council (--council; a person who works for two councils "
        "holds a role at each), at every council (--every-council: the installation's own staff), or a regional "
        "role in an alliance (--alliance): a regional analyst sees every member council's figures with small "
        "numbers withheld; a regional administrator also sets the alliance's members, agreement and who holds its "
        "roles. A role already held there is replaced. Audited with your operating-system user name.",
    )
    grant.add_argument("username")
    grant.add_argument("--role", choices=ROLES + REGIONAL_ROLES, required=True)
    where = grant.add_mutually_exclusive_group(required=True)
    where.add_argument("--council", metavar="CODE", help="the council (DfE code)")
    where.add_argument("--every-council", action="store_true", help="every council held")
    where.add_argument("--alliance", metavar="NAME", help="the alliance, for a regional role")
    grant.add_argument("--team", action="append", default=[], metavar="NAME", help="a team a manager sees; repeat")
    grant.set_defaults(handler=users_grant_command)
    revoke = actions.add_parser(
        "revoke",
        help="take away a user's role at a council or in an alliance",
        description="Take away the role a user holds at one council, at every council, or in an alliance. Audited.",
    )
    revoke.add_argument("username")
    gone = revoke.add_mutually_exclusive_group(required=True)
    gone.add_argument("--council", metavar="CODE")
    gone.add_argument("--every-council", action="store_true")
    gone.add_argument("--alliance", metavar="NAME")
    revoke.set_defaults(handler=users_revoke_command)
    listing = actions.add_parser(
        "list",
        help="every user and the roles they hold",
        description="Every user, whether they can sign in, and each role they hold: at which council (or every "
        "council), with a manager's teams, and in which alliance.",
    )
    listing.set_defaults(handler=users_list_command)
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
            alliance_name=args.alliance,
            created_by=cli_user(),
            now=datetime.now(UTC),
            origin=COMMAND_LINE,
        )
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Created {args.role.replace('_', ' ')} {args.username}.")
    if generated:
        print(f"Password (shown once; give it to them securely): {password}")
    return 0


def users_grant_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.roles import GrantError, alliance_role_grant, council_role_grant

    regional = args.role in REGIONAL_ROLES
    if regional != bool(args.alliance):
        print(
            "A regional role is given in an alliance (--alliance NAME); a council role at a council (--council "
            "CODE or --every-council).",
            file=sys.stderr,
        )
        return 2
    by, now = cli_user(), datetime.now(UTC)
    try:
        if regional:
            if args.team:
                raise GrantError("Teams are for managers at a council: leave out --team.")
            alliance_role_grant(
                username=args.username,
                role=args.role,
                alliance_name=args.alliance,
                granted_by=by,
                now=now,
                origin=COMMAND_LINE,
            )
            where = args.alliance
        else:
            council_role_grant(
                username=args.username,
                role=args.role,
                la_code=args.council or "",
                teams=args.team,
                granted_by=by,
                now=now,
                origin=COMMAND_LINE,
            )
            where = args.council or "every council"
    except GrantError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{args.username} is now {args.role.replace('_', ' ')} at {where}.")
    return 0


def users_revoke_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.roles import GrantError, alliance_role_remove, council_role_remove

    by, now = cli_user(), datetime.now(UTC)
    try:
        if args.alliance:
            alliance_role_remove(
                username=args.username, alliance_name=args.alliance, removed_by=by, now=now, origin=COMMAND_LINE
            )
        else:
            council_role_remove(
                username=args.username, la_code=args.council or "", removed_by=by, now=now, origin=COMMAND_LINE
            )
    except GrantError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{args.username} no longer holds a role at {args.alliance or args.council or 'every council'}.")
    return 0


def users_list_command(args: argparse.Namespace) -> int:
    from csc_workforce.cli.db import setup_database

    setup_database()
    from django.contrib.auth.models import User

    from csc_workforce.store import models as m

    councils: dict[int, list[str]] = {}
    for row in m.CouncilRole.objects.order_by("la_code"):
        teams = f" (teams: {', '.join(row.teams)})" if row.teams else ""
        councils.setdefault(row.user_id, []).append(f"{row.role} at {row.la_code or 'every council'}{teams}")
    for alliance_role in m.AllianceRole.objects.select_related("alliance").order_by("alliance__name"):
        councils.setdefault(alliance_role.user_id, []).append(
            f"{alliance_role.role.replace('_', ' ')} of {alliance_role.alliance.name}"
        )
    for user in User.objects.order_by("username"):
        stopped = "" if user.is_active else " (stopped)"
        print(f"{user.username}{stopped}: {'; '.join(councils.get(user.pk, [])) or 'no role'}")
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
