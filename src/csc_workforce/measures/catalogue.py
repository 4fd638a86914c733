"""Every workforce measure, declared once: DfE's 22 children's social work workforce indicators here, and the
local measures the council workforce strategies name in :mod:`csc_workforce.measures.strategy_catalogue`, each
a :class:`Measure`.

A declaration says what the measure is (title, definition, formula, population, unit, polarity, rounding, date
basis, the DfE definition it follows, which strategies name it) and either the function that computes it
(``computed_by``, a reference the type checker sees) or the data it still needs (``needs``). The computation
reads the rate formulas and rounding from here; sentences, printing, benchmarks and RAG read titles, units,
polarity and decimals from here; ``docs/measures.md`` (:func:`render_markdown`) and ``docs/strategy-measures.md``
are generated from here. Definitions follow the DfE CSWW statistics (``csww_indicators`` file, methodology and
dashboard); where DfE's wording was not found the formula is inferred from the published data and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum
from typing import Any

from csc_workforce.measures.compute import KEY_COLUMNS, compute_measures
from csc_workforce.measures.inputs import SCHEMAS

SOURCE = "DfE CSWW indicators"
RECORDS = "council records"
BY_QUESTION = frozenset({"health_check_survey"})  # measures of a survey, one figure per question
ABSENCE_WORKING_DAYS = 253  # inferred: the only whole number reproducing every national rate 2017-2025


class Unit(StrEnum):
    FTE = "FTE"
    HEADCOUNT = "headcount"
    PERCENT = "percent"
    PERCENTAGE_POINTS = "percentage points"
    CASES = "cases"
    CASES_PER_FTE = "cases per FTE"
    DAYS = "days"
    DAYS_PER_FTE = "days per FTE"
    COUNT = "count"
    MONEY = "pounds"
    RATIO = "ratio"
    RANK = "rank"
    THEMES = "themes"  # qualitative: reasons, themes, free-text feedback


RATE_UNITS = frozenset({Unit.PERCENT, Unit.CASES_PER_FTE})  # rates and ratios: comparable across councils
# The unit as a sentence prints it after a number ("16.0 cases per FTE", "48 people"); percentages print "89.7%".
_SENTENCE_UNITS = {Unit.HEADCOUNT: "people", Unit.COUNT: ""}


class DateBasis(StrEnum):
    AS_AT = "as at"
    YEAR_TO = "year to"
    ROLLING_12_MONTHS = "rolling 12 months"


class Strategy(StrEnum):
    """The five seed workforce strategies (``strategies/seeds``)."""

    BEXLEY = "bexley"
    LEWISHAM = "lewisham"
    WORCESTERSHIRE = "worcestershire"
    DUDLEY = "dudley"
    SLOUGH = "slough"


class Status(StrEnum):
    COMPUTED = "computed"
    NEEDS_DATA = "needs_data"


B, L, W, D, S = (Strategy.BEXLEY, Strategy.LEWISHAM, Strategy.WORCESTERSHIRE, Strategy.DUDLEY, Strategy.SLOUGH)
ALL_FIVE = (B, L, W, D, S)


@dataclass(frozen=True, slots=True)
class Rate:
    """``numerator / sum(denominator) * scale``; null when any part is null or the denominator is zero.

    Aggregating rates over councils sums numerator and denominator over the councils where every part is
    known, then divides (DfE leaves an LA whose component is ``u`` or ``x`` out of both).
    """

    numerator: str
    denominator: tuple[str, ...]
    scale: float = 100.0

    @property
    def components(self) -> tuple[str, ...]:
        return (self.numerator, *self.denominator)


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure, declared once. ``computed_by`` is the function computing it (for DfE's indicators the one
    vectorised computation of all 22); a measure without one says in ``needs`` what data it waits for."""

    id: str  # for DfE's indicators, the DfE column name
    title: str
    definition: str
    formula: str
    population: str
    unit: Unit
    higher_is_better: bool | None
    date_basis: DateBasis
    decimals: int  # as published: 1 for FTE, rates, caseload and days; 0 for headcounts and cases
    _: KW_ONLY
    strategies: tuple[Strategy, ...]  # the seed strategies that name it
    computed_by: Callable[..., Any] | None = None
    needs: str = ""  # for a measure not computed yet: the data not modelled yet
    rate: Rate | None = None  # DfE's rates: the formula the computation applies
    dfe: bool = False  # follows DfE's published definition (docs/measures.md)
    source: str = SOURCE
    # the kinds of practice and development record it reads (``store/services/coverage.py``: the figure is
    # withheld for a date or period those records do not cover), e.g. ("supervision",)
    reads: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.computed_by is None) == (not self.needs):
            raise ValueError(
                f"{self.id}: a measure names the function computing it or says what data it needs, not both"
            )
        if not self.strategies:
            raise ValueError(f"{self.id}: name at least one strategy")

    @property
    def status(self) -> Status:
        return Status.COMPUTED if self.computed_by is not None else Status.NEEDS_DATA

    @property
    def qualitative(self) -> bool:
        """Themes and free text: reported in words, never as a number."""
        return self.unit is Unit.THEMES

    @property
    def by_question(self) -> bool:
        """A measure of a survey, one figure per question: a strategy names the question (``question:``) to
        have a figure judged; without one the survey is reported question by question, not judged."""
        return self.id in BY_QUESTION

    @property
    def is_rate(self) -> bool:
        """A rate or a ratio (a percentage, cases per FTE): comparable across councils of different sizes, so it
        may be ranked. Counts (FTE, headcounts, cases, days) are never ranked."""
        return self.unit in RATE_UNITS

    @property
    def sentence_unit(self) -> str:
        """The unit as a sentence prints it after a number: "FTE", "people", "cases per FTE" ("" for a count)."""
        return _SENTENCE_UNITS.get(self.unit, self.unit.value)

    @property
    def computed_by_name(self) -> str:
        """The computing function as the docs name it: ``compute.compute_measures``, ``local.local_measures``."""
        if self.computed_by is None:
            return ""
        return f"{self.computed_by.__module__.removeprefix('csc_workforce.measures.')}.{self.computed_by.__qualname__}"


