"""The five seed strategies shipped as YAML package data (``strategies/seeds/*.yaml``)."""

from __future__ import annotations

from collections.abc import Collection
from importlib import resources

from csc_workforce.strategies.load import parse_strategy
from csc_workforce.strategies.model import Strategy

_PACKAGE = "csc_workforce.strategies"


def _files() -> dict[str, str]:
    folder = resources.files(_PACKAGE).joinpath("seeds")
    return {f.name.removesuffix(".yaml"): f.name for f in folder.iterdir() if f.name.endswith(".yaml")}


def seed_ids() -> tuple[str, ...]:
    """The seed strategies' ids (their file names without ``.yaml``), sorted."""
    return tuple(sorted(_files()))


def load_seed(seed_id: str, *, registry: Collection[str] | None = None) -> Strategy:
    """A seed strategy by id; ``KeyError`` naming the seeds for an unknown one."""
    files = _files()
    if seed_id not in files:
        raise KeyError(f'no seed strategy "{seed_id}"; the seeds are: {", ".join(sorted(files))}')
    text = resources.files(_PACKAGE).joinpath("seeds", files[seed_id]).read_text(encoding="utf-8")
    return parse_strategy(text, source=f"seeds/{files[seed_id]}", registry=registry)


def seed_strategies(*, registry: Collection[str] | None = None) -> tuple[Strategy, ...]:
    return tuple(load_seed(s, registry=registry) for s in seed_ids())


def seed_action_ids() -> tuple[str, ...]:
    """The seed strategies whose documents give an action list (``seeds/actions/<id>.csv``), sorted."""
    folder = resources.files(_PACKAGE).joinpath("seeds", "actions")
    return tuple(sorted(f.name.removesuffix(".csv") for f in folder.iterdir() if f.name.endswith(".csv")))


def seed_action_file(seed_id: str) -> bytes:
    """The action list transcribed from seed strategy ``seed_id``'s document: an ``actions`` import file
    (``seeds/actions/README.md`` says where each came from). ``KeyError`` for a seed without one."""
    if seed_id not in seed_action_ids():
        raise KeyError(f'no action list for "{seed_id}"; there are: {", ".join(seed_action_ids())}')
    return resources.files(_PACKAGE).joinpath("seeds", "actions", f"{seed_id}.csv").read_bytes()
