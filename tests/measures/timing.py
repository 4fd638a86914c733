"""A quick synthetic frame set for timing: ~150 councils, ~400,000 engagements over 2012-2025.

Run: .venv/bin/python tests/measures/timing.py  (test_performance.py uses the same frames)
"""

from __future__ import annotations

import time
from datetime import date

import polars as pl

from csc_workforce.measures import CouncilFrames, census_year_measures, measures_for_years


def _uniform(n: int, seed: int) -> pl.Expr:
    """Deterministic pseudo-random floats in [0, 1) from a row index."""
    return (pl.int_range(n, dtype=pl.UInt64).hash(seed) % 1_000_003).cast(pl.Float64) / 1_000_003


def synthetic_inputs(councils: int = 150, engagements: int = 400_000) -> CouncilFrames:
    n = engagements
    day0 = pl.lit(date(2012, 1, 1))
    eng = pl.select(
        la_code=pl.format("L{}", (_uniform(n, 1) * councils).cast(pl.Int64)),
        person_key=pl.format("P{}", (pl.int_range(n) * 20 // 21)),
        engagement_key=pl.format("E{}", pl.int_range(n)),
        agency=_uniform(n, 2) < 0.15,
        start_date=day0 + pl.duration(days=(_uniform(n, 3) * 365 * 14).cast(pl.Int64)),
        length=(-(1 - _uniform(n, 4)).log() * 365 * 4).cast(pl.Int64) + 1,
        open_ended=_uniform(n, 5) < 0.3,
    ).with_columns(
        end_date=pl.when(pl.col("open_ended"))
        .then(None)
        .otherwise(pl.col("start_date") + pl.duration(days=pl.col("length"))),
        mid=pl.col("start_date") + pl.duration(days=pl.col("length") // 2),
    )
    first = eng.select(
        "la_code",
        "engagement_key",
        effective_from="start_date",
        effective_to=pl.col("mid") - pl.duration(days=1),
    )
    second = eng.select("la_code", "engagement_key", effective_from="mid", effective_to="end_date")
    assignments = pl.concat([first, second]).with_columns(
        fte=(0.4 + _uniform(2 * n, 6) * 0.6).round(2), role=pl.lit("5")
    )
    absences = eng.filter(_uniform(n, 7) < 0.4).select(
        "la_code",
        "engagement_key",
        start="mid",
        end=pl.col("mid") + pl.duration(days=(_uniform(n, 8) * 60).cast(pl.Int64).head(pl.len())),
        reason=pl.lit("SIC"),
        working_days_lost=pl.lit(7.5),
    )

    def held_on(day: date) -> pl.DataFrame:
        in_post = (pl.col("start_date") <= day) & (pl.col("end_date").is_null() | (pl.col("end_date") > day))
        return (
            eng.with_columns(cases=(_uniform(n, day.year) * 25).cast(pl.Int64))
            .filter(in_post)
            .select("la_code", "engagement_key", "cases", on=pl.lit(day))
        )

    caseloads = pl.concat([held_on(date(y, 9, 20)) for y in range(2017, 2026)])
    codes = [f"L{i}" for i in range(councils)]
    figures = pl.DataFrame(
        [(c, date(y, 9, 30), 10.0, 5.0) for c in codes for y in range(2017, 2026)],
        schema=["la_code", "on", "vacancies_fte", "agency_cover_fte"],
        orient="row",
    )
    council_frame = pl.DataFrame({"la_code": codes, "la_name": [f"Council {c}" for c in codes], "region": "R"})
    return CouncilFrames.of(
        councils=council_frame,
        engagements=eng,
        assignments=assignments,
        absences=absences,
        caseloads=caseloads,
        figures=figures,
    )


def main() -> None:
    inputs = synthetic_inputs()
    print(
        {
            name: getattr(inputs, name).height
            for name in ("engagements", "assignments", "absences", "caseloads", "figures", "councils")
        }
    )
    for _ in range(3):
        started = time.perf_counter()
        result = measures_for_years(inputs, list(range(2017, 2026)))
        print(f"measures_for_years 2017-2025: {time.perf_counter() - started:.3f} s, {result.height} rows")
    started = time.perf_counter()
    for year in range(2017, 2026):
        census_year_measures(inputs, year)
    print(f"9 x census_year_measures: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
