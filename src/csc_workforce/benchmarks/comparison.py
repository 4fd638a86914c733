"""Plain-English comparisons of a council's figure with England and its region, from DfE's published figures.

    >>> comparison_sentence("turnover_rate_fte", 21.8, 15.0, "London", 17.5, higher_is_better=False)
    'Turnover was 21.8%, higher than England (15.0%) and London (17.5%).'

Values are compared as they are shown (rounded half up to one decimal place, as DfE presents rates, FTE and
caseloads; whole numbers for headcounts), so the words never contradict the figures printed beside them.

Region: the DfE file has rows for the nine regions and, within London, for "Inner London" and "Outer London";
its council rows name the sub-region for London boroughs (Bexley: "Outer London"). :func:`comparator_region`
maps both to the "London" region row, which is the one used; pass ``london_subregions=True`` to
:func:`published_comparators` to compare with Inner or Outer London instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from csc_workforce.benchmarks.published import MEASURE_IDS, NATIONAL, REGIONAL, published_rows

ENGLAND = "England"
LONDON = "London"
LONDON_SUBREGIONS = ("Inner London", "Outer London")


@dataclass(frozen=True, slots=True)
class Phrasing:
    """How a measure reads in a sentence: ``subject`` "was" value + ``unit``, shown to ``decimals`` places."""

    subject: str
    unit: str = ""  # "%" is written straight after the number; anything else after a space
    decimals: int = 1

    def show(self, value: float, *, unit: bool = True) -> str:
        """``value`` rounded, with its unit ("%" always; others only where ``unit``, so comparators read
        "England (16.9)" rather than repeating "cases per FTE")."""
        text = f"{self.key(value):,}"
        if not self.unit or (self.unit != "%" and not unit):
            return text
        return f"{text}{self.unit}" if self.unit == "%" else f"{text} {self.unit}"

    def key(self, value: float) -> Decimal:
        return Decimal(repr(value)).quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)


PHRASINGS: dict[str, Phrasing] = {
    "inpost_fte": Phrasing("FTE in post"),
    "inpost_headcount": Phrasing("Headcount in post", decimals=0),
    "starters_fte": Phrasing("Starters FTE"),
    "starters_headcount": Phrasing("Starters headcount", decimals=0),
    "leavers_fte": Phrasing("Leavers FTE"),
    "leavers_headcount": Phrasing("Leavers headcount", decimals=0),
    "turnover_rate_fte": Phrasing("Turnover", "%"),
    "turnover_rate_headcount": Phrasing("Turnover (headcount)", "%"),
    "agency_fte": Phrasing("Agency worker FTE"),
    "agency_headcount": Phrasing("Agency worker headcount", decimals=0),
    "agency_rate_fte": Phrasing("The agency worker rate", "%"),
    "agency_rate_headcount": Phrasing("The agency worker rate (headcount)", "%"),
    "agency_cover_fte": Phrasing("Agency cover of vacancies", "FTE"),
    "agency_cover_rate_fte": Phrasing("The share of agency workers covering vacancies", "%"),
    "vacancy_fte": Phrasing("Vacant FTE"),
    "vacancy_rate_fte": Phrasing("The vacancy rate", "%"),
    "vacancy_agency_cover_rate_fte": Phrasing("The share of vacancies covered by agency workers", "%"),
    "case_holders_fte": Phrasing("Case holder FTE"),
    "cases": Phrasing("The number of cases held", decimals=0),
    "caseload_fte": Phrasing("Average caseload", "cases per FTE"),
    "working_days_lost_fte": Phrasing("Working days lost to sickness", "days"),
    "absence_rate_fte": Phrasing("The sickness absence rate", "%"),
}


def phrasing(measure_id: str) -> Phrasing:
    """How ``measure_id`` reads; a measure not listed reads as its id with a plain number."""
    return PHRASINGS.get(measure_id) or Phrasing(measure_id.replace("_", " ").capitalize())


def _relation(council: Decimal, other: Decimal) -> str:
    if council > other:
        return "higher than"
    return "lower than" if council < other else "the same as"


def comparison_sentence(
    measure_id: str,
    council_value: float | None,
    england_value: float | None,
    region_name: str | None,
    region_value: float | None,
    *,
    higher_is_better: bool,
    assess: bool = False,
) -> str:
    """One sentence comparing a council's figure with England and its region.

    "Turnover was 21.8%, higher than England (15.0%) and London (17.5%)." Comparators that are missing (None,
    or no region name) are left out; equal shown values read "the same as". With ``assess`` the sentence ends
    with whether that is better or worse, using ``higher_is_better`` ("... London (17.5%): worse than both.").
    """
    words = phrasing(measure_id)
    if council_value is None:
        return f"{words.subject} is not known."
    council = words.key(council_value)
    others = [(ENGLAND, england_value)]
    if region_name:
        others.append((region_name, region_value))
    known = [(name, value, words.key(value)) for name, value in others if value is not None]
    opening = f"{words.subject} was {words.show(council_value)}"
    if not known:
        return f"{opening}."
    relations = [_relation(council, key) for _, _, key in known]
    parts = [f"{name} ({words.show(value, unit=False)})" for name, value, _ in known]
    if len(parts) == 2 and relations[0] == relations[1]:
        comparison = f"{relations[0]} {parts[0]} and {parts[1]}"
    else:
        comparison = " and ".join(f"{rel} {part}" for rel, part in zip(relations, parts, strict=True))
    sentence = f"{opening}, {comparison}"
    if assess:
        sentence += f": {_assessment(relations, [name for name, _, _ in known], higher_is_better)}"
    return f"{sentence}."


def _assessment(relations: list[str], names: list[str], higher_is_better: bool) -> str:
    """ "worse than both", "better than England", "the same as London", "worse than England, better than London"."""
    good = "higher than" if higher_is_better else "lower than"
    verdicts = [
        "the same as" if r == "the same as" else ("better than" if r == good else "worse than") for r in relations
    ]
    if len(verdicts) == 2 and verdicts[0] == verdicts[1]:
        return f"{verdicts[0]} both"
    return ", ".join(f"{verdict} {name}" for verdict, name in zip(verdicts, names, strict=True))


def comparator_region(region_name: str) -> str:
    """The DfE region row to compare with: "Inner London" and "Outer London" become "London"."""
    return LONDON if region_name in LONDON_SUBREGIONS else region_name


def _figures(frame: pl.DataFrame) -> dict[str, float | None]:
    if frame.is_empty():
        return dict.fromkeys(MEASURE_IDS)
    row = frame.row(0, named=True)
    return {measure: row[measure] for measure in MEASURE_IDS}


def published_comparators(
    year: int, region_name: str, *, london_subregions: bool = False
) -> dict[str, dict[str, float | None]]:
    """England's and the region's published figures for census ``year``, by DfE measure name.

    Returns ``{"England": {measure: value}, region: {measure: value}}`` where ``region`` is
    :func:`comparator_region` of ``region_name`` (or ``region_name`` itself with ``london_subregions``).
    Values are None where DfE published a symbol ("x", "c", "z", "u", "low") or the year or region is not in the
    file. England and the region are the same dict key only if ``region_name`` is "England".
    """
    region = region_name if london_subregions else comparator_region(region_name)
    england = published_rows(years=[year], geographic_level=NATIONAL)
    regional = published_rows(years=[year], geographic_level=REGIONAL, region_name=region)
    return {ENGLAND: _figures(england), region: _figures(regional)}
