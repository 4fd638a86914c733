"""Disclosure control for tables of counts: primary and complementary suppression that subtraction cannot undo.

A table (or several tables that share margins: sex by role, age by role and ethnicity by role share each role's
headcount and the council's total) is a :class:`Problem`: every cell's value, the equations ``total = sum of
parts`` that hold between them (rows, columns, and margins shared between tables, each shared cell under one
key), the cells the audience knows anyway (``public``: a council's total, published as a DfE measure on every
page; a manager's own teams) and the cells it never sees (``absent``: the teams outside a manager's own, known to
them only as the total less their teams).

:func:`protect` withholds

1. **primary** cells: counts from 1 to ``SMALL_NUMBER_THRESHOLD`` - 1 (1 to 4). Zero is shown (DfE publishes
   zeros; a zero says nothing about a person that "fewer than 5" protects), and an absent cell is never shown
   but is protected like a primary one when it is small;
2. **complementary** cells, until no withheld cell can be worked out from what is shown: first, in every
   equation with exactly one withheld cell, the next-smallest shown cell of that equation (a positive count
   before a zero, since withheld zeros beside a known total are pinned by non-negativity; then inner cells
   before totals); then, while any withheld cell is still determined by the equations taken together (across
   rows, columns and linked tables at once: :func:`recoverable`), the next-smallest shown cell of an equation it
   is in. Both steps repeat to a fixed point.

:func:`recoverable` is the attack: exact linear algebra over the rationals (a withheld cell is recovered when
the equations, with every shown value put in, fix it) and non-negativity (withheld cells of an equation whose
remainder is 0 are all 0), repeated until nothing more is found. Derived figures (percentages, FTE, cases,
averages) are not cells: their callers withhold them with the count they come from, and a percentage also with
its denominator, since a percentage and its count give the denominator (8 is 80.0% of 10).

``withhold_*`` apply this to the workforce profile tables of ``measures.profile`` (docs/profile.md, "Small
numbers"): the people in post tables together, leavers by reason and by destination together, starters, and
caseloads by team with the establishment's staffing FTE following the teams withheld. ``people_in_post_withheld``
and ``flows_withheld`` also say which of the strategies' local figures from the same people (``PEOPLE_RATES``,
``FLOW_RATES``) may be shown beside the withheld tables.

``development_withheld`` says which of the strategies' practice and development figures (supervision, reviews,
training, progression, ASYE, placements: ``DEVELOPMENT_FIGURES``) a viewer may not see for a council: a count
is withheld when it is 1 to 4; a percentage when its numerator, its denominator or the denominator less the
numerator is 1 to 4 (so neither the small group nor the rest of it can be told: 3 of 4 reviews rated
successful, 97 of 100 supervision intervals met on time); a mean when the people it is over are 1 to 4. The
counts are the modules' own (``development_counts``). Placement income is money, not people, and is shown.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import pairwise

import polars as pl

from csc_workforce.domain.codes import LeaverDestination, ReasonLeave, StartOrigin
from csc_workforce.domain.periods import Period
from csc_workforce.measures.agency import agency_counts
from csc_workforce.measures.allocations import allocation_counts
from csc_workforce.measures.audits import audit_counts
from csc_workforce.measures.hr_cases import hr_case_measures
from csc_workforce.measures.indicators import indicator_counts
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.local import MANAGER_ROLES
from csc_workforce.measures.placements import placement_counts
from csc_workforce.measures.profile import (
    ALL_ROLES,
    ETHNICITY_BANDS,
    NOT_KNOWN,
    SERVICE_BANDS,
    SMALL_NUMBER_THRESHOLD,
    age_bands_by_role,
    ethnicity_by_role,
    leavers_by_destination,
    leavers_by_reason,
    length_of_service_bands,
    sex_by_role,
    starters_by_origin,
)
from csc_workforce.measures.programmes import RETENTION_YEARS, programme_counts
from csc_workforce.measures.progression import progression_measures
from csc_workforce.measures.recruitment import recruitment_counts
from csc_workforce.measures.supervision import ALL_GROUPS, reviews_by_team, supervision_by_team
from csc_workforce.measures.training import training_counts

Key = Hashable
WITHHELD = "withheld"


def withheld_column(column: str) -> str:
    """The bool column that says which cells of ``column`` are withheld."""
    return f"{column}_{WITHHELD}"


@dataclass(frozen=True)
class Equation:
    """``total = sum(parts)``: a row, a column, or a margin shared between tables."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass
class Problem:
    """Cells (by key, in the order they should be considered) and the equations between them."""

    values: dict[Key, float] = field(default_factory=dict)
    equations: list[Equation] = field(default_factory=list)
    public: set[Key] = field(default_factory=set)
    absent: set[Key] = field(default_factory=set)
    margins: set[Key] = field(default_factory=set)

    def cell(self, key: Key, value: float, *, margin: bool = False, public: bool = False) -> Key:
        """Add a cell, or check a shared one (a margin of two tables) has the same value in both."""
        if key in self.values and self.values[key] != value:
            raise ValueError(
                f"cell {key!r} is shared by two tables with different values: {self.values[key]} and {value}"
            )
        self.values[key] = value
        if margin:
            self.margins.add(key)
        if public:
            self.public.add(key)
        return key

    def equation(self, total: Key, parts: Iterable[Key]) -> None:
        unknown = [k for k in (total, *parts) if k not in self.values]
        if unknown:
            raise ValueError(f"equation names cells not in the problem: {unknown!r}")
        self.equations.append(Equation(total, tuple(parts)))


@dataclass(frozen=True)
class Protection:
    primary: frozenset[Key]
    secondary: frozenset[Key]
    exposed: frozenset[Key]  # withheld cells the public cells alone give away (none in the profile tables)

    @property
    def withheld(self) -> frozenset[Key]:
        return self.primary | self.secondary


def is_small(value: float | None, threshold: int = SMALL_NUMBER_THRESHOLD) -> bool:
    """A count from 1 to ``threshold`` - 1: withheld. Zero and unknown (None) are not."""
    return value is not None and 0 < value < threshold


