"""SQLite database files are readable and writable by their owner only (0600): created so, and tightened."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from csc_workforce.store.sqlite_files import sqlite_file, sqlite_files_private


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual umask, under which new files are readable by everyone (0644)."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_new_database_file_is_created_0600(tmp_path: Path, loose_umask: None):
    database = tmp_path / "new.sqlite3"
    sqlite_files_private(str(database))
    assert database.exists() and _mode(database) == 0o600
    with sqlite3.connect(database) as connection:  # SQLite gives its -wal and -shm the database's mode
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (x)")
        assert _mode(Path(f"{database}-wal")) == 0o600
        assert _mode(Path(f"{database}-shm")) == 0o600


def test_existing_files_readable_by_others_are_tightened(tmp_path: Path, loose_umask: None):
    database = tmp_path / "old.sqlite3"
    for suffix in ("", "-wal", "-journal"):
        Path(f"{database}{suffix}").write_bytes(b"")
        os.chmod(f"{database}{suffix}", 0o664)
    sqlite_files_private(str(database))
    assert [_mode(Path(f"{database}{s}")) for s in ("", "-wal", "-journal")] == [0o600, 0o600, 0o600]
    os.chmod(database, 0o400)  # a read-only database stays read-only: only others' bits are taken away
    sqlite_files_private(str(database))
    assert _mode(database) == 0o400


@pytest.mark.parametrize("name", ["", ":memory:", "file:memorydb_default?mode=memory&cache=shared"])
def test_in_memory_databases_have_no_file(name: str):
    assert sqlite_file(name) is None


def test_the_command_line_creates_its_database_0600(tmp_path: Path, loose_umask: None):
    database = tmp_path / "cli.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run(
        [sys.executable, "-m", "csc_workforce", "db", "migrate"], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert _mode(database) == 0o600
    left = [p for p in tmp_path.iterdir() if p.name.startswith("cli.sqlite3") and _mode(p) != 0o600]
    assert left == []


def test_serve_and_demo_make_files_private(loose_umask: None):
    from csc_workforce.cli.serve import PRIVATE_UMASK, private_files

    private_files()
    assert os.umask(0o022) == PRIVATE_UMASK == 0o077
