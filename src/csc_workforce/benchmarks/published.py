"""DfE's published CSWW indicators (2017 to 2025 file, shipped as package data), read with Polars.

Measure columns are ``Float64`` with DfE's symbols read as nulls; which symbol a cell held is kept in the
companion column ``<measure>_symbol`` (null where the cell is a number). ``old_la_code`` stays a string (joint
returns are written "314 / 318"); ``la_codes`` lists the codes it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from io import BytesIO

import polars as pl

from csc_workforce.domain.indicators import DFE_INDICATOR_IDS

INDICATORS_FILE = "dfe_csww_indicators_2017_to_2025.csv"
RELEASE = "Children's social work workforce, reporting year 2025 (indicators 2017 to 2025)"
SYMBOLS: dict[str, str] = {
    "c": "confidential (suppressed)",
    "x": "unavailable",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to zero but is not zero",
    ":": "not available (releases before 2024)",
}
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"
ID_COLUMNS: tuple[str, ...] = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)


MEASURE_IDS: tuple[str, ...] = DFE_INDICATOR_IDS


def symbol_column(measure: str) -> str:
    return f"{measure}_symbol"


def read_indicators(source: bytes) -> pl.DataFrame:
    """Parse an indicators CSV (bytes): numbers as Float64, symbols as nulls plus ``<measure>_symbol``."""
    return indicators_frame(pl.read_csv(BytesIO(source), infer_schema=False))


def indicators_frame(raw: pl.DataFrame) -> pl.DataFrame:
    """The indicators from the file's cells as text (one String column per column of the file, null where a
    cell is empty): numbers as Float64, symbols as nulls plus ``<measure>_symbol``."""
    text = [pl.col(m).str.strip_chars() for m in MEASURE_IDS]
    return raw.select(
        pl.col("time_period").cast(pl.Int32),
        *[pl.col(c).str.strip_chars().replace("", None) for c in ID_COLUMNS if c != "time_period"],
        pl.col("old_la_code").str.split(" / ").list.eval(pl.element().str.strip_chars()).alias("la_codes"),
        *[t.cast(pl.Float64, strict=False).alias(m) for t, m in zip(text, MEASURE_IDS, strict=True)],
        *[
            pl.when(t.is_in(list(SYMBOLS))).then(t).otherwise(None).alias(symbol_column(m))
            for t, m in zip(text, MEASURE_IDS, strict=True)
        ],
    )


@cache
def _shipped() -> pl.DataFrame:
    data = resources.files("csc_workforce.benchmarks").joinpath("data", INDICATORS_FILE).read_bytes()
    return read_indicators(data)


def published_indicators() -> pl.DataFrame:
    """Every row of the shipped DfE indicators file (national, regional and local authority)."""
    return _shipped()


def published_rows(
    *,
    years: Iterable[int] | None = None,
    geographic_level: str | None = None,
    la_codes: Iterable[str] | None = None,
    region_name: str | None = None,
) -> pl.DataFrame:
    """Published rows filtered by year, level (``"National"``, ``"Regional"``, ``"Local authority"``), council
    code (a joint return such as "314 / 318" matches "314" and "318") or region name."""
    frame = _shipped()
    if years is not None:
        frame = frame.filter(pl.col("time_period").is_in(list(years)))
    if geographic_level is not None:
        frame = frame.filter(pl.col("geographic_level") == geographic_level)
    if region_name is not None:
        frame = frame.filter(pl.col("region_name") == region_name)
    if la_codes is not None:
        frame = frame.filter(pl.col("la_codes").list.set_intersection(list(la_codes)).list.len() > 0)
    return frame


def published_national(year: int | None = None) -> pl.DataFrame:
    """The England rows (one per year, or one for ``year``)."""
    return published_rows(years=None if year is None else [year], geographic_level=NATIONAL)


def published_for_council(la_code: str) -> pl.DataFrame:
    """A council's rows for every year (its joint-return rows too)."""
    return published_rows(geographic_level=LOCAL_AUTHORITY, la_codes=[la_code])
