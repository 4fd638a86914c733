"""Turn one spreadsheet cell into a typed value, or an issue saying what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.codes import CodeList
from csc_workforce.domain.issues import Issue, Location
from csc_workforce.importers.kinds import NO, YES, FieldSpec, Format
from csc_workforce.importers.mapping import ColumnMapping, normalise_value
from csc_workforce.importers.table import CONTROL, Cell

Value = str | date | Decimal | int | bool | CodeList | None


@dataclass(frozen=True, slots=True)
class Where:
    row: int
    column: str  # "sheet!header"

    @property
    def location(self) -> Location:
        return Location(self.row, self.column)


def text_of(cell: Cell) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip() or None


def issue(code: str, message: str, where: Where, cell: Cell) -> Issue:
    return rule(code).issue(message, where.location, text_of(cell))


def parse_cell(cell: Cell, spec: FieldSpec, mapping: ColumnMapping, where: Where) -> tuple[Value, Issue | None]:
    """The typed value of ``cell`` for ``spec`` (None when blank), or an IMP-ROW-* issue."""
    if cell is None:
        return None, None
    if isinstance(cell, str) and CONTROL.search(cell):
        shown = CONTROL.sub("?", cell)
        return None, rule("IMP-ROW-010").issue(
            f"{spec.name} {shown!r} holds a control character (shown as ?), which is never part of real text: it "
            "was probably pasted from another system. Retype the cell without it.",
            where.location,
            shown,
        )
    match spec.format:
        case Format.TEXT:
            return _text(cell, spec, where)
        case Format.DATE:
            return _date(cell, spec, mapping, where)
        case Format.DECIMAL | Format.FTE:
            return _decimal(cell, spec, where)
        case Format.COUNT:
            return _count(cell, spec, where)
        case Format.YES_NO:
            return _yes_no(cell, spec, where)
        case Format.CODE:
            return _code(cell, spec, mapping, where)
    raise AssertionError(spec.format)  # pragma: no cover


def _text(cell: Cell, spec: FieldSpec, where: Where) -> tuple[Value, Issue | None]:
    text = text_of(cell)
    if text is not None and len(text) > spec.max_length:
        return None, rule("IMP-ROW-011").issue(
            f"{spec.name} is {len(text):,} characters long; the most accepted is {spec.max_length:,}. Shorten it, or "
            "check the column holds what the field means.",
            where.location,
            text[:50] + "...",
        )
    return text, None


def _bounded(number: Decimal, cell: Cell, spec: FieldSpec, where: Where) -> tuple[Decimal, Issue | None]:
    """``number`` rounded half up to the places its column keeps, or an issue if it is above the field's
    maximum (checked first, so rounding can never carry it past what the column holds)."""
    if number == 0:
        number = abs(number)  # -0 is 0
    bound = spec.bound
    if bound is None:
        return number, None
    if number > bound.maximum:
        return number, issue(
            "IMP-ROW-009",
            f"{spec.name} {text_of(cell)} is more than {bound.maximum:,}, the largest this import accepts. "
            + bound.check,
            where,
            cell,
        )
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > bound.places:
        number = number.quantize(Decimal(1).scaleb(-bound.places), rounding=ROUND_HALF_UP)
    return number, None


def _date(cell: Cell, spec: FieldSpec, mapping: ColumnMapping, where: Where) -> tuple[Value, Issue | None]:
    if isinstance(cell, datetime):
        return cell.date(), None
    if isinstance(cell, date):
        return cell, None
    text = text_of(cell) or ""
    # A date-and-time written as text ("2024-03-01 00:00:00", "01/03/2024 09:00"): the date part is used.
    candidates = dict.fromkeys((text, text.split(" ")[0].split("T")[0]))
    for candidate in candidates:
        for fmt in mapping.date_formats:
            try:
                return datetime.strptime(candidate, fmt).date(), None
            except ValueError:
                continue
    examples = ", ".join(f"{fmt} (e.g. {date(2024, 3, 31).strftime(fmt)})" for fmt in mapping.date_formats[:4])
    return None, issue(
        "IMP-ROW-002",
        f"{spec.name} {text!r} is not a date this import understands. Accepted formats: {examples}. "
        "Correct the cell, format the column as Date in Excel, or add the format to the mapping's date_formats.",
        where,
        cell,
    )


def _number(cell: Cell) -> Decimal | None:
    if isinstance(cell, bool) or isinstance(cell, date):
        return None
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    try:
        number = Decimal(str(cell).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _decimal(cell: Cell, spec: FieldSpec, where: Where) -> tuple[Value, Issue | None]:
    number = _number(cell)
    if number is None:
        return None, issue("IMP-ROW-007", f"{spec.name} must be a number; this row has {text_of(cell)!r}.", where, cell)
    if spec.format is Format.FTE and not (0 <= number <= 1):
        return None, issue(
            "IMP-ROW-004",
            f"FTE must be between 0 and 1; this row has {text_of(cell)}. "
            "A full-time worker is 1; if the system gives hours, divide by the full-time weekly hours (e.g. 37).",
            where,
            cell,
        )
    if number < 0:
        return None, issue("IMP-ROW-008", f"{spec.name} cannot be negative; this row has {text_of(cell)}.", where, cell)
    number, problem = _bounded(number, cell, spec, where)
    return (None, problem) if problem else (number, None)


def _count(cell: Cell, spec: FieldSpec, where: Where) -> tuple[Value, Issue | None]:
    number = _number(cell)
    if number is None or number != number.to_integral_value():
        return None, issue(
            "IMP-ROW-007", f"{spec.name} must be a whole number; this row has {text_of(cell)!r}.", where, cell
        )
    if number < 0:
        return None, issue("IMP-ROW-008", f"{spec.name} cannot be negative; this row has {text_of(cell)}.", where, cell)
    number, problem = _bounded(number, cell, spec, where)
    return (None, problem) if problem else (int(number), None)


def _yes_no(cell: Cell, spec: FieldSpec, where: Where) -> tuple[Value, Issue | None]:
    text = normalise_value(text_of(cell) or "")
    if text in YES:
        return True, None
    if text in NO:
        return False, None
    return None, issue(
        "IMP-ROW-003",
        f"{spec.name} {text_of(cell)!r} is not recognised. Accepted values: Yes, No, Y, N, True, False, 1, 0.",
        where,
        cell,
    )


def translate(text: str, codes: type[CodeList], translations: dict[str, str]) -> CodeList | None:
    """The code for ``text``: a mapping translation, else the census code or its label (case-insensitive)."""
    key = normalise_value(text)
    candidate = translations.get(key, text)
    for member in codes:
        if normalise_value(member.value) == normalise_value(candidate):
            return member
    for member in codes:
        if normalise_value(member.label) == key:
            return member
    return None


def _code(cell: Cell, spec: FieldSpec, mapping: ColumnMapping, where: Where) -> tuple[Value, Issue | None]:
    assert spec.codes is not None
    text = text_of(cell) or ""
    member = translate(text, spec.codes, mapping.translation(spec.name))
    if member is not None:
        return member, None
    accepted = "; ".join(f"{m.value} ({m.label})" for m in spec.codes)
    example = f'"code_translations": {{"{spec.name}": {{"{text}": "<code>"}}}}'
    return None, issue(
        "IMP-ROW-003",
        f"{spec.name} {text!r} is not recognised. Accepted census codes: {accepted}. "
        f"Correct the cell, or if {text!r} is your system's own value, add it to the column mapping: {example}.",
        where,
        cell,
    )
