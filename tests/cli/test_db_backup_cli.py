"""``csc-workforce db backup`` and ``db restore``, run in-process against the database the suite runs on (SQLite,
or PostgreSQL when DATABASE_URL names one): a round trip gives back every table's rows exactly, and each refused or
failed restore changes nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from csc_workforce.store.services.backup import AUDIT_TABLE, PAYLOADS, libpq_environment
from tests.cli.test_forecast_cli import load_council

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump, pg_restore and SQLite's backup API see commits only


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def every_table() -> dict[str, list[str]]:
    """Every row of every table the database holds (Django's own tables too), each table's rows sorted."""
    quote_name = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables: dict[str, list[str]] = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote_name(table)}")
            tables[table] = sorted(repr(row) for row in cursor.fetchall())
    return tables


def load_a_council_a_user_and_a_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    from csc_workforce.forecasting.stock_flow import Scenario
    from csc_workforce.store.services.forecast import save_scenario

    load_council()
    assert run(capsys, "users", "create", "sam", "--role", "analyst", "--council", "990")[0] == 0
    cut = Scenario.from_mapping({"name": "cut", "leaving_multipliers": {"permanent": 0.8}})
    save_scenario(la_code="990", scenario=cut, set_by="t", now=datetime(2026, 1, 6, tzinfo=UTC))
    session = SessionStore()
    session["signed_in_as"] = "sam"
    session.create()


def test_a_restore_gives_back_every_table_exactly_as_it_was_backed_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from django.contrib.auth.models import User

    load_a_council_a_user_and_a_scenario(capsys)
    before = every_table()
    held = {t for t, rows in before.items() if rows}
    assert {"auth_user", "django_session", m.ForecastScenario._meta.db_table, m.Council._meta.db_table} <= held
    assert len(held) >= 15  # the synthetic council fills the records' tables, not just a handful

    backup = tmp_path / "backup.zip"
    code, out, err = run(capsys, "db", "backup", "--output", str(backup))
    assert code == 0, err
    assert "It holds personal data" in out
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with zipfile.ZipFile(backup) as archive:
        assert archive.namelist() == ["manifest.json", PAYLOADS[connection.vendor]]
        manifest = json.loads(archive.read("manifest.json"))
    assert (manifest["format"], manifest["engine"]) == ("csc-workforce backup", connection.vendor)
    assert manifest["tables"] == {t: len(rows) for t, rows in before.items()}
    recorded = m.AuditEvent.objects.get(action="backup")
    assert recorded.detail["file"] == str(backup) and recorded.user_agent == "csc-workforce cli"

    # change and delete data after the backup
    m.ForecastScenario.objects.all().delete()
    User.objects.filter(username="sam").delete()
    m.Council.objects.filter(la_code="990").update(name="Renamed")
    m.Council.objects.create(la_code="991", name="Added later", region="North West")
    changed = every_table()
    assert changed != before

    code, _, err = run(capsys, "db", "restore", str(backup))
    assert code == 1
    assert "already holds data" in err and "would delete all of it" in err and "--replace" in err
    assert every_table() == changed  # refused: nothing changed

    code, out, err = run(capsys, "db", "restore", str(backup), "--replace")
    assert code == 0, err
    assert out.startswith("Restored ") and "rows it held before are gone" in out
    after = every_table()
    # every table as it was backed up; the audit log as well, plus the restore (the backup's own event came after it)
    audit_before, audit_after = before.pop(AUDIT_TABLE), after.pop(AUDIT_TABLE)
    assert after == before
    assert set(audit_before) < set(audit_after) and len(audit_after) == len(audit_before) + 1
    restored = m.AuditEvent.objects.get(action="restore")
    assert restored.detail["file"] == str(backup) and restored.detail["migrations_applied"] == []
    assert not m.AuditEvent.objects.filter(action="backup").exists()
    assert m.ForecastScenario.objects.get().name == "cut"  # the ORM reads the restored database too
    assert User.objects.get(username="sam").council_roles.get().la_code == "990"


def rewritten(
    backup: Path, into: Path, *, manifest: dict[str, Any] | None = None, payload: bytes | None = None
) -> Path:
    """A copy of ``backup`` with its manifest and/or payload replaced (a zip as valid as the original)."""
    with zipfile.ZipFile(backup) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    old = json.loads(members.pop("manifest.json"))
    name = old["payload"]
    new = manifest if manifest is not None else old
    data = payload if payload is not None else members[name]
    with zipfile.ZipFile(into, "w") as archive:
        archive.writestr("manifest.json", json.dumps(new))
        archive.writestr(new["payload"], data)
    return into


def text_file(path: Path) -> Path:
    path.write_text("not a backup\n")
    return path


def other_engine(manifest: dict[str, Any]) -> dict[str, Any]:
    engine = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    return {**manifest, "engine": engine, "payload": PAYLOADS[engine]}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda b, p: text_file(p), "is not a csc-workforce backup (not a zip file)"),
        (lambda b, p: rewritten(b, p, manifest=other_engine(manifest_of(b))), "a backup restores only into the kind"),
        (
            lambda b, p: rewritten(b, p, manifest={**manifest_of(b), "migrations": [["workforce", "9999_x"]]}),
            "was taken from a newer release of csc-workforce (0.1.0): it has 1 migration this release",
        ),
        (lambda b, p: rewritten(b, p, manifest={**manifest_of(b), "format_version": 2}), "made by a newer release"),
        (lambda b, p: rewritten(b, p, payload=b"x" + payload_of(b)[1:]), "does not match its checksum"),
        # a backup whose rows do not match its manifest: on PostgreSQL the check runs after every table has been
        # dropped and restored, in the one transaction, so this also proves that a failed restore rolls back whole
        (
            lambda b, p: rewritten(
                b, p, manifest={**manifest_of(b), "tables": {**manifest_of(b)["tables"], "auth_user": 99}}
            ),
            "auth_user",
        ),
    ],
    ids=["not-a-backup", "other-engine", "newer-migrations", "newer-format", "damaged", "rows-differ"],
)
def test_a_refused_or_failed_restore_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, message: str
):
    from django.contrib.auth.models import User

    load_a_council_a_user_and_a_scenario(capsys)
    backup = tmp_path / "backup.zip"
    assert run(capsys, "db", "backup", "--output", str(backup))[0] == 0
    User.objects.create(username="after-the-backup")
    now = every_table()
    bad = make(backup, tmp_path / "bad.zip")
    code, _, err = run(capsys, "db", "restore", str(bad), "--replace")
    assert code == 1 and message in err, err
    assert every_table() == now


def manifest_of(backup: Path) -> dict[str, Any]:
    with zipfile.ZipFile(backup) as archive:
        return dict(json.loads(archive.read("manifest.json")))


def payload_of(backup: Path) -> bytes:
    with zipfile.ZipFile(backup) as archive:
        return archive.read(manifest_of(backup)["payload"])


def test_backup_refuses_to_overwrite_the_database_and_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    code, _, err = run(capsys, "db", "backup", "--output", str(tmp_path / "nowhere" / "b.zip"))
    assert code == 1 and "does not exist" in err
    if connection.vendor == "sqlite":
        code, _, err = run(capsys, "db", "backup", "--output", str(connection.settings_dict["NAME"]))
        assert code == 1 and "is the database itself" in err


@contextmanager
def scratch_database(tmp_path: Path) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database on the engine the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'earlier.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_earlier"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    user = quote(settings.get("USER") or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    where = quote(settings.get("HOST") or "", safe="") + (f":{settings['PORT']}" if settings.get("PORT") else "")
    try:
        yield f"postgres://{user}{password}{'@' if user else ''}{where}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


EARLIER_RELEASE = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
call_command("migrate", "workforce", sys.argv[2], verbosity=0, interactive=False)  # the schema one release back
from django.contrib.auth.models import User
User.objects.create(username="from-an-earlier-release")
from csc_workforce.cli.main import main
sys.exit(main(["db", "backup", "--output", sys.argv[1]]))
"""


def test_a_backup_from_an_earlier_release_is_restored_then_upgraded(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from django.contrib.auth.models import User
    from django.db.migrations.loader import MigrationLoader

    from csc_workforce.cli.db import pending_migrations

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    (latest,) = graph.leaf_nodes("workforce")
    (earlier,) = (p for p in graph.node_map[latest].parents if p[0] == "workforce")
    backup = tmp_path / "earlier.zip"
    with scratch_database(tmp_path) as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "csc_workforce.settings"}
        made = subprocess.run(
            [sys.executable, "-c", EARLIER_RELEASE, str(backup), earlier[1]],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert made.returncode == 0, made.stderr
    assert ["workforce", latest[1]] not in manifest_of(backup)["migrations"]
    code, out, err = run(capsys, "db", "restore", str(backup))  # the test database holds no data: no --replace
    assert code == 0, err
    assert "The backup is from an earlier release: applying 1 migration." in out
    assert pending_migrations() == []
    assert User.objects.filter(username="from-an-earlier-release").exists()
    assert m.AuditEvent.objects.get(action="restore").detail["migrations_applied"] == [f"workforce.{latest[1]}"]


def test_the_password_reaches_pg_tools_in_a_private_passfile_never_the_environment(tmp_path: Path):
    settings = {
        "NAME": "csc",
        "USER": "app",
        "PASSWORD": "s3cret:with\\colon",
        "HOST": "db.example",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "require", "pool": True},
    }
    os.environ["PGPASSWORD"] = "inherited"
    try:
        env = libpq_environment(settings, tmp_path)
    finally:
        del os.environ["PGPASSWORD"]
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"], env["PGSSLMODE"]) == (
        "db.example",
        "5433",
        "app",
        "csc",
        "require",
    )
    assert "PGPASSWORD" not in env and not any("s3cret" in value for value in env.values())
    passfile = Path(env["PGPASSFILE"])
    assert passfile.read_text() == "*:*:*:*:s3cret\\:with\\\\colon\n"
    assert stat.S_IMODE(passfile.stat().st_mode) == 0o600


def cli(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    command = [sys.executable, "-m", "csc_workforce", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_a_sqlite_backup_restores_into_a_live_database_of_another_page_size(tmp_path: Path):
    """SQLite's backup API cannot change a WAL database's page size: the checked copy is given the live one's."""
    source, live, backup = tmp_path / "source.sqlite3", tmp_path / "live.sqlite3", tmp_path / "b.zip"
    assert cli("users", "create", "sam", "--role", "analyst", database=source).returncode == 0
    assert cli("db", "backup", "--output", str(backup), database=source).returncode == 0
    with closing(sqlite3.connect(live)) as made:
        made.execute("PRAGMA page_size = 1024")
        made.execute("CREATE TABLE old (a)")
        made.execute("PRAGMA journal_mode = WAL")
    with closing(sqlite3.connect(live)) as reader:  # an app's connection, open throughout
        done = cli("db", "restore", str(backup), database=live)
        assert done.returncode == 0, done.stderr
        assert reader.execute("SELECT username FROM auth_user").fetchall() == [("sam",)]
        assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert reader.execute("SELECT name FROM sqlite_master WHERE name = 'old'").fetchall() == []
    assert stat.S_IMODE(live.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".csc-workforce-backup-")]  # temporary files gone
