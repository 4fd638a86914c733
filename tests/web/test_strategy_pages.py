"""The strategy pages: the seed strategies, and one evaluated for a council as at a date."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape

import pytest
from django.test import Client

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser


def _client(client: Client, make_user: MakeUser, role: str, **profile: object) -> Client:
    client.force_login(make_user(f"a-{role}", role, **profile))
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("role", ["admin", "analyst", "manager", "viewer"])
def test_every_role_sees_the_list_and_a_strategy(client: Client, make_user: MakeUser, role: str):
    c = _client(client, make_user, role)
    listed = c.get("/strategies/")
    assert listed.status_code == 200
    html = listed.content.decode()
    for seed in ("bexley-2020-23", "dudley-2021-23", "lewisham-2016-18", "slough-2014-17"):
        assert f'href="/strategies/{seed}/"' in html
    assert "csc-workforce strategy evaluate" in html and "docs/strategies.md" in html
    assert 'href="/strategies/"' in html  # the header navigation
    page = c.get("/strategies/slough-2014-17/")
    assert page.status_code == 200
    assert "Summary" in page.content.decode()


def test_signed_out_users_are_sent_to_sign_in(client: Client, db: None):
    assert client.get("/strategies/dudley-2021-23/").status_code == 302


def test_an_unknown_strategy_is_not_found(client: Client, make_user: MakeUser):
    assert _client(client, make_user, "viewer").get("/strategies/nowhere-2020/").status_code == 404


def test_dudley_on_dfe_published_figures(client: Client, make_user: MakeUser):
    assert not m.Council.objects.filter(la_code="332").exists()
    response = _client(client, make_user, "analyst").get("/strategies/dudley-2021-23/?as_at=2024-01-01")
    html = response.content.decode()
    text = _text(html)
    assert "Judged for Dudley (332) as at 1 January 2024" in text
    assert "DfE's published" in text
    assert "At least 92%" in text
    row = next(r for r in html.split("<tr") if "A complement of 92% permanent social work staff" in r)
    assert "81.1%" in row and "Sep 2023" in row
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in row
    assert "was 81.1% in September 2023, short of the 92% target for 2023; the target was not met." in text
    # the chart with its target line, and its data table
    assert 'role="img"' in html and "<title id=" in html and ">Target 92%</text>" in html
    assert "Figure 1: A complement of 92% permanent social work staff: the figures" in html
    # nothing is audited for reading a page
    assert not m.AuditEvent.objects.exists()


def test_an_analyst_of_one_council_sees_the_strategy_for_their_council(
    client: Client, make_user: MakeUser, councils: list[str]
):
    name = m.Council.objects.get(la_code="990").name
    c = _client(client, make_user, "analyst", la_code="990")
    text = _text(c.get("/strategies/dudley-2021-23/?as_at=2026-01-01").content.decode())
    assert f"Judged for {name} (990)" in text
    assert f"You can see only {name}'s figures" in text
    assert f"{name}'s own workforce records" in text
    assert "Dudley (332)" not in text.split("Judged for")[1].split("Figures:")[0]
    assert c.get("/strategies/dudley-2021-23/?la=332").status_code == 200
    assert "Choose a council from the list" in c.get("/strategies/dudley-2021-23/?la=332").content.decode()
    listed = _text(c.get("/strategies/").content.decode())
    assert "judged for 990" in listed


def test_a_council_held_can_be_chosen(client: Client, make_user: MakeUser, councils: list[str]):
    c = _client(client, make_user, "admin")
    html = c.get("/strategies/dudley-2021-23/").content.decode()
    assert 'value="332" selected' in html and 'value="990"' in html and 'value="991"' in html
    assert 'value="332" selected' in c.get("/strategies/dudley-2021-23/?as_at=2024-01-01").content.decode()
    name = m.Council.objects.get(la_code="991").name
    text = _text(c.get("/strategies/dudley-2021-23/?la=991&as_at=2026-01-01").content.decode())
    assert f"Judged for {name} (991) as at 1 January 2026" in text
    assert f"Dudley's targets set against {name}'s figures" in text


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", "01/01/2024"])
def test_a_bad_date_shows_an_error_summary(client: Client, make_user: MakeUser, bad: str):
    response = _client(client, make_user, "viewer").get(f"/strategies/dudley-2021-23/?as_at={bad}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert "Enter the date as YYYY-MM-DD, for example 2024-01-01" in html
    assert 'href="#id_as_at"' in html
    assert "<title>Error: " in html
    assert "Judged for" not in html


def test_measures_that_need_data_are_listed_with_what_they_need(client: Client, make_user: MakeUser):

    html = _client(client, make_user, "manager").get("/strategies/dudley-2021-23/?as_at=2024-01-01").content.decode()
    section = html.split('id="needs-data"')[1]
    text = _text(section)
    # the health check without a question named is the survey as a whole: reported question by question, not
    # judged, so not a measure that needs data
    assert "Annual health check survey feedback will provide an overview of impact" not in text
    assert "Annual health check survey feedback will provide an overview of impact" in _text(html)
    # the recruitment cost is worked out from a council's own recruitment records (Dudley's are not held)
    assert "Reduced advertising, agency and printing costs" in text
    # computed from a council's own records, but not published by DfE
    assert "Reduction in maximum Social Worker caseload" in text
    assert "the council's own workforce records" in text


def test_bexley_page_judges_at_the_deadline_and_shows_its_comparators(client: Client, make_user: MakeUser):
    html = _client(client, make_user, "analyst").get("/strategies/bexley-2020-23/?as_at=2026-01-01").content.decode()
    text = _text(html)
    # the rating, the figure judged and the sentence agree (September 2023, 83.95%: not met), the latest apart
    row = next(r for r in html.split("<tr") if "Percentage of permanent staff" in r and "govuk-tag" in r)
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in row
    assert "84.0%" in row and "Sep 2023" in row and "88.1% (Sep 2025)" in row
    assert "Figure judged" in text and "Latest figure" in text
    assert "the aim was not met. The latest figure is 88.1% (September 2025)." in text
    # the comparators the file names: England, London (Bexley is in Outer London) and three neighbours, 2023
    assert (
        "DfE's published figures for September 2023: England 82.2%, London 77.2%, Thurrock (883) 73.4%, "
        "Medway (887) 68.1%, Havering (311) 74.4%." in text
    )
    # the chart draws Bexley, England, London and the neighbours' median; its table has every neighbour
    chart, table = html.split(">Figure 1: Percentage of permanent staff")[1:3]  # the chart's <title>, the caption
    table = table.split("</table>")[0]
    for name in ("Bexley", "England", "London", "Neighbours (median)"):
        assert f">{name}</text>" in chart  # a line's label in the chart
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)
    neighbours = ["Thurrock (883)", "Medway (887)", "Havering (311)"]
    assert headers[2:] == ["England", "London", *neighbours, "Neighbours (median)"]
    # the 2023 row: Bexley 84.0, England 82.2, London 77.2, 73.4, 68.1, 74.4; median of the three 73.4
    row_2023 = _text("<tr" + next(r for r in table.split("<tr") if ">2023<" in r))
    assert row_2023.split() == ["2023", "84.0", "82.2", "77.2", "73.4", "68.1", "74.4", "73.4"]


def test_the_page_shows_a_strategy_files_warnings(db: None):
    from django.template.loader import render_to_string

    from csc_workforce.store.services.strategies import HeldValues
    from csc_workforce.store.services.strategy_pages import strategy_page
    from csc_workforce.strategies import parse_strategy
    from csc_workforce.web.views.strategies import StrategyForm

    strategy = parse_strategy(
        "id: mine\ntitle: Mine\ncouncil: {name: Dudley, la_code: '332'}\nperiod: {start: 2021-01-01, end: 2023-12-31}\n"
        "outcomes:\n  - id: a\n    title: A\n    measures:\n"
        "      - measure: turnover_rate_fte\n        target: {direction: increase}\n"
    )
    page = strategy_page(strategy, la_code="332", as_at=date(2024, 1, 1), values=HeldValues())
    [warning] = page.warnings
    assert warning.code == "direction_against_polarity"
    form = StrategyForm(councils=[("332", "Dudley")])
    text = _text(render_to_string("web/strategy.html", {"strategy": strategy, "form": form, "page": page}))
    assert "The strategy file has 1 warning: check it before relying on the ratings." in text
    assert 'outcomes[0].measures[0].target.direction : "increase" wants Turnover rate – FTE to go up' in text


def _developing_council() -> m.Council:
    """Devvale (982), census year to 30 September 2025 (P = 1 October 2024 to 30 September 2025). Its policy is
    one line, everyone monthly from the start of their engagement with 7 days' grace, so the ASYE workers are
    due what everyone is.

    - Workers 1-10 started on 5 January 2015: their intervals run from the 5th to the 4th, and 12 end in P
      (4 October 2024 to 4 September 2025). Workers 1-9 are supervised on the 10th of every month from September
      2024: 108 of 108 met. Worker 10 is not supervised from January to June 2025: the intervals ending on 4
      February, March, April, May and June are missed (none held by the 11th), 7 of 12 met.
    - Workers 11-13 started on 6 January 2025 on an ASYE (3 ASYE starts in P), supervised on the 10th from
      January: 8 intervals each end in P (5 February to 5 September), all met: 24 of 24.

    Supervision on time: 139 of 144 = 96.527...%, shown as 96.5% (numerator, denominator and the 5 missed all
    5 or more). ASYE starts: 3, withheld from viewers. The extract is complete from 1 January 2015."""
    from csc_workforce.domain import records as r
    from csc_workforce.domain.codes import Ethnicity, Programme, Sex, StartOrigin, WorkerGroup
    from csc_workforce.store.services.records import records_store, records_with_source
    from tests.web.test_disclosure_attack import _council, _worker

    workers = [
        _worker(n, "t", sex=Sex.FEMALE, born=date(1980 + n, 1, 1), ethnicity=Ethnicity.WBRI) for n in range(1, 11)
    ] + [
        _worker(
            n,
            "t",
            sex=Sex.MALE,
            born=date(2000, 1, n),
            ethnicity=Ethnicity.WBRI,
            start=date(2025, 1, 6),
            origin=StartOrigin.NEWLY_QUALIFIED,
        )
        for n in (11, 12, 13)
    ]
    records = _council("982", "Devvale", {"t": "Team"}, workers, {"t": "13"})
    months = [date(2024, 9, 10), *(date(2024, m, 10) for m in (10, 11, 12)), *(date(2025, m, 10) for m in range(1, 10))]
    sessions = [r.SupervisionSession(f"e{n}", day) for n in range(1, 10) for day in months]
    sessions += [r.SupervisionSession("e10", day) for day in months if not (date(2025, 1, 1) <= day < date(2025, 7, 1))]
    sessions += [r.SupervisionSession(f"e{n}", day) for n in (11, 12, 13) for day in months if day.year == 2025]
    records = replace(
        records,
        supervision=tuple(sessions),
        supervision_policy=(r.SupervisionStandard(WorkerGroup.ALL, 0, None, None, 1, 7, date(2000, 1, 1)),),
        programmes=tuple(
            r.ProgrammeSpell(f"ASYE-{n}", f"p{n}", Programme.ASYE, date(2025, 1, 6), engagement_key=f"e{n}")
            for n in (11, 12, 13)
        ),
    )
    council = m.Council.objects.create(la_code="982", name="Devvale", region="North West")
    source = m.Source.objects.create(
        council=council,
        kind="synthetic",
        name="test",
        recorded_at=datetime.now(UTC),
        complete_to=date(2025, 9, 30),
        complete_from=date(2015, 1, 1),
    )
    records_store(council=council, records=records_with_source(records, f"source:{source.pk}"))
    return council


def test_a_viewer_sees_a_safe_supervision_figure_and_not_a_small_asye_count(
    client: Client, make_user: MakeUser, db: None
):
    """Worcestershire's strategy names supervision on time and ASYE starts: for Devvale a viewer sees 96.5%
    (139 of 144 intervals) as an analyst does, and not its 3 ASYE starts, which the analyst sees."""
    from csc_workforce.store.services.strategies import HeldValues

    _developing_council()
    full, withheld = HeldValues(), HeldValues(withhold=True)
    assert dict(full.series("supervision_on_time_pct", "982") or []) == {2025: pytest.approx(100 * 139 / 144)}
    assert dict(withheld.series("supervision_on_time_pct", "982") or []) == {2025: pytest.approx(100 * 139 / 144)}
    assert dict(full.series("workers_supervised_last_month_pct", "982") or []) == {2025: 100.0}  # 13 of 13
    assert dict(withheld.series("workers_supervised_last_month_pct", "982") or []) == {2025: 100.0}
    assert dict(full.series("asye_starts", "982") or []) == {2025: 3}
    assert dict(withheld.series("asye_starts", "982") or []) == {}

    def latest(role: str) -> dict[str, str]:
        c = _client(client, make_user, role, la_code="982")
        response = c.get("/strategies/worcestershire-2023-scrutiny/?la=982&as_at=2025-10-15")
        assert response.status_code == 200
        rows = [row for outcome in response.context["page"].outcomes for row in outcome.measures]
        return {
            row.measure_id: row.latest for row in rows if row.measure_id in ("supervision_on_time_pct", "asye_starts")
        }

    assert latest("viewer") == {"supervision_on_time_pct": "96.5%", "asye_starts": ""}
    assert latest("analyst") == {"supervision_on_time_pct": "96.5%", "asye_starts": "3 people"}