def protect(problem: Problem, *, threshold: int = SMALL_NUMBER_THRESHOLD) -> Protection:
    """Primary and complementary suppression of ``problem`` to a fixed point (see the module's docstring)."""
    if threshold < 1:
        raise ValueError(f"the suppression threshold must be at least 1; got {threshold}")
    values = problem.values
    order = {key: n for n, key in enumerate(values)}
    primary = {k for k, v in values.items() if is_small(v, threshold) and k not in problem.public}
    hidden = primary | problem.absent
    protected = hidden - (problem.absent - primary)  # an absent cell needs protecting only when small
    by_cell: dict[Key, list[Equation]] = {}
    for eq in problem.equations:
        for key in eq.cells:
            by_cell.setdefault(key, []).append(eq)

    def choose(candidates: Iterable[Key]) -> Key | None:
        shown = [k for k in candidates if k not in hidden and k not in problem.public]
        if not shown:
            return None
        return min(shown, key=lambda k: (values[k] == 0, k in problem.margins, values[k], order[k]))

    exposed: set[Key] = set()
    while True:
        changed = False
        for eq in problem.equations:  # the usual rule: no line with exactly one withheld cell
            withheld = [k for k in eq.cells if k in hidden]
            if len(withheld) == 1 and withheld[0] in protected:
                extra = choose(eq.cells)
                if extra is not None:
                    hidden.add(extra)
                    protected.add(extra)
                    changed = True
        if changed:
            continue
        found = (recoverable(problem, hidden) & protected) - exposed
        for key in sorted(found, key=order.__getitem__):
            extra = choose(k for eq in by_cell.get(key, []) for k in eq.cells)
            if extra is None:
                exposed.add(key)
                continue
            hidden.add(extra)
            protected.add(extra)
            changed = True
            break  # one at a time: the next-smallest cell may protect several
        if not changed:
            break
    secondary = frozenset(hidden - primary - problem.absent)
    return Protection(frozenset(primary - problem.absent), secondary, frozenset(exposed))


def recoverable(problem: Problem, hidden: Iterable[Key]) -> set[Key]:
    """The hidden cells that the shown ones determine, by exact linear algebra and non-negativity, repeated."""
    unknown = [k for k in problem.values if k in set(hidden)]
    known: dict[Key, Fraction] = {k: Fraction(v) for k, v in problem.values.items() if k not in set(unknown)}
    found: set[Key] = set()
    while True:
        rows: list[dict[Key, Fraction]] = []
        constants: list[Fraction] = []
        for eq in problem.equations:
            coefficients: dict[Key, Fraction] = {}
            constant = Fraction(0)  # sum(parts) - total = 0, known values moved to the right
            for key, sign in ((eq.total, -1), *((p, 1) for p in eq.parts)):
                if key in known:
                    constant -= sign * known[key]
                else:
                    coefficients[key] = coefficients.get(key, Fraction(0)) + sign
            coefficients = {k: c for k, c in coefficients.items() if c}
            if coefficients:
                rows.append(coefficients)
                constants.append(constant)
        new = _determined(rows, constants)
        for coefficients, constant in zip(rows, constants, strict=True):  # non-negativity
            signs = {c > 0 for c in coefficients.values()}
            if constant == 0 and len(signs) == 1:
                new.update(dict.fromkeys(coefficients, Fraction(0)))
        new = {k: v for k, v in new.items() if k not in known}
        if not new:
            return found
        known.update(new)
        found.update(new)


def _determined(rows: Sequence[dict[Key, Fraction]], constants: Sequence[Fraction]) -> dict[Key, Fraction]:
    """Unknowns fixed by the equations ``sum(c * x) = constant``: a reduced row echelon form's rows that have one
    unknown left."""
    matrix = [(dict(r), c) for r, c in zip(rows, constants, strict=True)]
    pivots: list[tuple[Key, dict[Key, Fraction], Fraction]] = []
    remaining = matrix
    while remaining:
        row, constant = remaining.pop()
        for key, pivot_row, pivot_constant in pivots:  # eliminate earlier pivots
            factor = row.get(key)
            if factor:
                for k, c in pivot_row.items():
                    row[k] = row.get(k, Fraction(0)) - factor * c
                constant -= factor * pivot_constant
                row = {k: c for k, c in row.items() if c}
        if not row:
            continue
        key = next(iter(row))
        scale = row[key]
        row = {k: c / scale for k, c in row.items()}
        constant /= scale
        for n, (other_key, other_row, other_constant) in enumerate(pivots):  # keep the form reduced
            factor = other_row.get(key)
            if factor:
                merged = dict(other_row)
                for k, c in row.items():
                    merged[k] = merged.get(k, Fraction(0)) - factor * c
                pivots[n] = (other_key, {k: c for k, c in merged.items() if c}, other_constant - factor * constant)
        pivots.append((key, row, constant))
    return {key: constant for key, row, constant in pivots if len(row) == 1}


# ------------------------------------------------------------------------------------------- profile tables


def _mark(frame: pl.DataFrame, column: str, mask: Sequence[bool]) -> pl.DataFrame:
    flag = pl.Series(withheld_column(column), list(mask), dtype=pl.Boolean)
    previous = frame[withheld_column(column)] if withheld_column(column) in frame.columns else None
    if previous is not None:
        flag = flag | previous
    return frame.with_columns(flag).with_columns(
        pl.when(pl.col(withheld_column(column))).then(None).otherwise(pl.col(column)).alias(column)
    )


_KNOWN_ETHNICITY = tuple(b for b in ETHNICITY_BANDS if b != NOT_KNOWN)
_KNOWN_SERVICE = tuple(b for b in SERVICE_BANDS if b != NOT_KNOWN)
# The strategies' local rates worked out from the same people (measures.local): measure -> (table, roles or None
# for the length of service table, numerator bands, denominator bands). A rate is shown beside the withheld
# tables only when it adds nothing to them: its numerator and denominator can both be worked out from what the
# tables show, and neither the numerator nor the rest of the denominator is 1 to 4.
PEOPLE_RATES: dict[str, tuple[str, tuple[str, ...] | None, tuple[str, ...], tuple[str, ...]]] = {
    "ethnic_minority_pct": ("ethnicity", (ALL_ROLES,), _KNOWN_ETHNICITY[1:], _KNOWN_ETHNICITY),
    "ethnic_minority_managers_pct": ("ethnicity", MANAGER_ROLES, _KNOWN_ETHNICITY[1:], _KNOWN_ETHNICITY),
    "male_pct": ("sex", (ALL_ROLES,), ("Male",), ("Female", "Male")),
    "male_managers_pct": ("sex", MANAGER_ROLES, ("Male",), ("Female", "Male")),
    "service_under_2_years_pct": ("service", None, _KNOWN_SERVICE[:1], _KNOWN_SERVICE),
    "service_under_5_years_pct": ("service", None, _KNOWN_SERVICE[:2], _KNOWN_SERVICE),
}


PEOPLE_OF_KNOWN = ("ethnicity",)  # the tables whose percentages are of those with a known band


@dataclass(frozen=True)
class People:
    """The people in post tables with small numbers withheld, and the local rates to withhold with them."""

    by_role: dict[str, pl.DataFrame]
    service: pl.DataFrame | None
    rates: dict[str, frozenset[str]]  # la_code -> ids of PEOPLE_RATES withheld


