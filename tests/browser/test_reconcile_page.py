"""The reconciliation page as an analyst uses it: reached from the council page, with its tables, accessible."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tests.browser.conftest import NOW, assert_accessible, sign_in


def _planted_returns() -> list[tuple[str, bytes]]:
    """Council 993's 2024 and 2025 returns, with two 2025 workers left out of the 2024 return."""
    from csc_workforce.census.csww import read_census, write_census
    from csc_workforce.census.csww.records import engagement_key
    from csc_workforce.synthetic.generator import generate_council
    from csc_workforce.synthetic.returns import council_returns

    records = generate_council(
        la_code="993", name="Westmoor", region="North West", first_year=2024, last_year=2025, seed=5, size=40
    )
    written = council_returns(records, [2024, 2025], generated_at=datetime(2025, 10, 15, 9, 0))
    r2024, r2025 = (read_census(written[y]).census_return for y in (2024, 2025))
    assert r2024 is not None and r2025 is not None
    later = {engagement_key(w) for w in r2025.workers}
    gone = [w for w in r2024.workers if not w.agency and not w.is_leaver and engagement_key(w) in later][:2]
    kept = tuple(w for w in r2024.workers if w not in gone)
    return [("993-2024.xml", write_census(replace(r2024, workers=kept))), ("993-2025.xml", written[2025])]


def test_reconciliation_page_from_the_council_page(page, site) -> None:  # type: ignore[no-untyped-def]
    from csc_workforce.store.services.census import census_import

    assert all(o.accepted for o in census_import(files=_planted_returns(), recorded_by="tests", now=NOW))
    sign_in(page, site, "analyst", "/councils/993/")
    page.get_by_role("link", name="Census returns and records: where the figures as returned and from records").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Census returns and records"
    assert page.get_by_role("table", name="Census year to 30 September 2024").is_visible()
    assert page.get_by_role("table", name="Differences between the census returns of council 993").is_visible()
    assert page.get_by_role("link", name="Download the differences between the returns (CSV)").count() == 1
    assert_accessible(page, "analyst-reconcile")
