"""Backing up the whole database to one file, and restoring one: ``csc-workforce db backup`` and ``db restore``
(docs/operations.md).

A backup is a zip file of two members:

* ``manifest.json``: what the backup is. ``format`` ("csc-workforce backup") and ``format_version`` (1), the
  ``engine`` it was taken from (``sqlite`` or ``postgresql``), when (``created_at``), by which ``release``, from
  which ``database`` (its file, or its name and host: never a password), the ``migrations`` it had applied
  (``[app, name]`` pairs), the rows of each of its ``tables``, and its ``payload``'s name and SHA-256.
* the database itself: ``database.sqlite3``, a copy made with SQLite's online backup API (consistent while the
  app runs: a snapshot of one moment), or ``database.pgdump``, ``pg_dump``'s custom format (``-Fc``) taken in
  the same snapshot as the manifest's migrations and row counts.

A restore checks the file before it touches the database: a file that is not a backup, a damaged one (its
payload's SHA-256), one of the other engine, or one from a newer release (migrations this release does not know)
is refused, as is replacing a database that holds data unless the caller says so. It then replaces the whole
database in one step, so that a failed restore leaves it as it was:

* SQLite: the backup is written to a private temporary file, checked (``PRAGMA integrity_check``, its
  migrations and row counts against the manifest), then copied into the live database with the backup API in one
  write transaction, which other connections see whole or not at all (replacing the file itself would leave a
  running app's ``-wal`` file applied to the wrong database).
* PostgreSQL: ``pg_restore --clean --if-exists --no-owner`` writes the archive's SQL, which ``psql
  --single-transaction`` runs after dropping the tables the database holds, then checks every table's rows
  against the manifest: any error rolls the whole restore back.

Connection details for ``pg_dump``, ``pg_restore`` and ``psql`` come from the connection's settings (the
``DATABASE_URL``) through libpq's ``PG*`` environment variables, and the password through a passfile (0600, in
a private temporary folder, deleted afterwards): never on a command line, in the manifest or in a log.

A backup holds the records, accounts (password hashes), sessions and audit log: it is as sensitive as the
database, and is written readable by its owner only (mode 0600)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

import csc_workforce
from csc_workforce.store import models as m
from csc_workforce.store.sqlite_files import PRIVATE, sqlite_file

FORMAT = "csc-workforce backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables Django fills itself after every migrate: a database holding rows only in these holds no data.
AUTOMATIC_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
# Connection OPTIONS that libpq reads from the environment (Django's own options, such as "pool", are not libpq's).
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "sslcompression": "PGSSLCOMPRESSION",
    "gssencmode": "PGGSSENCMODE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "channel_binding": "PGCHANNELBINDING",
}
CHUNK = 1 << 20
AUDIT_TABLE = m.AuditEvent._meta.db_table


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the person who asked; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a backup holds (``manifest.json``)."""

    engine: str
    created_at: str
    release: str
    database: str
    migrations: tuple[tuple[str, str], ...]
    tables: Mapping[str, int]
    payload: str
    payload_sha256: str
    format_version: int = FORMAT_VERSION

    @property
    def rows(self) -> int:
        """The rows of data it holds (not counting those Django makes itself)."""
        return sum(held_data(self.tables).values())

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "engine": self.engine,
            "created_at": self.created_at,
            "release": self.release,
            "database": self.database,
            "migrations": [list(pair) for pair in self.migrations],
            "tables": dict(self.tables),
            "payload": self.payload,
            "payload_sha256": self.payload_sha256,
        }


@dataclass(frozen=True, slots=True)
class BackupMade:
    manifest: Manifest
    path: Path
    size: int
    sha256: str  # of the backup file as written


@dataclass(frozen=True, slots=True)
class RestoreDone:
    manifest: Manifest
    database: str
    replaced: Mapping[str, int] = field(default_factory=dict)  # the rows the database held before, per table


# -- the database this process is connected to ---------------------------------------------------------------------


def database_engine() -> str:
    """``sqlite`` or ``postgresql``: the engine of the connected database (others are refused)."""
    if connection.vendor not in PAYLOADS:
        raise BackupError(f"Backups support SQLite and PostgreSQL databases, not {connection.vendor}.")
    return str(connection.vendor)


