"""Small-number suppression for the viewer role and anything published."""

from __future__ import annotations

import polars as pl
import pytest

from csc_workforce.measures.profile import suppress_small_numbers


def table() -> pl.DataFrame:
    # headcounts 0, 1, 4, 5, 12 and a null; percent = headcount / 22 x 100; fte derived from the headcounts
    return pl.DataFrame(
        {
            "band": ["a", "b", "c", "d", "e", "f"],
            "headcount": [0, 1, 4, 5, 12, None],
            "percent": [0.0, 4.5, 18.2, 22.7, 54.5, None],
            "fte": [0.0, 0.8, 3.5, 4.6, 11.0, None],
        }
    )


def test_counts_from_one_to_four_are_hidden_and_flagged() -> None:
    result = suppress_small_numbers(table(), ["headcount"])
    # 0 stays 0 (not disclosive here, and DfE publishes zeros); 1 and 4 are hidden; 5 and over are shown;
    # an unknown (null) count is not a suppressed one.
    assert result["headcount"].to_list() == [0, None, None, 5, 12, None]
    assert result["headcount_suppressed"].to_list() == [False, True, True, False, False, False]
    assert result["percent"].to_list() == [0.0, 4.5, 18.2, 22.7, 54.5, None]  # not derived: left alone


def test_derived_columns_are_blanked_with_their_count() -> None:
    result = suppress_small_numbers(table(), ["headcount"], derived={"percent": "headcount", "fte": "headcount"})
    assert result["percent"].to_list() == [0.0, None, None, 22.7, 54.5, None]
    assert result["fte"].to_list() == [0.0, None, None, 4.6, 11.0, None]
    assert "percent_suppressed" not in result.columns


def test_threshold_is_configurable() -> None:
    result = suppress_small_numbers(table(), ["headcount"], threshold=10)
    assert result["headcount"].to_list() == [0, None, None, None, 12, None]
    assert suppress_small_numbers(table(), ["headcount"], threshold=1)["headcount"].to_list() == [
        0,
        1,
        4,
        5,
        12,
        None,
    ]


def test_several_count_columns_each_get_a_flag() -> None:
    frame = pl.DataFrame({"starters": [3, 8], "leavers": [9, 2]})
    result = suppress_small_numbers(frame, ["starters", "leavers"])
    assert result.rows() == [(None, 9, True, False), (8, None, False, True)]


def test_unknown_or_orphan_columns_are_errors() -> None:
    with pytest.raises(ValueError, match="no column"):
        suppress_small_numbers(table(), ["cases"])
    with pytest.raises(ValueError, match="must come from a column being suppressed"):
        suppress_small_numbers(table(), ["headcount"], derived={"percent": "fte"})
    with pytest.raises(ValueError, match="at least 1"):
        suppress_small_numbers(table(), ["headcount"], threshold=0)
