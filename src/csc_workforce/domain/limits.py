"""The most a census item can be, one place for both ways in (census returns, ``census.csww.rules``, CSWW-WKR-017;
HR extracts, ``importers.kinds``, IMP-ROW-009), so that nothing an extract loads fails the council's own census
return later. Each is inside what its database column holds (``tests/store/test_import_bounds.py``)."""

from __future__ import annotations

from decimal import Decimal

MOST_CASES = Decimal(9_999)  # Cases30: the specification's format is at most 4 digits
MOST_WORKING_DAYS_LOST = Decimal(366)  # WorkingDaysLost: the days in a census year, at most
MOST_CONTRACT_WEEKS = Decimal(500)  # ContractWeeks: the specification does not expect more (nearly ten years)
