"""Census returns whose totals equal a council-year's published DfE components.

For a row of DfE's indicators file, :func:`return_for` builds a return that a council could have sent: in-post
workers whose ``FTE30`` add up to ``inpost_fte`` (some of them starters in the year, adding up to ``starters_fte``;
some of them holding the published cases with FTE adding up to ``case_holders_fte``), leavers whose ``FTE`` adds
up to ``leavers_fte`` with ``FTE30`` written as 0 (as many HR systems do), agency workers adding up to
``agency_fte``, the working days lost, and the vacancy and agency cover figures. Every worker has a new SWE number
and a start date years before the census year, so a council's returns for different years never list the same
workers: each later return lists workers who "started before" the earlier one's 30 September and are missing from
it, the hardest case for a timeline (its figures "from records" differ) and the case DfE's own method ignores.

A row whose components cannot all be met at once (more starters' FTE than starters, say) gives None.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import ROUND_DOWN, Decimal

from csc_workforce.census.csww.model import CensusHeader, CensusReturn, CensusWorker, LALevel
from csc_workforce.domain.codes import (
    ELIGIBILITY_ITEMS,
    Eligibility,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.measures.catalogue import COMPONENT_IDS

NEWLY_QUALIFIED = StartOrigin.NEWLY_QUALIFIED
SIX = Decimal("0.000001")
TWO = Decimal("0.01")
COMPONENTS = COMPONENT_IDS  # the published components a return must add up to


def split(total: Decimal, n: int, places: Decimal = SIX, most: Decimal = Decimal(1)) -> list[Decimal] | None:
    """``n`` values of at most ``most`` (0 allowed) with ``places`` decimals adding up to ``total`` exactly."""
    if n == 0:
        return [] if total == 0 else None
    if total < 0 or total > most * n:
        return None
    each = (total / n).quantize(places, rounding=ROUND_DOWN)
    values = [each] * n
    rest = total - each * n
    for i in range(n):
        if rest <= 0:
            break
        extra = min(rest, most - values[i])
        values[i] += extra
        rest -= extra
    return values if rest == 0 and sum(values) == total else None


def _d(value: float) -> Decimal:
    return Decimal(str(value))


def return_for(la_code: str, year: int, row: dict[str, float | int | None]) -> CensusReturn | None:
    """A return for ``la_code`` and ``year`` whose totals equal ``row``'s published components, or None."""
    if any(row.get(c) is None for c in COMPONENTS):
        return None
    counts = ("inpost_headcount", "starters_headcount", "leavers_headcount", "agency_headcount")
    heads = {k: int(row[k]) for k in counts}  # type: ignore[arg-type]
    amounts = ("inpost_fte", "starters_fte", "leavers_fte", "agency_fte", "case_holders_fte")
    ftes = {k: _d(row[k]) for k in amounts}  # type: ignore[arg-type]
    cases = int(row["cases"])  # type: ignore[arg-type]
    stayers = heads["inpost_headcount"] - heads["starters_headcount"]  # in post, started before the year
    stayer_fte = ftes["inpost_fte"] - ftes["starters_fte"]
    if stayers <= 0 or stayer_fte <= 0 or ftes["case_holders_fte"] > stayer_fte:
        return None
    # case holders: among the stayers, with FTE adding up to case_holders_fte and at least one case each
    average = stayer_fte / stayers
    holders = min(stayers, max(math.ceil(ftes["case_holders_fte"]), round(ftes["case_holders_fte"] / average)))
    if holders and not 1 <= cases / holders <= 40:
        return None
    parts = [
        split(ftes["case_holders_fte"], holders),
        split(stayer_fte - ftes["case_holders_fte"], stayers - holders),
        split(ftes["starters_fte"], heads["starters_headcount"]),
        split(ftes["leavers_fte"], heads["leavers_headcount"]),
        split(ftes["agency_fte"], heads["agency_headcount"]),
        split(_d(row["working_days_lost_fte"]), heads["inpost_headcount"], TWO, Decimal(253)),  # type: ignore[arg-type]
    ]
    if any(p is None for p in parts) or (holders == 0 and cases):
        return None
    holder_fte, other_fte, starter_fte, leaver_fte, agency_fte, days = parts  # type: ignore[misc]
    holder_cases = _cases(cases, holders)
    ref, start_of_year = date(year, 9, 30), date(year - 1, 10, 1)
    workers: list[CensusWorker] = []
    serial = iter(range(1, 1_000_000))

    def worker(fte: Decimal, **items: object) -> CensusWorker:
        n = next(serial)
        base = CensusWorker(
            agency=False,
            swe_no=f"SW{la_code}{year % 100:02d}{n:05d}",
            fte=fte,
            birth_date=date(1975 + n % 20, 1 + n % 12, 1 + n % 28),
            sex=Sex.FEMALE if n % 4 else Sex.MALE,
            ethnicity=Ethnicity.WBRI,
            qual_institutions=("University of Leeds",),
            qual_level=QualLevel.UNDERGRADUATE,
            step_up_grad=False,
            org_role=OrgRole.CASE_HOLDER,
            role_start_date=date(year - 6, 1, 1 + n % 28),  # long before the year: "missing" from earlier returns
            start_origin=StartOrigin.OTHER_LA_ENGLAND,
            fte30=fte,
            frontline_grad=False,
        )
        return replace(base, **items)  # type: ignore[arg-type]

    in_post = [worker(f, cases30=c) for f, c in zip(holder_fte, holder_cases, strict=True)]
    in_post += [worker(f, cases30=0) for f in other_fte]
    in_post += [
        worker(f, cases30=0, role_start_date=start_of_year.replace(day=1 + i % 28), start_origin=NEWLY_QUALIFIED)
        for i, f in enumerate(starter_fte)
    ]
    workers += [replace(w, working_days_lost=d) for w, d in zip(in_post, days, strict=True)]
    workers += [
        worker(
            f,
            fte30=Decimal(0),  # not in post on 30 September: many HR systems write 0
            role_end_date=date(year, 3, 1 + i % 28),
            reason_leave=ReasonLeave.RESIGNATION,
            leaver_destination=LeaverDestination.OTHER_LA_ENGLAND,
            working_days_lost=Decimal("0.00"),
        )
        for i, f in enumerate(leaver_fte)
    ]
    workers += [worker(f, agency=True, fte30=None, cases30=0) for f in agency_fte]
    la = LALevel(
        vacancies_fte=_d(row["vacancy_fte"]).quantize(TWO),  # type: ignore[arg-type]
        agency_cover_fte=_d(row["agency_cover_fte"]).quantize(TWO),  # type: ignore[arg-type]
        agency_cover_headcount=math.ceil(float(row["agency_cover_fte"])),  # type: ignore[arg-type]
        eligibility=tuple((name, Eligibility.NO) for name in ELIGIBILITY_ITEMS) if year >= 2025 else (),
    )
    header = CensusHeader(year, la_code, ref, "tests", datetime(year, 10, 20, tzinfo=UTC))
    return CensusReturn(header, la, tuple(workers))


def _cases(total: int, holders: int) -> list[int]:
    each, extra = divmod(total, holders) if holders else (0, 0)
    return [each + (1 if i < extra else 0) for i in range(holders)]
