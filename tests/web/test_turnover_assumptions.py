"""The cost of turnover on the "Recruitment and agency" page and the page setting its assumptions: an analyst or
admin changes them (checked, audited, used at once), or puts the defaults back; nobody else may."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser
from tests.web.test_records_pages import LA, council  # noqa: F401 -- the synthetic council that holds everything

URL = f"/councils/{LA}/turnover-assumptions/"
PAGE = f"/councils/{LA}/recruitment-agency/?as_at=2025-09-30"
pytestmark = pytest.mark.usefixtures("council")
GOOD = {"on_costs_pct": "28", "weekly_hours": "36", "onboarding_weeks": "8", "onboarding_productivity_pct": "60"}


def _total(client: Client) -> str:
    page = client.get(PAGE).content.decode()
    assert 'id="turnover"' in page
    cell = r"\s*<td[^>]*>([^<]*)</td>"
    found = re.search(rf"The cost of turnover</t[hd]>{cell}{cell}{cell}", page)
    assert found, "the total row"
    return found.group(3).strip()


def test_an_analyst_changes_the_assumptions_and_the_figure_follows(
    client: Client,
    make_user: MakeUser,
) -> None:
    client.force_login(make_user("lead", "analyst", la_code=LA))
    page = client.get(PAGE).content.decode()
    assert "Change the assumptions" in page and "The stated defaults: the council has not set its own." in page
    before = _total(client)
    form = client.get(URL).content.decode()
    assert 'value="30"' in form and 'value="37"' in form  # the defaults, filled in
    assert re.search(r"Leave empty to use the census pay records: £[\d,]+, the median of \d+ full-time workers", form)
    response = client.post(URL, {**GOOD, "salary_5": "£45,000"})
    assert response.status_code == 302 and response["Location"].endswith("/recruitment-agency/#turnover")
    saved = m.CostAssumptions.objects.get(la_code=LA)
    assert (saved.on_costs_pct, saved.salary_5, saved.salary_4, saved.set_by) == (28, 45000, None, "lead")
    assert m.AuditEvent.objects.filter(object_type="cost_assumptions", object_id=LA, username="lead").exists()
    page = client.get(PAGE).content.decode()
    assert "Set by lead on" in page and "£45,000 a year" in page and "28% of salary" in page
    assert _total(client) != before
    response = client.post(URL, {"defaults": "1"})
    assert response.status_code == 302 and not m.CostAssumptions.objects.exists()
    assert _total(client) == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({**GOOD, "on_costs_pct": "thirty"}, "The employer&#x27;s on-costs must be a number, like 30"),
        ({**GOOD, "on_costs_pct": "150"}, "On-costs must be between 0% and 100% of salary"),
        ({**GOOD, "weekly_hours": ""}, "Enter the hours of a full-time week"),
        ({**GOOD, "salary_5": "12"}, "A salary must be between £1,000 and £500,000 a year"),
    ],
)
def test_a_mistake_is_named_and_nothing_is_saved(
    client: Client,
    make_user: MakeUser,
    typed: dict[str, str],
    message: str,
) -> None:
    client.force_login(make_user("lead", "analyst", la_code=LA))
    response = client.post(URL, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert not m.CostAssumptions.objects.exists() and not m.AuditEvent.objects.filter(action="change").exists()


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_only_an_analyst_or_admin_sets_them(
    client: Client,
    make_user: MakeUser,
    role: str,
) -> None:
    client.force_login(make_user(f"u-{role}", role, la_code=LA))
    assert client.get(URL).status_code == 403
    assert client.post(URL, GOOD).status_code == 403
    assert "Change the assumptions" not in client.get(PAGE).content.decode()
    assert not m.CostAssumptions.objects.exists()


def test_an_analyst_of_another_council_may_not(
    client: Client,
    make_user: MakeUser,
) -> None:
    m.Council.objects.create(la_code="993", name="Elsewhere")
    client.force_login(make_user("other", "analyst", la_code="993"))
    assert client.post(URL, GOOD).status_code == 403
    assert not m.CostAssumptions.objects.exists()
