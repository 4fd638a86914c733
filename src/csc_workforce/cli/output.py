"""Shared output helpers: JSON, CSV and plain tables, written to stdout."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def print_csv(rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """A plain text table; long tables are transposed so that each council is a column."""
    if not rows:
        print("(no rows)")
        return
    columns = list(columns or rows[0])
    cells = [[_fmt(row.get(c)) for c in columns] for row in rows]
    # one line per measure, one column per council: readable in a terminal
    width = max(len(c) for c in columns)
    col_w = [max(len(cells[j][i]) for i in range(len(columns))) for j in range(len(rows))]
    for i, name in enumerate(columns):
        values = "  ".join(cells[j][i].rjust(col_w[j]) for j in range(len(rows)))
        print(f"{name.ljust(width)}  {values}")


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
