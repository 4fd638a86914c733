"""Step Up to Social Work and Frontline graduates as a hiring route: they start as newly qualified social workers
on the ASYE, so planned hires by that route are the same as planned newly qualified hires, path by path."""

from __future__ import annotations

import numpy as np
import pytest

from csc_workforce.forecasting.stock_flow import PLANNED_ROUTES, Scenario, forecast
from tests.forecasting.test_agency_levers import AS_AT, LA, council


def test_step_up_and_frontline_graduates_join_as_newly_qualified_social_workers():
    frames = council()
    made = {
        route: forecast(
            frames,
            LA,
            as_at=AS_AT,
            months=12,
            paths=200,
            scenario=Scenario.from_mapping(
                {"name": route, "hires": [{"route": route, "count": 4, "calendar_month": 10}]}
            ),
        )
        for route in ("nqsw", "step_up_frontline")
    }
    for measure, paths in made["nqsw"].paths.items():
        assert np.array_equal(paths, made["step_up_frontline"].paths[measure], equal_nan=True), measure
    assert "step_up_frontline" in PLANNED_ROUTES
    with pytest.raises(ValueError, match="hires route 'frontline' is not one of"):
        Scenario.from_mapping({"hires": [{"route": "frontline", "count": 1, "calendar_month": 9}]})
