"""Column mappings: which header holds which field, how dates are written and what local codes mean.

A council saves one :class:`ColumnMapping` per source system (as JSON) and reuses it for every extract.
:func:`default_mapping` gives the built-in one for a kind. Headers match ignoring case, spaces, underscores,
hyphens and full stops, so "Staff_No", "staff no" and "STAFF NO." are the same header.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import Issue, Location
from csc_workforce.importers.kinds import DEFAULT_TRANSLATIONS, KINDS, Kind, KindSpec
from csc_workforce.importers.table import Table

DEFAULT_DATE_FORMATS: tuple[str, ...] = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d/%m/%y",
)


def normalise_header(text: str) -> str:
    return re.sub(r"[\s_\-.]+", "", text).casefold()


@dataclass(frozen=True)
class ColumnMapping:
    """How one source system's extract of one kind maps onto the record fields.

    ``columns``: field -> header aliases (the first header in the file matching any alias is used).
    ``date_formats``: ``strftime`` formats tried in order for dates written as text.
    ``code_translations``: field -> {local value: census code}, on top of the census codes and labels.
    ``defaults``: field -> value used when the column is missing or the cell is blank.
    """

    kind: Kind
    columns: dict[str, list[str]]
    date_formats: list[str] = field(default_factory=lambda: list(DEFAULT_DATE_FORMATS))
    code_translations: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    name: str = ""

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]

    def to_json(self) -> str:
        payload = {
            "kind": str(self.kind),
            "name": self.name,
            "columns": self.columns,
            "date_formats": self.date_formats,
            "code_translations": self.code_translations,
            "defaults": self.defaults,
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """Read a mapping saved by :meth:`to_json`; ValueError naming the problem if it is not one."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"the mapping is not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise ValueError("the mapping must be a JSON object")
        try:
            kind = Kind(data["kind"])
        except (KeyError, ValueError) as error:
            kinds = ", ".join(k.value for k in Kind)
            raise ValueError(f"the mapping needs a 'kind', one of: {kinds}") from error
        known = {spec.name for spec in KINDS[kind].fields}
        columns = _str_lists(data.get("columns", {}), "columns")
        unknown = sorted((set(columns) | set(data.get("defaults", {}))) - known)
        if unknown:
            raise ValueError(f"the mapping names fields that {kind} files do not have: {', '.join(unknown)}")
        return cls(
            kind=kind,
            columns=columns,
            date_formats=[str(f) for f in data.get("date_formats", DEFAULT_DATE_FORMATS)],
            code_translations={
                str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.get("code_translations", {}).items()
            },
            defaults={str(k): str(v) for k, v in data.get("defaults", {}).items()},
            name=str(data.get("name", "")),
        )

    def translation(self, field_name: str) -> dict[str, str]:
        """Local value (normalised) -> code: the built-in translations (for any kind's field of this name, then
        for this kind's, keyed ``"<kind>.<field>"``) overridden by this mapping's."""
        merged = {
            **DEFAULT_TRANSLATIONS.get(field_name, {}),
            **DEFAULT_TRANSLATIONS.get(f"{self.kind.value}.{field_name}", {}),
            **self.code_translations.get(field_name, {}),
        }
        return {normalise_value(k): v for k, v in merged.items()}


def normalise_value(text: str) -> str:
    return " ".join(text.split()).casefold()


def _str_lists(value: object, name: str) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise ValueError(f"the mapping's '{name}' must be an object of field -> list of headers")
    out: dict[str, list[str]] = {}
    for key, aliases in value.items():
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            raise ValueError(f"the mapping's '{name}' for {key} must be a list of headers")
        out[str(key)] = [str(a) for a in aliases]
    return out


def default_mapping(kind: Kind | str) -> ColumnMapping:
    """The built-in mapping for ``kind``: every field with its usual header aliases."""
    spec = KINDS[Kind(kind)]
    return ColumnMapping(kind=spec.kind, columns={f.name: list(f.aliases) for f in spec.fields}, name="default")