def undeclared(measure_id: str) -> Measure:
    """A stand-in for an id no declaration has (a strategy file checked against another list of ids): its id as
    the title, a plain count, polarity unknown."""
    return Measure(
        measure_id,
        measure_id.replace("_", " ").capitalize(),
        "",
        "",
        "",
        Unit.COUNT,
        None,
        DateBasis.AS_AT,
        1,
        strategies=ALL_FIVE,
        needs="a declaration",
        source="",
    )


_NON_AGENCY = "Council-employed child and family social workers (agency workers excluded)"
_AGENCY = "Agency child and family social workers (not paid directly by the council)"
_ALL = "All child and family social workers in post, agency workers included"
_COUNCIL = "Council-level return items"

MEASURES: tuple[Measure, ...] = (
    Measure(
        "inpost_fte",
        "Social workers in post – FTE",
        "Full-time equivalent of social workers in post on the date; workers with unknown FTE left out.",
        "sum of FTE of the assignment covering the date, over workers in post",
        _NON_AGENCY,
        Unit.FTE,
        None,
        DateBasis.AS_AT,
        1,
        strategies=(L, W, D),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "inpost_headcount",
        "Social workers in post – headcount",
        "Distinct people in post on the date; someone holding two posts counts once.",
        "count of distinct persons in post",
        _NON_AGENCY,
        Unit.HEADCOUNT,
        None,
        DateBasis.AS_AT,
        0,
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "starters_fte",
        "Social worker starters – FTE",
        "FTE of workers whose start date falls in the period (FTE from the assignment covering the "
        "start date, else the earliest assignment).",
        "sum of FTE over starters",
        _NON_AGENCY,
        Unit.FTE,
        None,
        DateBasis.YEAR_TO,
        1,
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "starters_headcount",
        "Social worker starters – headcount",
        "Distinct (person, start date) pairs with the start date in the period.",
        "count of distinct (person, start date)",
        _NON_AGENCY,
        Unit.HEADCOUNT,
        None,
        DateBasis.YEAR_TO,
        0,
        strategies=(L,),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "leavers_fte",
        "Social worker leavers – FTE",
        "FTE of workers whose end date falls in the period, including moves to another council or to "
        "agency work (FTE from the assignment covering the end date).",
        "sum of FTE over leavers",
        _NON_AGENCY,
        Unit.FTE,
        False,
        DateBasis.YEAR_TO,
        1,
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "leavers_headcount",
        "Social worker leavers – headcount",
        "Distinct (person, end date) pairs with the end date in the period.",
        "count of distinct (person, end date)",
        _NON_AGENCY,
        Unit.HEADCOUNT,
        False,
        DateBasis.YEAR_TO,
        0,
        strategies=(L, W),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "turnover_rate_fte",
        "Turnover rate – FTE",
        "Leavers in the period as a percentage of social workers in post at its end. A measure of churn; "
        "moves between posts within the council are not counted.",
        "leavers_fte / inpost_fte x 100",
        _NON_AGENCY,
        Unit.PERCENT,
        False,
        DateBasis.YEAR_TO,
        1,
        rate=Rate("leavers_fte", ("inpost_fte",)),
        strategies=(B, W, D),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "turnover_rate_headcount",
        "Turnover rate – headcount",
        "Leavers (headcount) as a percentage of social workers in post (headcount).",
        "leavers_headcount / inpost_headcount x 100",
        _NON_AGENCY,
        Unit.PERCENT,
        False,
        DateBasis.YEAR_TO,
        1,
        rate=Rate("leavers_headcount", ("inpost_headcount",)),
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "agency_fte",
        "Agency workers – FTE",
        "FTE of agency workers in post on the date; unknown FTE left out.",
        "sum of FTE over agency workers in post",
        _AGENCY,
        Unit.FTE,
        False,
        DateBasis.AS_AT,
        1,
        strategies=(D,),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "agency_headcount",
        "Agency workers – headcount",
        "Agency engagements in post on the date (DfE does not de-duplicate agency records).",
        "count of agency engagements in post",
        _AGENCY,
        Unit.HEADCOUNT,
        False,
        DateBasis.AS_AT,
        0,
        strategies=(B, L, W, D),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "agency_rate_fte",
        "Agency worker rate – FTE",
        "Agency workers as a percentage of agency workers plus social workers in post.",
        "agency_fte / (agency_fte + inpost_fte) x 100",
        _ALL,
        Unit.PERCENT,
        False,
        DateBasis.AS_AT,
        1,
        rate=Rate("agency_fte", ("agency_fte", "inpost_fte")),
        strategies=(S,),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "agency_rate_headcount",
        "Agency worker rate – headcount",
        "Agency headcount as a percentage of agency plus in-post headcount.",
        "agency_headcount / (agency_headcount + inpost_headcount) x 100",
        _ALL,
        Unit.PERCENT,
        False,
        DateBasis.AS_AT,
        1,
        rate=Rate("agency_headcount", ("agency_headcount", "inpost_headcount")),
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "agency_cover_fte",
        "Agency workers covering vacancies – FTE",
        "Council-reported FTE of agency workers covering vacant posts, dated exactly on the date "
        "(null if the council has no figure dated that day).",
        "council figure agency_cover_fte dated on the date",
        _COUNCIL,
        Unit.FTE,
        None,
        DateBasis.AS_AT,
        1,
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "agency_cover_rate_fte",
        "Agency cover rate – FTE",
        "Agency workers covering vacancies as a percentage of all agency workers (inferred from the data).",
        "agency_cover_fte / agency_fte x 100",
        _COUNCIL,
        Unit.PERCENT,
        None,
        DateBasis.AS_AT,
        1,
        rate=Rate("agency_cover_fte", ("agency_fte",)),
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "vacancy_fte",
        "Vacancies – FTE",
        "Council-reported FTE vacancies dated exactly on the date (null if none dated that day).",
        "council figure vacancies_fte dated on the date",
        _COUNCIL,
        Unit.FTE,
        False,
        DateBasis.AS_AT,
        1,
        strategies=(W, D),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "vacancy_rate_fte",
        "Vacancy rate – FTE",
        "Vacancies as a percentage of vacancies plus social workers in post.",
        "vacancy_fte / (vacancy_fte + inpost_fte) x 100",
        _COUNCIL,
        Unit.PERCENT,
        False,
        DateBasis.AS_AT,
        1,
        rate=Rate("vacancy_fte", ("vacancy_fte", "inpost_fte")),
        strategies=(B,),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "vacancy_agency_cover_rate_fte",
        "Vacancies covered by agency workers – FTE",
        "Agency workers covering vacancies as a percentage of vacancies (inferred from the data).",
        "agency_cover_fte / vacancy_fte x 100",
        _COUNCIL,
        Unit.PERCENT,
        None,
        DateBasis.AS_AT,
        1,
        rate=Rate("agency_cover_fte", ("vacancy_fte",)),
        strategies=(D,),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "case_holders_fte",
        "Case-holding social workers – FTE",
        "FTE of workers in post (agency included) holding one or more cases on the date.",
        "sum of FTE over workers in post with cases > 0",
        _ALL,
        Unit.FTE,
        None,
        DateBasis.AS_AT,
        1,
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "cases",
        "Cases held",
        "Cases held by workers in post (agency included): each worker's latest caseload snapshot dated "
        "on the date or in the 31 days before it.",
        "sum of cases",
        _ALL,
        Unit.CASES,
        None,
        DateBasis.AS_AT,
        0,
        strategies=ALL_FIVE,
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "caseload_fte",
        "Average caseload per case-holding FTE",
        "Cases held divided by the FTE of case-holding workers, agency workers included.",
        "cases / case_holders_fte",
        _ALL,
        Unit.CASES_PER_FTE,
        False,
        DateBasis.AS_AT,
        1,
        rate=Rate("cases", ("case_holders_fte",), scale=1.0),
        strategies=(B, D, S),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "working_days_lost_fte",
        "Working days lost to sickness",
        "Working days lost to sickness absence (reason SIC) in the period; an absence running over the "
        "period's edge counts pro rata to the calendar days inside it.",
        "sum of working days lost x overlap days / absence days",
        _NON_AGENCY,
        Unit.DAYS,
        False,
        DateBasis.YEAR_TO,
        1,
        strategies=(W, D),
        computed_by=compute_measures,
        dfe=True,
    ),
    Measure(
        "absence_rate_fte",
        "Sickness absence rate – FTE",
        f"Working days lost as a percentage of available working days ({ABSENCE_WORKING_DAYS} a year per "
        "FTE in post; the 253 is inferred from the published data).",
        f"working_days_lost_fte / (inpost_fte x {ABSENCE_WORKING_DAYS}) x 100",
        _NON_AGENCY,
        Unit.PERCENT,
        False,
        DateBasis.YEAR_TO,
        1,
        rate=Rate("working_days_lost_fte", ("inpost_fte",), scale=100.0 / ABSENCE_WORKING_DAYS),
        strategies=(B, D),
        computed_by=compute_measures,
        dfe=True,
    ),
)

