"""Shared test fixtures. Everything a test reads is in this repository: the public liia-tools sample returns in
``tests/fixtures/external/`` (their source and licence in the README there) and DfE's indicators file shipped
with the package."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXTERNAL = REPO / "tests" / "fixtures" / "external"
DFE_INDICATORS = REPO / "src" / "csc_workforce" / "benchmarks" / "data" / "dfe_csww_indicators_2017_to_2025.csv"


@pytest.fixture
def dfe_indicators() -> Path:
    """DfE's CSWW indicators file (2017 to 2025), the copy shipped in ``csc_workforce.benchmarks``."""
    return DFE_INDICATORS


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: cached figures must never leak from one test's data to another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """On SQLite the test database is a file (in this session's temporary folder), as an installation's is, not
    Django's default shared in-memory database: that one refuses a second writer at once ("database table is
    locked") where a file makes it wait for the first, so tests of concurrent writers need a file."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