def database_label() -> str:
    """The connected database in words: its file, or its name and server (never its password)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = sqlite_file(settings.get("NAME"))
        return f"the SQLite database {path.resolve() if path else settings.get('NAME')}"
    name = settings.get("NAME") or (settings.get("OPTIONS") or {}).get("service", "")
    where = f" on {settings['HOST']}" if settings.get("HOST") else ""
    where += f":{settings['PORT']}" if settings.get("HOST") and settings.get("PORT") else ""
    return f"the {ENGINE_NAMES.get(connection.vendor, connection.vendor)} database {name}{where}"


def _sqlite_path() -> Path:
    path = sqlite_file(connection.settings_dict.get("NAME"))
    if path is None:
        raise BackupError("An in-memory SQLite database cannot be backed up or restored: set DATABASE_URL to a file.")
    return path.resolve()


def table_rows(cursor: Any = None) -> dict[str, int]:
    """The rows of every table the connected database holds, by table name."""

    def count(c: Any) -> dict[str, int]:
        rows: dict[str, int] = {}
        for table in sorted(connection.introspection.table_names(c)):
            c.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            rows[table] = int(c.fetchone()[0])
        return rows

    if cursor is not None:
        return count(cursor)
    with connection.cursor() as fresh:
        return count(fresh)


def held_data(rows: Mapping[str, int]) -> dict[str, int]:
    """The tables of ``rows`` that hold data (rows Django does not put there itself)."""
    return {t: n for t, n in rows.items() if n and t not in AUTOMATIC_TABLES}


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this release has, as ``(app, name)``."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _applied(cursor: Any, tables: Mapping[str, int]) -> tuple[tuple[str, str], ...]:
    if "django_migrations" not in tables:
        return ()
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return tuple((str(app), str(name)) for app, name in cursor.fetchall())


# -- backing up -----------------------------------------------------------------------------------------------------


def backup_database(output: Path, *, now: datetime) -> BackupMade:
    """Write a backup of the connected database to ``output`` (mode 0600; an existing file is replaced only
    once the new backup is complete). Raises :class:`BackupError` when it cannot."""
    engine = database_engine()
    output = output.expanduser().absolute()
    if not output.parent.is_dir():
        raise BackupError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    if engine == "sqlite" and output.resolve() in {
        _sqlite_path().with_name(_sqlite_path().name + s) for s in ("", "-wal", "-shm", "-journal")
    }:
        raise BackupError(f"{output} is the database itself: give another file for the backup.")
    label = database_label()
    with _private_folder(output.parent) as work:
        payload = work / PAYLOADS[engine]
        if engine == "sqlite":
            migrations, tables = _sqlite_backup(_sqlite_path(), payload)
        else:
            migrations, tables = _postgresql_backup(payload, work)
        if "django_migrations" not in tables:
            raise BackupError(
                f"{label} holds no csc-workforce tables: nothing to back up (is DATABASE_URL set to the right "
                "database?)."
            )
        manifest = Manifest(
            engine=engine,
            created_at=now.isoformat(timespec="seconds"),
            release=csc_workforce.__version__,
            database=label.removeprefix("the "),
            migrations=migrations,
            tables=tables,
            payload=payload.name,
            payload_sha256=_sha256(payload),
        )
        written = work / "backup.zip"
        compression = zipfile.ZIP_DEFLATED if engine == "sqlite" else zipfile.ZIP_STORED  # -Fc is compressed
        with zipfile.ZipFile(_create_private(written), "w", compression=compression, allowZip64=True) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest.as_json(), indent=2) + "\n")
            archive.write(payload, payload.name)
        os.replace(written, output)  # whole or not at all: a failed backup never leaves half a file
    return BackupMade(manifest=manifest, path=output, size=output.stat().st_size, sha256=_sha256(output))


def _sqlite_backup(source: Path, into: Path) -> tuple[tuple[tuple[str, str], ...], dict[str, int]]:
    if not source.exists():
        raise BackupError(f"There is no database at {source}: nothing to back up.")
    _create_private(into).close()
    with closing(sqlite3.connect(source, timeout=60)) as live, closing(sqlite3.connect(into)) as copy:
        live.backup(copy)  # one read transaction on the live database: a consistent snapshot, writers carry on
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, with no -wal beside it
        with closing(copy.cursor()) as cursor:
            tables = _sqlite_rows(cursor)
            return _applied(cursor, tables), tables


def _sqlite_rows(cursor: sqlite3.Cursor) -> dict[str, int]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    names = [str(name) for (name,) in cursor.fetchall()]
    rows: dict[str, int] = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name.replace(chr(34), chr(34) * 2)}"')
        rows[name] = int(cursor.fetchone()[0])
    return rows


def _postgresql_backup(into: Path, work: Path) -> tuple[tuple[tuple[str, str], ...], dict[str, int]]:
    """``pg_dump -Fc`` in the snapshot of a transaction that also reads the migrations and row counts, so the
    manifest describes exactly the rows the archive holds, however the app writes meanwhile."""
    dump = _program("pg_dump")
    if connection.in_atomic_block:
        raise BackupError("A PostgreSQL backup takes its own snapshot: it cannot run inside a transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = str(cursor.fetchone()[0])
        tables = table_rows(cursor)
        migrations = _applied(cursor, tables)
        _run(
            [dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={into}"],
            env=libpq_environment(connection.settings_dict, work),
            doing="pg_dump",
        )
    return migrations, tables


# -- reading a backup -----------------------------------------------------------------------------------------------


def read_backup(path: Path) -> Manifest:
    """The manifest of the backup at ``path``, checked. Raises :class:`BackupError` for a file that is not a
    csc-workforce backup (saying what it looks like instead) or one made by a newer release."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with open(path, "rb") as file:
        start = file.read(16)
    if not zipfile.is_zipfile(path):
        what = (
            "a SQLite database file"
            if start.startswith(b"SQLite format 3\x00")
            else "a pg_dump archive"
            if start.startswith(b"PGDMP")
            else "not a zip file"
        )
        raise BackupError(
            f"{path} is not a csc-workforce backup ({what}): restore only files made by `csc-workforce db backup`."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names:
                raise BackupError(f"{path} is not a csc-workforce backup (a zip file with no {MANIFEST}).")
            raw = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
        raise BackupError(f"{path} is not a readable csc-workforce backup ({exc}).") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupError(f"{path} is not a csc-workforce backup (its {MANIFEST} is another program's).")
    version = raw.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"{path} is not a readable csc-workforce backup (format_version {version!r}).")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{path} was made by a newer release of csc-workforce (backup format {version}; this release reads "
            f"format {FORMAT_VERSION}): restore it with that release or a later one."
        )
    try:
        manifest = Manifest(
            engine=_text(raw, "engine"),
            created_at=_text(raw, "created_at"),
            release=_text(raw, "release"),
            database=_text(raw, "database"),
            migrations=tuple((str(app), str(name)) for app, name in raw["migrations"]),
            tables={str(t): int(n) for t, n in dict(raw["tables"]).items()},
            payload=_text(raw, "payload"),
            payload_sha256=_text(raw, "payload_sha256"),
            format_version=version,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"{path} is not a readable csc-workforce backup (its {MANIFEST}: {exc}).") from exc
    if manifest.engine not in PAYLOADS or manifest.payload != PAYLOADS[manifest.engine]:
        raise BackupError(f"{path} is not a readable csc-workforce backup (engine {manifest.engine!r}).")
    if manifest.payload not in names:
        raise BackupError(f"{path} is damaged: it has no {manifest.payload}.")
    return manifest


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value


