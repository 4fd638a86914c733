"""A council's records locked for writing, so that two writers for one council take turns (docs/architecture.md,
"Concurrent writes").

Every function that writes a council's records (imports, upload confirm, undo and discard, the demo) calls
:func:`council_write_lock` first thing in its transaction, before it reads what it will change. A second writer
for the same council then waits until the first has committed or rolled back, and reads the records as the first
left them: no writer acts on records read before another writer changed them.

* **PostgreSQL**: a transaction-level advisory lock (``pg_advisory_xact_lock``) keyed on the council's LA code.
  It covers a council that does not exist yet (the first import of a council creates its row; two first imports
  must not both create it), needs no row to be created or read first, and is released by the database at commit
  or rollback. It relies on READ COMMITTED (Django's default): each statement after the lock sees what the
  previous holder committed.
* **SQLite**: the database has one writer at a time. Transactions begin ``IMMEDIATE`` (settings.py), which takes
  the write lock at ``BEGIN``: the whole database is locked for writing from the start of the transaction, so a
  transaction never reads first and finds its reads stale when it writes. A second writer waits for the lock
  (the connection's ``timeout``, settings.py) instead of failing with "database is locked".
"""

from __future__ import annotations

import zlib

from django.core.exceptions import ImproperlyConfigured
from django.db import NotSupportedError, connection

# The first key of the two-key advisory lock: says "a council's records" so that no other use of advisory locks
# in the same database (another application, a later lock of this one) shares a key with these.
COUNCIL_LOCK_CLASS = 0x43535752  # "CSWR"


def council_lock_key(la_code: str) -> int:
    """The second advisory lock key for a council: a signed 32-bit hash of its LA code (two codes that happen to
    share a key only take turns when they need not)."""
    key = zlib.crc32(la_code.encode("utf-8"))
    return key - (1 << 32) if key >= 1 << 31 else key


def council_write_lock(*la_codes: str) -> None:
    """Lock the councils ``la_codes`` for writing until the current transaction ends, waiting for any other
    transaction that holds one of them. Call it inside ``transaction.atomic()`` before reading the records the
    transaction will change. Councils are locked in code order, so two writers of several councils cannot each
    hold one the other waits for. Taking a lock the transaction already holds returns at once."""
    if not connection.in_atomic_block:
        raise RuntimeError("council_write_lock() must be called inside transaction.atomic().")
    codes = sorted(set(la_codes))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for code in codes:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [COUNCIL_LOCK_CLASS, council_lock_key(code)])
    elif connection.vendor == "sqlite":
        # BEGIN IMMEDIATE has already taken the database's write lock for this transaction.
        if getattr(connection, "transaction_mode", None) not in ("IMMEDIATE", "EXCLUSIVE"):
            raise ImproperlyConfigured(
                "SQLite must begin transactions IMMEDIATE (DATABASES OPTIONS transaction_mode, settings.py) so "
                "that a council's records are locked for writing from the start of a transaction."
            )
    else:
        raise NotSupportedError(f"Council write locks are written for SQLite and PostgreSQL, not {connection.vendor}.")
