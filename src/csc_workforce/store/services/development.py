"""Practice and development records typed in the web app, where a person would rather type than upload
(docs/web.md, "Recording practice and development"): a team manager records a supervision session or a
performance review for a worker in their own teams; a programme lead (an analyst or admin of the council)
updates a programme spell (the ASYE's stages, outcome, protected caseload and time) or a student placement
(its outcome and what followed it).

Who may do what (the same rule in docs/security.md, "Access control"):

* a **manager** records supervision and reviews only for a worker whose assignment on the session's or
  review's date, or today, is in one of the manager's teams (``CouncilRole.teams``, team names), of their
  council; they never update programmes or placements;
* an **analyst** or **admin** of the council (or of every council) records for any worker of it and updates
  its programme spells and placements: the "programme lead";
* a **viewer**, or a user with no role, never records anything.

Every change is one transaction, all of it or none of it: the council is locked for writing
(``store/locks.py``) before anything is read, the values are checked (a refusal names the field and says how
to fix it, and changes nothing), the change is written with its own :class:`~csc_workforce.store.models.Source`
of kind ``manual`` (who typed it and when), the records version is bumped (``data_changed``) and the change is
audited. One source per change, not one per person reused: a later source is what stops an earlier upload being
undone over it (``uploads.upload_undo`` refuses while newer sources exist), so typed records are never lost to
an undo that restores the records from before them. A refused attempt (the user may not record for that worker)
is audited too, after the transaction, as ``record-refused``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from csc_workforce.domain.codes import PlacementOutcome, Programme, ProgrammeOutcome, SupervisionKind
from csc_workforce.domain.limits import CONTROL_CHARACTERS
from csc_workforce.measures.rules import covers
from csc_workforce.store import models as m
from csc_workforce.store.locks import council_write_lock
from csc_workforce.store.services.audit import NOWHERE, Origin, audit_record
from csc_workforce.store.services.coverage import long_date
from csc_workforce.store.services.records import data_changed

MANUAL = "manual"  # Source.kind of a change typed in the app
RECORD_SUPERVISION = "record-supervision"
RECORD_REVIEW = "record-review"
UPDATE_PROGRAMME = "update-programme"
UPDATE_PLACEMENT = "update-placement"
RECORD_REFUSED = "record-refused"

MOST_PROTECTED_CASELOAD = 999
TEXT_MAX = {"supervisor": 200, "cycle": 100, "rating": 100}  # the database columns' lengths


class RecordingRefused(Exception):
    """The user may not make this change (their role, council or teams); the message says why."""


class RecordingInvalid(ValueError):
    """A value cannot be recorded: ``errors`` maps each field to what is wrong and how to fix it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotHeld(LookupError):
    """No such council, worker, programme spell or placement is held."""


# -- who may record -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a user may record for one council: ``teams`` None for any worker (analyst, admin), else the names
    of the manager's teams; ``programmes`` whether they may update programme spells and placements."""

    teams: frozenset[str] | None
    programmes: bool


def recording_scope(user: User, la_code: str) -> Scope | None:
    """What ``user`` may record for council ``la_code``, or None when they may record nothing there."""
    from csc_workforce.store.services.roles import grants_for

    if not user.is_active:
        return None
    grants = grants_for(user)
    role = grants.role_for(la_code)
    if role in (m.Role.ADMIN, m.Role.ANALYST):
        return Scope(teams=None, programmes=True)
    if role is m.Role.MANAGER:
        return Scope(teams=grants.teams_for(la_code) or frozenset(), programmes=False)
    return None


def _teams_on(assignments: list[m.Assignment], day: date) -> set[str]:
    """The names of the teams of the assignments covering ``day``."""
    return {a.team.name for a in assignments if a.team is not None and covers(a.effective_from, a.effective_to, day)}


def _may_record_for(scope: Scope, engagement: m.Engagement, days: list[date]) -> bool:
    """A manager's rule: the worker's assignment on one of ``days`` is in one of their teams."""
    if scope.teams is None:
        return True
    assignments = list(engagement.assignments.select_related("team").order_by("effective_from", "pk"))
    return any(_teams_on(assignments, day) & scope.teams for day in days)


