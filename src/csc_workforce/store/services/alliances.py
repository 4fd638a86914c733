"""Regional alliances as data: an alliance's name, its member councils and its agreement (the cooling-off
period before a permanent leaver may return through an agency in the region, the price caps on agency charge
rates by DfE role, whether references are asked between members), and the public ids of the keys its members
pseudonymise their extracts with. Set by a regional administrator (the web app) or ``csc-workforce regional
alliance``; each change is checked first (a mistake is named, nothing changes) and audited with the alliance as it
was and as it is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.db import transaction

from csc_workforce.store import models as m
from csc_workforce.store.services.audit import CHANGE, NOWHERE, Origin, audit_record

OBJECT_TYPE = "alliance"
ROLES = ("1", "2", "3", "4", "5", "6")  # DfE's OrgRole codes (domain.codes.OrgRole)
MAX_COOLING_OFF_MONTHS = 36


class AllianceError(ValueError):
    """An alliance that cannot be saved as given; the message says which field and why."""


@dataclass(frozen=True)
class AllianceTerms:
    """An alliance as plain values (what is saved, shown and audited)."""

    name: str
    members: tuple[str, ...]
    cooling_off_months: int = 6
    price_caps: Mapping[str, float] = field(default_factory=dict)  # DfE role code -> £ an hour (charge rate)
    references_required: bool = True
    keys: tuple[str, ...] = ()  # the key ids registered, current and retired

    def check(self) -> None:
        """Raise :class:`AllianceError` naming what cannot be saved."""
        if not 1 <= len(self.name.strip()) <= 120:
            raise AllianceError("an alliance needs a name of 1 to 120 characters")
        if len(set(self.members)) < 2:
            raise AllianceError("an alliance needs at least two member councils")
        for code in self.members:
            if not (len(code) == 3 and code.isdigit()):
                raise AllianceError(f"member {code!r} is not a DfE council code (three digits, for example 303)")
        if len(set(self.members)) != len(self.members):
            raise AllianceError("each member council is named once")
        if not 0 <= self.cooling_off_months <= MAX_COOLING_OFF_MONTHS:
            raise AllianceError(f"the cooling-off period is 0 to {MAX_COOLING_OFF_MONTHS} months")
        for role, rate in self.price_caps.items():
            if role not in ROLES:
                raise AllianceError(f"price cap role {role!r} is not a DfE role code (1 to 6)")
            if not rate > 0:
                raise AllianceError(f"the price cap for role {role} must be a positive rate an hour; got {rate}")

    def as_record(self) -> dict[str, object]:
        return {**asdict(self), "members": list(self.members), "keys": list(self.keys)}


def _terms(row: m.Alliance) -> AllianceTerms:
    return AllianceTerms(
        name=row.name,
        members=tuple(sorted(row.members.values_list("la_code", flat=True))),
        cooling_off_months=row.cooling_off_months,
        price_caps={str(k): float(v) for k, v in sorted(row.price_caps.items())},
        references_required=row.references_required,
        keys=tuple(row.keys.order_by("added_at", "id").values_list("key_id", flat=True)),
    )


def alliances() -> list[AllianceTerms]:
    """Every alliance held, by name."""
    return [_terms(row) for row in m.Alliance.objects.order_by("name")]


def alliance(name: str) -> AllianceTerms:
    """One alliance; ``LookupError`` naming those held when there is none of that name."""
    row = m.Alliance.objects.filter(name=name).first()
    if row is None:
        held = ", ".join(a.name for a in alliances()) or "none"
        raise LookupError(f"no alliance {name!r} is held; held: {held}")
    return _terms(row)


def alliances_of(la_code: str) -> list[AllianceTerms]:
    """The alliances council ``la_code`` is a member of."""
    rows = m.Alliance.objects.filter(members__la_code=la_code).order_by("name")
    return [_terms(row) for row in rows]


def save_alliance(terms: AllianceTerms, *, set_by: str, now: datetime, origin: Origin = NOWHERE) -> AllianceTerms:
    """Create the alliance, or replace the members and agreement of the one of that name (its keys are kept),
    checked first, with an audit record of the alliance before and after."""
    terms.check()
    name = terms.name.strip()
    with transaction.atomic():
        row = m.Alliance.objects.select_for_update().filter(name=name).first()
        before = None if row is None else _terms(row).as_record()
        values = {
            "cooling_off_months": terms.cooling_off_months,
            "price_caps": {k: float(v) for k, v in terms.price_caps.items()},
            "references_required": terms.references_required,
            "set_by": set_by,
            "set_at": now,
        }
        row, _ = m.Alliance.objects.update_or_create(name=name, defaults=values)
        row.members.exclude(la_code__in=terms.members).delete()
        held = set(row.members.values_list("la_code", flat=True))
        m.AllianceMember.objects.bulk_create(
            [m.AllianceMember(alliance=row, la_code=code) for code in sorted(set(terms.members) - held)]
        )
        after = _terms(row)
        audit_record(
            action=CHANGE,
            username=set_by,
            object_type=OBJECT_TYPE,
            object_id=name,
            detail={"before": before, "after": after.as_record()},
            origin=origin,
            now=now,
        )
    return after


def delete_alliance(name: str, *, deleted_by: str, now: datetime, origin: Origin = NOWHERE) -> None:
    """Delete an alliance with its members and key ids (``LookupError`` if none of that name), audited."""
    with transaction.atomic():
        row = m.Alliance.objects.select_for_update().filter(name=name).first()
        if row is None:
            alliance(name)  # raises, naming those held
            return
        audit_record(
            action=CHANGE,
            username=deleted_by,
            object_type=OBJECT_TYPE,
            object_id=name,
            detail={"before": _terms(row).as_record(), "after": None},
            origin=origin,
            now=now,
        )
        row.delete()


def parse_caps(texts: Sequence[str]) -> dict[str, float]:
    """Price caps written ``ROLE=RATE`` (``5=42.50``): DfE role code to £ an hour."""
    caps: dict[str, float] = {}
    for text in texts:
        role, sep, rate = text.partition("=")
        try:
            value = float(rate.replace("£", ""))
        except ValueError:
            value = float("nan")
        if not sep or value != value:
            raise AllianceError(f"price cap {text!r}: write ROLE=RATE, for example 5=42.50 (role 5, £42.50 an hour)")
        caps[role.strip()] = value
    return caps
