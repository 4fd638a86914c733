"""Problems found in data are values, not exceptions.

Every reader, validator and importer returns a list of :class:`Issue`. The same list renders as CLI
text, JSON, a GOV.UK error summary and a downloadable CSV.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the file or row cannot be loaded until it is fixed
    WARNING = "warning"  # loaded, but worth checking


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: an XML line and element path, or a spreadsheet row (header = row 1) and column."""

    line: int | None = None
    path: str | None = None

    def describe(self) -> str:
        """ "line 12, Message/CSWWWorker[3]/FTE" for XML; "row 7, column Date of birth (staff.csv)" for a
        spreadsheet, whose paths are "<sheet or file>!<column header>"."""
        if self.path and "!" in self.path:
            sheet, _, column = self.path.partition("!")
            where = [f"row {self.line}"] if self.line is not None else []
            where.append(f"column {column} ({sheet})" if column else sheet)
            return ", ".join(where)
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts) or "whole file"


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    severity: Severity
    message: str
    location: Location = Location()
    value: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "line": self.location.line,
            "path": self.location.path,
            "value": self.value,
        }

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> Issue:
        """An issue as :meth:`as_dict` wrote it (kept with an upload)."""
        location = Location(stored.get("line"), stored.get("path"))
        return cls(stored["code"], Severity(stored["severity"]), stored["message"], location, stored.get("value"))

    def as_text(self) -> str:
        return f"{self.severity.upper()} {self.code} ({self.location.describe()}): {self.message}"


def has_errors(issues: list[Issue] | tuple[Issue, ...]) -> bool:
    return any(issue.is_error for issue in issues)


class CannotContinue(Exception):
    """Raised only when a file cannot be read at all (not XML, empty, unknown year). Carries the issue."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue
