"""CSV and Excel extracts from HR and case-management systems -> workforce records and issues.

The web layer runs upload -> preview -> confirm with these, and none of them touches a database:

>>> table = read_table(data, filename="staff.xlsx")                      # doctest: +SKIP
>>> result = import_table(table, default_mapping("people"), council=c, source_key="upload:7")  # doctest: +SKIP
>>> changes = preview_changes(result.records, existing)                  # doctest: +SKIP
>>> report = issues_to_csv(result.issues)                                # doctest: +SKIP
"""

from csc_workforce.importers.build import ImportResult, import_table, person_key_for_swe, team_key
from csc_workforce.importers.changes import (
    Changes,
    FieldChange,
    KindCounts,
    RecordChange,
    merge_records,
    preview_changes,
)
from csc_workforce.importers.kinds import (
    COMPLETE_FROM_KINDS,
    DATED_KINDS,
    KINDS,
    FieldSpec,
    Format,
    Kind,
    KindSpec,
)
from csc_workforce.importers.mapping import DEFAULT_DATE_FORMATS, ColumnMapping, default_mapping, with_columns
from csc_workforce.importers.report import issues_to_csv, upload_provenance
from csc_workforce.importers.table import MAX_BYTES, MAX_ROWS, Cell, Table, read_table

__all__ = [
    "COMPLETE_FROM_KINDS",
    "DEFAULT_DATE_FORMATS",
    "DATED_KINDS",
    "KINDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "Cell",
    "Changes",
    "ColumnMapping",
    "FieldChange",
    "FieldSpec",
    "Format",
    "ImportResult",
    "Kind",
    "KindCounts",
    "KindSpec",
    "RecordChange",
    "Table",
    "default_mapping",
    "import_table",
    "issues_to_csv",
    "merge_records",
    "person_key_for_swe",
    "preview_changes",
    "read_table",
    "team_key",
    "upload_provenance",
    "with_columns",
]
