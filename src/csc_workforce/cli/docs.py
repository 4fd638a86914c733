"""``docs/cli.md`` is generated from the argument parser, so the reference cannot drift from the code.
Regenerate with ``python -m csc_workforce.cli.docs > docs/cli.md``; a test checks it is up to date."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator

from csc_workforce.cli.main import build_parser

PREAMBLE = """# Command-line reference

`csc-workforce` is installed in the project's virtual environment by `make demo` or `make test`
(`.venv/bin/csc-workforce`). Every command that touches the database uses `DATABASE_URL` (default: the
SQLite file `csc-workforce.sqlite3` in the current folder, created and migrated on first use); see
[configuration.md](configuration.md).

Exit codes: `0` success; `1` the command ran but found a problem (a return with errors, a rejected file, an
unknown council); `2` the command line itself was wrong; `141` the output's reader stopped reading before the
command had written it all (as in `csc-workforce census validate return.xml | head -1`): the command stops
quietly, with no traceback.

`--format` means the same everywhere: `text` (the default) for people, a table or lines; `json` for scripts;
`csv` for spreadsheets, where a command's output is rows. Each command lists the ones it offers. `table`, the old
name for `text`, is still accepted. In `csv`, text a spreadsheet could run as a formula (beginning `=`, `+`, `-`,
`@`, ...) has a single quote put in front of it; numbers are printed as they are (docs/security.md, Exports).

Output contracts that other tools rely on (kept stable):

- `census validate --format json` prints one object: `file`, `collection_year`, `la_code`, `errors`,
  `warnings`, `issues` (each with `code`, `severity`, `message`, `line`, `path`, `value`).
- `census import --format json` prints a list with one object per file: `file`, `collection_year`, `la_code`,
  `accepted`, `replaced`, `workers`, `errors`, `warnings`, `issues`.
- `measures --format json` prints a list with one object per council (and a total row, `geographic_level`
  "Total", when there are several), keyed `time_period`, `geographic_level`, `old_la_code`, `la_name` and the
  DfE measure names in [measures.md](measures.md), then `basis` (`returned`: the census return for the year
  alone, as DfE publishes it; `records`: the records timeline; `mixed` on a total row over both); `--format
  csv` has the same columns. Figures the data does not reach (a date after the one a council's data is
  complete to) are refused with exit 1 and a message naming that date; a council not named with `--la` whose
  data stops short is left out, with a note on standard error.
"""


def _leaves(parser: argparse.ArgumentParser, prefix: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    own = [a for a in parser._actions if not isinstance(a, (argparse._SubParsersAction, argparse._HelpAction))]
    if not subs or (own and prefix != "csc-workforce"):  # a command with options of its own and subcommands
        yield prefix, parser
    if not subs:
        return
    for name, child in subs[0].choices.items():
        yield from _leaves(child, f"{prefix} {name}")


def render_cli_markdown() -> str:
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        sections = [PREAMBLE]
        for name, parser in _leaves(build_parser(), "csc-workforce"):
            sections.append(f"## `{name}`\n\n```text\n{parser.format_help().rstrip()}\n```\n")
        return "\n".join(sections)
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


if __name__ == "__main__":
    print(render_cli_markdown(), end="")
