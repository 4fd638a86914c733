"""Disclosure control (measures.disclosure): primary and complementary suppression, worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from csc_workforce.measures.disclosure import (
    Problem,
    protect,
    recoverable,
    withhold_flows,
    withhold_funnel,
    withhold_grid,
    withhold_people,
    withhold_row_parts,
    withhold_teams,
)


def line(values: list[int], total_public: bool = True) -> Problem:
    """One row of cells 0..n-1 adding up to a total "T"."""
    problem = Problem()
    parts = [problem.cell(n, v) for n, v in enumerate(values)]
    problem.cell("T", sum(values), margin=True, public=total_public)
    problem.equation("T", parts)
    return problem


def test_small_counts_are_primary_and_zero_is_shown() -> None:
    result = protect(line([0, 12, 7, 30]))
    assert result.primary == frozenset() and result.secondary == frozenset()
    # 8 female, 2 male, 0 not known, total 10 published: 2 is withheld, and so must 8 be, or 10 - 8 gives it.
    result = protect(line([8, 2, 0]))
    assert (result.primary, result.secondary) == ({1}, {0})


def test_the_next_smallest_positive_cell_is_the_complement() -> None:
    # 3, 6, 7, 9 (total 25): 3 is small; 6 is the next-smallest, so 3 and 6 are withheld (3 + 6 = 9 is known,
    # but 0 + 9, 1 + 8, ... 9 + 0 are all possible).
    assert protect(line([3, 6, 7, 9])).withheld == {0, 1}
    # a zero is taken only when no positive count is left: 1 leaver, who resigned; the first zero goes too
    assert protect(line([0, 1, 0, 0])).withheld == {1, 0}


def test_two_small_counts_in_a_line_protect_each_other() -> None:
    assert protect(line([2, 3, 40])).withheld == {0, 1}


def test_a_table_with_margins_is_suppressed_across_rows_and_columns() -> None:
    # role A: 8 female, 2 male (10); role B: 20 female, 7 male (27); all roles 28 and 9; 37 in all (public).
    problem = Problem()
    cells = {
        (r, s): problem.cell((r, s), v)
        for (r, s), v in {("A", "F"): 8, ("A", "M"): 2, ("B", "F"): 20, ("B", "M"): 7}.items()
    }
    for role, total in (("A", 10), ("B", 27)):
        problem.cell(role, total, margin=True)
        problem.equation(role, [cells[role, "F"], cells[role, "M"]])
    for sex, total in (("F", 28), ("M", 9)):
        problem.cell(sex, total, margin=True)
        problem.equation(sex, [cells["A", sex], cells["B", sex]])
    problem.cell("all", 37, public=True)
    problem.equation("all", ["A", "B"])
    problem.equation("all", ["F", "M"])
    result = protect(problem)
    # A/M = 2 is small. Row A then needs A/F (8, an inner cell before the total 10); column M needs B/M (7,
    # before the total 9); column F then has only A/F withheld, so B/F (20) goes; row B has two. A/M = t,
    # A/F = 10 - t, B/M = 9 - t, B/F = 18 + t for any t from 0 to 9: nothing is determined.
    assert result.primary == {("A", "M")}
    assert result.secondary == {("A", "F"), ("B", "M"), ("B", "F")}
    assert recoverable(problem, result.withheld) == set()


def test_a_cell_on_no_cycle_is_found_by_linear_algebra_and_protected() -> None:
    # Every line has two or three withheld cells, yet row 2, column 3 is fixed: columns 1 and 2 less row 1 give
    # row 2's first two cells, and row 2's total gives the third. The next-smallest shown cell of row 2 or
    # column 3 is row 2, column 4 (10, before 12): withholding it closes a cycle through rows 2-3 and columns 3-4.
    grid = [[2, 3, 12, 20], [1, 4, 2, 10], [30, 40, 3, 1], [25, 35, 4, 2]]
    problem = Problem()
    for r, row in enumerate(grid, 1):
        for c, value in enumerate(row, 1):
            problem.cell((r, c), value)
    for r, row in enumerate(grid, 1):
        problem.cell(f"row {r}", sum(row), margin=True)
        problem.equation(f"row {r}", [(r, c) for c in range(1, 5)])
    for c in range(1, 5):
        problem.cell(f"column {c}", sum(row[c - 1] for row in grid), margin=True)
        problem.equation(f"column {c}", [(r, c) for r in range(1, 5)])
    problem.cell("all", sum(map(sum, grid)), public=True)
    problem.equation("all", [f"row {r}" for r in range(1, 5)])
    small = {(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 3), (3, 4), (4, 3), (4, 4)}
    assert recoverable(problem, small) == {(2, 3)}
    result = protect(problem)
    assert result.primary == small and result.secondary == {(2, 4)}
    assert recoverable(problem, result.withheld) == set()


def test_withheld_zeros_beside_a_known_total_are_recovered() -> None:
    # 3 in one band, nothing in the others, 3 in all: withholding two zeros alone gives them away (0 + 0 = 0)
    problem = line([3, 0, 0])
    assert recoverable(problem, {1, 2}) == {1, 2}
    assert recoverable(problem, {0, 1}) == set()


def test_a_managers_other_teams_protect_the_total() -> None:
    # A manager sees their two teams (12 and 9 workers above 18 cases per FTE, say) and the total; the rest of
    # the council is 3, in teams they do not see: the total (24) less their teams would give 3, so the total is
    # withheld. When the total is public, nothing can protect the 3: it is reported as exposed.
    problem = Problem()
    own = [problem.cell("mine 1", 12, public=True), problem.cell("mine 2", 9, public=True)]
    problem.cell("others", 3)
    problem.absent.add("others")
    problem.cell("total", 24, margin=True)
    problem.equation("total", [*own, "others"])
    assert protect(problem).withheld == {"total"}  # "others" is never shown anyway
    problem.public.add("total")
    assert protect(problem).exposed == {"others"}
    problem.values["others"], problem.values["total"] = 7, 28
    assert protect(problem).withheld == frozenset() and protect(problem).exposed == frozenset()


def test_the_threshold_is_the_one_constant_and_must_be_positive() -> None:
    assert protect(line([5, 4, 30])).withheld == {0, 1}
    assert protect(line([5, 4, 30]), threshold=4).withheld == frozenset()
    with pytest.raises(ValueError, match="at least 1"):
        protect(line([1]), threshold=0)


def test_a_shared_margin_must_agree() -> None:
    problem = Problem()
    problem.cell("role 4", 10)
    with pytest.raises(ValueError, match="shared by two tables"):
        problem.cell("role 4", 11)
    with pytest.raises(ValueError, match="not in the problem"):
        problem.equation("role 4", ["nowhere"])


def _by_role(rows: dict[str, dict[str, int]], bands: list[str]) -> pl.DataFrame:
    out = []
    for role, counts in rows.items():
        whole = sum(counts.values())
        for band in bands:
            out.append(
                ("990", role, role, band, counts.get(band, 0), counts.get(band, 0) / whole * 100 if whole else None)
            )
    return pl.DataFrame(out, schema=["la_code", "role", "role_label", "band", "headcount", "percent"], orient="row")


def test_linked_tables_withhold_a_shared_role_total_in_both() -> None:
    # Role 1 has 3 people (small), role 5 has 20; sex and age by role share each role's headcount. Any
    # percentage of role 1 would give its headcount (3 is 100% of 3), so every percentage of role 1 goes in both.
    bands_sex, bands_age = ["Female", "Male", "Not known"], ["20 to 29", "30 to 39", "40 to 49"]
    sex = _by_role({"1": {"Female": 3}, "5": {"Female": 15, "Male": 5}, "All": {"Female": 18, "Male": 5}}, bands_sex)
    age = _by_role(
        {"1": {"30 to 39": 3}, "5": {"20 to 29": 10, "30 to 39": 10}, "All": {"20 to 29": 10, "30 to 39": 13}},
        bands_age,
    )
    tables = withhold_people({"sex": sex, "age": age}).by_role
    # Role 1's total (3) is withheld, so its only non-zero cell may be too (the two are the row's withheld
    # cells); the council's 23 less role 1's 3 would give role 5's 20, so role 5's total goes as well, and with
    # it role 5's female count (20 - 5 male) and, in the age table, two of role 5's cells and the column totals
    # beside them. What is left: 18 female and 5 male in all, role 5's 5 men, and the zeros.
    sex_shown, age_shown = tables["sex"], tables["age"]
    assert sex_shown["headcount"].to_list() == [None, 0, 0, None, 5, 0, 18, 5, 0]
    assert age_shown["headcount"].to_list() == [0, None, 0, None, None, 0, None, None, 0]
    for table in tables.values():
        assert table.filter(pl.col("role") != "All")["percent_withheld"].all()
    assert sex_shown.filter(pl.col("role") == "All")["percent"].round(1).to_list() == [78.3, 21.7, 0.0]


def test_flows_withhold_fte_and_percent_with_the_headcount() -> None:
    frame = pl.DataFrame(
        {
            "la_code": ["990"] * 3,
            "code": ["1", "2", None],
            "label": ["Resignation", "Retired", "Not recorded"],
            "headcount": [6, 2, 0],
            "fte": [5.5, 1.6, 0.0],
            "percent": [75.0, 25.0, 0.0],
        }
    )
    shown = withhold_flows({"reason": frame}, total="leavers")["reason"]
    assert shown["headcount"].to_list() == [None, None, 0]
    assert shown["fte"].to_list() == [None, None, 0.0]
    assert shown["percent"].to_list() == [None, None, 0.0]


def _caseloads(workers: list[int], names: list[str]) -> pl.DataFrame:
    rows = [(n, w, float(w), 10 * w, False) for n, w in zip(names, workers, strict=True)]
    rows.append(("Total", sum(workers), float(sum(workers)), 10 * sum(workers), True))
    return pl.DataFrame(
        [
            {
                "la_code": "990",
                "team_key": None if total else name,
                "team_name": name,
                "is_total": total,
                "workers": w,
                "fte": fte,
                "case_holders_fte": fte,
                "cases": cases,
                "average_cases_per_fte": 10.0,
                "max_cases": 12,
                "max_cases_per_fte": 12.0,
                "above_amber": 0,
                "above_red": 0,
            }
            for name, w, fte, cases, total in rows
        ]
    )


def test_a_team_of_three_hides_its_cases_and_fte_and_the_next_smallest_team() -> None:
    shown = withhold_teams(_caseloads([7, 3, 12], ["Big", "Small", "Large"]))
    assert shown["workers"].to_list() == [None, None, 12, 22]
    assert shown["cases"].to_list() == [None, None, 120, 220]
    assert shown["case_holders_fte"].to_list() == [None, None, 12.0, 22.0]
    assert shown["average_cases_per_fte"].to_list() == [None, None, 10.0, 10.0]
    # the manager of Big sees Big in full; Small and Large are 15 workers: the total is shown
    managed = withhold_teams(_caseloads([7, 3, 12], ["Big", "Small", "Large"]), own=frozenset({"Big"}))
    assert managed["team_name"].to_list() == ["Big", "Total"]
    assert managed["workers"].to_list() == [7, 22]
    # with only Small beside Big, the total less 7 gives Small's 3; but the council's 10 workers and 100 cases
    # are DfE measures every role sees, so withholding the total would hide nothing: it is shown
    managed = withhold_teams(_caseloads([7, 3], ["Big", "Small"]), own=frozenset({"Big"}))
    assert managed["workers"].to_list() == [7, 10] and managed["cases"].to_list() == [70, 100]


def test_a_managers_other_teams_above_the_thresholds_are_protected_by_the_total() -> None:
    frame = _caseloads([7, 3], ["Big", "Small"]).with_columns(above_amber=pl.Series([0, 2, 2]))
    managed = withhold_teams(frame, own=frozenset({"Big"}))
    assert managed["above_amber"].to_list() == [0, None]  # 2 above 18 per FTE elsewhere: the total's 2 goes


def test_local_figures_withheld_are_the_unchecked_ones_and_the_checked_rates_named():
    from csc_workforce.measures.disclosure import local_withheld_ids

    ids = ["permanency_rate_fte", "caseload_max", "male_pct", "ethnic_minority_pct", "ethnicity_against_reference"]
    assert local_withheld_ids(ids, rates_withheld=[]) == {"caseload_max", "ethnicity_against_reference"}
    assert local_withheld_ids(ids, rates_withheld=["ethnic_minority_pct"]) == {
        "caseload_max",
        "ethnic_minority_pct",
        "ethnicity_against_reference",
    }


# -- the practice and development page's tables --------------------------------------------------------------


def grid(cells: dict[tuple[str, str], int]) -> pl.DataFrame:
    """A team x group table in long form as ``supervision_by_team`` gives it: each team's rows, its "total" row,
    then the council's rows (team_key None, is_total)."""
    rows = []
    teams = sorted({t for t, _ in cells})
    groups = sorted({g for _, g in cells})
    for team in teams:
        for group in groups:
            if (team, group) in cells:
                rows.append({"team_key": team, "is_total": False, "g": group, "due": cells[team, group]})
        rows.append(
            {
                "team_key": team,
                "is_total": False,
                "g": "total",
                "due": sum(v for (t, _), v in cells.items() if t == team),
            }
        )
    for group in [*groups, "total"]:
        total = sum(v for (_, g), v in cells.items() if g == group or group == "total")
        rows.append({"team_key": None, "is_total": True, "g": group, "due": total})
    return pl.DataFrame(rows).with_columns(la_code=pl.lit("990"), team_name=pl.col("team_key").fill_null("Total"))