def _refused_for_worker() -> RecordingRefused:
    return RecordingRefused(
        "You can record only for workers in your own teams: this worker's team on that date and today is not one "
        "of yours. Ask the worker's team manager or an analyst to record it."
    )


# -- the writes -----------------------------------------------------------------------------------------------

T = TypeVar("T")


def _write(
    *,
    user: User,
    la_code: str,
    action: str,
    object_type: str,
    object_id: str,
    origin: Origin,
    now: datetime,
    change: Callable[[m.Council, Scope], T],
) -> T:
    """Run ``change`` with the council locked, in one transaction; audit a refusal after it rolled back."""
    try:
        with transaction.atomic():
            council_write_lock(la_code)
            scope = recording_scope(user, la_code)
            if scope is None:
                raise RecordingRefused("Your role does not let you record for this council.")
            return change(_held_council(la_code), scope)
    except RecordingRefused as refused:
        audit_record(
            action=RECORD_REFUSED,
            user=user,
            object_type=object_type,
            object_id=object_id,
            detail={"la_code": la_code, "attempted": action, "reason": str(refused)},
            origin=origin,
            now=now,
        )
        raise


def _source(council: m.Council, user: User, now: datetime, what: str) -> m.Source:
    return m.Source.objects.create(
        council=council,
        kind=MANUAL,
        name=f"{what} recorded in the app by {user.get_username()}",
        recorded_by=user.get_username(),
        recorded_at=now,
    )


def _finish(action: str, user: User, object_type: str, object_id: str, detail: dict[str, Any], **kw: Any) -> None:
    data_changed()
    audit_record(action=action, user=user, object_type=object_type, object_id=object_id, detail=detail, **kw)


def _today(now: datetime) -> date:
    return timezone.localdate(now) if timezone.is_aware(now) else now.date()


def _engagement(council: m.Council, engagement_key: str) -> m.Engagement:
    found = m.Engagement.objects.select_related("person").filter(council=council, key=engagement_key).first()
    if found is None:
        raise NotHeld(f"No worker {engagement_key} is held for council {council.la_code}.")
    return found


@dataclass
class _Checks:
    """Errors found so far, by field (the first for each field is kept)."""

    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(
        self, name: str, value: str | None, label: str, *, required: bool = False, most: int | None = None
    ) -> str | None:
        """``value`` stripped (None when blank), at most ``most`` characters (default: ``TEXT_MAX[name]``)."""
        most = TEXT_MAX[name] if most is None else most
        value = (value or "").strip()
        if not value:
            if required:
                self.add(name, f"Enter {label}")
            return None
        if CONTROL_CHARACTERS.search(value):
            self.add(name, f"{label.capitalize()} must not contain control characters: type it again")
        elif len(value) > most:
            self.add(name, f"{label.capitalize()} must be {most} characters or fewer")
        return value

    def not_future(self, name: str, day: date | None, label: str, today: date) -> None:
        if day is not None and day > today:
            self.add(name, f"{label} must be today or in the past")

    def within(self, name: str, day: date | None, label: str, engagement: m.Engagement) -> None:
        """``day`` falls within the worker's engagement (from its start to its end, when known)."""
        if day is None:
            return
        if engagement.start_date is not None and day < engagement.start_date:
            self.add(name, f"{label} must be on or after {long_date(engagement.start_date)}, when the worker started")
        elif engagement.end_date is not None and day > engagement.end_date:
            self.add(name, f"{label} must be on or before {long_date(engagement.end_date)}, when the worker left")

    def raise_any(self) -> None:
        if self.errors:
            raise RecordingInvalid(dict(self.errors))


