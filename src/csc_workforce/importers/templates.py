"""A template for each kind of file: the header a council fills in, as CSV and as an Excel workbook.

The header is each field's own name (``person_ref``, ``on``, ``kind``...), in the kind's order: a field's own
name always matches its column (``importers/mapping.py``), whatever mapping the file is read with, so a filled-in
template loads with the built-in mapping and with any council's. The workbook has the header on its first sheet
and, on a second, what each field holds. Both are written by the package's one writer (``domain/spreadsheet.py``).
"""

from __future__ import annotations

from csc_workforce.domain.spreadsheet import Sheet, csv_text, xlsx_bytes
from csc_workforce.importers.kinds import KINDS, Format, Kind, KindSpec

_FORMATS = {
    Format.TEXT: "text",
    Format.DATE: "date (an Excel date, or 31/03/2025 or 2025-03-31)",
    Format.DECIMAL: "number, 0 or more",
    Format.FTE: "number from 0 to 1 (1 is full time)",
    Format.COUNT: "whole number, 0 or more",
    Format.YES_NO: "yes or no",
    Format.CODE: "code",
}


def template_header(kind: Kind | str) -> list[str]:
    """The template's header: the kind's field names, in order."""
    return [spec.name for spec in KINDS[Kind(kind)].fields]


def template_csv(kind: Kind | str) -> str:
    """The template as CSV text: the header row only."""
    return csv_text([template_header(kind)])


def template_filename(kind: Kind | str, suffix: str) -> str:
    return f"{Kind(kind).value}-template.{suffix}"


def field_rows(spec: KindSpec) -> list[list[str]]:
    """What each field holds: name, required, format, accepted values, meaning, other headers accepted."""
    rows = [["field", "required", "format", "accepted values", "meaning", "other headers accepted"]]
    for field in spec.fields:
        accepted = "; ".join(f"{m.value} ({m.label})" for m in field.codes) if field.codes else ""
        rows.append(
            [
                field.name,
                "yes" if field.required else "",
                _FORMATS[field.format] + (f", at most {field.bound.maximum:,}" if field.bound else ""),
                accepted,
                field.help,
                ", ".join(field.aliases[1:]),
            ]
        )
    return rows


def template_xlsx(kind: Kind | str) -> bytes:
    """The template as an Excel workbook: the header on the first sheet, what each field holds on the second."""
    spec = KINDS[Kind(kind)]
    sheets = [
        Sheet(spec.kind.value, [template_header(kind)], frozenset({0})),
        Sheet("Fields", field_rows(spec), frozenset({0})),
    ]
    return xlsx_bytes(sheets)
