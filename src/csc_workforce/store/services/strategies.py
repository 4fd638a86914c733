"""Measure values for strategies from the council's own records, beside DfE's published figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import polars as pl

from csc_workforce.domain.periods import Period, census_period, census_reference_date
from csc_workforce.measures.catalogue import BY_QUESTION
from csc_workforce.measures.disclosure import (
    development_withheld,
    flows_withheld,
    is_small,
    local_withheld_ids,
    people_in_post_withheld,
)
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.staff_voice import survey_questions_by_wave
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.coverage import Coverage, coverage_for
from csc_workforce.store.services.measures import NotCovered, measures_rows
from csc_workforce.store.services.overview import reported_years
from csc_workforce.store.services.records import records_load
from csc_workforce.strategies import PublishedValues

SURVEY_FRAMES = ("survey_waves", "survey_answers")  # all a measure by survey question reads


class HeldValues:
    """A council's measures from its own records, one point per census year it reported; DfE's published
    figures for a council the database does not hold. A measure the records cannot give is None (needs data).

    ``withhold`` (viewers and managers; a function of the council's code, for a person whose role differs by
    council): the local figures worked out from people in post (``PEOPLE_RATES``: ethnic minority, male, length
    of service) and from starters and leavers (``FLOW_RATES``: resignations,
    leavers to agency, newly qualified starters) are left out of a census year whose profile tables, withheld as
    the council page withholds them (``measures.disclosure``), would let them narrow down a withheld figure, or
    whose count is 1 to 4; the practice and development figures (``DEVELOPMENT_FIGURES``) when a count they
    are, or are over, is 1 to 4 (``development_withheld``); every other local figure about a small group, or a
    breakdown, is left out too (only the council-wide ones of ``disclosure.SHOWN_TO_EVERY_ROLE`` stay)."""

    def __init__(self, *, withhold: bool | Callable[[str], bool] = False) -> None:
        self._withhold = withhold if callable(withhold) else (lambda la_code: withhold)
        self._published = PublishedValues()
        self._tables: dict[str, pl.DataFrame | None] = {}
        self._uncovered: dict[str, dict[str, dict[int, str]]] = {}

    def series(
        self, measure: str, la_code: str, *, question: str | None = None
    ) -> Sequence[tuple[date | int, float]] | None:
        if question is not None:
            return self._question_series(measure, la_code, question)
        table = self._table(la_code)
        if table is None:
            return self._published.series(measure, la_code)
        if measure not in table.columns:
            return None
        return [(int(y), float(v)) for y, v in table.select("year", measure).iter_rows() if v is not None]

    def _question_series(self, measure: str, la_code: str, question: str) -> list[tuple[date | int, float]] | None:
        """A measure by survey question (``health_check_survey``): % agreeing with ``question`` (its code) at each
        wave held, dated by the wave; None when the council holds no wave asking it. Withheld (viewers and
        managers): a wave whose answering, agreeing or not agreeing are 1 to 4."""
        council = m.Council.objects.filter(la_code=la_code).first()
        if council is None or measure not in BY_QUESTION:
            return None
        # the survey frames alone, in the stored records' order (survey_questions_by_wave reads no other)
        inputs = council_frames(la_codes=[la_code], frames=SURVEY_FRAMES)
        asked = survey_questions_by_wave(inputs, as_at=date.max).filter(pl.col("question") == question)
        if asked.is_empty():
            return None
        points: list[tuple[date | int, float]] = []
        for on, answered, agree, pct in asked.select("on", "answered", "agree", "agree_pct").iter_rows():
            if pct is None:
                continue
            if self._withhold(la_code) and any(is_small(n) for n in (answered, agree, answered - agree)):
                continue
            points.append((on, float(pct)))
        return points

    def uncovered(self, measure: str, la_code: str) -> dict[int, str]:
        """The census years whose ``measure`` is withheld because the practice and development records it reads
        do not cover them, with the reason ("supervision data for 990 begins on 1 April 2024, ...")."""
        self._table(la_code)
        return dict(self._uncovered.get(la_code, {}).get(measure, {}))

    def uses_records(self, la_code: str) -> bool:
        """Whether the figures for ``la_code`` come from the council's own records (else DfE's published)."""
        return self._table(la_code) is not None

    def council_name(self, la_code: str) -> str | None:
        council = m.Council.objects.filter(la_code=la_code).first()
        return council.name if council else self._published.council_name(la_code)

    def _table(self, la_code: str) -> pl.DataFrame | None:
        if la_code not in self._tables:
            self._uncovered[la_code] = {}
            self._tables[la_code] = _council_table(
                la_code, withhold=self._withhold(la_code), uncovered=self._uncovered[la_code]
            )
        return self._tables[la_code]


def local_figures(
    inputs: CouncilFrames,
    coverage: Coverage | Sequence[Coverage],
    la_code: str,
    *,
    as_at: date,
    period: Period,
    withhold: bool = False,
    gaps: Callable[[str, str], None] | None = None,
) -> dict[str, Any]:
    """The council's local measures as at ``as_at`` over ``period`` (``local_measures``), each None where the
    practice and development records it reads do not cover the dates (``gaps`` is told the measure and why)
    and, with ``withhold`` (viewers and managers), where ``measures.disclosure`` withholds it (``gaps`` is told
    :data:`WITHHELD_REASON`): the figures a strategy or a report may show for that date. For a region pooled
    from its members (``measures.inputs.pool``), ``coverage`` is each member's: a figure is None where any
    member's records do not cover the dates."""
    local = local_measures(inputs, as_at=as_at, period=period).filter(pl.col("la_code") == la_code).row(0, named=True)
    local.pop("la_code", None)
    uncovered: dict[str, str] = {}
    for each in [coverage] if isinstance(coverage, Coverage) else coverage:
        for measure, reason in each.withheld_development(as_at, period).items():
            uncovered.setdefault(measure, reason)
    local.update(dict.fromkeys(i for i in uncovered if i in local))
    if gaps is not None:
        for measure, reason in uncovered.items():
            gaps(measure, reason)
    if withhold:
        people = people_in_post_withheld(inputs, as_at=as_at)
        flows = flows_withheld(inputs, period=period)
        development = development_withheld(inputs, as_at=as_at, period=period)
        rates = (
            people.rates.get(la_code, frozenset())
            | flows.rates.get(la_code, frozenset())
            | development.get(la_code, frozenset())
        )
        withheld = [i for i in local_withheld_ids(local, rates_withheld=rates) if local.get(i) is not None]
        local.update(dict.fromkeys(withheld))
        if gaps is not None:
            for measure in withheld:
                gaps(measure, WITHHELD_REASON)
    return local