BY_ID: dict[str, Measure] = {m.id: m for m in MEASURES}
MEASURE_IDS: tuple[str, ...] = tuple(m.id for m in MEASURES)
RATES: tuple[Measure, ...] = tuple(m for m in MEASURES if m.rate is not None)
COMPONENT_IDS: tuple[str, ...] = tuple(m.id for m in MEASURES if m.rate is None)
OUTPUT_COLUMNS: tuple[str, ...] = (*KEY_COLUMNS, *MEASURE_IDS)  # what compute_measures returns, in order


def _polarity(value: bool | None) -> str:
    return {True: "higher is better", False: "lower is better", None: "neither"}[value]


def render_markdown() -> str:
    """The text of ``docs/measures.md``: semantics, then every measure in the catalogue."""
    lines = [_PREAMBLE.rstrip(), "", "## Input frames", "", _INPUTS_NOTE, ""]
    for name, schema in SCHEMAS.items():
        columns = ", ".join(f"`{column}` {dtype}" for column, dtype in schema.items())
        lines += [f"- `{name}`: {columns}"]
    lines += ["", _API_NOTE, "", "## Measures", ""]
    for m in MEASURES:
        lines += [
            f"### `{m.id}` — {m.title}",
            "",
            m.definition,
            "",
            f"- Formula: `{m.formula}`",
            f"- Population: {m.population}",
            f"- Unit: {m.unit.value}; published to {m.decimals} dp",
            f"- Date basis: {m.date_basis.value}",
            f"- Polarity: {_polarity(m.higher_is_better)}",
            f"- Source: {m.source}",
            "",
        ]
    return "\n".join(lines)


