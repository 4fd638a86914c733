"""``csc-workforce strategy list|evaluate|meetings``: workforce strategies' targets judged against measure values,
and the meetings they report to (``strategies.governance``) with the papers each needs.

Values come from DfE's published figures (:class:`PublishedValues`) unless :data:`VALUES_HOOK` supplies
another provider (the database's own figures, wired in later)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csc_workforce.cli.output import add_format_argument, print_json

if TYPE_CHECKING:
    from csc_workforce.strategies import Evaluation, MeasureResult, MeasureValues, Strategy
    from csc_workforce.strategies.governance import Meeting


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

    meet = sub.add_parser(
        "meetings",
        help="the meetings strategies report to that are due, the papers each needs and how to build them",
        description="The meetings due for strategies' governance bodies (the strategy's `governance`, see "
        "docs/strategies.md), soonest first: the date, the body, how often it meets, the strategy and its council, "
        "the papers the meeting needs (kinds of report, see `report list`) and the `report build` command that "
        "writes each as Word. By default each body's next meeting on or after --from (today unless given), as the "
        "strategy's page shows; --next N gives each body's next N meetings (so a yearly board is not crowded out "
        "by monthly groups), --until DATE every meeting up to and including DATE. A paper is written before its "
        "meeting: a report as at a date is built as at the last month end before the meeting, a report on a census "
        "year for the latest census year (to 30 September) ended before it; run the command once that date has "
        "passed and the records reach it.",
    )
    meet.add_argument(
        "strategies",
        nargs="*",
        metavar="NAME_OR_FILE",
        help="seed strategy ids (see 'strategy list') or YAML files (default every seed strategy)",
    )
    meet.add_argument(
        "--la",
        metavar="CODE",
        help="for this council (DfE 3-digit code): the strategies named, else its own, else every seed strategy "
        "applied to it (as the strategy pages do); the papers' commands are for it",
    )
    meet.add_argument(
        "--from",
        dest="start",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="meetings on or after this date (default today)",
    )
    window = meet.add_mutually_exclusive_group()
    window.add_argument(
        "--until",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="every meeting from --from up to and including this date",
    )
    window.add_argument(
        "--next", type=_positive, metavar="N", help="each body's next N meetings (default 1: each body's next)"
    )
    add_format_argument(meet)
    meet.set_defaults(handler=meetings_command)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of meetings, 1 or more; got {text!r}")
    return int(text)


def _values(args: argparse.Namespace) -> MeasureValues:
    from csc_workforce.strategies import PublishedValues

    hooked = VALUES_HOOK(args) if VALUES_HOOK is not None else None
    return hooked if hooked is not None else PublishedValues()


def list_command(args: argparse.Namespace) -> int:
    from csc_workforce.strategies import seed_strategies

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
    from csc_workforce.strategies import load_seed, load_strategy, seed_ids

    if name in seed_ids():
        return load_seed(name)
    path = Path(name)
    if not path.exists():
        raise LookupError(f'no seed strategy or file "{name}"; the seeds are: {", ".join(seed_ids())}')
    return load_strategy(path)


def _bad_la(code: str) -> bool:
    if code.isdigit() and len(code) == 3:
        return False
    print(f"--la must be a DfE 3-digit council code, for example 332; got {code!r}", file=sys.stderr)
    return True


def evaluate_command(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from csc_workforce.strategies import PublishedComparators, StrategyError, evaluate
    from csc_workforce.strategies.model import Council

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
        if _bad_la(args.la):
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


def meetings_command(args: argparse.Namespace) -> int:
    from csc_workforce.strategies import StrategyError, seed_ids
    from csc_workforce.strategies.governance import council_strategies, meetings_between, next_meetings_each

    if args.la is not None and _bad_la(args.la):
        return 1
    start = args.start or date.today()
    if args.until is not None and args.until < start:
        print(f"--until {args.until} is before the first day asked about, {start}.", file=sys.stderr)
        return 1
    strategies: list[tuple[Strategy, bool]] = []  # and whether it is a seed (report build takes seeds only)
    try:
        for name in args.strategies or seed_ids():
            strategies.append((_load(name), name in seed_ids()))
    except StrategyError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return 1
    except LookupError as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 1
    if args.la is not None and not args.strategies:
        theirs = {s.id for s in council_strategies(args.la, (s for s, _ in strategies))}
        strategies = [(s, seed) for s, seed in strategies if s.id in theirs]
    from csc_workforce.cli.db import setup_database

    setup_database()
    from csc_workforce.store import models as m
    from csc_workforce.store.services.reports import REPORT_KINDS

    held = m.Council.objects.filter(la_code=args.la).values_list("name", flat=True).first() if args.la else None
    found: list[tuple[Meeting, Strategy, bool]] = []
    for strategy, seed in strategies:
        if args.until is not None:
            due = meetings_between(strategy, start, args.until)
        else:
            due = next_meetings_each(strategy, start, args.next or 1)
        found += [(meeting, strategy, seed) for meeting in due]
    found.sort(key=lambda f: (f[0].on, f[1].id, f[0].body.name))
    rows = [
        _meeting_row(meeting, strategy, seed, REPORT_KINDS, la=args.la, council=held)
        for meeting, strategy, seed in found
    ]
    without = [s.id for s, _ in strategies if not s.governance]
    if args.format == "json":
        print_json(
            {
                "from": start.isoformat(),
                "until": None if args.until is None else args.until.isoformat(),
                "next": None if args.until is not None else args.next or 1,
                "meetings": rows,
                "without_governance": without,
            }
        )
        return 0
    window = (
        f"every meeting from {start} to {args.until}"
        if args.until is not None
        else f"each body's next {'meeting' if (args.next or 1) == 1 else f'{args.next} meetings'} on or after {start}"
    )
    print(f"Meetings due: {window}, soonest first.")
    for sid in without:
        print(f"{sid}: no meeting cycle (the strategy gives no governance bodies).")
    if not rows and not without:
        print("No meetings are due in that time.")
    for row in rows:
        _print_meeting(row)
    return 0


def _print_meeting(row: dict[str, Any]) -> None:
    last = f"last {row['previous']}" if row["previous"] else "its first meeting"
    print()
    print(f"{row['date']}  {row['body']}: {row['every']}, {last}")
    print(f"  for {row['strategy']}, {row['council']} ({row['la_code']}): {row['strategy_title']}")
    if not row["papers"]:
        print("  papers: none named")
    for paper in row["papers"]:
        if paper["title"] is None:
            print(f"  paper {paper['kind']} ({paper['note']})")
            continue
        basis = f"as at {paper['as_at']}" if paper["as_at"] else f"census year {paper['year']}"
        print(f"  paper {paper['kind']}: {paper['title']} ({basis})")
        print(f"    {paper['command']}" if paper["command"] else f"    ({paper['note']})")


def _meeting_row(
    meeting: Meeting,
    strategy: Strategy,
    seed: bool,
    kinds: dict[str, Any],
    *,
    la: str | None = None,
    council: str | None = None,
) -> dict[str, Any]:
    """The meeting and its papers for council ``la`` (default the strategy's own; ``council`` its name)."""
    from csc_workforce.strategies.governance import paper_as_at, paper_year

    if la is None or la == strategy.council.la_code:
        la, council = strategy.council.la_code, strategy.council.name
    council = council or la
    papers = []
    for kind_id in meeting.body.papers:
        kind = kinds.get(kind_id)
        paper: dict[str, Any] = {"kind": kind_id, "title": None, "as_at": None, "year": None, "command": None}
        paper["note"] = None
        if kind is None:
            paper["note"] = "not a kind of report: see `csc-workforce report list`"
            papers.append(paper)
            continue
        paper["title"] = kind.title
        command = ["csc-workforce", "report", "build", kind_id, "--la", la]
        if kind.strategy:
            command += ["--strategy", strategy.id]
        if kind.basis == "year":
            paper["year"] = paper_year(meeting.on)
            command += ["--year", str(paper["year"])]
        else:
            paper["as_at"] = paper_as_at(meeting.on).isoformat()
            command += ["--as-at", paper["as_at"]]
        stem = f"{strategy.id}-{kind_id}" if kind.strategy else f"{la}-{kind_id}"
        command += ["--format", "docx", "--output", f"{stem}-{meeting.on.isoformat()}.docx"]
        if kind.strategy and not seed:
            paper["note"] = "report build writes a strategy's report for a seed strategy only"
        else:
            paper["command"] = " ".join(command)
        papers.append(paper)
    return {
        "date": meeting.on.isoformat(),
        "strategy": strategy.id,
        "strategy_title": strategy.title,
        "council": council,
        "la_code": la,
        "body": meeting.body.name,
        "every": meeting.body.every,
        "previous": None if meeting.previous is None else meeting.previous.isoformat(),
        "papers": papers,
    }


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
