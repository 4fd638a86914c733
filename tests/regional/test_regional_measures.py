"""DfE's measures for an alliance's members from their extracts: each member's equal to the council's own census
measures, the region's rates from the summed components (not an average of rates), ranks among at least three
members, and the measures refused for a year the extracts are not as at."""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.measures import census_year_measures, frames_from_records
from csc_workforce.regional import Key, extract_rows
from csc_workforce.regional.measures import REGION, regional_measures
from csc_workforce.synthetic.alliance import alliance_councils
from tests.regional.test_flows import frame

KEY = Key(bytes(range(32)))


def _rows() -> tuple[list[object], object]:
    councils, _ = alliance_councils()
    engagements = []
    for records in councils:
        for r in extract_rows(records, key=KEY, as_at=date(2025, 9, 30)):
            engagements.append(r)
    return councils, engagements


def test_each_member_s_measures_are_its_own_and_the_region_s_come_from_the_sums():
    import polars as pl

    councils, rows = _rows()
    table = pl.DataFrame(
        [
            {
                "worker": r.worker,
                "la_code": r.la_code,
                "contract": r.contract.value,
                "in_post": r.in_post,
                "fte": None if r.fte is None else float(r.fte),
                "start_date": r.start_date,
                "start_fte": None if r.start_fte is None else float(r.start_fte),
                "end_date": r.end_date,
            }
            for r in rows
        ]
    )
    made = regional_measures(table, members=["901", "902", "903"], year=2025)
    by = {r["la_code"]: r for r in made.rows}
    for records in councils:
        own = census_year_measures(frames_from_records([records]), 2025).row(0, named=True)
        mine = by[records.council.la_code]
        for measure in (
            "inpost_fte",
            "agency_fte",
            "starters_fte",
            "leavers_fte",
            "turnover_rate_fte",
            "agency_rate_fte",
        ):
            assert mine[measure] == pytest.approx(own[measure], abs=1e-9), (records.council.la_code, measure)
    region = by[REGION]
    leavers = sum(by[c]["leavers_fte"] for c in ("901", "902", "903"))
    inpost = sum(by[c]["inpost_fte"] for c in ("901", "902", "903"))
    assert region["turnover_rate_fte"] == pytest.approx(leavers / inpost * 100)
    # ranks: 1 the lowest turnover (lower is better), each member once
    ranks = sorted((by[c]["turnover_rate_fte"], by[c]["turnover_rate_fte_rank"]) for c in ("901", "902", "903"))
    assert [rank for _, rank in ranks] == [1, 2, 3]
    two = regional_measures(table, members=["901", "902"], year=2025)
    assert not two.ranked and "turnover_rate_fte_rank" not in two.rows[0]


def test_no_member_with_no_rows_breaks_the_rates():
    empty = frame().with_columns()  # the flows' schema, no rows
    import polars as pl

    table = empty.with_columns(
        pl.lit(None, dtype=pl.Boolean).alias("in_post"),
        pl.lit(None, dtype=pl.Float64).alias("fte"),
        pl.lit(None, dtype=pl.Float64).alias("start_fte"),
    )
    made = regional_measures(table, members=["901", "902", "903"], year=2025)
    assert all(r["turnover_rate_fte"] is None for r in made.rows)
