"""Statistical neighbours, peer medians and ranks (hand-worked expectations in the comments)."""

from __future__ import annotations

from csc_workforce.benchmarks.peers import (
    Rank,
    parse_codes,
    peer_median,
    rank_among,
    shipped_neighbours,
    shipped_neighbours_table,
)
from csc_workforce.benchmarks.published import published_rows


def test_only_bexleys_neighbours_are_shipped_and_the_codes_are_dfe_councils() -> None:
    assert shipped_neighbours("303") == ("883", "887", "311")
    assert shipped_neighbours("209") == ()
    assert {n.la_code for n in shipped_neighbours_table()} == {"303"}
    names = {
        row["old_la_code"]: row["la_name"]
        for row in published_rows(years=[2019], geographic_level="Local authority").iter_rows(named=True)
    }
    assert [names[c] for c in shipped_neighbours("303")] == ["Thurrock", "Medway", "Havering"]
    assert all("Bexley" in n.source for n in shipped_neighbours_table())


def test_parse_codes() -> None:
    assert parse_codes(" 883, 887,,311,883 ") == ("883", "887", "311")
    assert parse_codes("") == ()


def test_median() -> None:
    assert peer_median([20.2, 22.5, 11.5]) == 20.2  # sorted 11.5, 20.2, 22.5: the middle one
    assert peer_median([20.2, None, 22.5, 11.5, 30.0]) == 21.35  # 11.5, 20.2 | 22.5, 30.0: (20.2 + 22.5) / 2
    assert peer_median([None, None]) is None
    assert peer_median([]) is None


def test_rank_lower_is_better() -> None:
    # turnover, Bexley 21.8 among Thurrock 20.2, Medway 22.5, Havering 11.5: 11.5, 20.2 are better -> 3rd of 4
    assert rank_among(21.8, [20.2, 22.5, 11.5], higher_is_better=False) == Rank(3, 4)


def test_rank_higher_is_better_and_nulls_skipped() -> None:
    # 89.4 among 78.7, (null), 73.9: none higher -> 1st of 3 (the null peer is not counted)
    assert rank_among(89.4, [78.7, None, 73.9], higher_is_better=True) == Rank(1, 3)


def test_ties_share_the_best_place_and_the_next_is_skipped() -> None:
    # values 15.0, 17.0, 17.0, 20.0 (lower better): 15.0 is 1st, both 17.0 are 2nd, 20.0 is 4th
    assert rank_among(17.0, [15.0, 17.0, 20.0], higher_is_better=False) == Rank(2, 4)
    assert rank_among(20.0, [15.0, 17.0, 17.0], higher_is_better=False) == Rank(4, 4)
    # compared as shown: 17.04 and 16.96 both show 17.0, so they tie
    assert rank_among(17.04, [16.96, 15.0], higher_is_better=False) == Rank(2, 3)


def test_no_rank_without_polarity_or_council_value() -> None:
    assert rank_among(185.1, [146.7], higher_is_better=None) is None
    assert rank_among(None, [146.7], higher_is_better=False) is None
    assert rank_among(3.0, [], higher_is_better=False) == Rank(1, 1)
