"""Text a spreadsheet would run as a formula, as the security audit put it into names, usernames and files; the
tests of every CSV and XLSX writer put these into the data it writes (rule: ``domain/spreadsheet.py``)."""

from __future__ import annotations

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
