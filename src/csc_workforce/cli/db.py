"""Database set-up for the CLI: Django configured, and a new database created and migrated on first use."""

from __future__ import annotations

import os


def setup_database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