_PREAMBLE = """\
# Workforce measures (DfE CSWW definitions)

<!-- Generated from src/csc_workforce/measures/catalogue.py (render_markdown);
     do not edit by hand. tests/measures/test_catalogue.py checks it is up to date. -->

The official Department for Education children's social work workforce measures, computed with Polars for
one or many councils, for a census year (the year to 30 September) or as at any date over any period
(monthly reporting). Column names are DfE's (`csww_indicators_2017_to_2025.csv`).

## How the measures are computed

- **Populations.** Agency workers are outside the in-post, starters, leavers, turnover and absence figures,
  and inside the agency figures and the caseload figures.
- **In post at date D.** An engagement is in post when its start date is empty or on/before D, its end
  date is empty or after D, and an assignment covers D (the records say what the worker was doing then). A
  worker whose end date is 30 September is a leaver in that census year, not in post. A worker reported in
  one census return and missing from the next, with no leaving date, has no assignment after the last
  return that reports them, so is not in post after it (see `docs/records.md`).
- **FTE.** The census importer keeps both `FTE` and `FTE30` on each assignment, as returned. In-post (and
  agency) FTE is the `FTE30` of the assignment covering D when the return gave it, else its `FTE` (other
  sources give one FTE). Starters and leavers count `FTE`, never `FTE30`: many HR systems write `FTE30` 0 for
  a leaver, who is not in post on 30 September. Starters use the assignment covering the start date, else the
  engagement's earliest assignment; leavers the assignment covering the end date. FTE figures leave out
  workers whose FTE is missing. If two assignments cover the same day, the one starting later is used.
- **Headcounts.** In post: distinct persons (a person holding two posts counts once). Starters and leavers:
  distinct (person, date). Agency: engagements (DfE does not de-duplicate agency records).
- **Starters and leavers over period P.** Non-agency engagements whose start (end) date falls in P,
  inclusive.
- **Vacancies and agency cover.** The council figures dated exactly D (a census return stores them at 30
  September). If a council has no figure dated D these measures, and the rates using them, are null: there
  is no carrying forward of older figures.
- **Cases.** Each worker in post at D (agency included) contributes their latest caseload snapshot dated
  between D minus 31 days and D inclusive; workers with no such snapshot hold no cases. `case_holders_fte`
  is the FTE of in-post workers with cases > 0; cases held by a worker with unknown FTE count in `cases` but
  add no FTE.
- **Working days lost over P.** Non-agency absences with reason `SIC`. An absence overlapping P partially
  counts pro rata: working days lost x (calendar days inside P / calendar days of the absence). A census
  return stores one absence spanning the census year, so census-year figures are exact.
- **Rates.** A rate with a zero or null denominator (or a null numerator) is null.
- **Totals and aggregates.** A total over councils sums the unrounded components and recomputes each rate
  from them. As DfE does, a council whose component of a rate is unknown (null; `u` or `x` in published
  data) is left out of both the numerator and the denominator of that rate, but stays in the component
  totals.
- **Rounding** is applied only for presentation (`rounded`): 1 decimal place for FTE, rates, caseload and
  days; whole numbers for headcounts and cases. Halves round up (away from zero), as on paper, not to even:
  15.25 -> 15.3. Values are first cleaned of binary floating-point noise (to 6 decimal places after
  scaling), so 16.45 -> 16.5 even though 16.45 is stored as 16.4499999....
- **Census year Y** is as at 30 September Y, with period 1 October Y-1 to 30 September Y, time_period "Y".

## Two bases: as returned and from records

- **As returned** (`--basis returned`, the default for a census year): the figures of council C for census
  year Y are computed from C's return for Y alone, exactly as DfE computes and publishes them, whatever other
  returns or uploads are held. They are computed the first time they are read and kept with the return.
- **From records** (`--basis records`, the only basis for `--as-at`): the timeline built from every return and
  upload held. At a census date it can differ from the return: a later return may list a worker the earlier
  one left out, or another leaving date. `csc-workforce census reconcile --la C` lists each difference and what
  it changes.
- A council-year with no return held is given from records under either basis; every row has a `basis`
  column (`returned`, `records`; `mixed` on a total row over both).
- **Only as far as the data goes.** Each council's data is complete to a date (a census return's 30
  September; an upload's stated extract date). Figures from records as at a later date, or over 12 months
  reaching past it or before the council's first census year, are refused with a message naming that date.
  When only sickness absence or caseload records stop short of the date, those measures are withheld (null)
  and the reason is given.

## Output columns

`time_period, geographic_level, old_la_code, la_name`, then the measures below in this order. Council rows
have `geographic_level` "Local authority"; when more than one council is computed a row with
`geographic_level` "Total", no `old_la_code` and `la_name` "Total of N councils" is added per time period.
"""

