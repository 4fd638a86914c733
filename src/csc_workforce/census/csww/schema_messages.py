"""Schema validation with libxml2, its messages translated into plain English for a council analyst."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from csc_workforce.census.csww.schema import schema_for
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import Issue, Location

_ELEMENT = re.compile(r"^Element '([^']+)'")
_VALUE = re.compile(r"The value '([^']*)'")
_ATOMIC = re.compile(r"'([^']*)' is not a valid value of the atomic type '([^']+)'")
_SET = re.compile(r"\{([^}]*)\}")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_LIMIT = re.compile(r"allowed \('([^']*)'\)")

_TYPE_WORDS = {
    "xs:date": "a date written YYYY-MM-DD, for example 2024-09-30",
    "xs:dateTime": "a date and time written YYYY-MM-DDThh:mm:ssZ",
    "xs:gYear": "a 4-digit year, for example 2024",
    "xs:integer": "a whole number, for example 12",
    "twodecimalplaces": "a number with up to 2 decimal places, for example 12.50",
    "onedecimalplace": "a number with up to 1 decimal place, for example 52.0",
    "ftedecimal": "a decimal fraction of full time between 0 and 1, for example 0.6",
}
_PATTERN_WORDS = {
    "SWENo": "two letters followed by 1 to 10 digits, for example SW12345",
    "LEA": "3 digits, for example 301",
}


# Worker records are validated this many at a time. libxml2 (through lxml) works out each error's path by
# walking back over every earlier sibling, so one validation of a whole file costs the number of errors times
# the number of workers: 20,000 workers with two bad values each took 170 s. Validated in batches, an error
# costs at most BATCH steps, and the check can stop between batches once enough problems are found.
BATCH = 1000


@dataclass(frozen=True, slots=True)
class SchemaCheck:
    """The schema issues found, and how many of the file's worker records were checked. ``complete`` is False
    when the check stopped early because ``stop_after`` issues were found."""

    issues: list[Issue]
    workers_checked: int
    workers: int
    complete: bool = True


def schema_issues(root: Any, year: int, *, stop_after: int | None = None) -> SchemaCheck:
    """Validate the parsed document against ``year``'s schema; one issue per element at most.

    The header and council block are checked with every batch of :data:`BATCH` worker records (the batch is
    moved, not copied, under a stand-in ``<Message>``, so lines are kept, and moved back afterwards). With
    ``stop_after``, no further batch is checked once that many issues are found. As libxml2 checks nothing more
    of a file after an element it does not expect directly under ``<Message>``, no further batch is checked
    after one that has such an element: the issues are those of checking the whole file at once."""
    schema = schema_for(year)
    children = list(root)
    first = next((i for i, el in enumerate(children) if el.tag == "CSWWWorker"), len(children))
    prefix, rest = children[:first], children[first:]
    workers = sum(1 for el in rest if el.tag == "CSWWWorker")
    issues: list[Issue] = []
    seen: set[tuple[int, str]] = set()
    if root.tag != "Message" or len(rest) <= BATCH:
        if not schema.validate(root.getroottree()):
            _collect(schema.error_log, issues, seen, _Rebase())
        return SchemaCheck(issues, workers, workers)
    checked = 0
    holder = etree.SubElement(root, "Message")
    rebase = _Rebase(totals=Counter(_step(el) for el in children))
    try:
        for start in range(0, len(rest), BATCH):
            part = rest[start : start + BATCH]
            holder.extend(prefix)
            holder.extend(part)
            broken = False
            if not schema.validate(holder):
                broken = _collect(
                    schema.error_log, issues, seen, rebase, first_batch=start == 0, root_line=root.sourceline
                )
            root.extend(list(holder))
            rebase.offsets.update(_step(el) for el in part)
            checked += sum(1 for el in part if el.tag == "CSWWWorker")
            if broken:
                break  # the whole-file check goes no further
            if stop_after is not None and len(issues) >= stop_after and start + BATCH < len(rest):
                return SchemaCheck(issues, checked, workers, complete=False)
    finally:  # put every element back where it was
        for el in children:
            root.append(el)
        root.remove(holder)
    return SchemaCheck(issues, checked, workers)


def _step(el: Any) -> str:
    """An element's step in a libxml2 path (its name); elements in a namespace are left as libxml2 gives them."""
    tag = el.tag
    return tag if isinstance(tag, str) and "}" not in tag else ""


