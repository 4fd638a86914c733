"""Census returns for synthetic councils: generate the records, then write each year's return from them,
exactly as a real council's records would be written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from csc_workforce.census.csww.model import CensusReturn, CensusWorker
from csc_workforce.census.csww.records import engagement_key, return_from_records
from csc_workforce.census.csww.writer import write_census
from csc_workforce.domain.codes import LeaverDestination, ReasonLeave
from csc_workforce.domain.periods import census_period
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.synthetic.generator import generate_council


def council_returns(records: CouncilRecords, years: Sequence[int], *, generated_at: datetime) -> dict[int, bytes]:
    """Each year's census return XML, written from ``records``."""
    return {
        year: write_census(
            return_from_records(records, year, software_code="csc-workforce synthetic", generated_at=generated_at)
        )
        for year in years
    }


def write_returns(
    folder: Path,
    *,
    la_code: str,
    name: str,
    years: Sequence[int],
    seed: int,
    size: int,
    generated_at: datetime,
    region: str = "North West",
) -> list[Path]:
    """Generate a council and write its returns as ``<folder>/csww_<la>_<year>.xml``; returns the paths."""
    records = generate_council(
        la_code=la_code,
        name=name,
        region=region,
        first_year=min(years),
        last_year=max(years),
        seed=seed,
        size=size,
    )
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year, data in council_returns(records, years, generated_at=generated_at).items():
        path = folder / f"csww_{la_code}_{year}.xml"
        path.write_bytes(data)
        paths.append(path)
    return paths


# The demo council's returns as it sent them: written from its records, with the slips real returns have, so
# that `census reconcile` has something to find (docs/synthetic.md).
DEMO_OMITTED_YEAR = 2023  # two long-serving workers left out of this return, listed again in the next
DEMO_EARLY_LEAVER_YEAR = 2021  # one worker returned as a leaver this year, still in post in the next return
DEMO_BIRTH_DATE_YEAR = 2024  # one worker's date of birth keyed wrongly in this return


def demo_returns(records: CouncilRecords, years: Sequence[int], *, generated_at: datetime) -> dict[int, bytes]:
    """The demo council's census returns XML by year: ``council_returns`` with three planted slips.

    * the ``DEMO_OMITTED_YEAR`` return leaves out two workers in post on its 30 September who started before
      that census year and are in the next return (CSWW-REC-001 and the continuity check CSWW-CONT-001);
    * the ``DEMO_EARLY_LEAVER_YEAR`` return gives one worker a leaving date (31 August, resignation) although
      the next return still has them in post (CSWW-REC-002);
    * the ``DEMO_BIRTH_DATE_YEAR`` return has one worker's date of birth a year out (CSWW-REC-003).
    """
    written = {
        year: return_from_records(records, year, software_code="csc-workforce synthetic", generated_at=generated_at)
        for year in years
    }
    slips = {DEMO_OMITTED_YEAR: _omit_two, DEMO_EARLY_LEAVER_YEAR: _early_leaver, DEMO_BIRTH_DATE_YEAR: _birth_date}
    for year, slip in slips.items():
        if year in written and year + 1 in written:
            written[year] = slip(written[year], written[year + 1])
    return {year: write_census(census_return) for year, census_return in written.items()}


def _stayers(census_return: CensusReturn, following: CensusReturn) -> list[CensusWorker]:
    """Council-employed workers in post on the return's 30 September, started before its year, still in the
    next return: the ones a slip can plausibly touch."""
    year_start = census_period(census_return.header.collection_year).start
    listed_next = {engagement_key(w) for w in following.workers if w.role_end_date is None}
    return [
        w
        for w in census_return.workers
        if not w.agency
        and w.role_end_date is None
        and w.role_start_date is not None
        and w.role_start_date < year_start
        and engagement_key(w) in listed_next
    ]


def _omit_two(census_return: CensusReturn, following: CensusReturn) -> CensusReturn:
    left_out = {engagement_key(w) for w in _stayers(census_return, following)[:2]}
    kept = tuple(w for w in census_return.workers if engagement_key(w) not in left_out)
    return replace(census_return, workers=kept)


def _early_leaver(census_return: CensusReturn, following: CensusReturn) -> CensusReturn:
    chosen = _stayers(census_return, following)[2]
    year = census_return.header.collection_year
    leaver = replace(
        chosen,
        role_end_date=date(year, 8, 31),
        reason_leave=ReasonLeave.RESIGNATION,
        leaver_destination=LeaverDestination.OTHER_LA_ENGLAND,
        fte30=None,
        cases30=None,
        absent_30_sept=None,
        reason_absence=None,
    )
    return replace(census_return, workers=tuple(leaver if w is chosen else w for w in census_return.workers))


def _birth_date(census_return: CensusReturn, following: CensusReturn) -> CensusReturn:
    chosen = next(w for w in _stayers(census_return, following)[3:] if w.birth_date is not None)
    assert chosen.birth_date is not None
    wrong = replace(chosen, birth_date=chosen.birth_date.replace(year=chosen.birth_date.year - 1, day=1))
    return replace(census_return, workers=tuple(wrong if w is chosen else w for w in census_return.workers))
