"""Measures for councils held in the database: the library function behind ``csc-workforce measures``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.cache import cache

from csc_workforce.domain.periods import twelve_months_to
from csc_workforce.measures.compute import census_year_measures, compute_measures, rounded
from csc_workforce.web import models as m
from csc_workforce.web.selectors import measure_inputs
from csc_workforce.web.services.records import data_version


def measures_rows(*, year: int, la_codes: Sequence[str] = (), as_at: date | None = None) -> list[dict[str, Any]]:
    """Rounded measures, one row per council and a total row when there are several.

    For census year ``year`` by default (as at 30 September, flows over the year to it). With ``as_at``,
    stocks as at that date and flows over the 12 months ending on it (``time_period`` is the date).
    """
    known = set(m.Council.objects.values_list("la_code", flat=True))
    missing = [code for code in la_codes if code not in known]
    if missing:
        raise LookupError(f"No records for council(s) {', '.join(missing)}. Import their census returns first.")
    if not known:
        raise LookupError("The database holds no councils yet. Import census returns or run `csc-workforce demo`.")
    names = sorted(m.Council.objects.values_list("la_code", "name"))  # a renamed council shows its new name
    question = f"{sorted(la_codes)}:{year}:{as_at}:{data_version()}:{names}"
    key = "measures:" + hashlib.sha256(question.encode()).hexdigest()
    rows: list[dict[str, Any]] | None = cache.get(key)
    if rows is None:  # computed once per question and version of the records
        inputs = measure_inputs(la_codes=list(la_codes) or None)
        if as_at is None:
            frame = census_year_measures(inputs, year)
        else:
            window = twelve_months_to(as_at)
            frame = compute_measures(inputs, as_at=as_at, period=window, time_period=as_at.isoformat())
        rows = rounded(frame).to_dicts()
        cache.set(key, rows, timeout=24 * 3600)
    return [dict(row) for row in rows]
