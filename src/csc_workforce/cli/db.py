"""Database set-up for the CLI: Django configured, and a new database created and migrated on first use; and
``csc-workforce db migrate`` / ``db status``, which upgrade a database made by an earlier release in place."""

from __future__ import annotations

import argparse
import os


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
    db = commands.add_parser("db", help="the database: see whether it needs upgrading, and upgrade it")
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
