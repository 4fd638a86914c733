"""Reads behind the dashboard, council and data pages: councils held, their latest census-year measures and
the census returns held. Every function takes the councils a user may see (None: every council)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Max, QuerySet

from csc_workforce.measures.catalogue import MEASURES
from csc_workforce.store import models as m
from csc_workforce.store.services.measures import NotCovered, measures_rows

HEADLINE = (
    "inpost_fte",
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)
TITLES = {measure.id: measure.title for measure in MEASURES}


def _councils(la_codes: Sequence[str] | None) -> QuerySet[m.Council]:
    councils = m.Council.objects.order_by("name", "la_code")
    return councils if la_codes is None else councils.filter(la_code__in=la_codes)


def reported_years(council: m.Council) -> list[int]:
    """The census years the council reported, oldest first: census returns held, or council figures
    (vacancies) dated 30 September from any source."""
    returned = m.Source.objects.filter(council=council, kind=m.Source.CENSUS_RETURN).values_list(
        "collection_year", flat=True
    )
    figures = m.CouncilFigures.objects.filter(council=council, on__month=9, on__day=30).values_list("on", flat=True)
    return sorted({y for y in returned if y is not None} | {d.year for d in figures})


def latest_reported_year(council: m.Council) -> int | None:
    """The latest census year the council reported: a census return held, or council figures (vacancies)
    dated 30 September from any source (a synthetic or uploaded council has them too)."""
    returned = m.Source.objects.filter(council=council, kind=m.Source.CENSUS_RETURN).aggregate(y=Max("collection_year"))
    figures = m.CouncilFigures.objects.filter(council=council, on__month=9, on__day=30).aggregate(on=Max("on"))
    years = [y for y in (returned["y"], figures["on"].year if figures["on"] else None) if y is not None]
    return max(years, default=None)


def councils_latest_measures(*, la_codes: Sequence[str] | None) -> list[dict[str, Any]]:
    """One row per council held: its latest census year and that year's measures (``measures_rows`` keys).
    A council with no census year has only ``old_la_code``, ``la_name`` and ``time_period`` None."""
    rows = []
    for council in _councils(la_codes):
        row: dict[str, Any] = {"old_la_code": council.la_code, "la_name": council.name, "time_period": None}
        latest = latest_reported_year(council)
        if latest is not None:
            try:
                row.update(measures_rows(year=latest, la_codes=[council.la_code])[0])
            except NotCovered as refused:  # its data stops short of that year's 30 September
                row["note"] = str(refused)
        rows.append(row)
    return rows


def census_returns(*, la_codes: Sequence[str] | None) -> QuerySet[m.Source]:
    """Every source of records held (census returns, uploads, the demo), without their file contents."""
    sources = m.Source.objects.select_related("council").defer("content")
    if la_codes is not None:
        sources = sources.filter(council__la_code__in=la_codes)
    return sources.order_by("council__name", "-collection_year", "-recorded_at")


def council_choices(*, la_codes: Sequence[str] | None) -> list[tuple[str, str]]:
    return [(c.la_code, f"{c.name} ({c.la_code})") for c in _councils(la_codes)]
