"""Alliances as data: saved checked (a mistake named, nothing saved), replaced with their keys kept, listed by
member, deleted, each change audited with the alliance before and after."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from csc_workforce.store import models as m
from csc_workforce.store.services.alliances import (
    AllianceError,
    AllianceTerms,
    alliance,
    alliances_of,
    delete_alliance,
    parse_caps,
    save_alliance,
)

NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


def test_an_alliance_is_saved_replaced_and_deleted_with_an_audit_trail(db: None):
    terms = AllianceTerms("North West", ("303", "304", "305"), cooling_off_months=6, price_caps={"5": 42.5})
    saved = save_alliance(terms, set_by="regional-admin", now=NOW)
    assert saved.members == ("303", "304", "305") and saved.price_caps == {"5": 42.5}
    m.AllianceKey.objects.create(
        alliance=m.Alliance.objects.get(name="North West"), key_id="k1", added_by="a", added_at=NOW
    )
    changed = save_alliance(
        AllianceTerms("North West", ("303", "306"), cooling_off_months=3), set_by="regional-admin", now=NOW
    )
    assert changed.members == ("303", "306") and changed.cooling_off_months == 3 and changed.keys == ("k1",)
    assert [a.name for a in alliances_of("306")] == ["North West"] and alliances_of("304") == []
    delete_alliance("North West", deleted_by="regional-admin", now=NOW)
    with pytest.raises(LookupError, match="no alliance 'North West' is held; held: none"):
        alliance("North West")
    trail = m.AuditEvent.objects.filter(object_type="alliance").order_by("id")
    assert [(e.detail["before"] is None, e.detail["after"] is None) for e in trail] == [
        (True, False),
        (False, False),
        (False, True),
    ]
    assert trail[1].detail["before"]["members"] == ["303", "304", "305"]
    assert trail[1].detail["after"]["members"] == ["303", "306"]


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (AllianceTerms("A", ("303",)), "at least two member councils"),
        (AllianceTerms("A", ("303", "30x")), "'30x' is not a DfE council code"),
        (AllianceTerms("A", ("303", "304", "303")), "named once"),
        (AllianceTerms("A", ("303", "304"), cooling_off_months=48), "0 to 36 months"),
        (AllianceTerms("A", ("303", "304"), price_caps={"7": 40.0}), "not a DfE role code"),
        (AllianceTerms("A", ("303", "304"), price_caps={"5": 0.0}), "positive rate"),
        (AllianceTerms(" ", ("303", "304")), "a name of 1 to 120 characters"),
    ],
)
def test_a_mistake_is_named_and_nothing_is_saved(db: None, terms: AllianceTerms, message: str):
    with pytest.raises(AllianceError, match=message):
        save_alliance(terms, set_by="x", now=NOW)
    assert not m.Alliance.objects.exists() and not m.AuditEvent.objects.exists()


def test_price_caps_are_written_role_equals_rate():
    assert parse_caps(["5=42.50", "4=£48"]) == {"5": 42.5, "4": 48.0}
    with pytest.raises(AllianceError, match="write ROLE=RATE"):
        parse_caps(["five pounds"])