_INPUTS_NOTE = """\
Every measure function takes one container of a council's frames, `csc_workforce.measures.inputs.CouncilFrames`,
which declares one Polars schema per frame; `frames_from_records` builds it from domain records and the
application layer from SQL (`store.selectors.council_frames`). `engagement_key` must be unique within a
council. Rows for engagements or councils that are not in the `engagements` or `councils` frames are ignored,
and the output has one row per council in `councils` (zeros where it has no records)."""

_API_NOTE = """\
## Python API (`csc_workforce.measures`)

- `census_year_measures(inputs, year)`: as at 30 September `year`, flows over the census year.
- `compute_measures(inputs, *, as_at, period, time_period)`: any date and period (e.g.
  `twelve_months_to(as_at)` for monthly reporting).
- `measures_for_years(inputs, years)` and `measures_for_windows(inputs, windows)`: many years or dates in one
  pass.
- `rounded(frame)`: presentation rounding; `with_total(frame)` and `aggregate(frame, by)`: totals recomputed
  from unrounded components.

## Checked against published figures

`tests/measures/test_published_figures.py` uses the shipped DfE file (2025 release). Rates recomputed from
each LA's published components match the published LA rates within 0.1 for all rows (turnover, agency rate,
vacancy rate, absence) or at least 98% of rows (agency cover rates, caseload). Aggregating LA rows reproduces
every published national turnover rate, headcount agency rate and absence rate 2017-2025 exactly; the
known exceptions (agency rate FTE 2021-2025, vacancies covered by agency 2021-2025, agency cover 2018,
vacancy rate and caseload 2025) come from DfE's special handling of missing LAs (Birmingham 2024,
Kensington and Chelsea and Westminster 2025) and are pinned in the test."""
