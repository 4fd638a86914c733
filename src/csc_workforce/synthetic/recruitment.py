"""Recruitment campaigns and applications for a synthetic council's starters (``development=True`` only).

Every permanent engagement that starts during the simulation has a successful application whose start date is
the engagement's start and whose engagement is it; its campaign recruits to the team and role it starts in.
Starters in one team and role whose starts fall in the same quarter share a campaign, open 4 weeks, shortlisted
a few days after it closes and interviewed a week or two later; each starter's offer comes before their start by
the time DBS clearance took and a few days' to weeks' notice. Each successful applicant has 2 to 7 unsuccessful
ones beside them (more for newly qualified posts), rejected at the sift, withdrawing after shortlisting,
rejected after interview, declining the offer or withdrawing during the checks. The route and channel follow the
starter's origin: a newly qualified social worker comes by the NQSW route, often through a university; an
agency worker moving to a permanent post (origin agency, or an earlier agency engagement with the council) by
agency-to-permanent; someone who worked for the council before by the internal route; the rest are experienced,
about half through the council's website. The time from offer to DBS clearance falls over the years from about
8 weeks to under a week (Slough's improvement). Campaigns for starts after the simulation's end are not made:
applications in progress at its end are those of campaigns for starts up to it.

Everything is drawn from its own random stream, so the rest of the synthetic council does not change.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from csc_workforce.domain.codes import (
    ApplicationOutcome,
    ApplicationStage,
    ApplyReason,
    ContractType,
    OrgRole,
    RecruitmentChannel,
    RecruitmentCost,
    RecruitmentRoute,
    StartOrigin,
)
from csc_workforce.domain.records import JobApplication, RecruitmentCampaign
from csc_workforce.synthetic.simulation import SimEngagement, Simulation

T = TypeVar("T")
Weights = tuple[tuple[RecruitmentChannel, float], ...]
C = RecruitmentChannel
CHANNELS: dict[RecruitmentRoute, Weights] = {
    RecruitmentRoute.EXPERIENCED: (
        (C.COUNCIL_WEBSITE, 0.5),
        (C.JOB_BOARD, 0.22),
        (C.SOCIAL_MEDIA, 0.1),
        (C.REFERRAL, 0.1),
        (C.AGENCY, 0.05),
        (C.PRESS, 0.03),
    ),
    RecruitmentRoute.NEWLY_QUALIFIED: (
        (C.UNIVERSITY, 0.4),
        (C.COUNCIL_WEBSITE, 0.35),
        (C.JOB_BOARD, 0.1),
        (C.SOCIAL_MEDIA, 0.1),
        (C.EVENT, 0.05),
    ),
    RecruitmentRoute.AGENCY_TO_PERMANENT: ((C.INTERNAL, 0.45), (C.COUNCIL_WEBSITE, 0.35), (C.AGENCY, 0.2)),
    RecruitmentRoute.INTERNAL: ((C.INTERNAL, 0.8), (C.COUNCIL_WEBSITE, 0.2)),
}
# The routes of the unsuccessful applicants to a post.
OTHER_ROUTES: tuple[tuple[RecruitmentRoute, float], ...] = (
    (RecruitmentRoute.EXPERIENCED, 0.6),
    (RecruitmentRoute.NEWLY_QUALIFIED, 0.3),
    (RecruitmentRoute.INTERNAL, 0.05),
    (RecruitmentRoute.AGENCY_TO_PERMANENT, 0.05),
)
# How an unsuccessful application ends: outcome, stage, share.
ENDINGS: tuple[tuple[ApplicationOutcome, ApplicationStage, float], ...] = (
    (ApplicationOutcome.REJECTED, ApplicationStage.SIFT, 0.5),
    (ApplicationOutcome.WITHDRAWN, ApplicationStage.SHORTLIST, 0.12),
    (ApplicationOutcome.REJECTED, ApplicationStage.INTERVIEW, 0.28),
    (ApplicationOutcome.WITHDRAWN, ApplicationStage.OFFER, 0.06),
    (ApplicationOutcome.WITHDRAWN, ApplicationStage.CHECKS, 0.04),
)
REASONS: tuple[tuple[ApplyReason, float], ...] = (
    (ApplyReason.CAREER, 0.22),
    (ApplyReason.DEVELOPMENT, 0.16),
    (ApplyReason.PLACE, 0.12),
    (ApplyReason.LOCATION, 0.12),
    (ApplyReason.PAY, 0.12),
    (ApplyReason.FLEXIBLE, 0.1),
    (ApplyReason.PRACTICE, 0.07),
    (ApplyReason.CASELOADS, 0.05),
    (ApplyReason.ADVERT, 0.04),
)
GIVES_REASONS = 0.7  # the share of applications that answer "why did you apply"


def _pick(rng: random.Random, weights: tuple[tuple[T, float], ...]) -> T:
    return rng.choices([w[0] for w in weights], weights=[w[1] for w in weights])[0]


def _route(sim: Simulation, eng: SimEngagement) -> RecruitmentRoute:
    if eng.origin is StartOrigin.NEWLY_QUALIFIED:
        return RecruitmentRoute.NEWLY_QUALIFIED
    before = [e for e in sim.engagements if e.person == eng.person and e is not eng and e.start < eng.start]
    if eng.origin is StartOrigin.AGENCY or any(e.is_agency for e in before):
        return RecruitmentRoute.AGENCY_TO_PERMANENT
    if before:
        return RecruitmentRoute.INTERNAL
    return RecruitmentRoute.EXPERIENCED


def _dbs_days(sim: Simulation, rng: random.Random, day: date) -> int:
    """Offer to DBS clearance: about 8 weeks at the start of the simulation, under a week by its end."""
    through = (day - sim.start).days / max(1, (sim.end - sim.start).days)
    typical = 56 * (1 - through) + 5 * through
    return max(1, round(rng.uniform(0.5, 1.5) * typical))


def _reasons(rng: random.Random) -> tuple[ApplyReason, ...]:
    if rng.random() >= GIVES_REASONS:
        return ()
    chosen: list[ApplyReason] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        reason = _pick(rng, REASONS)
        if reason not in chosen:
            chosen.append(reason)
    return tuple(chosen)


def recruitment(
    sim: Simulation, rng: random.Random, source: str
) -> tuple[tuple[RecruitmentCampaign, ...], tuple[JobApplication, ...]]:
    """Campaigns and applications for the simulation's permanent starters (see the module docstring)."""
    groups: dict[tuple[int, OrgRole, int, int], list[SimEngagement]] = defaultdict(list)
    for eng in sim.engagements:
        if eng.contract is not ContractType.PERMANENT or eng.start < sim.start or eng.start > sim.end:
            continue
        first = eng.segments[0]
        groups[(first.cell, first.role, eng.start.year, (eng.start.month - 1) // 3)].append(eng)
    campaigns: list[RecruitmentCampaign] = []
    applications: list[JobApplication] = []
    for n, ((cell, role, _, _), starters) in enumerate(
        sorted(groups.items(), key=lambda g: min(e.start for e in g[1]))
    ):
        starters.sort(key=lambda e: (e.start, e.key))
        # each starter's offer comes before their start by the DBS clearance and a few days' notice or more
        cleared = [_dbs_days(sim, rng, e.start) for e in starters]
        offers = [
            e.start - timedelta(days=days + rng.randint(3, 28)) for e, days in zip(starters, cleared, strict=True)
        ]
        interviewed = min(offers) - timedelta(days=rng.randint(1, 5))
        shortlisted = interviewed - timedelta(days=rng.randint(5, 14))
        closed = shortlisted - timedelta(days=rng.randint(3, 10))
        opened = closed - timedelta(days=28)
        key = f"campaign:SYN{n + 1:05d}"
        routes = [_route(sim, e) for e in starters]
        channels = [_pick(rng, CHANNELS[route]) for route in routes]
        team = sim.teams[sim.cells[cell].team].key
        for eng, route, channel, offered, days in zip(starters, routes, channels, offers, cleared, strict=True):
            applications.append(
                JobApplication(
                    key=f"application:SYN{len(applications) + 1:06d}",
                    campaign_key=key,
                    applied=opened + timedelta(days=rng.randint(0, 27)),
                    channel=channel,
                    route=route,
                    shortlisted=shortlisted,
                    interviewed=interviewed,
                    offered=offered,
                    accepted=offered + timedelta(days=rng.randint(0, 2)),
                    dbs_cleared=offered + timedelta(days=days),
                    references_complete=offered + timedelta(days=rng.randint(2, days + 2)),
                    started=eng.start,
                    engagement_key=eng.key,
                    reasons=_reasons(rng),
                    source=source,
                )
            )
        newly_qualified = any(r is RecruitmentRoute.NEWLY_QUALIFIED for r in routes)
        others = sum(rng.randint(4, 9) if newly_qualified else rng.randint(2, 7) for _ in starters)
        for _ in range(others):
            applications.append(
                _unsuccessful(sim, rng, f"application:SYN{len(applications) + 1:06d}", key, opened, shortlisted, source)
            )
        by_agency = any(c is C.AGENCY for c in channels)
        cost, kind = (
            (Decimal(rng.randrange(4000, 8000, 50)), RecruitmentCost.AGENCY_FEE)
            if by_agency
            else (Decimal(rng.randrange(300, 2500, 25)), RecruitmentCost.ADVERTISING)
        )
        advertised = tuple(dict.fromkeys((C.COUNCIL_WEBSITE, *(c for c in channels if c is not C.REFERRAL))))
        campaigns.append(
            RecruitmentCampaign(
                key=key,
                opened=opened,
                closed=closed,
                role=role,
                team_key=team,
                channels=advertised,
                cost=cost,
                cost_type=kind,
                source=source,
            )
        )
    return tuple(campaigns), tuple(applications)


def _unsuccessful(
    sim: Simulation,
    rng: random.Random,
    key: str,
    campaign: str,
    opened: date,
    shortlisted: date,
    source: str,
) -> JobApplication:
    """An application that ended before a start: its steps to the stage it ended at, then the outcome's date
    (dates after the simulation's end are not yet known: the application is still in progress then)."""
    route = _pick(rng, OTHER_ROUTES)
    outcome, stage = _pick(rng, tuple(((o, s), w) for o, s, w in ENDINGS))
    applied = opened + timedelta(days=rng.randint(0, 27))
    steps: dict[str, date] = {}
    reached = list(ApplicationStage).index(stage)
    day = shortlisted
    for index, step in enumerate(("shortlisted", "interviewed", "offered", "accepted")):
        if index >= reached:
            break
        steps[step] = day
        day = day + timedelta(days=rng.randint(1, 10))
    ended = max([applied, *steps.values()]) + timedelta(days=rng.randint(1, 14))
    if stage is ApplicationStage.SIFT:
        ended = max(applied + timedelta(days=1), shortlisted - timedelta(days=rng.randint(0, 2)))
    known = {name: on for name, on in steps.items() if on <= sim.end}
    finished = ended <= sim.end and len(known) == len(steps)
    return JobApplication(
        key=key,
        campaign_key=campaign,
        applied=applied,
        channel=_pick(rng, CHANNELS[route]),
        route=route,
        outcome=outcome if finished else None,
        outcome_stage=stage if finished else None,
        outcome_on=ended if finished else None,
        reasons=_reasons(rng),
        source=source,
        shortlisted=known.get("shortlisted"),
        interviewed=known.get("interviewed"),
        offered=known.get("offered"),
        accepted=known.get("accepted"),
    )