def people_in_post_withheld(inputs: CouncilFrames, *, as_at: date) -> People:
    """Age, sex and ethnicity by role and length of service as at ``as_at``, withheld together: what the council
    page shows viewers, and which of the strategies' people rates (``PEOPLE_RATES``) may be shown beside it."""
    by_role = {
        "age": age_bands_by_role(inputs, as_at=as_at),
        "sex": sex_by_role(inputs, as_at=as_at),
        "ethnicity": ethnicity_by_role(inputs, as_at=as_at),
    }
    return withhold_people(by_role, length_of_service_bands(inputs, as_at=as_at), of_known=PEOPLE_OF_KNOWN)


def withhold_people(
    by_role: Mapping[str, pl.DataFrame],
    service: pl.DataFrame | None = None,
    *,
    of_known: Iterable[str] = (),
    threshold: int = SMALL_NUMBER_THRESHOLD,
) -> People:
    """Withhold small numbers in the tables of people in post, together: ``by_role`` (``BY_ROLE_COLUMNS``:
    age, sex, ethnicity by role, each with an "All" roles block) share each role's headcount and the total;
    ``service`` (``SERVICE_COLUMNS``) shares the total. ``of_known`` names the tables whose percentages are of
    those with a known band (ethnicity), whose denominator is then a margin of its own. ``rates`` of
    the result names the ``PEOPLE_RATES`` that must be withheld with these tables.

    Each role's headcount is a margin: not a row of the table, but given by any percentage of the role, so it is
    withheld (with all the role's percentages) when small or when complementary suppression needs it. The
    council's total is the DfE headcount in post, shown on every page: public. Returns the frames with
    ``headcount`` and ``percent`` nulled where withheld and ``headcount_withheld``, ``percent_withheld``.
    """
    known_tables = set(of_known)
    problem = Problem()
    for name, frame in by_role.items():
        for la_code in frame["la_code"].unique(maintain_order=True).to_list():
            rows = frame.filter(pl.col("la_code") == la_code)
            roles = rows["role"].unique(maintain_order=True).to_list()
            bands = rows["band"].unique(maintain_order=True).to_list()
            count = {(r, b): h for r, b, h in rows.select("role", "band", "headcount").iter_rows()}
            for role in roles:
                for band in bands:
                    problem.cell((name, la_code, role, band), count[role, band], margin=role == ALL_ROLES)
            for role in roles:  # each role's margins after its cells, so inner cells come first
                total = sum(count[role, b] for b in bands)
                role_key = _role_total(la_code, role)
                problem.cell(role_key, total, margin=True, public=role == ALL_ROLES)
                if name in known_tables:
                    known_key = (name, la_code, role, "known")
                    known = [b for b in bands if b != NOT_KNOWN]
                    problem.cell(known_key, sum(count[role, b] for b in known), margin=True)
                    problem.equation(known_key, [(name, la_code, role, b) for b in known])
                    problem.equation(role_key, [known_key, (name, la_code, role, NOT_KNOWN)])
                else:
                    problem.equation(role_key, [(name, la_code, role, b) for b in bands])
            inner = [r for r in roles if r != ALL_ROLES]
            for band in bands:
                problem.equation((name, la_code, ALL_ROLES, band), [(name, la_code, r, band) for r in inner])
            problem.equation(_role_total(la_code, ALL_ROLES), [_role_total(la_code, r) for r in inner])
            if name in known_tables:
                problem.equation((name, la_code, ALL_ROLES, "known"), [(name, la_code, r, "known") for r in inner])
    if service is not None:
        for la_code in service["la_code"].unique(maintain_order=True).to_list():
            rows = service.filter(pl.col("la_code") == la_code)
            keys = [problem.cell(("service", la_code, b), h) for b, h in rows.select("band", "headcount").iter_rows()]
            total = problem.cell(_role_total(la_code, ALL_ROLES), sum(rows["headcount"]), margin=True, public=True)
            problem.equation(total, keys)
    hidden = protect(problem, threshold=threshold).withheld
    rated = _rate_cells(problem, by_role, service)  # after: a rate is shown only if it adds nothing
    worked_out = recoverable(problem, hidden | {c for measures in rated.values() for p in measures.values() for c in p})

    def finish(name: str, frame: pl.DataFrame, keys: list[Key], denominators: list[Key]) -> pl.DataFrame:
        counts = [k in hidden for k in keys]
        percents = [c or d in hidden for c, d in zip(counts, denominators, strict=True)]
        return _mark(_mark(frame, "headcount", counts), "percent", percents)

    tables = {}
    for name, frame in by_role.items():
        triples = frame.select("la_code", "role", "band").rows()
        keys = [(name, la, r, b) for la, r, b in triples]
        if name in known_tables:
            denominators: list[Key] = [(name, la, r, "known") for la, r, _ in triples]
        else:
            denominators = [_role_total(la, r) for la, r, _ in triples]
        tables[name] = finish(name, frame, keys, denominators)
    shown_service = None
    if service is not None:
        pairs = service.select("la_code", "band").rows()
        shown_service = finish(
            "service", service, [("service", la, b) for la, b in pairs], [_role_total(la, ALL_ROLES) for la, _ in pairs]
        )
    rates = {
        la_code: frozenset(
            measure
            for measure, (numerator, denominator) in measures.items()
            if numerator not in worked_out
            or denominator not in worked_out
            or is_small(problem.values[numerator], threshold)
            or is_small(problem.values[denominator] - problem.values[numerator], threshold)
        )
        for la_code, measures in rated.items()
    }
    return People(tables, shown_service, rates)


def _rate_cells(
    problem: Problem, by_role: Mapping[str, pl.DataFrame], service: pl.DataFrame | None
) -> dict[str, dict[str, tuple[Key, Key]]]:
    """Add each rate of ``PEOPLE_RATES`` whose table is given: la_code -> measure -> (numerator, denominator)."""
    cells: dict[str, dict[str, tuple[Key, Key]]] = {}
    for measure, (table, roles, numerator, denominator) in PEOPLE_RATES.items():
        frame = service if table == "service" else by_role.get(table)
        if frame is None:
            continue
        for la_code in frame["la_code"].unique(maintain_order=True).to_list():
            parts: dict[str, list[Key]]
            if roles is None:
                parts = {b: [("service", la_code, b)] for b in denominator}
            else:
                parts = {b: [(table, la_code, r, b) for r in roles] for b in denominator}
            keys = []
            for end, bands in (("numerator", numerator), ("denominator", denominator)):
                inside = [k for b in bands for k in parts[b] if k in problem.values]
                key = problem.cell((measure, la_code, end), sum(problem.values[k] for k in inside), margin=True)
                problem.equation(key, inside)
                keys.append(key)
            cells.setdefault(la_code, {})[measure] = (keys[0], keys[1])
    return cells


def _role_total(la_code: str, role: str) -> Key:
    return ("people", la_code, role)


