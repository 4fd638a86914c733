"""One catalogue of checks (domain/catalogue.py): every issue the product reports is made from it, every code the
code names is in it, and every document's generated table of codes is current."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import csc_workforce
from csc_workforce.domain.catalogue import DOC_TABLES, RULES_BY_CODE, rule, with_tables
from csc_workforce.domain.issues import Issue, Location, Severity

PACKAGE = Path(csc_workforce.__file__).parent
ROOT = PACKAGE.parents[1]
CODE = re.compile(r"(CSWW|IMP|UPLOAD|DFE)(-[A-Z0-9]+)+")
# Functions whose first argument is a check's code: the catalogue's lookup and the strategy loader's helpers
# (whose codes are words, not CODE-like). Every CODE-like string anywhere is checked as well.
TAKES_A_CODE = {"rule", "_checked", "problem", "warn"}
MADE_HERE = {"domain/catalogue.py", "domain/issues.py"}


def _modules() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(PACKAGE)), ast.parse(p.read_text(encoding="utf-8"))) for p in PACKAGE.rglob("*.py")]


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def test_every_code_the_code_names_is_in_the_catalogue() -> None:
    named: set[str] = set()
    for _, module in _modules():
        for node in ast.walk(module):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
                named.add(node.value)
            if isinstance(node, ast.Call) and _name(node) in TAKES_A_CODE and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    named.add(first.value)
    assert named - set(RULES_BY_CODE) == set()
    assert len(named & set(RULES_BY_CODE)) > 80


def test_no_issue_is_made_outside_the_catalogue() -> None:
    """Issues come from ``rule(code).issue(...)``, so each has its catalogued severity; ``Issue.from_dict`` reads
    back one the product stored."""
    made = {
        f"{path}:{node.lineno}"
        for path, module in _modules()
        if path not in MADE_HERE
        for node in ast.walk(module)
        if isinstance(node, ast.Call) and _name(node) == "Issue"
    }
    assert made == set()


def test_an_issue_takes_its_severity_from_the_catalogue() -> None:
    warning = rule("IMP-FILE-005").issue("read as cp1252", Location(2, "staff.csv"), "x")
    assert warning == Issue("IMP-FILE-005", Severity.WARNING, "read as cp1252", Location(2, "staff.csv"), "x")
    assert Issue.from_dict(warning.as_dict()) == warning
    with pytest.raises(KeyError):
        rule("IMP-NOT-A-CODE")


def test_every_check_says_what_it_is_and_how_to_fix_it() -> None:
    for check in RULES_BY_CODE.values():
        assert check.title and check.how_to_fix.endswith("."), check.code


@pytest.mark.parametrize("document", sorted({name for name, _, _ in DOC_TABLES}))
def test_generated_tables_of_codes_are_current(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    assert with_tables(text, document) == text, "run update_docs() from domain/catalogue.py"


def test_every_code_is_documented_once() -> None:
    documented = "".join((ROOT / name).read_text(encoding="utf-8") for name in {n for n, _, _ in DOC_TABLES})
    for code in RULES_BY_CODE:
        assert documented.count(f"| `{code}` |") == 1, code
