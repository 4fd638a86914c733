"""The disclosure functions the pages of figures from dated records use, where they go beyond a column adding up
to a total: rests within a row (``withhold_team_counts``'s ``within`` and ``unshown``), two tables sharing a total
row (``shared_total``), those not agreeing with a survey question, and interview counts that must be 0."""

from __future__ import annotations

import polars as pl

from csc_workforce.measures.disclosure import (
    withhold_interview_themes,
    withhold_survey_results,
    withhold_team_counts,
)


def _funnel(rows: list[tuple[str, str | None, int, int]]) -> pl.DataFrame:
    """(by, group, applications, shortlisted) rows, a None group the total row, with the rest not shortlisted."""
    return pl.DataFrame(
        [
            {
                "la_code": "990",
                "by": by,
                "team_name": group or "Total",
                "is_total": group is None,
                "applications": a,
                "shortlisted": s,
                "not_shortlisted": a - s,
            }
            for by, group, a, s in rows
        ]
    )


def test_a_rest_within_a_row_is_protected_only_when_the_row_says_so() -> None:
    table = _funnel([("channel", "web", 12, 11), ("channel", "board", 20, 10), ("channel", None, 32, 21)])
    plain = withhold_team_counts(table, counts=("applications", "shortlisted"), derived={})
    assert plain["shortlisted"].to_list() == [11, 10, 21]  # 12 less 11: the 1 not shortlisted is told
    within = withhold_team_counts(
        table,
        counts=("applications", "shortlisted", "not_shortlisted"),
        derived={},
        within=(("applications", ("shortlisted", "not_shortlisted")),),
        unshown=("not_shortlisted",),
    )
    rows = within.select("applications", "shortlisted").rows()
    assert rows[0] != (12, 11), "web's 1 not shortlisted cannot be worked out"
    assert None in within["shortlisted"].to_list() or None in within["applications"].to_list()
    # every column still adds up: board's figures are withheld too, so web's cannot be got from the total
    shortlisted = within["shortlisted"].to_list()
    assert shortlisted.count(None) != 1
    assert within["not_shortlisted_withheld"].to_list() == [False, False, False]  # never shown: not flagged


def test_two_breakdowns_of_the_same_people_share_one_total_row() -> None:
    table = _funnel(
        [
            ("channel", "web", 30, 20),
            ("channel", "board", 3, 1),
            ("channel", "press", 7, 5),
            ("channel", None, 40, 26),
            ("route", "experienced", 25, 15),
            ("route", "nqsw", 15, 11),
            ("route", None, 40, 26),
        ]
    )
    shown = withhold_team_counts(
        table, counts=("applications", "shortlisted"), derived={}, group=("la_code", "by"), shared_total=("by",)
    )
    totals = shown.filter(pl.col("is_total")).select("applications", "shortlisted").rows()
    assert totals[0] == totals[1], "one total row, withheld (or not) alike in both tables"
    assert shown.filter(pl.col("team_name") == "board")["applications"].to_list() == [None]


def test_the_same_counts_without_the_new_options_are_withheld_as_before() -> None:
    table = _funnel([("channel", "web", 30, 20), ("channel", "board", 3, 1), ("channel", None, 33, 21)])
    shown = withhold_team_counts(table, counts=("applications", "shortlisted"), derived={})
    assert shown["applications"].to_list() == [None, None, 33]
    assert shown["shortlisted"].to_list() == [None, None, 21]


def _survey(answered: int, agree: int, neutral: int, disagree: int) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "answered": answered,
                "agree": agree,
                "neutral": neutral,
                "disagree": disagree,
                "agree_pct": 100 * agree / answered,
                "previous_answered": None,
                "previous_agree": None,
                "previous_agree_pct": None,
                "change_pts": None,
            }
        ],
        schema_overrides={
            "previous_answered": pl.Int64,
            "previous_agree": pl.Int64,
            "previous_agree_pct": pl.Float64,
            "change_pts": pl.Float64,
        },
    )


def test_a_survey_question_agreed_by_all_but_a_few_withholds_its_percentage() -> None:
    # 23 of 25 agreeing, 1 neutral and 1 disagreeing: the 2 not agreeing would be told by 92.0% of 25
    shown = withhold_survey_results(_survey(25, 23, 1, 1))
    assert shown.select("answered", "agree", "agree_pct").row(0) == (25, None, None)
    shown = withhold_survey_results(_survey(25, 15, 5, 5))
    assert shown.select("agree", "agree_pct").row(0) == (15, 60.0)


def test_a_shorter_windows_theme_is_shown_as_0_where_the_longer_windows_is() -> None:
    def row(months: int, theme: str | None, interviews: int, citing: int) -> dict[str, object]:
        return {
            "la_code": "990",
            "months": months,
            "kind": "retention",
            "theme": theme,
            "is_total": theme is None,
            "interviews": interviews,
            "citing": citing,
            "share_pct": citing / interviews * 100,
        }

    table = pl.DataFrame(
        [
            row(6, "pay", 3, 0),
            row(6, "workload", 3, 3),
            row(6, None, 3, 3),
            row(12, "pay", 8, 0),
            row(12, "workload", 8, 8),
            row(12, None, 8, 8),
        ]
    )
    shown = withhold_interview_themes(table).filter(pl.col("months") == 6)
    # the 3 interviews are withheld, and with them the themes' counts, except pay's 0: the 12 months' 0 says so
    assert shown.select("theme", "citing", "share_pct").rows() == [
        ("pay", 0, None),
        ("workload", None, None),
        (None, None, None),
    ]
