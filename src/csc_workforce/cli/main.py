"""The ``csc-workforce`` command. Each subcommand parses its arguments, calls one library function and
formats the result; see ``docs/cli.md``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from csc_workforce import __version__
from csc_workforce.cli import benchmark, census, demo, measures, serve, strategy, synthetic, users


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csc-workforce",
        description="Workforce records, DfE CSWW census returns and workforce measures for children's social care. "
        "The database is chosen by DATABASE_URL (default: csc-workforce.sqlite3 in the current folder).",
    )
    parser.add_argument("--version", action="version", version=f"csc-workforce {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    census.add_parser(commands)
    measures.add_parser(commands)
    strategy.add_parser(commands)
    benchmark.add_parser(commands)
    synthetic.add_parser(commands)
    demo.add_parser(commands)
    users.add_parser(commands)
    serve.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