def with_columns(mapping: ColumnMapping, **extra: list[str]) -> ColumnMapping:
    """A copy of ``mapping`` with more aliases for some fields, tried before the existing ones."""
    columns = {k: list(v) for k, v in mapping.columns.items()}
    for name, aliases in extra.items():
        columns[name] = [*aliases, *columns.get(name, [])]
    return ColumnMapping(
        mapping.kind, columns, list(mapping.date_formats), mapping.code_translations, mapping.defaults, mapping.name
    )


@dataclass(frozen=True, slots=True)
class ResolvedColumns:
    """Which column index holds each field, plus the issues found matching the header."""

    index: dict[str, int]
    issues: tuple[Issue, ...]

    @property
    def usable(self) -> bool:
        return not any(i.is_error for i in self.issues)


def resolve_columns(table: Table, mapping: ColumnMapping) -> ResolvedColumns:
    """Match the table's header to the mapping's fields (IMP-MAP-001/002/003)."""
    spec = mapping.spec
    by_header: dict[str, int] = {}
    for position, header in enumerate(table.header):
        if header:
            by_header.setdefault(normalise_header(header), position)
    index: dict[str, int] = {}
    issues: list[Issue] = []
    claimed: dict[int, str] = {}
    for fs in spec.fields:
        aliases = [*mapping.columns.get(fs.name, []), fs.name]  # the field's own name always matches
        found = next((by_header[n] for n in map(normalise_header, aliases) if n in by_header), None)
        if found is None:
            if fs.required and fs.name not in mapping.defaults:
                issues.append(_missing(table, fs.name, aliases))
            continue
        if found in claimed:
            continue  # one column, two fields: the first field wins
        claimed[found] = fs.name
        index[fs.name] = found
    if spec.one_of and not any(name in index for name in spec.one_of):
        wanted = [a for name in spec.one_of for a in mapping.columns.get(name, [])[:2]]
        issues.append(_missing(table, " or ".join(spec.one_of), wanted))
    free_text = {normalise_header(h) for h in spec.free_text}
    for position, header in enumerate(table.header):
        if position in claimed:
            continue
        if header and normalise_header(header) in free_text and _holds_text(table, position):
            issues.append(_free_text(table, header, spec.kind))
        else:
            issues.append(_unknown(table, position, header))
    return ResolvedColumns(index, tuple(issues))


def _holds_text(table: Table, position: int) -> bool:
    return any(position < len(row) and row[position] is not None and str(row[position]).strip() for row in table.rows)


def _free_text(table: Table, header: str, kind: Kind) -> Issue:
    """IMP-ROW-030 for a free-text column (an interview's comments) holding text: the file is refused, its text
    neither shown in the issue nor kept (a refused file is not kept)."""
    return rule("IMP-ROW-030").issue(
        f"Column {header!r} holds free text, which is never loaded from a {kind.replace('_', ' ')} file: what people "
        "said in their own words may name colleagues or give health details, and the file as received is kept "
        "with the records. Remove the column (or clear it) and upload the file again; only the coded themes are "
        "loaded. The text is not shown here or kept.",
        Location(table.header_row, f"{table.name}!{header}"),
        None,
    )


def _missing(table: Table, name: str, aliases: list[str]) -> Issue:
    expected = ", ".join(f'"{a}"' for a in aliases[:8]) or "(no headers in the mapping)"
    return rule("IMP-MAP-001").issue(
        f"No column for {name}, which is required. Name a column one of: {expected}, "
        "or add this file's header for it to the column mapping.",
        Location(table.header_row, table.name),
        name,
    )


def _unknown(table: Table, position: int, header: str) -> Issue:
    label = header or f"(column {position + 1}, no header)"
    return rule("IMP-MAP-002").issue(
        f"Column {label!r} is not used and will be ignored. If it holds a field, add it to the column mapping.",
        Location(table.header_row, f"{table.name}!{label}"),
        header or None,
    )
