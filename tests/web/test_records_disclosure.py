"""The attack on the pages of figures from dated records that came after "Practice and development":
"Recruitment and agency", "Practice quality" and "Staff voice and wellbeing" (``records_pages.PAGES``). It reads
only the CSV files a viewer downloads, writes down the equations the tables' structure gives, and solves them
exactly (``solution`` of tests/web/test_development_disclosure.py: linear algebra over the rationals and
non-negativity). A viewer must not be able to

* see a count of people or cases from 1 to 4;
* work out a withheld cell ("c");
* work out a *rest* of 1 to 4: a group the structure names but no table shows (the applications shortlisted
  but not interviewed: shortlisted less interviewed; the audits neither good nor inadequate), found when
  every cell it comes from is shown or worked out;
* see a percentage, median or mean beside a withheld count it is computed from (its numerator, denominator or
  the people it is over), nor work out a withheld count from a percentage and its shown denominator.

The structure, table by table (each count column adds up over the rows to the total row unless said):

* recruitment-channel, recruitment-route: applications by channel and by route, the same applications, so the
  two total rows are one; in each row the steps nest (applications = shortlisted + not shortlisted,
  shortlisted = interviewed + not interviewed, and so on to started), and applications = withdrew + not taken
  forward + neither; each step's % is of the row's applications;
* recruitment-successful: starters by channel; its total is the application-to-start span's total in
  recruitment-times; % of the total;
* recruitment-times: per span, the bands add up to the span's total; % of it; the median with the total;
* recruitment-reasons: each reason's applications are a subset of the total (several reasons each: the rows do
  not add up), the rest of the total a group too; % of the total;
* recruitment-cost: hires add up over the cost types; cost per hire with the hires (campaigns are not people);
* agency-rates: placements, those compared with a cap and those over it by role and grade, compared a subset
  of placements, over a subset of compared; the same placements as the regional return's in post, compared and
  over cap; the averages with the placements, % over with over and compared;
* agency-regional-return: its counts add up over the rows, and over 12 months and compared are subsets of in
  post, over cap of compared; spend placements are the placements of agency-spend-grade; averages and spend
  with the placements they are over;
* agency-spend-grade, agency-spend-team: placements costed add up over the rows to the same total;
  agency-spend-month: each month's placements on their own (a placement spans months);
* audits-team, audits-element, audits-month, audits-element-month: in each row, audits = good or outstanding +
  requires improvement + inadequate (requires improvement, not good and not inadequate are rests); the teams
  add up to the total, which is audits-element's overall row, and the months (with the audits outside whole
  months, a rest) add up to each element's row; % of the row's audits; the change with both months' %;
* turnover-cost: the placements covering funded posts (the agency spend's and the premium's), the permanent
  starters (on-boarding's) and the permanent leavers (the total's and per leaver's) are people; the costs are
  money, related as premium = agency spend + the (negative) permanent equivalent and total = premium +
  recruitment + on-boarding, so a withheld cost must not be worked out from the others, and no cost is shown
  beside the withheld count of the people it is over; turnover-salaries: the full-time workers a median salary
  is over are people, and the salary and the costs from it are withheld with them (their pay);
  turnover-assumptions: the council's assumptions, no counts;
* allocations-workers: children allocated = at most 3 + 4 or more, the children of allocations-changes (whose
  rows add up to its total); % of the children; allocations-caseloads: workers with both = same + different,
  the other two counts on their own;
* indicators-month: each month's rate over its denominator where shown (assessments), giving the numerator;
  compliments and complaints on their own;
* hr-cases-kind: the kinds add up; in each row the cases open at the start of the period + opened = open on the
  date + closed (both sides a rest, the cases open at some time in the period);
* interviews-themes-6, -12: each theme a subset of its kind's interviews (the total row); the 6 months inside
  the 12 (each count of the 12 = the 6 + the months before, a rest); share of the interviews;
  interviews-share: interviewed a subset of leavers, the windows nested in the same way;
* surveys-latest, surveys-trend: those agreeing (the % of those answering) and the rest of those answering,
  the previous wave's from its % and the trend's answering; the change with both %; surveys-response:
  responses a subset of those invited, the rate with both.

Money and hours (spend, hours, costs, rates and caps in pounds) are not counts of people: they are checked
only as figures withheld with the placements or hires they are over. There are no money-only tables among
these pages' downloads (each agency spend table has its placements too). A partition's complement (the total
less one row, where the other rows are withheld) is the sum of withheld cells, protected as in the development
page's attack: no single cell may be worked out.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from django.test import Client

from csc_workforce.store import models as m
from csc_workforce.store.services.records import records_store, records_with_source
from tests.web.conftest import MakeUser
from tests.web.test_development_disclosure import Equation, Var, solution

PAGE_OF = {
    "recruitment-agency": (
        "recruitment-channel",
        "recruitment-route",
        "recruitment-successful",
        "recruitment-times",
        "recruitment-reasons",
        "recruitment-cost",
        "agency-rates",
        "agency-spend-month",
        "agency-spend-grade",
        "agency-spend-team",
        "agency-regional-return",
        "turnover-cost",
        "turnover-salaries",
        "turnover-assumptions",
    ),
    "practice-quality": (
        "audits-team",
        "audits-element",
        "audits-month",
        "audits-element-month",
        "allocations-workers",
        "allocations-changes",
        "allocations-caseloads",
        "indicators-month",
    ),
    "staff-voice": (
        "hr-cases-kind",
        "interviews-themes-6",
        "interviews-themes-12",
        "interviews-share",
        "surveys-latest",
        "surveys-trend",
        "surveys-response",
    ),
}
ANALYSTS_ONLY = ("agency-placements",)  # names each placement: never a viewer's
Rows = list[dict[str, str]]
Cell = Fraction | Var
STEPS = ("Shortlisted", "Interviewed", "Offered", "Accepted", "Started")
FUNNEL = ("Applications", *STEPS, "Withdrew", "Not taken forward")


class Attack:
    """The equations of the tables a viewer downloaded, in their withheld cells and the rests they name."""

    def __init__(self, tables: Mapping[str, Rows]) -> None:
        self.tables = tables
        self.equations: list[Equation] = []
        self.withheld: set[Var] = set()
        self.rests: set[Var] = set()
        self.problems: list[str] = []

    def rows(self, table: str) -> Rows:
        return self.tables.get(table, [])

    def cell(self, table: str, label: str, column: str, row: Mapping[str, str]) -> Cell:
        text = row[column]
        if text == "c":
            var = (table, label, column)
            self.withheld.add(var)
            return var
        value = Fraction(text or "0")
        if 0 < value < 5 and value.denominator == 1:
            self.problems.append(f"{table}: {label} {column} shows {value}")
        return value

    def rest(self, table: str, label: str, name: str) -> Var:
        var = (table, label, f"rest: {name}")
        self.rests.add(var)
        return var

    def line(self, total: Cell, parts: Iterable[Cell]) -> None:
        """total = sum(parts)."""
        coefficients: dict[Var, int] = {}
        constant = Fraction(0)
        for sign, value in [(1, total), *((-1, p) for p in parts)]:
            if isinstance(value, Fraction):
                constant -= sign * value
            else:
                coefficients[value] = coefficients.get(value, 0) + sign
        self.equations.append(({v: c for v, c in coefficients.items() if c}, constant))

    def rate(self, table: str, label: str, row: Mapping[str, str], rate: str, *sources: Cell) -> None:
        """A percentage, median or mean is withheld when a count it comes from is."""
        if row[rate] != "c" and any(not isinstance(s, Fraction) for s in sources):
            self.problems.append(f"{table}: {label} {rate} {row[rate]} shown beside a withheld count")

    def of_rate(self, table: str, label: str, row: Mapping[str, str], rate: str, whole: Cell) -> Cell:
        """The numerator a shown percentage of a shown denominator gives (below 1000 it is exact)."""
        if row[rate] in ("", "c") or not isinstance(whole, Fraction):
            return self.rest(table, label, f"numerator of {rate}")
        candidates = [n for n in range(int(whole) + 1) if abs(100 * n / whole - float(row[rate])) <= 0.05 + 1e-9]
        assert len(candidates) == 1, (table, label, rate, candidates)
        return Fraction(candidates[0])

    def leaks(self) -> list[str]:
        found = solution(self.equations)
        told = [f"withheld {v} worked out as {found[v]}" for v in sorted(self.withheld & set(found))]
        told += [f"{v} worked out as {found[v]}" for v in sorted(self.rests & set(found)) if 0 < found[v] < 5]
        return self.problems + told


def _label(row: Mapping[str, str], keys: tuple[str, ...]) -> str:
    return " / ".join(row[k] for k in keys)


def _sum_to_total(attack: Attack, table: str, keys: tuple[str, ...], columns: Iterable[str]) -> dict[str, Cell]:
    """Each column's rows add up to its total row (the row whose first key is "Total"); the total row's cells."""
    rows = attack.rows(table)
    if not rows:
        return {}
    total_row = next(r for r in rows if r[keys[0]] == "Total")
    totals = {}
    for column in columns:
        parts = [attack.cell(table, _label(r, keys), column, r) for r in rows if r is not total_row]
        totals[column] = attack.cell(table, "Total", column, total_row)
        attack.line(totals[column], parts)
    return totals


def _subset(attack: Attack, table: str, label: str, whole: Cell, part: Cell, name: str) -> Var:
    """part is a subset of whole: the rest a group of its own."""
    rest = attack.rest(table, label, name)
    attack.line(whole, [part, rest])
    return rest


# ---------------------------------------------------------------------------------------------- recruitment


def _recruitment(attack: Attack) -> None:
    totals = {}
    for table in ("recruitment-channel", "recruitment-route"):
        keys = (next(iter(attack.rows(table)[0])),) if attack.rows(table) else ("",)
        totals[table] = _sum_to_total(attack, table, keys, FUNNEL)
        for row in attack.rows(table):
            label = row[keys[0]]
            cells = {c: attack.cell(table, label, c, row) for c in FUNNEL}
            chain = ("Applications", *STEPS)
            for before, after in zip(chain, chain[1:], strict=False):
                _subset(attack, table, label, cells[before], cells[after], f"{before} not {after}")
            neither = attack.rest(table, label, "neither withdrew nor not taken forward")
            attack.line(cells["Applications"], [cells["Withdrew"], cells["Not taken forward"], neither])
            for step in STEPS:
                attack.rate(table, label, row, f"{step} (%)", cells[step], cells["Applications"])
    if all(totals.values()):  # the same applications: one total row
        for column in FUNNEL:
            attack.line(totals["recruitment-channel"][column], [totals["recruitment-route"][column]])

    started = _sum_to_total(attack, "recruitment-successful", ("Channel",), ("Started",))
    for row in attack.rows("recruitment-successful"):
        label = row["Channel"]
        cell = attack.cell("recruitment-successful", label, "Started", row)
        attack.rate("recruitment-successful", label, row, "Of those who started (%)", cell, started["Started"])

    times = attack.rows("recruitment-times")
    for span in dict.fromkeys(r["From and to"] for r in times):
        rows = [r for r in times if r["From and to"] == span]
        total_row = next(r for r in rows if r["Days"] == "Total")
        total = attack.cell("recruitment-times", f"{span} / Total", "Applicants", total_row)
        parts = []
        for row in rows:
            label = f"{span} / {row['Days']}"
            cell = attack.cell("recruitment-times", label, "Applicants", row)
            attack.rate("recruitment-times", label, row, "Of applicants (%)", cell, total)
            if row is not total_row:
                parts.append(cell)
        attack.rate("recruitment-times", span, total_row, "Median days", total)
        attack.line(total, parts)
        if span.startswith("Application to start") and started:
            attack.line(total, [started["Started"]])  # the same starters

    reasons = attack.rows("recruitment-reasons")
    if reasons:
        total_row = next(r for r in reasons if r["Reason"] == "Total")
        total = attack.cell("recruitment-reasons", "Total", "Applications giving it", total_row)
        for row in reasons:
            label = row["Reason"]
            cell = attack.cell("recruitment-reasons", label, "Applications giving it", row)
            attack.rate("recruitment-reasons", label, row, "Of those giving a reason (%)", cell, total)
            if row is not total_row:
                _subset(attack, "recruitment-reasons", label, total, cell, "giving a reason, not this one")

    _sum_to_total(attack, "recruitment-cost", ("Cost",), ("Hires from them",))
    for row in attack.rows("recruitment-cost"):
        hires = attack.cell("recruitment-cost", row["Cost"], "Hires from them", row)
        attack.rate("recruitment-cost", row["Cost"], row, "Cost per hire (£)", hires)


# --------------------------------------------------------------------------------------------------- agency

MEANS = ("Average pay rate (£ an hour)", "Average charge rate (£ an hour)")
CAPS = ("Average pay cap (£ an hour)", "Average charge cap (£ an hour)")
RETURN = (
    "Placements in post",
    "Placements started",
    "Over 12 months",
    "Compared with cap",
    "Over cap",
    "Spend placements",
)


def _agency(attack: Attack) -> None:
    keys = ("Role", "Grade")
    counts = ("Placements", "Compared with a cap", "Over the cap")
    _sum_to_total(attack, "agency-rates", keys, counts)
    rates: dict[str, dict[str, Cell]] = {}
    for row in attack.rows("agency-rates"):
        label = _label(row, keys)
        cells = rates[label] = {c: attack.cell("agency-rates", label, c, row) for c in counts}
        _subset(attack, "agency-rates", label, cells["Placements"], cells["Compared with a cap"], "not compared")
        _subset(attack, "agency-rates", label, cells["Compared with a cap"], cells["Over the cap"], "not over")
        for mean in (*MEANS, *CAPS):
            attack.rate("agency-rates", label, row, mean, cells["Placements"])
        attack.rate("agency-rates", label, row, "Over the cap (%)", cells["Over the cap"], cells["Compared with a cap"])

    _sum_to_total(attack, "agency-regional-return", keys, RETURN)
    spent: dict[str, Cell] = {}
    for row in attack.rows("agency-regional-return"):
        label = _label(row, keys)
        cells = {c: attack.cell("agency-regional-return", label, c, row) for c in RETURN}
        table = "agency-regional-return"
        _subset(attack, table, label, cells["Placements in post"], cells["Over 12 months"], "under 12 months")
        _subset(attack, table, label, cells["Placements in post"], cells["Compared with cap"], "not compared")
        _subset(attack, table, label, cells["Compared with cap"], cells["Over cap"], "not over")
        for mean in (*MEANS, *CAPS):
            attack.rate(table, label, row, mean, cells["Placements in post"])
        attack.rate(table, label, row, "Spend (£)", cells["Spend placements"])
        spent[label] = cells["Spend placements"]
        placed = rates.get(label, {"Placements": Fraction(0), "Compared with a cap": Fraction(0)})
        attack.line(cells["Placements in post"], [placed["Placements"]])  # the same placements in post
        attack.line(cells["Compared with cap"], [placed["Compared with a cap"]])
        attack.line(cells["Over cap"], [placed.get("Over the cap", Fraction(0))])

    grade_total = _sum_to_total(attack, "agency-spend-grade", keys, ("Placements",))
    for row in attack.rows("agency-spend-grade"):
        label = _label(row, keys)
        cell = attack.cell("agency-spend-grade", label, "Placements", row)
        for money in ("Hours", "Spend (£)"):
            attack.rate("agency-spend-grade", label, row, money, cell)
        if label in spent:
            attack.line(spent[label], [cell])  # the same placements costed
    team_total = _sum_to_total(attack, "agency-spend-team", ("Team",), ("Placements",))
    for row in attack.rows("agency-spend-team"):
        cell = attack.cell("agency-spend-team", row["Team"], "Placements", row)
        for money in ("Hours", "Spend (£)"):
            attack.rate("agency-spend-team", row["Team"], row, money, cell)
    if grade_total and team_total:
        attack.line(grade_total["Placements"], [team_total["Placements"]])
    for row in attack.rows("agency-spend-month"):
        cell = attack.cell("agency-spend-month", row["Month"], "Placements", row)
        for money in ("Hours", "Spend (£)"):
            attack.rate("agency-spend-month", row["Month"], row, money, cell)


# --------------------------------------------------------------------------------------------------- audits

GRADED = ("Audits graded", "Good or outstanding", "Inadequate")


def _graded(attack: Attack, table: str, label: str, row: Mapping[str, str], audits: str) -> dict[str, Cell]:
    """A row of audits by overall grade: audits = good + requires improvement + inadequate."""
    cells = {c: attack.cell(table, label, c, row) for c in (audits, "Good or outstanding", "Inadequate")}
    improve = attack.rest(table, label, "requires improvement")
    not_good = _subset(attack, table, label, cells[audits], cells["Good or outstanding"], "not good")
    not_inadequate = _subset(attack, table, label, cells[audits], cells["Inadequate"], "not inadequate")
    attack.line(not_good, [improve, cells["Inadequate"]])
    attack.line(not_inadequate, [improve, cells["Good or outstanding"]])
    attack.rate(table, label, row, "Good or outstanding (%)", cells["Good or outstanding"], cells[audits])
    attack.rate(table, label, row, "Inadequate (%)", cells["Inadequate"], cells[audits])
    return {c if c != audits else "Audits graded": v for c, v in cells.items()}


def _audits(attack: Attack) -> None:
    team = _sum_to_total(attack, "audits-team", ("Team",), ("Audits", "Good or outstanding", "Inadequate"))
    for row in attack.rows("audits-team"):
        _graded(attack, "audits-team", row["Team"], row, "Audits")
    elements = {}
    for row in attack.rows("audits-element"):
        elements[row["Graded"]] = _graded(attack, "audits-element", row["Graded"], row, "Audits graded")
    if team and "Overall grade" in elements:
        attack.line(team["Audits"], [elements["Overall grade"]["Audits graded"]])
        for column in ("Good or outstanding", "Inadequate"):
            attack.line(team[column], [elements["Overall grade"][column]])
    months: dict[str, list[dict[str, Cell]]] = {}
    previous: dict[str, Cell] = {}
    for row in attack.rows("audits-month"):
        cells = _graded(attack, "audits-month", row["Month"], row, "Audits graded")
        months.setdefault("Overall grade", []).append(cells)
        pct = row["Good or outstanding (%)"]
        shown_pct: Cell = Fraction(0) if pct != "c" else ("audits-month", row["Month"], "pct")
        if "pct" in previous:
            attack.rate(
                "audits-month", row["Month"], row, "Change in good or outstanding (points)", shown_pct, previous["pct"]
            )
        previous["pct"] = shown_pct
    for row in attack.rows("audits-element-month"):
        label = f"{row['Month']} / {row['Graded']}"
        months.setdefault(row["Graded"], []).append(
            _graded(attack, "audits-element-month", label, row, "Audits graded")
        )
    for element, rows in months.items():
        if element not in elements:
            continue
        for column in GRADED:
            outside = attack.rest("audits-months", element, f"{column} outside whole months")
            attack.line(elements[element][column], [*(r[column] for r in rows), outside])


# ---------------------------------------------------------------------------------------------- allocations


def _allocations(attack: Attack) -> None:
    changes = _sum_to_total(attack, "allocations-changes", ("Changes of social worker",), ("Children",))
    for row in attack.rows("allocations-changes"):
        label = row["Changes of social worker"]
        cell = attack.cell("allocations-changes", label, "Children", row)
        attack.rate("allocations-changes", label, row, "Children (%)", cell, changes["Children"])
    for row in attack.rows("allocations-workers"):
        columns = ("Children allocated", "With at most 3 social workers", "With 4 or more")
        allocated, at_most, more = (attack.cell("allocations-workers", "all", c, row) for c in columns)
        attack.line(allocated, [at_most, more])
        attack.rate("allocations-workers", "all", row, "With at most 3 social workers (%)", at_most, allocated)
        if changes:
            attack.line(allocated, [changes["Children"]])
    for row in attack.rows("allocations-caseloads"):
        columns = ("Workers with both", "Same number of children", "Different")
        both, same, differ = (attack.cell("allocations-caseloads", "all", c, row) for c in columns)
        attack.line(both, [same, differ])
        for column in ("Allocations but no snapshot", "Snapshot but no allocation"):
            attack.cell("allocations-caseloads", "all", column, row)


def _indicators(attack: Attack) -> None:
    for row in attack.rows("indicators-month"):
        label = row["Month"]
        completed = attack.cell("indicators-month", label, "Assessments completed", row)
        rate = "Assessments within 45 working days (%)"
        attack.rate("indicators-month", label, row, rate, completed)
        within = attack.of_rate("indicators-month", label, row, rate, completed)
        if isinstance(within, Fraction) and (0 < within < 5 or 0 < completed - within < 5):  # type: ignore[operator]
            attack.problems.append(f"indicators-month: {label} {rate} gives {within} of {completed}")
        for column in ("Compliments", "Complaints"):
            attack.cell("indicators-month", label, column, row)


# ---------------------------------------------------------------------------------------------- staff voice


def _hr_cases(attack: Attack) -> None:
    rows = attack.rows("hr-cases-kind")
    if not rows:
        return
    open_on = next(c for c in rows[0] if c.startswith("Open on"))
    _sum_to_total(attack, "hr-cases-kind", ("Kind of case",), (open_on, "Opened in the period", "Closed in the period"))
    for row in rows:
        label = row["Kind of case"]
        now, opened, closed = (
            attack.cell("hr-cases-kind", label, c, row)
            for c in (open_on, "Opened in the period", "Closed in the period")
        )
        before, ever = (
            attack.rest("hr-cases-kind", label, "open at the start"),
            attack.rest("hr-cases-kind", label, "ever"),
        )
        attack.line(ever, [before, opened])
        attack.line(ever, [now, closed])


def _interviews(attack: Attack) -> None:
    windows: dict[str, dict[tuple[str, str], Cell]] = {}
    for months in ("6", "12"):
        table = f"interviews-themes-{months}"
        rows = attack.rows(table)
        if not rows:
            continue
        total_row = next(r for r in rows if r["Theme"] == "Total")
        cells: dict[tuple[str, str], Cell] = {}
        for kind in ("Exit", "Retention"):
            citing, share = f"{kind} interviews citing it", f"Of {kind.lower()} interviews (%)"
            total = cells[kind, "Total"] = attack.cell(table, "Total", citing, total_row)
            for row in rows:
                cell = cells[kind, row["Theme"]] = attack.cell(table, row["Theme"], citing, row)
                attack.rate(table, row["Theme"], row, share, cell, total)
                if row is not total_row:
                    _subset(attack, table, f"{kind} / {row['Theme']}", total, cell, "not citing it")
        windows[months] = cells
    if len(windows) == 2:
        for key, longer in windows["12"].items():
            if key in windows["6"]:
                _subset(attack, "interviews-themes", " / ".join(key), longer, windows["6"][key], "months 7 to 12")
        for kind in ("Exit", "Retention"):
            earlier = {
                theme: ("interviews-themes", f"{kind} / {theme}", "rest: months 7 to 12")
                for k, theme in windows["12"]
                if k == kind and (k, theme) in windows["6"]
            }
            for theme, var in earlier.items():
                if theme != "Total":
                    _subset(attack, "interviews-themes", f"{kind} / {theme} earlier", earlier["Total"], var, "rest")
    share: dict[str, dict[str, Cell]] = {}
    for row in attack.rows("interviews-share"):
        label = row["Months to the date"]
        leavers = attack.cell("interviews-share", label, "Leavers", row)
        interviewed = attack.cell("interviews-share", label, "With an exit interview", row)
        _subset(attack, "interviews-share", label, leavers, interviewed, "not interviewed")
        attack.rate("interviews-share", label, row, "With an exit interview (%)", interviewed, leavers)
        share[label] = {"leavers": leavers, "interviewed": interviewed}
    if {"6", "12"} <= set(share):
        earlier = {
            k: _subset(attack, "interviews-share", "7 to 12", share["12"][k], share["6"][k], f"{k} earlier")
            for k in ("leavers", "interviewed")
        }
        _subset(attack, "interviews-share", "7 to 12", earlier["leavers"], earlier["interviewed"], "not interviewed")


def _agreeing(attack: Attack, table: str, label: str, row: Mapping[str, str], rate: str, answered: Cell) -> None:
    attack.rate(table, label, row, rate, answered)
    agreeing = attack.of_rate(table, label, row, rate, answered)
    if isinstance(agreeing, Fraction) and isinstance(answered, Fraction):
        if 0 < agreeing < 5 or 0 < answered - agreeing < 5:
            attack.problems.append(f"{table}: {label} {rate} gives {agreeing} of {answered}")


def _surveys(attack: Attack) -> None:
    answering: dict[tuple[str, str, str], Cell] = {}
    for row in attack.rows("surveys-trend"):
        label = f"{row['Wave']} / {row['Survey']} / {row['Question']}"
        answered = answering[row["Survey"], row["Question"], row["Wave"]] = attack.cell(
            "surveys-trend", label, "Answering", row
        )
        _agreeing(attack, "surveys-trend", label, row, "Agreeing (%)", answered)
    for row in attack.rows("surveys-latest"):
        label = f"{row['Wave']} / {row['Survey']} / {row['Question']}"
        answered = attack.cell("surveys-latest", label, "Answering", row)
        _agreeing(attack, "surveys-latest", label, row, "Agreeing (%)", answered)
        if row["Previous wave"]:
            wave = datetime.strptime(row["Previous wave"], "%d %B %Y").strftime("%b %Y")
            before = answering.get((row["Survey"], row["Question"], wave), ("surveys", label, "previous answering"))
            _agreeing(attack, "surveys-latest", label, row, "Agreeing then (%)", before)
            now_pct = Fraction(0) if row["Agreeing (%)"] != "c" else ("surveys", label, "pct")
            then_pct = Fraction(0) if row["Agreeing then (%)"] != "c" else ("surveys", label, "pct then")
            attack.rate("surveys-latest", label, row, "Change (points)", now_pct, then_pct)
    for row in attack.rows("surveys-response"):
        label = f"{row['Survey']} / {row['Wave']}"
        invited = attack.cell("surveys-response", label, "Staff invited", row)
        responses = attack.cell("surveys-response", label, "Responses", row)
        _subset(attack, "surveys-response", label, invited, responses, "not responding")
        attack.rate("surveys-response", label, row, "Response rate (%)", responses, invited)


def _money(attack: Attack, table: str, label: str, row: Mapping[str, str], column: str) -> Cell:
    """A figure in pounds: withheld or not, never a count of people."""
    if row[column] == "c":
        var = (table, label, column)
        attack.withheld.add(var)
        return var
    return Fraction(row[column] or "0")


def _turnover(attack: Attack) -> None:
    table = "turnover-cost"
    rows = {r["Part"]: r for r in attack.rows(table)}
    if rows:
        people = ("placements", "starters", "permanent leavers")
        cost = {part: _money(attack, table, part, row, "Cost (£)") for part, row in rows.items()}
        for part, row in rows.items():
            if row["Of"] in people:
                attack.rate(table, part, row, "Cost (£)", attack.cell(table, part, "Number", row))
        premium, spend = cost["Agency premium"], cost["Agency spend on placements covering funded posts"]
        attack.line(premium, [spend, cost["less the same hours in permanent staff"]])
        parts = [premium, cost["Recruitment campaigns opened"], cost["On-boarding of permanent starters"]]
        attack.line(cost["The cost of turnover"], parts)
    for row in attack.rows("turnover-salaries"):
        workers = attack.cell("turnover-salaries", row["Role"], "Full-time workers", row)
        for column in ("Salary (£ a year)", "Weekly cost with on-costs (£)", "Hourly cost with on-costs (£)"):
            attack.rate("turnover-salaries", row["Role"], row, column, workers)


def attack(tables: Mapping[str, Rows]) -> list[str]:
    """What a viewer can tell from ``tables`` (downloads by key) that they should not: an empty list if nothing."""
    found = Attack(tables)
    parts = (_recruitment, _agency, _turnover, _audits, _allocations, _indicators, _hr_cases, _interviews, _surveys)
    for part in parts:
        part(found)
    return found.leaks()


# ------------------------------------------------------------------------------------- the attack can fail


def _csv(text: str) -> Rows:
    return list(csv.DictReader(io.StringIO(text.strip())))


def test_the_attack_finds_a_funnel_step_one_short_of_the_step_before() -> None:
    header = "Channel,Applications,Shortlisted,Shortlisted (%),Interviewed,Interviewed (%),Offered,Offered (%),"
    header += "Accepted,Accepted (%),Started,Started (%),Withdrew,Not taken forward\n"
    tables = {
        "recruitment-channel": _csv(
            header
            + "Web,20,12,60.0,11,55.0,8,40.0,8,40.0,8,40.0,0,12\nTotal,20,12,60.0,11,55.0,8,40.0,8,40.0,8,40.0,0,12"
        )
    }
    assert any("Shortlisted not Interviewed" in leak for leak in attack(tables))


def test_the_attack_finds_a_withheld_team_audit_and_a_rest_of_the_audits() -> None:
    header = "Team,Audits,Good or outstanding,Good or outstanding (%),Inadequate,Inadequate (%)\n"
    withheld = header + "A,c,c,c,0,c\nB,9,6,66.7,0,0.0\nTotal,12,8,66.7,0,0.0"
    assert any("withheld" in leak for leak in attack({"audits-team": _csv(withheld)}))
    rest = header + "A,6,5,83.3,0,0.0\nTotal,6,5,83.3,0,0.0"
    assert any("not good" in leak for leak in attack({"audits-team": _csv(rest)}))


def test_the_attack_finds_a_percentage_beside_a_withheld_count_and_a_small_count_shown() -> None:
    header = "Channel,Started,Of those who started (%)\n"
    assert attack({"recruitment-successful": _csv(header + "Web,c,30.0\nOther,7,70.0\nTotal,10,100.0")})
    assert attack(
        {
            "allocations-caseloads": _csv(
                "Workers with both,Same number of children,Different,"
                "Allocations but no snapshot,Snapshot but no allocation\n"
                "20,10,10,0,2"
            )
        }
    )
    survey = "Survey,Wave,Staff invited,Responses,Response rate (%)\nS,1 May 2024,30,27,90.0"
    assert any("not responding" in leak for leak in attack({"surveys-response": _csv(survey)}))


def test_the_attack_finds_a_withheld_cost_of_turnover_worked_out_and_a_few_workers_pay() -> None:
    header = "Part,Number,Of,Cost (£)\n"
    rows = (
        "Agency spend on placements covering funded posts,10,placements,5000\n"
        "less the same hours in permanent staff,200,hours,-3000\nAgency premium,10,placements,2000\n"
        "Recruitment campaigns opened,3,campaigns,700\nOn-boarding of permanent starters,c,starters,c\n"
        "The cost of turnover,12,permanent leavers,3700\nPer permanent leaver,12,permanent leavers,308.3"
    )
    assert any("withheld" in leak for leak in attack({"turnover-cost": _csv(header + rows)}))
    pay = "Role,Salary (£ a year),From,Full-time workers,Weekly cost with on-costs (£),Hourly cost with on-costs (£)\n"
    assert attack({"turnover-salaries": _csv(pay + "Senior manager,71500,Median,c,1781.4,48.1")})


def test_the_attack_links_the_tables_that_share_cells() -> None:
    """A cell withheld in one table is worked out from another showing the same figure (the regional return's
    placements in post are agency-rates' placements)."""
    rates = _csv(
        "Role,Grade,Placements,Average pay rate (£ an hour),Average pay cap (£ an hour),Average charge rate (£ an "
        "hour),Average charge cap (£ an hour),Compared with a cap,Over the cap,Over the cap (%)\n"
        "CH,G10,10,30,35,40,45,10,0,0.0\nTotal,,10,30,35,40,45,10,0,0.0"
    )
    regional = _csv(
        "Role,Grade,Placements in post,Placements started,Over 12 months,Compared with cap,Over cap,Spend "
        "placements,Average pay rate (£ an hour),Average charge rate (£ an hour),Average pay cap (£ an hour),"
        "Average charge cap (£ an hour),Spend (£)\nCH,G10,c,0,0,c,0,0,c,c,c,c,0\nTotal,,c,0,0,c,0,0,c,c,c,c,0"
    )
    assert any("withheld" in leak for leak in attack({"agency-rates": rates, "agency-regional-return": regional}))


# ---------------------------------------------------------------------------------------- the councils' pages


def _downloads(client: Client, la_code: str) -> dict[str, Rows]:
    tables = {}
    for page, keys in PAGE_OF.items():
        shown = client.get(f"/councils/{la_code}/{page}/").content.decode()
        offered = set(re.findall(rf"/councils/{la_code}/{page}/download/([a-z0-9-]+)\.csv", shown))
        assert offered <= set(keys), (page, offered - set(keys))  # every table a viewer gets is attacked
        for key in offered:
            response = client.get(f"/councils/{la_code}/{page}/download/{key}.csv")
            assert response.status_code == 200, key
            tables[key] = list(csv.DictReader(io.StringIO(response.content.decode())))
        for key in ANALYSTS_ONLY:
            assert client.get(f"/councils/{la_code}/{page}/download/{key}.csv").status_code == 404
    return tables


def _load(records: object) -> m.Council:
    council = m.Council.objects.create(
        la_code=records.council.la_code,  # type: ignore[attr-defined]
        name=records.council.name,  # type: ignore[attr-defined]
        region="North West",
    )
    source = m.Source.objects.create(
        council=council, kind="synthetic", name="test", recorded_at=datetime.now(UTC), complete_to=date(2025, 9, 30)
    )
    records_store(council=council, records=records_with_source(records, f"source:{source.pk}"))  # type: ignore[arg-type]
    return council


@pytest.fixture
def demo(db: None) -> m.Council:
    from csc_workforce.synthetic import demo_council

    return _load(demo_council(seed=2025))


def test_a_viewer_of_the_demo_council_can_work_out_nothing_withheld(
    client: Client, make_user: MakeUser, demo: m.Council
) -> None:
    client.force_login(make_user("viewer", "viewer", la_code="990"))
    tables = _downloads(client, "990")
    assert set(tables) == {k for keys in PAGE_OF.values() for k in keys}, "every table has figures"
    assert sum(row[c] == "c" for rows in tables.values() for row in rows for c in row) > 50, "small cells are there"
    leaks = attack(tables)
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize(("seed", "size"), [(7, 30), (11, 45)])
def test_a_viewer_of_a_small_council_can_work_out_nothing_withheld(
    client: Client, make_user: MakeUser, db: None, seed: int, size: int
) -> None:
    """Small councils, whose tables are mostly small numbers: every kind of record, fewer people in each."""
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code="993",
        name="Smallbrook",
        region="North West",
        first_year=2023,
        last_year=2025,
        seed=seed,
        size=size,
        development=True,
    )
    _load(records)
    client.force_login(make_user("viewer", "viewer", la_code="993"))
    leaks = attack(_downloads(client, "993"))
    assert not leaks, "\n".join(leaks)
