"""The pseudonymised regional extract: one council's engagements, for an alliance, with no name, no free text,
no SWE number (its keyed pseudonym instead) and dates of birth as years; and reading extracts back.

:func:`make_extract` writes one from a council's records (``domain.records.CouncilRecords``) as CSV text: a
header of comment lines (the format, the council, the as-at day, the key's id, the number of rows and a check
value only the key can make), the column names, and one row per engagement. :func:`read_extract` reads one
back with the keys it may have been made with, checks everything (header, every cell against
``extract.schema.json``, the rules between cells, the row count, the check) and returns an :class:`Extract`, or
raises :class:`ExtractError` naming each bad line: a file with any fault is refused whole. The layout is
``docs/regional-extract.md``.
"""

from __future__ import annotations

import csv
import hmac
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_workforce.domain.codes import ContractType, OrgRole, ReasonLeave, StartOrigin
from csc_workforce.domain.limits import CONTROL_CHARACTERS
from csc_workforce.domain.records import AgencyPlacement, Assignment, CouncilRecords, Engagement, Person
from csc_workforce.domain.spreadsheet import csv_text, is_formula_like
from csc_workforce.regional.keys import Key
from csc_workforce.regional.schema import CellError, Column, schema

FORMAT = 1
MAX_BYTES = 50 * 1024 * 1024
"""The largest extract read (as ``importers.table.MAX_BYTES``): about 200,000 rows."""
MAX_ROWS = 200_000
"""The most rows read (as ``importers.table.MAX_ROWS``); a council has a few thousand engagements."""
MAX_LINE = 1_000
"""The longest line read, in characters: a row is under 300."""
MAX_PROBLEMS = 50
"""The problems an :class:`ExtractError` lists; it counts the rest."""

_FTE_PLACES = Decimal("0.000001")
_RATE_PLACES = Decimal("0.01")
_REMAKE = (
    "An extract is read exactly as csc-workforce wrote it: make it again with `csc-workforce regional extract` "
    "rather than editing it (a spreadsheet program changes dates and numbers when it saves a file)."
)


@dataclass(frozen=True, slots=True)
class ExtractRow:
    """One engagement of the extract (the columns of ``docs/regional-extract.md``)."""

    worker: str
    swe_known: bool
    la_code: str
    contract: ContractType
    in_post: bool
    role: OrgRole | None
    fte: Decimal | None
    start_date: date | None
    start_origin: StartOrigin | None
    start_fte: Decimal | None
    end_date: date | None
    reason_leave: ReasonLeave | None
    birth_year: int | None
    charge_rate: Decimal | None
    charge_rate_from: date | None

    def cells(self) -> tuple[str, ...]:
        """The row as the extract writes it, in the schema's column order."""
        values: dict[str, str] = {
            "worker": self.worker,
            "swe_known": _bool(self.swe_known),
            "la_code": self.la_code,
            "contract": self.contract.value,
            "in_post": _bool(self.in_post),
            "role": _code(self.role),
            "fte": _decimal(self.fte, _FTE_PLACES),
            "start_date": _date(self.start_date),
            "start_origin": _code(self.start_origin),
            "start_fte": _decimal(self.start_fte, _FTE_PLACES),
            "end_date": _date(self.end_date),
            "reason_leave": _code(self.reason_leave),
            "birth_year": "" if self.birth_year is None else str(self.birth_year),
            "charge_rate": _decimal(self.charge_rate, _RATE_PLACES),
            "charge_rate_from": _date(self.charge_rate_from),
        }
        return tuple(values[name] for name in schema().names)


