"""The attack: collect everything a viewer (or a manager) can see and download about a council — the council page,
its CSV and Excel downloads, the API — and try to work out every withheld figure again: row and column totals by
subtraction, percentages times known totals, the same count in another table (each role's headcount in the age,
sex and ethnicity tables; the council's headcount, leavers and starters as DfE measures from the API), the sum
over teams against the council's total, and exact linear algebra over all of it. The test fails if any withheld
value is determined.

The solver here is written apart from ``measures.disclosure`` (which protects with its own check): it sees only
what the pages show, and knows only how the tables are built (docs/profile.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from csc_workforce.domain.codes import (
    ContractType,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.domain.records import (
    Assignment,
    CaseloadSnapshot,
    Council,
    CouncilFigures,
    CouncilRecords,
    Engagement,
    Person,
    Post,
    Team,
)
from csc_workforce.store import models as m
from csc_workforce.store.services.dashboard import COUNCIL_PARTS, council_dashboard
from csc_workforce.store.services.records import records_store, records_with_source
from csc_workforce.store.services.tokens import token_create
from tests.web.conftest import MakeUser

TODAY = date(2025, 10, 15)  # the census year to 30 September 2025 is the latest complete one
YEAR = 2025
KEYS = (  # the tables about people (funded posts are posts)
    "establishment",
    "caseload-team",
    "age",
    "sex",
    "ethnicity",
    "service",
    "leavers-reason",
    "leavers-destination",
    "starters-origin",
)
BY_ROLE = ("age", "sex", "ethnicity")
Var = tuple[Any, ...]
Cell = float | str | None  # a number, "c" (withheld) or None (blank)


# ------------------------------------------------------------------------------------------ small councils


def _worker(
    n: int,
    team: str,
    *,
    sex: Sex,
    born: date,
    ethnicity: Ethnicity | None,
    role: OrgRole = OrgRole.CASE_HOLDER,
    start: date = date(2015, 1, 5),
    origin: StartOrigin | None = None,
    end: date | None = None,
    reason: ReasonLeave | None = None,
    destination: LeaverDestination | None = None,
    cases: int = 12,
) -> tuple[Person, Engagement, Assignment, CaseloadSnapshot]:
    person = Person(f"p{n}", birth_date=born, sex=sex, ethnicity=ethnicity)
    engagement = Engagement(
        f"e{n}",
        f"p{n}",
        ContractType.PERMANENT,
        start,
        origin,
        end_date=end,
        reason_leave=reason,
        destination=destination,
    )
    assignment = Assignment(f"e{n}", start, end, role=role, fte=Decimal("1.0"), team_key=team)
    return person, engagement, assignment, CaseloadSnapshot(f"e{n}", date(2025, 9, 30), cases)


def _council(la_code: str, name: str, teams: dict[str, str], workers: list[tuple[Any, ...]], posts: dict[str, str]):
    people, engagements, assignments, caseloads = (tuple(x) for x in zip(*workers, strict=True))
    return CouncilRecords(
        Council(la_code, name, "North West"),
        teams=tuple(Team(key, label) for key, label in teams.items()),
        people=people,
        engagements=engagements,
        assignments=assignments,
        caseloads=caseloads,
        posts=tuple(
            Post(team, Decimal(fte), date(2014, 4, 1), role=OrgRole.CASE_HOLDER) for team, fte in posts.items()
        ),
        figures=(CouncilFigures(date(2025, 9, 30), vacancies_fte=Decimal("1.0")),),  # it reported for 2025
    )


def tinyvale() -> CouncilRecords:
    """10 case holders in post, 8 female and 2 male; a team of 7 and a team of 3; ages 2 in their 20s, 4 in
    their 30s, 4 in their 40s; 2 of them started in the year (newly qualified); 1 leaver, who resigned for
    another council."""
    F, M = Sex.FEMALE, Sex.MALE
    rows = [
        (1, "big", F, date(1998, 3, 1), Ethnicity.WBRI),
        (2, "big", F, date(1999, 6, 1), Ethnicity.WBRI),
        (3, "big", F, date(1990, 1, 1), Ethnicity.WBRI),
        (4, "big", F, date(1988, 1, 1), Ethnicity.AIND),
        (5, "big", F, date(1987, 1, 1), Ethnicity.WBRI),
        (6, "big", F, date(1986, 1, 1), Ethnicity.BAFR),
        (7, "big", M, date(1980, 1, 1), Ethnicity.WBRI),
        (8, "small", F, date(1979, 1, 1), Ethnicity.AIND),
        (9, "small", F, date(1978, 1, 1), Ethnicity.WBRI),
        (10, "small", M, date(1977, 1, 1), None),
    ]
    workers = [
        _worker(
            n,
            team,
            sex=sex,
            born=born,
            ethnicity=eth,
            start=date(2025, 1, 6) if n in (1, 2) else date(2015, 1, 5),
            origin=StartOrigin.NEWLY_QUALIFIED if n in (1, 2) else None,
        )
        for n, team, sex, born, eth in rows
    ]
    workers.append(
        _worker(
            11,
            "small",
            sex=F,
            born=date(1970, 1, 1),
            ethnicity=Ethnicity.WBRI,
            end=date(2025, 3, 31),
            reason=ReasonLeave.RESIGNATION,
            destination=LeaverDestination.OTHER_LA_ENGLAND,
        )
    )
    return _council("980", "Tinyvale", {"big": "Big team", "small": "Small team"}, workers, {"big": "8", "small": "3"})


def smallbrook() -> CouncilRecords:
    """12 in post across three roles with small totals (first line managers 2, senior practitioners 3, case
    holders 7) in a team of 9 and a team of 3."""
    F, M = Sex.FEMALE, Sex.MALE
    rows = [
        (1, "north", F, OrgRole.FIRST_LINE_MANAGER, date(1975, 1, 1)),
        (2, "south", F, OrgRole.FIRST_LINE_MANAGER, date(1976, 1, 1)),
        (3, "north", F, OrgRole.SENIOR_PRACTITIONER, date(1985, 1, 1)),
        (4, "north", F, OrgRole.SENIOR_PRACTITIONER, date(1986, 1, 1)),
        (5, "south", M, OrgRole.SENIOR_PRACTITIONER, date(1987, 1, 1)),
        (6, "north", F, OrgRole.CASE_HOLDER, date(1995, 1, 1)),
        (7, "north", F, OrgRole.CASE_HOLDER, date(1996, 1, 1)),
        (8, "north", F, OrgRole.CASE_HOLDER, date(1992, 1, 1)),
        (9, "north", F, OrgRole.CASE_HOLDER, date(1991, 1, 1)),
        (10, "north", M, OrgRole.CASE_HOLDER, date(1993, 1, 1)),
        (11, "north", M, OrgRole.CASE_HOLDER, date(1994, 1, 1)),
        (12, "south", M, OrgRole.CASE_HOLDER, date(1990, 1, 1)),
    ]
    workers = [
        _worker(n, team, sex=sex, born=born, ethnicity=Ethnicity.WBRI if n % 3 else Ethnicity.BCRB, role=role)
        for n, team, sex, role, born in rows
    ]
    return _council("981", "Smallbrook", {"north": "North team", "south": "South team"}, workers, {"north": "9"})


def _load(records: CouncilRecords) -> m.Council:
    council = m.Council.objects.create(la_code=records.council.la_code, name=records.council.name, region="North West")
    source = m.Source.objects.create(
        council=council, kind="synthetic", name="test", recorded_at=datetime.now(UTC), complete_to=date(2025, 9, 30)
    )
    records_store(council=council, records=records_with_source(records, f"source:{source.pk}"))
    return council


# --------------------------------------------------------------------------------------- what a user sees


class _Tables(HTMLParser):
    """Every table of a page as (caption, rows of cell texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        if tag in ("caption", "th", "td"):
            self._in, self._text = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in == "caption":
            self.tables[-1] = (self._text.strip(), self.tables[-1][1])
        elif tag == self._in and tag in ("th", "td"):
            self.tables[-1][1][-1].append(self._text.strip())
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data


def _cell(text: object) -> Cell:
    if text is None or text in ("", "-"):
        return None
    if isinstance(text, int | float):
        return float(text)
    text = str(text)
    if text == "c":
        return "c"
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def _merge(views: Iterable[list[list[Cell]]]) -> list[list[Cell]]:
    """One grid from the same table seen several ways; a figure shown anywhere is known. A cell withheld in one
    and shown in another is itself a disclosure, so the views must agree."""
    grids = list(views)
    merged = grids[0]
    for grid in grids[1:]:
        assert len(grid) == len(merged)
        for row, other in zip(merged, grid, strict=True):
            for n, (a, b) in enumerate(zip(row, other, strict=True)):
                assert (a == "c") == (b == "c"), f"withheld in one view and not another: {a!r} / {b!r} in {row}"
                if isinstance(a, float) and isinstance(b, float):
                    assert abs(a - b) < 0.051, (a, b, row)  # the page rounds, the downloads may not
                if a is None and b is not None:
                    row[n] = b
    return merged


def collect(client: Client, la_code: str, token: str) -> tuple[dict[str, list[list[Cell]]], dict[str, float]]:
    """Every profile table of the council as the signed-in user sees it on the page, in each CSV and Excel
    download and in the workbook of every table; and the DfE measures of the census year from the API."""
    on_page = {}
    for part in COUNCIL_PARTS:  # the overview and each sub-page that this council's records fill
        page = client.get(f"/councils/{la_code}/{part.key}/" if part.key else f"/councils/{la_code}/")
        if part.key == "sickness" and page.status_code == 404:
            continue
        assert page.status_code == 200, part.key
        parser = _Tables()
        parser.feed(page.content.decode())
        on_page.update({caption: rows[1:] for caption, rows in parser.tables})
    book = load_workbook(io.BytesIO(client.get(f"/councils/{la_code}/download/all.xlsx").content))
    in_book = {sheet["A1"].value: [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)] for sheet in book}
    tables = {}
    for key in KEYS:
        one = load_workbook(io.BytesIO(client.get(f"/councils/{la_code}/download/{key}.xlsx").content)).active
        title = one["A1"].value
        shown = on_page[title]
        width = len(shown[0])
        alone = [list(r)[:width] for r in one.iter_rows(min_row=3, max_row=2 + len(shown), values_only=True)]
        text = client.get(f"/councils/{la_code}/download/{key}.csv").content.decode()
        views = [
            shown,
            list(csv.reader(io.StringIO(text)))[1:],
            alone,
            [r[:width] for r in in_book[title][: len(shown)]],
        ]
        tables[key] = _merge([[_cell(v) for v in row] for row in view] for view in views)
    response = client.get(
        f"/api/measures?year={YEAR}&la={la_code}&basis=records", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.content
    measures = {k: float(v) for k, v in response.json()[0].items() if isinstance(v, int | float)}
    return tables, measures


# ---------------------------------------------------------------------------------------------- the solver


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Attack:
    """What is known, the equations ``total = sum(parts)`` the attacker knows hold, and percentages."""

    def __init__(self) -> None:
        self.known: dict[Var, Fraction] = {}
        self.seen: dict[Var, Cell] = {}
        self.equations: list[tuple[Var, list[Var], bool]] = []  # (total, parts, whole numbers)
        self.percents: list[tuple[Var, Var, float]] = []

    def see(self, var: Var, value: Cell) -> Var:
        self.seen[var] = value
        if isinstance(value, float):
            self.known[var] = Fraction(str(value))
        return var

    def learn(self, var: Var, value: float) -> None:
        """A figure published elsewhere (the API's DfE measures) that a table shows too, or withholds."""
        self.known.setdefault(var, Fraction(str(value)))

    def equation(self, total: Var, parts: list[Var], *, counts: bool = True) -> None:
        self.equations.append((total, parts, counts))

    def percent(self, count: Var, denominator: Var, value: Cell) -> None:
        if isinstance(value, float):
            self.percents.append((count, denominator, value))

    def solve(self) -> dict[Var, Fraction]:
        """Everything the attacker can work out, repeated until nothing more is found."""
        while self._percentages() | self._single_unknowns() | self._zeros() | self._linear():
            pass
        return self.known

    def _set(self, var: Var, value: Fraction) -> bool:
        if var in self.known:
            return False
        self.known[var] = value
        return True

    def _percentages(self) -> bool:
        found = False
        for count, denominator, pct in self.percents:
            shown = Decimal(str(pct))
            if count in self.known and denominator not in self.known and shown > 0:
                c = self.known[count]
                low, high = (
                    int(c * 100 / (Fraction(str(pct)) + Fraction(1, 20))),
                    int(c * 100 / (Fraction(str(pct)) - Fraction(1, 20))) + 1,
                )
                fits = [n for n in range(max(low, 1), high + 1) if _round(c * 100 / n) == shown]
                if len(fits) == 1:
                    found |= self._set(denominator, Fraction(fits[0]))
            if denominator in self.known and count not in self.known and self.known[denominator] > 0:
                d = self.known[denominator]
                fits = [n for n in range(int(d) + 1) if _round(Fraction(n) * 100 / d) == shown]
                if len(fits) == 1:
                    found |= self._set(count, Fraction(fits[0]))
        return found

    def _residual(self, total: Var, parts: list[Var]) -> tuple[list[tuple[Var, int]], Fraction]:
        unknown = [(v, 1) for v in parts if v not in self.known] + ([(total, -1)] if total not in self.known else [])
        rest = sum((self.known[v] for v in parts if v in self.known), Fraction(0))
        rest -= self.known.get(total, Fraction(0)) if total in self.known else 0
        return unknown, -rest  # sum(sign * unknown) = -rest

    def _single_unknowns(self) -> bool:
        found = False
        for total, parts, _ in self.equations:
            unknown, value = self._residual(total, parts)
            if len(unknown) == 1:
                var, sign = unknown[0]
                found |= self._set(var, value * sign)
        return found

    def _zeros(self) -> bool:
        """Counts are never negative: unknown parts of a count total whose known parts already make it are 0."""
        found = False
        for total, parts, counts in self.equations:
            unknown, value = self._residual(total, parts)
            if counts and unknown and value == 0 and all(sign == 1 for _, sign in unknown):
                for var, _ in unknown:
                    found |= self._set(var, Fraction(0))
        return found

    def _linear(self) -> bool:
        """Gauss-Jordan elimination over the rationals on every equation at once."""
        rows: list[list[Fraction]] = []
        names: list[Var] = []
        index: dict[Var, int] = {}
        system = []
        for total, parts, _ in self.equations:
            unknown, value = self._residual(total, parts)
            if unknown:
                for var, _ in unknown:
                    if var not in index:
                        index[var] = len(names)
                        names.append(var)
                system.append((unknown, value))
        for unknown, value in system:
            row = [Fraction(0)] * (len(names) + 1)
            for var, sign in unknown:
                row[index[var]] += sign
            row[-1] = value
            rows.append(row)
        pivot_row = 0
        for col in range(len(names)):
            pick = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
            if pick is None:
                continue
            rows[pivot_row], rows[pick] = rows[pick], rows[pivot_row]
            lead = rows[pivot_row][col]
            rows[pivot_row] = [x / lead for x in rows[pivot_row]]
            for r in range(len(rows)):
                if r != pivot_row and rows[r][col] != 0:
                    factor = rows[r][col]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
            pivot_row += 1
        found = False
        for row in rows[:pivot_row]:
            nonzero = [n for n, x in enumerate(row[:-1]) if x != 0]
            if len(nonzero) == 1:
                found |= self._set(names[nonzero[0]], row[-1])
        return found


def attack_model(tables: dict[str, list[list[Cell]]], measures: dict[str, float], *, own: Iterable[str] = ()) -> Attack:
    """The attacker's equations over what is shown (the tables' layout is public: docs/profile.md)."""
    a = Attack()
    everyone = ("role", "All roles")
    a.see(everyone, measures["inpost_headcount"])
    for key in BY_ROLE:
        rows = tables[key]
        roles = list(dict.fromkeys(str(r[0]) for r in rows))
        bands = list(dict.fromkeys(str(r[1]) for r in rows))
        for role, band, count, pct in rows:
            var = a.see((key, role, band), count)
            if key == "ethnicity":
                if band != "Not known":
                    a.percent(var, ("known", role), pct)
            else:
                a.percent(var, ("role", role), pct)
        for role in roles:
            if key == "ethnicity":
                a.equation(("known", role), [(key, role, b) for b in bands if b != "Not known"])
                a.equation(("role", role), [("known", role), (key, role, "Not known")])
            else:
                a.equation(("role", role), [(key, role, b) for b in bands])
        inner = [r for r in roles if r != "All roles"]
        for band in bands:
            a.equation((key, "All roles", band), [(key, r, band) for r in inner])
        a.equation(everyone, [("role", r) for r in inner])
        if key == "ethnicity":
            a.equation(("known", "All roles"), [("known", r) for r in inner])
    service = [a.see(("service", str(r[0])), r[1]) for r in tables["service"]]
    for r, var in zip(tables["service"], service, strict=True):
        a.percent(var, everyone, r[2])
    a.equation(everyone, service)
    for keys, what in ((("leavers-reason", "leavers-destination"), "leavers"), (("starters-origin",), "starters")):
        total = a.see((what,), measures[f"{what}_headcount"])
        fte = a.see((what, "fte"), measures[f"{what}_fte"])
        for key in keys:
            counts = [a.see((key, str(r[0])), r[1]) for r in tables[key]]
            ftes = [a.see((key, str(r[0]), "fte"), r[2]) for r in tables[key]]
            for r, var in zip(tables[key], counts, strict=True):
                a.percent(var, total, r[3])
            a.equation(total, counts)
            a.equation(fte, ftes, counts=False)
    for var, measure in (  # the council's totals of the team tables, as DfE measures
        (("caseload-team", "Total", 2), "case_holders_fte"),
        (("caseload-team", "Total", 3), "cases"),
        (("establishment", "Total", 3), "inpost_fte"),
        (("establishment", "Total", 4), "agency_fte"),
    ):
        if measures.get(measure) is not None:
            a.learn(var, measures[measure])
    mine = set(own)
    for key, columns in (
        ("caseload-team", {1: True, 2: False, 3: True, 6: True, 7: True}),  # workers, FTE, cases, above 18, 22
        ("establishment", {3: False, 4: False, 5: False, 6: False}),  # permanent, agency, vacant, uncovered
    ):
        rows = tables[key]
        for col, whole in columns.items():
            teams = [a.see((key, str(r[0]), col), r[col]) for r in rows if r[0] != "Total"]
            total = next(a.see((key, "Total", col), r[col]) for r in rows if r[0] == "Total")
            if mine:  # a manager: the rest of the council is one unknown
                teams.append((key, "others", col))
            a.equation(total, teams, counts=whole)
        if key == "establishment":
            for r in rows:
                funded, _permanent, _agency, vacant, uncovered = (r[2], *(r[3:7]))
                name = str(r[0])
                if isinstance(funded, float) and isinstance(vacant, float) and vacant > 0:
                    a.equation((key, name, 2), [(key, name, 3), (key, name, 5)], counts=False)
                if isinstance(funded, float) and isinstance(uncovered, float) and uncovered > 0:
                    a.equation((key, name, 2), [(key, name, 3), (key, name, 4), (key, name, 6)], counts=False)
                a.see((key, name, 2), funded)
    return a


def truth_of(board_tables: dict[str, list[list[Cell]]], *, own: Iterable[str] = ()) -> dict[Var, float]:
    """Every variable's true value, from the tables as an analyst sees them (nothing withheld)."""
    nothing = dict.fromkeys(("inpost_headcount", "leavers_headcount", "starters_headcount"), 0.0)
    model = attack_model(board_tables, nothing | {"leavers_fte": 0.0, "starters_fte": 0.0})
    values = {v: float(x) for v, x in model.seen.items() if isinstance(x, float)}
    for role, _band, count, _ in board_tables["sex"]:
        values[("role", role)] = values.get(("role", role), 0.0) + float(count or 0)
    for role, band, count, _ in board_tables["ethnicity"]:
        if band != "Not known":
            values[("known", role)] = values.get(("known", role), 0.0) + float(count or 0)
    mine = set(own)
    for key, cols in (("caseload-team", (1, 2, 3, 6, 7)), ("establishment", (3, 4, 5, 6))):
        for col in cols:
            others = [float(r[col] or 0) for r in board_tables[key] if r[0] != "Total" and r[0] not in mine]
            values[(key, "others", col)] = sum(others)
    return values


# What a manager must not learn of the teams they do not see: how many workers there are above 18 and 22 cases
# per FTE. How many workers there are, their FTE and cases, the manager has from the council's DfE figures less
# their own teams, whatever the table shows (docs/web.md, "Small numbers").
PEOPLE_COUNTS = {("caseload-team", "others", col) for col in (6, 7)}


def withheld_recovered(tables, measures, truth, *, own: Iterable[str] = ()) -> dict[Var, tuple[Fraction, float]]:
    """The withheld cells ("c"), and the margins never shown whose true value is small, that the attack
    determines, with what it found and the true value."""
    attack = attack_model(tables, measures, own=own)
    known = attack.solve()
    targets = {v for v, shown in attack.seen.items() if shown == "c"}
    margins = {v for v in truth if v[0] in ("role", "known")} | (PEOPLE_COUNTS if own else set())
    hidden_margins = {v for v in margins if v not in attack.seen and 0 < truth[v] < 5}
    return {v: (known[v], truth.get(v, float("nan"))) for v in targets | hidden_margins if v in known}


def _as_analyst(council: m.Council) -> dict[str, list[list[Cell]]]:
    board = council_dashboard(council=council, today=TODAY)
    return {key: [[_cell(v) for v in row] for row in board.section(key).table.rows] for key in KEYS}


def _sign_in(client: Client, make_user: MakeUser, name: str, role: str, **profile: Any) -> str:
    client.force_login(make_user(name, role, **profile))
    return token_create(username=name, created_by="test", now=datetime.now(UTC))


def _check(client: Client, council: m.Council, token: str, *, own: Iterable[str] = ()) -> dict[str, list[list[Cell]]]:
    tables, measures = collect(client, council.la_code, token)
    truth = truth_of(_as_analyst(council), own=own)
    assert measures["inpost_headcount"] == truth_of_everyone(council), "the API's headcount is the tables' total"
    recovered = withheld_recovered(tables, measures, truth, own=own)
    assert recovered == {}, f"withheld figures worked out again: {recovered}"
    return tables


def truth_of_everyone(council: m.Council) -> float:
    sex = _as_analyst(council)["sex"]
    return sum(float(r[2] or 0) for r in sex if r[0] == "All roles")


# ------------------------------------------------------------------------------------------------- the tests


def test_the_solver_finds_what_primary_suppression_alone_leaves() -> None:
    """The audit's case: 8 female of 10 (80.0%) with the 2 men withheld gives the men away."""
    tables = {
        "sex": [
            ["Case holder", "Female", 8.0, 80.0],
            ["Case holder", "Male", "c", "c"],
            ["Case holder", "Not known", 0.0, 0.0],
            ["All roles", "Female", 8.0, 80.0],
            ["All roles", "Male", "c", "c"],
            ["All roles", "Not known", 0.0, 0.0],
        ],
        "age": [["Case holder", "30 to 39", 10.0, 100.0], ["All roles", "30 to 39", 10.0, 100.0]],
        "ethnicity": [["Case holder", "Not known", 10.0, None], ["All roles", "Not known", 10.0, None]],
        "service": [["Less than 2 years", 10.0, 100.0]],
        "leavers-reason": [],
        "leavers-destination": [],
        "starters-origin": [],
        "caseload-team": [
            ["Big team", 7.0, 7.0, 70.0, 10.0, 12.0, 0.0, 0.0],
            ["Small team", "c", "c", "c", "c", "c", 0.0, 0.0],
            ["Total", 10.0, 10.0, 100.0, 10.0, 12.0, 0.0, 0.0],
        ],
        "establishment": [
            ["Big team", "", 8.0, 7.0, 0.0, 1.0, 1.0, 100.0],
            ["Small team", "", 3.0, "c", "c", "c", "c", "c"],
            ["Total", "", 11.0, 10.0, 0.0, 1.0, 1.0, 100.0],
        ],
    }
    measures = {
        "inpost_headcount": 10,
        "leavers_headcount": 0,
        "starters_headcount": 0,
        "leavers_fte": 0,
        "starters_fte": 0,
    }
    known = attack_model(tables, measures).solve()
    assert known[("sex", "Case holder", "Male")] == 2  # 8 / 80% = 10; 10 - 8 - 0
    assert known[("caseload-team", "Small team", 1)] == 3  # 10 workers - 7
    assert known[("caseload-team", "Small team", 3)] == 30  # and its cases, 100 - 70
    assert known[("establishment", "Small team", 3)] == 3  # permanent FTE, 10 - 7


@pytest.fixture
def tiny(db: None) -> m.Council:
    return _load(tinyvale())


def test_a_viewer_of_a_council_of_ten_learns_none_of_its_small_numbers(client: Client, make_user: MakeUser, tiny):
    tables = _check(client, tiny, _sign_in(client, make_user, "v", "viewer"))
    # By hand: 8 female and 2 male case holders. 2 is small; the 8 beside it would give it (10 in all is the
    # DfE headcount), so both are withheld, in the role's rows and in all roles; the percentages go with them.
    sex = {(r[0], r[1]): (r[2], r[3]) for r in tables["sex"]}
    for role in ("Case holder", "All roles"):
        assert sex[role, "Female"] == ("c", "c") and sex[role, "Male"] == ("c", "c")
        assert sex[role, "Not known"] == (0.0, 0.0)
    assert sex["Senior manager", "Female"] == (0.0, None)  # no one in the role: 0, no percentage
    # ages 2, 4, 4: all small
    age = {(r[0], r[1]): r[2] for r in tables["age"]}
    assert [age["All roles", b] for b in ("20 to 29", "30 to 39", "40 to 49", "50 to 59")] == ["c", "c", "c", 0.0]
    # teams of 7 and 3: the 3 is small and the 7 would give it (10 in all), so both teams' workers, FTE and
    # cases are withheld and the total shown; the establishment's staffing FTE of both teams too
    caseloads = {r[0]: r for r in tables["caseload-team"]}
    assert caseloads["Big team"][1:6] == ["c"] * 5 and caseloads["Small team"][1:6] == ["c"] * 5
    assert caseloads["Total"][1:4] == [10.0, 10.0, 120.0]
    establishment = {r[0]: r for r in tables["establishment"]}
    assert establishment["Small team"][2:] == [3.0, "c", "c", "c", "c", "c"]
    # 1 leaver, who resigned; the council's 1 leaver is a DfE measure, so a second cell (the first zero in the
    # list) is withheld beside it: 1 = resigned + voluntary redundancy, either could be the 1
    reasons = {r[0]: r[1] for r in tables["leavers-reason"]}
    assert reasons["Resignation"] == "c" and reasons["Voluntary redundancy"] == "c" and reasons["Retired"] == 0.0
    origins = {r[0]: r[1] for r in tables["starters-origin"]}
    assert origins["Newly qualified social worker"] == "c"


def test_a_manager_sees_their_team_in_full_and_the_rest_of_the_council_withheld(
    client: Client, make_user: MakeUser, tiny
):
    # The manager of the team of 7 sees it in full, and the total, which is the council's DfE figures (10 in
    # post, 120 cases): the total less 7 gives the other team's 3 whatever the table shows, so it is not
    # withheld. The council-wide tables are withheld as for a viewer.
    tables = _check(client, tiny, _sign_in(client, make_user, "big", "manager", teams=["Big team"]), own=["Big team"])
    caseloads = {r[0]: r for r in tables["caseload-team"]}
    assert list(caseloads) == ["Big team", "Total"]
    assert caseloads["Big team"][1:4] == [7.0, 7.0, 84.0] and caseloads["Total"][1:4] == [10.0, 10.0, 120.0]
    assert {r[1]: r[2] for r in tables["sex"] if r[0] == "All roles"}["Male"] == "c"


def test_the_manager_of_the_small_team_sees_the_total(client: Client, make_user: MakeUser, tiny):
    # The other team is 7 workers: the total (10) less their 3 gives 7, which is no small number.
    tables = _check(
        client, tiny, _sign_in(client, make_user, "small", "manager", teams=["Small team"]), own=["Small team"]
    )
    caseloads = {r[0]: r for r in tables["caseload-team"]}
    assert caseloads["Small team"][1] == 3.0 and caseloads["Total"][1] == 10.0


def test_a_council_whose_roles_are_small_keeps_them_hidden_in_every_table(client: Client, make_user: MakeUser, db):
    council = _load(smallbrook())
    tables = _check(client, council, _sign_in(client, make_user, "v", "viewer"))
    # first line managers (2) and senior practitioners (3) are small roles: no percentage of theirs is shown in
    # any of the three tables, since any one would give the role's headcount
    for key in BY_ROLE:
        for role, _, _, pct in tables[key]:
            if role in ("First line manager", "Senior practitioner"):
                assert pct in ("c", None), (key, role, pct)


def test_a_viewer_of_the_demo_council_learns_none_of_its_small_numbers(client: Client, make_user: MakeUser, db):
    from csc_workforce.synthetic import demo_council

    council = _load(demo_council(seed=2025))
    tables = _check(client, council, _sign_in(client, make_user, "v", "viewer"))
    assert sum(row.count("c") for rows in tables.values() for row in rows) > 10


def test_a_manager_of_the_demo_council_learns_none_of_the_rest(client: Client, make_user: MakeUser, db):
    from csc_workforce.synthetic import demo_council

    council = _load(demo_council(seed=2025))
    team = next(r[0] for r in _as_analyst(council)["caseload-team"] if r[0] != "Total")
    _check(client, council, _sign_in(client, make_user, "m", "manager", teams=[team]), own=[team])


def test_random_tables_protected_by_the_module_resist_the_solver() -> None:
    """The module's own check (``recoverable``) against this file's solver, on 150 tables with margins: counts
    from 0 to 30, many of them small; the grand total public."""
    import random

    from csc_workforce.measures.disclosure import Problem, protect

    chance = random.Random(10)
    for _ in range(150):
        rows, cols = chance.randint(2, 5), chance.randint(2, 5)
        grid = [[chance.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 30]) for _ in range(cols)] for _ in range(rows)]
        problem = Problem()
        for r in range(rows):
            for c in range(cols):
                problem.cell((r, c), grid[r][c])
        for r in range(rows):
            problem.cell(("row", r), sum(grid[r]), margin=True)
            problem.equation(("row", r), [(r, c) for c in range(cols)])
        for c in range(cols):
            problem.cell(("col", c), sum(g[c] for g in grid), margin=True)
            problem.equation(("col", c), [(r, c) for r in range(rows)])
        problem.cell("all", sum(map(sum, grid)), public=True)
        problem.equation("all", [("row", r) for r in range(rows)])
        problem.equation("all", [("col", c) for c in range(cols)])
        result = protect(problem)
        assert {k for k, v in problem.values.items() if 0 < v < 5 and k != "all"} <= result.withheld
        attack = Attack()
        for key, value in problem.values.items():
            attack.see((key,), "c" if key in result.withheld else float(value))
        for eq in problem.equations:
            attack.equation((eq.total,), [(p,) for p in eq.parts])
        known = attack.solve()
        recovered = {k for k in result.withheld if (k,) in known}
        assert not recovered and not result.exposed, (grid, sorted(result.withheld, key=str), recovered)


