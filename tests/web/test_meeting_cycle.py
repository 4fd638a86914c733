"""The meeting cycle on a strategy's page: each body's next meeting on or after the date, how often it meets
and the papers it needs, linked to the council's reports page where the council is held. Every paper a seed
strategy names is a kind of report the service writes."""

from __future__ import annotations

import pytest
from django.test import Client

from csc_workforce.store.services.reports import REPORT_KINDS
from csc_workforce.strategies import seed_strategies
from tests.web.conftest import MakeUser
from tests.web.test_records_pages import LA, council  # noqa: F401 -- the synthetic council that holds everything


def test_every_paper_a_seed_names_is_a_report_kind() -> None:
    papers = {p for s in seed_strategies() for b in s.governance for p in b.papers}
    assert papers and papers <= set(REPORT_KINDS)
    assert all(s.governance for s in seed_strategies()), "each seed says whom it reports to"


@pytest.mark.usefixtures("council")
def test_the_strategy_page_shows_each_body_s_next_meeting_and_its_papers(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user("lead", "analyst", la_code=LA))
    page = client.get("/strategies/bexley-2020-23/", {"la": LA, "as_at": "2025-03-20"}).content.decode()
    assert 'id="meetings"' in page
    # monthly from 15 January 2020: 15 April 2025; every 10 weeks from 20 January 2020: 24 March 2025
    assert 'Workforce strategy group</th><td class="govuk-table__cell">Every month (last 15 March 2025)' in page
    assert '<td class="govuk-table__cell">15 April 2025</td>' in page
    assert '<td class="govuk-table__cell">24 March 2025</td>' in page
    # the paper for 24 March 2025 is as at the month end before it
    assert (
        f'href="/councils/{LA}/reports/?kind=strategy-progress&amp;strategy=bexley-2020-23&amp;as_at=2025-02-28"'
        in page
    )


def test_a_council_not_held_has_the_papers_named_not_linked(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user("admin", "admin"))
    page = client.get("/strategies/lewisham-2016-18/", {"as_at": "2025-03-20"}).content.decode()
    assert "Monthly HR performance report" in page and "/reports/?kind=monthly-hr" not in page
