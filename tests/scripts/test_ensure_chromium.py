"""Finding a Chromium for the browser tests, and installing one where none is found (scripts/ensure_chromium.py).

Every test builds its own fake machine in a temporary folder (a PATH, a home, Playwright's browsers folder) and
passes stand-ins for the installers, so nothing is installed and the real machine's Chromium is never looked at.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scripts.ensure_chromium import (
    APT_TIMEOUT,
    DOWNLOAD_TIMEOUT,
    ENV,
    ensure_chromium,
    find_chromium,
    installs,
    missing_message,
    not_found_in_tests,
)

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "ensure_chromium.py"


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path: Path) -> dict[str, Any]:
    """A machine with nothing installed: an empty PATH folder, an empty home and no Debian Chromium."""
    (tmp_path / "bin").mkdir()
    (tmp_path / "home").mkdir()
    return {
        "environ": {"PATH": str(tmp_path / "bin")},
        "debian": tmp_path / "usr-bin-chromium",
        "home": tmp_path / "home",
        "root": tmp_path,
    }


def find(machine: dict[str, Any]) -> Path | None:
    return find_chromium(machine["environ"], debian=machine["debian"], home=machine["home"])


def test_nothing_installed_finds_nothing(machine):
    assert find(machine) is None


def test_debians_chromium_comes_first(machine):
    executable(machine["root"] / "bin" / "chromium")
    debian = executable(machine["debian"])
    assert find(machine) == debian


def test_chromium_on_path_is_found(machine):
    on_path = executable(machine["root"] / "bin" / "chromium")
    assert find(machine) == on_path


def test_chromium_browser_on_path_is_found(machine):
    on_path = executable(machine["root"] / "bin" / "chromium-browser")
    assert find(machine) == on_path


def test_a_file_that_is_not_executable_is_not_taken(machine):
    (machine["root"] / "bin" / "chromium").write_text("not a program")
    machine["debian"].write_text("not a program")
    assert find(machine) is None


def test_playwrights_own_chromium_in_the_cache_folder_is_found(machine):
    if sys.platform == "darwin":
        pytest.skip("Playwright's cache folder on macOS is ~/Library/Caches")
    chrome = executable(machine["home"] / ".cache" / "ms-playwright" / "chromium-1255" / "chrome-linux64" / "chrome")
    assert find(machine) == chrome


def test_playwrights_newest_revision_wins_under_playwright_browsers_path(machine):
    browsers = machine["root"] / "browsers"
    executable(browsers / "chromium-999" / "chrome-linux" / "chrome")
    newest = executable(browsers / "chromium-1255" / "chrome-linux64" / "chrome")
    executable(browsers / "chromium_headless_shell-2000" / "chrome-linux" / "chrome")  # not a chromium-<rev>
    machine["environ"]["PLAYWRIGHT_BROWSERS_PATH"] = str(browsers)
    assert find(machine) == newest


def test_the_environment_variable_wins_over_everything(machine):
    executable(machine["debian"])
    chosen = executable(machine["root"] / "elsewhere" / "my-chromium")
    machine["environ"][ENV] = str(chosen)
    assert find(machine) == chosen


def test_a_wrong_environment_variable_is_not_replaced_by_another_chromium(machine):
    executable(machine["debian"])
    machine["environ"][ENV] = str(machine["root"] / "missing")
    assert find(machine) is None


class Installer:
    """A stand-in for subprocess.run: records each command, answers with the given exit codes (or raises a
    time-out), and "installs" Chromium at ``creates`` when told which command does so."""

    def __init__(self, answers: dict[str, int | Exception], creates: tuple[str, Path] | None = None) -> None:
        self.answers, self.creates = answers, creates
        self.commands: list[str] = []
        self.timeouts: list[float] = []
        self.envs: list[dict[str, str]] = []

    def __call__(
        self, command: list[str], *, timeout: float, env: dict[str, str], **_: Any
    ) -> subprocess.CompletedProcess[str]:
        words = " ".join(command)
        self.commands.append(words)
        self.timeouts.append(timeout)
        self.envs.append(env)
        answer = next((a for key, a in self.answers.items() if key in words), 0)
        if isinstance(answer, Exception):
            raise answer
        if self.creates and self.creates[0] in words and answer == 0:
            executable(self.creates[1])
        return subprocess.CompletedProcess(command, answer)


def ensure(machine: dict[str, Any], run: Installer, *, is_root: bool = True, has_apt: bool = True) -> Path | None:
    plans = installs(python="python", is_root=is_root, has_apt=has_apt)
    return ensure_chromium(machine["environ"], plans, find=lambda env: find(machine), run=run, say=lambda _: None)


def test_a_chromium_already_there_installs_nothing(machine):
    chromium = executable(machine["root"] / "bin" / "chromium")
    run = Installer({})
    assert ensure(machine, run) == chromium
    assert run.commands == []


def test_playwright_is_tried_first_and_its_chromium_used(machine):
    if sys.platform == "darwin":
        pytest.skip("Playwright's cache folder on macOS is ~/Library/Caches")
    chrome = machine["home"] / ".cache" / "ms-playwright" / "chromium-1255" / "chrome-linux64" / "chrome"
    run = Installer({}, creates=("playwright install", chrome))
    assert ensure(machine, run) == chrome
    assert run.commands == ["python -m playwright install chromium"]
    assert run.timeouts == [DOWNLOAD_TIMEOUT]
    assert run.envs[0]["PATH"] == machine["environ"]["PATH"]  # the installer sees the same environment


def test_a_failed_download_falls_through_to_debians_package_as_root(machine):
    run = Installer({"playwright": 1}, creates=("apt-get install", machine["debian"]))
    assert ensure(machine, run) == machine["debian"]
    assert run.commands == [
        "python -m playwright install chromium",
        "apt-get update -qq",
        "apt-get install -y -qq chromium",
    ]
    assert run.timeouts == [DOWNLOAD_TIMEOUT, APT_TIMEOUT, APT_TIMEOUT]
    assert all(env["DEBIAN_FRONTEND"] == "noninteractive" for env in run.envs)  # apt-get asks nothing


def test_a_download_that_times_out_falls_through_to_debians_package(machine):
    timed_out = subprocess.TimeoutExpired("playwright", DOWNLOAD_TIMEOUT)
    run = Installer({"playwright": timed_out}, creates=("apt-get install", machine["debian"]))
    assert ensure(machine, run) == machine["debian"]
    assert len(run.commands) == 3


def test_an_install_that_succeeds_but_leaves_no_chromium_is_not_trusted(machine):
    run = Installer({})  # every command "succeeds", nothing appears
    assert ensure(machine, run) is None
    assert len(run.commands) == 3


def test_without_root_apt_is_not_tried(machine):
    run = Installer({"playwright": 1})
    assert ensure(machine, run, is_root=False) is None
    assert run.commands == ["python -m playwright install chromium"]


def test_without_apt_get_apt_is_not_tried(machine):
    run = Installer({"playwright": 1})
    assert ensure(machine, run, has_apt=False) is None
    assert run.commands == ["python -m playwright install chromium"]


def test_a_wrong_environment_variable_installs_nothing(machine):
    machine["environ"][ENV] = str(machine["root"] / "missing")
    run = Installer({})
    assert ensure(machine, run) is None
    assert run.commands == []


@pytest.mark.parametrize(
    ("is_root", "has_apt", "command"),
    [
        (False, True, "`sudo apt-get install chromium`"),
        (True, True, "`apt-get install chromium`"),
        (False, False, "`.venv/bin/playwright install chromium`"),
    ],
)
def test_the_message_is_one_line_naming_the_command_to_run(is_root, has_apt, command):
    message = missing_message({}, is_root=is_root, has_apt=has_apt)
    assert message == f"No Chromium for the browser tests: run {command}, then `make test` again"


def test_the_browser_tests_say_to_run_this_script():
    assert not_found_in_tests({}) == (
        "No Chromium for the browser tests: run `.venv/bin/python scripts/ensure_chromium.py` (make test runs it)"
    )


def test_the_script_stops_with_one_line_and_status_1(tmp_path: Path):
    missing = tmp_path / "no-such-chromium"
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env={ENV: str(missing), "PATH": ""}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stderr == f"{ENV}={missing} is not an executable file: point it at a Chromium, or unset it\n"
    assert done.stdout == ""


def test_the_script_prints_the_chromium_it_found(tmp_path: Path):
    chromium = executable(tmp_path / "chromium")
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env={ENV: str(chromium), "PATH": ""}, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, f"Chromium for the browser tests: {chromium}\n")


def test_make_test_runs_the_script_before_pytest():
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("scripts/ensure_chromium.py") < recipe.index("pytest")