# The strategies' local figures that are one cell of a flow table over the council's total (measures.local):
# measure -> (table, code). Shown only when the cell is, and neither it nor the rest of the total is 1 to 4.
# The strategies' local figures that are shown to every role as they are: council-wide figures over the whole
# workforce or its posts, like the DfE measures beside them (FTE of posts and vacancies, permanency and turnover
# of the whole or the frontline workforce, average caseloads, sickness days per FTE) and placement income (money).
# Every other local figure is either checked, against the withheld tables (PEOPLE_RATES, FLOW_RATES) or against
# the counts it is over (DEVELOPMENT_FIGURES: development_withheld), or, being about small groups (managers,
# agency workers over 12 months, newly qualified starters retained, Step Up and Frontline starters, one worker's
# most cases) or a breakdown no table here protects, withheld from the roles small numbers are withheld from:
# ``local_withheld_ids``.
SHOWN_TO_EVERY_ROLE = frozenset(
    {
        "establishment_fte",
        "establishment_frontline_fte",
        "establishment_vacant_fte",
        "vacancies_uncovered_fte",
        "agency_in_vacant_posts_fte",
        "permanency_rate_fte",
        "permanency_rate_frontline_fte",
        "turnover_rate_12m_fte",
        "turnover_rate_frontline_12m_fte",
        "retention_rate",
        "caseload_average_per_worker",
        "caseload_weighted",
        "sickness_days_per_fte",
        "placement_income",  # money, not people
        "recruitment_cost",  # money, not people
        "recruitment_and_turnover_cost",  # money, not people
    }
)


def local_withheld_ids(local_ids: Iterable[str], *, rates_withheld: Iterable[str]) -> frozenset[str]:
    """Of a council-year's local figures (``local_ids``), those withheld from viewers and managers: the checked
    figures named in ``rates_withheld`` (by the withheld tables, ``people_in_post_withheld`` and
    ``flows_withheld``, and by ``development_withheld``), and every figure neither shown to every role nor
    checked (the ethnic minority share against its reference among them)."""
    checked = set(PEOPLE_RATES) | set(FLOW_RATES) | set(DEVELOPMENT_FIGURES)
    unchecked = {i for i in local_ids if i not in SHOWN_TO_EVERY_ROLE and i not in checked}
    return frozenset(set(rates_withheld) | unchecked)


FLOW_RATES: dict[str, tuple[str, str]] = {
    "leavers_resignation_pct": ("leavers-reason", ReasonLeave.RESIGNATION.value),
    "leavers_to_agency_pct": ("leavers-destination", LeaverDestination.AGENCY.value),
    "nq_starters": ("starters-origin", StartOrigin.NEWLY_QUALIFIED.value),
    "nq_starters_pct": ("starters-origin", StartOrigin.NEWLY_QUALIFIED.value),
}


@dataclass(frozen=True)
class Flows:
    """The starters and leavers tables with small numbers withheld, and the local figures to withhold with them."""

    tables: dict[str, pl.DataFrame]  # "leavers-reason", "leavers-destination", "starters-origin"
    rates: dict[str, frozenset[str]]  # la_code -> ids of FLOW_RATES withheld


def flows_withheld(inputs: CouncilFrames, *, period: Period, threshold: int = SMALL_NUMBER_THRESHOLD) -> Flows:
    """Leavers by reason and by destination (together: they share the council's leavers) and starters by origin
    over ``period``, withheld: what the council page shows viewers, and which of ``FLOW_RATES`` may be shown."""
    leavers = {
        "leavers-reason": leavers_by_reason(inputs, period=period),
        "leavers-destination": leavers_by_destination(inputs, period=period),
    }
    starters = {"starters-origin": starters_by_origin(inputs, period=period)}
    true = {**leavers, **starters}
    shown = {
        **withhold_flows(leavers, total="leavers", threshold=threshold),
        **withhold_flows(starters, total="starters", threshold=threshold),
    }
    rates: dict[str, set[str]] = {}
    for measure, (name, code) in FLOW_RATES.items():
        for la_code in true[name]["la_code"].unique(maintain_order=True).to_list():
            rows = true[name].filter(pl.col("la_code") == la_code)
            flags = shown[name].filter(pl.col("la_code") == la_code)
            cell = rows["code"].to_list().index(code)
            count, whole = rows["headcount"][cell], int(rows["headcount"].sum())
            if flags[withheld_column("headcount")][cell] or is_small(count, threshold):
                rates.setdefault(la_code, set()).add(measure)
            elif is_small(whole - count, threshold):
                rates.setdefault(la_code, set()).add(measure)
    return Flows(shown, {la: frozenset(ms) for la, ms in rates.items()})


def withhold_flows(
    flows: Mapping[str, pl.DataFrame], *, total: str, threshold: int = SMALL_NUMBER_THRESHOLD
) -> dict[str, pl.DataFrame]:
    """Withhold small numbers in tables of starters or leavers (``FLOW_COLUMNS``) that break down the same
    people (leavers by reason and by destination): each table's headcounts add up to the council's total
    (``total`` names it: the DfE starters or leavers headcount, public). ``fte`` and ``percent`` are withheld
    with their headcount."""
    problem = Problem()
    for name, frame in flows.items():
        for la_code in frame["la_code"].unique(maintain_order=True).to_list():
            rows = frame.filter(pl.col("la_code") == la_code)
            keys = [problem.cell((name, la_code, n), h) for n, h in enumerate(rows["headcount"].to_list())]
            whole = problem.cell((total, la_code), sum(rows["headcount"]), margin=True, public=True)
            problem.equation(whole, keys)
    hidden = protect(problem, threshold=threshold).withheld
    shown = {}
    for name, frame in flows.items():
        position = frame.select(n=pl.int_range(pl.len()).over("la_code"), la_code="la_code").rows()
        mask = [(name, la, n) in hidden for n, la in position]
        for column in ("headcount", "fte", "percent"):
            frame = _mark(frame, column, mask)
        shown[name] = frame
    return shown


TEAM_COUNTS = ("workers", "above_amber", "above_red")
TEAM_DERIVED = ("fte", "case_holders_fte", "cases", "average_cases_per_fte", "max_cases", "max_cases_per_fte")
STAFFING = ("permanent_fte", "agency_fte", "vacant_fte", "uncovered_fte", "permanency_pct")


def withhold_teams(
    caseloads: pl.DataFrame, *, own: frozenset[str] | None = None, threshold: int = SMALL_NUMBER_THRESHOLD
) -> pl.DataFrame:
    """Withhold small numbers in caseloads by team (``TEAM_CASELOAD_COLUMNS``): ``workers``, ``above_amber``
    and ``above_red`` are counts, each a column adding up to the total row; a team's FTE, cases, average and
    most cases are withheld with its worker count (and the total row's with the total's).

    The total row's workers, and so its FTE and cases, are public: they are the council's headcounts in post and
    agency, its cases and case-holder FTE, which every role sees as DfE measures. ``own`` is a manager's teams
    (by name): shown in full and the only team rows returned; the other teams are one absent cell, the total
    less the manager's teams. Their workers are then known to the manager from the council's published figures
    whatever this table shows (when 1 to 4, :func:`protect` reports them as exposed); their workers above 18 and
    22 cases per FTE are not, and the total of those is withheld when the other teams' is 1 to 4. None: every
    team is shown and may be withheld (a viewer).
    """
    derived = {column: "workers" for column in TEAM_DERIVED}
    return withhold_team_counts(
        caseloads, counts=TEAM_COUNTS, derived=derived, public_totals=("workers",), own=own, threshold=threshold
    )


