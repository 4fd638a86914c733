"""Staff voice: exit and retention interview themes, and staff survey (health check) results, over
:class:`~csc_workforce.measures.inputs.CouncilFrames` for many councils at once (no Django).

**Interviews.** An interview is in a window when its date is in it. The windows are rolling: the 6 and 12 months
ending on D (:func:`months_to`; Slough monitors six-monthly). For each window and kind (exit, retention) and each
theme of ``VoiceTheme``, :func:`interview_themes` counts the interviews citing the theme and their share of the
kind's interviews in the window; an interview may cite several themes, so the shares do not add up to 100.
:func:`exit_interview_share` gives the window's council-employed leavers (an engagement, not agency, ending in the
window: the leavers of ``leavers_by_reason``) and how many of them had an exit interview (one belonging to the
engagement, held on any date up to D). :func:`exit_themes_by_reason` gives the exit interviews' themes by the
leaver's census reason for leaving, which is the engagement's (``Engagement.reason_leave``), never repeated on the
interview. A council holding no interviews has no rows. The page shows a window only when the interview records
cover it (``store/services/coverage.py``, kind ``interviews``: ``Coverage.development_gap``), and passes the
covered windows as ``windows``.

**Surveys.** A wave's answers to a question are counted in three: agreeing (strongly agree, agree, yes),
disagreeing (disagree, strongly disagree, no) and neither (neither agree nor disagree, don't know); those
answering are the three together (not applicable is no answer). % agreeing = agreeing / answering x 100
(Worcestershire: 99% supervised, up from 74% in 2017). A wave's previous wave is the latest wave of the same
instrument (compared ignoring case and spaces) on an earlier date; the change is the difference of the two
percentages in percentage points, for a question (by its code) asked in both. The response rate is responses /
invited x 100 (null when invited is not known). :func:`survey_results` is the latest wave of each instrument on or
before D; :func:`survey_questions_by_wave` every wave, for a trend. A percentage is null when its denominator is 0.

Every percentage comes with the counts it is over, so a viewer's figure is withheld when a count behind it is 1
to 4 (``disclosure.withhold_interview_themes``, ``withhold_survey_results``, ``withhold_response_rates``).
Free text is never held (``records.StaffInterview``), so nothing here can show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from csc_workforce.domain.codes import AnswerOption, InterviewKind, ReasonLeave, VoiceTheme
from csc_workforce.domain.periods import Period
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import NOT_RECORDED, TOTAL, _share

WINDOWS: tuple[int, ...] = (6, 12)  # months: the rolling windows the strategies monitor
THEME_COLUMNS: tuple[str, ...] = (
    "la_code",
    "months",
    "start",
    "end",
    "kind",
    "kind_label",
    "theme",
    "theme_label",
    "is_total",
    "interviews",
    "citing",
    "share_pct",
)
SHARE_COLUMNS: tuple[str, ...] = ("la_code", "months", "start", "end", "leavers", "interviewed", "interviewed_pct")
BY_REASON_COLUMNS: tuple[str, ...] = (
    "la_code",
    "reason",
    "reason_label",
    "theme",
    "theme_label",
    "is_total",
    "interviews",
    "citing",
    "share_pct",
)
QUESTION_COLUMNS: tuple[str, ...] = (
    "la_code",
    "instrument",
    "wave_key",
    "on",
    "is_latest",
    "question",
    "question_text",
    "answered",
    "agree",
    "neutral",
    "disagree",
    "agree_pct",
    "previous_wave_key",
    "previous_on",
    "previous_answered",
    "previous_agree",
    "previous_agree_pct",
    "change_pts",
)
RATE_COLUMNS: tuple[str, ...] = (
    "la_code",
    "instrument",
    "wave_key",
    "on",
    "is_latest",
    "invited",
    "responses",
    "response_rate_pct",
)


def months_to(as_at: date, months: int) -> Period:
    """The ``months`` months ending on ``as_at`` inclusive. To a month's last day they are whole months (6 months
    to 30 September: 1 April to 30 September); to another day, from the day after the same date ``months``
    months earlier (that month's last day when it is shorter). 12 months is ``periods.twelve_months_to``."""
    if (as_at + timedelta(days=1)).day == 1:
        year, month = divmod(as_at.year * 12 + as_at.month - months, 12)
        return Period(date(year, month + 1, 1), as_at)
    year, month = divmod(as_at.year * 12 + as_at.month - 1 - months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return Period(date(year, month, min(as_at.day, last)) + timedelta(days=1), as_at)


def rolling_windows(as_at: date, months: tuple[int, ...] = WINDOWS) -> dict[int, Period]:
    """The rolling windows to ``as_at``: months -> period."""
    return {n: months_to(as_at, n) for n in months}


def _interviews(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """The interviews on or before ``as_at``, with a list of their theme codes."""
    return inputs.interviews.filter(pl.col("on") <= pl.lit(as_at)).with_columns(
        theme_list=pl.col("themes").fill_null("").str.split(";").list.eval(pl.element().filter(pl.element() != ""))
    )


def _labels(codes: type[VoiceTheme] | type[InterviewKind] | type[ReasonLeave]) -> dict[str, str]:
    return {member.value: member.label for member in codes}


def _theme_counts(interviews: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """``by`` + theme (every theme, and a total row: theme null) with interviews (of the group) and citing."""
    totals = interviews.group_by(by).agg(interviews=pl.len().cast(pl.Int64))
    cited = (
        interviews.select(*by, "interview_key", theme=pl.col("theme_list"))
        .explode("theme")
        .drop_nulls("theme")
        .group_by(*by, "theme")
        .agg(citing=pl.col("interview_key").n_unique().cast(pl.Int64))
    )
    themes = pl.DataFrame({"theme": [t.value for t in VoiceTheme]}).with_row_index("_order")
    rows = (
        totals.join(themes, how="cross")
        .join(cited, on=[*by, "theme"], how="left", nulls_equal=True)
        .with_columns(pl.col("citing").fill_null(0), is_total=pl.lit(False))
    )
    total_rows = totals.with_columns(
        theme=pl.lit(None, pl.String),
        _order=pl.lit(len(VoiceTheme), pl.UInt32),
        citing=pl.col("interviews"),
        is_total=pl.lit(True),
    )
    return pl.concat([rows, total_rows], how="diagonal_relaxed").with_columns(
        theme_label=pl.col("theme").replace_strict(_labels(VoiceTheme), default=TOTAL, return_dtype=pl.String),
        share_pct=_share(pl.col("citing"), pl.col("interviews")),
    )


def interview_themes(
    inputs: CouncilFrames, *, as_at: date, windows: Mapping[int, Period] | None = None
) -> pl.DataFrame:
    """For each council holding interviews, each window (months -> period, by default the 6 and 12 months to
    ``as_at``), each kind (exit, retention) and each theme: the kind's interviews in the window, those citing the
    theme and their share (%), and a total row per kind (theme null, "Total": citing = interviews); columns
    ``THEME_COLUMNS``, by window, kind (``InterviewKind`` order) and theme (``VoiceTheme`` order). A kind with no
    interview in a window has interviews 0 and null shares. The page should show, per window, a table of themes
    with a column of counts and shares for exits and one for retention interviews."""
    periods = rolling_windows(as_at) if windows is None else dict(windows)
    held = _interviews(inputs, as_at)
    if held.is_empty() or not periods:
        return pl.DataFrame(schema=_schema(THEME_COLUMNS))
    kinds = pl.DataFrame({"kind": [k.value for k in InterviewKind]}).with_row_index("_kind_order")
    parts = []
    for months, period in periods.items():
        councils = held.select("la_code").unique().join(kinds, how="cross")
        inside = held.filter(pl.col("on").is_between(pl.lit(period.start), pl.lit(min(period.end, as_at))))
        counted = _theme_counts(inside, ["la_code", "kind"])
        grid = councils.join(
            pl.DataFrame({"theme": [*(t.value for t in VoiceTheme), None]}, schema={"theme": pl.String}),
            how="cross",
        )
        part = (
            grid.join(
                counted.select("la_code", "kind", "theme", "citing"),
                on=["la_code", "kind", "theme"],
                how="left",
                nulls_equal=True,
            )
            .join(
                counted.filter("is_total").select("la_code", "kind", "interviews"), on=["la_code", "kind"], how="left"
            )
            .with_columns(
                pl.col("interviews").fill_null(0),
                pl.col("citing").fill_null(0),
                is_total=pl.col("theme").is_null(),
                theme_label=pl.col("theme").replace_strict(_labels(VoiceTheme), default=TOTAL, return_dtype=pl.String),
                _order=pl.col("theme").replace_strict(
                    {t.value: n for n, t in enumerate(VoiceTheme)}, default=len(VoiceTheme), return_dtype=pl.Int64
                ),
            )
            .with_columns(
                share_pct=_share(pl.col("citing"), pl.col("interviews")),
                months=pl.lit(months, pl.Int64),
                start=pl.lit(period.start),
                end=pl.lit(min(period.end, as_at)),
                kind_label=pl.col("kind").replace_strict(_labels(InterviewKind), return_dtype=pl.String),
            )
        )
        parts.append(part)
    return (
        pl.concat(parts, how="diagonal_relaxed")
        .sort("la_code", "months", "_kind_order", "_order")
        .select(THEME_COLUMNS)
    )


def exit_interview_share(
    inputs: CouncilFrames, *, as_at: date, windows: Mapping[int, Period] | None = None
) -> pl.DataFrame:
    """For each council holding interviews and each window: its council-employed leavers (engagements, not
    agency, ending in the window on or before ``as_at``), how many had an exit interview (one belonging to the
    engagement, on or before ``as_at``) and the share (%); columns ``SHARE_COLUMNS``. The page should show it
    beside the themes: it says how far the themes speak for the leavers."""
    periods = rolling_windows(as_at) if windows is None else dict(windows)
    held = _interviews(inputs, as_at)
    if held.is_empty() or not periods:
        return pl.DataFrame(schema=_schema(SHARE_COLUMNS))
    exits = (
        held.filter(pl.col("kind") == InterviewKind.EXIT.value)
        .select("la_code", "engagement_key")
        .unique()
        .with_columns(interviewed=pl.lit(True))
    )
    councils = held.select("la_code").unique()
    rows = []
    for months, period in periods.items():
        end = min(period.end, as_at)
        leavers = inputs.engagements.filter(
            ~pl.col("agency") & pl.col("end_date").is_between(pl.lit(period.start), pl.lit(end))
        ).select("la_code", "engagement_key")
        counted = (
            leavers.join(exits, on=["la_code", "engagement_key"], how="left")
            .group_by("la_code")
            .agg(
                leavers=pl.len().cast(pl.Int64), interviewed=pl.col("interviewed").fill_null(False).sum().cast(pl.Int64)
            )
        )
        rows.append(
            councils.join(counted, on="la_code", how="left").with_columns(
                pl.col("leavers").fill_null(0),
                pl.col("interviewed").fill_null(0),
                months=pl.lit(months, pl.Int64),
                start=pl.lit(period.start),
                end=pl.lit(end),
            )
        )
    return (
        pl.concat(rows, how="diagonal_relaxed")
        .with_columns(interviewed_pct=_share(pl.col("interviewed"), pl.col("leavers")))
        .sort("la_code", "months")
        .select(SHARE_COLUMNS)
    )


def exit_themes_by_reason(inputs: CouncilFrames, *, as_at: date, period: Period) -> pl.DataFrame:
    """The exit interviews in ``period`` (to ``as_at``) of workers whose engagement has ended, by the census reason
    for leaving their engagement gives (``ReasonLeave``; "Not recorded" when it gives none) and theme, with a
    total row per reason; columns ``BY_REASON_COLUMNS``, only the reasons held. An exit interview whose engagement
    has no end date yet is left out (not yet a leaver: IMP-ROW-031)."""
    ended = inputs.engagements.filter(pl.col("end_date").is_not_null()).select(
        "la_code", "engagement_key", reason=pl.col("reason_leave")
    )
    exits = (
        _interviews(inputs, as_at)
        .filter(
            (pl.col("kind") == InterviewKind.EXIT.value)
            & pl.col("on").is_between(pl.lit(period.start), pl.lit(min(period.end, as_at)))
        )
        .join(ended, on=["la_code", "engagement_key"])
    )
    if exits.is_empty():
        return pl.DataFrame(schema=_schema(BY_REASON_COLUMNS))
    reasons = {r.value: n for n, r in enumerate(ReasonLeave)}
    counted = _theme_counts(exits, ["la_code", "reason"])
    return (
        counted.with_columns(
            reason_label=pl.col("reason").replace_strict(
                _labels(ReasonLeave), default=NOT_RECORDED, return_dtype=pl.String
            ),
            _reason_order=pl.col("reason").replace_strict(reasons, default=len(reasons), return_dtype=pl.Int64),
        )
        .sort("la_code", "_reason_order", "_order")
        .select(BY_REASON_COLUMNS)
    )


# ------------------------------------------------------------------------------------------------- surveys


def _instrument(column: str = "instrument") -> pl.Expr:
    return pl.col(column).str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def _waves(inputs: CouncilFrames, as_at: date) -> pl.DataFrame:
    """The waves on or before ``as_at``, each with the key and date of its previous wave (same instrument)."""
    waves = (
        inputs.survey_waves.filter(pl.col("on") <= pl.lit(as_at))
        .with_columns(_instrument_key=_instrument())
        .sort("la_code", "_instrument_key", "on", "wave_key")
    )
    group = ["la_code", "_instrument_key"]
    # the previous wave is on an earlier date: two waves of one day have the same previous wave
    days = waves.select(*group, "on").unique().sort(*group, "on")
    days = days.with_columns(previous_on=pl.col("on").shift(1).over(group))
    latest_of_day = waves.group_by(*group, "on").agg(previous_wave_key=pl.col("wave_key").max())
    previous = days.join(
        latest_of_day.rename({"on": "previous_on"}), on=[*group, "previous_on"], how="left", nulls_equal=False
    )
    return waves.join(previous, on=[*group, "on"], how="left").with_columns(
        is_latest=pl.col("on") == pl.col("on").max().over(group)
    )


def _question_counts(inputs: CouncilFrames) -> pl.DataFrame:
    """la_code, wave_key, question: question_text (the first given, null if none), answered, agree, neutral,
    disagree."""
    agreeing = [o.value for o in AnswerOption if o.agreeing]
    disagreeing = [o.value for o in AnswerOption if o.disagreeing]
    answering = [o.value for o in AnswerOption if o.answers]
    option, count = pl.col("option"), pl.col("count")
    text = pl.col("question_text")
    return (
        inputs.survey_answers.group_by("la_code", "wave_key", "question")
        .agg(
            question_text=text.filter(text.is_not_null() & (text != "")).first(),
            answered=count.filter(option.is_in(answering)).sum().cast(pl.Int64),
            agree=count.filter(option.is_in(agreeing)).sum().cast(pl.Int64),
            disagree=count.filter(option.is_in(disagreeing)).sum().cast(pl.Int64),
        )
        .with_columns(neutral=pl.col("answered") - pl.col("agree") - pl.col("disagree"))
    )


def survey_questions_by_wave(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Every wave on or before ``as_at`` and question it asked: answering, agreeing, neither and disagreeing
    counts, % agreeing, and the same question in the previous wave of the instrument (null when the instrument
    has no earlier wave or it did not ask the question) with the change in percentage points; columns
    ``QUESTION_COLUMNS``, by instrument, wave date and question. ``is_latest``: the instrument's latest wave on
    or before ``as_at``. The page should chart each question's % agreeing over the waves (the trend)."""
    waves = _waves(inputs, as_at)
    if waves.is_empty():
        return pl.DataFrame(schema=_schema(QUESTION_COLUMNS))
    counts = _question_counts(inputs).with_columns(agree_pct=_share(pl.col("agree"), pl.col("answered")))
    asked = waves.join(counts, on=["la_code", "wave_key"])
    before = counts.select(
        "la_code",
        "question",
        previous_wave_key="wave_key",
        previous_answered="answered",
        previous_agree="agree",
        previous_agree_pct="agree_pct",
    )
    # a wave giving no wording for a question takes the latest wording another wave of the instrument gave it
    same = ["la_code", "_instrument_key", "question"]
    wording = (
        asked.filter(pl.col("question_text").is_not_null())
        .sort("on")
        .group_by(same)
        .agg(_wording=pl.col("question_text").last())
    )
    asked = asked.join(wording, on=same, how="left").with_columns(
        question_text=pl.coalesce("question_text", "_wording", pl.lit(""))
    )
    return (
        asked.join(before, on=["la_code", "previous_wave_key", "question"], how="left")
        .with_columns(
            previous_on=pl.when(pl.col("previous_answered").is_not_null()).then(pl.col("previous_on")),
            previous_wave_key=pl.when(pl.col("previous_answered").is_not_null()).then(pl.col("previous_wave_key")),
            change_pts=pl.col("agree_pct") - pl.col("previous_agree_pct"),
        )
        .sort("la_code", "_instrument_key", "on", "wave_key", "question")
        .select(QUESTION_COLUMNS)
    )


def survey_results(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """The latest wave on or before ``as_at`` of each instrument, by question: % agreeing against the previous
    wave of the instrument, with the change and the counts behind both (``survey_questions_by_wave`` of the
    latest waves). The page should show one table per instrument: question, % agreeing now, then, the change."""
    return survey_questions_by_wave(inputs, as_at=as_at).filter(pl.col("is_latest"))


def survey_response_rates(inputs: CouncilFrames, *, as_at: date) -> pl.DataFrame:
    """Every wave on or before ``as_at``: staff invited, responses and the response rate (%; null when invited
    is not known); columns ``RATE_COLUMNS``, by instrument and date."""
    waves = _waves(inputs, as_at)
    if waves.is_empty():
        return pl.DataFrame(schema=_schema(RATE_COLUMNS))
    return (
        waves.with_columns(response_rate_pct=_share(pl.col("responses"), pl.col("invited")))
        .sort("la_code", "_instrument_key", "on", "wave_key")
        .select(RATE_COLUMNS)
    )


_TYPES: dict[str, pl.DataType] = {
    "la_code": pl.String(),
    "months": pl.Int64(),
    "start": pl.Date(),
    "end": pl.Date(),
    "on": pl.Date(),
    "previous_on": pl.Date(),
    "is_total": pl.Boolean(),
    "is_latest": pl.Boolean(),
}


def _schema(columns: tuple[str, ...]) -> dict[str, pl.DataType]:
    """The empty table's columns: counts Int64, percentages Float64, the rest as ``_TYPES`` or String."""

    def kind(column: str) -> pl.DataType:
        if column in _TYPES:
            return _TYPES[column]
        if column.endswith(("_pct", "_pts")):
            return pl.Float64()
        if column in ("interviews", "citing", "leavers", "interviewed", "invited", "responses") or column.endswith(
            ("answered", "agree", "neutral", "disagree")
        ):
            return pl.Int64()
        return pl.String()

    return {column: kind(column) for column in columns}
