"""The layers of docs/architecture.md, beyond what import-linter's contracts (pyproject.toml) can say."""

from __future__ import annotations

import ast
from pathlib import Path

import csc_workforce

PACKAGE = Path(csc_workforce.__file__).parent
HTTP_MODULES = ("django.http", "django.shortcuts", "django.template", "django.urls", "django.views", "django.forms")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_application_layer_imports_nothing_of_http() -> None:
    found = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / "store").rglob("*.py")
        for name in _imports(path)
        if name.startswith(HTTP_MODULES)
    }
    assert not found


def test_no_cli_module_but_serve_imports_the_web_app() -> None:
    found = {
        path.name
        for path in (PACKAGE / "cli").glob("*.py")
        if any(name.startswith("csc_workforce.web") for name in _imports(path))
    }
    assert found == {"serve.py"}


def test_the_web_package_holds_no_models_or_migrations() -> None:
    assert not (PACKAGE / "web" / "models.py").exists()
    assert not (PACKAGE / "web" / "migrations").exists()
    assert (PACKAGE / "store" / "migrations" / "0001_initial.py").exists()


SPREADSHEET_WRITER = PACKAGE / "domain" / "spreadsheet.py"
WRITER_NAMES = {"writer", "DictWriter", "Workbook", "write_csv", "write_excel", "write_ods"}


def _spreadsheet_writers(path: Path) -> set[str]:
    """Uses of a CSV or spreadsheet writer in one file: ``csv.writer``, ``csv.DictWriter``, openpyxl's
    ``Workbook``, Polars' ``write_csv``/``write_excel``, xlsxwriter, and imports of any of them."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "csv":
            if node.attr in WRITER_NAMES:
                found.add(f"csv.{node.attr} (line {node.lineno})")
        elif isinstance(node, ast.Attribute) and node.attr in {"Workbook", "write_csv", "write_excel", "write_ods"}:
            if not (isinstance(node.value, ast.Name) and node.value.id == "spreadsheet"):  # the one writer's own
                found.add(f".{node.attr} (line {node.lineno})")
        elif isinstance(node, ast.Name) and node.id == "Workbook":
            found.add(f"Workbook (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom) and node.module in {"csv", "openpyxl", "openpyxl.workbook"}:
            found.update(f"from {node.module} import {a.name}" for a in node.names if a.name in WRITER_NAMES)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.update(f"import {name}" for name in modules if name.split(".")[0] in {"xlsxwriter", "xlwt"})
    return found


def test_every_csv_and_xlsx_is_written_by_the_one_module_that_makes_cells_safe() -> None:
    """A writer that bypasses ``domain/spreadsheet.py`` would write text a spreadsheet runs as a formula."""
    found = {
        f"{path.relative_to(PACKAGE)}: {use}"
        for path in PACKAGE.rglob("*.py")
        if path != SPREADSHEET_WRITER
        for use in _spreadsheet_writers(path)
    }
    assert not found
    assert _spreadsheet_writers(SPREADSHEET_WRITER)  # the check sees the writers it forbids elsewhere
