"""A synthetic regional alliance: several synthetic councils whose workers move between them, with the moves
planted and known, for testing the regional flows (``regional.flows``) against the truth.

Each council is a :func:`~csc_workforce.synthetic.generate_council` council; no person is in two of them by
chance (a social work registration number drawn twice is drawn again in the later council). Then, for each
planted move, a permanent leaver of one council (the latest who can be) starts ``gap_days`` after leaving in
another, permanent or agency, as a new person record carrying the same registration number (as a worker
appears in two councils' records). A move is a breach of a cooling-off rule of ``months`` when it is to an
agency engagement starting before ``months`` calendar months after leaving.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from csc_workforce.domain import records as r
from csc_workforce.domain.codes import ContractType, OrgRole, StartOrigin
from csc_workforce.domain.periods import add_months
from csc_workforce.synthetic.generator import generate_council


@dataclass(frozen=True)
class PlannedMove:
    """A move to plant: from council ``from_la`` to ``to_la``, ``gap_days`` after leaving, as ``contract``."""

    from_la: str
    to_la: str
    gap_days: int
    contract: ContractType


@dataclass(frozen=True)
class PlantedMove:
    """A move planted: the worker's registration number, the councils, the day they left and the day they
    started, and the new engagement's contract."""

    swe_no: str
    from_la: str
    to_la: str
    left: date
    started: date
    contract: ContractType

    @property
    def gap_days(self) -> int:
        return (self.started - self.left).days

    def breaches_cooling_off(self, months: int) -> bool:
        """An agency engagement starting before ``months`` calendar months after leaving permanent work."""
        return self.contract is ContractType.AGENCY and self.started < add_months(self.left, months)


DEFAULT_MOVES = (
    PlannedMove("901", "902", 30, ContractType.AGENCY),  # a breach: agency within 6 months
    PlannedMove("901", "903", 200, ContractType.AGENCY),  # not a breach: after 6 months
    PlannedMove("902", "901", 45, ContractType.PERMANENT),  # not a breach: permanent
    PlannedMove("902", "903", 100, ContractType.AGENCY),  # a breach
    PlannedMove("903", "901", 14, ContractType.AGENCY),  # a breach
    PlannedMove("903", "902", 60, ContractType.PERMANENT),
)


def alliance_councils(
    *,
    la_codes: tuple[str, ...] = ("901", "902", "903"),
    moves: tuple[PlannedMove, ...] = DEFAULT_MOVES,
    first_year: int = 2023,
    last_year: int = 2025,
    size: int = 80,
    seed: int = 7,
) -> tuple[list[r.CouncilRecords], list[PlantedMove]]:
    """The councils' records with the ``moves`` planted, and the moves as planted (see the module docstring)."""
    councils: list[r.CouncilRecords] = []
    taken: set[str] = set()
    rng = random.Random(seed)
    for n, code in enumerate(la_codes):
        records = generate_council(
            la_code=code,
            name=f"Alliance council {code}",
            region="North West",
            first_year=first_year,
            last_year=last_year,
            seed=seed * 100 + n,
            size=size,
            monthly_caseloads=False,
        )
        people = []
        for person in records.people:
            swe = person.swe_no
            while swe is not None and swe in taken:
                swe = f"SW{rng.randrange(100000, 1000000)}"
            if swe is not None:
                taken.add(swe)
            people.append(person if swe == person.swe_no else replace(person, swe_no=swe))
        councils.append(replace(records, people=tuple(people)))
    by_code = {c.council.la_code: i for i, c in enumerate(councils)}
    planted: list[PlantedMove] = []
    used: set[str] = set()
    for move in moves:
        source = councils[by_code[move.from_la]]
        last_day = date(last_year, 9, 30) - timedelta(days=move.gap_days)  # the move starts within the records
        leaver = _a_permanent_leaver(source, since=date(first_year - 1, 10, 1), until=last_day, used=used)
        person = next(p for p in source.people if p.key == leaver.person_key)
        assert person.swe_no is not None and leaver.end_date is not None
        used.add(person.swe_no)
        started = leaver.end_date + timedelta(days=move.gap_days)
        target_index = by_code[move.to_la]
        councils[target_index] = _with_starter(councils[target_index], person, started, move.contract, leaver)
        planted.append(PlantedMove(person.swe_no, move.from_la, move.to_la, leaver.end_date, started, move.contract))
    return councils, planted


def _a_permanent_leaver(records: r.CouncilRecords, *, since: date, until: date, used: set[str]) -> r.Engagement:
    """A permanent leaver from ``since`` to ``until``, who has no later engagement in the council, with a
    registration number not used by another planted move (the latest to leave; then by engagement key)."""
    swe = {p.key: p.swe_no for p in records.people}
    later: dict[str, date] = {}
    for e in records.engagements:
        if e.start_date is not None:
            later[e.person_key] = max(later.get(e.person_key, e.start_date), e.start_date)
    for e in sorted(records.engagements, key=lambda e: (-(e.end_date or since).toordinal(), e.key)):
        if e.contract is not ContractType.PERMANENT or e.end_date is None or not since <= e.end_date <= until:
            continue
        if swe.get(e.person_key) is None or swe[e.person_key] in used:
            continue
        if later.get(e.person_key, e.end_date) > (e.start_date or e.end_date):
            continue  # the person has a later engagement here: not a clean leaver
        return e
    raise LookupError(f"council {records.council.la_code} has no permanent leaver from {since} to {until} to move")


def _with_starter(
    records: r.CouncilRecords, person: r.Person, started: date, contract: ContractType, leaver: r.Engagement
) -> r.CouncilRecords:
    """The council's records with ``person`` starting on ``started`` (a new person record, the same
    registration number), as a case-holding social worker, full time, in the council's first team."""
    key = f"moved-{person.key}"
    newcomer = replace(person, key=key, staff_ref=None, source=f"synthetic:{records.council.la_code}:moved")
    origin = StartOrigin.AGENCY if contract is ContractType.AGENCY else StartOrigin.OTHER_LA_ENGLAND
    engagement = r.Engagement(
        key=f"{key}-{started.isoformat()}",
        person_key=key,
        contract=contract,
        start_date=started,
        start_origin=origin,
        contract_weeks=Decimal(26) if contract is ContractType.AGENCY else None,
        source=newcomer.source,
    )
    assignment = r.Assignment(
        engagement_key=engagement.key,
        effective_from=started,
        role=OrgRole.CASE_HOLDER,
        fte=Decimal("1.0"),
        team_key=records.teams[0].key if records.teams else None,
    )
    return replace(
        records,
        people=(*records.people, newcomer),
        engagements=(*records.engagements, engagement),
        assignments=(*records.assignments, assignment),
    )


__all__ = ["DEFAULT_MOVES", "PlannedMove", "PlantedMove", "alliance_councils"]
