"""DfE children's social work workforce measures: catalogue, input frames and Polars computation."""

from csc_workforce.measures.catalogue import MEASURE_IDS, MEASURES, Measure, render_markdown
from csc_workforce.measures.compute import (
    KEY_COLUMNS,
    OUTPUT_COLUMNS,
    Window,
    aggregate,
    census_window,
    census_year_measures,
    compute_measures,
    measures_for_windows,
    measures_for_years,
    round_half_up,
    rounded,
    with_total,
)
from csc_workforce.measures.inputs import MeasureInputs, frames_from_records

__all__ = [
    "KEY_COLUMNS",
    "MEASURES",
    "MEASURE_IDS",
    "OUTPUT_COLUMNS",
    "Measure",
    "MeasureInputs",
    "Window",
    "aggregate",
    "census_window",
    "census_year_measures",
    "compute_measures",
    "frames_from_records",
    "measures_for_windows",
    "measures_for_years",
    "render_markdown",
    "round_half_up",
    "rounded",
    "with_total",
]
