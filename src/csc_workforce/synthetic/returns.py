"""Census returns for synthetic councils: generate the records, then write each year's return from them,
exactly as a real council's records would be written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from csc_workforce.census.csww.records import return_from_records
from csc_workforce.census.csww.writer import write_census
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
