from __future__ import annotations

import pytest

from csc_workforce.domain.records import CouncilRecords
from csc_workforce.synthetic import generate_council


@pytest.fixture(scope="package")
def council_300() -> CouncilRecords:
    """A 300-FTE council over 2017-2025: the calibration and consistency tests share it."""
    return generate_council(
        la_code="990",
        name="Calibration",
        region="North West",
        first_year=2017,
        last_year=2025,
        seed=11,
        size=300,
    )
