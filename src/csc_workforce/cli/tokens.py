"""``csc-workforce tokens create|list|revoke``: API tokens for the read-only API."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from csc_workforce.cli.auditing import cli_user
from csc_workforce.cli.output import add_format_argument, print_csv, print_json


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tokens = commands.add_parser("tokens", help="API tokens: make, list and revoke them")
    actions = tokens.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="make an API token for a user (printed once)",
        description="Make an API token for a user, for `Authorization: Bearer TOKEN`. It is printed once: only "
        "its SHA-256 is stored. It sees what the user's role and council allow, and expires after --days days "
        "(default and most: CSC_WORKFORCE_API_TOKEN_DAYS, 90 unless set).",
    )
    create.add_argument("username")
    create.add_argument("--days", type=int, metavar="N", help="days until it expires (default: the most allowed)")
    create.set_defaults(handler=tokens_create_command)

    listing = actions.add_parser(
        "list",
        help="list API tokens (never the tokens themselves)",
        description="List API tokens, newest first: id, user, when made, last used, expires, revoked, and status "
        "(active, expired or revoked). The tokens themselves are never shown: only their SHA-256 is kept.",
    )
    listing.add_argument("--user", default="", metavar="USERNAME", help="only this user's tokens")
    add_format_argument(listing, ("text", "json", "csv"))
    listing.set_defaults(handler=tokens_list_command)

    revoke = actions.add_parser(
        "revoke",
        help="revoke API tokens by id (they stop working at once)",
        description="Revoke API tokens by id (from `csc-workforce tokens list`). They stop working at once. "
        "Exit 1 if any id is unknown or already revoked (the others are still revoked).",
    )
    revoke.add_argument("ids", type=int, nargs="+", metavar="ID")
    revoke.set_defaults(handler=tokens_revoke_command)


def _setup() -> None:
    from csc_workforce.cli.db import setup_database

    setup_database()


def tokens_create_command(args: argparse.Namespace) -> int:
    _setup()
    from csc_workforce.store.services.accounts import AccountError
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.tokens import token_create

    try:
        token = token_create(
            username=args.username, created_by=cli_user(), now=datetime.now(UTC), days=args.days, origin=COMMAND_LINE
        )
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"API token for {args.username} (shown once; only its hash is kept):")
    print(token)
    return 0


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def tokens_list_command(args: argparse.Namespace) -> int:
    _setup()
    from csc_workforce.store.services.tokens import tokens_list

    now = datetime.now(UTC)
    rows = [
        {
            "id": t.id,
            "user": t.username,
            "created_at": _when(t.created_at),
            "last_used_at": _when(t.last_used_at),
            "expires_at": _when(t.expires_at),
            "revoked_at": _when(t.revoked_at),
            "status": t.status(now),
        }
        for t in tokens_list(username=args.user)
    ]
    if args.format == "json":
        print_json(rows)
    elif args.format == "csv":
        print_csv(rows)
    elif not rows:
        print("No API tokens." if not args.user else f"No API tokens for {args.user}.")
    else:
        columns = list(rows[0])
        widths = {c: max(len(c), *(len(str(r[c] or "-")) for r in rows)) for c in columns}
        print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
        for row in rows:
            print("  ".join(str(row[c] or "-").ljust(widths[c]) for c in columns).rstrip())
    return 0


def tokens_revoke_command(args: argparse.Namespace) -> int:
    _setup()
    from csc_workforce.store.services.accounts import AccountError
    from csc_workforce.store.services.audit import COMMAND_LINE
    from csc_workforce.store.services.tokens import token_revoke

    status = 0
    for token_id in args.ids:
        try:
            revoked = token_revoke(token_id=token_id, revoked_by=cli_user(), now=datetime.now(UTC), origin=COMMAND_LINE)
        except AccountError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
        else:
            print(f"Revoked API token {revoked.pk} of {revoked.user.get_username()}.")
    return status
