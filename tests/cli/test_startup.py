"""Start-up stays short (issue 15; ``perf/startup.py`` times it): building the command line's parser loads none of
the heavy packages, a command named first loads no other command's module, and ``census validate`` loads lxml and
the census reader but not Polars or Django. The rule is in ``cli/main.py``'s docstring; these check it in fresh
processes, without timing anything."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from csc_workforce.cli.main import COMMANDS, build_parser
from tests.conftest import EXTERNAL

HEAVY = ("polars", "numpy", "pandas", "pyarrow", "django", "lxml", "matplotlib", "openpyxl", "weasyprint", "docx")
HEAVY_EXCEPT_LXML = tuple(name for name in HEAVY if name != "lxml") + ("yaml",)
SAMPLE = EXTERNAL / "liia-tools_samples_csww_sample.xml"

# Run in a fresh process: what is imported after the statements, as JSON (the heavy packages, the project's modules).
LOADED = """
import json, sys
{statements}
print(json.dumps({{
    "heavy": sorted({{name.split(".")[0] for name in sys.modules}} & set({heavy!r})),
    "modules": sorted(name for name in sys.modules if name.startswith("csc_workforce")),
}}))
"""


def loaded_after(statements: str, heavy: tuple[str, ...] = HEAVY) -> dict[str, list[str]]:
    script = LOADED.format(statements=statements, heavy=heavy)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.splitlines()[-1]))


def test_building_every_command_loads_no_heavy_package() -> None:
    """What ``--help`` and ``--version`` do: every command's module and parser, none of Polars, Django, lxml, ...
    and of the project's own modules only the command line's and the light ones its help names things from."""
    found = loaded_after("from csc_workforce.cli.main import build_parser\nbuild_parser()")
    assert found["heavy"] == []
    light = {
        "csc_workforce",
        "csc_workforce.cli",
        "csc_workforce.census",
        "csc_workforce.census.csww_years",
        "csc_workforce.domain",
    }
    others = [
        name
        for name in found["modules"]
        if name not in light and not name.startswith(("csc_workforce.cli.", "csc_workforce.domain."))
    ]
    assert others == []
    assert {f"csc_workforce.cli.{name}" for name in COMMANDS} <= set(found["modules"])


def test_version_loads_no_heavy_package() -> None:
    statements = "from csc_workforce.cli.main import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    assert loaded_after(statements)["heavy"] == []


def test_census_validate_loads_the_reader_but_no_other_command_and_no_polars_or_django() -> None:
    statements = f"from csc_workforce.cli.main import main\nmain(['census', 'validate', {str(SAMPLE)!r}])"
    found = loaded_after(statements, HEAVY_EXCEPT_LXML)
    assert found["heavy"] == []
    assert "csc_workforce.census.csww.reader" in found["modules"]
    commands = {f"csc_workforce.cli.{name}" for name in COMMANDS}
    assert commands & set(found["modules"]) == {"csc_workforce.cli.census"}


def _command_names(parser: argparse.ArgumentParser) -> list[str]:
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(commands.choices)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_module_adds_the_command_of_its_name(name: str) -> None:
    """``main`` finds a command's module by the command's name, so the two must be the same."""
    assert _command_names(build_parser(name)) == [name]


def test_the_whole_parser_has_every_command_in_order() -> None:
    assert _command_names(build_parser()) == list(COMMANDS)


def test_the_light_lists_the_help_names_are_the_heavy_modules_own() -> None:
    """One source of truth: the importers and the census schema take the kinds and years from the light modules."""
    from csc_workforce import importers
    from csc_workforce.census import csww_years
    from csc_workforce.census.csww import schema
    from csc_workforce.cli.records import KIND_NAMES
    from csc_workforce.domain import extracts

    assert importers.Kind is extracts.Kind and importers.COMPLETE_FROM_KINDS is extracts.COMPLETE_FROM_KINDS
    assert KIND_NAMES == [kind.value for kind in importers.KINDS]  # the help lists the kinds in the catalogue's order
    assert schema.supported_years is csww_years.supported_years
    assert tuple(schema.schema_index()) == csww_years.supported_years()
