"""Read and validate a CSWW census XML file: one call gives the typed return and every issue.

``read_census`` never raises for bad data. It parses safely (no DTDs, no entities, no network), takes the
census year and LA from the file's content (never its name), validates against that year's schema, reads
each item by element name (so element order does not matter to the reader), and runs the business rules in
``rules.py``.

The work is bounded before the schema is checked: a file over :data:`MAX_FILE_BYTES`, with more than
:data:`MAX_TAGS` tags, elements nested over 256 deep or a text over 10 MB (libxml2's own limits), more than
:data:`MAX_ATTRIBUTES` attributes or more than :data:`MAX_WORKERS` worker records is refused with one
file-level issue; an item over :data:`MAX_TEXT_CHARS` characters is not read (CSWW-READ-001). At most
:data:`MAX_ISSUES` issues are listed; one more says how many of each code were not (and the schema check
stops once that many problems are found).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from lxml import etree

from csc_workforce.census.csww.fields import (
    ELIGIBILITY_PARSER,
    LA_BLOCK_NAMES,
    LA_ITEMS,
    WORKER_ITEMS,
    parse_date,
    parse_datetime,
)
from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.census.csww.rules import LASource, WorkerSource, validate_return
from csc_workforce.census.csww.schema import first_supported_year, is_supported_year, last_supported_year
from csc_workforce.census.csww.schema_messages import SchemaCheck, schema_issues
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.codes import ELIGIBILITY_ITEMS, Eligibility
from csc_workforce.domain.issues import Issue, Location, Severity
from csc_workforce.domain.limits import CONTROL_CHARACTERS
from csc_workforce.domain.periods import census_reference_date

_FORBIDDEN = tuple(
    token.encode(encoding) for token in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
# Memory is bounded by refusing files above this size before parsing. The largest council's return is about
# 2 MB (1,500 workers); 100 MiB leaves room for odd formatting.
MAX_FILE_BYTES = 100 * 1024 * 1024
# Counted before parsing, so the tree is never larger than this: a return of 20,000 workers with every item
# has about 1,000,000 tags ("<" characters).
MAX_TAGS = 2_000_000
# Census elements have no attributes (a namespace declaration is not one); a schema location or two is allowed.
MAX_ATTRIBUTES = 100
# The longest items are free text (QualInst, OtherAllowances): a name or a sentence. Longer is CSWW-READ-001;
# libxml2 itself refuses a text over 10 MB, and elements nested over 256 deep (CSWW-FILE-005).
MAX_TEXT_CHARS = 2_000
# The largest council's return has a few thousand workers.
MAX_WORKERS = 20_000
# Issues listed in full; the rest are counted by code in one issue (CSWW-FILE-007, or -008 for warnings).
MAX_ISSUES = 1_000
# Control characters (domain.limits): those XML 1.0 allows (DEL and C1) are found in items; the others (NUL,
# ...) make the file not well-formed.
_CONTROL = CONTROL_CHARACTERS
_INVALID_CHAR = 9  # libxml2's XML_ERR_INVALID_CHAR: a control character such as NUL
_RESOURCE_LIMIT = 114  # libxml2's XML_ERR_RESOURCE_LIMIT: nesting or a text beyond its own limits


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The typed return (``None`` if the file cannot be loaded) and every issue found, in file order."""

    census_return: CensusReturn | None
    issues: tuple[Issue, ...]
    collection_year: int | None = None
    la_code: str | None = None

    @property
    def has_errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)


def read_census(data: bytes, *, name: str = "") -> ReadResult:
    """Read, schema-check and rule-check one CSWW census file.

    ``name`` is used only in messages about the file as a whole; the census year and LA come from the content.
    ``census_return`` is ``None`` when the file is not readable XML, or its year or LA is missing or
    unsupported.
    """
    root, problem = _parse(data, name)
    if root is None or problem is not None:
        return ReadResult(None, (problem,) if problem else ())
    header, header_issues = _read_header(root)
    year = header.year
    issues = list(header_issues)
    supported = year is not None and is_supported_year(year)
    schema: SchemaCheck | None = None
    if supported:
        assert year is not None
        schema = schema_issues(root, year, stop_after=MAX_ISSUES)
        issues.extend(schema.issues)
    # A schema check that stopped early has found MAX_ISSUES problems: the file is refused whatever else is wrong,
    # so only the worker records it checked are read and rule-checked (bounded work), and no return is made.
    checked = schema.workers_checked if schema is not None and not schema.complete else None
    stopped = checked is not None
    la, la_source, la_issues = _read_la_level(root)
    workers, sources, worker_issues = _read_workers(root, limit=checked)
    issues.extend(la_issues)
    issues.extend(worker_issues)
    ret: CensusReturn | None = None
    if supported:
        assert year is not None
        ret = CensusReturn(header.build(year), la, tuple(workers))
        issues.extend(validate_return(ret, sources=sources, la_source=la_source))
        if header.la_code is None or stopped:
            ret = None
    return ReadResult(ret, _listed(_tidy(issues), schema), year, header.la_code)


