"""What a census item can be, one place for both ways in (census returns, ``census.csww``; HR extracts,
``importers``), so that nothing an extract loads fails the council's own census return later: the most a number
can be (CSWW-WKR-017, IMP-ROW-009; each inside what its database column holds, ``tests/store/test_import_bounds.py``)
and the characters no item may hold (CSWW-READ-004, IMP-ROW-010)."""

from __future__ import annotations

import re
from decimal import Decimal

MOST_CASES = Decimal(9_999)  # Cases30: the specification's format is at most 4 digits
MOST_WORKING_DAYS_LOST = Decimal(366)  # WorkingDaysLost: the days in a census year, at most
MOST_CONTRACT_WEEKS = Decimal(500)  # ContractWeeks: the specification does not expect more (nearly ten years)

# Control characters other than tab, line feed and carriage return (C0, DEL and C1): never in real text, and a
# NUL cannot be stored in PostgreSQL at all.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