@dataclass(slots=True)
class _Rebase:
    """Turns a path in a batch into the path in the whole file: ``/Message/CSWWWorker[3]/FTE`` in the batch
    after 1,000 workers is ``Message/CSWWWorker[1003]/FTE``. Workers are always indexed."""

    offsets: Counter[str] = field(default_factory=Counter)  # elements of each name in earlier batches
    totals: Counter[str] | None = None  # elements of each name in the whole file (None: one batch, the file)

    def __call__(self, path: str) -> str:
        parts = path.lstrip("/").split("/", 2)
        if len(parts) < 2:
            return parts[0]
        name, bracket, index = parts[1].partition("[")
        if name == "*" or ":" in name or (self.totals is None and name != "CSWWWorker"):
            return "/".join(parts)  # "*" or "prefix:name" is an element in a namespace: kept as libxml2 gives it
        number = (int(index.rstrip("]")) if bracket else 1) + self.offsets[name]
        many = name == "CSWWWorker" or self.totals is None or self.totals[name] > 1
        return "/".join([parts[0], f"{name}[{number}]" if many else name, *parts[2:]])


def _collect(
    log: Any,
    issues: list[Issue],
    seen: set[tuple[int, str]],
    rebase: _Rebase,
    *,
    first_batch: bool = True,
    root_line: int | None = None,
) -> bool:
    """Adds the issues of ``log``; True if an element directly under <Message> was not expected (libxml2 then
    checks nothing after it)."""
    broken = False
    for error in log:
        raw = error.path or ""
        if raw.count("/") == 2 and error.type_name == "SCHEMAV_ELEMENT_CONTENT" and "not expected" in error.message:
            broken = True
        if raw.strip("/") == "Message":
            if not first_batch:
                continue  # about <Message> itself: reported with the first batch
            line = root_line if root_line is not None else error.line
        else:
            line = error.line
        path = rebase(raw)
        if (line, path) in seen:
            continue  # libxml2 reports a facet failure and then "not a valid value": keep the first
        seen.add((line, path))
        issues.append(translate(error.type_name, error.message, line, path))
    return broken


def translate(type_name: str, message: str, line: int, path: str) -> Issue:
    element_match = _ELEMENT.match(message)
    element = element_match.group(1) if element_match else "element"
    value_match = _VALUE.search(message)
    value = value_match.group(1) if value_match else None
    where = Location(line, path)
    if type_name == "SCHEMAV_ELEMENT_CONTENT" and "Missing child" in message:
        expected = _expected(message)
        text = f"<{element}> is missing a required item: {expected}. Add it where the specification puts it."
        return rule("CSWW-SCHEMA-001").issue(text, where)
    if type_name == "SCHEMAV_ELEMENT_CONTENT" and "not expected" in message:
        expected = _expected(message)
        if expected:
            text = (
                f"<{element}> is not expected here; the specification expects {expected} at this point. "
                f"Add the expected item if it is missing, or check the spelling and order of <{element}>."
            )
        else:
            text = f"<{element}> is not expected here: check its spelling and its order in the record."
        return rule("CSWW-SCHEMA-002").issue(text, where, element)
    if type_name == "SCHEMAV_CVC_ENUMERATION_VALID":
        codes = _SET.search(message)
        allowed = codes.group(1).replace("'", "") if codes else "the codes in the specification"
        text = f"{element} must be one of the codes {allowed}; this file has '{value}'."
        return rule("CSWW-SCHEMA-003").issue(text, where, value)
    return rule("CSWW-SCHEMA-004").issue(_format_message(type_name, message, element, value), where, value)


def _format_message(type_name: str, message: str, element: str, value: str | None) -> str:
    limit_match = _LIMIT.search(message)
    limit = limit_match.group(1) if limit_match else "?"
    if type_name == "SCHEMAV_CVC_FRACTIONDIGITS_VALID":
        return f"{element} allows at most {limit} decimal places; this file has '{value}'."
    if type_name == "SCHEMAV_CVC_MAXINCLUSIVE_VALID":
        return f"{element} must be at most {limit}; this file has '{value}'."
    if type_name == "SCHEMAV_CVC_MININCLUSIVE_VALID":
        return f"{element} must be at least {limit}; this file has '{value}'."
    if type_name == "SCHEMAV_CVC_PATTERN_VALID":
        shape = _PATTERN_WORDS.get(element, "the format the specification gives")
        return f"{element} must be {shape}; this file has '{value}'."
    if type_name == "SCHEMAV_CVC_MINLENGTH_VALID":
        return f"{element} is empty; give a value or leave the item out."
    atomic = _ATOMIC.search(message)
    if atomic:
        words = _TYPE_WORDS.get(atomic.group(2), f"a valid {atomic.group(2)}")
        return f"{element} must be {words}; this file has '{atomic.group(1)}'."
    return f"{element}: {message.strip()}"


def _expected(message: str) -> str:
    match = _EXPECTED.search(message)
    return match.group(1) if match else ""
