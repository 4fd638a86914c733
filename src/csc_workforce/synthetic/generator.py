"""Public entry points: generate one synthetic council, the demo council, or a national set of councils."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime

from csc_workforce.census.csww.schema import first_supported_year, last_supported_year, supported_span
from csc_workforce.domain.records import (
    AgencyCap,
    AgencyCost,
    AgencyPlacement,
    CaseAllocation,
    CaseAudit,
    Council,
    CouncilRecords,
    HRCase,
    IndicatorMonth,
    JobApplication,
    Provenance,
    RecruitmentCampaign,
    StaffInterview,
    SurveyAnswer,
    SurveyWave,
)
from csc_workforce.synthetic import build, recruitment, voice
from csc_workforce.synthetic._published_las import PUBLISHED_LAS
from csc_workforce.synthetic.development import NO_DEVELOPMENT, DevelopmentModel
from csc_workforce.synthetic.rates import ENGLAND_2017_2025, CouncilRates
from csc_workforce.synthetic.simulation import Simulation

DEFAULT_SIZE = 250
DEFAULT_RECORDED_AT = datetime(2025, 10, 1)
MIN_SIZE, MAX_SIZE = 50, 800


def generate_council(
    *,
    la_code: str,
    name: str,
    region: str,
    first_year: int,
    last_year: int,
    seed: int,
    size: int | None = None,
    rates: CouncilRates | None = None,
    recorded_at: datetime = DEFAULT_RECORDED_AT,
    monthly_caseloads: bool = True,
    development: bool = False,
    agency_covers_vacancies: bool = False,
) -> CouncilRecords:
    """A realistic synthetic council's workforce records for census years ``first_year`` to ``last_year``.

    The workforce is simulated month by month from 1 October ``first_year - 1`` (starting from an opening
    stock who joined earlier) to 30 September ``last_year``. ``size`` is the in-post FTE aimed at on the
    last census date (earlier years are smaller by ``rates.growth`` a year). The same arguments always give
    equal records. ``monthly_caseloads=False`` keeps only the 30 September caseload snapshots (faster and
    smaller). ``development=True`` adds the practice and development records (supervision, reviews, training,
    programmes, the grade scale, student placements: ``synthetic.development``) and job titles that follow
    the grade scale; the census history, and every census return written from the records, is the same.
    ``agency_covers_vacancies=True`` engages agency workers to cover the vacancies rather than at a share of
    the permanent in-post (``Simulation._agency_target``), as the forecasting backtest's councils do.
    """
    _check_years(first_year, last_year)
    if size is not None and size < 5:
        raise ValueError(f"size is the in-post FTE to aim at and must be at least 5; got {size}")
    source = f"synthetic:{la_code}:{seed}"
    rng = random.Random(seed)
    sim = Simulation(
        rng=rng,
        rates=rates or ENGLAND_2017_2025,
        size=float(size or DEFAULT_SIZE),
        region=region,
        start=date(first_year - 1, 10, 1),
        end=date(last_year, 9, 30),
        monthly_caseloads=monthly_caseloads,
        agency_covers_vacancies=agency_covers_vacancies,
    )
    sim.run()
    planner = DevelopmentModel(sim, random.Random(f"{source}:development")) if development else None
    if planner is not None:
        planner.retitle()  # before the assignments are built: it splits them where a job title changes
    posts, figures = build.posts_and_figures(sim, rng, source)
    absences = tuple(build.absences(sim, rng, source))
    pay = tuple(build.pay(sim, rng, figures, source))  # after the absences: both draw from ``rng``, in this order
    cases: tuple[HRCase, ...] = ()
    audits: tuple[CaseAudit, ...] = ()
    monthly: tuple[IndicatorMonth, ...] = ()
    allocated: tuple[CaseAllocation, ...] = ()
    agency: tuple[tuple[AgencyPlacement, ...], tuple[AgencyCost, ...], tuple[AgencyCap, ...]] = ((), (), ())
    campaigns: tuple[RecruitmentCampaign, ...] = ()
    applications: tuple[JobApplication, ...] = ()
    if development:  # sickness causes, HR casework and case audits, drawn apart so the census stays the same
        absences = build.with_causes(absences, random.Random(f"{source}:causes"))
        cases = build.hr_cases(sim, absences, random.Random(f"{source}:hr"), source)
        audits = build.case_audits(sim, random.Random(f"{source}:audits"), source)
        monthly = build.indicators(sim, random.Random(f"{source}:indicators"), source)
        # element grades and allocations: streams of their own, so the audits and all the rest stay the same
        audits = build.with_elements(audits, random.Random(f"{source}:audit-elements"))
        allocated = build.allocations(sim, random.Random(f"{source}:allocations"), source)
    interviews: tuple[StaffInterview, ...] = ()
    waves: tuple[SurveyWave, ...] = ()
    answers: tuple[SurveyAnswer, ...] = ()
    if development:  # staff voice: exit and retention interviews, the annual health check (a stream of its own)
        interviews = voice.interviews(sim, random.Random(f"{source}:interviews"), source)
        waves, answers = voice.health_checks(sim, random.Random(f"{source}:surveys"), source)
        agency = build.agency(sim, random.Random(f"{source}:agency"), source)
        campaigns, applications = recruitment.recruitment(sim, random.Random(f"{source}:recruitment"), source)
    extra = planner.records(source, absences) if planner is not None else NO_DEVELOPMENT
    provenance = Provenance(
        source,
        "synthetic",
        f"Synthetic council {name} ({la_code}), seed {seed}",
        recorded_at,
        complete_to=date(last_year, 9, 30),  # the simulation runs to the last census date
    )
    return CouncilRecords(
        council=Council(la_code, name, region),
        teams=build.teams(sim, source),
        people=build.people(sim, source),
        engagements=build.engagements(sim, source),
        assignments=tuple(build.assignments(sim, source)),
        absences=absences,
        caseloads=build.caseloads(sim, source),
        posts=tuple(posts),
        figures=tuple(figures),
        pay=pay,
        supervision=extra.supervision,
        supervision_policy=extra.supervision_policy,
        reviews=extra.reviews,
        courses=extra.courses,
        training=extra.training,
        programmes=extra.programmes,
        grades=extra.grades,
        placements=extra.placements,
        placement_income=extra.placement_income,
        hr_cases=cases,
        audits=audits,
        indicators=monthly,
        allocations=allocated,
        interviews=interviews,
        survey_waves=waves,
        survey_answers=answers,
        agency_placements=agency[0],
        agency_costs=agency[1],
        agency_caps=agency[2],
        campaigns=campaigns,
        applications=applications,
        provenance=(provenance,),
    )


def _check_years(first_year: int, last_year: int) -> None:
    if not first_supported_year() <= first_year <= last_year <= last_supported_year():
        raise ValueError(
            f"census years must run forwards within {supported_span()}; "
            f"got first_year={first_year}, last_year={last_year}"
        )


def demo_council(seed: int = 2025, *, recorded_at: datetime = DEFAULT_RECORDED_AT) -> CouncilRecords:
    """Northgate (demo): a fictional North West council of about 280 in-post FTE, every supported census year,
    with its practice and development records.

    Code 990 is not a DfE LA code, so the demo can never be mistaken for a real council's data.
    """
    return generate_council(
        la_code="990",
        name="Northgate (demo)",
        region="North West",
        first_year=first_supported_year(),
        last_year=last_supported_year(),
        seed=seed,
        size=280,
        recorded_at=recorded_at,
        development=True,
    )


def national_councils(*, seed: int, count: int = 150) -> Iterator[tuple[str, str, str, int]]:
    """``count`` synthetic councils for national-scale benchmarks: (la_code, name, region, size).

    Codes and regions are real DfE ones (the LAs in the 2025 indicators file); names carry "(synthetic)" so
    the output is never taken for real data. ``size`` is the LA's latest published in-post FTE jittered by
    up to 15% (seeded) and kept within 50-800. Councils come in DfE code order.
    """
    if not 1 <= count <= len(PUBLISHED_LAS):
        raise ValueError(f"count must be between 1 and {len(PUBLISHED_LAS)} (the LAs published in 2025); got {count}")
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(PUBLISHED_LAS)), count))
    for index in chosen:
        code, name, region, fte = PUBLISHED_LAS[index]
        size = round(fte * rng.uniform(0.85, 1.15))
        yield code, f"{name} (synthetic)", region, min(MAX_SIZE, max(MIN_SIZE, size))
