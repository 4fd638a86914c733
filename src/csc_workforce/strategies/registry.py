"""Which measure ids a strategy may name, with the title and unit used in sentences.

The registry is a plain ``Mapping[str, MeasureInfo]`` passed to the loader and to :func:`evaluate`.
:data:`KNOWN_MEASURES` is built from the measure catalogue (``measures.strategy_catalogue``): the 22 DfE
measures and every local measure, so a strategy can name exactly the measures that are declared
(``docs/strategy-measures.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from csc_workforce.measures.strategy_catalogue import STRATEGY_MEASURES

PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    id: str
    title: str
    unit: str  # "percent" prints as "89.7%"; any other unit prints after the number ("16.0 cases per FTE")
    qualitative: bool = False  # survey themes, free text: never computed as a number
    higher_is_better: bool | None = None  # the measure's polarity (catalogue); None: neither way is better


_UNITS = {"percent": PERCENT, "fte": "FTE", "headcount": "people", "count": "", "cases": "cases"}


def _build() -> Mapping[str, MeasureInfo]:
    """Every measure the catalogue declares (DfE's 22 and the local ones), with the unit used in sentences and
    its polarity."""
    known: dict[str, MeasureInfo] = {}
    for m in STRATEGY_MEASURES:
        unit = str(m.unit.value)
        known[m.id] = MeasureInfo(
            m.id, m.title, _UNITS.get(unit, unit), qualitative=unit == "themes", higher_is_better=m.higher_is_better
        )
    return MappingProxyType(known)


KNOWN_MEASURES: Mapping[str, MeasureInfo] = _build()
LOCAL_MEASURE_IDS: tuple[str, ...] = tuple(m.id for m in STRATEGY_MEASURES if m.dfe_id is None)


def info(measure: str, registry: Mapping[str, MeasureInfo] | None = None) -> MeasureInfo:
    """The registry's entry, or a plain one (title = id, unit unknown) for an id it does not know."""
    found = (registry or KNOWN_MEASURES).get(measure)
    return found if found is not None else MeasureInfo(measure, measure.replace("_", " ").capitalize(), "")