def record_supervision(
    *,
    user: User,
    la_code: str,
    engagement_key: str,
    on: date,
    kind: SupervisionKind | str,
    recorded_late: bool | None,
    supervisor: str | None = None,
    origin: Origin = NOWHERE,
    now: datetime,
) -> m.SupervisionSession:
    """Record a supervision session held on ``on`` with the worker of ``engagement_key``.

    Refused (:class:`RecordingInvalid`) for a date in the future, before the worker started or after they left,
    an unknown kind, and a session of the same kind already held for the worker on that day."""
    today = _today(now)

    def change(council: m.Council, scope: Scope) -> m.SupervisionSession:
        engagement = _engagement(council, engagement_key)
        if not _may_record_for(scope, engagement, [on, today]):
            raise _refused_for_worker()
        checks = _Checks()
        chosen = SupervisionKind._value2member_map_.get(str(kind))
        if chosen is None:
            checks.add("kind", "Select the kind of supervision")
        checks.not_future("on", on, "The date of the session", today)
        checks.within("on", on, "The date of the session", engagement)
        name = checks.text("supervisor", supervisor, "the supervisor")
        if chosen is not None and "on" not in checks.errors:
            if m.SupervisionSession.objects.filter(engagement=engagement, on=on, kind=chosen.value).exists():
                checks.add(
                    "on",
                    f"A session of this kind on {long_date(on)} is already recorded for this worker: check the "
                    "date, or choose another kind",
                )
        checks.raise_any()
        assert chosen is not None
        source = _source(council, user, now, "Supervision session")
        session = m.SupervisionSession.objects.create(
            council=council,
            source=source,
            engagement=engagement,
            on=on,
            kind=chosen.value,
            supervisor=name,
            recorded_late=recorded_late,
        )
        detail = {
            "la_code": la_code,
            "on": on.isoformat(),
            "kind": chosen.value,
            "recorded_late": recorded_late,
            "source": source.pk,
        }
        _finish(RECORD_SUPERVISION, user, "engagement", engagement_key, detail, origin=origin, now=now)
        return session

    return _write(
        user=user,
        la_code=la_code,
        action=RECORD_SUPERVISION,
        object_type="engagement",
        object_id=engagement_key,
        origin=origin,
        now=now,
        change=change,
    )


def record_review(
    *,
    user: User,
    la_code: str,
    engagement_key: str,
    cycle: str,
    due: date,
    completed: date | None,
    rating: str | None = None,
    successful: bool | None = None,
    objectives_set: bool | None = None,
    origin: Origin = NOWHERE,
    now: datetime,
) -> tuple[m.PerformanceReview, bool]:
    """Record the worker's performance review for ``cycle`` (its natural key with the worker): a new one, or the
    one held for that cycle brought up to date (a review uploaded as due, now completed, say). Returns the review
    and whether it was new.

    Refused for a due date before the worker started, a completion date in the future, before the worker
    started or after they left, and a rating or "successful" answer without a completion date. A manager's
    rule is checked on the completion date (or the due date) and today."""
    today = _today(now)

    def change(council: m.Council, scope: Scope) -> tuple[m.PerformanceReview, bool]:
        engagement = _engagement(council, engagement_key)
        if not _may_record_for(scope, engagement, [completed or due, today]):
            raise _refused_for_worker()
        checks = _Checks()
        name = checks.text("cycle", cycle, "the cycle", required=True)
        given_rating = checks.text("rating", rating, "the rating")
        if engagement.start_date is not None and due < engagement.start_date:
            checks.add(
                "due", f"The due date must be on or after {long_date(engagement.start_date)}, when the worker started"
            )
        checks.not_future("completed", completed, "The date the review was completed", today)
        checks.within("completed", completed, "The date the review was completed", engagement)
        if completed is None and (given_rating or successful is not None):
            checks.add("completed", "Enter the date the review was completed, or leave the rating blank")
        checks.raise_any()
        assert name is not None
        source = _source(council, user, now, "Performance review")
        values = {
            "due": due,
            "completed": completed,
            "rating": given_rating,
            "successful": successful,
            "objectives_set": objectives_set,
        }
        held = m.PerformanceReview.objects.filter(engagement=engagement, cycle=name).order_by("pk").first()
        if held is None:
            review = m.PerformanceReview.objects.create(
                council=council, source=source, engagement=engagement, cycle=name, **values
            )
            changed = sorted(values)
        else:
            changed = [k for k, v in values.items() if getattr(held, k) != v]
            for k, v in values.items():
                setattr(held, k, v)
            held.source = source
            held.save()
            review = held
        detail = {
            "la_code": la_code,
            "cycle": name,
            "new": held is None,
            "changed": changed,
            **{k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()},
            "source": source.pk,
        }
        _finish(RECORD_REVIEW, user, "engagement", engagement_key, detail, origin=origin, now=now)
        return review, held is None

    return _write(
        user=user,
        la_code=la_code,
        action=RECORD_REVIEW,
        object_type="engagement",
        object_id=engagement_key,
        origin=origin,
        now=now,
        change=change,
    )