def withheld_cells(frame: pl.DataFrame, column: str = "due") -> set[tuple[str | None, str]]:
    flagged = frame.filter(pl.col(f"{column}_withheld"))
    return set(zip(flagged["team_key"].to_list(), flagged["g"].to_list(), strict=True))


def test_a_two_way_table_hides_a_small_group_from_both_its_team_and_its_group() -> None:
    # Team A: 2 NQSW + 20 others = 22; team B: 10 + 30 = 40; NQSW 12, others 50, all 62. The 2 is withheld. On its
    # own row, A's total less 20 gives it back, so 20 goes (the smallest shown cell of A's row, before the total
    # 22); in its column, 12 less B's 10 gives it, so 10 goes (before the total 12). Then B's row has one withheld
    # cell (10), and 30 goes; the others' column (20, 30 withheld; 50 shown) is safe: 20 + 30 = 50 only.
    frame = withhold_grid(
        grid({("A", "nqsw"): 2, ("A", "other"): 20, ("B", "nqsw"): 10, ("B", "other"): 30}),
        by="g",
        every="total",
        counts=("due",),
    )
    assert withheld_cells(frame) == {("A", "nqsw"), ("A", "other"), ("B", "nqsw"), ("B", "other")}
    shown = frame.filter(~pl.col("due_withheld"))
    assert sorted(shown["due"].to_list()) == [12, 22, 40, 50, 62]


