"""Measures for councils held in the database: the library functions behind ``csc-workforce measures``.

Two bases (see docs/measures.md):

* ``returned``: a census year's figures from that year's census return alone, as DfE computes and publishes
  them (``services.returned``). The default for census years; a council-year with no return held falls back to
  its records, and each row says which basis it uses.
* ``records``: from the records timeline (every return and upload together), as at any date. The only basis for
  ``as_at`` figures, which are given only as far as the data goes (``services.coverage``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from django.core.cache import cache

from csc_workforce.domain.bases import MIXED, RECORDS, RETURNED, Basis
from csc_workforce.domain.periods import Period, census_period, census_reference_date, twelve_months_to
from csc_workforce.measures.compute import Window, census_window, measures_for_windows, rounded, with_total
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.coverage import Coverage, coverage_for
from csc_workforce.store.services.records import data_version
from csc_workforce.store.services.returned import returned_measures


class NotCovered(LookupError):
    """The data held does not reach the date or period asked for."""


@dataclass(frozen=True)
class MeasuresResult:
    """Rounded rows (one per council, a total row when there are several) and notes about what was left out."""

    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


def measures_rows(
    *, year: int, la_codes: Sequence[str] = (), as_at: date | None = None, basis: Basis | None = None
) -> list[dict[str, Any]]:
    """Rounded measures, one row per council and a total row when there are several (see ``measures_table``)."""
    return measures_table(year=year, la_codes=la_codes, as_at=as_at, basis=basis).rows


def measures_table(
    *, year: int, la_codes: Sequence[str] = (), as_at: date | None = None, basis: Basis | None = None
) -> MeasuresResult:
    """Rounded measures for census year ``year`` (or, with ``as_at``, as at that date with flows over the 12
    months to it), each row with its ``basis``.

    Raises ``LookupError`` for councils not held and ``NotCovered`` when a council asked for by name has no data
    for the date or period; councils not asked for by name whose data stops short are left out, with a note.
    """
    if as_at is not None and basis == RETURNED:
        raise ValueError(
            "Figures as returned exist only for census years (as at 30 September); drop --as-at, or use the "
            "records basis for figures as at another date."
        )
    known = set(m.Council.objects.values_list("la_code", flat=True))
    missing = [code for code in la_codes if code not in known]
    if missing:
        raise LookupError(f"No records for council(s) {', '.join(missing)}. Import their census returns first.")
    if not known:
        raise LookupError("The database holds no councils yet. Import census returns or run `csc-workforce demo`.")
    chosen_basis: Basis = basis or (RECORDS if as_at is not None else RETURNED)
    names = sorted(m.Council.objects.values_list("la_code", "name"))  # a renamed council shows its new name
    question = f"{sorted(la_codes)}:{year}:{as_at}:{chosen_basis}:{data_version()}:{names}"
    key = "measures:" + hashlib.sha256(question.encode()).hexdigest()
    result: MeasuresResult | None = cache.get(key)
    if result is None:  # computed once per question and version of the records
        result = _compute(year, list(la_codes) or sorted(known), bool(la_codes), as_at, chosen_basis)
        cache.set(key, result, timeout=24 * 3600)
    return MeasuresResult([dict(row) for row in result.rows], list(result.notes))


def _compute(year: int, la_codes: list[str], named: bool, as_at: date | None, basis: Basis) -> MeasuresResult:
    if as_at is None:
        window = census_window(year)
    else:
        window = Window(as_at.isoformat(), as_at, twelve_months_to(as_at))
    returned = returned_measures(years=[year], la_codes=la_codes) if basis == RETURNED and as_at is None else None
    with_return = set(returned["old_la_code"].to_list()) if returned is not None else set()
    coverage = coverage_for(la_codes=la_codes)
    from_records, notes, refused = [], [], []
    for la in la_codes:
        if la in with_return:
            continue
        reason = coverage[la].refusal(window.as_at, window.period)
        if reason is None:
            from_records.append(la)
        elif named:
            refused.append(reason)
        else:
            notes.append(f"Left out: {reason}")
    if refused:
        raise NotCovered(" ".join(refused))
    frames = []
    if returned is not None and not returned.is_empty():
        frames.append(returned.with_columns(basis=pl.lit(RETURNED)))
    if from_records:
        computed = measures_for_windows(council_frames(la_codes=from_records, frames=()), [window], total=False)
        frames.append(_withhold(computed, coverage, window.as_at, notes).with_columns(basis=pl.lit(RECORDS)))
    if not frames:
        raise NotCovered(" ".join(n.removeprefix("Left out: ") for n in notes) or "No figures can be given.")
    frame = pl.concat(frames, how="vertical_relaxed").sort("old_la_code")
    total = with_total(frame.drop("basis"))
    if total.height > frame.height:
        bases = set(frame["basis"].to_list())
        label = bases.pop() if len(bases) == 1 else MIXED
        frame = pl.concat([frame, total.tail(1).with_columns(basis=pl.lit(label))], how="vertical_relaxed")
    return MeasuresResult(rounded(frame).to_dicts(), notes)


def _withhold(frame: pl.DataFrame, coverage: dict[str, Coverage], as_at: date, notes: list[str]) -> pl.DataFrame:
    """Null the measures whose own kind of record stops before ``as_at`` (for example sickness absence)."""
    for la, cov in coverage.items():
        withheld = cov.withheld(as_at)
        if not withheld:
            continue
        ids = [i for i in withheld if i in frame.columns]
        frame = frame.with_columns(
            [pl.when(pl.col("old_la_code") == la).then(None).otherwise(pl.col(i)).alias(i) for i in ids]
        )
        for reason in sorted(set(withheld.values())):
            notes.append(f"Withheld for {la}: {', '.join(i for i in ids if withheld[i] == reason)}: {reason}.")
    return frame


def census_years_frame(
    *, inputs: CouncilFrames, la_code: str, years: Sequence[int], coverage: Coverage
) -> pl.DataFrame:
    """Unrounded census-year measures for one council over ``years``: as returned where its return is held,
    else from ``inputs`` (its records) where the data covers the year; a ``basis`` column says which."""
    returned = returned_measures(years=years, la_codes=[la_code]).with_columns(basis=pl.lit(RETURNED))
    held = {int(y) for y in returned["time_period"].to_list()}
    rest = [y for y in years if y not in held and _covered(coverage, y)]
    frames = [returned]
    if rest:
        computed = measures_for_windows(inputs, [census_window(y) for y in rest], total=False)
        frames.append(computed.filter(pl.col("old_la_code") == la_code).with_columns(basis=pl.lit(RECORDS)))
    return pl.concat(frames, how="vertical_relaxed").sort("time_period")


def _covered(coverage: Coverage, year: int) -> bool:
    return coverage.refusal(census_reference_date(year), census_period(year)) is None


def latest_window(coverage: Coverage, *, today: date) -> tuple[date, Period] | None:
    """The date the council's latest figures are as at (its data's ``complete_to``, never after today) and the
    12 months to it; None when no workforce records are held."""
    if coverage.complete_to is None:
        return None
    as_at = min(coverage.complete_to, today)
    return as_at, twelve_months_to(as_at)
