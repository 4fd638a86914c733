"""The ``csc-workforce`` command. Each subcommand parses its arguments, calls one library function and
formats the result; see ``docs/cli.md``.

Start-up is kept short (``perf/startup.py``: ``--version`` and a one-return ``census validate`` in under 0.1 s),
so each command follows one rule. A command is a module here, named in :data:`COMMANDS`, with an
``add_parser(commands)``; ``main`` imports only the module of the command being run (every module only for
``--help``, ``--version`` or a mistyped command, and for ``docs/cli.md``). A module's top level, and its
``add_parser``, use only the standard library and light modules (``census/csww_years.py``,
``domain/extracts.py``, ``cli/output.py``, ...); anything heavy (Polars, numpy, Django, lxml, matplotlib,
openpyxl, weasyprint, python-docx, PyYAML, the store, and the packages that load them) is imported inside the
handler that needs it. Choices and names a help text lists come from light modules, never a second copy of them.
``tests/cli/test_startup.py`` checks that building the whole parser loads none of those packages.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from csc_workforce import __version__

COMMANDS = (
    "census",
    "records",
    "measures",
    "strategy",
    "tables",
    "report",
    "benchmark",
    "forecast",
    "synthetic",
    "demo",
    "users",
    "tokens",
    "serve",
    "db",
    "regional",
)
"""The commands, in the order the help lists them: each is ``csc_workforce.cli.<name>``, whose ``add_parser``
adds the command of that name."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or with ``command`` (one of :data:`COMMANDS`) of that command only: what
    ``main`` builds when the command line begins with it, importing no other command's module."""
    parser = argparse.ArgumentParser(
        prog="csc-workforce",
        description="Workforce records, DfE CSWW census returns and workforce measures for children's social care. "
        "The database is chosen by DATABASE_URL (default: csc-workforce.sqlite3 in the current folder).",
    )
    parser.add_argument("--version", action="version", version=f"csc-workforce {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS if command is None else (command,):
        importlib.import_module(f"csc_workforce.cli.{name}").add_parser(commands)
    return parser


# The exit status of a command whose reader stopped reading (``| head``), as a shell reports one stopped by SIGPIPE.
EXIT_PIPE_CLOSED = 128 + 13


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Output piped to a reader that stops early (``csc-workforce ... | head -1``) ends the
    command quietly, as Python's documentation on SIGPIPE advises: stdout is flushed inside the ``try`` so the
    ``BrokenPipeError`` is raised here, then pointed at ``/dev/null`` so that the flush at exit cannot raise it
    again."""
    try:
        try:
            arguments = sys.argv[1:] if argv is None else list(argv)
            named = arguments[0] if arguments and arguments[0] in COMMANDS else None
            args = build_parser(named).parse_args(arguments)
            return int(args.handler(args))
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE_CLOSED


if __name__ == "__main__":
    sys.exit(main())
