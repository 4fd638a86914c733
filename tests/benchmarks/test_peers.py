"""Statistical neighbours, peer medians and ranks (hand-worked expectations in the comments)."""

from __future__ import annotations

from csc_workforce.benchmarks.peers import (
    MIN_PEERS,
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


def test_no_median_with_fewer_than_three_peers_with_values() -> None:
    assert MIN_PEERS == 3
    assert peer_median([20.2, 22.5]) is None  # two peers are not a median
    assert peer_median([20.2, None, 22.5]) is None  # a peer without a value does not count
    assert peer_median([20.2, None, 22.5, 11.5]) == 20.2  # three with values: 11.5, 20.2, 22.5


def test_rank_lower_is_better() -> None:
    # turnover, Bexley 21.8 among Thurrock 20.2, Medway 22.5, Havering 11.5: 11.5, 20.2 are better -> 3rd of 4
    assert rank_among(21.8, [20.2, 22.5, 11.5], higher_is_better=False) == Rank(3, 4)


def test_rank_higher_is_better_and_nulls_skipped() -> None:
    # 89.4 among 78.7, (null), 73.9, 70.3: none higher -> 1st of 4 (the null peer is not counted)
    assert rank_among(89.4, [78.7, None, 73.9, 70.3], higher_is_better=True) == Rank(1, 4)


def test_ties_share_the_best_place_and_the_next_is_skipped() -> None:
    # values 15.0, 17.0, 17.0, 20.0 (lower better): 15.0 is 1st, both 17.0 are 2nd, 20.0 is 4th
    assert rank_among(17.0, [15.0, 17.0, 20.0], higher_is_better=False) == Rank(2, 4)
    assert rank_among(20.0, [15.0, 17.0, 17.0], higher_is_better=False) == Rank(4, 4)
    # compared as shown: 17.04 and 16.96 both show 17.0, so they tie behind 15.0
    assert rank_among(17.04, [16.96, 15.0, 20.0], higher_is_better=False) == Rank(2, 4)


def test_no_rank_without_polarity_or_council_value() -> None:
    assert rank_among(185.1, [146.7], higher_is_better=None) is None
    assert rank_among(None, [146.7], higher_is_better=False) is None
    assert rank_among(3.0, [], higher_is_better=False) is None  # never "1st of 1"


def test_no_rank_among_two_peers_and_a_null_does_not_count_as_a_peer() -> None:
    # Bexley's turnover 21.8 among Thurrock 20.2 and Havering 11.5 only: 2 peers, no rank (not "3rd of 3")
    assert rank_among(21.8, [20.2, 11.5], higher_is_better=False) is None
    assert rank_among(21.8, [20.2, None, 11.5], higher_is_better=False) is None
    # with Medway's 22.5 as well: 11.5 and 20.2 are lower -> 3rd of 4
    assert rank_among(21.8, [20.2, None, 11.5, 22.5], higher_is_better=False) == Rank(3, 4)
