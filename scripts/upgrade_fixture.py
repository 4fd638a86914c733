"""Make the upgrade test's fixture: a database made by a release, with what that release says of it.

Run it with the release's code first on the path, from a checkout of that release, e.g. for commit ``C``::

    git worktree add /tmp/release C
    PYTHONPATH=/tmp/release/src python scripts/upgrade_fixture.py --output tests/fixtures/upgrade --release C

It uses the release's command line only (so it works with any release): it loads the demo council, adds an
analyst and an API token, and records the row count of every table and the council's measures for every census
year on both bases. ``tests/store/test_upgrade.py`` upgrades a copy of the database with this release's
``csc-workforce db migrate`` and checks that nothing is lost and every figure is unchanged.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

YEARS = range(2017, 2026)
BASES = ("returned", "records")
LA = "990"


def cli(database: Path, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run(
        [sys.executable, "-m", "csc_workforce", *args], input=stdin, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def table_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}


def council_measures(database: Path) -> dict[str, object]:
    return {
        f"{year}/{basis}": json.loads(
            cli(database, "measures", "--la", LA, "--year", str(year), "--basis", basis, "--format", "json")
        )
        for year in YEARS
        for basis in BASES
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--release", required=True, help="the release's commit, recorded beside the fixture")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "release.sqlite3"
        cli(database, "demo", "--no-serve")
        cli(
            database,
            "users",
            "create",
            "analyst",
            "--role",
            "analyst",
            "--council",
            LA,
            "--password-stdin",
            stdin="a long enough test password\n",
        )
        cli(database, "tokens", "create", "analyst")
        measures = council_measures(database)  # before the counts: the first read keeps figures (as returned)
        with sqlite3.connect(database) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = table_counts(database)
        args.output.mkdir(parents=True, exist_ok=True)
        (args.output / "release.sqlite3.gz").write_bytes(gzip.compress(database.read_bytes(), mtime=0))
    expected = {"release": args.release, "la_code": LA, "table_counts": counts, "measures": measures}
    (args.output / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
