"""docs/census.md carries the rule table generated from the catalogue, and it is up to date."""

from __future__ import annotations

from pathlib import Path

from csc_workforce.domain.catalogue import RULES, rule_table_markdown, with_tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "census.md"


def test_census_doc_rule_table_is_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert with_tables(text, "docs/census.md") == text, "run update_docs() from domain/catalogue.py"


def test_rule_table_lists_every_rule_once() -> None:
    table = rule_table_markdown()
    for rule in RULES:
        assert table.count(f"`{rule.code}`") == 1


def test_every_rule_says_how_to_fix_it() -> None:
    for rule in RULES:
        assert rule.title and rule.how_to_fix.endswith(".")