# -- restoring ------------------------------------------------------------------------------------------------------


def restore_check(path: Path, *, replace: bool) -> tuple[Manifest, dict[str, int]]:
    """Everything a restore checks before it changes anything: the backup, its engine against the connected
    database's, its migrations against this release's, and (unless ``replace``) that the database holds no data.
    Returns the manifest and the rows the database holds now; raises :class:`BackupError` with what to do."""
    manifest = read_backup(path)
    engine = database_engine()
    if manifest.engine != engine:
        raise BackupError(
            f"{path} is a backup of a {ENGINE_NAMES[manifest.engine]} database and DATABASE_URL names "
            f"{database_label()}: a backup restores only into the kind of database it was taken from."
        )
    unknown = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known_migrations()]
    if unknown:
        raise BackupError(
            f"{path} was taken from a newer release of csc-workforce ({manifest.release}): it has "
            f"{len(unknown)} migration{'s' if len(unknown) != 1 else ''} this release ({csc_workforce.__version__}) "
            f"does not know ({', '.join(unknown[:5])}{', ...' if len(unknown) > 5 else ''}). Install that release "
            "or a later one to restore it."
        )
    rows = table_rows()
    held = held_data(rows)
    if held and not replace:
        largest = sorted(held.items(), key=lambda item: (-item[1], item[0]))[:3]
        raise BackupError(
            f"{_first_upper(database_label())} already holds data ({sum(held.values()):,} rows in {len(held)} tables: "
            f"{', '.join(f'{t} {n:,}' for t, n in largest)}{', ...' if len(held) > 3 else ''}). Restoring {path} "
            f"would delete all of it and put in its place the backup of {manifest.database} taken at "
            f"{manifest.created_at} ({manifest.rows:,} rows). To do that, run the command again with --replace "
            "(take a backup of the database first if you may want it back)."
        )
    return manifest, rows


