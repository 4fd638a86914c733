"""Names and regions of English councils by DfE old LA code, from the DfE indicators file shipped with
the package (so an imported census return, which carries only the code, gets its council's name)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

INDICATORS_FILE = "dfe_csww_indicators_2017_to_2025.csv"


@dataclass(frozen=True, slots=True)
class CouncilName:
    la_code: str
    name: str
    region: str


@cache
def council_directory() -> dict[str, CouncilName]:
    """Latest name and region for every old LA code in the DfE file (joint returns such as "314 / 318" too)."""
    found: dict[str, tuple[int, CouncilName]] = {}
    text = resources.files("csc_workforce.benchmarks").joinpath("data", INDICATORS_FILE).read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        if row["geographic_level"] != "Local authority":
            continue
        year, code = int(row["time_period"]), row["old_la_code"].strip()
        if code not in found or found[code][0] < year:
            found[code] = (year, CouncilName(code, row["la_name"], row["region_name"]))
    return {code: named for code, (_, named) in found.items()}


def council_name(la_code: str) -> CouncilName:
    """The council for ``la_code``; an unknown code is named "Council <code>" until the user renames it."""
    return council_directory().get(la_code) or CouncilName(la_code, f"Council {la_code}", "")
