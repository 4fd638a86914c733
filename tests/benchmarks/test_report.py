"""The benchmark report from the published figures. The acceptance test: Bexley (303) in 2019 reproduces the
figures its workforce strategy quotes (turnover 21.8%, vacancy rate 17.3%, average caseload 16) beside England,
London and its statistical neighbours Thurrock, Medway and Havering."""

from __future__ import annotations

import polars as pl
import pytest

from csc_workforce.benchmarks.published import MEASURE_IDS, published_indicators
from csc_workforce.benchmarks.report import (
    benchmark_report,
    peer_sentence,
    render_table,
    report_sentences,
)
from csc_workforce.measures.catalogue import MEASURES, RATE_UNITS, Unit
from csc_workforce.measures.rules import permanency_rate

INFO = {m.id: m for m in MEASURES}  # the declarations of DfE's indicators


@pytest.fixture(scope="module")
def bexley() -> dict[str, object]:
    return benchmark_report(
        published_indicators(), la_code="303", year=2019, peers=["883", "887", "311"], info=INFO, peer_source="shipped"
    )


def test_a_median_of_whole_numbers_stays_whole(bexley: dict) -> None:
    """Three peers' headcounts: the median is the middle one, printed as a whole number (JSON 153, not 153.0);
    rates keep one place more than the measure's own."""
    median = bexley["peer_median"]
    assert isinstance(median["inpost_headcount"], int)
    assert isinstance(median["turnover_rate_fte"], float)


def test_bexley_2019_matches_its_strategy_and_the_dfe_file(bexley: dict) -> None:
    council = bexley["council"]
    assert (council["old_la_code"], council["la_name"], council["region_name"]) == ("303", "Bexley", "Outer London")
    assert council["turnover_rate_fte"] == 21.8
    assert council["vacancy_rate_fte"] == 17.3
    assert council["caseload_fte"] == 16
    assert council["inpost_headcount"] == 191 and isinstance(council["inpost_headcount"], int)
    assert council["permanency_rate_fte"] == 89.4  # 185.1 / (185.1 + 22.0) * 100 = 89.377...
    assert set(council) == {"old_la_code", "la_name", "region_name", *MEASURE_IDS, "permanency_rate_fte"}

    england, region = bexley["england"], bexley["region"]
    assert (england["turnover_rate_fte"], england["vacancy_rate_fte"], england["caseload_fte"]) == (15.0, 16.4, 16.9)
    assert region["region_name"] == "London"
    assert (region["turnover_rate_fte"], region["vacancy_rate_fte"], region["caseload_fte"]) == (17.5, 24.3, 15.1)

    peers = {p["la_name"]: p for p in bexley["peers"]}
    assert [p["old_la_code"] for p in bexley["peers"]] == ["883", "887", "311"]
    assert {n: (p["turnover_rate_fte"], p["vacancy_rate_fte"], p["caseload_fte"]) for n, p in peers.items()} == {
        "Thurrock": (20.2, 17.0, 15.5),
        "Medway": (22.5, 20.4, 20.3),
        "Havering": (11.5, 25.0, 15.8),
    }
    # the strategy: vacancy lower than Havering and Medway, similar to Thurrock (25%, 20.4% and 17%)
    assert peers["Thurrock"]["vacancy_agency_cover_rate_fte"] is None  # published "u"


