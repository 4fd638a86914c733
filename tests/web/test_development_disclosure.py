"""The attack on the practice and development page: what a viewer downloads of the demo council's supervision and
reviews (by team, and by team and worker group or role), put together the way the tables are built (each team's
groups add up to the team, each group's teams to the council's row of it, the teams to the council), and solved
exactly: no withheld cell ("c") may be worked out, by linear algebra over the rationals or by non-negativity (a
sum of withheld cells that must be 0). A percentage is never shown beside a withheld count it comes from.

The solver here is written apart from ``measures.disclosure``: it sees only the CSV files a viewer can download.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from django.test import Client

from csc_workforce.store import models as m
from csc_workforce.store.services.records import records_store, records_with_source
from tests.web.conftest import MakeUser

Var = tuple[str, str, str]  # (team, group, column)
Equation = tuple[dict[Var, int], Fraction]  # sum of coefficient x cell = constant, over the withheld cells


def _download(client: Client, key: str) -> list[dict[str, str]]:
    response = client.get(f"/councils/990/development/download/{key}.csv")
    assert response.status_code == 200, key
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _cell(rows: dict[tuple[str, str], dict[str, str]], team: str, group: str, column: str) -> Fraction | Var:
    text = rows[team, group][column]
    return (team, group, column) if text == "c" else Fraction(text or "0")


def _equations(team_rows, group_rows, counts: list[str], every: str) -> list[Equation]:  # type: ignore[no-untyped-def]
    """The equations the tables' structure gives, one per line, in the withheld cells."""
    by_team = {(r["Team"], every): r for r in team_rows}
    by_group = {(r["Team"], r[group_col(group_rows)]): r for r in group_rows}
    cells = {**by_team, **by_group}
    teams = sorted({t for t, _ in by_team if t != "Total"})
    groups = sorted({g for _, g in by_group})
    equations: list[Equation] = []

    def line(total: Fraction | Var, parts: list[Fraction | Var]) -> None:
        coefficients: dict[Var, int] = {}
        constant = Fraction(0)
        for sign, value in [(1, total), *((-1, p) for p in parts)]:
            if isinstance(value, Fraction):
                constant -= sign * value
            else:
                coefficients[value] = coefficients.get(value, 0) + sign
        equations.append((coefficients, constant))

    for column in counts:
        for team in [*teams, "Total"]:
            present = [g for g in groups if (team, g) in cells]
            line(_cell(cells, team, every, column), [_cell(cells, team, g, column) for g in present])
        for group in [*groups, every]:
            present = [t for t in teams if (t, group) in cells]
            if ("Total", group) in cells:
                line(_cell(cells, "Total", group, column), [_cell(cells, t, group, column) for t in present])
    return equations


def group_col(rows: list[dict[str, str]]) -> str:
    return "Worker group" if "Worker group" in rows[0] else "Role"


def solve(equations: list[Equation]) -> set[Var]:
    """The withheld cells the equations fix (:func:`solution`)."""
    return set(solution(equations))


