"""Staff voice measures (measures.staff_voice) and their disclosure, worked out by hand.

Voiceshire (990), as at D = 30 September 2025; the 6 months to D are 1 April to 30 September 2025, the 12
months 1 October 2024 to 30 September 2025.

Engagements and interviews:

* C1 permanent, left 31 May 2025 (resignation): exit interview I1 on 20 May 2025, workload and supervision;
* C2 permanent, left 15 January 2025 (retired): exit interview I2 on 22 January 2025 (after the last day),
  retirement;
* C3 permanent, left 30 August 2025 (resignation): no interview;
* C4 agency, left 31 July 2025 (no reason given): exit interview I4 on 31 July 2025, pay;
* C5 permanent, in post: retention interviews R1 on 10 June 2025 (flexible working, culture) and R2 on 3 November
  2024 (supervision); an exit interview I5 on 12 September 2025 (workload), its end not held yet; a retention
  interview R3 on 1 October 2025, after D (never counted);
* C6 permanent, left 20 September 2024: exit interview I6 on 25 September 2024, before both windows.

Exit interviews in the 6 months: I1, I4, I5 = 3; workload I1, I5 = 2 (66.7%), supervision I1 = 1 (33.3%), pay
I4 = 1 (33.3%), retirement 0. In the 12 months: I1, I2, I4, I5 = 4; workload 2 (50%), supervision, retirement,
pay 1 each (25%). Retention in the 6 months: R1 = 1 (flexible, culture 100%); in the 12: R1, R2 = 2 (flexible,
culture, supervision 1 each: 50%).

Council-employed leavers (C4 is agency): in the 6 months C1, C3 = 2, of whom C1 had an exit interview: 1, 50%; in
the 12 months C1, C2, C3 = 3, interviewed C1, C2 = 2, 66.7%.

Exit themes by reason over the 12 months (ended engagements only, so not I5): resignation (C1) 1 interview,
workload 1, supervision 1; retired (C2) 1, retirement 1; not recorded (C4) 1, pay 1.

Surveys (D as before): the LGA health check in 2017 (30 November: 125 invited, 100 responded, 80.0%) and 2023
("LGA Health Check ", the same instrument ignoring case and spaces: 125 invited, 100 responded, 80.0%); the
council's own staff survey on 1 March 2024 (40 responded, invited not known: no rate); a 2025 wave on
30 November 2025, after D (left out).

* LGA 2017 Q1: yes 74, no 26: answering 100, agreeing 74, 74.0%.
* LGA 2023 Q1: strongly agree 60, agree 39, disagree 1: answering 100, agreeing 99, 99.0%: up 25.0 points on
  2017's 74.0% (Worcestershire's "99%, up from 74% in 2017").
* LGA 2023 Q2: strongly agree 30, agree 50, neither 10, don't know 2, disagree 6, not applicable 2: answering 98
  (not applicable left out), agreeing 80, neither 12, disagreeing 6: 80 / 98 = 81.632...%; 2017 did not ask it:
  no previous, no change.
* Own 2024 Q1: agree 30, disagree 10: 75.0%; the instrument's first wave: no previous (the LGA's Q1 is another
  instrument's).
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from csc_workforce.domain.codes import AnswerOption as A
from csc_workforce.domain.codes import ContractType, InterviewKind, ReasonLeave
from csc_workforce.domain.codes import VoiceTheme as T
from csc_workforce.domain.records import (
    Council,
    CouncilRecords,
    Engagement,
    StaffInterview,
    SurveyAnswer,
    SurveyWave,
)
from csc_workforce.measures.disclosure import (
    withhold_exit_interview_share,
    withhold_interview_themes,
    withhold_response_rates,
    withhold_survey_results,
)
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.staff_voice import (
    THEME_COLUMNS,
    exit_interview_share,
    exit_themes_by_reason,
    interview_themes,
    months_to,
    survey_questions_by_wave,
    survey_response_rates,
    survey_results,
)

D = date(2025, 9, 30)
P, AG = ContractType.PERMANENT, ContractType.AGENCY
EXIT, RETENTION = InterviewKind.EXIT, InterviewKind.RETENTION


def _eng(key: str, contract: ContractType, end: date | None, reason: ReasonLeave | None = None) -> Engagement:
    return Engagement(key, f"p:{key}", contract, date(2019, 4, 1), end_date=end, reason_leave=reason)


ENGAGEMENTS = (
    _eng("C1", P, date(2025, 5, 31), ReasonLeave.RESIGNATION),
    _eng("C2", P, date(2025, 1, 15), ReasonLeave.RETIRED),
    _eng("C3", P, date(2025, 8, 30), ReasonLeave.RESIGNATION),
    _eng("C4", AG, date(2025, 7, 31)),
    _eng("C5", P, None),
    _eng("C6", P, date(2024, 9, 20), ReasonLeave.RESIGNATION),
)
INTERVIEWS = (
    StaffInterview("I1", "C1", EXIT, date(2025, 5, 20), (T.WORKLOAD, T.SUPERVISION)),
    StaffInterview("I2", "C2", EXIT, date(2025, 1, 22), (T.RETIREMENT,)),
    StaffInterview("I4", "C4", EXIT, date(2025, 7, 31), (T.PAY,)),
    StaffInterview("R1", "C5", RETENTION, date(2025, 6, 10), (T.FLEXIBLE, T.CULTURE)),
    StaffInterview("R2", "C5", RETENTION, date(2024, 11, 3), (T.SUPERVISION,)),
    StaffInterview("I5", "C5", EXIT, date(2025, 9, 12), (T.WORKLOAD,)),
    StaffInterview("R3", "C5", RETENTION, date(2025, 10, 1), (T.PAY,)),
    StaffInterview("I6", "C6", EXIT, date(2024, 9, 25), (T.WORKLOAD,)),
)
WAVES = (
    SurveyWave("wave:HC2017", date(2017, 11, 30), "LGA health check", 100, 125),
    SurveyWave("wave:HC2023", date(2023, 11, 30), "LGA Health  Check ", 100, 125),
    SurveyWave("wave:OWN24", date(2024, 3, 1), "Staff survey", 40),
    SurveyWave("wave:HC2025", date(2025, 11, 30), "LGA health check", 90, 125),
)


def _answers(wave: str, question: str, text: str, **counts: int) -> tuple[SurveyAnswer, ...]:
    return tuple(
        SurveyAnswer(f"wave:{wave}", question, A(o), n, text if i == 0 else "")
        for i, (o, n) in enumerate(counts.items())
    )


ANSWERS = (
    *_answers("HC2017", "Q1", "I receive regular supervision", yes=74, no=26),
    *_answers("HC2023", "Q1", "", strongly_agree=60, agree=39, disagree=1),
    *_answers(
        "HC2023",
        "Q2",
        "I feel valued",
        strongly_agree=30,
        agree=50,
        neutral=10,
        dont_know=2,
        disagree=6,
        not_applicable=2,
    ),
    *_answers("OWN24", "Q1", "I would recommend working here", agree=30, disagree=10),
    *_answers("HC2025", "Q1", "", agree=90),
)
INPUTS = frames_from_records(
    [
        CouncilRecords(
            Council("990", "Voiceshire"),
            engagements=ENGAGEMENTS,
            interviews=INTERVIEWS,
            survey_waves=WAVES,
            survey_answers=ANSWERS,
        ),
        CouncilRecords(Council("991", "Quietshire")),
    ]
)


def test_the_rolling_windows() -> None:
    assert months_to(D, 6).start == date(2025, 4, 1) and months_to(D, 12).start == date(2024, 10, 1)
    assert months_to(date(2025, 8, 31), 6).start == date(2025, 3, 1)  # whole months to a month's end
    assert months_to(date(2025, 9, 15), 6).start == date(2025, 3, 16)  # else the day after the date 6 months back


def _cited(table: pl.DataFrame, months: int, kind: str) -> dict[str | None, tuple[int, int, float | None]]:
    rows = table.filter((pl.col("months") == months) & (pl.col("kind") == kind))
    return {
        r["theme"]: (r["citing"], r["interviews"], r["share_pct"] and round(r["share_pct"], 1))
        for r in rows.iter_rows(named=True)
        if r["citing"] or r["is_total"]
    }


def test_interview_themes_over_6_and_12_months_exits_and_retention_apart() -> None:
    table = interview_themes(INPUTS, as_at=D)
    assert table.columns == list(THEME_COLUMNS)
    assert set(table["la_code"]) == {"990"}  # Quietshire holds no interview: no rows
    assert _cited(table, 6, "exit") == {
        "workload": (2, 3, 66.7),
        "supervision": (1, 3, 33.3),
        "pay": (1, 3, 33.3),
        None: (3, 3, 100.0),
    }
    assert _cited(table, 12, "exit") == {
        "workload": (2, 4, 50.0),
        "supervision": (1, 4, 25.0),
        "pay": (1, 4, 25.0),
        "retirement": (1, 4, 25.0),
        None: (4, 4, 100.0),
    }
    assert _cited(table, 6, "retention") == {"flexible": (1, 1, 100.0), "culture": (1, 1, 100.0), None: (1, 1, 100.0)}
    assert _cited(table, 12, "retention") == {
        "supervision": (1, 2, 50.0),
        "flexible": (1, 2, 50.0),
        "culture": (1, 2, 50.0),
        None: (2, 2, 100.0),
    }
    # every theme listed, in the list's order, the total last
    six_exit = table.filter((pl.col("months") == 6) & (pl.col("kind") == "exit"))
    assert six_exit["theme"].to_list() == [*(t.value for t in T), None]
    assert six_exit.filter(pl.col("theme") == "retirement")["share_pct"].to_list() == [0.0]


def test_a_window_the_page_passes_alone() -> None:
    table = interview_themes(INPUTS, as_at=D, windows={6: months_to(D, 6)})
    assert set(table["months"]) == {6}


def test_leavers_with_an_exit_interview() -> None:
    rows = exit_interview_share(INPUTS, as_at=D).select("months", "leavers", "interviewed", "interviewed_pct").rows()
    assert rows == [(6, 2, 1, 50.0), (12, 3, 2, pytest.approx(200 / 3))]


def test_exit_themes_by_the_census_reason_for_leaving() -> None:
    table = exit_themes_by_reason(INPUTS, as_at=D, period=months_to(D, 12)).filter(pl.col("citing") > 0)
    assert table.select("reason", "theme", "interviews", "citing").rows() == [
        ("1", "workload", 1, 1),
        ("1", "supervision", 1, 1),
        ("1", None, 1, 1),
        ("5", "retirement", 1, 1),
        ("5", None, 1, 1),
        (None, "pay", 1, 1),
        (None, None, 1, 1),
    ]
    assert table.filter(pl.col("reason").is_null())["reason_label"].to_list()[0] == "Not recorded"


def test_survey_results_the_latest_wave_of_each_instrument_against_the_previous() -> None:
    table = survey_results(INPUTS, as_at=D)
    got = table.select(
        "wave_key", "question", "answered", "agree", "neutral", "disagree", "previous_wave_key", "previous_agree"
    ).rows()
    assert got == [
        ("wave:HC2023", "Q1", 100, 99, 0, 1, "wave:HC2017", 74),
        ("wave:HC2023", "Q2", 98, 80, 12, 6, None, None),
        ("wave:OWN24", "Q1", 40, 30, 0, 10, None, None),
    ]
    assert table["agree_pct"].to_list() == pytest.approx([99.0, 8000 / 98, 75.0])
    assert table["previous_agree_pct"].to_list()[0] == pytest.approx(74.0)
    assert table["change_pts"].to_list()[0] == pytest.approx(25.0)
    assert table["change_pts"].to_list()[1:] == [None, None]
    # a wave giving no wording takes the latest another wave gave the question
    assert table["question_text"].to_list() == [
        "I receive regular supervision",
        "I feel valued",
        "I would recommend working here",
    ]


def test_every_wave_for_the_trend_and_the_response_rates() -> None:
    waves = survey_questions_by_wave(INPUTS, as_at=D)
    assert waves.filter(pl.col("question") == "Q1").select("wave_key", "agree_pct", "is_latest").rows() == [
        ("wave:HC2017", 74.0, False),
        ("wave:HC2023", 99.0, True),
        ("wave:OWN24", 75.0, True),
    ]
    rates = survey_response_rates(INPUTS, as_at=D)
    assert rates.select("wave_key", "invited", "responses", "response_rate_pct").rows() == [
        ("wave:HC2017", 125, 100, 80.0),
        ("wave:HC2023", 125, 100, 80.0),
        ("wave:OWN24", None, 40, None),
    ]
    later = survey_results(INPUTS, as_at=date(2025, 12, 1))  # the 2025 wave: 90 of 90, up 1 point on 2023's 99
    assert later.filter(pl.col("wave_key") == "wave:HC2025")["change_pts"].to_list() == [pytest.approx(1.0)]


# ------------------------------------------------------------------------------------------------ disclosure


def test_a_viewer_sees_no_survey_percentage_over_a_small_count() -> None:
    shown = withhold_survey_results(survey_results(INPUTS, as_at=D))
    # 2023 Q1: 1 disagreed: withheld, and the next-smallest positive count beside it (99 agreeing), so its % and
    # the change go; neither (0) is shown. 2017's 74 of 100 stands
    q1 = shown.row(0, named=True)
    assert (q1["agree"], q1["neutral"], q1["disagree"], q1["agree_pct"], q1["change_pts"]) == (
        None,
        0,
        None,
        None,
        None,
    )
    assert q1["answered"] == 100 and q1["previous_agree_pct"] == pytest.approx(74.0)
    q2 = shown.row(1, named=True)  # 80, 12 and 6 of 98: nothing small
    assert (q2["agree"], q2["neutral"], q2["disagree"]) == (80, 12, 6)


def test_response_rates_withhold_a_small_number_not_responding() -> None:
    rates = survey_response_rates(INPUTS, as_at=D).with_columns(
        responses=pl.when(pl.col("wave_key") == "wave:HC2017").then(122).otherwise(pl.col("responses"))
    )  # 122 of 125: the 3 who did not respond are a small group
    shown = withhold_response_rates(rates)
    assert shown.select("responses", "response_rate_pct").rows()[0] == (None, None)
    assert shown.select("responses", "response_rate_pct").rows()[1] == (100, 80.0)


def test_a_viewers_interview_themes_and_the_months_between_windows() -> None:
    def row(months: int, theme: str | None, interviews: int, citing: int) -> dict[str, object]:
        share = citing / interviews * 100
        return {
            "la_code": "990",
            "months": months,
            "kind": "exit",
            "theme": theme,
            "is_total": theme is None,
            "interviews": interviews,
            "citing": citing,
            "share_pct": share,
        }

    # 6 months: 10 interviews, workload 5, pay 0; 12 months: 20, workload 7 (2 in the earlier six months: small),
    # pay 10
    table = pl.DataFrame(
        [
            row(6, "workload", 10, 5),
            row(6, "pay", 10, 0),
            row(6, None, 10, 10),
            row(12, "workload", 20, 7),
            row(12, "pay", 20, 10),
            row(12, None, 20, 20),
        ]
    )
    shown = withhold_interview_themes(table)
    assert shown.select("months", "theme", "interviews", "citing", "share_pct").rows() == [
        (6, "workload", 10, 5, 50.0),
        (6, "pay", 10, 0, 0.0),
        (6, None, 10, 10, 100.0),
        (12, "workload", 20, None, None),  # 7 less 5: the earlier six months' 2 would be told
        (12, "pay", 20, 10, 50.0),
        (12, None, 20, 20, 100.0),
    ]
    # the fixture's windows are all small: every count of 1 to 4 withheld, with its share
    small = withhold_interview_themes(interview_themes(INPUTS, as_at=D))
    assert small.filter(pl.col("interviews").is_not_null()).height == 0


def test_a_viewers_leavers_with_an_exit_interview() -> None:
    share = exit_interview_share(INPUTS, as_at=D)
    shown = withhold_exit_interview_share(share)
    assert shown.select("leavers", "interviewed", "interviewed_pct").rows() == [(None, None, None)] * 2
