"""The measure catalogue is complete, consistent, and the committed docs are generated from it."""

from __future__ import annotations

from pathlib import Path

from csc_workforce.measures import MEASURES, OUTPUT_COLUMNS, render_markdown
from csc_workforce.measures.catalogue import BY_ID, DateBasis, Unit

DOC = Path(__file__).parents[2] / "docs" / "measures.md"


def test_docs_measures_md_is_up_to_date() -> None:
    expected = render_markdown()
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/measures.md is out of date: run "
        "python -c 'from csc_workforce.measures import render_markdown; "
        'open("docs/measures.md", "w").write(render_markdown())\''
    )


def test_every_output_measure_is_declared_once() -> None:
    ids = [m.id for m in MEASURES]
    assert len(ids) == len(set(ids)) == 22
    assert tuple(OUTPUT_COLUMNS[4:]) == tuple(ids)


def test_rates_refer_to_declared_components() -> None:
    for measure in MEASURES:
        if measure.rate is not None:
            for component in measure.rate.components:
                assert component in BY_ID and BY_ID[component].rate is None


def test_flows_are_year_to_and_stocks_as_at() -> None:
    assert BY_ID["leavers_fte"].date_basis is DateBasis.YEAR_TO
    assert BY_ID["inpost_headcount"].date_basis is DateBasis.AS_AT
    assert {m.decimals for m in MEASURES if m.unit in (Unit.HEADCOUNT, Unit.CASES)} == {0}
    assert {m.decimals for m in MEASURES if m.unit not in (Unit.HEADCOUNT, Unit.CASES)} == {1}


def test_catalogue_declares_exactly_the_dfe_indicators_in_dfe_order() -> None:
    from csc_workforce.domain.indicators import DFE_INDICATOR_IDS
    from csc_workforce.measures.catalogue import MEASURE_IDS

    assert MEASURE_IDS == DFE_INDICATOR_IDS
