"""The action plan pages (web/views/actions.py): the plan with its RAG as text, who sees which links, the forms
with their errors in a summary and against the field, who may change what, and the download."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser

PLAN = "/councils/990/strategies/slough-2014-17/actions/"


@pytest.fixture
def plan(councils: list[str]) -> m.Council:
    """Council 990 with two of Slough's actions: 1.1 owned by the manager "mgr", 2.1 by a post title."""
    council = m.Council.objects.get(la_code="990")
    common = {"council": council, "strategy": "slough-2014-17"}
    owned = m.Action.objects.create(
        key="action:slough-2014-17/1.1", outcome="1", ref="1.1", title="Rolling recruitment campaign", owner="mgr",
        start=date(2025, 4, 1), due=date(2025, 9, 30), status="on_track", measures=["permanency_rate_fte"], **common,
    )  # fmt: skip
    m.Action.objects.create(
        key="action:slough-2014-17/2.1", outcome="2", ref="2.1", title="Exit interview analysis",
        owner="Head of Service", status="at_risk", **common,
    )  # fmt: skip
    m.ActionUpdate.objects.create(
        council=council, action=owned, on=date(2025, 6, 30), status="on_track", note="Launched", by="mgr"
    )
    return council


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _date(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def _row(page: str, ref: str) -> str:
    found = re.search(rf'<th scope="row" class="govuk-table__header">{re.escape(ref)}</th>(.*?)</tr>', page, re.S)
    assert found, f"no row for {ref}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


@pytest.mark.django_db
def test_a_viewer_reads_the_plan_with_its_ratings_as_text(client: Client, make_user: MakeUser, plan: m.Council) -> None:
    client.force_login(make_user("vic", "viewer", la_code="990"))
    page = _text(client.get(PLAN, {"as_at": "2025-10-01"}))
    assert "2 actions as at 1 October 2025." in page
    # 1.1: on track, but due 30 September: red, and it says why; its latest update is shown
    assert _row(page, "1.1") == (
        "Rolling recruitment campaign mgr 30 Sep 2025 On track Red past its due date, 30/09/2025, and not done "
        "30 Jun 2025: On track. Launched (mgr)"
    )
    assert _row(page, "2.1") == "Exit interview analysis Head of Service Not given At risk Amber at risk None"
    assert "No actions under this outcome." in page  # outcomes 3 to 7
    assert "Add an action" not in page and "/update/" not in page and "/edit/" not in page
    earlier = _text(client.get(PLAN, {"as_at": "2025-05-01"}))
    assert "Rolling recruitment campaign mgr 30 Sep 2025 On track Green on track None" in _row(earlier, "1.1")
    wrong = _text(client.get(PLAN, {"as_at": "1 May"}))
    assert "Enter the date as YYYY-MM-DD" in wrong and "There is a problem" in wrong


@pytest.mark.django_db
def test_the_plan_is_its_council_s_and_the_strategy_one_held(
    client: Client, make_user: MakeUser, plan: m.Council
) -> None:
    client.force_login(make_user("other", "analyst", la_code="991"))
    assert client.get(PLAN).status_code == 403
    assert client.get("/councils/991/strategies/nowhere/actions/").status_code == 404
    assert client.get("/councils/999/strategies/slough-2014-17/actions/").status_code == 404


@pytest.mark.django_db
def test_an_analyst_adds_an_action_after_reading_the_errors(
    client: Client, make_user: MakeUser, plan: m.Council
) -> None:
    client.force_login(make_user("ana", "analyst", la_code="990"))
    page = _text(client.get(PLAN))
    assert "Add an action" in page and page.count("/edit/") == 2 and page.count("/update/") == 2
    add = PLAN + "add/"
    errors = _text(client.post(add, {}))
    summary = errors.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<a href="#([^"]+)">', summary) == ["id_ref", "id_outcome", "id_title", "id_status"]
    assert "Enter the reference" in errors and "Select the action's status" in errors
    posted = {
        "ref": "1.1",  # already used
        "outcome": "7",
        "title": "Quiet rooms for case discussion",
        "owner": "Service Manager",
        **_date("start", "1", "9", "2025"),
        **_date("due", "1", "8", "2025"),  # before the start
        "status": "not_started",
        "measures": ["health_check_survey"],
    }
    refused = _text(client.post(add, posted))
    assert (
        "The plan already has an action 1.1" in refused and "The due date must be on or after the start date" in refused
    )
    assert 'value="health_check_survey" checked' in refused, "the answers given are kept"
    done = client.post(add, {**posted, "ref": "7.1", **_date("due", "31", "3", "2026")}, follow=True)
    assert "Added action 7.1." in _text(done)
    added = m.Action.objects.get(ref="7.1")
    assert (added.outcome, added.due, added.measures, added.source.kind) == (
        "7",
        date(2026, 3, 31),
        ["health_check_survey"],
        "manual",
    )
    edit = _text(client.get(PLAN + "7.1/edit/"))
    assert "Quiet rooms for case discussion" in edit and 'name="ref"' not in edit  # the reference stays
    client.post(
        PLAN + "7.1/edit/", {**posted, "title": "Quiet rooms", "status": "on_track", **_date("due", "", "", "")}
    )
    edited = m.Action.objects.get(ref="7.1")
    assert (edited.title, edited.status, edited.due) == ("Quiet rooms", "on_track", None)
    assert m.AuditEvent.objects.filter(action="save-action", username="ana").count() == 2


@pytest.mark.django_db
def test_a_manager_updates_the_action_they_own_and_nothing_else(
    client: Client, make_user: MakeUser, plan: m.Council
) -> None:
    client.force_login(make_user("mgr", "manager", la_code="990", teams=["Team A"]))
    page = _text(client.get(PLAN))
    assert page.count("/update/") == 1 and "/edit/" not in page and "Add an action" not in page
    assert client.get(PLAN + "2.1/update/").status_code == 403  # the Head of Service's
    assert client.get(PLAN + "1.1/edit/").status_code == 403
    assert client.post(PLAN + "add/", {"ref": "9.1"}).status_code == 403
    errors = _text(client.post(PLAN + "1.1/update/", {"status": "at_risk"}))
    assert "Enter the date of the update" in errors
    today = date.today()
    done = client.post(
        PLAN + "1.1/update/",
        {**_date("on", str(today.day), str(today.month), str(today.year)), "status": "at_risk", "note": "Slipping"},
        follow=True,
    )
    assert "Added the update of" in _text(done)
    update = m.ActionUpdate.objects.get(note="Slipping")
    assert (update.by, update.status, update.on) == ("mgr", "at_risk", today)
    again = _text(
        client.post(
            PLAN + "1.1/update/", {**_date("on", str(today.day), str(today.month), str(today.year)), "status": "done"}
        )
    )
    assert "This action already has an update on that date" in again


@pytest.mark.django_db
def test_the_download_is_the_plan_as_a_workbook(client: Client, make_user: MakeUser, plan: m.Council) -> None:
    client.force_login(make_user("vic", "viewer", la_code="990"))
    response = client.get(PLAN + "download.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="actions-990-slough-2014-17.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    actions = list(book["actions"].iter_rows(values_only=True))
    assert [r[2] for r in actions[1:]] == ["1.1", "2.1"]
    updates = list(book["action_updates"].iter_rows(values_only=True))
    assert updates[1][:5] == ("slough-2014-17", "1.1", updates[1][2], "on_track", "Launched")
