"""The benchmark report from the published figures. The acceptance test: Bexley (303) in 2019 reproduces the
figures its workforce strategy quotes (turnover 21.8%, vacancy rate 17.3%, average caseload 16) beside England,
London and its statistical neighbours Thurrock, Medway and Havering."""

from __future__ import annotations

import pytest

from csc_workforce.benchmarks.published import MEASURE_IDS, published_indicators
from csc_workforce.benchmarks.report import (
    MeasureInfo,
    benchmark_report,
    peer_sentence,
    permanency,
    render_table,
    report_sentences,
)
from csc_workforce.measures.catalogue import MEASURES

INFO = {m.id: MeasureInfo(m.higher_is_better, m.decimals) for m in MEASURES}


@pytest.fixture(scope="module")
def bexley() -> dict[str, object]:
    return benchmark_report(
        published_indicators(), la_code="303", year=2019, peers=["883", "887", "311"], info=INFO, peer_source="shipped"
    )


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
    # vacancies covered by agency: Thurrock "u" skipped; (100.0 + 90.1) / 2 = 95.05; no polarity -> no rank
    assert median["vacancy_agency_cover_rate_fte"] == 95.05 and rank["vacancy_agency_cover_rate_fte"] is None
    # permanency from unrounded rates: Thurrock 146.7/186.4 = 78.70, Medway 162.1/230.5 = 70.33,
    # Havering 121.6/164.6 = 73.876 -> median 73.876 (kept to 2 dp: 73.88); Bexley 89.4 is highest -> 1 of 4
    assert median["permanency_rate_fte"] == 73.88 and rank["permanency_rate_fte"] == [1, 4]
    assert rank["inpost_fte"] is None  # a count without polarity


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
    header = text.splitlines()[2].split()
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
    report = benchmark_report(
        published_indicators(), la_code="303", year=2019, peers=["311"], info=INFO, peer_source="given"
    )
    assert report_sentences(report, INFO)[0].endswith(
        "Bexley was above the median of its peers (11.5%), 2nd of 2 (1st is best)."
    )


def test_no_peers_no_peer_sentence_and_null_medians() -> None:
    report = benchmark_report(published_indicators(), la_code="303", year=2019, peers=[], info=INFO)
    assert report["peers"] == [] and report["peer_median"]["turnover_rate_fte"] is None
    assert report["council_rank"]["turnover_rate_fte"] == [1, 1]
    assert report_sentences(report, INFO)[0] == "Turnover was 21.8%, higher than England (15.0%) and London (17.5%)."


def test_joint_return_codes_and_missing_peer_rows() -> None:
    # Richmond (318) reports jointly with Kingston (314) as "314 / 318"; Cumberland (942) did not exist in 2019
    report = benchmark_report(published_indicators(), la_code="318", year=2019, peers=["942"], info=INFO)
    assert report["council"]["old_la_code"] == "314 / 318"
    assert report["peers"][0]["old_la_code"] == "942" and report["peers"][0]["turnover_rate_fte"] is None
    assert report["peer_median"]["turnover_rate_fte"] is None


def test_unknown_council_or_year() -> None:
    with pytest.raises(LookupError, match="No published figures for council 999 in 2019"):
        benchmark_report(published_indicators(), la_code="999", year=2019, peers=[], info=INFO)
    with pytest.raises(LookupError, match="cover 2017-2025"):
        benchmark_report(published_indicators(), la_code="303", year=2030, peers=[], info=INFO)


def test_permanency_and_peer_sentence_edges() -> None:
    assert permanency(None, 1.0) is None and permanency(0.0, 0.0) is None
    assert permanency(90.0, 10.0) == 90.0
    assert peer_sentence("turnover_rate_fte", None, 20.0, None, council_name="X") == ""
    assert peer_sentence("turnover_rate_fte", 20.0, None, None, council_name="X") == (
        "No figures were published for its statistical neighbours."
    )
    assert peer_sentence("turnover_rate_fte", 20.04, 20.0, None, council_name="X") == (
        "X was the same as the median of its statistical neighbours (20.0%)."
    )
