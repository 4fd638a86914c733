"""Staff voice of synthetic councils with development records (``synthetic/voice.py``): exit interviews of most
council-employed leavers with themes that fit their census reason, a few retention interviews a year, an annual
health check whose answers add up, all from streams of their own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

import pytest

from csc_workforce.domain.codes import AnswerOption, InterviewKind, ReasonLeave, VoiceTheme
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.synthetic import demo_council, generate_council, voice
from csc_workforce.synthetic.voice import INSTRUMENT, QUESTIONS


@pytest.fixture(scope="module")
def demo() -> CouncilRecords:
    return demo_council()


def test_most_council_employed_leavers_have_an_exit_interview_near_their_last_day(demo: CouncilRecords) -> None:
    engagements = {e.key: e for e in demo.engagements}
    exits = [i for i in demo.interviews if i.kind is InterviewKind.EXIT]
    leavers = [
        e
        for e in demo.engagements
        if not e.is_agency and e.end_date and e.reason_leave not in (ReasonLeave.DISMISSED, ReasonLeave.DECEASED)
    ]
    interviewed = {i.engagement_key for i in exits}
    assert 0.7 < len(interviewed & {e.key for e in leavers}) / len(leavers) < 0.9
    for interview in exits:
        left = engagements[interview.engagement_key]
        assert not left.is_agency and left.end_date is not None
        assert left.end_date - timedelta(days=14) <= interview.on <= left.end_date + timedelta(days=7)
        assert interview.themes and list(interview.themes) == sorted(interview.themes, key=list(VoiceTheme).index)


def test_exit_themes_fit_the_census_reason_for_leaving(demo: CouncilRecords) -> None:
    reason = {e.key: e.reason_leave for e in demo.engagements}
    themes_by_reason: dict[ReasonLeave | None, set[VoiceTheme]] = defaultdict(set)
    for interview in demo.interviews:
        if interview.kind is InterviewKind.EXIT:
            themes_by_reason[reason[interview.engagement_key]].update(interview.themes)
    assert themes_by_reason[ReasonLeave.RETIRED] <= {VoiceTheme.RETIREMENT, VoiceTheme.WELLBEING}
    assert VoiceTheme.RETIREMENT not in themes_by_reason[ReasonLeave.RESIGNATION]
    assert {VoiceTheme.WORKLOAD, VoiceTheme.SUPERVISION, VoiceTheme.CAREER} <= themes_by_reason[ReasonLeave.RESIGNATION]


def test_a_few_retention_interviews_a_year_of_workers_in_post(demo: CouncilRecords) -> None:
    engagements = {e.key: e for e in demo.engagements}
    stays = [i for i in demo.interviews if i.kind is InterviewKind.RETENTION]
    years = {i.on.year for i in stays}
    assert 3 <= len(stays) / len(years) <= 15
    assert all(engagements[i.engagement_key].in_post_on(i.on) for i in stays)
    assert len({i.key for i in demo.interviews}) == len(demo.interviews)


def test_an_annual_health_check_whose_answers_add_up_to_its_responses(demo: CouncilRecords) -> None:
    waves = {w.key: w for w in demo.survey_waves}
    assert {w.instrument for w in waves.values()} == {INSTRUMENT}
    assert sorted(w.on.year for w in waves.values()) == list(range(2016, 2025))  # each November in the span
    answered: dict[tuple[str, str], int] = defaultdict(int)
    agreeing: dict[tuple[str, str], int] = defaultdict(int)
    for a in demo.survey_answers:
        answered[(a.wave_key, a.question)] += a.count
        if a.option.agreeing:
            agreeing[(a.wave_key, a.question)] += a.count
    for (wave, question), total in answered.items():
        assert total == waves[wave].responses, (wave, question)  # not applicable included
        assert waves[wave].responses <= (waves[wave].invited or 0)
    first, last = min(waves.values(), key=lambda w: w.on), max(waves.values(), key=lambda w: w.on)
    supervised = [agreeing[(w.key, QUESTIONS[0][0])] / w.responses for w in (first, last)]
    assert supervised[0] < supervised[1]  # agreement moves up over the waves
    assert {a.option for a in demo.survey_answers} == set(AnswerOption) - {
        AnswerOption.YES,
        AnswerOption.NO,
        AnswerOption.DONT_KNOW,
    }


def test_staff_voice_leaves_the_rest_of_the_council_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawn from streams of their own: every other record (development records too) is the same as when no
    staff voice is drawn at all, and the same seed gives the same interviews and answers."""
    arguments = dict(la_code="991", name="Small", region="", first_year=2022, last_year=2025, seed=4, size=60)
    full = generate_council(**arguments, development=True)  # type: ignore[arg-type]
    assert full.interviews and full.survey_waves and full.survey_answers
    assert generate_council(**arguments, development=True) == full  # type: ignore[arg-type]
    monkeypatch.setattr(voice, "interviews", lambda *_: ())
    monkeypatch.setattr(voice, "health_checks", lambda *_: ((), ()))
    without = generate_council(**arguments, development=True)  # type: ignore[arg-type]
    assert replace(full, interviews=(), survey_waves=(), survey_answers=()) == without
    plain = generate_council(**arguments)  # type: ignore[arg-type]
    assert not plain.interviews and not plain.survey_waves and not plain.survey_answers
