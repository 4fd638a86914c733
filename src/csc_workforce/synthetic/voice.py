"""Staff voice for a synthetic council with development records: exit interviews of most council-employed
leavers (themes drawn to fit their census reason for leaving and destination), a few retention interviews a
year, and an annual LGA health check whose agreement moves plausibly. Drawn from their own random stream, so
the rest of the council (its census history) is the same with or without them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from csc_workforce.domain.codes import AnswerOption, InterviewKind, LeaverDestination, ReasonLeave, VoiceTheme
from csc_workforce.domain.records import StaffInterview, SurveyAnswer, SurveyWave
from csc_workforce.measures.rules import in_post
from csc_workforce.synthetic.simulation import SimEngagement, Simulation

T = VoiceTheme
EXIT_INTERVIEW_SHARE = 0.8  # of the leavers offered one (not dismissed or deceased), those who take it
# A resignation's themes, weighted (Slough's: insufficient support, workloads too high, no career path)
RESIGNATION_THEMES: tuple[tuple[VoiceTheme, float], ...] = (
    (T.WORKLOAD, 0.28),
    (T.SUPERVISION, 0.14),
    (T.MANAGEMENT, 0.10),
    (T.CAREER, 0.14),
    (T.PAY, 0.10),
    (T.TRAVEL, 0.06),
    (T.FLEXIBLE, 0.07),
    (T.WELLBEING, 0.08),
    (T.CULTURE, 0.03),
)
# What a stayer's retention interview says keeps them (or would make them go)
RETENTION_THEMES: tuple[tuple[VoiceTheme, float], ...] = (
    (T.SUPERVISION, 0.22),
    (T.CULTURE, 0.2),
    (T.FLEXIBLE, 0.18),
    (T.CAREER, 0.14),
    (T.WORKLOAD, 0.12),
    (T.TRAVEL, 0.08),
    (T.PAY, 0.06),
)
RETENTION_PER_WORKER_YEAR = 0.03  # a few a year: about 9 for the demo's 300 council-employed workers
NO_EXIT_INTERVIEW = (ReasonLeave.DISMISSED, ReasonLeave.DECEASED)

INSTRUMENT = "LGA social work health check"
# (code, wording, share agreeing in the first wave, in the last): supervision and being listened to rise most
# (Worcestershire: 74% to 99% supervised, 45% to 94% listened to, 31% to 80% valued)
QUESTIONS: tuple[tuple[str, str, float, float], ...] = (
    ("HC1", "I receive regular, good quality supervision and a review of my performance", 0.74, 0.96),
    ("HC2", "My manager listens to me and deals with my worries", 0.55, 0.88),
    ("HC3", "The council's practice standards are useful in my practice", 0.5, 0.86),
    ("HC4", "I feel valued at work", 0.38, 0.74),
    ("HC5", "My caseload is manageable", 0.42, 0.6),
)
RESPONSE_RATE = (0.55, 0.78)  # the first wave's, the last's
NOT_APPLICABLE = 0.02


def _themes(rng: random.Random, weighted: tuple[tuple[VoiceTheme, float], ...], most: int) -> set[VoiceTheme]:
    themes = [t for t, _ in weighted]
    weights = [w for _, w in weighted]
    return set(rng.choices(themes, weights, k=rng.randint(1, most)))


def _exit_themes(eng: SimEngagement, rng: random.Random) -> set[VoiceTheme]:
    """Themes that fit the leaver's census reason for leaving (and, for a resignation, where they went)."""
    reason = eng.reason
    if reason is ReasonLeave.RETIRED:
        return {T.RETIREMENT} | ({T.WELLBEING} if rng.random() < 0.2 else set())
    if reason in (ReasonLeave.VOLUNTARY_REDUNDANCY, ReasonLeave.COMPULSORY_REDUNDANCY):
        return {T.OTHER}
    if reason is ReasonLeave.MOVED_WITHIN_LA:
        return {T.CAREER} | ({T.WORKLOAD} if rng.random() < 0.3 else set())
    if reason is ReasonLeave.RESIGNATION:
        found = _themes(rng, RESIGNATION_THEMES, 3)
        if eng.destination is LeaverDestination.AGENCY:
            found.add(T.PAY)  # leaving for higher agency rates (Worcestershire)
        elif eng.destination is LeaverDestination.OTHER_LA_ENGLAND and rng.random() < 0.5:
            found.add(rng.choice((T.CAREER, T.TRAVEL)))
        elif eng.destination is LeaverDestination.NON_SOCIAL_CARE and rng.random() < 0.5:
            found.add(rng.choice((T.WELLBEING, T.PERSONAL)))
        return found
    return {rng.choice((T.PERSONAL, T.RELOCATION, T.OTHER))}


