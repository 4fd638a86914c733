"""The ``csc-workforce`` command. Each subcommand parses its arguments, calls one library function and
formats the result; see ``docs/cli.md``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from csc_workforce import __version__
from csc_workforce.cli import (
    benchmark,
    census,
    db,
    demo,
    forecast,
    measures,
    records,
    regional,
    report,
    serve,
    strategy,
    synthetic,
    tables,
    tokens,
    users,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csc-workforce",
        description="Workforce records, DfE CSWW census returns and workforce measures for children's social care. "
        "The database is chosen by DATABASE_URL (default: csc-workforce.sqlite3 in the current folder).",
    )
    parser.add_argument("--version", action="version", version=f"csc-workforce {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    census.add_parser(commands)
    records.add_parser(commands)
    measures.add_parser(commands)
    strategy.add_parser(commands)
    tables.add_parser(commands)
    report.add_parser(commands)
    benchmark.add_parser(commands)
    forecast.add_parser(commands)
    synthetic.add_parser(commands)
    demo.add_parser(commands)
    users.add_parser(commands)
    tokens.add_parser(commands)
    serve.add_parser(commands)
    db.add_parser(commands)
    regional.add_parser(commands)
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
            args = build_parser().parse_args(argv)
            return int(args.handler(args))
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE_CLOSED


if __name__ == "__main__":
    sys.exit(main())
