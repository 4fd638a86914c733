"""The regional extract's schema, ``extract.schema.json`` (shipped with the package): the header's fields and each
column's type and constraints, as a Frictionless Table Schema. The writer and the reader
(``regional.extract``) both check cells against it; ``docs/regional-extract.md``'s table of columns is
:func:`columns_markdown` of it (``tests/regional/test_extract.py`` checks the two agree)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from typing import Any

SCHEMA_FILE = "extract.schema.json"


class CellError(ValueError):
    """A cell its column does not accept; the message says what the column takes."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the extract, from the schema file."""

    name: str
    type: str  # string, boolean, date, number, integer
    description: str
    source: str
    example: str
    required: bool
    pattern: re.Pattern[str] | None
    enum: tuple[str, ...] | None
    minimum: Decimal | None
    maximum: Decimal | None
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]

    def expectation(self) -> str:
        """What the column takes, in words (for messages)."""
        if self.enum is not None:
            said = "one of " + ", ".join(self.enum)
        elif self.type == "boolean":
            said = " or ".join(self.true_values + self.false_values)
        elif self.type == "date":
            said = f"a date written YYYY-MM-DD (such as {self.example})"
        elif self.type in ("number", "integer"):
            whole = "a whole number" if self.type == "integer" else "a number"
            said = f"{whole} from {self.minimum} to {self.maximum} written like {self.example}"
        else:
            said = f"written like {self.example}"
        return said if self.required else said + ", or empty"

    def parse(self, cell: str) -> Any:
        """The value of ``cell`` (``None`` for an empty optional cell); :class:`CellError` if the column does not
        accept it."""
        if cell == "":
            if self.required:
                raise CellError(f"{self.name} is empty; it must be {self.expectation()}")
            return None
        if self.enum is not None and cell not in self.enum:
            raise self._refused(cell)
        if self.pattern is not None and not self.pattern.fullmatch(cell):
            raise self._refused(cell)
        if self.type == "boolean":
            if cell in self.true_values:
                return True
            if cell in self.false_values:
                return False
            raise self._refused(cell)
        if self.type == "date":
            try:
                return date.fromisoformat(cell)
            except ValueError:
                raise CellError(f"{self.name} is {cell!r}, which is not a day of the calendar") from None
        if self.type in ("number", "integer"):
            try:
                number = Decimal(cell)
            except InvalidOperation:
                raise self._refused(cell) from None
            if not number.is_finite() or (self.type == "integer" and number != number.to_integral_value()):
                raise self._refused(cell)
            if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum
            ):
                raise self._refused(cell)
            return int(number) if self.type == "integer" else number
        return cell

    def _refused(self, cell: str) -> CellError:
        # a cell is quoted only when short and not a pseudonym's place: a hand-edited file might hold anything
        shown = f" is {cell!r}, which" if len(cell) <= 24 and self.name != "worker" else ""
        return CellError(f"{self.name}{shown} is not {self.expectation()}")


@dataclass(frozen=True, slots=True)
class HeaderField:
    name: str
    pattern: re.Pattern[str]
    description: str


@dataclass(frozen=True, slots=True)
class Schema:
    format: int
    title_line: str
    header: tuple[HeaderField, ...]
    columns: tuple[Column, ...]
    rules: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _column(field: dict[str, Any]) -> Column:
    constraints = field.get("constraints", {})
    kind = field["type"]
    if kind not in ("string", "boolean", "date", "number", "integer"):
        raise ValueError(f"{SCHEMA_FILE}: column {field['name']} has type {kind}, which the reader does not know")
    enum = constraints.get("enum")
    pattern = constraints.get("pattern")
    return Column(
        name=field["name"],
        type=kind,
        description=field["description"],
        source=field["source"],
        example=field["example"],
        required=bool(constraints.get("required", False)),
        pattern=None if pattern is None else re.compile(pattern.removeprefix("^").removesuffix("$")),
        enum=None if enum is None else tuple(enum),
        minimum=_decimal(constraints.get("minimum")),
        maximum=_decimal(constraints.get("maximum")),
        true_values=tuple(field.get("trueValues", ())),
        false_values=tuple(field.get("falseValues", ())),
    )


@cache
def schema() -> Schema:
    """The schema file, read once."""
    raw = json.loads(files("csc_workforce.regional").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    header = raw["header"]
    return Schema(
        format=int(raw["format"]),
        title_line=header["title_line"],
        header=tuple(
            HeaderField(f["name"], re.compile(f["pattern"].removeprefix("^").removesuffix("$")), f["description"])
            for f in header["fields"]
        ),
        columns=tuple(_column(f) for f in raw["fields"]),
        rules=tuple(raw["rules"]),
    )


_TYPES = {"string": "text", "boolean": "true/false", "date": "date", "number": "decimal", "integer": "integer"}


def _type_words(column: Column) -> str:
    words = _TYPES[column.type]
    if column.enum is not None:
        words = "code: " + ", ".join(f"`{c}`" for c in column.enum)
    elif column.type in ("number", "integer"):
        words += f", {column.minimum} to {column.maximum}"
    elif column.name == "worker":
        words += ", 64 lower-case hex digits"
    elif column.name == "la_code":
        words += ", 3 digits"
    return words + ("" if column.required else "; may be empty")


def columns_markdown() -> str:
    """The table of columns ``docs/regional-extract.md`` holds: each column's name, type, meaning and source."""
    lines = ["| # | Column | Type | Meaning | Source in the records |", "|---|---|---|---|---|"]
    for number, c in enumerate(schema().columns, start=1):
        lines.append(f"| {number} | `{c.name}` | {_type_words(c)} | {c.description} | {c.source} |")
    return "\n".join(lines) + "\n"


def header_markdown() -> str:
    """The table of header fields ``docs/regional-extract.md`` holds."""
    lines = ["| Field | Meaning |", "|---|---|"]
    lines += [f"| `{f.name}` | {f.description} |" for f in schema().header]
    return "\n".join(lines) + "\n"
