"""``csc-workforce strategy list|evaluate``: workforce strategies' targets judged against measure values.

Values come from DfE's published figures (:class:`PublishedValues`) unless :data:`VALUES_HOOK` supplies
another provider (the database's own figures, wired in later)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from csc_workforce.cli.output import add_format_argument, print_json
from csc_workforce.strategies import (
    Evaluation,
    MeasureResult,
    MeasureValues,
    PublishedComparators,
    PublishedValues,
    Strategy,
    StrategyError,
    evaluate,
    load_seed,
    load_strategy,
    seed_ids,
    seed_strategies,
)
from csc_workforce.strategies.model import Council


def _held_values(args: argparse.Namespace) -> MeasureValues | None:
    """The council's own records when the database holds it (``--figures held``, the default)."""
    if getattr(args, "figures", "published") != "held":
        return None
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store.services.strategies import HeldValues

    return HeldValues()


# A function returning a MeasureValues provider (or None to fall back to published figures).
VALUES_HOOK: Callable[[argparse.Namespace], MeasureValues | None] | None = _held_values


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    strategy = commands.add_parser(
        "strategy",
        help="workforce strategies' targets: list them, see how they are going",
        description="Workforce strategies' targets (YAML; see docs/strategies.md): list the shipped seed "
        "strategies and evaluate one against measure values.",
    )
    sub = strategy.add_subparsers(dest="strategy_command", required=True)
    listing = sub.add_parser(
        "list",
        help="the seed strategies with their councils, periods and measures",
        description="The seed strategies: id, title, council, period, number of measures and how many need data "
        "that DfE's published figures do not hold.",
    )
    add_format_argument(listing)
    listing.set_defaults(handler=list_command)

    ev = sub.add_parser(
        "evaluate",
        help="how a strategy is going: value, RAG, trend and trajectory for each measure",
        description="Judge each measure of a strategy against its target, once: the figure judged (the latest, or "
        "once the deadline has passed the last one on or before it), RAG status, trend, trajectory to the deadline, "
        "a sentence and the comparators the strategy names (England, region, statistical neighbours, DfE's "
        "published figures). Values are the council's own records when the database holds it, otherwise DfE's "
        "published figures, by census year.",
    )
    ev.add_argument("strategy", metavar="NAME_OR_FILE", help="a seed strategy id (see 'strategy list') or a YAML file")
    ev.add_argument("--la", metavar="CODE", help="judge the targets for another council (DfE 3-digit code)")
    ev.add_argument(
        "--as-at",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="judge as at this date, using figures up to it (default today)",
    )
    ev.add_argument(
        "--figures",
        choices=["held", "published"],
        default="held",
        help="held: the council's own records when the database holds it, else DfE's published figures "
        "(default); published: DfE's published figures only",
    )
    add_format_argument(ev)
    ev.set_defaults(handler=evaluate_command)


def _values(args: argparse.Namespace) -> MeasureValues:
    hooked = VALUES_HOOK(args) if VALUES_HOOK is not None else None
    return hooked if hooked is not None else PublishedValues()


def list_command(args: argparse.Namespace) -> int:
    values = _values(args)
    rows = [_list_row(s, values) for s in seed_strategies()]
    if args.format == "json":
        print_json(rows)
        return 0
    _print_rows(rows, ["id", "council", "la_code", "period", "measures", "needs_data", "title"])
    return 0


def _list_row(s: Strategy, values: MeasureValues) -> dict[str, object]:
    needs = sum(values.series(m.measure, s.council.la_code) is None for _, m in s.measures)
    return {
        "id": s.id,
        "title": s.title,
        "council": s.council.name,
        "la_code": s.council.la_code,
        "period": f"{s.period.start.isoformat()} to {s.period.end.isoformat()}",
        "measures": len(s.measures),
        "needs_data": needs,
    }


def _load(name: str) -> Strategy:
    if name in seed_ids():
        return load_seed(name)
    path = Path(name)
    if not path.exists():
        raise LookupError(f'no seed strategy or file "{name}"; the seeds are: {", ".join(seed_ids())}')
    return load_strategy(path)


def evaluate_command(args: argparse.Namespace) -> int:
    try:
        strategy = _load(args.strategy)
    except StrategyError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return 1
    except LookupError as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 1
    values = _values(args)
    if args.la:
        if not (args.la.isdigit() and len(args.la) == 3):
            print(f"--la must be a DfE 3-digit council code, for example 332; got {args.la!r}", file=sys.stderr)
            return 1
        namer = getattr(values, "council_name", None)
        name = namer(args.la) if callable(namer) else None
        strategy = replace(strategy, council=Council(name or args.la, args.la))
    result = evaluate(strategy, values, as_at=args.as_at or date.today(), comparators=PublishedComparators())
    if args.format == "json":
        print_json(result.as_dict())
    else:
        _print_evaluation(result)
    return 0


def _print_evaluation(result: Evaluation) -> None:
    s = result.strategy
    print(f"{s.title}")
    print(f"{s.council.name} ({s.council.la_code}), {s.period.start} to {s.period.end}; as at {result.as_at}")
    if s.warnings:
        print(f"{len(s.warnings)} warning{'s' if len(s.warnings) != 1 else ''} about the strategy file:")
        for w in s.warnings:
            print(f"  {w.location.describe()}: {w.message}")
    rows = [_evaluation_row(r) for r in result.results]
    _print_rows(rows, list(rows[0]) if rows else [])
    print()
    for r in result.results:
        if r.status.value in ("assessed", "no target"):
            print(f"- {r.sentence}")
            if r.comparison:
                print(f"  {r.comparison}")


def _evaluation_row(r: MeasureResult) -> dict[str, object]:
    """The figure judged (the one at the deadline once it has passed) and, apart, the latest."""
    d = r.as_dict()
    target = d["direction"] if d["target"] is None else f"{d['direction']} {d['target']:g}"
    latest = "-" if r.latest is None else f"{r.latest[1]:,.1f} ({r.latest[0]:%b %Y})"
    return {
        "outcome": d["outcome"],
        "measure": d["measure"],
        "judged": "-" if r.value is None else f"{r.value:,.1f}",
        "date": d["value_date"] or "-",
        "target": target,
        "deadline": d["deadline"] or "-",
        "rag": d["rag"],
        "trend": d["trend"],
        "trajectory": d["trajectory"],
        "latest": latest,
        "status": d["status"],
    }


def _print_rows(rows: Sequence[dict[str, object]], columns: Sequence[str]) -> None:
    cells = [[str(row[c]) for c in columns] for row in rows]
    widths = [max([len(c), *(len(line[i]) for line in cells)]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for line in cells:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
