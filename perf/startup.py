"""Start-up speed of the command line (issue 15): how long a short command takes from the shell's point of view.

Each command is run ``--runs`` times as a fresh process (the commands in turn, so that a busy moment on the
machine falls on all of them alike) and its wall time is taken around ``subprocess.run``; the median and the
fastest run are printed. Measured:

  python -c pass                    the floor: Python's own start-up
  lxml parse + schema validate      the floor for a validation: Python, lxml, the year's XSD compiled, the file
                                    parsed safely and checked against it (nothing of csc_workforce)
  read_census alone                 what census validate does, without the command line: the census reader's
                                    imports and one read of the file (the command line's own cost is the rest)
  csc-workforce --version           the target: under 0.1 s
  csc-workforce census validate F   the target: under 0.1 s, for one synthetic council's 2025 return (about 280
                                    FTE, written first by ``csc-workforce synthetic returns``)
  csc-workforce --help              building every command's options, for comparison

Then each csc-workforce command is run once more under ``python -X importtime``, and the top importers (by time
spent in each top-level package's own modules, csc_workforce split by subpackage) are printed: where the start-up
goes. ``-X importtime`` itself slows imports, so those figures are larger than the wall times' share.

The command run is the installed ``csc-workforce`` script beside the Python running this (the one users run),
with this checkout's ``src`` first on ``PYTHONPATH``, so the code measured is this checkout's.
Usage: python perf/startup.py [--runs 21] [--top 8]
Results are recorded in RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
XSD_2025 = SRC / "csc_workforce" / "census" / "csww" / "schemas" / "csww_schema_2025.xsd"

FLOOR_VALIDATE = """
import sys
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
schema = etree.XMLSchema(etree.parse(sys.argv[1], parser))
ok = schema.validate(etree.parse(sys.argv[2], parser))
print("valid" if ok else f"invalid: {schema.error_log.last_error}")
"""

# What ``census validate`` does without the command line: the reader's imports and one read, nothing printed.
READER_ONLY = """
import sys
from pathlib import Path
from csc_workforce.census.csww.reader import read_census
read_census(Path(sys.argv[1]).read_bytes(), name=Path(sys.argv[1]).name)
"""

# The console script's own lines, for a Python with no installed script beside it.
SCRIPT = "import re, sys; from csc_workforce.cli.main import main; sys.exit(main())"

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$")


def command_prefix() -> list[str]:
    """How to run ``csc-workforce``: the installed script if there is one beside this Python, else its lines."""
    script = Path(sys.executable).parent / "csc-workforce"
    return [str(script)] if script.exists() else ["-c", SCRIPT]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE"}}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def run(argv: list[str], env: dict[str, str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, *argv], env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout[-400:]}\n{done.stderr[-1000:]}")
    return done


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def import_times(argv: list[str], env: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Microseconds of all imports (the top-level ones' cumulative times), and each package's own time."""
    done = run(["-X", "importtime", *argv], env, check=False)
    total = 0
    own: dict[str, int] = defaultdict(int)
    for line in done.stderr.splitlines():
        found = _IMPORT_LINE.match(line)
        if not found:
            continue
        self_us, cumulative_us, indent, name = int(found[1]), int(found[2]), found[3], found[4]
        if not indent:
            total += cumulative_us
        parts = name.split(".")
        own[".".join(parts[:2]) if parts[0] == "csc_workforce" and len(parts) > 1 else parts[0]] += self_us
    return total, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (the median is reported)")
    parser.add_argument("--top", type=int, default=8, help="packages listed from -X importtime")
    args = parser.parse_args()

    env = environment()
    cli = command_prefix()
    with tempfile.TemporaryDirectory(prefix="csc-startup-") as folder:
        run([*cli, "synthetic", "returns", "--output", folder, "--la", "990", "--years", "2025"], env)
        (xml,) = Path(folder).glob("*.xml")
        checked = run([*cli, "census", "validate", str(xml)], env, check=False)
        if checked.returncode not in (0, 1):
            raise SystemExit(f"census validate failed: {checked.stderr[-1000:]}")
        floor = run(["-c", FLOOR_VALIDATE, str(XSD_2025), str(xml)], env)
        cases = {
            "python -c pass (floor)": ["-c", "pass"],
            "lxml parse + schema validate (floor)": ["-c", FLOOR_VALIDATE, str(XSD_2025), str(xml)],
            "read_census alone (no command line)": ["-c", READER_ONLY, str(xml)],
            "csc-workforce --version": [*cli, "--version"],
            "csc-workforce census validate FILE": [*cli, "census", "validate", str(xml)],
            "csc-workforce --help": [*cli, "--help"],
        }
        print(
            f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores; {args.runs} runs each"
        )
        print(f"csc-workforce is run as: {' '.join([sys.executable, *cli])}")
        print(f"return: {xml.name}, {xml.stat().st_size:,} bytes; census validate: {checked.stdout.splitlines()[0]}")
        print(f"floor check: {floor.stdout.strip()}")
        for argv in cases.values():  # once each first: bytecode written, files in the page cache
            timed(argv, env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, argv in cases.items():
                times[name].append(timed(argv, env))
        print()
        print(f"{'command':40} {'median s':>9} {'fastest s':>9}")
        for name, seconds in times.items():
            print(f"{name:40} {statistics.median(seconds):>9.3f} {min(seconds):>9.3f}")
        for name, argv in cases.items():
            if not name.startswith("csc-workforce"):
                continue
            total, own = import_times(argv, env)
            top = sorted(own.items(), key=lambda item: -item[1])[: args.top]
            print()
            print(f"{name}: imports {total / 1000:.0f} ms under -X importtime; most of it in")
            for package, microseconds in top:
                print(f"  {package:40} {microseconds / 1000:>7.1f} ms")


if __name__ == "__main__":
    main()
