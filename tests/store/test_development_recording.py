"""Recording practice and development in the app (store/services/development.py): who may record for whom, the
checks on what is typed, and that each change is one locked, audited transaction with its own manual source,
all of it or none of it. The council is tests/store/development_support.py (dates there)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from csc_workforce.store import models as m
from csc_workforce.store.services import development as dev
from csc_workforce.store.services.records import data_version
from tests.store.development_support import NOW, TODAY, seed_council


@pytest.fixture
def council(db: None) -> m.Council:
    return seed_council()


def _user(username: str, role: str, *, la_code: str = "990", teams: list[str] | None = None) -> User:
    user = User.objects.create_user(username=username, password="x" * 16)
    m.CouncilRole.objects.create(user=user, role=role, la_code=la_code, teams=teams or [])
    return user


@pytest.fixture
def manager_a(council: m.Council) -> User:
    return _user("manager-a", "manager", teams=["Team A"])


@pytest.fixture
def manager_b(council: m.Council) -> User:
    return _user("manager-b", "manager", teams=["Team B"])


@pytest.fixture
def analyst(council: m.Council) -> User:
    return _user("analyst", "analyst")


def _session(user: User, key: str = "e-ann", on: date = date(2025, 12, 1), **kw: Any) -> m.SupervisionSession:
    values: dict[str, Any] = {"kind": "one_to_one", "recorded_late": False, **kw}
    return dev.record_supervision(user=user, la_code="990", engagement_key=key, on=on, now=NOW, **values)


def _nothing_written(before_sources: int) -> None:
    assert m.SupervisionSession.objects.count() == 0
    assert m.PerformanceReview.objects.count() == 0
    assert m.Source.objects.count() == before_sources
    assert not m.AuditEvent.objects.filter(action__in=[dev.RECORD_SUPERVISION, dev.RECORD_REVIEW]).exists()


# -- supervision: who may record ------------------------------------------------------------------------------


def test_a_manager_records_a_session_for_a_worker_in_their_team(manager_a: User) -> None:
    version = data_version()
    session = _session(manager_a, supervisor="TM01", recorded_late=True)
    assert (session.engagement.key, session.on, session.kind) == ("e-ann", date(2025, 12, 1), "one_to_one")
    assert (session.supervisor, session.recorded_late) == ("TM01", True)
    source = session.source
    assert source is not None and source.kind == dev.MANUAL
    assert (source.recorded_by, source.recorded_at, source.council.la_code) == ("manager-a", NOW, "990")
    assert data_version() != version
    (event,) = m.AuditEvent.objects.filter(action=dev.RECORD_SUPERVISION)
    assert (event.username, event.object_type, event.object_id) == ("manager-a", "engagement", "e-ann")
    assert event.detail == {
        "la_code": "990",
        "on": "2025-12-01",
        "kind": "one_to_one",
        "recorded_late": True,
        "source": source.pk,
    }


def test_a_manager_of_team_a_is_refused_for_a_worker_of_team_b_and_nothing_is_written(manager_a: User) -> None:
    sources = m.Source.objects.count()
    with pytest.raises(dev.RecordingRefused, match="only for workers in your own teams"):
        _session(manager_a, key="e-bob")
    _nothing_written(sources)
    (refused,) = m.AuditEvent.objects.filter(action=dev.RECORD_REFUSED)
    assert (refused.username, refused.object_id) == ("manager-a", "e-bob")
    assert refused.detail["attempted"] == dev.RECORD_SUPERVISION


def test_a_managers_rule_is_the_team_on_the_sessions_date_or_today(manager_a: User, manager_b: User) -> None:
    # Cat was in Team A to 30 June 2025 and is in Team B from 1 July 2025 (so today, 5 January 2026).
    assert _session(manager_a, key="e-cat", on=date(2025, 5, 1)).pk  # Team A on the day
    with pytest.raises(dev.RecordingRefused):
        _session(manager_a, key="e-cat", on=date(2025, 8, 1))  # Team B on the day and today
    assert _session(manager_b, key="e-cat", on=date(2025, 5, 2)).pk  # Team A on the day, but Team B today
    assert _session(manager_b, key="e-cat", on=date(2025, 8, 1)).pk
    # Dan left Team A on 31 October 2025: Team A's manager records his sessions up to then, not Team B's.
    assert _session(manager_a, key="e-dan", on=date(2025, 10, 1)).pk
    with pytest.raises(dev.RecordingRefused):
        _session(manager_b, key="e-dan", on=date(2025, 10, 2))


@pytest.mark.parametrize(
    ("role", "la_code", "teams"),
    [("viewer", "990", []), ("manager", "990", []), ("analyst", "991", []), ("manager", "991", ["Team A"])],
)
def test_viewers_managers_without_the_team_and_other_councils_users_are_refused(
    council: m.Council, role: str, la_code: str, teams: list[str]
) -> None:
    user = _user("someone", role, la_code=la_code, teams=teams)
    sources = m.Source.objects.count()
    with pytest.raises(dev.RecordingRefused):
        _session(user)
    with pytest.raises(dev.RecordingRefused):
        dev.record_review(
            user=user, la_code="990", engagement_key="e-ann", cycle="2025-26", due=TODAY, completed=None, now=NOW
        )
    _nothing_written(sources)
    assert m.AuditEvent.objects.filter(action=dev.RECORD_REFUSED).count() == 2


def test_a_user_with_no_role_is_refused(council: m.Council) -> None:
    user = User.objects.create_user("norole", password="x" * 16)
    with pytest.raises(dev.RecordingRefused):
        _session(user)


def test_an_analyst_or_admin_records_for_any_worker_of_their_council(analyst: User) -> None:
    admin = _user("admin", "admin", la_code="")
    assert _session(analyst, key="e-bob").pk and _session(admin, key="e-ann").pk
    assert m.SupervisionSession.objects.count() == 2


def test_an_unknown_worker_or_council_is_not_held(analyst: User) -> None:
    with pytest.raises(dev.NotHeld):
        _session(analyst, key="e-nobody")
    admin = _user("admin", "admin", la_code="")
    with pytest.raises(dev.NotHeld):
        dev.record_supervision(
            user=admin, la_code="999", engagement_key="e-ann", on=TODAY, kind="group", recorded_late=None, now=NOW
        )


# -- supervision: the checks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "on", "field", "message"),
    [
        ("e-ann", date(2026, 1, 6), "on", "The date of the session must be today or in the past"),
        ("e-ann", date(2023, 12, 31), "on", "must be on or after 1 January 2024, when the worker started"),
        ("e-dan", date(2025, 11, 1), "on", "must be on or before 31 October 2025, when the worker left"),
    ],
)
def test_a_session_outside_the_workers_time_or_in_the_future_is_refused(
    analyst: User, key: str, on: date, field: str, message: str
) -> None:
    sources = m.Source.objects.count()
    with pytest.raises(dev.RecordingInvalid) as refused:
        _session(analyst, key=key, on=on)
    assert list(refused.value.errors) == [field] and message in refused.value.errors[field]
    _nothing_written(sources)


def test_a_second_session_of_the_same_kind_on_the_same_day_is_refused(analyst: User) -> None:
    _session(analyst)
    with pytest.raises(dev.RecordingInvalid) as refused:
        _session(analyst)
    assert "already recorded for this worker" in refused.value.errors["on"]
    _session(analyst, kind="group")  # another kind on the same day is another session
    assert m.SupervisionSession.objects.count() == 2


def test_an_unknown_kind_and_a_long_or_control_character_supervisor_are_refused(analyst: User) -> None:
    with pytest.raises(dev.RecordingInvalid) as refused:
        _session(analyst, kind="coffee", supervisor="x" * 201)
    assert refused.value.errors == {
        "kind": "Select the kind of supervision",
        "supervisor": "The supervisor must be 200 characters or fewer",
    }
    with pytest.raises(dev.RecordingInvalid) as refused:
        _session(analyst, supervisor="TM\x0001")
    assert "control characters" in refused.value.errors["supervisor"]


# -- all or nothing, under the lock ---------------------------------------------------------------------------


def test_the_council_is_locked_inside_the_transaction_before_anything_is_read(
    analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[tuple[tuple[str, ...], bool, int]] = []
    real = dev.council_write_lock

    def spy(*codes: str) -> None:
        taken.append((codes, connection.in_atomic_block, m.SupervisionSession.objects.count()))
        real(*codes)

    monkeypatch.setattr(dev, "council_write_lock", spy)
    _session(analyst)
    dev.update_programme_stage(
        user=analyst,
        la_code="990",
        key="asye-ann",
        outcome="ongoing",
        end=None,
        midpoint_review=None,
        final_review=None,
        now=NOW,
    )
    assert taken == [(("990",), True, 0), (("990",), True, 1)]


def test_a_failure_after_the_write_leaves_nothing_behind(analyst: User, monkeypatch: pytest.MonkeyPatch) -> None:
    sources, version = m.Source.objects.count(), data_version()

    def failing_audit(**kw: Any) -> None:
        raise RuntimeError("the audit log is full")

    monkeypatch.setattr(dev, "audit_record", failing_audit)
    with pytest.raises(RuntimeError):
        _session(analyst)
    _nothing_written(sources)
    assert data_version() == version


# -- reviews --------------------------------------------------------------------------------------------------


def test_a_review_is_recorded_and_later_completed(manager_a: User) -> None:
    review, new = dev.record_review(
        user=manager_a, la_code="990", engagement_key="e-ann", cycle=" 2025-26 ", due=date(2026, 3, 31),
        completed=None, objectives_set=True, now=NOW,
    )  # fmt: skip
    assert new and (review.cycle, review.due, review.completed, review.objectives_set) == (
        "2025-26", date(2026, 3, 31), None, True,
    )  # fmt: skip
    first_source = review.source_id
    review, new = dev.record_review(
        user=manager_a, la_code="990", engagement_key="e-ann", cycle="2025-26", due=date(2026, 3, 31),
        completed=date(2026, 1, 5), rating="Good", successful=True, objectives_set=True, now=NOW,
    )  # fmt: skip
    assert not new and m.PerformanceReview.objects.count() == 1
    assert (review.completed, review.rating, review.successful) == (date(2026, 1, 5), "Good", True)
    assert review.source_id != first_source and m.Source.objects.filter(kind=dev.MANUAL).count() == 2
    events = list(m.AuditEvent.objects.filter(action=dev.RECORD_REVIEW).order_by("id"))
    assert [e.detail["new"] for e in events] == [True, False]
    assert events[1].detail["changed"] == ["completed", "rating", "successful"]


def test_a_review_is_refused_with_a_message_for_each_field(analyst: User) -> None:
    with pytest.raises(dev.RecordingInvalid) as refused:
        dev.record_review(
            user=analyst, la_code="990", engagement_key="e-ann", cycle="  ", due=date(2023, 6, 1),
            completed=date(2026, 2, 1), now=NOW,
        )  # fmt: skip
    assert refused.value.errors == {
        "cycle": "Enter the cycle",
        "due": "The due date must be on or after 1 January 2024, when the worker started",
        "completed": "The date the review was completed must be today or in the past",
    }
    with pytest.raises(dev.RecordingInvalid) as refused:
        dev.record_review(
            user=analyst, la_code="990", engagement_key="e-ann", cycle="2025", due=TODAY, completed=None,
            rating="Good", now=NOW,
        )  # fmt: skip
    assert refused.value.errors == {"completed": "Enter the date the review was completed, or leave the rating blank"}
    assert m.PerformanceReview.objects.count() == 0


def test_a_managers_rule_for_a_review_is_the_team_on_its_completion_date_or_today(manager_a: User) -> None:
    _, new = dev.record_review(
        user=manager_a, la_code="990", engagement_key="e-cat", cycle="2024-25", due=date(2025, 3, 31),
        completed=date(2025, 3, 20), now=NOW,
    )  # fmt: skip
    assert new
    with pytest.raises(dev.RecordingRefused):
        dev.record_review(
            user=manager_a, la_code="990", engagement_key="e-cat", cycle="2025-26", due=date(2026, 3, 31),
            completed=None, now=NOW,
        )  # fmt: skip


# -- programmes and placements (the programme lead) -----------------------------------------------------------


def _programme(user: User, **kw: Any) -> m.ProgrammeSpell:
    values: dict[str, Any] = {"outcome": "ongoing", "end": None, "midpoint_review": None, "final_review": None, **kw}
    return dev.update_programme_stage(user=user, la_code="990", key="asye-ann", now=NOW, **values)


def test_a_programme_lead_updates_an_asye_and_the_change_is_audited_before_and_after(analyst: User) -> None:
    spell = _programme(
        analyst,
        outcome="passed",
        end=date(2024, 12, 31),
        midpoint_review=date(2024, 7, 1),
        final_review=date(2024, 12, 15),
        protected_caseload=14,
        protected_time_pct=Decimal("10"),
    )
    spell.refresh_from_db()
    assert (spell.outcome, spell.end, spell.protected_caseload, spell.protected_time_pct) == (
        "passed", date(2024, 12, 31), 14, Decimal("10"),
    )  # fmt: skip
    assert spell.source is not None and spell.source.kind == dev.MANUAL
    (event,) = m.AuditEvent.objects.filter(action=dev.UPDATE_PROGRAMME)
    assert (event.object_type, event.object_id) == ("programme-spell", "asye-ann")
    assert event.detail["changed"] == {
        "outcome": ["ongoing", "passed"],
        "end": [None, "2024-12-31"],
        "midpoint_review": [None, "2024-07-01"],
        "final_review": [None, "2024-12-15"],
        "protected_caseload": [None, 14],
        "protected_time_pct": [None, "10"],
    }


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"outcome": "ongoing", "end": date(2025, 1, 1)}, {"end": "Leave the end date blank while"}),
        ({"outcome": "passed"}, {"end": "Enter the date the programme ended"}),
        ({"outcome": "won"}, {"outcome": "Select the outcome"}),
        (
            {"midpoint_review": date(2024, 8, 1), "final_review": date(2024, 7, 1)},
            {"final_review": "The date of the final review must be on or after the mid-point review"},
        ),
        (
            {"midpoint_review": date(2023, 8, 1)},
            {"midpoint_review": "must be on or after 1 January 2024, when the programme started"},
        ),
        ({"final_review": date(2026, 2, 1)}, {"final_review": "final review must be today or in the past"}),
        ({"protected_caseload": 1000}, {"protected_caseload": "The protected caseload must be between 0 and 999"}),
        ({"protected_time_pct": Decimal("120")}, {"protected_time_pct": "must be between 0 and 100 per cent"}),
    ],
)  # fmt: skip
def test_a_programme_update_is_refused_with_the_field_and_how_to_fix_it(
    analyst: User, values: dict[str, Any], errors: dict[str, str]
) -> None:
    sources = m.Source.objects.count()
    with pytest.raises(dev.RecordingInvalid) as refused:
        _programme(analyst, **values)
    assert list(refused.value.errors) == list(errors)  # the field, and what the message says
    assert all(errors[k] in refused.value.errors[k] for k in errors)
    assert m.Source.objects.count() == sources
    assert m.ProgrammeSpell.objects.get(key="asye-ann").outcome == "ongoing"


def test_a_manager_cannot_update_programmes_or_placements(manager_a: User) -> None:
    with pytest.raises(dev.RecordingRefused, match="programme lead"):
        _programme(manager_a, outcome="passed", end=date(2025, 1, 1))
    with pytest.raises(dev.RecordingRefused):
        dev.programme_spells(user=manager_a, la_code="990")
    with pytest.raises(dev.RecordingRefused):
        dev.student_placements(user=manager_a, la_code="990")
    assert m.ProgrammeSpell.objects.get(key="asye-ann").outcome == "ongoing"


def _placement(user: User, **kw: Any) -> m.StudentPlacement:
    values: dict[str, Any] = {
        "outcome": "ongoing", "end": None, "eligible_for_nqsw": None, "applied": None, "interviewed": None,
        "offered": None, "appointed": None, **kw,
    }  # fmt: skip
    return dev.update_placement_stage(user=user, la_code="990", key="pl-1", now=NOW, **values)


def test_a_programme_lead_updates_a_placement_and_its_funnel(analyst: User) -> None:
    placement = _placement(
        analyst, outcome="passed", end=date(2025, 5, 30), eligible_for_nqsw=True, applied=True, interviewed=True,
        offered=True, appointed=False,
    )  # fmt: skip
    placement.refresh_from_db()
    assert (placement.outcome, placement.end, placement.offered, placement.appointed) == (
        "passed", date(2025, 5, 30), True, False,
    )  # fmt: skip
    (event,) = m.AuditEvent.objects.filter(action=dev.UPDATE_PLACEMENT)
    assert event.detail["changed"]["outcome"] == ["ongoing", "passed"]
    assert event.detail["changed"]["appointed"] == [None, False]


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"outcome": "passed"}, {"end": "Enter the date the placement ended"}),
        ({"outcome": "failed", "end": date(2026, 2, 1)}, {"end": "has ended must be today or in the past"}),
        ({"end": date(2024, 12, 1)}, {"end": "The end date must be on or after 6 January 2025, when it started"}),
        (
            {"offered": False, "appointed": True},
            {"appointed": 'was appointed was offered a post: answer "Yes" to offered a post'},
        ),
    ],
)  # fmt: skip
def test_a_placement_update_is_refused_with_the_field_and_how_to_fix_it(
    analyst: User, values: dict[str, Any], errors: dict[str, str]
) -> None:
    with pytest.raises(dev.RecordingInvalid) as refused:
        _placement(analyst, **values)
    assert list(refused.value.errors) == list(errors)
    assert all(errors[k] in refused.value.errors[k] for k in errors)
    assert m.StudentPlacement.objects.get(key="pl-1").outcome == "ongoing"
    assert not m.AuditEvent.objects.filter(action=dev.UPDATE_PLACEMENT).exists()


# -- what the pages list --------------------------------------------------------------------------------------


def test_a_manager_lists_only_the_workers_in_their_teams_today(manager_a: User, manager_b: User, analyst: User) -> None:
    _session(manager_a, on=date(2025, 11, 3))
    _session(manager_a, on=date(2025, 12, 1), kind="group")
    mine = dev.workers_to_record(user=manager_a, la_code="990", today=TODAY)
    assert [(w.engagement_key, w.team, w.last_supervision) for w in mine] == [("e-ann", "Team A", date(2025, 12, 1))]
    assert (mine[0].swe_no, mine[0].staff_ref) == ("SW100001", "P001")
    assert [w.engagement_key for w in dev.workers_to_record(user=manager_b, la_code="990", today=TODAY)] == [
        "e-bob", "e-cat",
    ]  # fmt: skip
    everyone = dev.workers_to_record(user=analyst, la_code="990", today=TODAY)
    assert [w.engagement_key for w in everyone] == ["e-ann", "e-bob", "e-cat"]  # Dan has left
    assert "ethnicity" not in dev.Worker.__dataclass_fields__  # only references and team are shown


def test_a_manager_opens_a_worker_only_if_they_were_ever_in_their_teams(manager_a: User, manager_b: User) -> None:
    assert dev.worker_to_record(user=manager_a, la_code="990", engagement_key="e-cat").team == "Team A"
    with pytest.raises(dev.RecordingRefused):
        dev.worker_to_record(user=manager_a, la_code="990", engagement_key="e-bob")
    with pytest.raises(dev.NotHeld):
        dev.worker_to_record(user=manager_b, la_code="990", engagement_key="e-nobody")


# -- typed records live on with the rest ----------------------------------------------------------------------


def test_typed_records_survive_the_council_being_rebuilt(analyst: User, council: m.Council) -> None:
    """A census import or undo rebuilds every record of the council from the records held (census_rebuild): the
    typed session and ASYE update come back with their manual source."""
    from django.db import transaction

    from csc_workforce.store.services.census import census_rebuild

    session = _session(analyst, supervisor="TM01")
    _programme(analyst, outcome="passed", end=date(2024, 12, 31), protected_caseload=14)
    with transaction.atomic():
        census_rebuild(council=council)
    (kept,) = m.SupervisionSession.objects.all()
    assert (kept.engagement.key, kept.on, kept.supervisor, kept.source_id) == (
        "e-ann", date(2025, 12, 1), "TM01", session.source_id,
    )  # fmt: skip
    spell = m.ProgrammeSpell.objects.get(key="asye-ann")
    assert (spell.outcome, spell.protected_caseload, spell.source.kind) == ("passed", 14, dev.MANUAL)


def test_an_upload_loaded_before_a_typed_change_cannot_be_undone_over_it(analyst: User, council: m.Council) -> None:
    """One manual source per change: the typed session is newer than the upload, so undoing the upload (which puts
    back the records from before it) is refused rather than losing the session; the refusal names it."""
    from csc_workforce.store.services.uploads import UploadRefused, upload_commit, upload_receive, upload_undo

    upload = upload_receive(
        user=analyst, kind="teams", filename="teams.csv", data=b"Team,Service area\nTeam C,Children in need\n",
        la_code="990", allowed_la_codes=["990"], now=NOW,
    )  # fmt: skip
    assert upload.status == m.Upload.PREVIEW, upload.issues
    upload_commit(upload=upload, user=analyst, now=NOW)
    _session(analyst)
    with pytest.raises(UploadRefused, match="Supervision session recorded in the app by analyst"):
        upload_undo(upload=upload, user=analyst, now=NOW)
    assert m.SupervisionSession.objects.count() == 1
