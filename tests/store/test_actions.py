"""Action plans held for a council (store/services/actions.py): loaded from Excel through the one upload flow,
the plan as at a date with its RAG (what the reports call), the workbook that loads back unchanged, and the
changes typed in the app: who may make which, every one audited with a manual source, refusals naming the
field. Worked out by hand."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from csc_workforce.domain.codes import ActionStatus as S
from csc_workforce.domain.spreadsheet import Sheet, xlsx_bytes
from csc_workforce.store import models as m
from csc_workforce.store.services import actions as plans
from csc_workforce.store.services.development import NotHeld, RecordingInvalid, RecordingRefused
from csc_workforce.store.services.records import records_load
from csc_workforce.store.services.uploads import upload_commit, upload_receive
from csc_workforce.strategies.model import Rag

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
SLOUGH = "slough-2014-17"
ACTIONS = [
    ["Strategy", "Outcome", "Ref", "Action", "Owner", "Start date", "Due date", "Status", "Linked measures"],
    [SLOUGH, "1", "1.1", "Rolling recruitment campaign", "Head of Service", date(2025, 4, 1), date(2025, 12, 31),
     "In progress", "permanency_rate_fte"],
    [SLOUGH, "1", "1.2", "Reduce caseloads to 16", "mgr", date(2025, 4, 1), date(2025, 9, 30), "Not started",
     "caseload_weighted; permanency_rate_fte"],
    [SLOUGH, "3", "3.1", "Four student placements a year", "", None, date(2026, 3, 31), "Planned", ""],
]  # fmt: skip
UPDATES = [
    ["Strategy", "Ref", "Date", "Status", "Note", "Updated by"],
    [SLOUGH, "1.1", date(2025, 6, 30), "At risk", "Few applications", "Head of Service"],
    [SLOUGH, "1.1", date(2025, 11, 30), "Completed", "All posts filled", "Head of Service"],
]


def _user(name: str, role: str, la_code: str = "990") -> User:
    user = User.objects.create_user(name, password="x" * 16)
    m.CouncilRole.objects.create(user=user, role=role, la_code=la_code)
    return user


def _load(user: User, kind: str, data: bytes, filename: str) -> m.Upload:
    upload = upload_receive(
        user=user, kind=kind, filename=filename, data=data, la_code="990", allowed_la_codes=None, now=NOW
    )
    assert upload.status == m.Upload.PREVIEW, upload.issues
    assert upload.issues == [], upload.issues
    return upload_commit(upload=upload, user=user, now=NOW)


@pytest.fixture
def held(councils: list[str]) -> User:
    """Council 990 with Slough's plan loaded from one Excel workbook: three actions, then two updates."""
    analyst = _user("ana", "analyst")
    workbook = xlsx_bytes([Sheet("actions", ACTIONS), Sheet("action_updates", UPDATES)])
    _load(analyst, "actions", workbook, "plan.xlsx")  # read from its sheet "actions"
    _load(analyst, "action_updates", workbook, "plan.xlsx")  # and from "action_updates"
    return analyst


@pytest.mark.django_db
def test_an_action_plan_loaded_from_excel_as_at_a_date(held: User) -> None:
    plan = plans.action_plan("990", SLOUGH, as_at=date(2025, 10, 15))
    assert plan.strategy_title == "Children's Social Care Workforce Strategy 2014-2017"
    first, second, third = plan.outcomes[:3]
    a11, a12 = first.actions
    # 1.1: the update of 30 June (at risk) is the latest by 15 October; due 31 December: amber
    assert (a11.status, a11.rag, a11.action.owner) == (S.AT_RISK, Rag.AMBER, "Head of Service")
    assert a11.action.measures == ("permanency_rate_fte",)
    assert [u.note for u in a11.updates] == ["Few applications"]
    # 1.2: no update, not started ("Not started"), due 30 September and now past it: red
    assert (a12.status, a12.rag, a12.reason) == (S.NOT_STARTED, Rag.RED, "past its due date, 30/09/2025, and not done")
    assert a12.action.measures == ("caseload_weighted", "permanency_rate_fte")
    assert second.actions == ()
    (a31,) = third.actions
    # 3.1: "Planned" is not started; no start date, due next March: green
    assert (a31.status, a31.rag, a31.action.owner, a31.action.start) == (S.NOT_STARTED, Rag.GREEN, None, None)
    later = plans.action_plan("990", SLOUGH, as_at=date(2025, 12, 1)).outcomes[0].actions[0]
    assert (later.status, later.rag, len(later.updates)) == (S.DONE, Rag.GREEN, 2)  # "Completed" is done
    # another strategy, another council: none
    assert plans.action_plan("990", "dudley-2021-23", as_at=date(2025, 10, 15)).actions == ()
    assert plans.action_plan("991", SLOUGH, as_at=date(2025, 10, 15)).actions == ()
    with pytest.raises(NotHeld):
        plans.action_plan("990", "nowhere", as_at=date(2025, 10, 15))


