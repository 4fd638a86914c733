"""Movement between an alliance's member councils, and the moves that breach its agreement. Pure Polars.

**Input**: one row per engagement from the members' pseudonymised extracts (``regional.extract``): ``worker``
(the keyed hash of the social work registration number, the same in every member's extract), ``la_code``,
``contract`` ("permanent", "fixed_term" or "agency"), ``role`` (DfE OrgRole code, may be null), ``start_date``,
``end_date`` (null: still in post) and ``charge_rate`` (an agency engagement's hourly charge rate where the
council's agency placements hold it, else null).

**A move** is a leaver's next start in the region: for each engagement ending in the census year (1 October to
30 September), the same worker's engagement starting soonest on or after the day it ended, in any member council
(the same one included: a return through an agency counts). A leaver with no such start left the region's
records. Permanent means permanent or fixed-term (as DfE's "in post").

**Breaches** of the agreement (:class:`Agreement`), each named:

- *cooling-off*: a permanent leaver starting as an agency worker before ``cooling_off_months`` calendar months
  after leaving, in any member council (regional agreements ask members not to engage, through an agency, a
  social worker who left permanent work with any of them within the period);
- *rate above the cap*: a move's agency engagement whose charge rate is above the cap for its role.

**Retention**: of each council's permanent leavers in the year, how many started next in the same council, in
another member council, or nowhere in the region's records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from csc_workforce.domain.periods import add_months

PERMANENT, AGENCY = "permanent", "agency"
COLUMNS = ("worker", "la_code", "contract", "role", "start_date", "end_date", "charge_rate")


@dataclass(frozen=True)
class Agreement:
    """An alliance's rules as the flows check them: the cooling-off months, and caps on agency charge rates by
    DfE role code (£ an hour)."""

    cooling_off_months: int = 6
    price_caps: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Move:
    worker: str
    from_la: str
    to_la: str
    from_contract: str
    to_contract: str
    left: date
    started: date
    gap_days: int
    breach: tuple[str, ...]  # the rules broken, in words; empty: none


@dataclass(frozen=True)
class Flows:
    year: int
    members: tuple[str, ...]
    matrix: tuple[dict[str, object], ...]  # from_la, to_la, from_contract, to_contract, count
    moves: tuple[Move, ...]
    retention: tuple[dict[str, object], ...]  # la_code, permanent_leavers, same_council, other_member, left_region

    @property
    def breaches(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.breach)


def _kind(contract: str) -> str:
    return AGENCY if contract == AGENCY else PERMANENT


def flows(engagements: pl.DataFrame, *, members: Sequence[str], year: int, agreement: Agreement) -> Flows:
    """The census year ``year``'s moves between ``members`` (see the module docstring)."""
    missing = set(COLUMNS) - set(engagements.columns)
    if missing:
        raise ValueError(f"the engagements need the columns {sorted(missing)}")
    first, last = date(year - 1, 10, 1), date(year, 9, 30)
    rows = engagements.filter(pl.col("la_code").is_in(list(members))).select(COLUMNS)
    leavers = rows.filter(pl.col("end_date").is_not_null() & pl.col("end_date").is_between(first, last))
    starts = rows.select(
        "worker",
        pl.col("la_code").alias("to_la"),
        pl.col("contract").alias("to_contract"),
        pl.col("role").alias("to_role"),
        pl.col("start_date").alias("started"),
        pl.col("charge_rate").alias("to_charge_rate"),
    ).filter(pl.col("started").is_not_null())
    joined = (
        leavers.join(starts, on="worker", how="inner")
        .filter(pl.col("started") >= pl.col("end_date"))
        .sort("worker", "end_date", "started", "to_la")
        .group_by("worker", "la_code", "start_date", "end_date", maintain_order=True)
        .first()
    )
    moves: list[Move] = []
    for r in joined.iter_rows(named=True):
        from_kind, to_kind = _kind(r["contract"]), _kind(r["to_contract"])
        breach = []
        if from_kind == PERMANENT and to_kind == AGENCY:
            until = add_months(r["end_date"], agreement.cooling_off_months)
            if r["started"] < until:
                breach.append(
                    f"cooling-off: a permanent leaver engaged through an agency within "
                    f"{agreement.cooling_off_months} months (before {until:%-d %B %Y})"
                )
        cap = agreement.price_caps.get(str(r["to_role"])) if r["to_role"] is not None else None
        rate = r["to_charge_rate"]
        if to_kind == AGENCY and cap is not None and rate is not None and rate > cap:
            breach.append(f"rate above the cap: £{rate:,.2f} an hour against £{cap:,.2f} for role {r['to_role']}")
        moves.append(
            Move(
                worker=r["worker"],
                from_la=r["la_code"],
                to_la=r["to_la"],
                from_contract=from_kind,
                to_contract=to_kind,
                left=r["end_date"],
                started=r["started"],
                gap_days=(r["started"] - r["end_date"]).days,
                breach=tuple(breach),
            )
        )
    counts: dict[tuple[str, str, str, str], int] = {}
    for move in moves:
        key = (move.from_la, move.to_la, move.from_contract, move.to_contract)
        counts[key] = counts.get(key, 0) + 1
    matrix = tuple(
        {"from_la": a, "to_la": b, "from_contract": c, "to_contract": d, "count": n}
        for (a, b, c, d), n in sorted(counts.items())
    )
    moved = {(m.worker, m.from_la, m.left): m for m in moves}
    retention = []
    for code in sorted(members):
        mine = leavers.filter((pl.col("la_code") == code) & (pl.col("contract") != AGENCY))
        same = other = gone = 0
        for r in mine.iter_rows(named=True):
            found = moved.get((r["worker"], code, r["end_date"]))
            if found is None:
                gone += 1
            elif found.to_la == code:
                same += 1
            else:
                other += 1
        retention.append(
            {
                "la_code": code,
                "permanent_leavers": mine.height,
                "same_council": same,
                "other_member": other,
                "left_region": gone,
            }
        )
    return Flows(
        year=year,
        members=tuple(sorted(members)),
        matrix=matrix,
        moves=tuple(sorted(moves, key=lambda m: (m.from_la, m.left, m.worker))),
        retention=tuple(retention),
    )


__all__ = ["Agreement", "Flows", "Move", "flows"]