WITHHELD_REASON = "withheld: it is about 1 to 4 people, or would let a count that small be worked out"


def _council_table(
    la_code: str, *, withhold: bool = False, uncovered: dict[str, dict[int, str]] | None = None
) -> pl.DataFrame | None:
    """DfE and local measures for every census year the council reported, one row per year. A local measure
    reading practice and development records that do not cover the year (``Measure.reads``: supervision held
    only from April 2024, say) is None for that year, not a figure over months no record reaches; ``uncovered``
    is given the reasons (measure -> year -> reason)."""
    council = m.Council.objects.filter(la_code=la_code).first()
    years = reported_years(council) if council else []
    if council is None or not years:
        return None
    inputs = frames_from_records([records_load(council=council)])
    coverage = coverage_for(la_codes=[la_code])[la_code]
    rows: list[dict[str, Any]] = []
    for year in years:
        try:
            dfe = measures_rows(year=year, la_codes=[la_code])[0]  # as returned where the return is held
        except NotCovered:  # the council's data does not reach that year's 30 September
            continue
        if not dfe.get("inpost_headcount"):
            continue

        def note(measure: str, reason: str, year: int = year) -> None:
            if uncovered is not None:
                uncovered.setdefault(measure, {})[year] = reason

        local = local_figures(
            inputs,
            coverage,
            la_code,
            as_at=census_reference_date(year),
            period=census_period(year),
            withhold=withhold,
            gaps=note,
        )
        rows.append({"year": year, **{k: v for k, v in dfe.items() if isinstance(v, int | float)}, **local})
    return pl.DataFrame(rows, infer_schema_length=None) if rows else None