@pytest.mark.django_db
def test_the_downloaded_workbook_loads_back_unchanged(held: User) -> None:
    before = records_load(council=m.Council.objects.get(la_code="990"))
    data = plans.actions_workbook("990", SLOUGH)
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["actions", "action_updates"]
    rows = list(book["actions"].iter_rows(values_only=True))
    assert rows[0] == ("strategy", "outcome", "action_ref", "title", "owner", "start", "due", "status", "measures")
    assert rows[2][2:4] == ("1.2", "Reduce caseloads to 16")
    assert rows[2][8] == "caseload_weighted; permanency_rate_fte"
    assert len(list(book["action_updates"].iter_rows(values_only=True))) == 3
    # uploaded again as each kind: nothing added, nothing changed (the preview says so), the records equal
    for kind in ("actions", "action_updates"):
        upload = upload_receive(
            user=held, kind=kind, filename="back.xlsx", data=data, la_code="990", allowed_la_codes=None, now=NOW
        )
        assert upload.issues == [] and upload.status == m.Upload.PREVIEW
        changes = upload.summary["changes"]
        assert (changes["added"], changes["changed"], changes["unchanged"]) == (0, 0, 3 if kind == "actions" else 2)
        upload_commit(upload=upload, user=held, now=NOW)
    after = records_load(council=m.Council.objects.get(la_code="990"))
    strip = lambda records: [(a.key, a.title, a.owner, a.start, a.due, a.status, a.measures) for a in records]  # noqa: E731
    assert strip(after.actions) == strip(before.actions)
    assert [(u.action_key, u.on, u.status, u.note, u.by) for u in after.action_updates] == [
        (u.action_key, u.on, u.status, u.note, u.by) for u in before.action_updates
    ]


@pytest.mark.django_db
def test_an_analyst_adds_and_edits_actions_audited_with_a_manual_source(held: User) -> None:
    common = {"user": held, "la_code": "990", "strategy_id": SLOUGH, "now": NOW}
    added = plans.save_action(
        **common, ref="7.1", outcome_id="7", title="Quiet rooms for case discussion", status="on_track",
        owner="Service Manager", start=date(2025, 9, 1), due=date(2026, 3, 31), measures=["health_check_survey"],
        new=True,
    )  # fmt: skip
    assert (added.key, added.measures, added.source.kind, added.source.recorded_by) == (
        "action:slough-2014-17/7.1",
        ["health_check_survey"],
        "manual",
        "ana",
    )
    plans.save_action(**common, ref="7.1", outcome_id="7", title="Quiet rooms", status="at_risk", new=False)
    edited = m.Action.objects.get(key="action:slough-2014-17/7.1")
    shown = (edited.title, edited.status, edited.owner, edited.due, edited.measures)
    assert shown == ("Quiet rooms", "at_risk", "", None, [])  # what is not given is cleared
    events = list(m.AuditEvent.objects.filter(action="save-action").order_by("pk"))
    assert [e.detail["new"] for e in events] == [True, False]
    assert events[1].detail["changed"] == ["due", "measures", "owner", "start", "status", "title"]
    assert events[1].object_id == "action:slough-2014-17/7.1"
    # refusals name the field and change nothing
    with pytest.raises(RecordingInvalid) as refused:
        plans.save_action(
            **common, ref="1.1", outcome_id="9", title="", status="maybe", start=date(2025, 5, 1),
            due=date(2025, 4, 1), measures=["open_hr_cases"], new=True,
        )  # fmt: skip
    assert set(refused.value.errors) == {"ref", "outcome", "title", "status", "due", "measures"}
    assert "already has an action 1.1" in refused.value.errors["ref"]
    with pytest.raises(NotHeld):
        plans.save_action(**common, ref="9.9", outcome_id="1", title="x", status="done", new=False)
    assert m.Action.objects.filter(council__la_code="990").count() == 4


@pytest.mark.django_db
def test_a_manager_updates_only_the_actions_they_own_and_a_viewer_nothing(held: User) -> None:
    manager, viewer = _user("mgr", "manager"), _user("vic", "viewer")
    common = {"la_code": "990", "strategy_id": SLOUGH, "now": NOW}
    update = plans.add_update(user=manager, **common, ref="1.2", on=date(2025, 10, 1), status="on_track", note="Begun")
    assert (update.by, update.status, update.source.kind) == ("mgr", "on_track", "manual")
    assert m.AuditEvent.objects.filter(action="add-action-update", username="mgr").count() == 1
    plan = plans.action_plan("990", SLOUGH, as_at=date(2025, 10, 15))
    assert plan.outcomes[0].actions[1].latest.note == "Begun"  # type: ignore[union-attr]
    with pytest.raises(RecordingRefused, match="only the actions you own"):  # 1.1 is the Head of Service's
        plans.add_update(user=manager, **common, ref="1.1", on=date(2025, 10, 1), status="on_track")
    with pytest.raises(RecordingRefused, match="analyst or admin"):  # a manager never edits an action
        plans.save_action(user=manager, **common, ref="1.2", outcome_id="1", title="x", status="done", new=False)
    with pytest.raises(RecordingRefused):
        plans.add_update(user=viewer, **common, ref="1.2", on=date(2025, 10, 2), status="done")
    refused = m.AuditEvent.objects.filter(action="record-refused").values_list("username", flat=True)
    assert sorted(refused) == ["mgr", "mgr", "vic"]
    with pytest.raises(RecordingInvalid) as invalid:  # a second update that day, and one in the future
        plans.add_update(user=held, **common, ref="1.2", on=date(2025, 10, 1), status="done")
    assert "already has an update on that date" in invalid.value.errors["on"]
    with pytest.raises(RecordingInvalid) as future:
        plans.add_update(user=held, **common, ref="1.2", on=date(2026, 2, 1), status="done")
    assert future.value.errors == {"on": "The date of the update must be today or in the past"}
    assert m.ActionUpdate.objects.count() == 3
