"""The downloadable issue report, and provenance for an upload."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from csc_workforce.domain.issues import Issue
from csc_workforce.domain.records import Provenance
from csc_workforce.domain.spreadsheet import csv_text

REPORT_COLUMNS = ("row", "column", "code", "severity", "message", "value")


def issues_to_csv(issues: Iterable[Issue]) -> str:
    """CSV with one line per issue: row, column, code, severity, message, value.

    ``column`` is the header (without the sheet or file name). Cells a spreadsheet could run as a formula
    (starting =, +, -, @, ...: the rule in ``domain/spreadsheet.py``) are prefixed with a single quote, so
    opening the report is always safe.
    """
    rows: list[tuple[str, ...]] = [REPORT_COLUMNS]
    for issue in issues:
        path = issue.location.path or ""
        column = path.split("!", 1)[1] if "!" in path else path
        line = "" if issue.location.line is None else str(issue.location.line)
        rows.append((line, column, issue.code, str(issue.severity), issue.message, issue.value or ""))
    return csv_text(rows, lineterminator="\r\n")


def upload_provenance(
    *, key: str, filename: str, data: bytes, recorded_at: datetime, recorded_by: str = ""
) -> Provenance:
    """The :class:`Provenance` of an uploaded file: its name, SHA-256, who and when (``recorded_at`` is given)."""
    return Provenance(
        key=key,
        kind="upload",
        name=filename,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
        sha256=hashlib.sha256(data).hexdigest(),
    )
