"""Read a strategy from YAML (``yaml.safe_load``) and check it in one pass.

Every problem becomes an :class:`Issue` whose location path points into the document
(``outcomes[2].measures[0].target.value``) and whose message says what to write instead. If there is any error,
:class:`StrategyError` carries them all. Warnings (a target whose direction goes against its measure's polarity)
do not stop the file loading: they are kept on :attr:`Strategy.warnings`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml

from csc_workforce.domain.catalogue import Rule, rule
from csc_workforce.domain.issues import Issue, Location, Severity
from csc_workforce.measures.catalogue import BY_QUESTION, Measure
from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID
from csc_workforce.strategies.model import (
    Baseline,
    Comparators,
    Council,
    Direction,
    GovernanceBody,
    MeasureTarget,
    Outcome,
    Period,
    RagRule,
    Strategy,
    Target,
)

T = TypeVar("T")
_DIRECTIONS = ", ".join(f'"{d}"' for d in Direction)


class _Loader(yaml.SafeLoader):
    """``yaml.safe_load``'s loader, but dates stay text, so that a bad one (2023-13-01) becomes an issue
    with its path rather than a crash; :meth:`_Reader.date` parses them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class StrategyError(Exception):
    """The strategy file cannot be used; ``issues`` lists every problem found."""

    def __init__(self, source: str, issues: list[Issue]) -> None:
        self.source = source
        self.issues = issues
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        head = f"{self.source}: {len(self.issues)} problem{'s' if len(self.issues) != 1 else ''}"
        return [head, *(f"  {i.location.describe()}: {i.message}" for i in self.issues)]


def _checked(code: str, severity: Severity) -> Rule:
    """The catalogue's check for ``code``, which must be of ``severity`` (a programming error otherwise)."""
    found = rule(code)
    if found.severity is not severity:
        raise ValueError(f"{code} is a {found.severity} in the catalogue, reported here as a {severity}")
    return found


class _Reader:
    """Walks the parsed document, collecting issues instead of stopping at the first."""

    def __init__(self, registry: Collection[str]) -> None:
        self.registry = registry
        self.issues: list[Issue] = []
        self.warnings: list[Issue] = []

    def problem(self, code: str, path: str, message: str, value: object = None) -> None:
        shown = None if value is None else str(value)
        self.issues.append(_checked(code, Severity.ERROR).issue(message, Location(path=path or None), shown))

    def mapping(self, node: object, path: str, allowed: Collection[str]) -> Mapping[str, Any] | None:
        if not isinstance(node, dict):
            self.problem("not_a_mapping", path, f"expected a mapping of {', '.join(allowed)}; found {_kind(node)}")
            return None
        for key in node:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = f'; did you mean "{near[0]}"?' if near else f"; expected one of {', '.join(allowed)}"
                self.problem("unknown_field", _join(path, str(key)), f'unknown field "{key}"{hint}', key)
        return node

    def get(
        self,
        node: Mapping[str, Any],
        path: str,
        key: str,
        parse: Callable[[object, str], T | None],
        *,
        required: bool = True,
    ) -> T | None:
        where = _join(path, key)
        if key not in node or node[key] is None:
            if required:
                self.problem("missing", where, f'"{key}" is required; add it under {path or "the top level"}')
            return None
        return parse(node[key], where)

    def warn(self, code: str, path: str, message: str, value: object = None) -> None:
        shown = None if value is None else str(value)
        self.warnings.append(_checked(code, Severity.WARNING).issue(message, Location(path=path or None), shown))

    def boolean(self, value: object, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.problem("not_true_or_false", path, f"expected true or false; found {_kind(value)}", value)
        return None

    def text(self, value: object, path: str) -> str | None:
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        self.problem("not_text", path, f"expected text; found {_kind(value)}", value)
        return None

    def number(self, value: object, path: str) -> float | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        self.problem(
            "not_a_number", path, f"expected a number such as 92 or 16.5 (no % sign); found {_kind(value)}", value
        )
        return None

    def date(self, value: object, path: str) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            "bad_date",
            path,
            f'expected a date written YYYY-MM-DD, e.g. 2023-12-31 (for "by 2023"); found {value!r}',
            value,
        )
        return None

    def direction(self, value: object, path: str) -> Direction | None:
        try:
            return Direction(str(value))
        except ValueError:
            self.problem("bad_direction", path, f"direction must be one of {_DIRECTIONS}; found {value!r}", value)
            return None

    def measure_id(self, value: object, path: str) -> str | None:
        text = self.text(value, path)
        if text is not None and text not in self.registry:
            near = difflib.get_close_matches(text, list(self.registry), n=1)
            hint = f'; did you mean "{near[0]}"?' if near else "; see docs/strategies.md for the measure ids"
            self.problem("unknown_measure", path, f'unknown measure id "{text}"{hint}', text)
            return None
        return text


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _items(r: _Reader, node: object, path: str) -> list[tuple[str, object]]:
    if not isinstance(node, list) or not node:
        r.problem(
            "not_a_list", path, f"expected a list with at least one entry (lines starting '- '); found {_kind(node)}"
        )
        return []
    return [(_join(path, i), item) for i, item in enumerate(node)]


