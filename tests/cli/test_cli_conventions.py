"""What every command does the same way: output piped to a reader that stops early ends quietly, and ``--format``
takes its values from one vocabulary (``text``, ``json``, ``csv``; ``table`` still accepted for ``text``)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from csc_workforce.cli.main import EXIT_PIPE_CLOSED, build_parser
from csc_workforce.cli.output import DOCUMENTS, FORMATS, add_format_argument, format_name
from tests.conftest import EXTERNAL

BAD = EXTERNAL / "liia-tools_samples_csww_BAD_social_work_workforce_2021.xml"


def run_into_closed_pipe(*args: str, tmp_path: Path, buffered: bool) -> subprocess.CompletedProcess[str]:
    """Run a command whose stdout is a pipe nobody reads: the read end is closed before the command starts,
    so its first write fails, as it does for ``| head -1`` once head has its line and has gone. ``buffered``
    False is Python with ``PYTHONUNBUFFERED`` set, where each write reaches the pipe at once."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "csc_workforce", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args",
    [("census", "validate", str(BAD)), ("census", "validate", str(BAD), "--format", "json")],
    ids=["validate-text", "validate-json"],
)
def test_a_closed_pipe_ends_the_command_quietly(args: tuple[str, ...], buffered: bool, tmp_path: Path):
    done = run_into_closed_pipe(*args, tmp_path=tmp_path, buffered=buffered)
    assert (done.returncode, done.stderr) == (EXIT_PIPE_CLOSED, "")
    assert EXIT_PIPE_CLOSED == 141  # 128 + SIGPIPE, what a shell reports for a command stopped by the pipe


@pytest.mark.parametrize(("buffered", "status"), [(True, EXIT_PIPE_CLOSED), (False, 0)])
def test_help_into_a_closed_pipe_ends_quietly(buffered: bool, status: int, tmp_path: Path):
    """argparse ignores a failed write itself (unbuffered, the help is written and fails inside argparse); the
    buffered help fails when it is flushed, in ``main``."""
    done = run_into_closed_pipe("--help", tmp_path=tmp_path, buffered=buffered)
    assert (done.returncode, done.stderr) == (status, "")


def format_options(
    parser: argparse.ArgumentParser, name: str = "csc-workforce"
) -> Iterator[tuple[str, argparse.Action]]:
    """Every command's ``--format`` option, with the command's name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child_name, child in action.choices.items():
                yield from format_options(child, f"{name} {child_name}")
        elif "--format" in action.option_strings:
            yield name, action


def test_every_format_option_uses_the_one_vocabulary():
    options = dict(format_options(build_parser()))
    assert {"csc-workforce measures", "csc-workforce census validate", "csc-workforce strategy list"} <= set(options)
    for command, action in options.items():
        if action.choices == DOCUMENTS:  # a document written to --output (a report): its format, required
            assert action.required and action.default is None, command
            continue
        assert action.default == "text", command
        assert action.type is format_name, command  # so "table" is accepted
        choices = list(action.choices or ())
        assert choices[0] == "text" and choices == [f for f in FORMATS if f in choices], (command, choices)


def parser_with(*formats: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="x")
    add_format_argument(parser, formats) if formats else add_format_argument(parser)
    return parser


def test_table_is_accepted_as_text_and_the_default_is_text():
    assert parser_with().parse_args(["--format", "table"]).format == "text"
    assert parser_with().parse_args([]).format == "text"
    assert parser_with("text", "json", "csv").parse_args(["--format", "csv"]).format == "csv"


def test_a_format_the_command_does_not_offer_is_refused(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as stopped:
        parser_with().parse_args(["--format", "csv"])
    assert stopped.value.code == 2
    assert "invalid choice: 'csv' (choose from 'text', 'json')" in capsys.readouterr().err


def test_a_command_cannot_declare_a_format_outside_the_vocabulary():
    with pytest.raises(ValueError, match="--format takes text"):
        parser_with("table", "json")
    with pytest.raises(ValueError, match="--format takes text"):
        parser_with("json")


def test_the_old_table_spelling_still_works_end_to_end(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run = [sys.executable, "-m", "csc_workforce", "strategy", "list"]
    old = subprocess.run([*run, "--format", "table"], capture_output=True, text=True, env=env, timeout=120)
    new = subprocess.run([*run, "--format", "text"], capture_output=True, text=True, env=env, timeout=120)
    assert old.returncode == new.returncode == 0, old.stderr
    assert old.stdout == new.stdout and "dudley-2021-23" in new.stdout
    as_json = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, env=env, timeout=120)
    assert len(json.loads(as_json.stdout)) == 5