def withhold_team_counts(
    table: pl.DataFrame,
    *,
    counts: Sequence[str],
    derived: Mapping[str, str | Sequence[str]],
    public_totals: Sequence[str] = (),
    own: frozenset[str] | None = None,
    threshold: int = SMALL_NUMBER_THRESHOLD,
    group: Sequence[str] = ("la_code",),
    within: Sequence[tuple[str, Sequence[str]]] = (),
    unshown: Sequence[str] = (),
    shared_total: Sequence[str] = (),
) -> pl.DataFrame:
    """Withhold small numbers in a table by team (``team_name`` and ``is_total`` columns, one total row per
    ``group``): each column of ``counts`` adds up over the team rows to the total row and is protected as one
    :class:`Problem` (primary and complementary cells); each column of ``derived`` (a percentage, an average,
    FTE) is withheld with the count or counts it comes from (a percentage with its numerator and its
    denominator). ``public_totals``: the count columns whose total row every role knows anyway. ``own``: a
    manager's teams, shown in full and the only team rows returned (the other teams are one absent cell).

    ``within``: (whole, parts) pairs that hold in every row, the count ``whole`` the sum of the counts
    ``parts`` (a funnel's applications are those shortlisted and those not); the columns are then one problem,
    so that no row's whole less its shown parts gives back a withheld one. ``unshown``: columns of ``counts``
    that are never shown but are groups of people all the same (the applications not shortlisted: what a
    viewer could work out as the whole less a part), protected when 1 to 4 like an absent cell. ``shared_total``:
    group columns whose values break the same people down in different ways (applications by channel and by
    route): their tables' total rows are one row, protected once."""
    shown = []
    linked = bool(within or unshown or shared_total)
    outer = [c for c in group if c not in shared_total]
    for values_of_group in table.select(*outer).unique(maintain_order=True).rows() if outer else [()]:
        match = pl.lit(True)
        for column, value in zip(outer, values_of_group, strict=True):
            match = match & (pl.col(column) == value)
        rows = table.filter(match).with_row_index("_cell")
        blocks = rows.select(*shared_total).unique(maintain_order=True).rows() if shared_total else [()]
        problems: dict[Key, Problem] = {}  # one per column, or one for every column when they are linked
        cells: dict[tuple[int, str], Key] = {}
        for block in blocks:
            inside = rows
            for column, value in zip(shared_total, block, strict=True):
                inside = inside.filter(pl.col(column) == value)
            names = inside["team_name"].to_list()
            totals = inside["is_total"].to_list()
            ids = inside["_cell"].to_list()
            others = ("others", block)
            for column in counts:
                problem = problems.setdefault("all" if linked else column, Problem())
                values = inside[column].fill_null(0).to_list()
                parts = []
                total: float = 0
                for n, (value, is_total) in enumerate(zip(values, totals, strict=True)):
                    key: Key = (column, "total") if is_total else (column, ids[n])
                    cells[ids[n], column] = key
                    mine = own is not None and names[n] in own
                    if is_total:
                        total = value
                    elif own is None or mine:
                        parts.append(problem.cell(key, value, public=mine))
                        if column in unshown:
                            problem.absent.add(key)
                if own is not None:  # the teams outside the manager's as one absent cell
                    other_sum = sum(v for v, t, n in zip(values, totals, names, strict=True) if not t and n not in own)
                    parts.append(problem.cell((column, others), other_sum))
                    problem.absent.add((column, others))
                problem.cell((column, "total"), total, margin=True, public=column in public_totals)
                if column in unshown:
                    problem.absent.add((column, "total"))
                problem.equation((column, "total"), parts)
            for whole, parts_of in within:
                problem = problems["all"]
                row_keys: list[Key] = ["total" if t else i for i, t in zip(ids, totals, strict=True)]
                row_keys += [others] if own is not None else []
                for row_key in dict.fromkeys(row_keys):
                    if (whole, row_key) in problem.values:
                        problem.equation((whole, row_key), [(p, row_key) for p in parts_of])
        hidden: set[Key] = set()
        for problem in problems.values():
            hidden |= protect(problem, threshold=threshold).withheld
        masks = {c: [cells[i, c] in hidden for i in range(rows.height)] for c in counts}
        frame = rows.drop("_cell")
        for column in counts:
            frame = _mark(frame, column, masks[column])
        for column, sources in derived.items():
            names_of = [sources] if isinstance(sources, str) else list(sources)
            mask = [any(masks[c][n] for c in names_of) for n in range(rows.height)]
            frame = _mark(frame, column, mask)
        visible = [t or own is None or n in own for n, t in zip(rows["team_name"], rows["is_total"], strict=True)]
        shown.append(frame.filter(pl.Series(visible)))
    return pl.concat(shown) if shown else table


def withhold_grid(
    table: pl.DataFrame,
    *,
    by: str,
    every: str,
    counts: Sequence[str],
    derived: Mapping[str, str | Sequence[str]] | None = None,
    group: Sequence[str] = ("la_code",),
    threshold: int = SMALL_NUMBER_THRESHOLD,
) -> pl.DataFrame:
    """Withhold small numbers in a two-way table by team x ``by`` in long form (``supervision_by_team``: one row
    per team and worker group; ``team_key``, ``is_total``, ``by``): each count column is one :class:`Problem`
    per ``group`` in which every team's values add up to its row whose ``by`` is ``every`` (the team over every
    group) and every value's team rows add up to its ``is_total`` row (the council's). So a team's total less
    its other groups cannot give back a withheld group, nor the council's total less the other teams. A
    combination with no row is 0 and known to be. ``derived``: each percentage with the counts it comes from."""
    shown = []
    for _, rows in table.group_by(*group, maintain_order=True):
        cells = list(zip(rows["team_key"].to_list(), rows["is_total"].to_list(), rows[by].to_list(), strict=True))
        index = {cell: n for n, cell in enumerate(cells)}
        teams = dict.fromkeys((key, total) for key, total, _ in cells)
        values_of = dict.fromkeys(value for _, _, value in cells)
        masks: dict[str, list[bool]] = {}
        for column in counts:
            problem = Problem()
            numbers = rows[column].fill_null(0).to_list()
            for n, (_, is_total, value) in enumerate(cells):
                problem.cell(n, numbers[n], margin=is_total or value == every)
            for key, is_total in teams:
                whole = index.get((key, is_total, every))
                parts = [index[c] for c in cells if c[:2] == (key, is_total) and c[2] != every]
                if whole is not None and parts:
                    problem.equation(whole, parts)
            for value in values_of:
                whole = next((n for n, c in enumerate(cells) if c[1] and c[2] == value), None)
                parts = [n for n, c in enumerate(cells) if not c[1] and c[2] == value]
                if whole is not None and parts:
                    problem.equation(whole, parts)
            hidden = protect(problem, threshold=threshold).withheld
            masks[column] = [n in hidden for n in range(len(cells))]
        frame = rows
        for column in counts:
            frame = _mark(frame, column, masks[column])
        for column, sources in (derived or {}).items():
            names_of = [sources] if isinstance(sources, str) else list(sources)
            frame = _mark(frame, column, [any(masks[c][n] for c in names_of) for n in range(rows.height)])
        shown.append(frame)
    return pl.concat(shown) if shown else table