def test_peer_median_and_rank_for_bexley_2019(bexley: dict) -> None:
    median, rank = bexley["peer_median"], bexley["council_rank"]
    # turnover: peers 11.5, 20.2, 22.5 -> median 20.2; Bexley 21.8, lower is better: 11.5, 20.2 beat it -> 3 of 4
    assert median["turnover_rate_fte"] == 20.2 and rank["turnover_rate_fte"] == [3, 4]
    # vacancy: peers 17.0, 20.4, 25.0 -> 20.4; Bexley 17.3: only Thurrock's 17.0 is lower -> 2 of 4
    assert median["vacancy_rate_fte"] == 20.4 and rank["vacancy_rate_fte"] == [2, 4]
    # caseload: peers 15.5, 15.8, 20.3 -> 15.8; Bexley 16.0: 15.5 and 15.8 are lower -> 3 of 4
    assert median["caseload_fte"] == 15.8 and rank["caseload_fte"] == [3, 4]
    # vacancies covered by agency: Thurrock "u" skipped, leaving Medway 100.0 and Havering 90.1: two peers with
    # figures are not enough for a median; no polarity -> no rank either
    assert median["vacancy_agency_cover_rate_fte"] is None and rank["vacancy_agency_cover_rate_fte"] is None
    # permanency from unrounded rates: Thurrock 146.7/186.4 = 78.70, Medway 162.1/230.5 = 70.33,
    # Havering 121.6/164.6 = 73.876 -> median 73.876 (kept to 2 dp: 73.88); Bexley 89.4 is highest -> 1 of 4
    assert median["permanency_rate_fte"] == 73.88 and rank["permanency_rate_fte"] == [1, 4]
    assert rank["inpost_fte"] is None  # a count without polarity
    assert bexley["peer_source"] == "shipped"
    assert bexley["peer_description"] == (
        "Compared with its statistical neighbours, as its workforce strategy names them: Thurrock, Medway, Havering."
    )


def test_a_count_is_never_ranked_though_it_has_a_polarity(bexley: dict) -> None:
    # leavers FTE (fewer is better): Bexley 40.4 would be "4th of 4" against Thurrock 29.6, Medway 36.5 and
    # Havering 14.0, but a bigger council has more leavers: counts are not ranked. The median is still shown:
    # 14.0, 29.6, 36.5 -> 29.6
    assert bexley["council_rank"]["leavers_fte"] is None
    assert bexley["rank_notes"]["leavers_fte"] == "not ranked: a count, which depends on the council's size"
    assert bexley["peer_median"]["leavers_fte"] == 29.6
    assert bexley["rank_notes"]["turnover_rate_fte"] is None
    assert bexley["rank_notes"]["vacancy_agency_cover_rate_fte"] == "not ranked: neither higher nor lower is better"


def test_the_rate_units_are_the_catalogues_percentages_and_caseloads() -> None:
    assert RATE_UNITS == {Unit.PERCENT.value, Unit.CASES_PER_FTE.value}
    ranked = sorted(m for m, i in INFO.items() if i.is_rate and i.higher_is_better is not None)
    assert ranked == [
        "absence_rate_fte",
        "agency_rate_fte",
        "agency_rate_headcount",
        "caseload_fte",
        "turnover_rate_fte",
        "turnover_rate_headcount",
        "vacancy_rate_fte",
    ]


def test_table_has_the_sentences(bexley: dict) -> None:
    text = render_table(bexley, INFO)
    assert text.startswith("Bexley (303), year to 30 September 2019\n")
    assert (
        "Turnover was 21.8%, higher than England (15.0%) and London (17.5%). Bexley was above the median of its "
        "statistical neighbours (20.2%), 3rd of 4 (1st is best)." in text
    )
    assert (
        "The vacancy rate was 17.3%, higher than England (16.4%) and lower than London (24.3%). Bexley was below "
        "the median of its statistical neighbours (20.4%), 2nd of 4 (1st is best)." in text
    )
    assert (
        "Average caseload was 16.0 cases per FTE, lower than England (16.9) and higher than London (15.1). Bexley "
        "was above the median of its statistical neighbours (15.8), 3rd of 4 (1st is best)." in text
    )
    assert text.splitlines()[1] == bexley["peer_description"]
    header = text.splitlines()[3].split()
    assert header[:6] == ["measure", "Bexley", "England", "London", "Thurrock", "Medway"]
    turnover = next(line for line in text.splitlines() if line.startswith("turnover_rate_fte "))
    assert turnover.split() == [
        "turnover_rate_fte",
        "21.8",
        "15.0",
        "17.5",
        "20.2",
        "22.5",
        "11.5",
        "20.2",
        "3",
        "of",
        "4",
    ]


