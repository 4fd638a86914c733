"""The recording pages (web/views/development.py): a manager records supervision and reviews for their own teams'
workers only; a programme lead updates an ASYE and a placement. GOV.UK forms: errors in a summary linking to the
field, and against the field; a recorded change redirects to the list with a success banner. The council is
tests/store/development_support.py (Ann and Dan in Team A, Bob in Team B, Cat moved from A to B on 1 July 2025)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from csc_workforce.store import models as m
from csc_workforce.store.services import development as dev
from tests.store.development_support import seed_council
from tests.web.conftest import MakeUser

RECORD = "/councils/990/development/record/"
SUPERVISION = RECORD + "supervision/"
REVIEW = RECORD + "review/"
PROGRAMMES = "/councils/990/development/programmes/"
PLACEMENTS = "/councils/990/development/placements/"


@pytest.fixture
def council(db: None) -> m.Council:
    return seed_council()


@pytest.fixture
def manager(client: Client, make_user: MakeUser, council: m.Council) -> Client:
    client.force_login(make_user("manager-a", "manager", la_code="990", teams=["Team A"]))
    return client


@pytest.fixture
def analyst(client: Client, make_user: MakeUser, council: m.Council) -> Client:
    client.force_login(make_user("analyst", "analyst", la_code="990"))
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _date(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def _summary_links(page: str) -> list[str]:
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="#([^"]+)">', summary)


def _field_error(page: str, field_id: str) -> str:
    found = re.search(rf'<p id="{field_id}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no error shown against {field_id}"
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


# -- the list of workers --------------------------------------------------------------------------------------


def test_a_manager_lists_only_their_teams_workers_by_reference(manager: Client) -> None:
    page = _text(manager.get(RECORD))
    assert "SW100001" in page and "P001" in page and "Team A" in page
    assert "SW100002" not in page and "SW100003" not in page  # Team B today
    assert "SW100004" not in page  # Dan has left
    assert "WBRI" not in page and "White British" not in page  # never a characteristic
    assert f"{SUPERVISION}?worker=e-ann" in page and f"{REVIEW}?worker=e-ann" in page
    assert PROGRAMMES not in page  # the programme lead's pages are not a manager's


def test_the_council_page_links_managers_and_analysts_to_recording(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    for username, role in (("m", "manager"), ("a", "analyst"), ("v", "viewer")):
        client.force_login(make_user(username, role, la_code="990"))
        assert (RECORD in client.get("/councils/990/").content.decode()) is (role != "viewer")


@pytest.mark.parametrize("page", [RECORD, f"{SUPERVISION}?worker=e-ann", f"{REVIEW}?worker=e-ann"])
def test_a_viewer_is_refused(client: Client, make_user: MakeUser, council: m.Council, page: str) -> None:
    client.force_login(make_user("v", "viewer", la_code="990"))
    assert client.get(page).status_code == 403


# -- recording a supervision session ---------------------------------------------------------------------------


def test_the_form_shows_the_worker_by_reference_and_the_govuk_inputs(manager: Client) -> None:
    page = _text(manager.get(f"{SUPERVISION}?worker=e-ann"))
    assert "Record a supervision session" in page and "SW100001" in page and "WBRI" not in page
    for box in ('id="id_on"', 'id="id_on-month"', 'id="id_on-year"', 'name="on-day"', 'name="on-year"'):
        assert box in page
    assert 'id="id_kind"' in page and 'id="id_recorded_late"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'action="/councils/990/development/record/supervision/?worker=e-ann"' in page


def test_another_teams_worker_is_403_and_an_unknown_one_404(manager: Client) -> None:
    assert manager.get(f"{SUPERVISION}?worker=e-bob").status_code == 403
    assert manager.post(f"{SUPERVISION}?worker=e-bob", {}).status_code == 403
    assert manager.get(f"{REVIEW}?worker=e-bob").status_code == 403
    assert manager.get(f"{SUPERVISION}?worker=e-nobody").status_code == 404
    assert manager.get(f"{SUPERVISION}").status_code == 404
    assert manager.get("/councils/999/development/record/").status_code == 404
    assert m.SupervisionSession.objects.count() == 0


def test_a_user_of_another_council_is_refused(client: Client, make_user: MakeUser, council: m.Council) -> None:
    client.force_login(make_user("elsewhere", "manager", la_code="991", teams=["Team A"]))
    assert client.get(RECORD).status_code == 403
    assert client.get(f"{SUPERVISION}?worker=e-ann").status_code == 403


def test_an_empty_form_shows_each_error_in_the_summary_and_against_its_field(manager: Client) -> None:
    response = manager.post(f"{SUPERVISION}?worker=e-ann", {})
    page = _text(response)
    assert response.status_code == 200 and "<title>Error: " in page
    assert _summary_links(page) == ["id_on", "id_kind", "id_recorded_late"]
    assert _field_error(page, "id_on") == "Error: Enter the date of the session"
    assert _field_error(page, "id_kind") == "Error: Select the kind of supervision"
    assert "govuk-form-group--error" in page and "govuk-input--error" in page
    assert m.SupervisionSession.objects.count() == 0


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("1", "", "2025"), "The date of the session must include a month"),
        (("31", "2", "2025"), "The date of the session must be a real date"),
        (("1", "12", "25"), "The date of the session must have a year with 4 numbers, for example 2025"),
        (("1", "1", "2099"), "The date of the session must be today or in the past"),
        (("1", "12", "2023"), "The date of the session must be on or after 1 January 2024, when the worker started"),
    ],
)
def test_a_wrong_date_is_shown_against_the_date_and_kept_in_the_boxes(
    manager: Client, parts: tuple[str, str, str], message: str
) -> None:
    data = {**_date("on", *parts), "kind": "one_to_one", "recorded_late": "no"}
    page = _text(manager.post(f"{SUPERVISION}?worker=e-ann", data))
    assert _summary_links(page) == ["id_on"]
    assert _field_error(page, "id_on") == f"Error: {message}"
    assert f'name="on-year" type="text" inputmode="numeric" value="{parts[2]}"' in page
    assert 'value="one_to_one" checked' in page  # the other answers are kept
    assert m.SupervisionSession.objects.count() == 0


def test_a_date_when_the_worker_was_in_another_team_is_shown_against_the_date_and_audited(manager: Client) -> None:
    data = {**_date("on", "1", "8", "2025"), "kind": "group", "recorded_late": "no"}  # Cat: Team B from 1 July
    page = _text(manager.post(f"{SUPERVISION}?worker=e-cat", data))
    assert "You can record only for workers in your own teams" in _field_error(page, "id_on")
    assert m.SupervisionSession.objects.count() == 0
    assert m.AuditEvent.objects.filter(action=dev.RECORD_REFUSED, object_id="e-cat").count() == 1


def test_a_recorded_session_redirects_to_the_list_with_a_success_banner(manager: Client) -> None:
    data = {**_date("on", "1", "12", "2025"), "kind": "one_to_one", "recorded_late": "yes", "supervisor": "TM01"}
    response = manager.post(f"{SUPERVISION}?worker=e-ann", data)
    assert response.status_code == 302 and response["Location"] == RECORD
    page = _text(manager.get(RECORD))
    assert "govuk-notification-banner--success" in page
    assert "Recorded one-to-one supervision on 1 December 2025 for SW100001 / P001 (Team A)." in page
    session = m.SupervisionSession.objects.get()
    assert (session.engagement.key, session.recorded_late, session.supervisor) == ("e-ann", True, "TM01")
    event = m.AuditEvent.objects.get(action=dev.RECORD_SUPERVISION)
    assert event.username == "manager-a" and event.ip == "127.0.0.1"
    assert "1 December 2025" in _text(manager.get(RECORD))  # the last session recorded, in the list


def test_a_post_without_the_csrf_token_is_refused(make_user: MakeUser, council: m.Council) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("manager-a", "manager", la_code="990", teams=["Team A"]))
    data = {**_date("on", "1", "12", "2025"), "kind": "one_to_one", "recorded_late": "no"}
    assert client.post(f"{SUPERVISION}?worker=e-ann", data).status_code == 403
    assert m.SupervisionSession.objects.count() == 0


# -- recording a review ----------------------------------------------------------------------------------------


def test_a_review_with_a_rating_and_no_completion_date_is_shown_against_the_completion_date(manager: Client) -> None:
    data = {"cycle": "2025-26", **_date("due", "31", "3", "2026"), "rating": "Good", "successful": "yes"}
    page = _text(manager.post(f"{REVIEW}?worker=e-ann", data))
    assert _summary_links(page) == ["id_completed"]
    assert _field_error(page, "id_completed") == (
        "Error: Enter the date the review was completed, or leave the rating blank"
    )
    assert m.PerformanceReview.objects.count() == 0


def test_a_review_is_recorded_then_updated(manager: Client) -> None:
    data = {"cycle": "2025-26", **_date("due", "31", "3", "2026"), "objectives_set": "yes", "successful": ""}
    assert manager.post(f"{REVIEW}?worker=e-ann", data).status_code == 302
    assert "Recorded the 2025-26 review for SW100001 / P001 (Team A)." in _text(manager.get(RECORD))
    data |= {**_date("completed", "20", "12", "2025"), "rating": "Good", "successful": "yes"}
    assert manager.post(f"{REVIEW}?worker=e-ann", data).status_code == 302
    assert "Updated the 2025-26 review" in _text(manager.get(RECORD))
    review = m.PerformanceReview.objects.get()
    assert (review.rating, review.successful, review.objectives_set) == ("Good", True, True)


# -- the programme lead ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [PROGRAMMES, f"{PROGRAMMES}update/?spell=asye-ann", PLACEMENTS])
def test_programmes_and_placements_are_for_programme_leads_only(manager: Client, page: str) -> None:
    assert manager.get(page).status_code == 403


def test_an_analyst_updates_an_asye(analyst: Client) -> None:
    listing = _text(analyst.get(PROGRAMMES))
    assert "SW100001 / P001" in listing and f"{PROGRAMMES}update/?spell=asye-ann" in listing
    url = f"{PROGRAMMES}update/?spell=asye-ann"
    form = _text(analyst.get(url))
    assert "Update an ASYE" in form and 'id="id_protected_caseload"' in form
    assert 'value="ongoing" checked' in form  # the outcome held
    page = _text(analyst.post(url, {"outcome": "passed", "protected_time_pct": "ten"}))
    assert _summary_links(page) == ["id_protected_time_pct"]
    page = _text(analyst.post(url, {"outcome": "passed", "protected_time_pct": "10"}))
    assert _summary_links(page) == ["id_end"]
    assert _field_error(page, "id_end") == "Error: Enter the date the programme ended"
    data = {"outcome": "passed", **_date("end", "31", "12", "2024"), "protected_caseload": "14"}
    response = analyst.post(url, {**data, "protected_time_pct": "10"})
    assert response.status_code == 302 and response["Location"] == PROGRAMMES
    assert "Updated the Assessed and Supported Year in Employment (ASYE) of SW100001 / P001." in _text(
        analyst.get(PROGRAMMES)
    )
    spell = m.ProgrammeSpell.objects.get(key="asye-ann")
    assert (spell.outcome, spell.protected_caseload, spell.protected_time_pct) == ("passed", 14, Decimal("10"))
    shown = re.search(r"<input[^>]*id_protected_time_pct[^>]*>", _text(analyst.get(url)))
    assert shown and 'value="10"' in shown.group(0), shown  # as typed, not 1E+1
    assert m.AuditEvent.objects.filter(action=dev.UPDATE_PROGRAMME, object_id="asye-ann").count() == 1


def test_an_unknown_spell_or_placement_is_404(analyst: Client) -> None:
    assert analyst.get(f"{PROGRAMMES}update/?spell=nothing").status_code == 404
    assert analyst.get(f"{PLACEMENTS}update/?placement=nothing").status_code == 404


def test_an_analyst_updates_a_placement_and_a_funnel_out_of_order_is_shown_against_the_later_stage(
    analyst: Client,
) -> None:
    assert "ST-1" in _text(analyst.get(PLACEMENTS))
    url = f"{PLACEMENTS}update/?placement=pl-1"
    assert 'value="ongoing" checked' in _text(analyst.get(url))
    data = {"outcome": "passed", **_date("end", "30", "5", "2025"), "offered": "no", "appointed": "yes"}
    page = _text(analyst.post(url, data))
    assert _summary_links(page) == ["id_appointed"]
    assert "A student who was appointed was offered a post" in _field_error(page, "id_appointed")
    response = analyst.post(url, {**data, "offered": "yes", "eligible_for_nqsw": "yes", "applied": "yes"})
    assert response.status_code == 302 and response["Location"] == PLACEMENTS
    assert "Updated the placement of student ST-1." in _text(analyst.get(PLACEMENTS))
    placement = m.StudentPlacement.objects.get(key="pl-1")
    assert (placement.outcome, placement.offered, placement.appointed, placement.interviewed) == (
        "passed",
        True,
        True,
        None,
    )
