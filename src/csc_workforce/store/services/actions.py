"""Strategies' action plans held for a council (docs/strategies.md, "Action plans"; docs/web.md, "Action
plans"): the plan as at a date (:func:`action_plan`, what the reports call), its download as an Excel workbook
that loads back unchanged (:func:`actions_workbook`), and the changes typed in the app.

The actions and their updates are records of the council (``domain.records.Action``, ``ActionUpdate``): they
come in through the one upload flow (kinds ``actions`` and ``action_updates``) or are typed here. Who may change
what (the same rule in docs/security.md, "Access control"):

* an **analyst** or **admin** of the council (or of every council) adds and edits actions, and adds an update to
  any of them;
* a **manager** adds an update (a status and a short note) to an action they own (its owner is their username),
  and nothing else;
* a **viewer**, or a user with no role, reads the plan and changes nothing.

Every change is one transaction, as in ``store/services/development.py`` (whose write, refusal audit and manual
source this module shares): the council is locked, the values are checked (a refusal names the field), the change
is written with its own ``manual`` :class:`~csc_workforce.store.models.Source`, the records version is bumped
(``data_changed``) and the change is audited (``save-action``, ``add-action-update``; a refused one
``record-refused``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache

from django.contrib.auth.models import User

from csc_workforce.domain.codes import ActionStatus
from csc_workforce.domain.records import PlanOutline, action_key
from csc_workforce.domain.spreadsheet import Sheet, xlsx_bytes
from csc_workforce.importers.kinds import ACTION_REF_LENGTH, Kind
from csc_workforce.importers.templates import template_header
from csc_workforce.store import models as m
from csc_workforce.store.services.audit import NOWHERE, Origin
from csc_workforce.store.services.development import (
    NotHeld,
    RecordingRefused,
    Scope,
    _Checks,
    _finish,
    _source,
    _today,
    _write,
)
from csc_workforce.store.services.records import action_record, update_record
from csc_workforce.strategies.actions import ActionPlan, plan_as_at, plan_outlines
from csc_workforce.strategies.model import Strategy
from csc_workforce.strategies.shipped import load_seed, seed_strategies

SAVE_ACTION = "save-action"
ADD_UPDATE = "add-action-update"
# the database columns' lengths (store/models.py), as the import kinds give them
TEXT_MAX = {"ref": ACTION_REF_LENGTH, "title": 500, "owner": 150, "note": 500}


@cache
def shipped_plans() -> dict[str, PlanOutline]:
    """What an action plan may name of each strategy the app holds (the shipped seeds), by strategy id."""
    return plan_outlines(seed_strategies())


def strategy(strategy_id: str) -> Strategy:
    """The strategy of ``strategy_id``; :class:`NotHeld` when the app holds none."""
    try:
        return load_seed(strategy_id)
    except KeyError as missing:
        raise NotHeld(f"No strategy {strategy_id} is held.") from missing


def action_plan(la_code: str, strategy_id: str, *, as_at: date) -> ActionPlan:
    """Council ``la_code``'s action plan for strategy ``strategy_id`` as at ``as_at``: every outcome of the
    strategy in its order, each with its actions (in the order of their references), each action with its status
    on ``as_at`` (its latest update's on or before then, else its own), its RAG and the reason for it, and its
    updates dated on or before ``as_at``, the latest first (``strategies.actions``, whose docstring gives the RAG
    rule). A council holding no actions for the strategy has every outcome with none. :class:`NotHeld` for a
    strategy the app does not hold; a council not held has no actions."""
    chosen = strategy(strategy_id)
    rows = m.Action.objects.filter(council__la_code=la_code, strategy=strategy_id).order_by("key")
    actions = {a.pk: a for a in rows}
    updates = m.ActionUpdate.objects.filter(action_id__in=list(actions)).order_by("action_id", "on")
    return plan_as_at(
        la_code,
        chosen,
        [action_record(a) for a in actions.values()],
        [update_record(u, actions[u.action_id].key) for u in updates],
        as_at=as_at,
    )


def _cell(value: object) -> object:
    return "; ".join(value) if isinstance(value, tuple) else value


def actions_workbook(la_code: str, strategy_id: str) -> bytes:
    """The council's actions and updates for the strategy as an Excel workbook in the templates' shape: a sheet
    ``actions`` and a sheet ``action_updates``, each headed by its kind's field names, so that uploading it
    (as an actions file, then as an action updates file: each is read from its own sheet) loads them back
    unchanged."""
    strategy(strategy_id)
    rows = list(m.Action.objects.filter(council__la_code=la_code, strategy=strategy_id).order_by("key"))
    by_pk = {a.pk: a for a in rows}
    actions = [action_record(a) for a in rows]
    updates = [
        update_record(u, by_pk[u.action_id].key)
        for u in m.ActionUpdate.objects.filter(action_id__in=list(by_pk)).order_by("action__key", "on")
    ]
    refs = {a.key: a.ref for a in actions}
    values = {
        Kind.ACTIONS: [
            {
                "strategy": a.strategy_id,
                "outcome": a.outcome_id,
                "action_ref": a.ref,
                "title": a.title,
                "owner": a.owner,
                "start": a.start,
                "due": a.due,
                "status": a.status.value,
                "measures": a.measures,
            }
            for a in actions
        ],
        Kind.ACTION_UPDATES: [
            {
                "strategy": strategy_id,
                "action_ref": refs[u.action_key],
                "on": u.on,
                "status": u.status.value,
                "note": u.note,
                "by": u.by,
            }
            for u in updates
        ],
    }
    sheets = []
    for kind, found in values.items():
        header = template_header(kind)  # every field of the kind: a value missing above is a KeyError here
        table: list[list[object]] = [list(header), *([_cell(v[name]) for name in header] for v in found)]
        sheets.append(Sheet(kind.value, table, frozenset({0})))
    return xlsx_bytes(sheets)


# -- changes typed in the app ---------------------------------------------------------------------------------


def _refused_plan() -> RecordingRefused:
    return RecordingRefused("Only an analyst or admin of the council can add or change actions.")


def _measures(checks: _Checks, given: Sequence[str], outline: PlanOutline) -> tuple[str, ...]:
    chosen: list[str] = []
    for measure in (g.strip() for g in given):
        if not measure:
            continue
        if measure not in outline.measures:
            checks.add("measures", f"Choose measures of this strategy: {measure} is not one of them")
        elif measure not in chosen:
            chosen.append(measure)
    return tuple(chosen)


def save_action(
    *,
    user: User,
    la_code: str,
    strategy_id: str,
    ref: str,
    outcome_id: str,
    title: str,
    status: ActionStatus | str,
    owner: str | None = None,
    start: date | None = None,
    due: date | None = None,
    measures: Sequence[str] = (),
    new: bool,
    origin: Origin = NOWHERE,
    now: datetime,
) -> m.Action:
    """Add the action ``ref`` to the council's plan for the strategy (``new``), or change the one held under that
    reference (its reference stays). Analysts and admins only.

    Refused (:class:`RecordingInvalid`) for an outcome that is not the strategy's, a missing reference or title,
    text too long or holding control characters, a due date before the start date, an unknown status, a measure
    the strategy does not name, and (``new``) a reference already used in the plan."""
    outline = shipped_plans().get(strategy_id)
    if outline is None:
        raise NotHeld(f"No strategy {strategy_id} is held.")

    def change(council: m.Council, scope: Scope) -> m.Action:
        if not scope.programmes:
            raise _refused_plan()
        checks = _Checks()
        given_ref = checks.text("ref", ref, "the reference", required=True, most=TEXT_MAX["ref"])
        given_title = checks.text("title", title, "what the action is", required=True, most=TEXT_MAX["title"])
        given_owner = checks.text("owner", owner, "the owner", most=TEXT_MAX["owner"])
        chosen = ActionStatus._value2member_map_.get(str(status))
        if chosen is None:
            checks.add("status", "Select the action's status")
        if outcome_id not in outline.outcomes:
            checks.add("outcome", "Select the outcome the action is under")
        if start is not None and due is not None and due < start:
            checks.add("due", "The due date must be on or after the start date")
        linked = _measures(checks, measures, outline)
        key = action_key(strategy_id, given_ref or "")
        held = m.Action.objects.filter(council=council, key=key).first() if given_ref else None
        if new and held is not None:
            checks.add("ref", f"The plan already has an action {given_ref}: give another reference, or edit that one")
        if not new and given_ref and held is None:
            raise NotHeld(f"No action {given_ref} of {strategy_id} is held for council {la_code}.")
        checks.raise_any()
        assert given_ref is not None and given_title is not None and chosen is not None
        source = _source(council, user, now, "Action")
        values = {
            "outcome": outcome_id,
            "title": given_title,
            "owner": given_owner or "",
            "start": start,
            "due": due,
            "status": chosen.value,
            "measures": list(linked),
        }
        if held is None:
            action = m.Action.objects.create(
                council=council, source=source, key=key, strategy=strategy_id, ref=given_ref, **values
            )
            changed = sorted(values)
        else:
            changed = sorted(k for k, v in values.items() if getattr(held, k) != v)
            for k, v in values.items():
                setattr(held, k, v)
            held.source = source
            held.save()
            action = held
        detail = {
            "la_code": la_code,
            "strategy": strategy_id,
            "ref": given_ref,
            "new": held is None,
            "changed": changed,
            "status": chosen.value,
            "due": due.isoformat() if due else None,
            "source": source.pk,
        }
        _finish(SAVE_ACTION, user, "action", key, detail, origin=origin, now=now)
        return action

    return _write(
        user=user,
        la_code=la_code,
        action=SAVE_ACTION,
        object_type="action",
        object_id=action_key(strategy_id, ref),
        origin=origin,
        now=now,
        change=change,
    )


def may_update(user: User, scope: Scope | None, owner: str | None) -> bool:
    """Whether ``user`` (whose recording scope for the council is ``scope``) may add an update to an action
    owned by ``owner``: an analyst or admin always, a manager when the owner is their username."""
    if scope is None:
        return False
    return scope.programmes or (bool(owner) and owner == user.get_username())


def add_update(
    *,
    user: User,
    la_code: str,
    strategy_id: str,
    ref: str,
    on: date,
    status: ActionStatus | str,
    note: str | None = None,
    origin: Origin = NOWHERE,
    now: datetime,
) -> m.ActionUpdate:
    """Add an update dated ``on`` (its status then and a short note; given by the user) to the action ``ref`` of
    the council's plan for the strategy: an analyst or admin to any action, a manager to one they own.

    Refused (:class:`RecordingInvalid`) for a date in the future, an unknown status, a note too long or holding
    control characters, and a second update of the action on one day."""
    key = action_key(strategy_id, ref)
    today = _today(now)

    def change(council: m.Council, scope: Scope) -> m.ActionUpdate:
        action = m.Action.objects.filter(council=council, key=key).first()
        if action is None:
            raise NotHeld(f"No action {ref} of {strategy_id} is held for council {la_code}.")
        if not may_update(user, scope, action.owner):
            raise RecordingRefused(
                "You can update only the actions you own: this action's owner is not you. Ask its owner or an "
                "analyst to update it."
            )
        checks = _Checks()
        chosen = ActionStatus._value2member_map_.get(str(status))
        if chosen is None:
            checks.add("status", "Select the action's status")
        checks.not_future("on", on, "The date of the update", today)
        given_note = checks.text("note", note, "the note", most=TEXT_MAX["note"])
        if "on" not in checks.errors and action.updates.filter(on=on).exists():
            checks.add("on", "This action already has an update on that date: give another date")
        checks.raise_any()
        assert chosen is not None
        source = _source(council, user, now, "Action update")
        update = m.ActionUpdate.objects.create(
            council=council,
            source=source,
            action=action,
            on=on,
            status=chosen.value,
            note=given_note or "",
            by=user.get_username(),
        )
        detail = {
            "la_code": la_code,
            "strategy": strategy_id,
            "ref": ref,
            "on": on.isoformat(),
            "status": chosen.value,
            "source": source.pk,
        }
        _finish(ADD_UPDATE, user, "action", key, detail, origin=origin, now=now)
        return update

    return _write(
        user=user,
        la_code=la_code,
        action=ADD_UPDATE,
        object_type="action",
        object_id=key,
        origin=origin,
        now=now,
        change=change,
    )
