"""The CSWW schema for each collection year, kept as data in ``schemas/`` (see ``schemas/index.json``).

``schemas/index.json`` is the one table of supported census years and the schema each is read and written
with: the reader, validator and writer (:func:`is_supported_year`, :func:`schema_for`, :func:`layout_for`),
the synthetic generator, the demo, the dashboard, the CLI's help and the docs (``tests/census/test_years.py``
checks them) all read it through :func:`supported_years`. A new collection year is a new line there (and its
XSD).

The same files drive validation (libxml2 through ``lxml.etree.XMLSchema``) and the writer's element order
(:func:`layout_for`), so a corrected schema is a data change only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree

from csc_workforce.census.csww_years import SCHEMAS as _SCHEMAS
from csc_workforce.census.csww_years import (
    first_supported_year,
    is_supported_year,
    last_supported_year,
    supported_span,
    supported_years,
    year_index,
)

__all__ = [
    "SchemaEntry",
    "SchemaLayout",
    "first_supported_year",
    "is_supported_year",
    "last_supported_year",
    "layout_for",
    "schema_for",
    "schema_index",
    "supported_span",
    "supported_years",
]
_XS = "{http://www.w3.org/2001/XMLSchema}"


@dataclass(frozen=True, slots=True)
class SchemaEntry:
    year: int
    file: str
    note: str


@dataclass(frozen=True, slots=True)
class SchemaLayout:
    """Element names in schema order: what the writer emits for a year."""

    la_block: str  # "LALevelVacancies" (to 2024) or "LALevel" (2025)
    la_items: tuple[str, ...]
    worker_items: tuple[str, ...]
    repeatable: frozenset[str]  # worker items with maxOccurs="unbounded"


@cache
def schema_index() -> dict[int, SchemaEntry]:
    """Collection year -> schema file and note, from ``schemas/index.json`` (read by ``census/csww_years.py``,
    which also gives :func:`supported_years` and the rest without lxml, for the command line's help)."""
    return {year: SchemaEntry(year, e["file"], e["note"]) for year, e in year_index().items()}


@cache
def _schema_document(file: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    return etree.fromstring(_SCHEMAS.joinpath(file).read_bytes(), parser)


@cache
def schema_for(year: int) -> Any:
    """The compiled ``lxml.etree.XMLSchema`` for ``year`` (KeyError if the year is not supported).

    Compiled once per process. An XMLSchema object keeps its error log, so do not share one between threads.
    """
    return etree.XMLSchema(_schema_document(schema_index()[year].file))


@cache
def layout_for(year: int) -> SchemaLayout:
    """Element order of the LA block and the worker record for ``year``, read from the year's XSD."""
    doc = _schema_document(schema_index()[year].file)
    message = _sequence(doc, "messagetype")
    la_block = next(name for name, type_, _ in message if type_ == "vacancytype")
    worker = _sequence(doc, "workertype")
    return SchemaLayout(
        la_block=la_block,
        la_items=tuple(name for name, _, _ in _sequence(doc, "vacancytype")),
        worker_items=tuple(name for name, _, _ in worker),
        repeatable=frozenset(name for name, _, many in worker if many),
    )


def _sequence(doc: Any, type_name: str) -> list[tuple[str, str, bool]]:
    """(name, type, repeatable) of each element in the sequence of complexType ``type_name``."""
    complex_type = doc.find(f"{_XS}complexType[@name='{type_name}']")
    return [
        (el.get("name"), el.get("type", ""), el.get("maxOccurs") == "unbounded")
        for el in complex_type.iter(f"{_XS}element")
    ]