def _refused_programmes() -> RecordingRefused:
    return RecordingRefused(
        "Only a programme lead (an analyst or admin of the council) can update programmes and placements."
    )


def _audit_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _apply(row: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``row``; the fields that changed, as [before, after] for the audit log."""
    changed: dict[str, list[Any]] = {}
    for k, v in values.items():
        before = getattr(row, k)
        if before != v:
            changed[k] = [_audit_value(before), _audit_value(v)]
            setattr(row, k, v)
    return changed


def protected_time(value: str | Decimal | None) -> Decimal | None:
    """A percentage as typed ("10", "12.5"), or None when blank; ValueError says what is wrong."""
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip().rstrip("%").strip())
    except InvalidOperation as bad:
        raise ValueError("Enter the protected development time as a number, for example 10") from bad
    if not number.is_finite() or number < 0 or number > 100:
        raise ValueError("The protected development time must be between 0 and 100 per cent")
    if number != number.quantize(Decimal("0.001")):
        raise ValueError("The protected development time can have at most 3 decimal places")
    return number


def update_programme_stage(
    *,
    user: User,
    la_code: str,
    key: str,
    outcome: ProgrammeOutcome | str,
    end: date | None,
    midpoint_review: date | None,
    final_review: date | None,
    protected_caseload: int | None = None,
    protected_time_pct: Decimal | None = None,
    origin: Origin = NOWHERE,
    now: datetime,
) -> m.ProgrammeSpell:
    """Update a programme spell (an ASYE, say): its review dates, end and outcome, protected caseload and time.

    Refused for dates in the future or before the spell started, a final review before the mid-point review,
    an end date with the outcome "ongoing" or none with passed, failed or left, and a protected caseload or
    time out of range."""
    today = _today(now)

    def change(council: m.Council, scope: Scope) -> m.ProgrammeSpell:
        if not scope.programmes:
            raise _refused_programmes()
        spell = m.ProgrammeSpell.objects.filter(council=council, key=key).first()
        if spell is None:
            raise NotHeld(f"No programme spell {key} is held for council {la_code}.")
        checks = _Checks()
        chosen = ProgrammeOutcome._value2member_map_.get(str(outcome))
        if chosen is None:
            checks.add("outcome", "Select the outcome")
        for name, day, label in (
            ("midpoint_review", midpoint_review, "The date of the mid-point review"),
            ("final_review", final_review, "The date of the final review"),
            ("end", end, "The end date"),
        ):
            checks.not_future(name, day, label, today)
            if day is not None and day < spell.start:
                checks.add(name, f"{label} must be on or after {long_date(spell.start)}, when the programme started")
        if midpoint_review and final_review and final_review < midpoint_review:
            checks.add("final_review", "The date of the final review must be on or after the mid-point review")
        if chosen is ProgrammeOutcome.ONGOING and end is not None:
            checks.add("end", "Leave the end date blank while the programme is ongoing, or choose its outcome")
        if chosen in (ProgrammeOutcome.PASSED, ProgrammeOutcome.FAILED, ProgrammeOutcome.LEFT) and end is None:
            checks.add("end", "Enter the date the programme ended")
        if protected_caseload is not None and not 0 <= protected_caseload <= MOST_PROTECTED_CASELOAD:
            checks.add("protected_caseload", f"The protected caseload must be between 0 and {MOST_PROTECTED_CASELOAD}")
        if protected_time_pct is not None:
            try:
                protected_time(protected_time_pct)
            except ValueError as bad:
                checks.add("protected_time_pct", str(bad))
        checks.raise_any()
        assert chosen is not None
        source = _source(council, user, now, f"{Programme.of(spell.programme).label} update")
        changed = _apply(
            spell,
            {
                "outcome": chosen.value,
                "end": end,
                "midpoint_review": midpoint_review,
                "final_review": final_review,
                "protected_caseload": protected_caseload,
                "protected_time_pct": protected_time_pct,
            },
        )
        spell.source = source
        spell.save()
        detail = {"la_code": la_code, "programme": spell.programme, "changed": changed, "source": source.pk}
        _finish(UPDATE_PROGRAMME, user, "programme-spell", key, detail, origin=origin, now=now)
        return spell

    return _write(
        user=user,
        la_code=la_code,
        action=UPDATE_PROGRAMME,
        object_type="programme-spell",
        object_id=key,
        origin=origin,
        now=now,
        change=change,
    )


FUNNEL = ("eligible_for_nqsw", "applied", "interviewed", "offered", "appointed")
FUNNEL_LABELS = {
    "eligible_for_nqsw": "eligible for an NQSW post",
    "applied": "applied",
    "interviewed": "interviewed",
    "offered": "offered a post",
    "appointed": "appointed",
}


def update_placement_stage(
    *,
    user: User,
    la_code: str,
    key: str,
    outcome: PlacementOutcome | str,
    end: date | None,
    eligible_for_nqsw: bool | None,
    applied: bool | None,
    interviewed: bool | None,
    offered: bool | None,
    appointed: bool | None,
    origin: Origin = NOWHERE,
    now: datetime,
) -> m.StudentPlacement:
    """Update a student placement: its outcome and end, and how far the student went towards an NQSW post.

    Refused for an end before the placement started, passed, failed or withdrawn without an end date or with one
    in the future, and a later stage of the funnel answered "yes" where an earlier one is "no" (a student
    appointed but not offered a post, say)."""
    today = _today(now)
    flags = {
        "eligible_for_nqsw": eligible_for_nqsw,
        "applied": applied,
        "interviewed": interviewed,
        "offered": offered,
        "appointed": appointed,
    }

    def change(council: m.Council, scope: Scope) -> m.StudentPlacement:
        if not scope.programmes:
            raise _refused_programmes()
        placement = m.StudentPlacement.objects.filter(council=council, key=key).first()
        if placement is None:
            raise NotHeld(f"No student placement {key} is held for council {la_code}.")
        checks = _Checks()
        chosen = PlacementOutcome._value2member_map_.get(str(outcome))
        if chosen is None:
            checks.add("outcome", "Select the outcome of the placement")
        if end is not None and end < placement.start:
            checks.add("end", f"The end date must be on or after {long_date(placement.start)}, when it started")
        if chosen is not None and chosen is not PlacementOutcome.ONGOING:
            if end is None:
                checks.add("end", "Enter the date the placement ended")
            else:
                checks.not_future("end", end, "The end date of a placement that has ended", today)
        for earlier, later in zip(FUNNEL, FUNNEL[1:], strict=False):
            if flags[later] is True and flags[earlier] is False:
                checks.add(
                    later,
                    f'A student who was {FUNNEL_LABELS[later]} was {FUNNEL_LABELS[earlier]}: answer "Yes" to '
                    f'{FUNNEL_LABELS[earlier]}, or not "Yes" to {FUNNEL_LABELS[later]}',
                )
        checks.raise_any()
        assert chosen is not None
        source = _source(council, user, now, "Student placement update")
        changed = _apply(placement, {"outcome": chosen.value, "end": end, **flags})
        placement.source = source
        placement.save()
        detail = {"la_code": la_code, "changed": changed, "source": source.pk}
        _finish(UPDATE_PLACEMENT, user, "student-placement", key, detail, origin=origin, now=now)
        return placement

    return _write(
        user=user,
        la_code=la_code,
        action=UPDATE_PLACEMENT,
        object_type="student-placement",
        object_id=key,
        origin=origin,
        now=now,
        change=change,
    )


# -- what the pages list --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Worker:
    """A worker someone may record for, as the pages show them: references and team, nothing else."""

    engagement_key: str
    swe_no: str | None
    staff_ref: str | None
    team: str | None
    started: date | None
    last_supervision: date | None


def workers_to_record(*, user: User, la_code: str, today: date) -> list[Worker]:
    """The workers in post on ``today`` whom ``user`` may record for (a manager: those in their teams today),
    by team and reference. NotHeld for a council not held; RecordingRefused when they may record nothing."""
    scope = recording_scope(user, la_code)
    if scope is None:
        raise RecordingRefused("Your role does not let you record for this council.")
    council = _held_council(la_code)
    current = (
        m.Assignment.objects.filter(council=council, effective_from__lte=today)
        .exclude(effective_to__lt=today)
        .select_related("team", "engagement__person")
        .order_by("engagement__key", "-effective_from", "-pk")
    )
    latest: dict[int, date] = {}
    for engagement_id, on in m.SupervisionSession.objects.filter(council=council).values_list("engagement_id", "on"):
        latest[engagement_id] = max(on, latest.get(engagement_id, on))
    found: dict[str, Worker] = {}
    for a in current:
        e = a.engagement
        if e.key in found or (e.end_date is not None and e.end_date < today):
            continue
        team = a.team.name if a.team is not None else None
        if scope.teams is not None and team not in scope.teams:
            continue
        found[e.key] = Worker(e.key, e.person.swe_no, e.person.staff_ref, team, e.start_date, latest.get(e.pk))
    return sorted(found.values(), key=lambda w: (w.team or "", w.swe_no or w.staff_ref or "", w.engagement_key))


def worker_to_record(*, user: User, la_code: str, engagement_key: str) -> Worker:
    """One worker for a recording page: NotHeld when not held, RecordingRefused when ``user`` may never record
    for them (a manager: the worker was never in one of their teams; the date is checked when they record)."""
    scope = recording_scope(user, la_code)
    if scope is None:
        raise RecordingRefused("Your role does not let you record for this council.")
    council = _held_council(la_code)
    e = _engagement(council, engagement_key)
    assignments = list(e.assignments.select_related("team").order_by("-effective_from", "-pk"))
    teams = [a.team.name for a in assignments if a.team is not None]
    if scope.teams is not None and not scope.teams.intersection(teams):
        raise RecordingRefused("You can record only for workers in your own teams.")
    mine = [t for t in teams if scope.teams is None or t in scope.teams]
    last = m.SupervisionSession.objects.filter(engagement=e).order_by("-on").values_list("on", flat=True).first()
    return Worker(e.key, e.person.swe_no, e.person.staff_ref, mine[0] if mine else None, e.start_date, last)


def _held_council(la_code: str) -> m.Council:
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise NotHeld(f"No council {la_code} is held.")
    return council


def _programme_lead(user: User, la_code: str) -> m.Council:
    scope = recording_scope(user, la_code)
    if scope is None or not scope.programmes:
        raise _refused_programmes()
    council = _held_council(la_code)
    return council


def programme_spells(*, user: User, la_code: str) -> list[m.ProgrammeSpell]:
    """The council's programme spells, for a programme lead: ongoing first, then the latest started."""
    council = _programme_lead(user, la_code)
    spells = m.ProgrammeSpell.objects.filter(council=council).select_related("person")
    return sorted(spells, key=lambda s: (s.outcome != ProgrammeOutcome.ONGOING.value, -s.start.toordinal(), s.key))


def programme_spell(*, user: User, la_code: str, key: str) -> m.ProgrammeSpell:
    council = _programme_lead(user, la_code)
    spell = m.ProgrammeSpell.objects.filter(council=council, key=key).select_related("person").first()
    if spell is None:
        raise NotHeld(f"No programme spell {key} is held for council {la_code}.")
    return spell


def student_placements(*, user: User, la_code: str) -> list[m.StudentPlacement]:
    """The council's student placements, for a programme lead: ongoing first, then the latest started."""
    council = _programme_lead(user, la_code)
    placements = m.StudentPlacement.objects.filter(council=council).select_related("team")
    return sorted(placements, key=lambda p: (p.outcome != PlacementOutcome.ONGOING.value, -p.start.toordinal(), p.key))


def student_placement(*, user: User, la_code: str, key: str) -> m.StudentPlacement:
    council = _programme_lead(user, la_code)
    placement = m.StudentPlacement.objects.filter(council=council, key=key).select_related("team").first()
    if placement is None:
        raise NotHeld(f"No student placement {key} is held for council {la_code}.")
    return placement