def test_given_peers_are_called_peers() -> None:
    # Thurrock 20.2, Medway 22.5, Havering 11.5, Ealing 20.9 (2019): median (20.2 + 20.9) / 2 = 20.55, shown
    # 20.6; Bexley 21.8 is beaten by 11.5, 20.2 and 20.9 -> 4th of 5
    report = benchmark_report(
        published_indicators(), la_code="303", year=2019, peers=["883", "887", "311", "307"], info=INFO
    )
    assert report_sentences(report, INFO)[0].endswith(
        "Bexley was above the median of its peers (20.6%), 4th of 5 (1st is best)."
    )


def test_two_peers_give_no_median_and_no_rank_and_say_so() -> None:
    # Thurrock and Havering only: not "3rd of 3" (and no median of two)
    report = benchmark_report(
        published_indicators(), la_code="303", year=2019, peers=["883", "311"], info=INFO, peer_source="given"
    )
    assert report["council_rank"]["turnover_rate_fte"] is None and report["peer_median"]["turnover_rate_fte"] is None
    assert report["rank_notes"]["turnover_rate_fte"] == "not ranked: fewer than 3 peers with figures"
    assert report_sentences(report, INFO)[0] == (
        "Turnover was 21.8%, higher than England (15.0%) and London (17.5%). "
        "Not ranked: fewer than 3 peers with figures."
    )
    text = render_table(report, INFO)
    assert "  fewer than 3 peers with figures: turnover_rate_fte, turnover_rate_headcount," in text


def test_two_neighbours_are_called_neighbours_in_the_note() -> None:
    report = benchmark_report(
        published_indicators(), la_code="303", year=2019, peers=["883", "311"], info=INFO, peer_source="configured"
    )
    assert report["rank_notes"]["vacancy_rate_fte"] == "not ranked: fewer than 3 neighbours with figures"


def test_no_peers_chosen_no_peer_sentence_and_null_medians() -> None:
    report = benchmark_report(published_indicators(), la_code="303", year=2019, peers=[], info=INFO)
    assert report["peers"] == [] and report["peer_median"]["turnover_rate_fte"] is None
    assert report["council_rank"]["turnover_rate_fte"] is None  # never "1st of 1"
    assert report["peer_description"] == "Not compared with other councils: none were chosen."
    assert report_sentences(report, INFO)[0] == "Turnover was 21.8%, higher than England (15.0%) and London (17.5%)."


def test_without_neighbours_the_region_is_the_peer_group_and_named() -> None:
    # London in 2019: 14 Inner London and 18 Outer London council rows (Kingston / Richmond is one row) = 32,
    # so Bexley has 31 others, Inner London boroughs (Camden) included, since Bexley is compared with London
    report = benchmark_report(published_indicators(), la_code="303", year=2019, peers=None, info=INFO)
    assert report["peer_source"] == "region"
    assert report["peer_description"] == (
        "Compared with the 31 other councils in London, since no statistical neighbours are set."
    )
    names = [p["la_name"] for p in report["peers"]]
    assert len(names) == 31 and "Bexley" not in names and names == sorted(names)
    assert {"Camden", "Havering", "Kingston upon Thames / Richmond upon Thames"} <= set(names)
    assert report_sentences(report, INFO)[0].startswith(
        "Turnover was 21.8%, higher than England (15.0%) and London (17.5%). Bexley was above the median of the "
        "other councils in London ("
    )
    text = render_table(report, INFO)
    assert text.splitlines()[1] == report["peer_description"]
    assert "Thurrock" not in text and "  311  Havering" in text  # listed after the table, not a column each
    assert "Havering" not in text.splitlines()[3]  # the header row