@dataclass(frozen=True, slots=True)
class Extract:
    """An extract read and checked: its header and its rows, in the file's order."""

    format: int
    la_code: str
    as_at: date
    key_id: str
    rows: tuple[ExtractRow, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault: the file's line (1 is the first; None for the file as a whole) and what is wrong."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


class ExtractError(ValueError):
    """An extract refused whole: every problem found (up to :data:`MAX_PROBLEMS`), each naming its line."""

    def __init__(self, name: str, problems: Sequence[Problem], *, more: int = 0, hint: str = _REMAKE) -> None:
        self.name = name
        self.problems = tuple(problems)
        self.more = more
        count = len(self.problems) + more
        lines = [f"{name} was refused ({count} problem{'s' if count != 1 else ''}); nothing in it was read."]
        lines += [f"  {p}" for p in self.problems]
        if more:
            lines.append(f"  ... and {more} more")
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


# -- writing -----------------------------------------------------------------------------------------------


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _code(value: Any) -> str:
    return "" if value is None else str(value.value)


def _date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _decimal(value: Decimal | None, places: Decimal) -> str:
    if value is None:
        return ""
    text = format(value.quantize(places).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _covering(assignments: Sequence[Assignment], day: date) -> Assignment | None:
    """The assignment covering ``day``: the later-starting one when several do (as the measures choose)."""
    found = None
    for a in assignments:  # sorted by effective_from: the last covering one starts latest
        if a.covers(day):
            found = a
    return found


def _engagement_row(
    engagement: Engagement,
    *,
    person: Person | None,
    assignments: Sequence[Assignment],
    placements: Sequence[AgencyPlacement],
    key: Key,
    la_code: str,
    as_at: date,
) -> ExtractRow:
    held = [a for a in assignments if a.effective_from <= as_at]
    ended = engagement.end_date is not None and engagement.end_date <= as_at
    now = _covering(held, as_at)
    in_post = not ended and now is not None  # the caller keeps only engagements started by ``as_at``
    if in_post:
        assert now is not None
        shown: Assignment | None = now
        fte = now.fte_in_post
    elif ended:
        assert engagement.end_date is not None
        at_end = _covering(held, engagement.end_date)
        shown, fte = at_end or (held[-1] if held else None), at_end.fte if at_end else None
    else:  # no leaving date and no assignment covering the day: not in post, FTE not known then
        shown, fte = (held[-1] if held else None), None
    start_fte = None
    if engagement.start_date is not None and held:
        at_start = _covering(held, engagement.start_date)
        start_fte = at_start.fte if at_start is not None else held[0].fte
    role = shown.role if shown is not None else None
    rates: list[AgencyPlacement] = []
    if engagement.contract is ContractType.AGENCY:
        started = sorted((p for p in placements if p.start <= as_at), key=lambda p: p.start)
        if role is None:
            role = next((p.role for p in reversed(started) if p.role is not None), None)
        rates = [p for p in started if p.charge_rate is not None]
    highest = max(rates, key=lambda p: (p.charge_rate or Decimal(0), -p.start.toordinal())) if rates else None
    swe = (person.swe_no or "").strip() if person is not None else ""
    return ExtractRow(
        worker=key.pseudonym(swe) if swe else key.local_pseudonym(la_code, engagement.person_key),
        swe_known=bool(swe),
        la_code=la_code,
        contract=engagement.contract,
        in_post=in_post,
        role=role,
        fte=fte,
        start_date=engagement.start_date,
        start_origin=engagement.start_origin,
        start_fte=start_fte,
        end_date=engagement.end_date if ended else None,
        reason_leave=engagement.reason_leave if ended else None,
        birth_year=person.birth_date.year if person is not None and person.birth_date is not None else None,
        charge_rate=highest.charge_rate if highest is not None else None,
        charge_rate_from=highest.start if highest is not None else None,
    )


def extract_rows(records: CouncilRecords, *, key: Key, as_at: date) -> tuple[ExtractRow, ...]:
    """The council's engagements that started by ``as_at`` (or before the records began) as extract rows, as
    they stood on ``as_at`` (a later end date, and anything recorded from after it, left out), sorted by their
    cells so that the order says nothing of the records'."""
    la_code = records.council.la_code
    people = {p.key: p for p in records.people}
    assignments: dict[str, list[Assignment]] = {}
    for a in sorted(records.assignments, key=lambda a: a.effective_from):
        assignments.setdefault(a.engagement_key, []).append(a)
    placements: dict[str, list[AgencyPlacement]] = {}
    for p in records.agency_placements:
        placements.setdefault(p.engagement_key, []).append(p)
    rows = [
        _engagement_row(
            e,
            person=people.get(e.person_key),
            assignments=assignments.get(e.key, ()),
            placements=placements.get(e.key, ()),
            key=key,
            la_code=la_code,
            as_at=as_at,
        )
        for e in records.engagements
        if e.start_date is None or e.start_date <= as_at
    ]
    return tuple(sorted(rows, key=lambda r: r.cells()))


def _header(la_code: str, as_at: date, key_id: str, rows: int) -> list[str]:
    values = {"format": str(FORMAT), "la_code": la_code, "as_at": as_at.isoformat(), "key_id": key_id, "rows": rows}
    return [f"# {f.name}: {values[f.name]}" for f in schema().header if f.name != "check"]


def _checked_text(header: Sequence[str], body: Sequence[str]) -> str:
    """The text the check is made over: the title, the header's other lines, the column names and every row."""
    return "\n".join([schema().title_line, *header, *body]) + "\n"


@dataclass(frozen=True, slots=True)
class MadeExtract:
    """An extract written: its text (CSV with its header) and how many rows it holds."""

    text: str
    rows: int


def make_extract(records: CouncilRecords, *, key: Key, as_at: date) -> MadeExtract:
    """The council's extract as at ``as_at`` (:func:`extract_rows`), as CSV text with its header. Every row is
    checked against the schema as it is written, so what is written can be read back."""
    rows = extract_rows(records, key=key, as_at=as_at)
    columns = schema().columns
    for row in rows:
        for column, cell in zip(columns, row.cells(), strict=True):
            column.parse(cell)  # a value the schema refuses is a fault here, never a file nobody can read
    body = csv_text([schema().names, *(r.cells() for r in rows)]).splitlines()
    # the check is made over the cells joined by commas, as the reader joins them: the schema's cells hold no
    # comma, quote or line break, so the CSV writer writes them so too
    assert body == [",".join(schema().names), *(",".join(r.cells()) for r in rows)]
    header = _header(records.council.la_code, as_at, key.key_id, len(rows))
    check = key.check(_checked_text(header, body))
    return MadeExtract("\n".join([schema().title_line, *header, f"# check: {check}", *body]) + "\n", len(rows))


# -- reading -----------------------------------------------------------------------------------------------


def _text(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ExtractError(
            name,
            [
                Problem(
                    None,
                    f"it is {len(data) / 1024 / 1024:.1f} MB; the largest extract read is "
                    f"{MAX_BYTES // 1024 // 1024} MB",
                )
            ],
        )
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise ExtractError(name, [Problem(None, "it is a spreadsheet workbook, not the CSV file an extract is")])
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExtractError(name, [Problem(line, "it is not UTF-8 text, as every extract is")]) from None


def _split(text: str, name: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.removesuffix("\r") for line in lines]
    while lines and lines[-1] == "":  # blank lines at the end (a spreadsheet may add them) are ignored
        lines.pop()
    if len(lines) > MAX_ROWS + 9:
        raise ExtractError(name, [Problem(None, f"it has more than {MAX_ROWS:,} rows, the most an extract holds")])
    return lines


def _line_problem(line: str) -> str | None:
    if len(line) > MAX_LINE:
        return f"the line is {len(line):,} characters long; an extract's lines are under {MAX_LINE:,}"
    if CONTROL_CHARACTERS.search(line) or "\r" in line:
        return "the line holds a control character (a hidden character no extract holds)"
    return None


def _cells(line: str) -> list[str]:
    return next(csv.reader([line], strict=True), [])


def _line_of(field: str) -> int:
    """The line of a header field: the title is line 1, the fields follow in the schema's order."""
    return 2 + [f.name for f in schema().header].index(field)


@dataclass(frozen=True, slots=True)
class _Header:
    la_code: str
    as_at: date
    key_id: str
    rows: int
    check: str
    lines: tuple[str, ...]  # as written, without the check line


def _read_header(lines: Sequence[str], name: str) -> _Header:
    s = schema()
    if not lines or lines[0] != s.title_line:
        raise ExtractError(
            name,
            [Problem(1, f"the first line is not {s.title_line!r}, so this is not a csc-workforce regional extract")],
            hint="Check the file is the one `csc-workforce regional extract` wrote.",
        )
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for number, field in enumerate(s.header, start=2):
        line = lines[number - 1] if number - 1 < len(lines) else ""
        prefix = f"# {field.name}: "
        if not line.startswith(prefix):
            problems.append(Problem(number, f"the header's line {field.name!r} ({prefix}...) is missing here"))
            continue
        value = line.removeprefix(prefix)
        if not field.pattern.fullmatch(value):
            problems.append(Problem(number, f"the header's {field.name} is not as an extract writes it"))
            continue
        values[field.name] = value
    if problems:
        raise ExtractError(name, problems)
    if int(values["format"]) != s.format:
        newer = int(values["format"]) > s.format
        raise ExtractError(
            name,
            [Problem(_line_of("format"), f"it is format {values['format']}; this version reads format {s.format}")],
            hint="Upgrade csc-workforce to read it." if newer else "Ask the council for an extract made again.",
        )
    try:
        as_at = date.fromisoformat(values["as_at"])
    except ValueError:
        wrong = Problem(_line_of("as_at"), "the header's as_at is not a day of the calendar")
        raise ExtractError(name, [wrong]) from None
    return _Header(
        la_code=values["la_code"],
        as_at=as_at,
        key_id=values["key_id"],
        rows=int(values["rows"]),
        check=values["check"],
        lines=tuple(line for line in lines[1 : 1 + len(s.header)] if not line.startswith("# check: ")),
    )


def _row_rules(values: dict[str, Any], header: _Header) -> list[str]:
    """The rules between cells (``extract.schema.json``'s ``rules``) a row breaks."""
    broken: list[str] = []
    if values["la_code"] != header.la_code:
        broken.append(f"la_code is {values['la_code']}, but the extract is of council {header.la_code}")
    for column in ("start_date", "end_date", "charge_rate_from"):
        if values[column] is not None and values[column] > header.as_at:
            broken.append(f"{column} {values[column]} is after the extract's as_at, {header.as_at}")
    start, end = values["start_date"], values["end_date"]
    if start is not None and end is not None and end < start:
        broken.append(f"end_date {end} is before start_date {start}")
    if end is not None and values["in_post"]:
        broken.append("in_post is true, but the engagement has an end_date")
    if values["reason_leave"] is not None and end is None:
        broken.append("reason_leave is given without an end_date")
    if values["start_fte"] is not None and start is None:
        broken.append("start_fte is given without a start_date")
    rate, rate_from = values["charge_rate"], values["charge_rate_from"]
    if (rate is not None or rate_from is not None) and values["contract"] != ContractType.AGENCY.value:
        broken.append("charge_rate and charge_rate_from are for agency engagements only")
    if (rate is None) != (rate_from is None):
        broken.append("charge_rate and charge_rate_from go together: give both or neither")
    if values["birth_year"] is not None and values["birth_year"] > header.as_at.year:
        broken.append(f"birth_year {values['birth_year']} is after the extract's as_at year")
    return broken


def _row(values: dict[str, Any]) -> ExtractRow:
    def code(cls: Any, value: str | None) -> Any:
        return None if value is None else cls.of(value)

    return ExtractRow(
        worker=values["worker"],
        swe_known=values["swe_known"],
        la_code=values["la_code"],
        contract=ContractType.of(values["contract"]),
        in_post=values["in_post"],
        role=code(OrgRole, values["role"]),
        fte=values["fte"],
        start_date=values["start_date"],
        start_origin=code(StartOrigin, values["start_origin"]),
        start_fte=values["start_fte"],
        end_date=values["end_date"],
        reason_leave=code(ReasonLeave, values["reason_leave"]),
        birth_year=values["birth_year"],
        charge_rate=values["charge_rate"],
        charge_rate_from=values["charge_rate_from"],
    )


def _read_rows(
    lines: Sequence[str], first: int, header: _Header, columns: Sequence[Column]
) -> tuple[list[ExtractRow], list[str], list[Problem], int]:
    """The rows from line ``first`` (0-based index), their cells joined as the check reads them, and the
    problems (at most :data:`MAX_PROBLEMS`, with a count of the rest)."""
    rows: list[ExtractRow] = []
    canonical: list[str] = []
    problems: list[Problem] = []
    more = 0

    def fault(number: int, message: str) -> None:
        nonlocal more
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(number, message))
        else:
            more += 1

    for index in range(first, len(lines)):
        number, line = index + 1, lines[index]
        wrong = _line_problem(line) or ("the line is blank; an extract has no blank lines" if not line else None)
        if wrong:
            fault(number, wrong)
            continue
        try:
            cells = _cells(line)
        except csv.Error as error:
            fault(number, f"the line cannot be read as CSV ({error})")
            continue
        if len(cells) != len(columns):
            fault(number, f"the line has {len(cells)} cells; a row has {len(columns)}, one for each column")
            continue
        values: dict[str, Any] = {}
        bad = False
        for column, cell in zip(columns, cells, strict=True):
            if is_formula_like(cell):
                fault(number, f"{column.name} holds text a spreadsheet would run as a formula; no extract does")
                bad = True
                continue
            try:
                values[column.name] = column.parse(cell)
            except CellError as error:
                fault(number, str(error))
                bad = True
        if bad:
            continue
        broken = _row_rules(values, header)
        for message in broken:
            fault(number, message)
        if not broken:
            rows.append(_row(values))
            canonical.append(",".join(cells))
    return rows, canonical, problems, more


def _source(source: bytes | Path, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "The extract"
    label = name or f"The extract {source}"
    try:
        with source.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ExtractError(label, [Problem(None, f"it cannot be read: {exc.strerror}")], hint="") from None
    return data, label


def read_extract(
    source: bytes | Path,
    keys: Iterable[Key],
    *,
    councils: Collection[str] | None = None,
    name: str | None = None,
) -> Extract:
    """Read and check an extract (its bytes, or a path) made with one of ``keys`` (several after a rotation:
    each extract is read with the key whose id it names). ``councils``, when given, are the councils an extract
    may be of (an alliance's members). Raises :class:`ExtractError`, naming each bad line, when anything is
    wrong: the header (not an extract, another format, a key not given, a council outside ``councils``), any
    row (a cell its column refuses, a rule between cells broken), the row count, or the check (the file was
    made with another key or changed since). ``name`` is how messages name the file."""
    data, label = _source(source, name)
    lines = _split(_text(data, label), label)
    for number, line in enumerate(lines[: 1 + len(schema().header)], start=1):
        wrong = _line_problem(line)
        if wrong:
            raise ExtractError(label, [Problem(number, wrong)])
    header = _read_header(lines, label)
    by_id = {k.key_id: k for k in keys}
    key = by_id.get(header.key_id)
    if key is None:
        given = ", ".join(sorted(by_id)) or "none"
        made = f"it was made with the key whose id is {header.key_id}; the keys given have ids {given}"
        raise ExtractError(
            label,
            [Problem(_line_of("key_id"), made)],
            hint="Give the key file the alliance made it with (after a key is rotated, give the old key too).",
        )
    if councils is not None and header.la_code not in councils:
        outside = f"it is of council {header.la_code}, which is not one of {', '.join(sorted(councils))}"
        raise ExtractError(
            label,
            [Problem(_line_of("la_code"), outside)],
            hint="Only extracts of the alliance's member councils are read.",
        )
    columns = schema().columns
    at = 1 + len(schema().header)  # the column names' line (0-based index)
    names = lines[at] if at < len(lines) else ""
    try:
        named = _cells(names) if not _line_problem(names) else None
    except csv.Error:
        named = None
    if named != list(schema().names):
        raise ExtractError(
            label, [Problem(at + 1, "the column names are not the extract's: " + ",".join(schema().names))]
        )
    rows, canonical, problems, more = _read_rows(lines, at + 1, header, columns)
    if not problems and len(rows) != header.rows:
        problems.append(Problem(None, f"the header says {header.rows} rows, but the file has {len(rows)}"))
    if problems:
        raise ExtractError(label, problems, more=more)
    expected = key.check(_checked_text(header.lines, [",".join(schema().names), *canonical]))
    if not hmac.compare_digest(expected, header.check):
        changed = f"its check value does not match the key whose id is {header.key_id}: it was changed since"
        raise ExtractError(
            label,
            [Problem(_line_of("check"), changed)],
            hint="Ask the council for the extract again, and send it unopened: never edit an extract.",
        )
    return Extract(format=FORMAT, la_code=header.la_code, as_at=header.as_at, key_id=header.key_id, rows=tuple(rows))