def solution(equations: list[Equation]) -> dict[Var, Fraction]:
    """The withheld cells the equations fix, with their values: reduced row echelon form over the rationals (a
    cell alone in a row is fixed), and non-negativity (cells of an equation adding up to 0 with positive
    coefficients are each 0), repeated until nothing more is found."""
    found: dict[Var, Fraction] = {}
    while True:
        rows = []
        for coefficients, constant in equations:
            row = {v: Fraction(c) for v, c in coefficients.items() if c and v not in found}
            rest = constant - sum(Fraction(c) * found[v] for v, c in coefficients.items() if v in found)
            if row:
                rows.append((row, rest))
        new: dict[Var, Fraction] = {}
        for row, rest in rows:  # non-negativity
            if rest == 0 and all(c > 0 for c in row.values()) or rest == 0 and all(c < 0 for c in row.values()):
                new.update(dict.fromkeys(row, Fraction(0)))
        variables = sorted({v for row, _ in rows for v in row})
        matrix = [[row.get(v, Fraction(0)) for v in variables] + [rest] for row, rest in rows]
        pivot_row = 0
        for col in range(len(variables)):
            pivot = next((r for r in range(pivot_row, len(matrix)) if matrix[r][col] != 0), None)
            if pivot is None:
                continue
            matrix[pivot_row], matrix[pivot] = matrix[pivot], matrix[pivot_row]
            lead = matrix[pivot_row][col]
            matrix[pivot_row] = [x / lead for x in matrix[pivot_row]]
            for r in range(len(matrix)):
                if r != pivot_row and matrix[r][col] != 0:
                    factor = matrix[r][col]
                    matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[pivot_row], strict=True)]
            pivot_row += 1
        for row in matrix:
            nonzero = [i for i, x in enumerate(row[:-1]) if x != 0]
            if len(nonzero) == 1:
                new[variables[nonzero[0]]] = row[-1]
        new = {v: x for v, x in new.items() if v not in found}
        if not new:
            return found
        found.update(new)


def test_the_solver_finds_a_cell_left_alone_in_a_line() -> None:
    a, b = ("A", "nqsw", "due"), ("A", "all", "due")
    assert solve([({a: 1, b: 1}, Fraction(22)), ({b: 1}, Fraction(20))]) == {a, b}
    assert solve([({a: 1, b: 1}, Fraction(0))]) == {a, b}  # two withheld cells adding up to 0: both 0
    assert solve([({a: 1, b: 1}, Fraction(22))]) == set()


@pytest.fixture
def demo(db: None) -> m.Council:
    from csc_workforce.synthetic import demo_council

    records = demo_council(seed=2025)
    council = m.Council.objects.create(la_code=records.council.la_code, name=records.council.name, region="North West")
    source = m.Source.objects.create(
        council=council, kind="synthetic", name="test", recorded_at=datetime.now(UTC), complete_to=date(2025, 9, 30)
    )
    records_store(council=council, records=records_with_source(records, f"source:{source.pk}"))
    return council


@pytest.mark.parametrize(
    ("teams", "groups", "counts", "every", "rates"),
    [
        (
            "supervision-team",
            "supervision-group",
            ["Sessions due", "Held on time", "Workers in post through", "Supervised in that month"],
            "All workers",
            {
                "On time (%)": ["Sessions due", "Held on time"],
                "Supervised in that month (%)": ["Workers in post through", "Supervised in that month"],
            },
        ),
        (
            "reviews-team",
            "reviews-role",
            ["Reviews due", "Completed in timescale", "Rated", "Successful or higher"],
            "All roles",
            {
                "In timescale (%)": ["Reviews due", "Completed in timescale"],
                "Successful or higher (%)": ["Rated", "Successful or higher"],
            },
        ),
    ],
)
def test_a_viewer_of_the_demo_council_cannot_work_out_a_withheld_team_figure(
    client: Client,
    make_user: MakeUser,
    demo: m.Council,
    teams: str,
    groups: str,
    counts: list[str],
    every: str,
    rates: dict[str, list[str]],
) -> None:
    client.force_login(make_user("viewer", "viewer", la_code="990"))
    team_rows, group_rows = _download(client, teams), _download(client, groups)
    header = list(team_rows[0])
    named = {c: next(h for h in header if h.startswith(c)) for c in counts}  # "Workers in post through <date>"
    counts = [named[c] for c in counts]
    rates = {rate: [named[s] for s in sources] for rate, sources in rates.items()}
    withheld = {(r["Team"], c) for r in team_rows + group_rows for c in counts if r[c] == "c"}
    assert withheld, "the demo council has small groups: something is withheld"
    for row in team_rows + group_rows:  # no percentage beside a withheld count it comes from
        for rate, sources in rates.items():
            if any(row[s] == "c" for s in sources):
                assert row[rate] == "c", (row["Team"], rate)
    assert solve(_equations(team_rows, group_rows, counts, every)) == set()