def test_region_peers_rank_and_median_sunderland_2019() -> None:
    # North East 2019, turnover: Sunderland 21.3; the other 11: 12.9, 17.2, 4.8, 14.7, 20.8, 17.3, 12.7, 12.7,
    # 16.1, 19.1, 8.1. Sorted 4.8 8.1 12.7 12.7 12.9 [14.7] 16.1 17.2 17.3 19.1 20.8: median 14.7; Sunderland
    # is the highest and lower is better -> 12th of 12
    report = benchmark_report(published_indicators(), la_code="394", year=2019, peers=None, info=INFO)
    assert report["peer_description"] == (
        "Compared with the 11 other councils in North East, since no statistical neighbours are set."
    )
    assert report["peer_median"]["turnover_rate_fte"] == 14.7
    assert report["council_rank"]["turnover_rate_fte"] == [12, 12]
    # North Tyneside (392) and Northumberland both 12.7: only 4.8 and 8.1 are lower -> both 3rd of 12
    tyneside = benchmark_report(published_indicators(), la_code="392", year=2019, peers=None, info=INFO)
    assert tyneside["council_rank"]["turnover_rate_fte"] == [3, 12]


def _north_east_2019(codes: list[str]) -> pl.DataFrame:
    frame = published_indicators().filter(pl.col("time_period") == 2019)
    return frame.filter((pl.col("geographic_level") != "Local authority") | pl.col("old_la_code").is_in(codes))


def test_a_region_of_three_councils_gives_no_rank() -> None:
    # only Sunderland, Gateshead and Darlington held: 2 others in the region, so no median and no rank
    report = benchmark_report(_north_east_2019(["394", "390", "841"]), la_code="394", year=2019, peers=None, info=INFO)
    assert [p["la_name"] for p in report["peers"]] == ["Darlington", "Gateshead"]
    assert report["council_rank"]["turnover_rate_fte"] is None
    assert report["rank_notes"]["turnover_rate_fte"] == "not ranked: fewer than 3 councils in North East with figures"
    # with Hartlepool (14.7) too: peers 4.8, 14.7, 17.2 -> median 14.7; Sunderland 21.3 highest -> 4th of 4
    four = benchmark_report(
        _north_east_2019(["394", "390", "841", "805"]), la_code="394", year=2019, peers=None, info=INFO
    )
    assert four["peer_median"]["turnover_rate_fte"] == 14.7 and four["council_rank"]["turnover_rate_fte"] == [4, 4]


def test_a_council_alone_in_its_region_is_not_compared() -> None:
    report = benchmark_report(_north_east_2019(["394"]), la_code="394", year=2019, peers=None, info=INFO)
    assert report["peer_source"] == "none" and report["peers"] == []
    assert report["peer_description"] == (
        "Not compared with other councils: no statistical neighbours are set and DfE publishes no other council "
        "in North East."
    )


def test_joint_return_codes_and_missing_peer_rows() -> None:
    # Richmond (318) reports jointly with Kingston (314) as "314 / 318"; Cumberland (942) did not exist in 2019
    report = benchmark_report(published_indicators(), la_code="318", year=2019, peers=["942"], info=INFO)
    assert report["council"]["old_la_code"] == "314 / 318"
    assert report["peers"][0]["old_la_code"] == "942" and report["peers"][0]["turnover_rate_fte"] is None
    assert report["peer_median"]["turnover_rate_fte"] is None


def test_unknown_council_or_year() -> None:
    with pytest.raises(LookupError, match="No published figures for council 999 in 2019"):
        benchmark_report(published_indicators(), la_code="999", year=2019, peers=None, info=INFO)
    with pytest.raises(LookupError, match="cover 2017-2025"):
        benchmark_report(published_indicators(), la_code="303", year=2030, peers=None, info=INFO)


def test_permanency_and_peer_sentence_edges() -> None:
    assert permanency_rate(None, 1.0) is None and permanency_rate(0.0, 0.0) is None
    assert permanency_rate(90.0, 10.0) == 90.0
    assert peer_sentence("turnover_rate_fte", None, 20.0, None, council_name="X") == ""
    assert peer_sentence("turnover_rate_fte", 20.0, None, None, council_name="X") == (
        "Not ranked: fewer than 3 peers with figures."
    )
    note = "not ranked: fewer than 3 neighbours with figures"
    assert peer_sentence("turnover_rate_fte", 20.0, None, None, council_name="X", note=note) == (
        "Not ranked: fewer than 3 neighbours with figures."
    )
    assert peer_sentence("turnover_rate_fte", 20.04, 20.0, None, council_name="X") == (
        "X was the same as the median of its statistical neighbours (20.0%)."
    )
