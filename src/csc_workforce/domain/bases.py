"""The two bases a council's figures can be on, and their names in words: the one table.

- ``returned``: a census year from that year's census return alone, as DfE publishes it;
- ``records``: from the timeline of every return and upload held.

A total row over councils on both bases says ``mixed``. The measures service, the API, the CLI, the web pages
and the benchmark sentences all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Basis = Literal["returned", "records"]

RETURNED: Basis = "returned"
RECORDS: Basis = "records"
MIXED = "mixed"  # a total row over councils on both bases


@dataclass(frozen=True, slots=True)
class BasisName:
    basis: Basis
    label: str  # a column or form choice: "As returned"
    own: str  # a council's own figures in a benchmark sentence: "own return"


BASIS_NAMES: tuple[BasisName, ...] = (
    BasisName(RETURNED, "As returned", "own return"),
    BasisName(RECORDS, "From records", "own records"),
)
MIXED_LABEL = "Both"

BASES: tuple[Basis, ...] = tuple(b.basis for b in BASIS_NAMES)
BASIS_LABELS: dict[str, str] = {b.basis: b.label for b in BASIS_NAMES}
OWN_LABELS: dict[str, str] = {b.basis: b.own for b in BASIS_NAMES}
