"""Database set-up for the CLI: Django configured, and a new database created and migrated on first use;
``csc-workforce db migrate`` / ``db status``, which upgrade a database made by an earlier release in place; and
``db backup`` / ``db restore`` (the work is ``store.services.backup``'s; docs/operations.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def configure_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.settings")
    import django

    django.setup()
    from csc_workforce.store.sqlite_files import configured_database_private

    configured_database_private()  # a new SQLite file is created 0600 before Django opens it


def pending_migrations() -> list[str]:
    """The migrations this release has that the database has not applied yet, as ``app.name``, in order."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def setup_database() -> None:
    configure_django()
    if pending_migrations():
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser(
        "db", help="the database: see whether it needs upgrading, upgrade it, back it up and restore it"
    )
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    migrate = actions.add_parser(
        "migrate",
        help="upgrade the database to this release, keeping every row",
        description="Apply the migrations this release adds to the database DATABASE_URL names (each in a "
        "transaction; on PostgreSQL a failed migration changes nothing). Every other command does this itself on "
        "first use; run it explicitly after installing a new release, with a backup taken first.",
    )
    migrate.set_defaults(handler=db_migrate_command)
    status = actions.add_parser(
        "status",
        help="say whether the database needs upgrading (exit 1 if it does)",
        description="List the migrations this release has that the database has not applied. Exit status 0 when "
        "it is up to date, 1 when `csc-workforce db migrate` has work to do.",
    )
    status.set_defaults(handler=db_status_command)
    backup = actions.add_parser(
        "backup",
        help="write a backup of the whole database to a file",
        description="Write a backup of the database DATABASE_URL names to FILE: a zip of manifest.json (what it "
        "is: the engine, when, the release, the migrations applied, each table's rows) and the database, copied "
        "with SQLite's backup API or dumped with pg_dump -Fc (PostgreSQL's client programs must be on PATH). It is "
        "consistent while the app runs. FILE is written readable by its owner only (it holds personal data, "
        "password hashes and the audit log: keep it as securely as the database); an existing FILE is replaced "
        "once the new backup is complete. Recorded in the audit log. See docs/operations.md.",
    )
    backup.add_argument("--output", required=True, type=Path, metavar="FILE", help="the backup file to write")
    backup.set_defaults(handler=db_backup_command)
    restore = actions.add_parser(
        "restore",
        help="replace the database's contents with a backup",
        description="Replace everything in the database DATABASE_URL names with the backup FILE made by `db "
        "backup`: all of it or, on any error, nothing. Refused (exit 1, nothing changed) for a file that is not a "
        "backup or is damaged, a backup of the other kind of database (SQLite and PostgreSQL backups do not mix), "
        "one from a newer release, and a database that already holds data unless --replace is given. A backup "
        "from an older release is restored, then upgraded as `db migrate` does. Recorded in the audit log of the "
        "restored database.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup made by `csc-workforce db backup`")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="delete what the database holds now and put the backup's contents in its place",
    )
    restore.set_defaults(handler=db_restore_command)


def db_migrate_command(args: argparse.Namespace) -> int:
    configure_django()
    pending = pending_migrations()
    if not pending:
        print("The database is up to date: nothing to apply.")
        return 0
    from django.core.management import call_command

    for name in pending:
        print(f"Applying {name}")
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Applied {len(pending)} migration{'s' if len(pending) != 1 else ''}: the database is up to date.")
    return 0


def db_status_command(args: argparse.Namespace) -> int:
    configure_django()
    pending = pending_migrations()
    if not pending:
        print("The database is up to date.")
        return 0
    print(f"{len(pending)} migration{'s' if len(pending) != 1 else ''} to apply (run `csc-workforce db migrate`):")
    for name in pending:
        print(f"  {name}")
    return 1


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def db_backup_command(args: argparse.Namespace) -> int:
    configure_django()  # not migrated first: a backup is of the database as it is
    from datetime import UTC, datetime

    from csc_workforce.cli.auditing import cli_audit
    from csc_workforce.store.services.backup import AUDIT_TABLE, BackupError, backup_database, database_label

    try:
        made = backup_database(args.output, now=datetime.now(UTC))
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    manifest = made.manifest
    if AUDIT_TABLE in manifest.tables:  # a database from before the audit log has none to record it in
        cli_audit(
            action="backup",
            object_type="database",
            detail={
                "file": str(made.path),
                "engine": manifest.engine,
                "bytes": made.size,
                "sha256": made.sha256,
                "tables": len(manifest.tables),
                "rows": manifest.rows,
                "migrations": len(manifest.migrations),
            },
        )
    print(
        f"Backed up {database_label()} ({_plural(len(manifest.tables), 'table')}, {_plural(manifest.rows, 'row')}, "
        f"{_plural(len(manifest.migrations), 'migration')} applied) to {made.path} ({made.size:,} bytes, "
        f"SHA-256 {made.sha256})."
    )
    print("It holds personal data: keep it as securely as the database itself.")
    return 0


def db_restore_command(args: argparse.Namespace) -> int:
    configure_django()
    from django.core.management import call_command

    from csc_workforce.cli.auditing import cli_audit
    from csc_workforce.store.services.backup import BackupError, restore_database

    try:
        done = restore_database(args.file, replace=args.replace)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    manifest = done.manifest
    replaced = sum(done.replaced.values())
    print(
        f"Restored {done.database} from {args.file}: the backup of {manifest.database} taken at "
        f"{manifest.created_at} by release {manifest.release} ({_plural(len(manifest.tables), 'table')}, "
        f"{_plural(manifest.rows, 'row')})"
        + (f"; the {_plural(replaced, 'row')} it held before are gone." if replaced else ".")
    )
    pending = pending_migrations()
    if pending:
        print(f"The backup is from an earlier release: applying {_plural(len(pending), 'migration')}.")
        try:
            call_command("migrate", verbosity=0, interactive=False)
        except Exception as exc:
            print(
                f"The restore is complete but upgrading it failed: {exc}. The database holds the backup as it was; "
                "run `csc-workforce db migrate` once the cause is fixed.",
                file=sys.stderr,
            )
            return 1
        print("The database is up to date.")
    cli_audit(
        action="restore",
        object_type="database",
        detail={
            "file": str(args.file.expanduser().absolute()),
            "engine": manifest.engine,
            "backup_created_at": manifest.created_at,
            "backup_release": manifest.release,
            "backup_database": manifest.database,
            "rows": manifest.rows,
            "rows_replaced": replaced,
            "migrations_applied": pending,
        },
    )
    return 0
