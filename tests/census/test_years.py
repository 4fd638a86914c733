"""One table of supported census years (``schemas/index.json``): everything that names the years reads it, and
the docs that list them agree with it."""

from __future__ import annotations

import re
from pathlib import Path

from csc_workforce.census.csww.schema import schema_index, supported_span, supported_years
from csc_workforce.cli.demo import DEMO_YEARS
from csc_workforce.domain.catalogue import rule
from csc_workforce.synthetic import demo_council

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _years(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def test_the_demo_and_the_synthetic_demo_council_cover_every_supported_year() -> None:
    assert tuple(DEMO_YEARS) == supported_years()
    council = demo_council(seed=1)
    assert {f.on.year for f in council.figures} == set(supported_years())


def test_the_schema_table_in_the_census_doc_matches_the_index() -> None:
    """docs/census.md's "Schema per collection year" table: each row's years and schema file."""
    doc = (DOCS / "census.md").read_text(encoding="utf-8")
    section = doc.split("## Schema per collection year", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d{4}(?:-\d{4})?) \| `([^`]+)` \|", section, flags=re.MULTILINE)
    documented = {year: file for years, file in rows for year in _years(years)}
    assert documented == {year: entry.file for year, entry in schema_index().items()}


def test_the_census_doc_and_catalogue_name_the_supported_span() -> None:
    doc = (DOCS / "census.md").read_text(encoding="utf-8")
    assert f"every year {supported_span()}" in doc
    assert f"collection year outside {supported_span()}" in doc
    first, last = supported_years()[0], supported_years()[-1]
    assert f"collection year from {first} to {last}." in rule("CSWW-HDR-002").how_to_fix


def test_the_synthetic_doc_names_the_supported_span() -> None:
    doc = (DOCS / "synthetic.md").read_text(encoding="utf-8")
    assert f"`first_year`..`last_year` ({supported_span()})" in doc
    assert f"North West, {supported_span()}, about 280 FTE" in doc