def _target(r: _Reader, node: object, path: str) -> Target | None:
    m = r.mapping(node, path, ("direction", "value", "deadline", "baseline", "text"))
    if m is None:
        return None
    direction = r.get(m, path, "direction", r.direction)
    value = r.get(m, path, "value", r.number, required=direction is not None and direction.has_value)
    if direction is not None and not direction.has_value and value is not None:
        r.problem(
            "value_not_allowed",
            _join(path, "value"),
            f'a "{direction}" target has no value; use "at_least" or "at_most" to give one',
        )
    baseline = None
    if "baseline" in m:
        bpath = _join(path, "baseline")
        b = r.mapping(m["baseline"], bpath, ("value", "date"))
        if b is not None:
            bvalue, bdate = r.get(b, bpath, "value", r.number), r.get(b, bpath, "date", r.date)
            baseline = Baseline(bvalue, bdate) if bvalue is not None and bdate is not None else None
    if direction is None:
        return None
    deadline = r.get(m, path, "deadline", r.date, required=False)
    text = r.get(m, path, "text", r.text, required=False)
    return Target(direction, value, deadline, baseline, text)


def _rag(r: _Reader, node: object, path: str) -> RagRule:
    m = r.mapping(node, path, ("amber_within", "flat_within"))
    if m is None:
        return RagRule()
    return RagRule(
        r.get(m, path, "amber_within", r.number, required=False),
        r.get(m, path, "flat_within", r.number, required=False),
    )


def _comparators(r: _Reader, node: object, path: str) -> Comparators:
    m = r.mapping(node, path, ("england", "region", "statistical_neighbours"))
    if m is None:
        return Comparators()
    neighbours: list[str] = []
    if m.get("statistical_neighbours") is not None:
        for where, code in _items(r, m["statistical_neighbours"], _join(path, "statistical_neighbours")):
            text = r.text(code, where)
            if text is not None:
                neighbours.append(text)
    england = r.get(m, path, "england", r.boolean, required=False)
    region = r.get(m, path, "region", r.boolean, required=False)
    return Comparators(bool(england), bool(region), tuple(neighbours))


def _measure(r: _Reader, node: object, path: str) -> MeasureTarget | None:
    m = r.mapping(node, path, ("measure", "label", "target", "rag", "comparators", "question"))
    if m is None:
        return None
    measure = r.get(m, path, "measure", r.measure_id)
    label = r.get(m, path, "label", r.text, required=False)
    question = r.get(m, path, "question", r.text, required=False)
    if question is not None and measure is not None and measure not in BY_QUESTION:
        r.problem(
            "question_not_allowed",
            _join(path, "question"),
            f'"{measure}" is not a measure by survey question: a question is given only for health_check_survey',
            question,
        )
        question = None
    target = r.get(m, path, "target", lambda v, p: _target(r, v, p))
    rag = _rag(r, m["rag"], _join(path, "rag")) if "rag" in m else RagRule()
    comps = _comparators(r, m["comparators"], _join(path, "comparators")) if "comparators" in m else Comparators()
    if measure is None or target is None:
        return None
    check_polarity(r, measure, target.direction, _join(_join(path, "target"), "direction"))
    return MeasureTarget(measure, target, label, rag, comps, question)


_WANTS_UP = (Direction.AT_LEAST, Direction.INCREASE)
_WANTS_DOWN = (Direction.AT_MOST, Direction.DECREASE)


def check_polarity(r: _Reader, measure: str, direction: Direction, path: str) -> None:
    """A warning when ``direction`` wants ``measure`` to go the way its catalogue entry calls worse
    ("decrease" for a measure where higher is better). Measures without a polarity, and "maintain" and
    "monitor", are not checked."""
    entry = r.registry.get(measure) if isinstance(r.registry, Mapping) else None
    if not isinstance(entry, Measure):
        entry = STRATEGY_BY_ID.get(measure)
    higher = entry.higher_is_better if entry is not None else None
    if higher is None or direction not in (*_WANTS_UP, *_WANTS_DOWN):
        return
    wants_up = direction in _WANTS_UP
    if wants_up == higher:
        return
    assert entry is not None
    way, better = ("up", "lower") if wants_up else ("down", "higher")
    fix = '"at_most" or "decrease"' if wants_up else '"at_least" or "increase"'
    r.warn(
        "direction_against_polarity",
        path,
        f'"{direction}" wants {entry.title} to go {way}, but for this measure {better} is better (measure '
        f"catalogue); if the strategy wants it {'down' if wants_up else 'up'}, write {fix}",
        direction,
    )