def interviews(sim: Simulation, rng: random.Random, source: str) -> tuple[StaffInterview, ...]:
    """Exit interviews of most council-employed leavers (held up to a fortnight before the last day or a week
    after it), and retention interviews of council-employed workers in post at ``RETENTION_PER_WORKER_YEAR``."""
    found: list[StaffInterview] = []
    staff = [eng for eng in sim.engagements if not eng.is_agency]
    for eng in staff:
        if eng.end is None or eng.end > sim.end or eng.reason in NO_EXIT_INTERVIEW:
            continue
        if rng.random() >= EXIT_INTERVIEW_SHARE:
            continue
        on = min(max(eng.end + timedelta(days=rng.randrange(-14, 8)), eng.start), sim.end)
        themes = _exit_themes(eng, rng)
        key = f"interview:{eng.key}/exit@{on.isoformat()}"
        found.append(StaffInterview(key, eng.key, InterviewKind.EXIT, on, tuple(t for t in T if t in themes), source))
    day = sim.start
    while day <= sim.end:
        month_end = min(date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1), sim.end)
        on = day + timedelta(days=rng.randrange((month_end - day).days + 1))
        for eng in staff:
            if in_post(eng.start, eng.end, on) and rng.random() < RETENTION_PER_WORKER_YEAR / 12:
                themes = _themes(rng, RETENTION_THEMES, 2)
                key = f"interview:{eng.key}/retention@{on.isoformat()}"
                found.append(
                    StaffInterview(
                        key, eng.key, InterviewKind.RETENTION, on, tuple(t for t in T if t in themes), source
                    )
                )
        day = month_end + timedelta(days=1)
    unique = {i.key: i for i in found}  # two draws on one day for one worker are one interview
    return tuple(sorted(unique.values(), key=lambda i: (i.on, i.key)))


def health_checks(
    sim: Simulation, rng: random.Random, source: str
) -> tuple[tuple[SurveyWave, ...], tuple[SurveyAnswer, ...]]:
    """An LGA health check closing each 30 November in the simulation: the council-employed workers in post are
    invited, a rising share respond, and each answers ``QUESTIONS`` with agreement moving from the first wave's
    share towards the last's (a wave's own noise on top)."""
    days = [date(year, 11, 30) for year in range(sim.start.year, sim.end.year + 1)]
    days = [d for d in days if sim.start <= d <= sim.end]
    waves: list[SurveyWave] = []
    answers: list[SurveyAnswer] = []
    for n, on in enumerate(days):
        progress = n / (len(days) - 1) if len(days) > 1 else 1.0
        invited = sum(1 for eng in sim.engagements if not eng.is_agency and in_post(eng.start, eng.end, on))
        if invited == 0:
            continue
        rate = RESPONSE_RATE[0] + (RESPONSE_RATE[1] - RESPONSE_RATE[0]) * progress + rng.uniform(-0.04, 0.04)
        responses = max(1, min(invited, round(invited * rate)))
        key = f"wave:HC{on.year}"
        waves.append(SurveyWave(key, on, INSTRUMENT, responses, invited, source))
        for code, wording, first, last in QUESTIONS:
            agree = min(0.99, max(0.05, first + (last - first) * progress + rng.uniform(-0.03, 0.03)))
            counts = dict.fromkeys(AnswerOption, 0)
            for _ in range(responses):
                draw = rng.random()
                if draw < NOT_APPLICABLE:
                    option = AnswerOption.NOT_APPLICABLE
                elif draw < NOT_APPLICABLE + agree * (1 - NOT_APPLICABLE):
                    option = AnswerOption.STRONGLY_AGREE if rng.random() < 0.4 else AnswerOption.AGREE
                elif rng.random() < 0.45:
                    option = AnswerOption.NEUTRAL
                else:
                    option = AnswerOption.STRONGLY_DISAGREE if rng.random() < 0.3 else AnswerOption.DISAGREE
                counts[option] += 1
            answers.extend(
                SurveyAnswer(key, code, option, count, wording, source) for option, count in counts.items() if count
            )
    return tuple(waves), tuple(answers)
