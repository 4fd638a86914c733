"""SQLite database files readable and writable by their owner only (mode 0600): the records are personal data.

The database file is created with mode 0600 before Django first opens it (``cli/db.py`` for every command),
and on every new connection (the ``connection_created`` signal, for any other way in) the database and its
``-wal``, ``-shm`` and ``-journal`` files are made 0600 if they are not. SQLite creates the latter with the
database file's mode, so once the database is 0600 they are too."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

PRIVATE = 0o600
SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_file(name: object) -> Path | None:
    """The file of a SQLite database ``NAME``, or None for an in-memory database."""
    text = str(name or "")
    if not text or text == ":memory:" or text.startswith("file:") or "mode=memory" in text:
        return None
    return Path(text)


def sqlite_files_private(name: object) -> None:
    """Create the database file ``name`` with mode 0600 if it does not exist, and make it and its companion
    files 0600 if they are readable by anyone else (files of another owner are left alone)."""
    path = sqlite_file(name)
    if path is None:
        return
    if not path.exists() and path.parent.is_dir():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE))  # an empty file is an empty SQLite database
    for suffix in SUFFIXES:
        companion = path.with_name(path.name + suffix)
        try:
            status = companion.stat()
        except FileNotFoundError:
            continue
        if status.st_uid == os.getuid() and stat.S_IMODE(status.st_mode) & 0o077:
            os.chmod(companion, stat.S_IMODE(status.st_mode) & PRIVATE)


def connection_created_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: a SQLite database's files are 0600."""
    if connection.vendor == "sqlite":
        sqlite_files_private(connection.settings_dict.get("NAME"))


def configured_database_private() -> None:
    """Create the configured SQLite database file 0600 before anything opens it (nothing for PostgreSQL)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        sqlite_files_private(database.get("NAME"))
