"""The forecast page and the scenario builder: the baseline and the saved scenarios side by side, each output a
chart with its table and downloads, the chance of a target, spend and savings; a scenario built from the form,
checked (a mistake named, nothing saved), changed, deleted, each audited; who may do what."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.test import Client

from csc_workforce.store import models as m
from tests.cli.test_forecast_cli import load_council
from tests.web.conftest import MakeUser

PAGE = "/councils/990/forecast/"
BUILD = "/councils/990/forecast/scenario/"


@pytest.fixture
def council(db: None) -> None:
    load_council()


def _save(name: str, levers: dict[str, object]) -> None:
    from csc_workforce.forecasting.stock_flow import Scenario
    from csc_workforce.store.services.forecast import save_scenario

    scenario = Scenario.from_mapping({"name": name, **levers})
    save_scenario(la_code="990", scenario=scenario, set_by="t", now=datetime(2026, 1, 6, tzinfo=UTC))


def test_the_page_compares_the_baseline_and_the_saved_scenarios(client: Client, make_user: MakeUser, council: None):
    from csc_workforce.store.services.forecast import Target, council_forecast, saved_scenarios

    _save("cut", {"leaving_multipliers": {"permanent": 0.8}})
    client.force_login(make_user("viewer", "viewer"))
    query = "?months=24&scenarios=cut&target_measure=permanency_rate_fte&target_direction=at_least"
    response = client.get(PAGE + query + "&target_value=85&target_deadline=2027-09")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The forecast from 30 September 2025" in html
    assert "Leaving of permanent workers down 20% (rate x 0.8)." in html
    # each output: a chart labelled for screen readers, then its table with the same figures
    assert html.count('role="img"') >= 4
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Permanent FTE in post: median' in html
    # the figures are the service's own: same as-at date, seed and paths
    target = Target.parse("permanency_rate_fte>=85@2027-09")
    made = council_forecast("990", months=24, paths=2000, scenarios=saved_scenarios("990"), targets=[target])
    summary = made.runs[1].forecast.summary()
    row = summary.filter((summary["measure"] == "inpost_fte") & (summary["month"] == date(2027, 9, 30)))
    assert f"{row['median'][0]:,.1f}" in html
    chance = made.runs[1].probabilities[0][1]
    assert "Permanent workers (% of FTE) at least 85 by 30 September 2027" in html and f"{100 * chance:,.0f}" in html
    assert "Spend by financial year" in html and "Saving against the baseline" in html
    # a viewer sees the forecast but is not offered the builder
    assert BUILD not in html


def test_each_table_downloads_with_the_page_s_figures_and_is_audited(
    client: Client, make_user: MakeUser, council: None
):
    client.force_login(make_user("analyst", "analyst"))
    response = client.get("/councils/990/forecast/permanency_rate_fte.csv?months=12")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Month", "baseline: median", "baseline: 80% band from", "baseline: to"]
    assert [r[0] for r in rows[1:]] == [f"{date(2025 + (9 + k) // 12, (9 + k) % 12 + 1, 1):%B %Y}" for k in range(12)]
    assert all(float(r[2]) <= float(r[1]) <= float(r[3]) for r in rows[1:])
    page = client.get(PAGE + "?months=12").content.decode()
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{float(rows[12][1]):,.1f}</td>' in page
    workbook = client.get("/councils/990/forecast/all.xlsx?months=12")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert m.AuditEvent.objects.filter(action="export", object_id="990/forecast-permanency_rate_fte").exists()
    assert client.get("/councils/990/forecast/nothing.csv").status_code == 404


def test_mistakes_in_the_form_are_named_and_no_forecast_is_shown(client: Client, make_user: MakeUser, council: None):
    client.force_login(make_user("viewer", "viewer"))
    html = client.get(PAGE + "?target_measure=permanency_rate_fte&target_value=lots&target_deadline=Sept").content
    text = html.decode()
    assert "There is a problem" in text
    assert "The target&#x27;s value must be a number, like 92" in text
    assert "Enter the target&#x27;s month as YYYY-MM, for example 2026-09" in text
    assert "Choose whether the target is at least or at most the value" in text
    assert "The forecast from" not in text
    late = client.get(PAGE + "?as_at=2026-06-30").content.decode()
    assert "A forecast for 990 as at 30 June 2026 cannot be made" in late and "The forecast from" not in late
    outside = client.get(
        PAGE + "?months=12&target_measure=inpost_fte&target_direction=at_least&target_value=5&target_deadline=2030-01"
    ).content.decode()
    assert "is outside the forecast" in outside


def test_an_analyst_builds_changes_and_deletes_a_scenario_each_audited(
    client: Client, make_user: MakeUser, council: None
):
    client.force_login(make_user("analyst", "analyst"))
    assert client.get(BUILD).status_code == 200
    wrong = client.post(BUILD, {"name": "cohort", "nqsw_count": "eight", "conversions_from": "2026-13"})
    text = wrong.content.decode()
    assert wrong.status_code == 200 and "There is a problem" in text
    assert "Newly qualified social workers a year must be a whole number, like 8" in text
    assert "Enter the month conversions begin as YYYY-MM" in text
    no_month = client.post(BUILD, {"name": "cohort", "nqsw_count": "8"}).content.decode()
    assert "Choose the month the newly qualified starters start each year" in no_month
    assert not m.ForecastScenario.objects.exists()

    made = client.post(BUILD, {"name": "cohort", "nqsw_count": "8", "nqsw_month": "9", "agency_price_cap": "£45"})
    assert made.status_code == 302 and made["Location"] == PAGE + "?scenarios=cohort#results"
    row = m.ForecastScenario.objects.get(la_code="990", name="cohort")
    assert row.levers == {
        "hires": [{"route": "nqsw", "count": 8, "calendar_month": 9}],
        "costs": {"agency_price_cap": 45.0},
    }
    form = client.get(BUILD + "?name=cohort").content.decode()
    assert 'value="8"' in form and 'value="45"' in form
    changed = client.post(
        BUILD + "?name=cohort", {"editing": "cohort", "name": "cohort", "nqsw_count": "10", "nqsw_month": "9"}
    )
    assert changed.status_code == 302
    assert m.ForecastScenario.objects.get(name="cohort").levers == {
        "hires": [{"route": "nqsw", "count": 10, "calendar_month": 9}]
    }
    page = client.get(PAGE).content.decode()
    assert "10 extra newly qualified starters each September." in page
    gone = client.post(BUILD + "?name=cohort", {"editing": "cohort", "delete": "1"})
    assert gone.status_code == 302 and not m.ForecastScenario.objects.exists()
    trail = m.AuditEvent.objects.filter(object_type="forecast_scenario").order_by("id")
    assert [(e.detail["before"] is None, e.detail["after"] is None) for e in trail] == [
        (True, False),
        (False, False),
        (False, True),
    ]


def test_a_scenario_from_a_file_warns_that_the_form_cannot_show_all_its_levers(
    client: Client, make_user: MakeUser, council: None
):
    _save("by role", {"leaving_multipliers": {"permanent:senior": 0.5}})
    client.force_login(make_user("analyst", "analyst"))
    text = client.get(BUILD + "?name=by%20role").content.decode()
    assert "This scenario has levers this form cannot show" in text
    assert client.get(BUILD + "?name=nothing").status_code == 404


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_only_analysts_and_administrators_build_scenarios(
    client: Client, make_user: MakeUser, council: None, role: str
):
    client.force_login(make_user(role, role))
    assert client.get(BUILD).status_code == 403
    assert client.post(BUILD, {"name": "x"}).status_code == 403
    assert client.get(PAGE).status_code == 200


def test_another_council_s_user_sees_neither_the_forecast_nor_its_downloads(
    client: Client, make_user: MakeUser, council: None
):
    client.force_login(make_user("elsewhere", "analyst", la_code="991"))
    assert client.get(PAGE).status_code == 403
    assert client.get("/councils/990/forecast/spend.csv").status_code == 403
    assert client.get(BUILD).status_code == 403
    assert client.get("/councils/999/forecast/").status_code == 404


def test_the_agency_rules_and_step_up_graduates_from_the_form_and_what_they_did(
    client: Client, make_user: MakeUser, council: None
):
    client.force_login(make_user("analyst", "analyst"))
    answers = {"name": "rules", "step_up_count": "4", "step_up_month": "9", "agency_rules_from": "2026-04"}
    assert client.post(BUILD, answers).status_code == 302
    assert m.ForecastScenario.objects.get(name="rules").levers == {
        "hires": [{"route": "step_up_frontline", "count": 4, "calendar_month": 9}],
        "agency_rules": {"from_month": "2026-04", "min_pqe_years": 3.0},
    }
    form = client.get(BUILD + "?name=rules").content.decode()
    assert 'value="2026-04"' in form and "This scenario has levers this form cannot show" not in form
    page = client.get(PAGE + "?months=12&scenarios=rules").content.decode()
    assert "4 extra Step Up or Frontline starters each September." in page
    assert "From April 2026, no agency social workers with under 3 years&#x27; post-qualification experience" in page
    # this council's records hold no agency placements: the share the rules exclude is not known, and said so
    assert "the agency rules change nothing in this forecast" in page
    wrong = client.post(BUILD, {"name": "rules", "agency_rules_from": "April"}).content.decode()
    assert "Enter the month the agency rules apply from as YYYY-MM" in wrong


def test_a_council_whose_records_cannot_be_forecast_says_why_on_the_page(
    client: Client, make_user: MakeUser, council: None, monkeypatch: pytest.MonkeyPatch
):
    from csc_workforce.store.services import forecast as service

    def refuse(*args: object, **kwargs: object) -> None:
        raise service.ForecastRefused("the records begin too late to learn from")

    monkeypatch.setattr("csc_workforce.web.views.forecast.council_forecast", refuse)
    client.force_login(make_user("viewer", "viewer"))
    response = client.get(PAGE)  # the page as first opened: no query
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "the records begin too late to learn from" in text