def restore_database(path: Path, *, replace: bool) -> RestoreDone:
    """Replace the connected database's contents with the backup at ``path``: all of it or, on any error,
    nothing. Raises :class:`BackupError` (see :func:`restore_check`). A backup from an older release is restored
    as it was; the caller then applies this release's migrations (``db migrate``)."""
    manifest, before = restore_check(path, replace=replace)
    label = database_label()
    if manifest.engine == "sqlite":
        live = _sqlite_path()
        with _private_folder(live.parent) as work:
            copy = work / manifest.payload
            _extract(path, manifest, copy)
            _sqlite_check(copy, manifest, path)
            connection.close()  # Django's connection is opened afresh on the restored database
            try:
                with closing(sqlite3.connect(copy)) as source, closing(sqlite3.connect(live, timeout=60)) as target:
                    _same_page_size(source, target)
                    source.backup(target)  # one write transaction: the old database or the new, never a mix
            except sqlite3.Error as exc:
                raise BackupError(f"Restoring into {label} failed, and changed nothing: {exc}.") from exc
    else:
        with _private_folder(None) as work:
            archive = work / manifest.payload
            _extract(path, manifest, archive)
            _postgresql_restore(archive, manifest, work)
        connection.close()
    ContentType.objects.clear_cache()  # the restored content types, not those this process saw before
    return RestoreDone(manifest=manifest, database=label, replaced=held_data(before))


def _extract(path: Path, manifest: Manifest, into: Path) -> None:
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as archive, archive.open(manifest.payload) as source, _create_private(into) as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a CRC error is a BadZipFile
        raise BackupError(f"{path} is damaged and cannot be restored ({exc}).") from exc
    if digest.hexdigest() != manifest.payload_sha256:
        raise BackupError(f"{path} is damaged and cannot be restored: its database does not match its checksum.")


def _sqlite_check(copy: Path, manifest: Manifest, path: Path) -> None:
    try:
        with closing(sqlite3.connect(copy)) as check, closing(check.cursor()) as cursor:
            cursor.execute("PRAGMA integrity_check")
            verdict = [str(row[0]) for row in cursor.fetchall()]
            tables = _sqlite_rows(cursor)
            migrations = _applied(cursor, tables)
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is damaged and cannot be restored ({exc}).") from exc
    if verdict != ["ok"]:
        raise BackupError(f"{path} is damaged and cannot be restored: {'; '.join(verdict[:3])}.")
    differ = [
        f"table {t} holds {tables.get(t, 0):,} rows, the manifest says {manifest.tables.get(t, 0):,}"
        for t in sorted(set(tables) | set(manifest.tables))
        if tables.get(t) != manifest.tables.get(t)
    ]
    if migrations != manifest.migrations:
        differ.append("its migrations are not those of the manifest")
    if differ:
        raise BackupError(
            f"{path} is damaged and cannot be restored: its database does not match its manifest "
            f"({'; '.join(differ[:3])})."
        )


