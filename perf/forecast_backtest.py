"""Refresh the aggregate forecast's published backtest: ``perf/forecast_backtest.csv`` (the summary, as
``csc-workforce forecast backtest --summary --format csv`` prints it) and the table in ``perf/forecast_backtest.md``
and ``docs/forecasting.md`` (between the ``backtest-summary`` markers). Run after a new DfE release is shipped:

    PYTHONPATH=src .venv/bin/python perf/forecast_backtest.py
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path

from csc_workforce.cli.main import main
from csc_workforce.forecasting.aggregate import backtest, published_panel, summarise, summary_markdown, summary_table

ROOT = Path(__file__).resolve().parent.parent
CSV_FILE = ROOT / "perf" / "forecast_backtest.csv"
MARKDOWN_FILES = (ROOT / "perf" / "forecast_backtest.md", ROOT / "docs" / "forecasting.md")
MARKERS = re.compile(r"(<!-- backtest-summary -->\n).*?(<!-- /backtest-summary -->)", re.S)


def main_script() -> None:
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        main(["forecast", "backtest", "--summary", "--format", "csv"])
    seconds = time.perf_counter() - started
    CSV_FILE.write_text(out.getvalue(), encoding="utf-8", newline="")
    table = summary_markdown(summary_table(summarise(backtest(published_panel()))))
    for path in MARKDOWN_FILES:
        text = path.read_text(encoding="utf-8")
        path.write_text(MARKERS.sub(lambda m: m.group(1) + table + m.group(2), text), encoding="utf-8")
    names = ", ".join(p.name for p in MARKDOWN_FILES)
    print(f"backtest in {seconds:.1f} s; wrote {CSV_FILE.name} and the table in {names}")


if __name__ == "__main__":
    main_script()