def test_the_strategy_pages_leave_out_people_rates_that_would_give_small_numbers(
    client: Client, make_user: MakeUser, tiny
):
    """Tinyvale's ethnicity: 9 known, 3 of them from ethnic minorities (33.3%); 2 men of 10 (20.0%); 2 of 10
    with less than 2 years' service (20.0%). Each numerator is 1 to 4, so viewers and managers get none of them
    (as the council page withholds them); analysts get all three. Lewisham's strategy names the first."""
    from csc_workforce.store.services.strategies import HeldValues

    full, withheld = HeldValues(), HeldValues(withhold=True)
    for measure, value in (
        ("ethnic_minority_pct", 100 * 3 / 9),
        ("male_pct", 20.0),
        ("service_under_2_years_pct", 20.0),
    ):
        assert dict(full.series(measure, "980") or [])[YEAR] == pytest.approx(value)
        assert YEAR not in dict(withheld.series(measure, "980") or [])
    assert dict(full.series("inpost_headcount", "980") or [])[YEAR] == 10  # DfE measures are not withheld
    assert dict(withheld.series("inpost_headcount", "980") or [])[YEAR] == 10
    _sign_in(client, make_user, "v", "viewer", la_code="980")
    response = client.get("/strategies/lewisham-2016-18/?la=980&as_at=2025-10-15")
    assert response.status_code == 200 and "Tinyvale" in response.content.decode()
    assert "33.3" not in response.content.decode()
    client.force_login(make_user("a", "analyst", la_code="980"))
    assert "33.3" in client.get("/strategies/lewisham-2016-18/?la=980&as_at=2025-10-15").content.decode()