def validate_census(data: bytes, *, name: str = "") -> ReadResult:
    """Alias of :func:`read_census`, for callers who think of it as validation: same result."""
    return read_census(data, name=name)


# --- parsing ---------------------------------------------------------------------------------------------


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _parse(data: bytes, name: str) -> tuple[Any, Issue | None]:
    label = f"{name}: " if name else ""
    if not data or not data.strip():
        return None, rule("CSWW-FILE-001").issue(f"{label}The file is empty. Export the return again.")
    if len(data) > MAX_FILE_BYTES:
        return None, rule("CSWW-FILE-004").issue(
            f"{label}The file is {len(data) / 1048576:,.0f} MB; a census return is at most a few MB and files over "
            f"{MAX_FILE_BYTES // 1048576} MB are not read. Check that this is one council's CSWW return."
        )
    if any(token in data for token in _FORBIDDEN):
        return None, _doctype_issue(label)
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        return None, rule("CSWW-FILE-005").issue(
            f"{label}The file has {tags:,} tags (<...>); a return of {MAX_WORKERS:,} workers has about "
            f"1,000,000, and files with more than {MAX_TAGS:,} are not read. Check that this is one council's "
            "CSWW return."
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return None, _syntax_issue(exc, label)
    except (ValueError, TypeError):
        return None, rule("CSWW-FILE-001").issue(f"{label}The file could not be read as XML.")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        return None, _doctype_issue(label)
    if _local(root) != "Message":
        return None, rule("CSWW-FILE-003").issue(
            f"{label}The top element is <{_local(root)}>, not <Message>. Check this is a CSWW census return.",
            Location(root.sourceline, _local(root)),
        )
    return root, _beyond_limits(root, data, label)


def _syntax_issue(exc: Any, label: str) -> Issue:
    line = exc.lineno if isinstance(exc.lineno, int) else None
    reason = str(exc.msg or "not well-formed").strip()[:200]
    if exc.code == _INVALID_CHAR:
        return rule("CSWW-READ-004").issue(
            f"{label}Line {line} has a character that is not allowed in XML, such as NUL or another control "
            f"character ({reason}). Remove it (such characters are often pasted in from another system) and "
            "export the return again.",
            Location(line),
        )
    if exc.code == _RESOURCE_LIMIT:
        return rule("CSWW-FILE-005").issue(
            f"{label}The file goes beyond what can be read ({reason}). A census return nests 4 deep and its "
            f"items are at most {MAX_TEXT_CHARS:,} characters: check that this is a CSWW census return.",
            Location(line),
        )
    return rule("CSWW-FILE-001").issue(
        f"{label}The file is not well-formed XML ({reason}). Export the return again as XML.", Location(line)
    )


def _beyond_limits(root: Any, data: bytes, label: str) -> Issue | None:
    """A file-level refusal if the parsed file has too many attributes or worker records, before the schema
    check. Each is first bounded by a count that costs next to nothing (the "=" in the file, the elements under
    <Message>), so an ordinary return is not walked again. Nesting is bounded by libxml2 (256 deep) and an item's
    text by :data:`MAX_TEXT_CHARS` as it is read."""
    if data.count(b"=") > MAX_ATTRIBUTES and (attributes := int(root.xpath("count(//@*)"))) > MAX_ATTRIBUTES:
        first = root.xpath("(//@*)[1]")[0].getparent()
        return rule("CSWW-FILE-005").issue(
            f"{label}The file has {attributes:,} attributes (the first on <{_local(first)}>); census items have "
            f"none, and files with more than {MAX_ATTRIBUTES} are not read. Export the return again from your "
            "system without them.",
            Location(first.sourceline, str(root.getroottree().getpath(first)).lstrip("/")),
        )
    if len(root) > MAX_WORKERS and (workers := sum(1 for el in root if _local(el) == "CSWWWorker")) > MAX_WORKERS:
        return rule("CSWW-FILE-006").issue(
            f"{label}The file has {workers:,} worker records (<CSWWWorker>); the largest council's return has a "
            f"few thousand, and files with more than {MAX_WORKERS:,} are not read. Check that this is one "
            "council's return and that each worker is in it once."
        )
    return None


def _doctype_issue(label: str) -> Issue:
    return rule("CSWW-FILE-002").issue(
        f"{label}The file declares a DOCTYPE or ENTITY. Census files must not; for safety it was not read. "
        "Export the return again without a DOCTYPE."
    )


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child(el: Any, name: str) -> Any:
    for child in el:
        if _local(child) == name:
            return child
    return None


def _text(el: Any) -> str | None:
    if el is None or el.text is None:
        return None
    text = str(el.text).strip()
    return text or None


# --- header ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Header:
    year: int | None = None
    la_code: str | None = None
    reference_date: date | None = None
    software_code: str | None = None
    generated_at: datetime | None = None

    def build(self, year: int) -> CensusHeader:
        return CensusHeader(year, self.la_code or "", self.reference_date, self.software_code, self.generated_at)


def _read_header(root: Any) -> tuple[_Header, list[Issue]]:
    head = _Header()
    issues: list[Issue] = []
    header = _child(root, "Header")
    details = _child(header, "CollectionDetails") if header is not None else None
    source = _child(header, "Source") if header is not None else None
    year_el = _child(details, "Year") if details is not None else None
    ref_el = _child(details, "ReferenceDate") if details is not None else None
    lea_el = _child(source, "LEA") if source is not None else None
    ref_path = "Message/Header/CollectionDetails/ReferenceDate"
    head.reference_date = _optional(ref_el, parse_date, ref_path, issues)
    head.software_code = _text(_child(source, "SoftwareCode")) if source is not None else None
    if source is not None:
        dt_el = _child(source, "DateTime")
        head.generated_at = _optional(dt_el, parse_datetime, "Message/Header/Source/DateTime", issues)
    head.la_code = _text(lea_el)
    if head.la_code is None:
        issues.append(
            rule("CSWW-HDR-003").issue(
                "The file has no <LEA> (local authority code). Add your 3-digit LA code in <Header>/<Source>/<LEA>.",
                Location(
                    _line(lea_el if lea_el is not None else source if source is not None else root),
                    "Message/Header/Source/LEA",
                ),
            )
        )
    near = details if details is not None else root
    head.year = _read_year(year_el, head.reference_date, ref_el, near, issues)
    if header is not None:
        for el in header.iter():
            if _has_control(el.text):
                issues.append(_control(_local(el), el.text, Location(el.sourceline, _path(el))))
            elif el.text and len(el.text.strip()) > MAX_TEXT_CHARS:
                issues.append(_too_long(_local(el), el.text.strip(), Location(el.sourceline, _path(el))))
    if head.year is not None and head.reference_date is not None and is_supported_year(head.year):
        expected = census_reference_date(head.year)
        if head.reference_date != expected:
            issues.append(
                rule("CSWW-HDR-004").issue(
                    f"ReferenceDate is {head.reference_date} but the census year {head.year} ends on "
                    f"{expected}. "
                    f"Set <ReferenceDate> to {expected} (or correct <Year>).",
                    Location(_line(ref_el), "Message/Header/CollectionDetails/ReferenceDate"),
                    str(head.reference_date),
                )
            )
    return head, issues


def _read_year(year_el: Any, ref: date | None, ref_el: Any, near: Any, issues: list[Issue]) -> int | None:
    path = "Message/Header/CollectionDetails/Year"
    text = _text(year_el)
    if text is None:
        if ref is None:
            issues.append(
                rule("CSWW-HDR-001").issue(
                    "The file has no <Year> and no <ReferenceDate>, so the census year is unknown. Add "
                    "<Year> (for example 2024) to <Header>/<CollectionDetails>.",
                    Location(_line(near), path),
                )
            )
            return None
        issues.append(
            rule("CSWW-HDR-005").issue(
                f"The file has no <Year>; the census year {ref.year} was taken from ReferenceDate {ref}. "
                "Add <Year> to <CollectionDetails>.",
                Location(_line(ref_el), path),
                str(ref),
            )
        )
        year = ref.year
    elif text.isdigit() and len(text) == 4:
        year = int(text)
    else:
        issues.append(
            rule("CSWW-HDR-002").issue(
                f"<Year> must be a 4-digit census year such as 2024; this file has '{text}'.",
                Location(_line(year_el), path),
                text,
            )
        )
        return None
    if not is_supported_year(year):
        issues.append(
            rule("CSWW-HDR-002").issue(
                f"Census year {year} is not supported: this tool reads collection years "
                f"{first_supported_year()} to {last_supported_year()}. "
                "Check <Year>.",
                Location(_line(year_el if year_el is not None else ref_el), path),
                str(year),
            )
        )
    return year


def _optional(el: Any, parse: Any, path: str, issues: list[Issue]) -> Any:
    text = _text(el)
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError as exc:
        issues.append(_unreadable(path.rsplit("/", 1)[-1], text, str(exc), Location(_line(el), path)))
        return None


def _has_control(text: str | None) -> bool:
    return bool(text) and _CONTROL.search(text or "") is not None


def _path(el: Any) -> str:
    names = [_local(a) for a in reversed(list(el.iterancestors()))]
    return "/".join([*names, _local(el)])


def _control(element: str, text: str, where: Location) -> Issue:
    found = _CONTROL.search(text)
    code = f"U+{ord(found.group()):04X}" if found else "a control character"
    shown = text.encode("unicode_escape").decode("ascii")
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    hint = "Remove it (such characters are often pasted in from another system)."
    if found and 0x80 <= ord(found.group()) <= 0x9F:  # Windows-1252 text declared as ISO-8859-1 looks like this
        meant = bytes([ord(found.group())]).decode("cp1252", errors="replace")
        hint = (
            f"It is probably the Windows character {meant!r} in a file whose declared encoding is wrong: export the "
            "return again as UTF-8, or correct the encoding in its first line."
        )
    return rule("CSWW-READ-004").issue(
        f"{element} has a control character ({code}), which is not allowed in a census item. {hint}",
        where,
        shown,
    )


def _too_long(element: str, text: str, where: Location) -> Issue:
    return _unreadable(element, text, f"at most {MAX_TEXT_CHARS:,} characters (it has {len(text):,})", where)


def _line(el: Any) -> int | None:
    return el.sourceline if el is not None else None


def _unreadable(element: str, text: str, expected: str, where: Location) -> Issue:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return rule("CSWW-READ-001").issue(
        f"{element} could not be read: it must be {expected}; this file has '{shown}'.", where, shown
    )


# --- LA level and workers --------------------------------------------------------------------------------


def _read_la_level(root: Any) -> tuple[LALevel, LASource, list[Issue]]:
    block = next((c for c in root if _local(c) in LA_BLOCK_NAMES), None)
    if block is None:  # the schema reports the missing block
        return LALevel(), LASource(), []
    name = _local(block)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    eligibility: list[tuple[str, Eligibility]] = []
    issues: list[Issue] = []
    for child in block:
        element = _local(child)
        lines.setdefault(element, child.sourceline)
        text = _text(child)
        where = Location(child.sourceline, f"Message/{name}/{element}")
        if _has_control(child.text):
            issues.append(_control(element, child.text, where))
            continue
        if text is None:
            continue
        if len(text) > MAX_TEXT_CHARS:
            issues.append(_too_long(element, text, where))
            continue
        if element in ELIGIBILITY_ITEMS:
            try:
                eligibility.append((element, ELIGIBILITY_PARSER(text)))
            except ValueError as exc:
                issues.append(_unreadable(element, text, str(exc), where))
        elif element in LA_ITEMS and LA_ITEMS[element].field not in values:
            try:
                values[LA_ITEMS[element].field] = LA_ITEMS[element].parse(text)
            except ValueError as exc:
                issues.append(_unreadable(element, text, str(exc), where))
    order = {item: i for i, item in enumerate(ELIGIBILITY_ITEMS)}
    eligibility.sort(key=lambda pair: order[pair[0]])
    la = LALevel(eligibility=tuple(eligibility), **values)
    return la, LASource(name, block.sourceline, lines), issues


def _read_workers(root: Any, *, limit: int | None = None) -> tuple[list[CensusWorker], list[WorkerSource], list[Issue]]:
    """Every worker record (or the first ``limit``), with the issues found reading their values."""
    workers: list[CensusWorker] = []
    sources: list[WorkerSource] = []
    issues: list[Issue] = []
    index = 0
    for el in root:
        if _local(el) != "CSWWWorker":
            continue
        if limit is not None and index >= limit:
            break
        index += 1
        worker, source = _read_worker(el, index, issues)
        if worker is not None:
            workers.append(worker)
            sources.append(source)
    return workers, sources, issues


@lru_cache(maxsize=1 << 16)
def _parse_value(element: str, text: str) -> Any:
    """Typed value of an item. Dates, codes and FTEs repeat across workers, so parsed values are cached."""
    return WORKER_ITEMS[element].parse(text)


def _read_worker(el: Any, index: int, issues: list[Issue]) -> tuple[CensusWorker | None, WorkerSource]:
    base = f"Message/CSWWWorker[{index}]"
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    many: dict[str, list[Any]] = {}
    for child in el:
        tag = child.tag
        element = tag.rpartition("}")[2] if "}" in tag else tag
        item = WORKER_ITEMS.get(element)
        raw = child.text
        if item is None or not raw:
            continue  # unknown elements are reported by the schema; empty ones are missing
        line = child.sourceline
        if ("\x7f" in raw or not raw.isascii()) and _CONTROL.search(raw):
            issues.append(_control(element, raw, Location(line, f"{base}/{element}")))
            continue
        text = raw.strip()
        if not text:
            continue
        if len(text) > MAX_TEXT_CHARS:
            issues.append(_too_long(element, text, Location(line, f"{base}/{element}")))
            continue
        try:
            value = _parse_value(element, text)
        except ValueError as exc:
            issues.append(_unreadable(element, text, str(exc), Location(line, f"{base}/{element}")))
            continue
        if item.repeatable:
            many.setdefault(item.field, []).append(value)
        elif item.field in values:
            issues.append(
                rule("CSWW-READ-002").issue(
                    f"{element} is given more than once for this worker; only the first value was used.",
                    Location(line, f"{base}/{element}"),
                    text,
                )
            )
            continue
        else:
            values[item.field] = value
        lines.setdefault(element, line)
    source = WorkerSource(index, el.sourceline, lines)
    if "agency" not in values or "swe_no" not in values:
        issues.append(
            rule("CSWW-READ-003").issue(
                "This worker record has no readable AgencyWorker (0 or 1) or SWENo, so it was left out "
                "of the return. Add both items.",
                Location(el.sourceline, base),
            )
        )
        return None, source
    for field_name, items in many.items():
        values[field_name] = tuple(items)
    return CensusWorker(line=el.sourceline, **values), source


# --- tidying ---------------------------------------------------------------------------------------------

_SCHEMA_PREFIX = "CSWW-SCHEMA-"
_RULE_PREFIXES = ("CSWW-WKR-", "CSWW-LA-")


def _tidy(issues: list[Issue]) -> tuple[Issue, ...]:
    """One issue per problem, in file order.

    A value the schema already rejects is not reported again as unreadable; a schema range error on an element
    that a business rule explains better (for example FTE above 1) gives way to the rule's issue.
    """
    schema_at = {(i.location.line, i.location.path) for i in issues if i.code.startswith(_SCHEMA_PREFIX)}
    schema_lines = {line for line, _ in schema_at}
    rule_at = {(i.location.line, i.location.path) for i in issues if i.code.startswith(_RULE_PREFIXES)}
    kept = [
        i
        for i in issues
        if not (i.code == "CSWW-READ-001" and i.location.line in schema_lines)
        and not (i.code == "CSWW-SCHEMA-004" and (i.location.line, i.location.path) in rule_at)
    ]
    kept.sort(key=_file_order)
    return tuple(kept)


_NUMBER = re.compile(r"(\d+)")


def _file_order(issue: Issue) -> tuple[int, list[str | int]]:
    """Line, then path with its numbers compared as numbers (CSWWWorker[9] before CSWWWorker[10])."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in _NUMBER.split(issue.location.path or "")]
    return issue.location.line or 0, parts


def _listed(issues: tuple[Issue, ...], schema: SchemaCheck | None) -> tuple[Issue, ...]:
    """The first :data:`MAX_ISSUES` issues in file order, after one issue for the errors not listed (and one for
    the warnings) that counts them by code and says whether the schema check stopped early."""
    stopped = schema is not None and not schema.complete
    if len(issues) <= MAX_ISSUES and not stopped:
        return issues
    listed, rest = issues[:MAX_ISSUES], issues[MAX_ISSUES:]
    summary: list[Issue] = []
    for severity, code, what in (
        (Severity.ERROR, "CSWW-FILE-007", "errors"),
        (Severity.WARNING, "CSWW-FILE-008", "warnings"),
    ):
        counts = Counter(i.code for i in rest if i.severity is severity)
        if not counts and not (stopped and severity is Severity.ERROR):
            continue
        by_code = "; ".join(f"{c}: {n:,}" for c, n in sorted(counts.items()))
        text = (
            f"The file has more problems than are listed: the first {MAX_ISSUES:,} are listed, and "
            f"{sum(counts.values()):,} more {what} are not" + (f" ({by_code})." if counts else ".")
        )
        if stopped and severity is Severity.ERROR:
            assert schema is not None
            text += (
                f" The structure and formats (the schema) were checked for the first {schema.workers_checked:,} "
                f"of {schema.workers:,} worker records only, so the others may have more problems."
            )
        summary.append(rule(code).issue(text + " Correct the problems listed and check the file again."))
    return (*summary, *listed)