def withhold_row_parts(
    table: pl.DataFrame,
    *,
    whole: str,
    parts: Sequence[str] = (),
    subsets: Sequence[str] = (),
    derived: Mapping[str, str | Sequence[str]] | None = None,
    threshold: int = SMALL_NUMBER_THRESHOLD,
) -> pl.DataFrame:
    """Withhold small numbers in a table whose every row is one group of people (an ASYE cohort, say): the
    count ``whole`` is the sum of the ``parts`` (the cohort's outcomes), protected as one :class:`Problem` per
    row (primary and complementary cells); each of ``subsets`` (how many of the row are still in post) is
    withheld when it, or ``whole`` less it, is 1 to 4, since either names a small group, or when ``whole`` is
    withheld. ``derived``: each percentage with the counts it comes from."""
    masks: dict[str, list[bool]] = {c: [] for c in (whole, *parts, *subsets)}
    for row in table.select(whole, *parts, *subsets).iter_rows(named=True):
        problem = Problem()
        total = problem.cell(whole, row[whole] or 0, margin=True)
        problem.equation(total, [problem.cell(p, row[p] or 0) for p in parts])
        hidden = protect(problem, threshold=threshold).withheld if parts else frozenset()
        hidden = hidden | ({whole} if is_small(row[whole], threshold) else set())
        masks[whole].append(whole in hidden)
        for p in parts:
            masks[p].append(p in hidden)
        for s in subsets:
            value, of = row[s], row[whole]
            rest = None if value is None or of is None else of - value
            masks[s].append(whole in hidden or is_small(value, threshold) or is_small(rest, threshold))
    frame = table
    for column, mask in masks.items():
        frame = _mark(frame, column, mask)
    for column, sources in (derived or {}).items():
        names_of = [sources] if isinstance(sources, str) else list(sources)
        frame = _mark(frame, column, [any(masks[c][n] for c in names_of) for n in range(table.height)])
    return frame


def withhold_funnel(
    table: pl.DataFrame,
    *,
    count: str = "count",
    of_first: str = "pct_of_placements",
    of_previous: str = "pct_of_previous",
    group: Sequence[str] = ("la_code",),
    threshold: int = SMALL_NUMBER_THRESHOLD,
) -> pl.DataFrame:
    """Withhold small numbers in a funnel (``placements.placement_funnel``: stages in order, each a subset of the
    one before): a stage's count is withheld when it is 1 to 4, or when it is 1 to 4 fewer than the stage before
    (those who dropped out there are a small group). A share is withheld with the counts it comes from: of the
    first stage with the stage and the first; of the previous stage with the stage and the previous one."""
    masks: list[bool] = []
    firsts: list[bool] = []
    previous: list[bool] = []
    for _, rows in table.group_by(*group, maintain_order=True):
        values = rows[count].to_list()
        hidden = []
        for n, value in enumerate(values):
            before = values[n - 1] if n else None
            drop = None if before is None or value is None else before - value
            hidden.append(is_small(value, threshold) or is_small(drop, threshold))
        masks += hidden
        firsts += [h or hidden[0] for h in hidden]
        previous += [h or (n > 0 and hidden[n - 1]) for n, h in enumerate(hidden)]
    frame = _mark(table, count, masks)
    frame = _mark(frame, of_first, firsts)
    return _mark(frame, of_previous, previous)


def withhold_staffing(establishment: pl.DataFrame, caseloads: pl.DataFrame) -> pl.DataFrame:
    """The establishment table (``ESTABLISHMENT_COLUMNS``) with each team's staffing (permanent, agency, vacant
    and uncovered FTE, permanency) withheld where ``caseloads`` (from :func:`withhold_teams`) withholds the
    team's worker count: FTE in post would show roughly how many work there, and vacant FTE is funded less
    permanent. Funded posts are posts, not people, and stay."""
    flags = caseloads.filter(pl.col(withheld_column("workers"))).select("la_code", "team_name", "is_total")
    keys = set(flags.rows())
    mask = [key in keys for key in establishment.select("la_code", "team_name", "is_total").rows()]
    for column in STAFFING:
        establishment = _mark(establishment, column, mask)
    return establishment


# ------------------------------------------------------------------------------------ practice and development