def test_the_strategy_pages_leave_out_flow_figures_of_small_counts(tiny):
    """Tinyvale's 2 newly qualified starters (of 2) and its 1 leaver, who resigned (100%): all withheld."""
    from csc_workforce.store.services.strategies import HeldValues

    full, withheld = HeldValues(), HeldValues(withhold=True)
    for measure, value in (("nq_starters", 2), ("nq_starters_pct", 100.0), ("leavers_resignation_pct", 100.0)):
        assert dict(full.series(measure, "980") or [])[YEAR] == pytest.approx(value)
        assert YEAR not in dict(withheld.series(measure, "980") or [])


def test_the_strategy_pages_show_viewers_only_council_wide_local_figures_and_checked_rates(tiny):
    """Local figures about small groups no table protects (one worker's most cases, newly qualified starters
    retained: Tinyvale's 2, so 0% or 50% or 100% tells of one person) are left out for viewers and managers;
    council-wide ones over the whole workforce (permanency, average caseload) are shown as to analysts."""
    from csc_workforce.store.services.strategies import HeldValues

    full, withheld = HeldValues(), HeldValues(withhold=True)
    for measure in ("caseload_max", "nq_starters_retained_pct"):
        assert YEAR in dict(full.series(measure, "980") or [])
        assert YEAR not in dict(withheld.series(measure, "980") or [])
    for measure in ("permanency_rate_fte", "caseload_average_per_worker"):
        shown = dict(full.series(measure, "980") or [])
        assert YEAR in shown and dict(withheld.series(measure, "980") or []) == shown
