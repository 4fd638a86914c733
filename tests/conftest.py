"""Shared test fixtures. ``SHARED`` is the project's shared/ folder (beside the repository), which holds the
external fixture files; CI lays it out the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXTERNAL = SHARED / "fixtures" / "external"


@pytest.fixture
def external() -> Path:
    if not EXTERNAL.is_dir():
        pytest.fail(f"The external fixtures are missing: expected them in {EXTERNAL}")
    return EXTERNAL


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: cached figures must never leak from one test's data to another's."""
    from django.core.cache import cache

    cache.clear()
