"""The downloadable issue report, and provenance for an upload."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from datetime import datetime

from csc_workforce.domain.issues import Issue
from csc_workforce.domain.records import Provenance

REPORT_COLUMNS = ("row", "column", "code", "severity", "message", "value")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def issues_to_csv(issues: Iterable[Issue]) -> str:
    """CSV with one line per issue: row, column, code, severity, message, value.

    ``column`` is the header (without the sheet or file name). Cells that Excel would run as a formula
    (starting =, +, -, @) are prefixed with an apostrophe, so opening the report is always safe.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for issue in issues:
        path = issue.location.path or ""
        column = path.split("!", 1)[1] if "!" in path else path
        line = "" if issue.location.line is None else str(issue.location.line)
        cells = (line, column, issue.code, str(issue.severity), issue.message, issue.value or "")
        writer.writerow([_safe(c) for c in cells])
    return out.getvalue()


def _safe(text: str) -> str:
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not _NUMBER.fullmatch(text)):
        return "'" + text
    return text


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
