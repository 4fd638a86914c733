"""Isolation on the command line (issue 15): every command that takes a council (``--la``, or ``--council`` for a
role), run for one council of a database holding two, prints and writes nothing of the other: not its name, its
code, nor any of its workers' SWE numbers. The registry names every such command: a new one added without an
entry fails the first test. A command that reads no council's records says why instead of being run. (The
command line is run by whoever holds the installation's database; what it guards is that a figure asked for
one council is that council's alone, as the web app's walk in tests/web/test_isolation.py guards its users.)"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from csc_workforce.cli.main import build_parser, main
from csc_workforce.store import models as m

COUNCIL = "990"  # whose figures must not appear
OWN = "991"  # the council asked for
OPTIONS = ("la", "council")
# Each command that takes a council: its arguments ({out} a file in the test's folder), or why it is not run.
COMMANDS: dict[str, list[str] | str] = {
    "census export": ["census", "export", "--la", OWN, "--year", "2025", "--output", "{out}/return.xml"],
    "census reconcile": ["census", "reconcile", "--la", OWN, "--format", "json"],
    "records import": "writes the council's records from a file it is given; reads no other council's",
    "measures": ["measures", "--year", "2025", "--la", OWN, "--format", "json"],
    "strategy evaluate": ["strategy", "evaluate", "dudley-2021-23", "--la", OWN, "--format", "json"],
    "strategy meetings": ["strategy", "meetings", "--la", OWN, "--format", "json"],
    # the councils hold only census returns: this page has no table for them (the command says so, naming 991)
    "tables": ["tables", "--la", OWN, "--page", "development", "--table", "all", "--output", "{out}/tables.xlsx"],
    "report build": ["report", "build", "--la", OWN, "--format", "html", "--output", "{out}/report.html", "scrutiny"],
    "report settings": ["report", "settings", "--la", OWN],
    "report template": "saves a Word template for the council; shows no figures",
    "report purpose": "saves a report's purpose text for the council; shows no figures",
    "benchmark report": ["benchmark", "report", "--la", OWN, "--year", "2025", "--format", "json"],
    "benchmark neighbours": ["benchmark", "neighbours", "--la", OWN, "--format", "json"],
    "benchmark": ["benchmark", "--la", OWN, "--year", "2025", "--format", "json"],
    "forecast scenario save": "saves a scenario file for the council; shows no figures",
    "forecast scenario list": ["forecast", "scenario", "list", "--la", OWN],
    "forecast scenario delete": "deletes one of the council's scenarios; shows no figures",
    "forecast": ["forecast", "--la", OWN, "--months", "12", "--paths", "200", "--format", "json"],
    "synthetic returns": "makes up a council's returns; reads nothing held",
    "users create": "makes an account with a role at the council; shows no figures",
    "users grant": "gives a role at the council; shows no figures",
    "users revoke": "takes a role at the council away; shows no figures",
    "regional alliance add": "names the councils of an alliance; shows no figures",
    "regional extract": ["regional", "extract", "--la", OWN, "--key-file", "{out}/k.key", "--output", "{out}/x.csv"],
    "regional check": "checks extract files it is given against a key; reads nothing held",
}


def _council_commands() -> set[str]:
    """Every command (as its words) with a council option."""
    found: set[str] = set()

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])
        if any(action.dest in OPTIONS and action.option_strings for action in parser._actions):
            found.add(" ".join(path))

    walk(build_parser(), [])
    return found


def _text(path: Path) -> str:
    """A file's text; an Excel workbook's every cell."""
    if path.suffix != ".xlsx":
        return path.read_text(encoding="utf-8")
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return "\n".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    )


def test_the_registry_names_every_command_that_takes_a_council():
    commands = _council_commands()
    assert not sorted(commands - set(COMMANDS)), "commands that take a council with no isolation entry here"
    assert not sorted(set(COMMANDS) - commands), "entries for commands that no longer take a council"


def test_a_command_for_one_council_shows_nothing_of_the_other(
    councils: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["regional", "key", "new", "--output", str(tmp_path / "k.key")]) == 0
    other = m.Council.objects.get(la_code=COUNCIL)
    signs = [other.name, *m.Person.objects.filter(council=other).exclude(swe_no=None).values_list("swe_no", flat=True)]
    assert len(signs) > 10
    code = re.compile(rf"(?<![\w.]){COUNCIL}(?![\w.])")  # not inside a number or a hex pseudonym
    seen, ran = [], 0
    for name, how in COMMANDS.items():
        if isinstance(how, str):
            continue
        capsys.readouterr()
        for path in tmp_path.iterdir():
            if path.name != "k.key":
                path.unlink()
        status = main([arg.replace("{out}", str(tmp_path)) for arg in how])
        out = capsys.readouterr()
        if name == "tables":
            assert status == 1 and "No table: " in out.err, out.err
        else:
            assert status == 0, (name, out.err[-500:])
        ran += 1
        written = [_text(p) for p in tmp_path.iterdir() if p.name != "k.key"]
        if "{out}" in " ".join(how) and name not in ("regional extract", "tables"):
            assert written and all(written), f"{name} wrote nothing"
        text = "\n".join([out.out, out.err, *written])
        found = [s for s in signs if s in text] + code.findall(text)
        if found:
            seen.append(f"{name}: {found[:3]}")
    assert ran >= 14
    assert not seen, "commands for one council showed the other: " + "; ".join(seen)