# The strategies' practice and development figures and open HR cases (measures.local, through the modules' own
# functions), each
# with what it is over, by the columns of ``development_counts``: ("count", c) is the count c itself; ("rate",
# n, d) a percentage n / d; ("part", n, d) a count n of a count d also shown (internal promotions of the steps
# up the scale); ("mean", p) a mean or median over p people. Placement income is money: SHOWN_TO_EVERY_ROLE.
DEVELOPMENT_FIGURES: dict[str, tuple[str, ...]] = {
    "supervision_on_time_pct": ("rate", "supervision_met", "supervision_due"),
    "workers_supervised_last_month_pct": ("rate", "last_month_supervised", "last_month_workers"),
    "appraisals_in_timescale_pct": ("rate", "reviews_on_time", "reviews_due"),
    "appraisal_rating_successful_pct": ("rate", "reviews_successful", "reviews_rated"),
    "appraisal_objectives_set_pct": ("rate", "reviews_objectives_set", "reviews_objectives_known"),
    "training_take_up_pct": ("rate", "taken", "places"),
    "training_completion_pct": ("rate", "completed", "places"),
    "mandatory_training_completion_pct": ("rate", "mandatory_completed", "mandatory_places"),
    "mandatory_training_in_date_pct": ("rate", "mandatory_in_date", "mandatory_pairs"),
    "post_qualifying_completions": ("count", "post_qualifying_completions"),
    "practice_educator_awards": ("count", "practice_educator_awards"),
    "career_progression": ("count", "career_progression"),
    "internal_promotions": ("part", "internal_promotions", "career_progression"),
    "aspirant_manager_scheme": ("count", "aspirant_manager_scheme"),
    "apprenticeship_starters": ("count", "apprenticeship_starters"),
    "asye_starts": ("count", "asye_starts"),
    "asye_completions": ("count", "asye_completions"),
    "asye_pass_pct": ("rate", "asye_completions", "asye_final_outcomes"),
    **{
        f"asye_retention_{n}y_pct": ("rate", f"asye_retention_{n}y_kept", f"asye_retention_{n}y_cohort")
        for n in RETENTION_YEARS
    },
    "asye_over_protected_caseload": ("count", "asye_over_protected_caseload"),
    "protected_development_time": ("mean", "protected_time_spells"),
    "students_per_year": ("count", "students_per_year"),
    "student_placements": ("count", "student_placements"),
    "placement_conversion_pct": ("rate", "eligible_appointed", "eligible_for_nqsw"),
    "open_hr_cases": ("count", "open_hr_cases"),
    "audits_good_or_better_pct": ("rate", "audits_good_or_better", "audits"),
    "audits_inadequate_pct": ("rate", "audits_inadequate", "audits"),
    "assessments_within_45_days_pct": ("rate", "assessments_45_days_n", "assessments_45_days_d"),
    "cp_lac_visits_in_timescale_pct": ("rate", "cp_lac_visits_n", "cp_lac_visits_d"),
    "iro_midway_visits_pct": ("rate", "iro_midway_visits_n", "iro_midway_visits_d"),
    "compliments_vs_complaints": ("count", "compliments_n", "complaints_n"),
    "children_max_3_social_workers_pct": ("rate", "children_max_3_workers", "children_allocated"),
    # agency spend and rates are money for a group of workers: withheld when the placements they are over are few
    "agency_spend": ("mean", "agency_spend_placements"),
    "agency_pay_rate_vs_cap": ("mean", "agency_rate_compared"),
    "agency_over_cap_pct": ("rate", "agency_over_cap", "agency_capped"),
    "agency_in_funded_posts": ("count", "agency_in_funded_posts"),
    "agency_conversions_recorded": ("count", "agency_conversions_recorded"),
    "agency_pqe_met_pct": ("rate", "agency_pqe_met", "agency_rules_started"),
    "agency_references_pct": ("rate", "agency_references_met", "agency_rules_started"),
    "agency_no_project_team_pct": ("rate", "agency_not_project_team", "agency_rules_started"),
    "recruitment_applications": ("count", "applications"),
    "offer_to_dbs_clearance_days": ("mean", "dbs_clearances"),
}


