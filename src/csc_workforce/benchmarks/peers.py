"""Statistical neighbours, the median of a council's peers and its rank among them.

Shipped neighbours: ``data/statistical_neighbours.csv`` (``la_code, neighbour_code, source``). Only Bexley's
(303: Thurrock 883, Medway 887, Havering 311, as its workforce strategy names them) are shipped: DfE's
statistical neighbour benchmarking tool lists are not available to this project. Councils set their own in the
database (``csc-workforce benchmark neighbours --la CODE --set ...``), which override the shipped ones.

Rules (see ``docs/benchmarks.md``):

- **Real peers**: a median or a rank needs at least :data:`MIN_PEERS` (3) peers with a value for the measure;
  the council itself is never one of its peers. With fewer, there is no median and no rank (so no council is
  "1st of 1" or "2nd of 2").
- **Median**: the median of the peers' values for the measure and year, peers whose value is null (a DfE
  symbol, or no row) skipped. Unrounded values are used where available (for example ``permanency_rate_fte``
  computed from the published FTEs), published values otherwise. With an even number of values it is the mean
  of the middle two.
- **Rank**: the council's place among the council and its peers with a value, 1 = best by the measure's
  polarity (``higher_is_better`` in the measure catalogue), compared as shown (published values; others
  rounded to the measure's decimal places). Ties share the best place they cover and the next place is skipped
  ("1, 2, 2, 4": standard competition ranking). No rank when the measure has no polarity or the council's
  value is null; ``of`` counts the council and the peers with a value. Which measures may be ranked at all
  (rates and ratios, never counts) is decided by the report (:mod:`csc_workforce.benchmarks.report`).
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from csc_workforce.domain.rounding import round_half_up

NEIGHBOURS_FILE = "statistical_neighbours.csv"
MIN_PEERS = 3  # peers with a value needed for a median or a rank


@dataclass(frozen=True, slots=True)
class Neighbour:
    la_code: str
    neighbour_code: str
    source: str


@cache
def shipped_neighbours_table() -> tuple[Neighbour, ...]:
    text = resources.files("csc_workforce.benchmarks").joinpath("data", NEIGHBOURS_FILE).read_text("utf-8")
    return tuple(
        Neighbour(row["la_code"].strip(), row["neighbour_code"].strip(), row["source"].strip())
        for row in csv.DictReader(text.splitlines())
    )


def shipped_neighbours(la_code: str) -> tuple[str, ...]:
    """The shipped statistical neighbours of ``la_code`` in file order (empty for every council but Bexley)."""
    return tuple(n.neighbour_code for n in shipped_neighbours_table() if n.la_code == la_code)


def parse_codes(text: str) -> tuple[str, ...]:
    """ "883, 887,311" -> ("883", "887", "311"); duplicates dropped, order kept."""
    codes: list[str] = []
    for part in text.split(","):
        code = part.strip()
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def peer_median(values: Iterable[float | None], *, minimum: int = MIN_PEERS) -> float | None:
    """The median of the values that are not null; null when fewer than ``minimum`` are."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known and len(known) >= minimum else None


@dataclass(frozen=True, slots=True)
class Rank:
    rank: int
    of: int

    def as_list(self) -> list[int]:
        return [self.rank, self.of]


def rank_among(
    council: float | None,
    peers: Sequence[float | None],
    *,
    higher_is_better: bool | None,
    decimals: int = 1,
    minimum: int = MIN_PEERS,
) -> Rank | None:
    """The council's competition rank (1 = best) among itself and the peers with a value, compared rounded to
    ``decimals`` places; None without a polarity, a council value or ``minimum`` peers with a value."""
    others = [round_half_up(v, decimals) for v in peers if v is not None]
    if higher_is_better is None or council is None or len(others) < minimum:
        return None
    shown = round_half_up(council, decimals)
    better = sum(1 for v in others if (v > shown if higher_is_better else v < shown))
    return Rank(better + 1, len(others) + 1)