def test_a_two_way_table_with_no_small_cell_is_shown_whole_and_a_missing_cell_is_a_known_zero() -> None:
    frame = withhold_grid(
        grid({("A", "nqsw"): 6, ("A", "other"): 20, ("B", "other"): 30}), by="g", every="total", counts=("due",)
    )
    assert withheld_cells(frame) == set()


def test_row_parts_protect_a_cohorts_outcomes_and_the_subsets_of_it() -> None:
    # 11 began: 9 passed, 1 failed, 1 left, 0 ongoing. 1 and 1 are small; each equation then has two withheld
    # cells, enough. In post 8 of 11 (3 have gone: small) is withheld; 6 of 11 after a year is shown (5 gone).
    frame = pl.DataFrame(
        {"started": [11, 3], "passed": [9, 3], "failed": [1, 0], "left": [1, 0], "in_post": [8, 3], "kept": [6, 2]}
    )
    shown = withhold_row_parts(
        frame.with_columns(kept_pct=pl.col("kept") / pl.col("started") * 100),
        whole="started",
        parts=("passed", "failed", "left"),
        subsets=("in_post", "kept"),
        derived={"kept_pct": "kept"},
    )
    first, second = shown.row(0, named=True), shown.row(1, named=True)
    assert (first["passed"], first["failed"], first["left"], first["started"]) == (9, None, None, 11)
    assert (first["in_post"], first["kept"], round(first["kept_pct"], 1)) == (None, 6, 54.5)
    # a cohort of 3: everything about it is withheld, the zeros beside it too (they would give the 3 back)
    assert second["started"] is None and second["passed"] is None and second["kept"] is None
    assert second["kept_pct"] is None


def test_a_funnel_hides_a_small_stage_and_a_small_drop_with_the_shares_of_each() -> None:
    # 18 placements, 15 passed (3 dropped: small), 9 eligible, 9 applied, 8 interviewed (1 dropped), 0 offered
    frame = pl.DataFrame(
        {
            "la_code": ["990"] * 6,
            "count": [18, 15, 9, 9, 8, 0],
            "pct_of_placements": [100.0, 83.3, 50.0, 50.0, 44.4, 0.0],
            "pct_of_previous": [None, 83.3, 60.0, 100.0, 88.9, 0.0],
        }
    )
    shown = withhold_funnel(frame)
    assert shown["count"].to_list() == [18, None, 9, 9, None, 0]
    assert shown["pct_of_placements"].to_list() == [100.0, None, 50.0, 50.0, None, 0.0]
    # eligible of passed needs the 15; offered of interviewed needs the 8
    assert shown["pct_of_previous"].to_list() == [None, None, None, 100.0, None, None]