def development_counts(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """What the practice and development figures of ``DEVELOPMENT_FIGURES`` are over, one row per council, from
    the modules' own tables: the council total rows of ``supervision_by_team`` (every worker group) and
    ``reviews_by_team`` (every role), ``training_counts``, ``progression_measures`` (its figures are counts),
    ``programme_counts`` and ``placement_counts``."""
    total = pl.col("is_total")
    supervision = supervision_by_team(inputs, as_at=as_at, period=period).filter(
        total & (pl.col("worker_group") == ALL_GROUPS)
    )
    reviews = reviews_by_team(inputs, as_at=as_at, period=period).filter(total & (pl.col("role") == ALL_ROLES))
    parts = [
        supervision.select(
            "la_code",
            supervision_due="due",
            supervision_met="met",
            last_month_workers="workers",
            last_month_supervised="supervised_last_month",
        ),
        reviews.select(
            "la_code",
            reviews_due="due",
            reviews_on_time="on_time",
            reviews_rated="rated",
            reviews_successful="successful",
            reviews_objectives_known="objectives_known",
            reviews_objectives_set="objectives_set",
        ),
        training_counts(inputs, as_at=as_at, period=period),
        progression_measures(inputs, as_at=as_at, period=period),
        programme_counts(inputs, as_at=as_at, period=period),
        placement_counts(inputs, period=period),
        hr_case_measures(inputs, as_at=as_at, period=period),
        indicator_counts(inputs, as_at=as_at, period=period),
        recruitment_counts(inputs, as_at=as_at, period=period),
        audit_counts(inputs, as_at=as_at, period=period).select(
            "la_code", "audits", audits_good_or_better="good_or_better", audits_inadequate="inadequate"
        ),
        allocation_counts(inputs, as_at=as_at).select("la_code", "children_allocated", "children_max_3_workers"),
        agency_counts(inputs, as_at=as_at, period=period),
    ]
    result = inputs.councils.select("la_code")
    for part in parts:
        result = result.join(part, on="la_code", how="left")
    return result


def development_withheld(
    inputs: CouncilFrames, *, as_at: date, period: Period, threshold: int = SMALL_NUMBER_THRESHOLD
) -> dict[str, frozenset[str]]:
    """Which of ``DEVELOPMENT_FIGURES`` a viewer may not see, per council (la_code -> ids), as at ``as_at`` over
    ``period``: :func:`withhold_development` of :func:`development_counts`."""
    return withhold_development(development_counts(inputs, as_at=as_at, period=period), threshold=threshold)


def withhold_development(counts: pl.DataFrame, *, threshold: int = SMALL_NUMBER_THRESHOLD) -> dict[str, frozenset[str]]:
    """Of ``DEVELOPMENT_FIGURES``, those withheld per council (la_code -> ids; a council with none withheld is
    left out), from ``counts`` (``development_counts``): a count when it is 1 to ``threshold`` - 1; a percentage
    (or a count of a count also shown) when its numerator, its denominator or the denominator less the
    numerator is, so that neither the small group nor the rest of it can be told; a mean when the people it is
    over are. A null count (no records of the kind) withholds nothing: the figure is null itself."""
    withheld: dict[str, frozenset[str]] = {}
    for row in counts.iter_rows(named=True):
        found = frozenset(
            measure
            for measure, (kind, *columns) in DEVELOPMENT_FIGURES.items()
            if any(is_small(value, threshold) for value in _told(kind, [row[c] for c in columns]))
        )
        if found:
            withheld[row["la_code"]] = found
    return withheld


def _told(kind: str, values: Sequence[float | None]) -> list[float | None]:
    """The counts a figure of ``kind`` over ``values`` (see ``DEVELOPMENT_FIGURES``) tells or narrows down."""
    if kind in ("count", "mean"):
        return list(values)
    numerator, denominator = values
    rest = None if numerator is None or denominator is None else denominator - numerator
    return [numerator, denominator, rest]


# ------------------------------------------------------------------------------------------------- staff voice

# Interview themes (``staff_voice.interview_themes``): each row is a window's interviews of one kind (``interviews``)
# and those citing a theme (``citing``, a subset), with the share; the windows nest (the 6 months to D are inside
# the 12), so the 12-month count less the 6-month count is a count too (the earlier six months').
THEME_ROW = ("la_code", "kind", "theme", "is_total")
SHARE_ROW = ("la_code",)


def _nested_windows(
    table: pl.DataFrame,
    row: Sequence[str],
    counts: Sequence[str],
    derived: Mapping[str, Sequence[str]],
    threshold: int,
) -> pl.DataFrame:
    """Withhold, in the longer of two windows shown together (``months``), a count whose difference from the
    shorter window's is 1 to 4 (the months between would be a small group), with the columns ``derived`` from
    it. A count already withheld in either window needs nothing more: the difference cannot be worked out."""
    if table.is_empty():
        return table
    months = sorted(set(table["months"].to_list()))
    frame = table.with_row_index("_row")
    for shorter, longer in pairwise(months):
        short = frame.filter(pl.col("months") == shorter)
        long = frame.filter(pl.col("months") == longer)
        pairs = long.join(short, on=list(row), how="inner", suffix="_short", nulls_equal=True)
        for column in counts:
            flag = withheld_column(column)
            small = set(
                pairs.filter(
                    ~pl.col(flag)
                    & ~pl.col(f"{flag}_short")
                    & (pl.col(column) - pl.col(f"{column}_short")).is_between(1, threshold - 1)
                )["_row"].to_list()
            )
            if small:
                mask = [n in small for n in frame["_row"].to_list()]
                frame = _mark(frame, column, mask)
                for name, sources in derived.items():
                    if column in sources:
                        frame = _mark(frame, name, mask)
    return frame.drop("_row")


def withhold_interview_themes(table: pl.DataFrame, *, threshold: int = SMALL_NUMBER_THRESHOLD) -> pl.DataFrame:
    """A viewer's interview themes (``staff_voice.interview_themes``): a window's interviews of a kind when they
    are 1 to 4; a theme's count when it, or the interviews not citing it, are 1 to 4, or the interviews are
    withheld; a share with its count; and, between the 6 and 12 month windows, the longer window's count when the
    months between hold 1 to 4 (with its share, and a theme's counts with the interviews of its window)."""
    derived = {"share_pct": ("citing", "interviews")}
    frame = withhold_row_parts(table, whole="interviews", subsets=("citing",), derived=derived, threshold=threshold)
    frame = _nested_windows(frame, THEME_ROW, ("interviews", "citing"), derived, threshold)
    frame = _with_whole(frame, "interviews", ("citing", "share_pct"))
    return _zeros_of_longer(frame, THEME_ROW, ("interviews", "citing"))


def withhold_exit_interview_share(table: pl.DataFrame, *, threshold: int = SMALL_NUMBER_THRESHOLD) -> pl.DataFrame:
    """A viewer's leavers with an exit interview (``staff_voice.exit_interview_share``): leavers when 1 to 4; the
    interviewed when they, or the leavers not interviewed, are 1 to 4 (or the leavers are withheld); the share
    with them; and the longer window's counts when the months between hold 1 to 4."""
    derived = {"interviewed_pct": ("interviewed", "leavers")}
    frame = withhold_row_parts(table, whole="leavers", subsets=("interviewed",), derived=derived, threshold=threshold)
    frame = _nested_windows(frame, SHARE_ROW, ("leavers", "interviewed"), derived, threshold)
    frame = _with_whole(frame, "leavers", ("interviewed", "interviewed_pct"))
    return _zeros_of_longer(frame, SHARE_ROW, ("leavers", "interviewed"))


def _zeros_of_longer(frame: pl.DataFrame, row: Sequence[str], counts: Sequence[str]) -> pl.DataFrame:
    """A shorter window's count shown as 0 where the longer window's is shown as 0: it is 0 too, as anyone can
    tell (the windows nest), so withholding it hides nothing and only looks as if it did. Its share stays as it
    is (withheld with a withheld whole)."""
    if frame.is_empty():
        return frame
    months = sorted(set(frame["months"].to_list()))
    for shorter, longer in pairwise(months):
        for column in counts:
            flag = withheld_column(column)
            zero = (
                frame.filter((pl.col("months") == longer) & ~pl.col(flag) & (pl.col(column) == 0))
                .select(*row)
                .with_columns(_zero=pl.lit(True), months=pl.lit(shorter, frame["months"].dtype))
            )
            frame = (
                frame.join(zero, on=[*row, "months"], how="left", nulls_equal=True)
                .with_columns(
                    pl.when(pl.col("_zero")).then(0).otherwise(pl.col(column)).alias(column),
                    (pl.col(flag) & pl.col("_zero").is_null()).alias(flag),
                )
                .drop("_zero")
            )
    return frame


def _with_whole(frame: pl.DataFrame, whole: str, parts: Sequence[str]) -> pl.DataFrame:
    """``parts`` withheld wherever ``whole`` is (a subset of a withheld group, or its share, is not shown)."""
    mask = frame[withheld_column(whole)].to_list()
    for column in parts:
        frame = _mark(frame, column, mask)
    return frame


def withhold_survey_results(table: pl.DataFrame, *, threshold: int = SMALL_NUMBER_THRESHOLD) -> pl.DataFrame:
    """A viewer's survey results (``staff_voice.survey_results`` or ``survey_questions_by_wave``): per question,
    those answering add up to agreeing, neither and disagreeing, protected as one table (a count of 1 to 4 and
    the next-smallest beside it; those answering when 1 to 4); % agreeing with agreeing or answering; the
    previous wave's agreeing when it, or those answering less it, are 1 to 4, its % with it; the change with
    either percentage."""
    frame = withhold_row_parts(
        table,
        whole="answered",
        parts=("agree", "neutral", "disagree"),
        derived={"agree_pct": ("agree", "answered")},
        threshold=threshold,
    )
    frame = withhold_row_parts(  # agreeing is shown (as a %): those not agreeing are a group too
        frame, whole="answered", subsets=("agree",), derived={"agree_pct": "agree"}, threshold=threshold
    )
    frame = withhold_row_parts(
        frame,
        whole="previous_answered",
        subsets=("previous_agree",),
        derived={"previous_agree_pct": ("previous_agree", "previous_answered")},
        threshold=threshold,
    )
    now, before = frame[withheld_column("agree_pct")], frame[withheld_column("previous_agree_pct")]
    change = [a or b for a, b in zip(now, before, strict=True)]
    return _mark(frame, "change_pts", change)


def withhold_response_rates(table: pl.DataFrame, *, threshold: int = SMALL_NUMBER_THRESHOLD) -> pl.DataFrame:
    """A viewer's response rates (``staff_voice.survey_response_rates``): staff invited when 1 to 4; responses
    when they, or the staff invited who did not respond, are 1 to 4; the rate with either."""
    return withhold_row_parts(
        table,
        whole="invited",
        subsets=("responses",),
        derived={"response_rate_pct": ("responses", "invited")},
        threshold=threshold,
    )