def _outcome(r: _Reader, node: object, path: str) -> Outcome | None:
    m = r.mapping(node, path, ("id", "title", "measures"))
    if m is None:
        return None
    oid, title = r.get(m, path, "id", r.text), r.get(m, path, "title", r.text)
    mpath = _join(path, "measures")
    found = [_measure(r, item, where) for where, item in _items(r, m.get("measures"), mpath)]
    measures = tuple(x for x in found if x is not None)
    if oid is None or title is None or len(measures) != len(found):
        return None
    return Outcome(oid, title, measures)


def _body(r: _Reader, node: object, path: str) -> GovernanceBody | None:
    m = r.mapping(node, path, ("body", "every", "first", "papers", "text"))
    if m is None:
        return None
    name, first = r.get(m, path, "body", r.text), r.get(m, path, "first", r.date)
    text = r.get(m, path, "text", r.text, required=False)
    every = r.get(m, path, "every", lambda v, p: r.mapping(v, p, ("months", "weeks")))
    papers: list[str] = []
    if m.get("papers") is not None:
        for where, paper in _items(r, m["papers"], _join(path, "papers")):
            found = r.text(paper, where)
            if found is not None:
                papers.append(found)
    months = weeks = None
    if every is not None:
        epath = _join(path, "every")
        months = r.get(every, epath, "months", r.number, required=False)
        weeks = r.get(every, epath, "weeks", r.number, required=False)
        counts = [n for n in (months, weeks) if n is not None]
        if len(counts) != 1 or counts[0] < 1 or counts[0] != int(counts[0]):
            r.problem(
                "value_not_allowed",
                epath,
                "give how often the body meets as one whole number of months or of weeks, e.g. {months: 1} or "
                "{weeks: 10}",
                every,
            )
            return None
    if name is None or first is None or every is None:
        return None
    return GovernanceBody(
        name,
        first,
        None if months is None else int(months),
        None if weeks is None else int(weeks),
        tuple(papers),
        text,
    )


def _strategy(r: _Reader, doc: object) -> Strategy | None:
    m = r.mapping(doc, "", ("id", "title", "council", "period", "outcomes", "source", "governance"))
    if m is None:
        return None
    sid, title = r.get(m, "", "id", r.text), r.get(m, "", "title", r.text)
    source = r.get(m, "", "source", r.text, required=False)
    council = r.get(m, "", "council", lambda v, p: _council(r, v, p))
    period = r.get(m, "", "period", lambda v, p: _period(r, v, p))
    found = [_outcome(r, item, where) for where, item in _items(r, m.get("outcomes"), "outcomes")]
    outcomes = tuple(x for x in found if x is not None)
    given = m.get("governance")
    listed = [] if given is None else [_body(r, item, where) for where, item in _items(r, given, "governance")]
    bodies = tuple(b for b in listed if b is not None)
    if sid is None or title is None or council is None or period is None or len(outcomes) != len(found):
        return None
    if len(bodies) != len(listed):
        return None
    return Strategy(sid, title, council, period, outcomes, source, governance=bodies)


def _council(r: _Reader, node: object, path: str) -> Council | None:
    m = r.mapping(node, path, ("name", "la_code"))
    if m is None:
        return None
    name, code = r.get(m, path, "name", r.text), r.get(m, path, "la_code", r.text)
    if code is not None and not (code.isdigit() and len(code) == 3):
        r.problem(
            "bad_la_code", _join(path, "la_code"), f"expected DfE's 3-digit council code, e.g. 332; found {code!r}"
        )
        return None
    return Council(name, code) if name is not None and code is not None else None


def _period(r: _Reader, node: object, path: str) -> Period | None:
    m = r.mapping(node, path, ("start", "end"))
    if m is None:
        return None
    start, end = r.get(m, path, "start", r.date), r.get(m, path, "end", r.date)
    if start is not None and end is not None and end < start:
        r.problem("period_backwards", _join(path, "end"), f"the period ends ({end}) before it starts ({start})")
        return None
    return Period(start, end) if start is not None and end is not None else None


def parse_strategy(text: str, *, source: str = "<strategy>", registry: Collection[str] | None = None) -> Strategy:
    """A strategy from YAML text; raises :class:`StrategyError` listing every problem."""
    reader = _Reader(STRATEGY_BY_ID if registry is None else registry)
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        message = f"not valid YAML: {getattr(exc, 'problem', None) or exc}; check indentation and quoting"
        raise StrategyError(source, [rule("not_yaml").issue(message, Location(line=line))]) from exc
    strategy = _strategy(reader, doc)
    if reader.issues or strategy is None:
        raise StrategyError(source, reader.issues)
    return replace(strategy, warnings=tuple(reader.warnings))


def load_strategy(path: str | Path, *, registry: Collection[str] | None = None) -> Strategy:
    """A strategy from a YAML file; raises :class:`StrategyError` (naming the file) listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        issue = rule("unreadable").issue(f"cannot read the file: {exc.strerror or exc}")
        raise StrategyError(str(path), [issue]) from exc
    return parse_strategy(text, source=str(path), registry=registry)
