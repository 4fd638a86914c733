"""A database made by the previous release upgrades in place with ``csc-workforce db migrate``: every row is
kept and every figure is unchanged. The fixture (``tests/fixtures/upgrade``) was made by
``scripts/upgrade_fixture.py`` with the release named in its ``expected.json``: the demo council, an analyst and
an API token, a SQLite database as a council's laptop holds one."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "upgrade"
GROWS = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}  # new models add rows
# Tables a migration replaced, every row moved into the new one: migration 0025 made each user's one role and
# council (a profile) their role at that council.
REPLACED = {"workforce_userprofile": "workforce_councilrole"}

MEASURES = """
import contextlib, io, json, sys
from csc_workforce.cli.main import main
found = {}
for key in sys.argv[1:]:
    year, basis = key.split("/")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["measures", "--la", LA, "--year", year, "--basis", basis, "--format", "json"])
    found[key] = json.loads(out.getvalue())
print(json.dumps(found))
"""


def _run(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=300)


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_a_database_made_by_the_previous_release_upgrades_with_nothing_lost(tmp_path: Path) -> None:
    expected = json.loads((FIXTURE / "expected.json").read_text())
    database = tmp_path / "council.sqlite3"
    database.write_bytes(gzip.decompress((FIXTURE / "release.sqlite3.gz").read_bytes()))

    migrated = _run(database, "-m", "csc_workforce", "db", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    status = _run(database, "-m", "csc_workforce", "db", "status")
    assert status.returncode == 0 and "up to date" in status.stdout

    counts = _counts(database)
    for table, before in expected["table_counts"].items():
        if table in REPLACED:
            assert table not in counts and counts[REPLACED[table]] == before, f"{table}'s rows were not all moved"
            continue
        assert table in counts, f"{table} was dropped"
        if table in GROWS:
            assert counts[table] >= before, table
        else:
            assert counts[table] == before, f"{table}: {before} rows before the upgrade, {counts[table]} after"

    script = MEASURES.replace("LA", repr(expected["la_code"]))
    measured = _run(database, "-c", script, *expected["measures"])
    assert measured.returncode == 0, measured.stderr
    assert json.loads(measured.stdout) == expected["measures"]


def test_status_says_what_a_new_database_needs(tmp_path: Path) -> None:
    status = _run(tmp_path / "new.sqlite3", "-m", "csc_workforce", "db", "status")
    assert status.returncode == 1
    assert "workforce.0001_initial" in status.stdout and "csc-workforce db migrate" in status.stdout
