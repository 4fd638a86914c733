"""Find a Chromium for the browser tests, and install one where none is found.

``make test`` runs this before pytest (``.venv/bin/python scripts/ensure_chromium.py``); the browser tests'
``tests/browser/conftest.py`` calls the same :func:`find_chromium`, so both agree on which Chromium is used.

Looked for, in this order (the first that is an executable file wins):

1. ``CSC_WORKFORCE_CHROMIUM``: when set, only that file (a wrong path is reported, never silently replaced);
2. Debian's ``/usr/bin/chromium``;
3. ``chromium`` or ``chromium-browser`` on ``PATH``;
4. Playwright's own Chromium (``playwright install chromium``), under ``PLAYWRIGHT_BROWSERS_PATH`` or the
   user's cache folder (``~/.cache/ms-playwright`` on Linux), the newest revision.

Where none is found it installs one: ``playwright install chromium`` first (it fails within seconds where it
cannot download, and is stopped after ``DOWNLOAD_TIMEOUT`` seconds in any case), then, when the user is root and
has ``apt-get``, Debian's ``chromium`` package. Otherwise it prints one line saying which command to run and exits
with status 1, so ``make test`` stops rather than skipping the browser tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV = "CSC_WORKFORCE_CHROMIUM"
DEBIAN = Path("/usr/bin/chromium")
ON_PATH = ("chromium", "chromium-browser")
DOWNLOAD_TIMEOUT = 300.0  # seconds for `playwright install chromium`; without internet it fails in about 5
APT_TIMEOUT = 1200.0  # seconds for each apt-get command

Runner = Callable[..., Any]  # subprocess.run, or a stand-in in the tests


def is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def playwright_browsers(environ: Mapping[str, str], home: Path) -> Path:
    """The folder ``playwright install`` puts browsers in (Playwright's own rule)."""
    configured = environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured == "0":  # Playwright's "inside the package" setting
        import playwright

        return Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers"
    if configured:
        return Path(configured)
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "ms-playwright"
    return Path(environ.get("XDG_CACHE_HOME") or home / ".cache") / "ms-playwright"


def playwright_chromium(browsers: Path) -> Path | None:
    """The executable of the newest ``chromium-<revision>`` Playwright installed in ``browsers``, if any."""
    found: list[tuple[int, Path]] = []
    for pattern in ("chromium-*/chrome-linux*/chrome", "chromium-*/chrome-mac*/*.app/Contents/MacOS/*"):
        for path in browsers.glob(pattern):
            revision = path.relative_to(browsers).parts[0].removeprefix("chromium-")
            if revision.isdigit() and is_executable(path):
                found.append((int(revision), path))
    return max(found)[1] if found else None


def find_chromium(
    environ: Mapping[str, str] | None = None, *, debian: Path = DEBIAN, home: Path | None = None
) -> Path | None:
    """The Chromium the browser tests use, or None where there is none (see the module's docstring)."""
    environ = os.environ if environ is None else environ
    configured = environ.get(ENV)
    if configured:
        return Path(configured) if is_executable(Path(configured)) else None
    if is_executable(debian):
        return debian
    for name in ON_PATH:
        if found := shutil.which(name, path=environ.get("PATH", "")):
            return Path(found)
    return playwright_chromium(playwright_browsers(environ, Path.home() if home is None else home))


@dataclass(frozen=True)
class Install:
    """One way of installing Chromium: commands run in turn, each stopped after ``timeout`` seconds."""

    description: str
    commands: tuple[tuple[str, ...], ...]
    timeout: float


def installs(*, python: str, is_root: bool, has_apt: bool) -> list[Install]:
    """The ways to try, in order: Playwright's download, then (as root, with apt-get) Debian's package."""
    plans = [Install("Playwright's Chromium", ((python, "-m", "playwright", "install", "chromium"),), DOWNLOAD_TIMEOUT)]
    if is_root and has_apt:
        apt = (("apt-get", "update", "-qq"), ("apt-get", "install", "-y", "-qq", "chromium"))
        plans.append(Install("Debian's chromium package", apt, APT_TIMEOUT))
    return plans


def run_install(install: Install, environ: Mapping[str, str], run: Runner = subprocess.run) -> bool:
    """True when every command of ``install`` exited 0 within its time; a time-out or failure is False."""
    env = {**environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in install.commands:
        try:
            done = run(list(command), timeout=install.timeout, env=env, stdin=subprocess.DEVNULL, check=False)
        except (subprocess.TimeoutExpired, OSError):
            return False
        if done.returncode != 0:
            return False
    return True


def ensure_chromium(
    environ: Mapping[str, str],
    plans: Sequence[Install],
    *,
    find: Callable[[Mapping[str, str]], Path | None] = find_chromium,
    run: Runner = subprocess.run,
    say: Callable[[str], None] = print,
) -> Path | None:
    """Find Chromium; where there is none, try each install in turn until one gives a Chromium that is found.
    A ``CSC_WORKFORCE_CHROMIUM`` that names no executable is the user's choice: nothing is installed over it."""
    found = find(environ)
    if found is not None or environ.get(ENV):
        return found
    for plan in plans:
        say(f"No Chromium found for the browser tests: installing {plan.description}")
        if run_install(plan, environ, run) and (found := find(environ)) is not None:
            return found
        say(f"{plan.description} could not be installed")
    return None


def missing_message(environ: Mapping[str, str], *, is_root: bool, has_apt: bool) -> str:
    """One line saying what to run when no Chromium could be found or installed."""
    if environ.get(ENV):
        return f"{ENV}={environ[ENV]} is not an executable file: point it at a Chromium, or unset it"
    if has_apt:
        command = "apt-get install chromium" if is_root else "sudo apt-get install chromium"
    else:
        command = ".venv/bin/playwright install chromium"
    return f"No Chromium for the browser tests: run `{command}`, then `make test` again"


def not_found_in_tests(environ: Mapping[str, str]) -> str:
    """The one line the browser tests fail with when run without ``make test`` and no Chromium is found."""
    if environ.get(ENV):
        return f"{ENV}={environ[ENV]} is not an executable file: point it at a Chromium, or unset it"
    return "No Chromium for the browser tests: run `.venv/bin/python scripts/ensure_chromium.py` (make test runs it)"


def main() -> int:
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    has_apt = shutil.which("apt-get") is not None
    plans = installs(python=sys.executable, is_root=is_root, has_apt=has_apt)
    found = ensure_chromium(os.environ, plans)
    if found is None:
        print(missing_message(os.environ, is_root=is_root, has_apt=has_apt), file=sys.stderr)
        return 1
    print(f"Chromium for the browser tests: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
