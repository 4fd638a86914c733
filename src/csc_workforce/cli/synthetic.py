"""``csc-workforce synthetic returns``: write census returns for a realistic made-up council."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from csc_workforce.census.csww_years import first_supported_year, last_supported_year, supported_span


def _years(text: str) -> list[int]:
    first, _, last = text.partition("-")
    years = list(range(int(first), int(last or first) + 1))
    if not years or years[0] < first_supported_year() or years[-1] > last_supported_year():
        raise argparse.ArgumentTypeError(
            f"years must be within {supported_span()}, for example {supported_span()} or 2023"
        )
    return years


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    synthetic = commands.add_parser("synthetic", help="made-up councils for demonstrations, tests and benchmarks")
    sub = synthetic.add_subparsers(dest="synthetic_command", required=True)
    returns = sub.add_parser(
        "returns",
        help="write a synthetic council's census returns, one file per year",
        description="Write a synthetic council's census returns, one file per year.",
    )
    returns.add_argument("--output", type=Path, required=True, help="folder to write the XML files into")
    returns.add_argument("--la", default="990", help="3-digit LA code to put in the files (default 990)")
    returns.add_argument("--name", default="Northgate (synthetic)", help="council name")
    returns.add_argument(
        "--years", type=_years, default=_years(supported_span()), help=f"for example {supported_span()}"
    )
    returns.add_argument("--seed", type=int, default=2025, help="same seed, same council")
    returns.add_argument("--size", type=int, default=280, help="approximate in-post FTE")
    returns.set_defaults(handler=returns_command)


def returns_command(args: argparse.Namespace) -> int:
    from csc_workforce.synthetic.returns import write_returns

    paths = write_returns(
        args.output,
        la_code=args.la,
        name=args.name,
        years=args.years,
        seed=args.seed,
        size=args.size,
        generated_at=datetime(args.years[-1], 10, 15, 9, 0, 0),
    )
    for path in paths:
        print(path)
    return 0
