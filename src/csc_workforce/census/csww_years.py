"""The supported CSWW census (collection) years, from ``csww/schemas/index.json``, the one table of them
(``csww/schema.py`` says what reads it).

Kept outside the ``csww`` package, and on the standard library alone, so that naming the years (the command line's
help, which every command builds) loads neither lxml nor the census reader: ``csww/schema.py`` takes the years and
the schemas' folder from here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent / "csww" / "schemas"
"""The folder of the schemas (one XSD a layout) and ``index.json``."""


@cache
def year_index() -> dict[int, dict[str, str]]:
    """Collection year -> its entry in ``index.json`` (``file``: the schema, ``note``: where it comes from)."""
    raw = json.loads((SCHEMAS / "index.json").read_text(encoding="utf-8"))
    return {int(year): dict(entry) for year, entry in raw["years"].items()}


@cache
def supported_years() -> tuple[int, ...]:
    """Every supported census (collection) year, earliest first: 2017, 2018, ... 2025."""
    return tuple(sorted(year_index()))


def first_supported_year() -> int:
    return supported_years()[0]


def last_supported_year() -> int:
    return supported_years()[-1]


def supported_span() -> str:
    """The supported years as people write them: "2017-2025"."""
    return f"{first_supported_year()}-{last_supported_year()}"


def is_supported_year(year: int) -> bool:
    return year in year_index()
