"""Application-layer fixtures: two small councils loaded from synthetic census returns (also used by tests/web)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from csc_workforce.store.services.census import census_import
from csc_workforce.synthetic.generator import generate_council
from csc_workforce.synthetic.returns import council_returns

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
YEARS = [2024, 2025]


def _returns(la_code: str, name: str, seed: int) -> list[tuple[str, bytes]]:
    records = generate_council(
        la_code=la_code, name=name, region="North West", first_year=2024, last_year=2025, seed=seed, size=40
    )
    return [
        (f"{la_code}-{year}.xml", data)
        for year, data in council_returns(records, YEARS, generated_at=datetime(2025, 10, 15, 9, 0)).items()
    ]


@pytest.fixture(scope="session")
def census_files() -> list[tuple[str, bytes]]:
    return _returns("990", "Northgate", 7) + _returns("991", "Southbridge", 8)


@pytest.fixture
def councils(db: None, census_files: list[tuple[str, bytes]]) -> list[str]:
    """Two councils, 990 and 991, each with census returns for 2024 and 2025."""
    outcomes = census_import(files=census_files, recorded_by="loader", now=NOW)
    assert all(o.accepted for o in outcomes), [i.as_text() for o in outcomes for i in o.issues]
    return ["990", "991"]
