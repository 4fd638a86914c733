"""Reconciliation of a council's census returns with its records: the library function behind
``csc-workforce census reconcile`` and the council's reconciliation page.

The findings and explanations are pure (``census.csww.reconcile``); this module reads the stored returns and
computes both sets of figures for each census year held: *as returned* (the year's return alone, kept with it:
``services.returned``) and *from records* (the council's timeline, as the measures
pages compute it), and the records' own figures for the posts the findings say no return reports
(:func:`post_measures`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import polars as pl
from django.core.cache import cache

from csc_workforce.census.csww.reconcile import (
    Reconciliation,
    reconcile,
    reconcile_findings,
    unreported_posts,
)
from csc_workforce.measures.catalogue import MEASURE_IDS, MEASURES
from csc_workforce.measures.compute import measures_for_years
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.census import stored_returns
from csc_workforce.store.services.records import data_version
from csc_workforce.store.services.returned import returned_measures

FINDING_COLUMNS = (
    Column("code", "Rule"),
    Column("returns", "Returns compared"),
    Column("swe_no", "SWE number"),
    Column("message", "Problem and how to fix it"),
)


def census_reconcile(*, la_code: str) -> Reconciliation:
    """Compare ``la_code``'s census returns with each other and each census year's measures as returned with
    the measures from records. LookupError for a council not held, or one with no census returns."""
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise LookupError(
            f"No council {la_code} is held. Import its census returns first (csc-workforce census import)."
        )
    sources = list(m.Source.objects.filter(council=council, kind=m.Source.CENSUS_RETURN).order_by("collection_year"))
    if not sources:
        raise LookupError(
            f"No census returns are held for council {la_code}, so there is nothing to reconcile. Import its "
            "returns first (csc-workforce census import)."
        )
    key = "reconcile:" + hashlib.sha256(f"{la_code}:{council.name}:{data_version()}".encode()).hexdigest()
    cached: Reconciliation | None = cache.get(key)
    if cached is not None:  # kept until any records change
        return cached
    returns = stored_returns(sources)
    years = [r.header.collection_year for r in returns]
    # both sets in one pass each: as returned from the figures kept with each return, from records computed
    as_returned = _by_year(returned_measures(years=years, la_codes=[la_code]))
    inputs = council_frames(la_codes=[la_code], frames=())
    from_records = _by_year(measures_for_years(inputs, years, total=False))
    findings = reconcile_findings(returns)
    unreported = post_measures(inputs, unreported_posts(findings))
    others = m.Source.objects.filter(council=council).exclude(kind=m.Source.CENSUS_RETURN).exists()
    result = reconcile(
        returns,
        as_returned=as_returned,
        from_records=from_records,
        measures=MEASURES,
        unreported=unreported,
        other_sources=others,
        findings=findings,
    )
    cache.set(key, result, timeout=24 * 3600)
    return result


def _by_year(frame: pl.DataFrame) -> dict[int, dict[str, Any]]:
    return {int(row["time_period"]): row for row in frame.to_dicts()}


def post_measures(inputs: CouncilFrames, posts: Mapping[int, frozenset[str]]) -> dict[tuple[int, str], dict[str, Any]]:
    """Each post's own measures in the records (one council's ``inputs``) for the census years it is wanted, by
    (year, engagement key). Each post is measured as if it were a council of its own, all in one pass: the
    measures wanted (cases, case-holding FTE, days lost) are sums over posts, so this is the post's part of
    the council's figure."""
    keys = sorted(set().union(*posts.values())) if posts else []
    if not keys:
        return {}

    def alone(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("engagement_key").is_in(keys)).with_columns(la_code=pl.col("engagement_key"))

    each = CouncilFrames.of(
        councils=pl.DataFrame({"la_code": keys, "la_name": keys, "region": [""] * len(keys)}),
        engagements=alone(inputs.engagements),
        assignments=alone(inputs.assignments),
        absences=alone(inputs.absences),
        caseloads=alone(inputs.caseloads),
    )
    wanted = {(year, post) for year, some in posts.items() for post in some}
    return {
        (int(row["time_period"]), row["old_la_code"]): {k: row[k] for k in MEASURE_IDS}
        for row in measures_for_years(each, sorted(posts), total=False).to_dicts()
        if (int(row["time_period"]), row["old_la_code"]) in wanted
    }


def findings_table(reconciliation: Reconciliation) -> Table:
    """The findings as a table: one row per finding (the web page, its CSV download and the CLI's CSV)."""
    return Table.from_dicts(
        f"Differences between the census returns of council {reconciliation.la_code}",
        FINDING_COLUMNS,
        [f.as_row() for f in reconciliation.findings],
        notes=("Each finding is a warning: check it, and correct the return that is wrong.",),
    )
