"""docs/importers.md is checked against the code: every issue code, kind and field, and the example mapping."""

from __future__ import annotations

import json
import re
from pathlib import Path

from csc_workforce.importers import KINDS, ColumnMapping

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "importers.md").read_text(encoding="utf-8")
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src/csc_workforce/importers").glob("*.py"))


def test_every_issue_code_raised_is_documented_and_every_documented_code_exists() -> None:
    raised = set(re.findall(r'"(IMP-[A-Z]+-\d{3})"', SOURCE))
    documented = set(re.findall(r"`(IMP-[A-Z]+-\d{3})`", DOC))
    assert raised == documented


def test_every_kind_and_field_is_documented() -> None:
    for kind, spec in KINDS.items():
        assert f"### {kind.value}\n" in DOC
        for field in spec.fields:
            assert f"| `{field.name}` |" in DOC


def test_the_example_mapping_in_the_docs_is_valid() -> None:
    block = re.search(r"```json\n(.*?)```", DOC, re.S)
    assert block is not None
    mapping = ColumnMapping.from_json(block.group(1))
    assert mapping.kind == "assignments"
    assert json.loads(mapping.to_json())["defaults"] == {"case_holding": "yes"}
