"""How far each council's data goes: per kind of record, the date its data is complete to.

A census return's data is complete to its 30 September; an upload's to the extract date stated when it was
loaded; a source with no stated date (an older upload, the demo) to the latest date its records mention. A
kind of record is complete to the latest such date among the sources that hold records of that kind.

Figures are never computed over days the data does not cover: a stock as at a date after ``complete_to``, or a
flow over a period reaching past it, is refused (or, for one kind such as sickness absence, withheld) with a
message naming the date the data is complete to.

The practice and development records (supervision, performance reviews, training, programmes, student
placements) often begin long after the workforce records: a council may hold supervision only from April 2024.
For these kinds coverage also keeps the date their data begins (a source's stated ``complete_from``, else the
earliest date its records mention; the earliest among the council's sources), and a measure that reads them
(``Measure.reads``) is withheld for a date or period they do not cover (:meth:`Coverage.withheld_development`),
rather than computed as 0% over months no record could reach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max, Min, Model

from csc_workforce.domain.periods import Period, census_period
from csc_workforce.measures.catalogue import Measure
from csc_workforce.measures.strategy_catalogue import STRATEGY_MEASURES
from csc_workforce.store import models as m

WORKFORCE, ABSENCES, CASELOADS, FIGURES = "workforce", "absences", "caseloads", "figures"
AGENCY, AGENCY_COSTS = "agency_placements", "agency_costs"
SUPERVISION, REVIEWS, TRAINING, PROGRAMMES, PLACEMENTS, HR_CASES, AUDITS, INDICATORS = (
    "supervision",
    "reviews",
    "training",
    "programmes",
    "placements",
    "hr_cases",
    "audits",
    "indicators",
)
ALLOCATIONS = "allocations"
INTERVIEWS, SURVEYS = "interviews", "surveys"
CAMPAIGNS, APPLICATIONS = "campaigns", "applications"
DATED_KINDS: tuple[str, ...] = (
    SUPERVISION,
    REVIEWS,
    TRAINING,
    PROGRAMMES,
    PLACEMENTS,
    HR_CASES,
    AUDITS,
    INDICATORS,
    ALLOCATIONS,
    INTERVIEWS,
    SURVEYS,
    AGENCY,
    AGENCY_COSTS,
    CAMPAIGNS,
    APPLICATIONS,
)
"""The kinds of record, dated apart from the workforce records, a measure may read (``Measure.reads``): practice
and development, HR casework, case audits, the case-management system's practice indicators and case
allocations, staff voice (exit and retention interviews; staff survey waves, whose coverage says how far the
waves held go: a wave's results are its own answers, so the survey measures do not read it to withhold a period),
agency placements and their monthly costs (the price caps are council policy, no kind's coverage), recruitment
campaigns and job applications."""
KIND_LABELS = {
    WORKFORCE: "workers in post, starters and leavers",
    ABSENCES: "sickness absence",
    CASELOADS: "caseloads",
    FIGURES: "vacancies and agency cover",
    SUPERVISION: "supervision",
    REVIEWS: "performance review",
    TRAINING: "training",
    PROGRAMMES: "ASYE and career programme",
    PLACEMENTS: "student placement",
    HR_CASES: "HR case",
    AUDITS: "case audit",
    INDICATORS: "practice indicator",
    ALLOCATIONS: "case allocation",
    INTERVIEWS: "exit and retention interview",
    SURVEYS: "staff survey",
    AGENCY: "agency placement",
    AGENCY_COSTS: "agency cost",
    CAMPAIGNS: "recruitment campaign",
    APPLICATIONS: "job application",
}
# Each kind: the record tables that hold it, and their date columns (for a source with no stated date; for the
# practice and development kinds also the date their data begins). The supervision policy and the courses and
# grades offered are not records of anything happening, so no kind's coverage.
_TABLES: dict[str, tuple[tuple[type[Model], tuple[str, ...]], ...]] = {
    WORKFORCE: ((m.Engagement, ("start_date", "end_date")), (m.Assignment, ("effective_from",))),
    ABSENCES: ((m.Absence, ("end",)),),
    CASELOADS: ((m.CaseloadSnapshot, ("on",)),),
    FIGURES: ((m.CouncilFigures, ("on",)),),
    SUPERVISION: ((m.SupervisionSession, ("on",)),),
    REVIEWS: ((m.PerformanceReview, ("due", "completed")),),
    TRAINING: ((m.TrainingRecord, ("booked_on", "on", "completed_on")),),
    PROGRAMMES: ((m.ProgrammeSpell, ("start", "end", "midpoint_review", "final_review")),),
    PLACEMENTS: ((m.StudentPlacement, ("start", "end")),),
    HR_CASES: ((m.HRCase, ("opened", "closed")),),
    AUDITS: ((m.CaseAudit, ("on",)),),
    INDICATORS: ((m.IndicatorMonth, ("month",)),),
    ALLOCATIONS: ((m.CaseAllocation, ("start", "end")),),
    INTERVIEWS: ((m.StaffInterview, ("on",)),),
    SURVEYS: ((m.SurveyWave, ("on",)),),
    AGENCY: ((m.AgencyPlacement, ("start", "end", "converted_on")),),
    AGENCY_COSTS: ((m.AgencyCost, ("month",)),),
    CAMPAIGNS: ((m.RecruitmentCampaign, ("opened", "closed")),),
    APPLICATIONS: (
        (
            m.JobApplication,
            (
                "applied",
                "shortlisted",
                "interviewed",
                "offered",
                "accepted",
                "dbs_cleared",
                "references_complete",
                "started",
                "outcome_on",
            ),
        ),
    ),
}
# Kinds held in tables by financial year (April to March) rather than by date: placement income counts as
# placements, its year covering 1 April to 31 March.
_BY_FINANCIAL_YEAR: dict[str, tuple[tuple[type[Model], str], ...]] = {
    PLACEMENTS: ((m.PlacementIncome, "financial_year"),),
}
DEFAULT_LOOKBACK_DAYS = 31  # a month: the default policy's longest interval, and the month to a date
# The DfE measures each kind feeds, withheld when only that kind stops short of a figure's date.
MEASURES_BY_KIND = {
    ABSENCES: ("working_days_lost_fte", "absence_rate_fte"),
    CASELOADS: ("cases", "case_holders_fte", "caseload_fte"),
}


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Coverage:
    """One council's coverage: ``kinds`` maps each kind held to the date its data is complete to."""

    la_code: str
    kinds: dict[str, date] = field(default_factory=dict)
    begins: date | None = None  # first day the census returns cover; None: no census return held
    # the practice and development kinds held: the first day their data covers
    kinds_begin: dict[str, date] = field(default_factory=dict)
    # the longest interval of the council's supervision policy, in days (at least a month: the month to a date)
    supervision_lookback: int = DEFAULT_LOOKBACK_DAYS

    @property
    def complete_to(self) -> date | None:
        """The date the workforce records (in post, starters, leavers) are complete to."""
        return self.kinds.get(WORKFORCE)

    def sentence(self) -> str:
        if self.complete_to is None:
            return f"no workforce records are held for {self.la_code}"
        return f"data for {self.la_code} is complete to {long_date(self.complete_to)}"

    def refusal(self, as_at: date, period: Period) -> str | None:
        """Why figures as at ``as_at`` over ``period`` cannot be given, or None when the data covers them."""
        if self.complete_to is None:
            return f"No workforce records are held for {self.la_code}."
        if as_at > self.complete_to or period.end > self.complete_to:
            return (
                f"Figures for {self.la_code} as at {long_date(as_at)} are not available: {self.sentence()}. "
                f"Ask for a date on or before {long_date(self.complete_to)}, or load newer data."
            )
        if self.begins is not None and period.start < self.begins:
            return (
                f"Figures for {self.la_code} over {long_date(period.start)} to {long_date(period.end)} are not "
                f"available: its records begin on {long_date(self.begins)} (its first census return's year)."
            )
        return None

    def withheld(self, as_at: date) -> dict[str, str]:
        """Measures withheld at ``as_at`` because their own kind of record stops short: id -> reason."""
        reasons: dict[str, str] = {}
        for kind, ids in MEASURES_BY_KIND.items():
            to = self.kinds.get(kind)
            if to is not None and to < as_at:
                why = f"{KIND_LABELS[kind]} data for {self.la_code} is complete to {long_date(to)}"
                reasons |= {i: why for i in ids}
        return reasons

    def periods_from(self, kind: str) -> date | None:
        """The earliest start of a period the ``kind`` records cover: the date their data begins, and for
        supervision the longest interval of the policy later (a session due at the start of a period may have
        been held as early as the interval's first day, and workers supervised in the month to a date need
        the whole month), None when the kind is not held."""
        first = self.kinds_begin.get(kind)
        if first is None or kind != SUPERVISION:
            return first
        return first + timedelta(days=self.supervision_lookback)

    def development_gap(self, kind: str, as_at: date, period: Period) -> str | None:
        """Why the ``kind`` records (a practice and development kind) do not cover ``period`` and ``as_at``, or
        None when they do."""
        label, to, first = KIND_LABELS[kind], self.kinds.get(kind), self.kinds_begin.get(kind)
        if to is None:
            return f"no {label} records are held for {self.la_code}"
        if max(as_at, period.end) > to:
            return f"{label} data for {self.la_code} is complete to {long_date(to)}"
        if first is not None and period.start < first:
            return (
                f"{label} data for {self.la_code} begins on {long_date(first)}, after the start of the period "
                f"({long_date(period.start)})"
            )
        earliest = self.periods_from(kind)
        if first is not None and earliest is not None and period.start < earliest:
            return (
                f"{label} data for {self.la_code} begins on {long_date(first)}: a session due early in the period "
                f"(from {long_date(period.start)}) may have been held before then, so its figures start from "
                f"{long_date(earliest)}"
            )
        return None

    def withheld_development(
        self, as_at: date, period: Period, measures: Iterable[Measure] | None = None
    ) -> dict[str, str]:
        """Measures withheld as at ``as_at`` over ``period`` because a kind of practice and development record
        they read (``Measure.reads``) is not held, or does not cover ``period.start`` to ``as_at``: id -> reason.
        ``measures``: the declarations (by default every strategy measure)."""
        reasons: dict[str, str] = {}
        for measure in STRATEGY_MEASURES if measures is None else measures:
            gaps = (self.development_gap(kind, as_at, period) for kind in measure.reads)
            reason = next((g for g in gaps if g is not None), None)
            if reason is not None:
                reasons[measure.id] = reason
        return reasons


def coverage_for(*, la_codes: list[str]) -> dict[str, Coverage]:
    """Coverage of each council in ``la_codes`` (a council with no records has an empty coverage)."""
    councils = dict(m.Council.objects.filter(la_code__in=la_codes).values_list("id", "la_code"))
    sources = list(
        m.Source.objects.filter(council_id__in=list(councils)).values(
            "id", "council_id", "complete_to", "complete_from", "kind"
        )
    )
    # A change typed in the app (a "manual" source) says nothing about how far an extract goes: it widens a
    # kind's coverage only where no file holds that kind for the council.
    sources.sort(key=lambda source: source["kind"] == "manual")
    from_files: set[tuple[str, str]] = set()
    kinds_by_source = _kinds_by_source(list(councils))
    kinds: dict[str, dict[str, date]] = defaultdict(dict)
    kinds_begin: dict[str, dict[str, date]] = defaultdict(dict)
    for source in sources:
        la = councils[source["council_id"]]
        held = kinds_by_source.get(source["id"], {})
        for kind, (earliest, latest) in held.items():
            if source["kind"] != "manual":
                from_files.add((la, kind))
            elif (la, kind) in from_files:
                continue
            to = source["complete_to"] or latest
            if to is not None and (kind not in kinds[la] or to > kinds[la][kind]):
                kinds[la][kind] = to
            first = source["complete_from"] or earliest
            if kind in DATED_KINDS and first is not None:
                if kind not in kinds_begin[la] or first < kinds_begin[la][kind]:
                    kinds_begin[la][kind] = first
    begins = _census_begins(list(councils))
    lookback = _supervision_lookback(list(councils))
    return {
        la: Coverage(
            la,
            dict(kinds.get(la, {})),
            begins.get(la),
            dict(kinds_begin.get(la, {})),
            lookback.get(la, DEFAULT_LOOKBACK_DAYS),
        )
        for la in la_codes
    }


def _supervision_lookback(council_ids: list[int]) -> dict[str, int]:
    """Each council's longest supervision interval in days (months as 31 days), never less than a month."""
    found: dict[str, int] = {}
    lines = m.SupervisionStandard.objects.filter(council_id__in=council_ids).values_list(
        "council__la_code", "interval_weeks", "interval_months"
    )
    for la, weeks, months in lines:
        days = (weeks or 0) * 7 if weeks else (months or 0) * 31
        found[la] = max(found.get(la, DEFAULT_LOOKBACK_DAYS), days)
    return found


Span = tuple[date | None, date | None]


def _kinds_by_source(council_ids: list[int]) -> dict[int, dict[str, Span]]:
    """For each source, the kinds it holds records of and the earliest and latest dates those records mention."""
    found: dict[int, dict[str, Span]] = defaultdict(dict)

    def widen(source: int, kind: str, dates: list[date]) -> None:
        earliest, latest = found[source].get(kind, (None, None))
        known = [*dates, *(d for d in (earliest, latest) if d is not None)]
        found[source][kind] = (min(known, default=None), max(known, default=None))

    for kind, tables in _TABLES.items():
        for model, columns in tables:
            starts = columns if kind in DATED_KINDS else ()  # where the data begins: these kinds only
            rows = (
                model.objects.filter(council_id__in=council_ids, source_id__isnull=False)  # type: ignore[attr-defined]
                .values("source_id")
                .annotate(**{f"latest_{c}": Max(c) for c in columns}, **{f"earliest_{c}": Min(c) for c in starts})
            )
            for row in rows:
                dates = [row[f"latest_{c}"] for c in columns] + [row[f"earliest_{c}"] for c in starts]
                widen(row["source_id"], kind, [d for d in dates if d is not None])
    for kind, year_tables in _BY_FINANCIAL_YEAR.items():
        for model, column in year_tables:
            rows = (
                model.objects.filter(council_id__in=council_ids, source_id__isnull=False)  # type: ignore[attr-defined]
                .values("source_id")
                .annotate(first=Min(column), last=Max(column))
            )
            for row in rows:
                widen(row["source_id"], kind, [date(row["first"], 4, 1), date(row["last"] + 1, 3, 31)])
    return found


def _census_begins(council_ids: list[int]) -> dict[str, date]:
    """The first day each council's census returns cover: the start of its earliest return's year."""
    first: dict[str, int] = {}
    census = m.Source.objects.filter(council_id__in=council_ids, kind=m.Source.CENSUS_RETURN)
    for la, year in census.values_list("council__la_code", "collection_year"):
        if year is not None and (la not in first or year < first[la]):
            first[la] = year
    return {la: census_period(year).start for la, year in first.items()}
