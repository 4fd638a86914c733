"""Realistic synthetic councils for the demo, the tests and the speed scripts (see docs/synthetic.md)."""

from csc_workforce.synthetic.generator import demo_council, generate_council, national_councils
from csc_workforce.synthetic.rates import ENGLAND_2017_2025, CouncilRates, rates_from_published

__all__ = [
    "ENGLAND_2017_2025",
    "CouncilRates",
    "demo_council",
    "generate_council",
    "national_councils",
    "rates_from_published",
]
