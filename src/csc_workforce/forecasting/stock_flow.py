"""The monthly stock-and-flow model of one council's social work workforce, with Monte Carlo paths.

:func:`estimate` reads the council's records (``measures.inputs.CouncilFrames``, as the measures read them)
up to an as-at date and estimates the model's parameters; :func:`forecast` runs ``paths`` x ``months``
Monte Carlo paths from that date (``forecasting.paths``) under a :class:`Scenario` and gives each output's
paths, median and 80% band by month, and the probability of meeting a target by a deadline. Pure Polars and
numpy, no Django; the as-at date is always an argument, never today.

**State.** Heads (engagements) by role group x contract x tenure band, as at each month end. Role groups:
``nqsw`` (a permanent worker whose assignment has CFKSS status 1, ASYE, or who is on an ASYE programme
record covering the day, in the first 2 years of service: a status still recorded after that is taken as
stale), ``social_worker`` (OrgRole 5 and 6, and a role not recorded), ``senior``
(OrgRole 4, senior or advanced practitioner), ``manager`` (OrgRole 1-3). Contract: ``permanent`` (every
non-agency engagement, fixed-term included, as DfE's "in post") or ``agency``. An agency worker in an ASYE
counts as an agency social worker. Tenure is the engagement's completed months of service (no start date:
5 years or more), in bands (``paths.BANDS``): permanent under 1 year, 1-2, 2-5 and 5 years or more; agency
under a year and a year or more; permanent NQSWs by completed month 0 to 11 and "12 or more". Headcount counts
engagements (a worker in two posts counts twice; the DfE headcount counts people). In post on a month end is
the measures' rule (``measures.rules``): started by the day, not left, and an assignment covering the day,
whose FTE is the stock FTE (FTE30 when a census return gave it).
FTE is heads x the FTE per head of the group and contract at the as-at date (1.0 where there were none), plus
the FTE mix: each leaver's and starter's own FTE varies about that mean with the standard deviation of the
engagements' FTE about their group's mean at the as-at date (pooled within groups, per contract), so the
leavers', starters' and in-post FTE move by a Normal draw with variance heads x that squared.
Vacancies are the funded establishment (``posts`` effective on the as-at date; failing those, the ``figures``
vacancies dated the as-at date plus the in-post FTE) less the permanent FTE in post, never below 0; with
neither, vacancy figures are absent.

**Estimation**, from the month-to-month transitions of every month end from the records' beginning (or
``history_months`` before the as-at date, whichever is later) to the as-at date:

- *Leaving hazards* by cell (group x contract x tenure band): a worker in post at one month end who has left
  by the next (``end_date`` on or before it) is a leaver, unless an agency worker whose person starts a
  permanent engagement within 31 days (a conversion). Each cell's rate is pooled toward its group and
  contract's overall rate by empirical Bayes: a Beta prior with that mean and a strength (pseudo worker-
  months) from the spread of the band rates about it by the method of moments, kept within
  :data:`PRIOR_STRENGTH`; a group and contract with no exposure takes the contract's overall rate. Each
  path draws every cell's hazard from its Beta posterior (parameter uncertainty), then rescales the cells so
  that their total over the origin stock is the posterior means' total times a *leaving level* drawn from
  Gamma(k, 1/k), ``k`` the contract's leavers over the history divided by its dispersion ratio (below): the
  cells give the pattern across tenure bands, the level the uncertainty of the whole, as sure as the
  contract's leavers allow. (Pooled toward a mean estimated from the same records, and drawn independently,
  the cells alone made the contract's leaving rate about twice as sure as its leavers allow.)
- *Over-dispersion of leaving*: the variance of the monthly leaver count of each contract about its expected
  value, as a ratio to the binomial variance (at least 1, at most :data:`MAX_DISPERSION`), gives the variance
  of a Gamma shock with mean 1 multiplying every hazard of that contract in a path's month.
- *Hiring* by stream (group x contract x route): the starters whose engagement began in the month and who are
  in post at its end (conversions apart), by route from the start origin (1 newly qualified, 3 international,
  any other experienced; agency engagements: agency). A stream's monthly mean has a Gamma posterior (a weak
  Gamma(0.5, 1 month) prior and the Poisson likelihood, its variance scaled by the contract's hiring
  dispersion, below: a quasi-likelihood's, so the hiring level is as sure as the regression's intercept).
- *Recruiting to the gap*: each contract's hiring responds to its gap, the posts to fill in the month (the
  reference level less the contract's FTE at the month's start, plus the FTE the month's leavers leave and
  its conversions fill: a conversion fills a permanent post and empties an agency one). The permanent
  reference is the funded establishment where the posts are held, else a constant (the workforce's own
  level). The agency reference is the agency cover of the posts the permanent workforce leaves uncovered
  (below). The slope of monthly starters on the gap is estimated by least squares (0 if negative or with
  under 6 months) on the gaps of the history made as the paths make them (one function,
  ``paths.agency_reference``, for both), and each path draws it from its sampling distribution. A
  scenario's establishment change therefore draws recruitment, and a planned cohort partly displaces other
  hiring, as they would.
- *Agency cover*: agency workers cover posts the permanent workforce leaves uncovered, so the agency
  reference in a month is the agency FTE at the as-at date plus ``c`` x the change since then in the posts
  left uncovered after the month's leavers and conversions (the funded establishment, with the scenario's
  changes, less that permanent FTE, where the permanent gap is to the establishment; else the permanent FTE's
  fall alone, the workforce's total need held), never below 0. Each permanent FTE gained (a cohort, fewer
  leavers) so takes ``c`` FTE off the agency workers the council engages, a month behind (the hiring closes
  ``b / (h + b (1 - h))`` of it at equilibrium, ``b`` the agency slope and ``h`` the agency leaving and
  conversion rate); the agency workers beyond that (covering absence or extra work) are held. The cover
  ``c`` (``Parameters.agency_cover``, at most 1; its basis ``agency_cover_basis``): the census return's
  agency workers covering vacancies over its vacancies (the latest ``figures`` dated in the year to the
  as-at date with vacancies above 0), "census"; failing that the agency FTE over the vacancies
  (establishment less permanent FTE, above 0: every agency worker taken as covering a vacancy, up to the
  vacancies, which overstates ``c`` where some cover absence: England's returns put 81% of agency FTE on
  vacancies in 2025), "vacancies"; failing that (no establishment, or no vacancy to measure it on) 1, each
  post the permanent workforce leaves or fills moving the agency need one for one, "workforce"; 0 without
  agency workers at the as-at date. England's councils displace agency workers so: in DfE's published
  figures a year's agency FTE falls by 0.49 (standard error 0.03) per in-post FTE gained at the same
  establishment (1,120 council-years, 2017-2025), against England's census cover of 74% of its vacancies
  in 2025 (a year's change is measured with the noise of two vacancy returns, which pulls it toward 0).
- *Hiring dispersion*: the variance of the contract's monthly starters *given the gap* (the regression's
  residual variance, n - 2 degrees of freedom; without a slope, about their mean) over their mean, at most
  :data:`MAX_DISPERSION`. Above 1 the month's count is Poisson given a Gamma shock (mean 1) shared by the
  contract's streams (a negative binomial total); below 1 it is under-dispersed (a mixture of binomials and
  the rounded mean with exactly that variance, split among the streams multinomially): a council that
  recruits to its gap hires close to it. (Measured on the raw monthly starters, which move with the leavers
  they replace, the dispersion counted the gap's own response a second time, as noise on top of it, and the
  80% bands on synthetic councils held 92% of the outcomes.)
- *Agency-to-permanent conversion*: agency workers in post at a month end whose engagement ends by the next
  and whose person starts a permanent engagement from the day before that end to 31 days after it, per agency
  worker-month, by group (Beta(0.5, 0.5) prior; with no agency history, near 0); they join the group's
  permanent band 0, and are not counted as hires of a stream (``measures.local`` counts conversions among
  starters by start origin 4 or an earlier agency engagement, which this includes).
- *ASYE progression*: of permanent NQSWs completing their 12th month of service, the share who are no longer
  NQSW at the month end (``q_due``); of those past 12 months, the monthly share (``q_ext``). They join
  permanent social workers with 1-2 years' service. Where the council records no ASYE (no CFKSS status 1 and
  no ASYE programme), its newly qualified starters are social workers from the start.
- *Promotion*: permanent social workers and senior practitioners with 2 years' service or more whose group is
  higher at the next month end, per worker-month.
- *Cases*: the cases held at the as-at date (each in-post worker's latest caseload snapshot in the 31 days to
  it, as the measures take them) are held constant; the case-holding share of each cell's FTE is its group
  and contract's share at the as-at date. Caseload is cases per case-holding FTE; absent without caseloads.
- *Turnover* (12 months rolling) is permanent leavers' FTE over the 12 months to the month (the records' own
  for the months before the as-at date) over the permanent FTE in post at the month end, as DfE's turnover.

**Pooling toward the DfE panel** (optional): :func:`panel_prior` builds a :class:`PanelPrior` from
``forecasting.aggregate.published_panel()`` (the council's published turnover over its latest three years as
at or before the as-at date, shrunk toward its region's, else its region's, else England's), and
``estimate(..., prior=...)`` moves the permanent leaving rate toward its turnover / 12 a month, worth
:data:`PRIOR_MONTHS` months of the council's own exposure (see :func:`estimate`).

**Scenario levers** (:class:`Scenario`): planned extra hires by month and route, a leaving-rate multiplier by
contract and/or group, planned agency conversions a month, establishment changes from a month, and DfE's
agency rules from a month (:class:`AgencyRules`). Planned hires and conversions happen as planned (no noise).
Under the agency rules no agency worker with under ``min_pqe_years`` years' post-qualification experience is
engaged from ``from_month``: every agency stream's mean is scaled by 1 - ``s``, ``s`` the share of the
council's agency starters under the threshold, drawn per path from Beta(k + 0.5, n - k + 0.5), ``k`` of the
``n`` agency placements started in the history window (after its first month end, to the as-at date) whose
PQE is recorded (``Parameters.agency_under_pqe``; placements without it are left out); workers already in
post stay (the rules apply to new assignments), and planned agency hires are made as planned. The posts the
rules leave uncovered stay in the agency gap, so the council goes on filling them from the agency workers the
rules allow: at equilibrium the agency FTE is k (mu + b (R - g)) / (h + k b (1 - h)) with k = 1 - s, against
k = 1 without the rules (mu the agency hiring's mean, b its slope, g its mean gap, R its reference, h its
leaving and conversion rate), so it falls by less than the share s where the hiring answers its gap (the
demo council: 11 of its 194 agency starters under 3 years, s about 6%, its agency FTE 1.3% lower); the
other posts stay vacant. No permanent hiring is drawn:
the permanent gap is to the establishment (or the workforce's level), which counts every vacancy whether an
agency worker covers it or not. With no placement's PQE held (``agency_placements`` absent or empty) the
share is not known and the rules change nothing: :attr:`Forecast.agency_rules_share` is None, for the
caller to say so. The establishment is otherwise held as at the as-at date:
a council funded to grow is a scenario (on synthetic councils growing 3% a year, holding it flat makes the
in-post bands too low by the second year: ``perf/RESULTS.md``).

**Checked** by ``tests/forecasting/test_stock_flow*.py`` and ``test_agency_levers.py``: the one-month flows
worked by hand (leavers, conversions, the ASYE, hiring at each dispersion, the leaving level, the FTE mix, the
agency cover's displacement, the agency rules' equilibrium), the estimates against the synthetic generator's
rates, the agency cover's basis and the PQE share's window, nothing read after the as-at date, the levers'
direction, and the 80% bands against synthetic councils' own later months (``forecasting.flow_backtest``:
75-85% inside, on councils whose agency workers cover their vacancies).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

from csc_workforce.forecasting import paths as engine_module
from csc_workforce.forecasting.aggregate import Panel
from csc_workforce.forecasting.paths import (
    CELL_CONTRACT,
    CELL_GROUP,
    CELLS,
    CONTRACTS,
    GROUPS,
    NQSW_COHORTS,
    ROUTES,
    Engine,
    Run,
    band_of,
    bands_of,
    cell_index,
)
from csc_workforce.measures.agency import MIN_PQE_YEARS
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.rules import covers_expr, in_post_expr, stock_fte_expr

STEP_UP_FRONTLINE = "step_up_frontline"
PLANNED_ROUTES: tuple[str, ...] = (*ROUTES, STEP_UP_FRONTLINE)
"""A scenario's hiring routes: the model's (``paths.ROUTES``) and Step Up to Social Work or Frontline graduates,
who start as newly qualified social workers on the ASYE (the model counts them with the newly qualified: the
records' start origins do not tell the programmes apart)."""
NEWLY_QUALIFIED_ROUTES = frozenset({"nqsw", STEP_UP_FRONTLINE})

PRIOR_STRENGTH = (24.0, 2400.0)
"""The Beta prior's strength (pseudo worker-months) is kept between these: at least 2 worker-years, at most
200."""
MAX_DISPERSION = 4.0
PRIOR_MONTHS = 12.0
"""The DfE panel's rate is worth this many months of the council's own exposure when the permanent leaving
hazard is pooled toward it (:class:`PanelPrior`): with 6 months of records the panel's rate has 2/3 of the
weight, with 36 months 1/4."""
MIN_HIRE_DISPERSION = 0.01  # a residual variance of 0 (an exact fit) would make a Gamma posterior's shape infinite
STALE_ASYE_MONTHS = 24  # an ASYE status still recorded after 2 years' service is stale: a social worker
CONVERSION_WINDOW = timedelta(days=31)
FTE_DIGITS = 9  # FTE sums are rounded to this: a parallel sum's order must not change a path
BAND_RATIO = 0.8  # the 80% band: 10th to 90th percentile
ASYE_STATUS = "1"
ASYE_PROGRAMME = "asye"
INTERNATIONAL_ORIGIN = "3"
NQ_ORIGIN = "1"
MEASURES: tuple[str, ...] = (
    "inpost_fte",
    "inpost_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "permanency_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "starters_fte",
    "leavers_fte",
    "turnover_rate_fte",
    "caseload_fte",
)
"""The outputs, named as the DfE measures they forecast (rates in per cent; starters and leavers in the month)."""


# ---- scenarios -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedHires:
    """``count`` extra starters by ``route`` (see :data:`PLANNED_ROUTES`) into ``group`` (default: NQSW for the
    nqsw and step_up_frontline routes, else social worker), in every ``calendar_month`` (1-12) of the forecast,
    or in ``month`` ("YYYY-MM") only."""

    route: str
    count: int
    calendar_month: int | None = None
    month: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class PlannedConversions:
    """``count`` agency workers of ``group`` converted to permanent each month from ``start`` to ``end``
    ("YYYY-MM", inclusive; none: from the first month / to the last), longest-serving first."""

    count: int
    group: str = "social_worker"
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class EstablishmentChange:
    """``fte`` funded FTE added (negative: removed) to the establishment from ``month`` ("YYYY-MM") on."""

    month: str
    fte: float


@dataclass(frozen=True)
class AgencyRules:
    """DfE's agency rules as a lever: from ``from_month`` ("YYYY-MM") on, no agency worker with under
    ``min_pqe_years`` years' post-qualification experience is engaged (the statutory guidance asks for 3:
    ``measures.agency.MIN_PQE_YEARS``). The agency hiring falls by the share of the council's agency starters
    under the threshold (:meth:`Parameters.agency_under_pqe`); where its placements hold no PQE the share is
    not known and the lever changes nothing (:attr:`Forecast.agency_rules_share` is then None)."""

    from_month: str
    min_pqe_years: float = float(MIN_PQE_YEARS)


@dataclass(frozen=True)
class Scenario:
    """Scenario levers as plain values. ``leaving_multipliers`` maps "permanent", "agency", a group name, or
    "permanent:social_worker" (contract:group) to a multiplier of the leaving hazard; the most specific key
    applies (contract:group, then group, then contract). Build from YAML or JSON with :meth:`from_mapping`."""

    name: str = "baseline"
    hires: tuple[PlannedHires, ...] = ()
    leaving_multipliers: Mapping[str, float] = field(default_factory=dict)
    conversions: tuple[PlannedConversions, ...] = ()
    establishment: tuple[EstablishmentChange, ...] = ()
    costs: Mapping[str, float | None] = field(default_factory=dict)  # cost inputs changed (``forecasting.costs``)
    agency_rules: AgencyRules | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Scenario:
        """A scenario from plain data (a loaded YAML or JSON document): keys ``name``, ``hires`` (a list of
        PlannedHires fields), ``leaving_multipliers``, ``conversions``, ``establishment``, ``costs`` (cost inputs
        changed: ``forecasting.costs.COST_KEYS``), ``agency_rules`` (a mapping of AgencyRules fields, e.g.
        ``{from_month: "2026-04", min_pqe_years: 3}``). Unknown keys and fields are refused, so a misspelt lever
        is never silently ignored."""
        known = {"name", "hires", "leaving_multipliers", "conversions", "establishment", "costs", "agency_rules"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown scenario key(s) {sorted(unknown)}; expected {sorted(known)}")
        try:
            scenario = cls(
                name=str(data.get("name", "baseline")),
                hires=tuple(_lever(PlannedHires, item, "hires") for item in data.get("hires") or ()),
                leaving_multipliers={str(k): float(v) for k, v in dict(data.get("leaving_multipliers") or {}).items()},
                conversions=tuple(
                    _lever(PlannedConversions, item, "conversions") for item in data.get("conversions") or ()
                ),
                establishment=tuple(
                    _lever(EstablishmentChange, item, "establishment") for item in data.get("establishment") or ()
                ),
                costs={str(k): (None if v is None else float(v)) for k, v in dict(data.get("costs") or {}).items()},
                agency_rules=(
                    None
                    if data.get("agency_rules") is None
                    else _lever(AgencyRules, data["agency_rules"], "agency_rules")
                ),
            )
        except (TypeError, AttributeError) as exc:
            raise ValueError(f"scenario {data.get('name', '')!r}: {exc}") from exc
        scenario.check()
        return scenario

    def check(self) -> None:
        """Raise ``ValueError`` naming a lever that cannot apply."""
        for hire in self.hires:
            if hire.route not in PLANNED_ROUTES:
                raise ValueError(f"hires route {hire.route!r} is not one of {PLANNED_ROUTES}")
            if hire.group is not None and hire.group not in GROUPS:
                raise ValueError(f"hires group {hire.group!r} is not one of {GROUPS}")
            if (hire.calendar_month is None) == (hire.month is None):
                raise ValueError("planned hires need exactly one of calendar_month (1-12) and month (YYYY-MM)")
            if hire.calendar_month is not None and not 1 <= hire.calendar_month <= 12:
                raise ValueError(f"planned hires calendar_month must be 1 to 12; got {hire.calendar_month}")
            if hire.count < 0:
                raise ValueError(f"planned hires count must not be negative; got {hire.count}")
        for key, value in self.leaving_multipliers.items():
            parts = key.split(":")
            ok = (len(parts) == 1 and (key in GROUPS or key in CONTRACTS)) or (
                len(parts) == 2 and parts[0] in CONTRACTS and parts[1] in GROUPS
            )
            if not ok:
                raise ValueError(f"leaving multiplier key {key!r}: use a contract, a group or contract:group")
            if value < 0:
                raise ValueError(f"leaving multiplier {key!r} must not be negative; got {value}")
        for conv in self.conversions:
            if conv.group not in GROUPS[1:]:
                raise ValueError(f"conversions group {conv.group!r} is not one of {GROUPS[1:]}")
        from csc_workforce.forecasting.costs import COST_KEYS

        unknown_costs = set(self.costs) - set(COST_KEYS)
        if unknown_costs:
            raise ValueError(f"unknown cost input(s) {sorted(unknown_costs)}; expected some of {list(COST_KEYS)}")
        for change in self.establishment:
            _month_of(change.month, "establishment month")
        for hire in self.hires:
            if hire.month is not None:
                _month_of(hire.month, "hires month")
        if self.agency_rules is not None:
            _month_of(self.agency_rules.from_month, "agency_rules from_month")
            if not 0 < self.agency_rules.min_pqe_years <= 50:
                raise ValueError(
                    f"agency_rules min_pqe_years must be above 0 and at most 50; got {self.agency_rules.min_pqe_years}"
                )

    def as_mapping(self) -> dict[str, Any]:
        """The plain data :meth:`from_mapping` reads back (levers left at their defaults are left out)."""
        out: dict[str, Any] = {"name": self.name}
        if self.hires:
            out["hires"] = [{k: v for k, v in asdict(h).items() if v is not None} for h in self.hires]
        if self.leaving_multipliers:
            out["leaving_multipliers"] = dict(self.leaving_multipliers)
        if self.conversions:
            out["conversions"] = [{k: v for k, v in asdict(c).items() if v is not None} for c in self.conversions]
        if self.establishment:
            out["establishment"] = [asdict(e) for e in self.establishment]
        if self.costs:
            out["costs"] = dict(self.costs)
        if self.agency_rules is not None:
            out["agency_rules"] = asdict(self.agency_rules)
        return out


def _lever(kind: type[Any], item: Any, what: str) -> Any:
    """One lever from its mapping, its fields checked by name and type."""
    if not isinstance(item, Mapping):
        raise ValueError(f"each of the scenario's {what} is a mapping of its fields; got {item!r}")
    names = {f.name: f for f in fields(kind)}
    unknown = set(item) - set(names)
    if unknown:
        raise ValueError(f"{what}: unknown field(s) {sorted(unknown)}; expected some of {sorted(names)}")
    values: dict[str, Any] = {}
    for key, value in item.items():
        kind_name = str(names[key].type)
        try:
            if value is None or "str" in kind_name:
                values[key] = value if value is None else str(value)
            elif "float" in kind_name:
                values[key] = float(value)
            else:
                if isinstance(value, bool) or float(value) != int(value):
                    raise ValueError
                values[key] = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{what}: {key} must be a number; got {value!r}") from None
    try:
        return kind(**values)
    except TypeError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _month_of(value: str, what: str) -> None:
    """Refuse a month that is not "YYYY-MM"."""
    try:
        ok = len(value) == 7 and value[4] == "-" and 1 <= int(value[5:]) <= 12 and int(value[:4]) > 1900
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{what} {value!r} is not a month written YYYY-MM, e.g. 2026-09")


BASELINE = Scenario()


# ---- the DfE panel as the prior -------------------------------------------------------------------------------
PRIOR_YEARS = 3
"""The prior reads the latest this many published years (as at or before the as-at date)."""


@dataclass(frozen=True)
class PanelPrior:
    """DfE's published turnover as the prior of the model's permanent leaving hazard (see :func:`estimate`):
    ``turnover_rate_fte`` (per cent a year; DfE's: the year's permanent leavers' FTE over the in-post FTE on
    30 September) from census years ``first_year`` to ``year``, worth ``strength_months`` months of the
    council's own exposure. ``level`` says whose: "council" (the council's own, shrunk toward its region's
    by ``shrinkage`` FTE-years), "region" or "England". Build it with :func:`panel_prior`."""

    level: str  # "council", "region" or "England"
    name: str  # the council's old LA code, the region's name, or "England"
    year: int
    turnover_rate_fte: float
    strength_months: float = PRIOR_MONTHS
    first_year: int | None = None
    shrinkage: float | None = None  # FTE-years of the region's rate added to the council's own

    @property
    def monthly_hazard(self) -> float:
        """The monthly leaving hazard of the published turnover: turnover / 12. DfE's turnover counts every
        leaver of the year, and a council replaces its leavers, so a year is 12 months of leaving at the
        monthly hazard (the closed-cohort 1 - (1 - turnover) ** (1/12) would be about 7% higher at 15%)."""
        return self.turnover_rate_fte / 100.0 / 12.0


def panel_prior(
    panel: Panel,
    la_code: str,
    *,
    as_at: date,
    region: str | None = None,
    strength_months: float = PRIOR_MONTHS,
) -> PanelPrior:
    """The prior for council ``la_code`` (old LA code) from ``panel`` (``forecasting.aggregate.published_panel``),
    from the latest :data:`PRIOR_YEARS` census years whose figures are as at a date on or before ``as_at`` (30
    September of the year): nothing after the as-at date is read. (DfE publishes a year the following spring: a
    backtest that must not use a year before it was published passes an earlier ``as_at``.)

    The council's own rate is its leavers' FTE over its in-post FTE summed over those years (``L / F``), shrunk
    toward its region's rate ``R`` (the region's published leavers over in-post, the same years) by empirical
    Bayes: (L + K x R) / (F + K), ``K = R / tau2`` FTE-years, ``tau2`` the spread of every council's rate about
    its region's beyond its sampling noise (in-post-weighted, by the method of moments; sampling variance
    ``R / F``, leavers as Poisson). A council with a few FTE (City of London: about 12, and 0% in 2025) so
    takes mostly its region's rate, a large one its own. A council without published figures takes its
    region's rate (the panel's region for the council, or ``region`` for a council the panel does not
    hold), else England's."""
    known = [j for j, year in enumerate(panel.years) if date(year, 9, 30) <= as_at][-PRIOR_YEARS:]
    if not known:
        raise ValueError(f"the DfE panel has no year as at or before {as_at} (it begins {panel.years[0]})")
    leavers = panel.values["leavers_fte"][:, known]
    inpost = panel.values["inpost_fte"][:, known]
    both = ~np.isnan(leavers) & ~np.isnan(inpost) & (inpost > 0)
    council_l = np.where(both, leavers, 0.0).sum(axis=1)
    council_f = np.where(both, inpost, 0.0).sum(axis=1)
    r_leavers = panel.region_values["leavers_fte"][:, known]
    r_inpost = panel.region_values["inpost_fte"][:, known]
    r_both = ~np.isnan(r_leavers) & ~np.isnan(r_inpost) & (r_inpost > 0)
    region_f = np.where(r_both, r_inpost, 0.0).sum(axis=1)
    region_rate = np.divide(
        np.where(r_both, r_leavers, 0.0).sum(axis=1), region_f, out=np.full(region_f.shape, np.nan), where=region_f > 0
    )
    years = (panel.years[known[0]], panel.years[known[-1]])
    index = panel.codes.index(la_code) if la_code in panel.codes else None
    if index is not None:
        region = panel.regions[index]
    if index is not None and council_f[index] > 0 and not np.isnan(region_rate[index]):
        shrinkage = _panel_shrinkage(council_l, council_f, region_rate)
        rate = (council_l[index] + shrinkage * region_rate[index]) / (council_f[index] + shrinkage)
        return PanelPrior("council", la_code, years[1], 100 * float(rate), strength_months, years[0], shrinkage)
    rows = [i for i, r in enumerate(panel.regions) if r == region and not np.isnan(region_rate[i])]
    if rows:
        return PanelPrior("region", str(region), years[1], 100 * float(region_rate[rows[0]]), strength_months, years[0])
    e_leavers, e_inpost = panel.england["leavers_fte"][known], panel.england["inpost_fte"][known]
    e_both = ~np.isnan(e_leavers) & ~np.isnan(e_inpost) & (e_inpost > 0)
    if not e_both.any():
        raise ValueError(f"the DfE panel has no published leavers and in-post FTE as at or before {as_at}")
    rate = float(e_leavers[e_both].sum() / e_inpost[e_both].sum())
    return PanelPrior("England", "England", years[1], 100 * rate, strength_months, years[0])


def _panel_shrinkage(leavers: np.ndarray, inpost: np.ndarray, region_rate: np.ndarray) -> float:
    """``K`` (FTE-years) of :func:`panel_prior`: the mean regional rate over the spread of the councils' rates
    about their regions' beyond their sampling noise, both in-post-weighted (at most 1e6: no spread found)."""
    ok = (inpost > 0) & ~np.isnan(region_rate)
    weights = inpost[ok] / inpost[ok].sum()
    rates, regional = leavers[ok] / inpost[ok], region_rate[ok]
    observed = float((weights * (rates - regional) ** 2).sum())
    sampling = float((weights * regional / inpost[ok]).sum())
    between = observed - sampling
    mean = float((weights * regional).sum())
    return float(min(mean / between, 1e6)) if between > 0 else 1e6


# ---- estimation ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Parameters:
    """The estimated model: the origin state and every rate's posterior (see the module docstring)."""

    la_code: str
    as_at: date
    history_from: date
    months_observed: int
    stock: np.ndarray  # heads per cell at the as-at date
    fte_per_head: np.ndarray
    leave_events: np.ndarray  # per cell over the history
    leave_exposure: np.ndarray
    hazard_a: np.ndarray
    hazard_b: np.ndarray
    shock_var: np.ndarray  # per contract
    leave_level: np.ndarray  # per contract: the Gamma shape of the leaving level (events / dispersion)
    fte_sd: np.ndarray  # per contract: the standard deviation of an engagement's FTE about its group's mean
    convert_a: np.ndarray
    convert_b: np.ndarray
    progress_a: np.ndarray
    progress_b: np.ndarray
    promote_a: np.ndarray
    promote_b: np.ndarray
    streams: tuple[tuple[int, str], ...]  # (cell, route)
    stream_counts: np.ndarray  # total starters per stream over the history
    stream_shape: np.ndarray
    stream_rate: np.ndarray
    hire_shock_var: np.ndarray  # per contract
    hire_dispersion: np.ndarray  # per contract: variance / mean of the monthly starters given the gap
    establishment_fte: float | None
    feedback: np.ndarray  # per contract: starters a month per FTE of gap (0: no response found)
    feedback_se: np.ndarray
    feedback_gap: np.ndarray  # per contract: the history's mean gap
    gap_to_establishment: bool  # the permanent gap is to the funded establishment (else to the level held)
    cases: float | None
    case_share: np.ndarray
    prior_leavers_fte: np.ndarray  # the 11 months before the as-at date, oldest first (0 before the records)
    prior: PanelPrior | None = None  # the DfE panel's rate the permanent leaving hazard was pooled toward
    agency_cover: float = 0.0  # agency FTE engaged per FTE of posts the permanent workforce leaves uncovered
    agency_cover_basis: str | None = None  # "census", "vacancies" or "workforce" (see the module docstring)
    # the known PQE (years) of the agency placements started in the history, sorted; and how many had none
    agency_pqe_years: np.ndarray = field(default_factory=lambda: np.zeros(0))
    agency_pqe_unknown: int = 0

    def agency_under_pqe(self, min_years: float) -> tuple[int, int]:
        """(under, known): of the agency placements started in the history whose PQE is recorded, how many had
        under ``min_years`` years, and how many there were (0 known: the share is not held)."""
        return int((self.agency_pqe_years < min_years).sum()), int(self.agency_pqe_years.shape[0])

    def hazard_mean(self) -> np.ndarray:
        """Each cell's posterior mean monthly leaving hazard."""
        return np.asarray(self.hazard_a / (self.hazard_a + self.hazard_b))

    def stream_mean(self) -> dict[tuple[str, str, str], float]:
        """Posterior mean monthly starters by (contract, group, route)."""
        out: dict[tuple[str, str, str], float] = {}
        for (cell, route), shape, rate in zip(self.streams, self.stream_shape, self.stream_rate, strict=True):
            contract, group, _ = CELLS[cell]
            out[(CONTRACTS[contract], GROUPS[group], route)] = float(shape / rate)
        return out


def month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _month_ends(first: date, last: date) -> list[date]:
    out, day = [], month_end(first)
    while day <= last:
        out.append(day)
        day = month_end(day + timedelta(days=1))
    return out


def records_begin(frames: CouncilFrames, la_code: str) -> date | None:
    """When the council's records begin: the start of its first census return's year (1 October before its
    earliest ``figures`` date), else the first day of the month of its earliest leaver (leavers are known from
    then; a start date can be years before the records). A caller that knows better passes ``begins``."""
    figures = frames.figures.filter(pl.col("la_code") == la_code)
    if figures.height:
        first = figures["on"].min()
        assert isinstance(first, date)
        return date(first.year - 1, 10, 1) if (first.month, first.day) == (9, 30) else first.replace(day=1)
    engagements = frames.engagements.filter(pl.col("la_code") == la_code)
    first = engagements["end_date"].min()
    return first.replace(day=1) if isinstance(first, date) else None


def _snapshots(frames: CouncilFrames, la_code: str, days: Sequence[date]) -> pl.DataFrame:
    """One row per engagement in post on each day: day, engagement_key, person_key, contract, group, tenure
    (completed months), fte (stock FTE), start_date, end_date."""
    days_frame = pl.DataFrame({"day": list(days)}, schema={"day": pl.Date})
    eng = frames.engagements.filter(pl.col("la_code") == la_code)
    crossed = eng.join(days_frame, how="cross").filter(in_post_expr(pl.col("day")))
    assign = frames.assignments.filter(pl.col("la_code") == la_code).select(
        "engagement_key", "effective_from", "effective_to", "fte", "fte30", "role", "cfkss_status"
    )
    covered = (
        crossed.select("engagement_key", "day")
        .join(assign, on="engagement_key")
        .filter(covers_expr(pl.col("day")))
        .sort("effective_from")
        .group_by("engagement_key", "day")
        .agg(pl.all().last())
    )
    programmes = (
        frames.programmes.filter((pl.col("la_code") == la_code) & (pl.col("programme") == ASYE_PROGRAMME))
        .select("person_key", "engagement_key", "start", "end")
        .join(days_frame, how="cross")
        .filter((pl.col("start") <= pl.col("day")) & (pl.col("end").is_null() | (pl.col("end") >= pl.col("day"))))
    )
    on_asye_by_eng = programmes.filter(pl.col("engagement_key").is_not_null()).select("engagement_key", "day")
    on_asye_by_person = programmes.filter(pl.col("engagement_key").is_null()).select("person_key", "day")
    start, day = pl.col("start_date"), pl.col("day")
    months = (
        (day.dt.year().cast(pl.Int64) - start.dt.year()) * 12
        + (day.dt.month().cast(pl.Int64) - start.dt.month())
        - (day.dt.day() < start.dt.day()).cast(pl.Int64)
    )
    rows = crossed.join(covered, on=["engagement_key", "day"]).with_columns(
        tenure=pl.when(start.is_null()).then(999).otherwise(months).cast(pl.Int64)
    )
    flagged = (
        rows.join(on_asye_by_eng.unique().with_columns(prog_e=pl.lit(True)), on=["engagement_key", "day"], how="left")
        .join(on_asye_by_person.unique().with_columns(prog_p=pl.lit(True)), on=["person_key", "day"], how="left")
        .with_columns(
            asye=(pl.col("cfkss_status") == ASYE_STATUS).fill_null(False)
            | pl.col("prog_e").fill_null(False)
            | pl.col("prog_p").fill_null(False)
        )
    )
    role = pl.col("role")
    group = (
        pl.when(pl.col("asye") & ~pl.col("agency") & (pl.col("tenure") < STALE_ASYE_MONTHS))
        .then(0)
        .when(role.is_in(["1", "2", "3"]))
        .then(3)
        .when(role == "4")
        .then(2)
        .otherwise(1)
    )
    return flagged.select(
        "day",
        "engagement_key",
        "person_key",
        contract=pl.col("agency").cast(pl.Int64),
        group=group.cast(pl.Int64),
        tenure=pl.col("tenure"),
        fte=stock_fte_expr().fill_null(1.0),
        start_date=start,
        end_date=pl.col("end_date"),
        start_origin=pl.col("start_origin"),
    )


def _with_cells(snap: pl.DataFrame) -> pl.DataFrame:
    """``snap`` with its ``cell`` (see ``paths.CELLS``): permanent NQSWs by completed month (12 or more: the
    last), everyone else by group (an agency NQSW: social worker), contract and tenure band."""
    lookup = pl.DataFrame(
        [(c, g, b, i) for i, (c, g, b) in enumerate(CELLS) if not (c == 0 and g == 0)],
        schema={"contract": pl.Int64, "g2": pl.Int64, "band": pl.Int64, "cell": pl.Int64},
        orient="row",
    )
    tenure = pl.col("tenure")
    bands = []
    for contract in (0, 1):
        band = pl.lit(len(bands_of(contract)) - 1, dtype=pl.Int64)
        for index, (_, high) in reversed(list(enumerate(bands_of(contract)))):
            if high is not None:
                band = pl.when(tenure < high).then(pl.lit(index, dtype=pl.Int64)).otherwise(band)
        bands.append(band)
    band = pl.when(pl.col("contract") == 0).then(bands[0]).otherwise(bands[1])
    nqsw = (pl.col("contract") == 0) & (pl.col("group") == 0)
    return (
        snap.with_columns(band=band, g2=pl.when(pl.col("group") == 0).then(1).otherwise(pl.col("group")))
        .join(lookup, on=["contract", "g2", "band"], how="left")
        .with_columns(
            cell=pl.when(nqsw).then(pl.min_horizontal(tenure, pl.lit(NQSW_COHORTS - 1))).otherwise(pl.col("cell"))
        )
    )


def _beta_pool(events: np.ndarray, exposure: np.ndarray, prior_mean: float) -> tuple[np.ndarray, np.ndarray]:
    """Beta posteriors of rates ``events / exposure`` pooled toward ``prior_mean`` (empirical Bayes: the prior's
    strength from the spread of the observed rates about it, by the method of moments, kept within
    :data:`PRIOR_STRENGTH`)."""
    m = min(max(prior_mean, 1e-5), 1 - 1e-5)
    seen = exposure > 0
    low, high = PRIOR_STRENGTH
    strength = high
    if seen.sum() >= 2:
        rates = events[seen] / exposure[seen]
        weights = exposure[seen] / exposure[seen].sum()
        observed = float((weights * (rates - m) ** 2).sum())
        sampling = float((weights * m * (1 - m) / exposure[seen]).sum())
        between = observed - sampling
        strength = high if between <= 0 else m * (1 - m) / between - 1
    strength = min(max(strength, low), high)
    a = m * strength + events
    b = (1 - m) * strength + exposure - events
    return a.astype(np.float64), b.astype(np.float64)


def _dispersion(counts: np.ndarray, expected: np.ndarray, floor: float = 1.0) -> float:
    """Variance of monthly counts about their expected values, as a ratio to the Poisson variance (the
    binomial's, for hazards of a few per cent a month), within [floor, MAX_DISPERSION]; 1 with under 3
    months."""
    months = counts.shape[0]
    if months < 3 or expected.sum() <= 0:
        return 1.0
    ratio = float(((counts - expected) ** 2).sum()) / float(expected.sum()) * months / (months - 1)
    return float(min(max(ratio, floor), MAX_DISPERSION))


def estimate(
    frames: CouncilFrames,
    la_code: str,
    *,
    as_at: date,
    history_months: int = 36,
    begins: date | None = None,
    prior: PanelPrior | None = None,
) -> Parameters:
    """The model's parameters for council ``la_code`` from its records up to ``as_at`` (a month end), using the
    month ends from ``begins`` (default :func:`records_begin`) or ``history_months`` before, whichever is
    later. Nothing dated after ``as_at`` is read.

    ``prior`` (from :func:`panel_prior`) pools the permanent leaving hazard toward DfE's published rate: the
    council's own rate ``r`` (its permanent cells' posterior means weighted by their worker-months, ``N`` in
    all) becomes (r x N + h x S) / (N + S), ``h`` the prior's monthly hazard and ``S`` its strength in
    worker-months (``strength_months`` x the council's own worker-months a month, so the weights are
    months observed : ``strength_months``), and every permanent cell's posterior mean is scaled by the same
    factor (the cells keep their pattern across groups and tenure bands, and their strengths); the leaving
    level is as sure as the leavers and the prior's h x S pseudo-leavers together. Only the permanent
    leaving is pooled: the panel has no agency leaving rate, and hiring answers the council's own gap (DfE's
    starters also count conversions, which the model counts apart). Without it (the default) the hazards are
    the council's own records' alone."""
    if as_at != month_end(as_at):
        raise ValueError(f"the forecast's as-at date must be the last day of a month; got {as_at}")
    begins = begins or records_begin(frames, la_code)
    if begins is None:
        raise ValueError(f"council {la_code} has no workforce records to forecast from")
    back = as_at.year * 12 + as_at.month - 1 - history_months
    earliest = month_end(date(back // 12, back % 12 + 1, 1))
    first = max(month_end(begins - timedelta(days=1)), earliest)
    days = _month_ends(first, as_at)
    if len(days) < 2:
        raise ValueError(f"council {la_code}'s records begin {begins}: too little history before {as_at}")
    # nothing after the as-at date: engagements starting after it are dropped, end dates after it are open
    cut = _cut(frames, la_code, as_at)
    snap = _with_cells(_snapshots(cut, la_code, days))
    n_cells = len(CELLS)
    months_observed = len(days) - 1
    prev = snap.filter(pl.col("day") < as_at)
    nxt = snap.select(
        "engagement_key",
        day=pl.col("day"),
        group_next=pl.col("group"),
        contract_next=pl.col("contract"),
    )
    day_index = {d: i for i, d in enumerate(days)}
    following = pl.DataFrame({"day": days[:-1], "next_day": days[1:]}, schema={"day": pl.Date, "next_day": pl.Date})
    perm_starts = (
        cut.engagements.filter((pl.col("la_code") == la_code) & ~pl.col("agency"))
        .select("person_key", perm_start="start_date")
        .drop_nulls()
    )
    trans = (
        prev.join(following, on="day")
        .join(nxt.rename({"day": "next_day"}), on=["engagement_key", "next_day"], how="left")
        .with_columns(
            left=pl.col("end_date").is_not_null() & (pl.col("end_date") <= pl.col("next_day")),
        )
    )
    converted = (
        trans.filter(pl.col("left") & (pl.col("contract") == 1))
        .join(perm_starts, on="person_key")
        .filter(
            (pl.col("perm_start") >= pl.col("end_date") - timedelta(days=1))
            & (pl.col("perm_start") <= pl.col("end_date") + CONVERSION_WINDOW)
        )
        .select("engagement_key", "day")
        .unique()
        .with_columns(converted=pl.lit(True))
    )
    trans = trans.join(converted, on=["engagement_key", "day"], how="left").with_columns(
        converted=pl.col("converted").fill_null(False)
    )
    # exposure: rows that either left or are seen at the next month end (a gap in the assignments is neither)
    trans = trans.filter(pl.col("left") | pl.col("group_next").is_not_null())
    leaver = pl.col("left") & ~pl.col("converted")
    cells = trans.group_by("cell").agg(exposure=pl.len(), events=leaver.sum()).sort("cell")
    exposure = np.zeros(n_cells)
    events = np.zeros(n_cells)
    for cell, n, k in cells.iter_rows():
        exposure[cell] += n
        events[cell] += k
    # pooled hazards: cell -> its group and contract's rate -> the contract's rate
    hazard_a, hazard_b = np.zeros(n_cells), np.zeros(n_cells)
    for contract in (0, 1):
        in_contract = CELL_CONTRACT == contract
        contract_rate = _rate(events[in_contract].sum(), exposure[in_contract].sum(), 0.012 if contract == 0 else 0.06)
        for group in range(len(GROUPS)):
            idx = np.flatnonzero(in_contract & (CELL_GROUP == group))
            if not idx.size:
                continue
            if exposure[idx].sum() > 0:
                ga, gb = _beta_pool(np.array([events[idx].sum()]), np.array([exposure[idx].sum()]), contract_rate)
                group_rate = float(ga[0] / (ga[0] + gb[0]))
            else:
                group_rate = contract_rate
            a, b = _beta_pool(events[idx], exposure[idx], group_rate)
            hazard_a[idx], hazard_b[idx] = a, b
    # over-dispersion of monthly leavers by contract
    hazard_mean = hazard_a / (hazard_a + hazard_b)
    monthly = trans.group_by("day", "cell").agg(n=pl.len(), k=leaver.sum()).sort("day", "cell")  # sums in one order
    shock_var = np.zeros(2)
    leave_level = np.zeros(2)
    phis = np.ones(2)
    for contract in (0, 1):
        per_month = np.zeros(months_observed)
        expected = np.zeros(months_observed)
        for day, cell, n, k in monthly.iter_rows():
            if CELL_CONTRACT[cell] == contract:
                per_month[day_index[day]] += k
                expected[day_index[day]] += n * hazard_mean[cell]
        phi = _dispersion(per_month, expected)
        mu = float(expected.mean()) if expected.size else 0.0
        shock_var[contract] = (phi - 1.0) / mu if mu > 0 else 0.0
        # the contract's leaving level is as sure as its leavers allow (a quasi-Poisson's: events / dispersion)
        leave_level[contract] = float(events[CELL_CONTRACT == contract].sum()) / phi
        phis[contract] = phi
    if prior is not None:  # the permanent leaving hazard pooled toward DfE's published rate
        hazard_a, hazard_b, pooled_events = _pool_toward(prior, hazard_a, hazard_b, events, exposure, months_observed)
        leave_level[0] = pooled_events / phis[0]
    # conversions per agency cell (Beta(0.5, 0.5) prior on the group's rate, cells share it)
    convert_a, convert_b = np.zeros(n_cells), np.ones(n_cells)
    conv = trans.filter(pl.col("contract") == 1).group_by("g2").agg(n=pl.len(), k=pl.col("converted").sum())
    for g2, n, k in conv.iter_rows():
        idx = np.flatnonzero((CELL_CONTRACT == 1) & (CELL_GROUP == g2))
        convert_a[idx], convert_b[idx] = 0.5 + k, 0.5 + n - k
    no_agency = np.flatnonzero((CELL_CONTRACT == 1) & (convert_a == 0))
    convert_a[no_agency], convert_b[no_agency] = 0.5, 0.5 + 1000.0  # no agency history: near 0, uncertain
    # ASYE progression
    nq = trans.filter((pl.col("contract") == 0) & (pl.col("group") == 0) & pl.col("group_next").is_not_null())
    progressed = pl.col("group_next") != 0
    due = nq.filter(pl.col("tenure") == NQSW_COHORTS - 2)
    ext = nq.filter(pl.col("tenure") >= NQSW_COHORTS - 1)
    progress_a = np.array([1.0 + due.filter(progressed).height, 1.0 + ext.filter(progressed).height])
    progress_b = np.array(
        [1.0 + due.height - due.filter(progressed).height, 1.0 + ext.height - ext.filter(progressed).height]
    )
    # promotion
    promote_a, promote_b = np.zeros(2), np.zeros(2)
    for kind, group in enumerate((1, 2)):
        pool = trans.filter(
            (pl.col("contract") == 0)
            & (pl.col("group") == group)
            & (pl.col("tenure") >= 24)
            & pl.col("group_next").is_not_null()
        )
        up = pool.filter(pl.col("group_next") > group).height
        promote_a[kind], promote_b[kind] = 0.5 + up, 0.5 + pool.height - up
    # origin state at as_at
    origin = snap.filter(pl.col("day") == as_at)
    stock = np.zeros(n_cells, dtype=np.int64)
    fte_sum = np.zeros(n_cells)
    for cell, n, f in origin.group_by("cell").agg(n=pl.len(), f=pl.col("fte").sum().round(FTE_DIGITS)).iter_rows():
        stock[cell] += n
        fte_sum[cell] += f
    fte_per_head = np.ones(n_cells)
    fte_sd = np.zeros(2)  # pooled within groups; each group's FTEs sorted first, so no sum depends on row order
    for contract in (0, 1):
        squares, heads, groups = 0.0, 0, 0
        for group in range(len(GROUPS)):
            values = np.sort(origin.filter((pl.col("contract") == contract) & (pl.col("group") == group))["fte"])
            if values.size:
                squares += float(((values - values.sum() / values.size) ** 2).sum())
                heads, groups = heads + values.size, groups + 1
        if heads > groups:
            fte_sd[contract] = round(float(np.sqrt(squares / (heads - groups))), FTE_DIGITS)
    for contract in (0, 1):
        for group in range(len(GROUPS)):
            idx = np.flatnonzero((CELL_CONTRACT == contract) & (CELL_GROUP == group))
            if idx.size and stock[idx].sum() > 0:
                fte_per_head[idx] = fte_sum[idx].sum() / stock[idx].sum()
    # hiring streams: starters in post at the end of the month they began, conversions apart
    conversions = trans.filter("converted").select("person_key", conv_end="end_date")
    new = snap.filter(
        pl.col("start_date").is_not_null()
        & (pl.col("day") > days[0])
        & (pl.col("start_date") > pl.col("day").dt.offset_by("-1mo").dt.month_end())
    )
    from_agency = (
        new.filter(pl.col("contract") == 0)
        .join(conversions, on="person_key")
        .filter(
            (pl.col("start_date") >= pl.col("conv_end") - timedelta(days=1))
            & (pl.col("start_date") <= pl.col("conv_end") + CONVERSION_WINDOW)
        )
        .select("engagement_key")
        .unique()
    )
    route = (
        pl.when(pl.col("contract") == 1)
        .then(pl.lit("agency"))
        .when(pl.col("start_origin") == NQ_ORIGIN)
        .then(pl.lit("nqsw"))
        .when(pl.col("start_origin") == INTERNATIONAL_ORIGIN)
        .then(pl.lit("international"))
        .otherwise(pl.lit("experienced"))
    )
    starters = new.join(from_agency, on="engagement_key", how="anti").with_columns(route=route)
    streams_counts: dict[tuple[int, str], np.ndarray] = {}
    for day, cell_, route_ in starters.select("day", "cell", "route").iter_rows():
        c, g, _ = CELLS[cell_]
        entry = cell_index(c, g, 0)
        streams_counts.setdefault((entry, route_), np.zeros(months_observed))[day_index[day] - 1] += 1
    streams = tuple(sorted(streams_counts))
    counts = np.array([streams_counts[s] for s in streams]).reshape(len(streams), months_observed)
    contract_of = np.array([CELL_CONTRACT[cell] for cell, _ in streams], dtype=np.int64)
    # establishment, cases, prior leavers
    perm_fte = round(float(origin.filter(pl.col("contract") == 0)["fte"].sort().sum()), FTE_DIGITS)
    establishment = _establishment(cut, la_code, as_at, perm_fte)
    cases, case_share = _cases(cut, la_code, as_at, origin)
    leavers_by_month = np.zeros((2, months_observed))
    monthly_leavers = trans.filter(leaver).group_by("day", "contract").agg(f=pl.col("fte").sum().round(FTE_DIGITS))
    for day, contract, f in monthly_leavers.iter_rows():
        leavers_by_month[contract, day_index[day]] = f
    converted_by_month = np.zeros(months_observed)
    monthly_conversions = trans.filter("converted").group_by("day").agg(f=pl.col("fte").sum().round(FTE_DIGITS))
    for day, f in monthly_conversions.iter_rows():
        converted_by_month[day_index[day]] = f
    # the posts each month's leavers and conversions leave to fill (a conversion fills a permanent post)
    opened = np.stack([leavers_by_month[0] - converted_by_month, leavers_by_month[1] + converted_by_month])
    # recruiting to the gap, and the hires' dispersion given the gap (the regression's residuals)
    on_establishment = bool(cut.posts.height) and establishment is not None
    agency_fte = round(float(origin.filter(pl.col("contract") == 1)["fte"].sort().sum()), FTE_DIGITS)
    cover, cover_basis = _agency_cover(cut, as_at, establishment, perm_fte, agency_fte)
    gaps, held = _gaps(cut, days, snap, opened, on_establishment, establishment, perm_fte, agency_fte, cover)
    feedback, feedback_se, feedback_gap = np.zeros(2), np.zeros(2), np.zeros(2)
    hire_dispersion = np.ones(2)
    for contract in (0, 1):
        total = counts[contract_of == contract].sum(axis=0)
        fit = _feedback(gaps[contract][held[contract]], total[held[contract]])
        feedback[contract], feedback_se[contract], feedback_gap[contract], residual_ratio = fit
        hire_dispersion[contract] = (
            residual_ratio
            if residual_ratio is not None
            else _dispersion(total, np.full(months_observed, total.mean()), floor=0.0)
        )
    if bool(cut.posts.height) and establishment is None:  # posts held before but not now: no reference
        feedback[0] = feedback_se[0] = feedback_gap[0] = 0.0
        total = counts[contract_of == 0].sum(axis=0)
        hire_dispersion[0] = _dispersion(total, np.full(months_observed, total.mean()), floor=0.0)
    # the PQE of the agency placements started in the history (the window the hiring streams are estimated on)
    started = cut.agency_placements.filter(pl.col("start") > days[0])
    pqe = np.sort(started["pqe_years"].drop_nulls().to_numpy().astype(np.float64))
    # each stream's monthly mean: a Gamma posterior widened (or narrowed) by its contract's dispersion
    phi_s = np.maximum(hire_dispersion[contract_of], MIN_HIRE_DISPERSION)
    stream_shape = (0.5 + counts.sum(axis=1)) / phi_s
    stream_rate = np.full(len(streams), 1.0 + months_observed) / phi_s
    hire_shock_var = np.zeros(2)
    for contract in (0, 1):
        mu = float(counts[contract_of == contract].sum()) / months_observed
        hire_shock_var[contract] = (hire_dispersion[contract] - 1.0) / mu if mu > 0 else 0.0
    hire_shock_var = np.maximum(hire_shock_var, 0.0)
    prior_fte = np.zeros(11)
    tail = leavers_by_month[0, -11:]
    prior_fte[11 - tail.shape[0] :] = tail
    return Parameters(
        la_code=la_code,
        as_at=as_at,
        history_from=days[0],
        months_observed=months_observed,
        stock=stock,
        fte_per_head=fte_per_head,
        leave_events=events,
        leave_exposure=exposure,
        hazard_a=hazard_a,
        hazard_b=hazard_b,
        shock_var=shock_var,
        leave_level=leave_level,
        fte_sd=fte_sd,
        convert_a=convert_a,
        convert_b=convert_b,
        progress_a=progress_a,
        progress_b=progress_b,
        promote_a=promote_a,
        promote_b=promote_b,
        streams=streams,
        stream_counts=counts.sum(axis=1),
        stream_shape=np.asarray(stream_shape, dtype=np.float64),
        stream_rate=np.asarray(stream_rate, dtype=np.float64),
        hire_shock_var=hire_shock_var,
        hire_dispersion=hire_dispersion,
        establishment_fte=establishment,
        feedback=feedback,
        feedback_se=feedback_se,
        feedback_gap=feedback_gap,
        gap_to_establishment=on_establishment,
        cases=cases,
        case_share=case_share,
        prior_leavers_fte=prior_fte,
        prior=prior,
        agency_cover=cover,
        agency_cover_basis=cover_basis,
        agency_pqe_years=pqe,
        agency_pqe_unknown=int(started["pqe_years"].null_count()),
    )


def _agency_cover(
    frames: CouncilFrames, as_at: date, establishment: float | None, perm_fte: float, agency_fte: float
) -> tuple[float, str | None]:
    """The agency FTE engaged per FTE of posts the permanent workforce leaves uncovered, and its basis (see the
    module docstring): the census share of vacancies agency workers cover (the latest ``figures`` in the year
    to ``as_at`` with vacancies above 0 and the agency cover given), "census"; else the agency FTE over the
    vacancies (establishment less permanent FTE, above 0), "vacancies"; else 1, "workforce". Each at most 1;
    0 (basis None) without agency workers at the as-at date."""
    if agency_fte <= 0:
        return 0.0, None
    year_before = as_at - timedelta(days=365)
    figures = frames.figures.filter(
        (pl.col("on") <= as_at)
        & (pl.col("on") > year_before)
        & (pl.col("vacancies_fte") > 0)
        & pl.col("agency_cover_fte").is_not_null()
    ).sort("on")
    if figures.height:
        row = figures.row(-1, named=True)
        return min(max(float(row["agency_cover_fte"]) / float(row["vacancies_fte"]), 0.0), 1.0), "census"
    if establishment is not None and establishment - perm_fte > 0:
        return min(agency_fte / (establishment - perm_fte), 1.0), "vacancies"
    return 1.0, "workforce"


def _gaps(
    frames: CouncilFrames,
    days: Sequence[date],
    snap: pl.DataFrame,
    opened: np.ndarray,
    on_establishment: bool,
    establishment: float | None,
    perm_fte: float,
    agency_fte: float,
    cover: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Each contract's gap in each month of the history (2 x months) and the months it is known, as the paths
    make it (``paths``: the reference less the contract's FTE at the month's start, plus ``opened``, the FTE
    the month's leavers and conversions leave to fill). The permanent reference is the funded posts where
    held (months without them are left out), else 0 (the workforce against its own level). The agency
    reference is ``paths.agency_reference``: the as-at date's agency FTE plus ``cover`` x the change since
    in the posts the permanent workforce leaves uncovered after the month's flows (the funded posts that
    month, on the establishment, less that permanent FTE; else the permanent FTE's fall alone)."""
    months = len(days) - 1
    by_contract = snap.group_by("day", "contract").agg(f=pl.col("fte").sum().round(FTE_DIGITS))
    level = np.zeros((2, months))
    index = {day: i for i, day in enumerate(days[:-1])}
    for day, contract, f in by_contract.iter_rows():
        if day in index:
            level[contract, index[day]] = f
    held = np.ones((2, months), dtype=bool)
    posts = np.zeros(months)
    if frames.posts.height:
        posts = np.array(
            [float(frames.posts.filter(covers_expr(pl.lit(day)))["funded_fte"].sum()) for day in days[:-1]]
        )
        held[0] = posts > 0
    constant = np.full(months, agency_fte + cover * perm_fte)
    if on_establishment:
        assert establishment is not None
        constant += cover * (posts - establishment)
        held[1] = posts > 0
    agency_ref = engine_module.agency_reference(constant, cover, level[0], opened[0])
    gaps = np.stack([posts - level[0] + opened[0], agency_ref - level[1] + opened[1]])
    return gaps, held


def _feedback(gap: np.ndarray, starters: np.ndarray) -> tuple[float, float, float, float | None]:
    """The slope of a contract's monthly starters on its gap (:func:`_gaps`: the posts to fill that month), by
    least squares, its standard error and the mean gap. The fourth value is the starters' dispersion given
    the gap: the residual variance (n - 2 degrees of freedom) over the mean starters, within [0,
    MAX_DISPERSION]. (0, 0, 0, None) with fewer than 6 months or no variation; a negative slope is taken as 0
    (no response), and then so is the dispersion (None: the caller measures it about the mean)."""
    y = starters
    if gap.shape[0] < 6 or float(gap.var()) <= 0:
        return 0.0, 0.0, 0.0, None
    x = gap - gap.mean()
    slope = float((x * (y - y.mean())).sum() / (x * x).sum())
    if slope <= 0:
        return 0.0, 0.0, 0.0, None
    residual = y - y.mean() - slope * x
    variance = float((residual**2).sum() / (gap.shape[0] - 2))
    se = float(np.sqrt(variance / (x * x).sum()))
    ratio = min(variance / float(y.mean()), MAX_DISPERSION) if y.mean() > 0 else 1.0
    return slope, se, float(gap.mean()), ratio


def _pool_toward(
    prior: PanelPrior,
    hazard_a: np.ndarray,
    hazard_b: np.ndarray,
    events: np.ndarray,
    exposure: np.ndarray,
    months: int,
) -> tuple[np.ndarray, np.ndarray, float]:
    """The permanent cells' Beta posteriors with their exposure-weighted mean (the council's own rate, ``r``,
    over ``N`` worker-months) moved to the pooled rate (r x N + h x S) / (N + S) (see :func:`estimate`), and
    the leavers plus pseudo-leavers h x S. With no permanent exposure every permanent cell takes ``h``."""
    perm = CELL_CONTRACT == 0
    own_events, own_exposure = float(events[perm].sum()), float(exposure[perm].sum())
    h = prior.monthly_hazard
    strength = prior.strength_months * own_exposure / months
    a, b = hazard_a.copy(), hazard_b.copy()
    total = a + b
    mean = np.divide(a, total, out=np.zeros_like(a), where=total > 0)
    own = float(exposure[perm] @ mean[perm]) / own_exposure if own_exposure > 0 else 0.0
    pooled = (own * own_exposure + h * strength) / (own_exposure + strength) if own_exposure > 0 else h
    if own > 0:
        new_mean = np.minimum(mean[perm] * pooled / own, 1 - 1e-6)
    else:  # no permanent exposure: every permanent cell takes the prior's hazard
        new_mean = np.full(int(perm.sum()), pooled)
    a[perm] = new_mean * total[perm]
    b[perm] = total[perm] - a[perm]
    return a, b, own_events + h * strength


def _rate(events: float, exposure: float, fallback: float) -> float:
    return float(events / exposure) if exposure > 0 else fallback


def _cut(frames: CouncilFrames, la_code: str, as_at: date) -> CouncilFrames:
    """The council's frames as known at ``as_at``: engagements and assignments starting after it dropped, end
    dates after it open, caseloads, posts and figures dated after it dropped."""
    la = pl.col("la_code") == la_code
    after = pl.lit(as_at)
    engagements = frames.engagements.filter(
        la & (pl.col("start_date").is_null() | (pl.col("start_date") <= after))
    ).with_columns(
        end_date=pl.when(pl.col("end_date") > after).then(None).otherwise(pl.col("end_date")),
        reason_leave=pl.when(pl.col("end_date") > after).then(None).otherwise(pl.col("reason_leave")),
    )
    assignments = frames.assignments.filter(la & (pl.col("effective_from") <= after)).with_columns(
        effective_to=pl.when(pl.col("effective_to") >= after).then(None).otherwise(pl.col("effective_to"))
    )
    return CouncilFrames.of(
        councils=frames.councils.filter(la),
        engagements=engagements,
        assignments=assignments,
        caseloads=frames.caseloads.filter(la & (pl.col("on") <= after)),
        figures=frames.figures.filter(la & (pl.col("on") <= after)),
        posts=frames.posts.filter(la & (pl.col("effective_from") <= after)),
        programmes=frames.programmes.filter(la & (pl.col("start") <= after)).with_columns(
            end=pl.when(pl.col("end") > after).then(None).otherwise(pl.col("end"))
        ),
        agency_placements=frames.agency_placements.filter(la & (pl.col("start") <= after)).with_columns(
            end=pl.when(pl.col("end") > after).then(None).otherwise(pl.col("end")),
            converted_on=pl.when(pl.col("converted_on") > after).then(None).otherwise(pl.col("converted_on")),
        ),
    )


def _establishment(frames: CouncilFrames, la_code: str, as_at: date, perm_fte: float) -> float | None:
    posts = frames.posts.filter(covers_expr(pl.lit(as_at)))
    if posts.height:
        return float(posts["funded_fte"].sum())
    figures = frames.figures.filter((pl.col("on") == as_at) & pl.col("vacancies_fte").is_not_null())
    if figures.height:
        return perm_fte + float(figures["vacancies_fte"][-1])
    return None


def _cases(frames: CouncilFrames, la_code: str, as_at: date, origin: pl.DataFrame) -> tuple[float | None, np.ndarray]:
    share = np.zeros(len(CELLS))
    snapshots = (
        frames.caseloads.filter((pl.col("on") <= as_at) & (pl.col("on") >= as_at - timedelta(days=31)))
        .sort("on")
        .group_by("engagement_key")
        .agg(cases=pl.col("cases").last())
    )
    held = origin.join(snapshots, on="engagement_key")
    if not held.height:
        return None, share
    for contract in (0, 1):
        for group in range(len(GROUPS)):
            rows = origin.filter((pl.col("contract") == contract) & (pl.col("group") == group))
            total = round(float(rows["fte"].sort().sum()), FTE_DIGITS)
            holding_rows = held.filter(
                (pl.col("contract") == contract) & (pl.col("group") == group) & (pl.col("cases") > 0)
            )
            holding = round(float(holding_rows["fte"].sort().sum()), FTE_DIGITS)
            idx = np.flatnonzero((CELL_CONTRACT == contract) & (CELL_GROUP == group))
            share[idx] = holding / total if total > 0 else 0.0
    return float(held["cases"].sum()), share


# ---- forecasting ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Forecast:
    """Every output's paths (shape (paths, months)) by month end after the as-at date. A measure the records
    cannot give (vacancies without an establishment, caseload without caseloads) is absent from ``paths``."""

    parameters: Parameters
    scenario: Scenario
    months: tuple[date, ...]
    paths: Mapping[str, np.ndarray]
    group_fte: np.ndarray  # (paths, months, contract, group)

    @property
    def agency_rules_share(self) -> float | None:
        """The share of agency starters the scenario's agency rules exclude (the posterior mean of the share
        under ``min_pqe_years`` of the agency placements started in the history whose PQE is recorded); None
        when the scenario has no agency rules or the records hold no placement's PQE, so the rules changed
        nothing and the caller should say that the share is not known."""
        rules = self.scenario.agency_rules
        if rules is None:
            return None
        under, known = self.parameters.agency_under_pqe(rules.min_pqe_years)
        return (under + 0.5) / (known + 1.0) if known else None

    def summary(self) -> pl.DataFrame:
        """One row per month and measure: month, measure, median, lower80, upper80 (10th and 90th
        percentiles of the paths). Worked out once per forecast (the paths do not change)."""
        made: pl.DataFrame | None = self.__dict__.get("_summary")
        if made is None:
            made = self._summary()
            self.__dict__["_summary"] = made  # not a field: a frozen dataclass's own cache
        return made

    def _summary(self) -> pl.DataFrame:
        rows: list[tuple[date, str, float, float, float]] = []
        low, high = (1 - BAND_RATIO) / 2 * 100, (1 + BAND_RATIO) / 2 * 100
        for measure, values in self.paths.items():
            q = np.nanpercentile(values, [50, low, high], axis=0)
            rows.extend(
                (month, measure, float(q[0, i]), float(q[1, i]), float(q[2, i])) for i, month in enumerate(self.months)
            )
        return pl.DataFrame(
            rows,
            schema={
                "month": pl.Date,
                "measure": pl.String,
                "median": pl.Float64,
                "lower80": pl.Float64,
                "upper80": pl.Float64,
            },
            orient="row",
        )

    def probability(
        self, measure: str, deadline: date, *, at_least: float | None = None, at_most: float | None = None
    ) -> float:
        """The share of paths meeting the target at the month of ``deadline`` (its month end): ``measure`` at
        least ``at_least`` and/or at most ``at_most``."""
        if measure not in self.paths:
            raise KeyError(f"{measure!r} is not forecast for this council; forecast: {sorted(self.paths)}")
        if at_least is None and at_most is None:
            raise ValueError("give at_least or at_most")
        target = month_end(deadline)
        if target not in self.months:
            raise ValueError(f"the deadline {deadline} is outside the forecast ({self.months[0]} to {self.months[-1]})")
        values = self.paths[measure][:, self.months.index(target)]
        ok = np.ones(values.shape[0], dtype=bool)
        if at_least is not None:
            ok &= values >= at_least
        if at_most is not None:
            ok &= values <= at_most
        return float(ok.mean())


def forecast_months(as_at: date, months: int) -> tuple[date, ...]:
    out, day = [], as_at
    for _ in range(months):
        day = month_end(day + timedelta(days=1))
        out.append(day)
    return tuple(out)


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def build_engine(parameters: Parameters, scenario: Scenario, months: int) -> Engine:
    """The engine's arrays for ``parameters`` under ``scenario`` over ``months`` months."""
    scenario.check()
    n_cells = len(CELLS)
    dates = forecast_months(parameters.as_at, months)
    keys = [_month_key(d) for d in dates]
    multiplier = np.ones(n_cells)
    for cell, (contract, group, _) in enumerate(CELLS):
        for key in (CONTRACTS[contract], GROUPS[group], f"{CONTRACTS[contract]}:{GROUPS[group]}"):
            if key in scenario.leaving_multipliers:
                multiplier[cell] = scenario.leaving_multipliers[key]  # later keys are more specific
    planned = np.zeros((months, n_cells), dtype=np.int64)
    for hire in scenario.hires:
        group = GROUPS.index(hire.group or ("nqsw" if hire.route in NEWLY_QUALIFIED_ROUTES else "social_worker"))
        contract = 1 if hire.route == "agency" else 0
        cell = cell_index(contract, group, 0)
        for i, day in enumerate(dates):
            if hire.calendar_month == day.month or hire.month == keys[i]:
                planned[i, cell] += hire.count
    conversions = np.zeros((months, 3), dtype=np.int64)
    for conv in scenario.conversions:
        g = GROUPS.index(conv.group) - 1
        for i, key in enumerate(keys):
            if (conv.start is None or key >= conv.start) and (conv.end is None or key <= conv.end):
                conversions[i, g] += conv.count
    stream_cell = np.array([cell for cell, _ in parameters.streams], dtype=np.int64)
    rules_from, rules_a, rules_b = _agency_rules(parameters, scenario, months)
    return Engine(
        stock=parameters.stock,
        fte_per_head=parameters.fte_per_head,
        hazard_a=parameters.hazard_a,
        hazard_b=parameters.hazard_b,
        leave_multiplier=np.broadcast_to(multiplier, (months, n_cells)).copy(),
        shock_var=parameters.shock_var,
        leave_level=parameters.leave_level,
        fte_sd=parameters.fte_sd,
        convert_a=parameters.convert_a,
        convert_b=parameters.convert_b,
        progress_a=parameters.progress_a,
        progress_b=parameters.progress_b,
        promote_a=parameters.promote_a,
        promote_b=parameters.promote_b,
        stream_cell=stream_cell,
        stream_shape=parameters.stream_shape,
        stream_rate=parameters.stream_rate,
        hire_shock_var=parameters.hire_shock_var,
        hire_dispersion=parameters.hire_dispersion,
        planned_hires=planned,
        planned_conversions=conversions,
        case_share=parameters.case_share,
        reference=_reference(parameters, scenario, months),
        feedback=parameters.feedback,
        feedback_se=parameters.feedback_se,
        feedback_gap=parameters.feedback_gap,
        agency_cover=parameters.agency_cover,
        agency_rules_from=rules_from,
        agency_rules_a=rules_a,
        agency_rules_b=rules_b,
    )


def establishment_by_month(parameters: Parameters, scenario: Scenario, months: int) -> np.ndarray | None:
    """The funded establishment FTE at each forecast month end (held constant, plus the scenario's changes)."""
    if parameters.establishment_fte is None:
        return None
    keys = [_month_key(d) for d in forecast_months(parameters.as_at, months)]
    out = np.full(months, parameters.establishment_fte)
    for change in scenario.establishment:
        out += np.array([change.fte if key >= change.month else 0.0 for key in keys])
    return out


def _reference(parameters: Parameters, scenario: Scenario, months: int) -> np.ndarray:
    """Each contract's reference level by month (see ``paths.Engine``): the permanent establishment where held
    (with the scenario's changes), else 0; for agency workers the constant of ``paths.agency_reference``: the
    as-at date's agency FTE plus the agency cover x (the permanent FTE then plus the scenario's establishment
    changes, where the permanent gap is to the establishment), as :func:`_gaps` makes it for the history."""
    out = np.zeros((months, 2))
    fte = parameters.stock * parameters.fte_per_head
    perm_fte, agency_fte = float(fte[CELL_CONTRACT == 0].sum()), float(fte[CELL_CONTRACT == 1].sum())
    out[:, 1] = agency_fte + parameters.agency_cover * perm_fte
    establishment = establishment_by_month(parameters, scenario, months)
    if establishment is not None and parameters.gap_to_establishment:
        assert parameters.establishment_fte is not None
        out[:, 0] = establishment
        out[:, 1] += parameters.agency_cover * (establishment - parameters.establishment_fte)
    return out


def _agency_rules(parameters: Parameters, scenario: Scenario, months: int) -> tuple[int | None, float, float]:
    """The scenario's agency rules for the engine: the first month (0-based) they apply, and the Beta
    posterior (Jeffreys prior) of the share of agency starters they exclude; (None, 0, 0) with no rules, no
    month of the forecast on or after ``from_month``, or no PQE held (the share is not known)."""
    rules = scenario.agency_rules
    if rules is None:
        return None, 0.0, 0.0
    under, known = parameters.agency_under_pqe(rules.min_pqe_years)
    keys = [_month_key(d) for d in forecast_months(parameters.as_at, months)]
    first = next((i for i, key in enumerate(keys) if key >= rules.from_month), None)
    if known == 0 or first is None:
        return None, 0.0, 0.0
    return first, under + 0.5, known - under + 0.5


def outputs(parameters: Parameters, scenario: Scenario, run: Run) -> dict[str, np.ndarray]:
    """Each measure's paths from a run (a pure function of the run, the parameters and the scenario)."""
    months = run.perm_fte.shape[1]
    perm, agency = run.perm_fte, run.agency_fte
    total = perm + agency
    with np.errstate(divide="ignore", invalid="ignore"):
        out: dict[str, np.ndarray] = {
            "inpost_fte": perm,
            "inpost_headcount": run.perm_heads.astype(np.float64),
            "agency_fte": agency,
            "agency_headcount": run.agency_heads.astype(np.float64),
            "agency_rate_fte": np.where(total > 0, agency / total * 100, np.nan),
            "permanency_rate_fte": np.where(total > 0, perm / total * 100, np.nan),
        }
        establishment = establishment_by_month(parameters, scenario, months)
        if establishment is not None:
            vacancies = np.maximum(establishment[None, :] - perm, 0.0)
            out["vacancy_fte"] = vacancies
            out["vacancy_rate_fte"] = np.where(vacancies + perm > 0, vacancies / (vacancies + perm) * 100, np.nan)
        out["starters_fte"] = run.starters_fte
        out["leavers_fte"] = run.leavers_fte
        history = np.broadcast_to(parameters.prior_leavers_fte, (perm.shape[0], 11))
        joined = np.concatenate([history, run.leavers_fte], axis=1)
        cumulative = np.concatenate([np.zeros((perm.shape[0], 1)), np.cumsum(joined, axis=1)], axis=1)
        rolling = cumulative[:, 12:] - cumulative[:, :-12]
        out["turnover_rate_fte"] = np.where(perm > 0, rolling / perm * 100, np.nan)
        if parameters.cases is not None:
            holding = run.case_holding_fte
            out["caseload_fte"] = np.where(holding > 0, parameters.cases / holding, np.nan)
    return out


def forecast(
    frames: CouncilFrames,
    la_code: str,
    *,
    as_at: date,
    months: int = 36,
    paths: int = 1000,
    seed: int = 0,
    scenario: Scenario = BASELINE,
    parameters: Parameters | None = None,
    prior: PanelPrior | None = None,
) -> Forecast:
    """Forecast council ``la_code`` ``months`` months on from ``as_at`` with ``paths`` Monte Carlo paths under
    ``scenario``; the same arguments and seed give the same paths. ``parameters`` (from :func:`estimate`)
    skips the estimation, e.g. to run several scenarios on one estimate; ``prior`` is passed to
    :func:`estimate` (ignored with ``parameters``)."""
    if months < 1 or paths < 1:
        raise ValueError(f"months and paths must be at least 1; got months={months}, paths={paths}")
    params = parameters if parameters is not None else estimate(frames, la_code, as_at=as_at, prior=prior)
    engine = build_engine(params, scenario, months)
    run = engine_module.simulate(engine, paths=paths, seed=seed)
    return Forecast(
        parameters=params,
        scenario=scenario,
        months=forecast_months(params.as_at, months),
        paths=outputs(params, scenario, run),
        group_fte=run.group_fte,
    )


__all__ = [
    "BASELINE",
    "AgencyRules",
    "MEASURES",
    "EstablishmentChange",
    "Forecast",
    "PanelPrior",
    "Parameters",
    "PlannedConversions",
    "PlannedHires",
    "Scenario",
    "band_of",
    "build_engine",
    "estimate",
    "forecast",
    "outputs",
    "panel_prior",
    "records_begin",
]
