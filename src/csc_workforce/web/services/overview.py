"""Reads behind the dashboard, council and data pages: councils held, their latest census-year measures and
the census returns held. Every function takes the councils a user may see (None: every council)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Max, Q, QuerySet

from csc_workforce.measures.catalogue import MEASURES
from csc_workforce.web import models as m
from csc_workforce.web.services.measures import measures_rows

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


def census_years(*, la_code: str) -> list[int]:
    """The census years held for one council, oldest first."""
    years = m.Source.objects.filter(council__la_code=la_code, kind=m.Source.CENSUS_RETURN)
    return sorted(y for y in years.values_list("collection_year", flat=True) if y is not None)


def councils_latest_measures(*, la_codes: Sequence[str] | None) -> list[dict[str, Any]]:
    """One row per council held: its latest census year and that year's measures (``measures_rows`` keys).
    A council with no census return has only ``old_la_code``, ``la_name`` and ``time_period`` None."""
    councils = _councils(la_codes).annotate(
        latest=Max("sources__collection_year", filter=Q(sources__kind=m.Source.CENSUS_RETURN))
    )
    rows = []
    for council in councils:
        row: dict[str, Any] = {"old_la_code": council.la_code, "la_name": council.name, "time_period": None}
        if council.latest is not None:
            measured = measures_rows(year=council.latest, la_codes=[council.la_code])
            row.update(measured[0])
        rows.append(row)
    return rows


def council_measures_by_year(*, la_code: str) -> list[dict[str, Any]]:
    """The council's measures for every census year held, oldest first."""
    return [measures_rows(year=year, la_codes=[la_code])[0] for year in census_years(la_code=la_code)]


def census_returns(*, la_codes: Sequence[str] | None) -> QuerySet[m.Source]:
    """Census returns held, newest year first, without their file contents."""
    sources = m.Source.objects.filter(kind=m.Source.CENSUS_RETURN).select_related("council").defer("content")
    if la_codes is not None:
        sources = sources.filter(council__la_code__in=la_codes)
    return sources.order_by("council__name", "-collection_year")


def council_choices(*, la_codes: Sequence[str] | None) -> list[tuple[str, str]]:
    return [(c.la_code, f"{c.name} ({c.la_code})") for c in _councils(la_codes)]
