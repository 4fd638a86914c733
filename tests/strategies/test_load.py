"""Strategy YAML is validated in one pass; each problem names the path in the document and what to write."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_workforce.domain.issues import Severity
from csc_workforce.strategies import Direction, StrategyError, load_strategy, parse_strategy
from csc_workforce.strategies.model import Comparators

GOOD = """
id: test
title: Test strategy
council: {name: Dudley, la_code: "332"}
period: {start: 2021-01-01, end: 2023-12-31}
outcomes:
  - id: stable
    title: A stable workforce
    measures:
      - measure: permanency_rate_fte
        label: 92% permanent
        target: {direction: at_least, value: 92, deadline: 2023-12-31, baseline: {value: 80, date: 2021-02-01}}
        rag: {amber_within: 3}
        comparators: {statistical_neighbours: ["333", "334"]}
      - measure: turnover_rate_fte
        target: {direction: decrease}
"""


def _problems(text: str, **kwargs: object) -> list[tuple[str | None, str, str]]:
    with pytest.raises(StrategyError) as caught:
        parse_strategy(text, source="test.yaml", **kwargs)  # type: ignore[arg-type]
    return [(i.location.path, i.code, i.message) for i in caught.value.issues]


def test_a_valid_strategy_loads_into_values() -> None:
    s = parse_strategy(GOOD)
    assert s.council.la_code == "332" and s.period.end == date(2023, 12, 31)
    first = s.outcomes[0].measures[0]
    assert first.target.direction is Direction.AT_LEAST and first.target.value == 92
    assert first.target.baseline is not None and first.target.baseline.value == 80
    assert first.rag.amber_within == 3 and first.comparators.statistical_neighbours == ("333", "334")
    assert s.outcomes[0].measures[1].target.value is None


def test_missing_field_names_its_path() -> None:
    problems = _problems(GOOD.replace(', la_code: "332"', ""))
    assert problems == [("council.la_code", "missing", '"la_code" is required; add it under council')]


def test_bad_direction_lists_the_allowed_ones() -> None:
    [(path, code, message)] = _problems(GOOD.replace("direction: decrease", "direction: down"))
    assert path == "outcomes[0].measures[1].target.direction" and code == "bad_direction"
    assert '"at_least", "at_most", "increase", "decrease", "maintain", "monitor"' in message and "'down'" in message


def test_bad_date_says_how_to_write_one() -> None:
    [(path, code, message)] = _problems(GOOD.replace("deadline: 2023-12-31", "deadline: 2023-13-01"))
    assert path == "outcomes[0].measures[0].target.deadline" and code == "bad_date"
    assert "YYYY-MM-DD" in message and "2023-13-01" in message


def test_a_bare_year_is_not_a_date() -> None:
    [(path, code, _)] = _problems(GOOD.replace("deadline: 2023-12-31", "deadline: 2023"))
    assert (path, code) == ("outcomes[0].measures[0].target.deadline", "bad_date")


def test_unknown_measure_id_is_checked_against_the_registry_given() -> None:
    problems = _problems(GOOD, registry={"permanency_rate_fte", "turnover_rate_headcount"})
    assert problems == [
        (
            "outcomes[0].measures[1].measure",
            "unknown_measure",
            'unknown measure id "turnover_rate_fte"; did you mean "turnover_rate_headcount"?',
        )
    ]


def test_unknown_measure_against_the_default_registry() -> None:
    [(path, code, _)] = _problems(GOOD.replace("turnover_rate_fte", "staff_happiness_index"))
    assert (path, code) == ("outcomes[0].measures[1].measure", "unknown_measure")


def test_target_value_must_be_a_number() -> None:
    [(path, code, message)] = _problems(GOOD.replace("value: 92,", 'value: "92%",'))
    assert path == "outcomes[0].measures[0].target.value" and code == "not_a_number"
    assert "no % sign" in message


def test_at_least_needs_a_value_and_trend_goals_refuse_one() -> None:
    problems = _problems(
        GOOD.replace("value: 92, ", "").replace("{direction: decrease}", "{direction: decrease, value: 3}")
    )
    assert [(p, c) for p, c, _ in problems] == [
        ("outcomes[0].measures[0].target.value", "missing"),
        ("outcomes[0].measures[1].target.value", "value_not_allowed"),
    ]


def test_a_misspelt_field_gets_a_suggestion() -> None:
    [(path, code, message)] = _problems(GOOD.replace("deadline: 2023-12-31,", "deadlin: 2023-12-31,"))
    assert path == "outcomes[0].measures[0].target.deadlin" and code == "unknown_field"
    assert 'did you mean "deadline"?' in message


def test_every_problem_is_reported_at_once() -> None:
    text = GOOD.replace("direction: decrease", "direction: down").replace("start: 2021-01-01", "start: soon")
    assert {p for p, _, _ in _problems(text)} == {"period.start", "outcomes[0].measures[1].target.direction"}


def test_not_yaml_gives_the_line() -> None:
    with pytest.raises(StrategyError) as caught:
        parse_strategy("id: [unclosed\ntitle: x\n", source="bad.yaml")
    [issue] = caught.value.issues
    assert issue.code == "not_yaml" and issue.location.line is not None


def test_load_strategy_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD.replace("direction: decrease", "direction: down"))
    with pytest.raises(StrategyError) as caught:
        load_strategy(path)
    text = str(caught.value)
    assert str(path) in text and "outcomes[0].measures[1].target.direction" in text


def test_a_valid_strategy_has_no_warnings() -> None:
    assert parse_strategy(GOOD).warnings == ()


def test_a_direction_against_the_measures_polarity_is_a_warning_and_the_file_loads() -> None:
    # children_max_3_social_workers_pct: higher is better (catalogue), so "decrease" goes the wrong way;
    # turnover_rate_fte: lower is better, so "at_least" does too
    text = (
        GOOD.replace("measure: turnover_rate_fte", "measure: children_max_3_social_workers_pct")
        + "      - measure: turnover_rate_fte\n        target: {direction: at_least, value: 10}\n"
    )
    s = parse_strategy(text)
    assert len(s.measures) == 3
    [first, second] = s.warnings
    assert (first.code, first.severity, first.location.path, first.value) == (
        "direction_against_polarity",
        Severity.WARNING,
        "outcomes[0].measures[1].target.direction",
        "decrease",
    )
    assert first.message == (
        '"decrease" wants Children with at most 3 social workers to go down, but for this measure higher is '
        'better (measure catalogue); if the strategy wants it up, write "at_least" or "increase"'
    )
    assert second.location.path == "outcomes[0].measures[2].target.direction"
    assert "lower is better" in second.message and 'write "at_most" or "decrease"' in second.message


@pytest.mark.parametrize(
    ("measure", "direction"),
    [
        ("children_max_3_social_workers_pct", "increase"),  # agrees with its polarity
        ("ethnic_minority_managers_pct", "decrease"),  # a measure without a polarity: either way
        ("turnover_rate_fte", "maintain"),  # maintain and monitor take the measure's polarity
        ("turnover_rate_fte", "monitor"),
    ],
)
def test_no_warning_when_the_direction_cannot_disagree(measure: str, direction: str) -> None:
    text = GOOD.replace("measure: turnover_rate_fte", f"measure: {measure}").replace(
        "direction: decrease", f"direction: {direction}"
    )
    assert parse_strategy(text).warnings == ()


def test_comparators_are_only_those_the_file_names() -> None:
    s = parse_strategy(GOOD)
    # the first names only its neighbours; the second has no comparators block
    assert s.outcomes[0].measures[0].comparators == Comparators(False, False, ("333", "334"))
    assert s.outcomes[0].measures[1].comparators == Comparators()
    assert not Comparators()
    both = parse_strategy(GOOD.replace('{statistical_neighbours: ["333", "334"]}', "{england: true, region: true}"))
    assert both.outcomes[0].measures[0].comparators == Comparators(True, True, ())


def test_a_comparator_switch_must_be_true_or_false() -> None:
    [(path, code, _)] = _problems(
        GOOD.replace("{statistical_neighbours:", '{england: "yes please", statistical_neighbours:')
    )
    assert (path, code) == ("outcomes[0].measures[0].comparators.england", "not_true_or_false")


def test_a_survey_question_is_read_for_a_measure_by_question_and_refused_for_any_other() -> None:
    survey = GOOD.replace(
        "      - measure: turnover_rate_fte\n",
        "      - measure: health_check_survey\n        question: HC1\n        target: {direction: increase}\n"
        "      - measure: turnover_rate_fte\n",
    )
    s = parse_strategy(survey)
    assert [(m.measure, m.question) for m in s.outcomes[0].measures] == [
        ("permanency_rate_fte", None),
        ("health_check_survey", "HC1"),
        ("turnover_rate_fte", None),
    ]
    wrong = GOOD.replace(
        "        target: {direction: decrease}", "        question: HC1\n        target: {direction: decrease}"
    )
    [(path, code, message)] = _problems(wrong)
    assert (path, code) == ("outcomes[0].measures[1].question", "question_not_allowed")
    assert '"turnover_rate_fte" is not a measure by survey question' in message
