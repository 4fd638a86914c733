"""Schema validation with libxml2, its messages translated into plain English for a council analyst."""

from __future__ import annotations

import re
from typing import Any

from csc_workforce.census.csww.schema import schema_for
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import Issue, Location

_ELEMENT = re.compile(r"^Element '([^']+)'")
_VALUE = re.compile(r"The value '([^']*)'")
_ATOMIC = re.compile(r"'([^']*)' is not a valid value of the atomic type '([^']+)'")
_SET = re.compile(r"\{([^}]*)\}")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_LIMIT = re.compile(r"allowed \('([^']*)'\)")
_WORKER_NO_INDEX = re.compile(r"CSWWWorker(?=/|$)")

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


def schema_issues(root: Any, year: int) -> list[Issue]:
    """Validate the parsed document against ``year``'s schema; one issue per element at most."""
    schema = schema_for(year)
    if schema.validate(root.getroottree()):
        return []
    issues: list[Issue] = []
    seen: set[tuple[int, str]] = set()
    for error in schema.error_log:
        path = normalise_path(error.path or "")
        if (error.line, path) in seen:
            continue  # libxml2 reports a facet failure and then "not a valid value": keep the first
        seen.add((error.line, path))
        issues.append(translate(error.type_name, error.message, error.line, path))
    return issues


def normalise_path(path: str) -> str:
    """libxml2 writes ``/Message/CSWWWorker/FTE`` when there is one worker; we always index workers."""
    return _WORKER_NO_INDEX.sub("CSWWWorker[1]", path.lstrip("/"))


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
