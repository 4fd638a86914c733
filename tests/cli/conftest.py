"""CLI fixtures: the councils and census files of the application layer's fixtures, for commands run in-process."""

from __future__ import annotations

from tests.store.conftest import census_files, councils  # noqa: F401 -- fixtures shared with tests/store
