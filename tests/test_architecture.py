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