def _same_page_size(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Give ``source`` the page size of ``target``: the backup API cannot change a WAL database's page size."""
    wanted = int(target.execute("PRAGMA page_size").fetchone()[0])
    if int(source.execute("PRAGMA page_size").fetchone()[0]) != wanted:
        source.execute(f"PRAGMA page_size = {wanted}")
        source.execute("VACUUM")  # rewrites the temporary copy with the new page size


def _postgresql_restore(archive: Path, manifest: Manifest, work: Path) -> None:
    restore, psql = _program("pg_restore"), _program("psql")
    env = libpq_environment(connection.settings_dict, work)
    script = work / "restore.sql"
    _create_private(script).close()
    # the archive's SQL first, in full: psql must never reach the end of a half-written script and commit it
    restore_sql = [restore, "--clean", "--if-exists", "--no-owner", f"--file={script}", str(archive)]
    _run(restore_sql, env=env, doing="pg_restore")
    check = work / "check.sql"
    with _create_private(check) as out:
        out.write(_postgresql_row_check(manifest.tables).encode())
    quote = connection.ops.quote_name
    held = sorted(connection.introspection.table_names())
    drop = [f"DROP TABLE IF EXISTS {', '.join(quote(t) for t in held)} CASCADE"] if held else []
    command = [psql, "-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
    for statement in drop:
        command += ["-c", statement]
    _run([*command, "-f", str(script), "-f", str(check)], env=env, doing="psql (the restore, rolled back)")


def _postgresql_row_check(tables: Mapping[str, int]) -> str:
    """SQL that raises an error, rolling the restore back, unless every table holds the backup's rows."""
    quote = connection.ops.quote_name
    lines = ["RESET search_path;", "DO $check$", "DECLARE found bigint;", "BEGIN"]
    for table, rows in sorted(tables.items()):
        literal = table.replace("'", "''")
        lines.append(
            f"  SELECT count(*) INTO found FROM {quote(table)}; IF found <> {int(rows)} THEN RAISE EXCEPTION "
            f"'table {literal} holds % rows after the restore, the backup %', found, {int(rows)}; END IF;"
        )
    lines += ["END", "$check$;", ""]
    return "\n".join(lines)


# -- PostgreSQL's programs ------------------------------------------------------------------------------------------


def libpq_environment(settings: Mapping[str, Any], private: Path) -> dict[str, str]:
    """The environment for ``pg_dump``/``pg_restore``/``psql`` to reach the database of ``settings`` (a Django
    connection's ``settings_dict``): ``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGDATABASE`` and the libpq options
    of ``OPTIONS``; a password goes in a passfile (0600) in the private folder ``private``, never in the
    environment or on a command line."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in LIBPQ_OPTIONS.items():
        value = (settings.get("OPTIONS") or {}).get(option)
        if value is not None and value != "":
            env[variable] = str(value)
    password = settings.get("PASSWORD")
    if password:
        passfile = private / "pgpass"
        escaped = str(password).replace("\\", "\\\\").replace(":", "\\:")
        with _create_private(passfile) as out:
            out.write(f"*:*:*:*:{escaped}\n".encode())
        env["PGPASSFILE"] = str(passfile)
        env.pop("PGPASSWORD", None)
    return env


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client programs (the server's major version or newer) "
            "and put them on PATH."
        )
    return found


def _run(command: list[str], *, env: Mapping[str, str], doing: str) -> None:
    done = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = "\n".join(line for line in done.stderr.strip().splitlines()[:20])
        raise BackupError(f"{doing} failed (exit {done.returncode}), and nothing was changed:\n{said}")


# -- private files --------------------------------------------------------------------------------------------------


def _create_private(path: Path) -> IO[bytes]:
    """A new file opened for writing, readable and writable by its owner only."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE), "wb")


@contextmanager
def _private_folder(beside: Path | None) -> Iterator[Path]:
    """A temporary folder only its owner can enter (in ``beside``, so a finished file is moved, not copied, into
    place), removed with everything in it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=".csc-workforce-backup-", dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
