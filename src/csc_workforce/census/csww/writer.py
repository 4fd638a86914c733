"""Write a CSWW census return as XML for its collection year, following that year's shipped schema.

Element order comes from the year's XSD (``schema.layout_for``). Per-year differences follow from it:
``GenderCurrent`` (0/1/2/9) to 2023 and ``Sex`` (M/F only) from 2024; ``LALevelVacancies`` to 2024 and
``LALevel`` with the eligibility flags in 2025; ``QualInst`` and ``CFKSSstatus`` to 2024; pay items only
in 2025.
Values the year has no element for are left out (for example ``Sex`` not known in 2024).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxml import etree

from csc_workforce.census.csww.fields import LA_ITEMS, WORKER_ITEMS, Item
from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.census.csww.schema import first_supported_year, is_supported_year, last_supported_year, layout_for
from csc_workforce.domain.codes import Sex


class CensusWriteError(ValueError):
    """The return cannot be written at all: its collection year has no schema."""


def write_census(ret: CensusReturn) -> bytes:
    """The return as UTF-8 XML for ``ret.header.collection_year``, following that year's shipped schema.

    A complete return gives a schema-valid file. The writer never invents an answer: a required item the
    return does not have (a vacancy figure, or in 2025 an eligibility flag) is left out, so the file fails
    the schema and ``read_census`` on the output names exactly what to add. ``OtherAllowances`` (2025 free
    text) is written empty when there is none. Raises :class:`CensusWriteError` only for a year outside
    :func:`~csc_workforce.census.csww.schema.supported_years`.
    """
    year = ret.header.collection_year
    if not is_supported_year(year):
        raise CensusWriteError(
            f"cannot write census year {year}: supported years are {first_supported_year()} to {last_supported_year()}"
        )
    layout = layout_for(year)
    message = etree.Element("Message")
    _header(message, ret.header)
    _la_level(etree.SubElement(message, layout.la_block), ret.la_level, layout.la_items)
    for worker in ret.workers:
        _worker(etree.SubElement(message, "CSWWWorker"), worker, layout.worker_items)
    etree.indent(message, space="  ")
    return bytes(etree.tostring(message, xml_declaration=True, encoding="UTF-8"))


def _add(parent: Any, name: str, text: str) -> None:
    etree.SubElement(parent, name).text = text


def _header(message: Any, header: CensusHeader) -> None:
    head = etree.SubElement(message, "Header")
    details = etree.SubElement(head, "CollectionDetails")
    _add(details, "Collection", "CSWW")
    _add(details, "Year", str(header.collection_year))
    if header.reference_date is not None:
        _add(details, "ReferenceDate", header.reference_date.isoformat())
    source = etree.SubElement(head, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", header.la_code)
    if header.software_code is not None:
        _add(source, "SoftwareCode", header.software_code)
    if header.generated_at is not None:
        _add(source, "DateTime", _datetime(header.generated_at))


def _datetime(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _la_level(block: Any, la: LALevel, items: tuple[str, ...]) -> None:
    flags = dict(la.eligibility)
    for name in items:
        if name in flags:
            _add(block, name, flags[name].value)
        elif name == "OtherAllowances":
            _add(block, name, la.other_allowances or "")
        elif name in LA_ITEMS and getattr(la, LA_ITEMS[name].field) is not None:
            _add(block, name, LA_ITEMS[name].fmt(getattr(la, LA_ITEMS[name].field)))


def _worker(el: Any, worker: CensusWorker, items: tuple[str, ...]) -> None:
    for name in items:
        item = WORKER_ITEMS[name]
        for value in _values(worker, item):
            _add(el, name, item.fmt(value))


def _values(worker: CensusWorker, item: Item) -> tuple[Any, ...]:
    value = getattr(worker, item.field)
    if item.repeatable:
        return tuple(value)
    if value is None or (item.element == "Sex" and value not in (Sex.MALE, Sex.FEMALE)):
        return ()
    return (value,)
