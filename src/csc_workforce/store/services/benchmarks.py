"""Published DfE figures, newer releases of them, statistical neighbours and the benchmark report: the library
functions behind ``csc-workforce benchmark`` (see docs/benchmarks.md)."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import polars as pl
from django.db import transaction

from csc_workforce.benchmarks.peers import shipped_neighbours
from csc_workforce.benchmarks.published import INDICATORS_FILE, LOCAL_AUTHORITY, RELEASE, published_indicators
from csc_workforce.benchmarks.releases import Changes, Release, overlay_releases, read_release, release_changes
from csc_workforce.benchmarks.report import PERMANENCY, benchmark_report
from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures.catalogue import BY_ID
from csc_workforce.measures.rules import permanency_rate
from csc_workforce.store import models as m
from csc_workforce.store.services.audit import CHANGE, NOWHERE, Origin, audit_record

RELEASE_IMPORT = "release_import"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/). © Crown copyright."
)
SOURCE = "Department for Education, Children's social work workforce, Explore education statistics"
# polarity, decimals and unit from the measure catalogue: the unit decides which measures are rates (ranked)


class DuplicateRelease(ValueError):
    """The same file (by SHA-256) was imported before."""


@dataclass(frozen=True, slots=True)
class ReleaseImport:
    release: m.PublishedRelease
    changes: Changes


def _held_releases() -> tuple[tuple[int, str], ...]:
    return tuple(m.PublishedRelease.objects.order_by("imported_at", "id").values_list("id", "sha256"))


@lru_cache(maxsize=4)
def _overlaid(key: tuple[tuple[int, str], ...]) -> pl.DataFrame:
    if not key:
        return published_indicators()
    stored = {r.id: r for r in m.PublishedRelease.objects.filter(id__in=[i for i, _ in key])}
    releases = [read_release(m.unpacked(stored[i].content), name=stored[i].name) for i, _ in key]
    return overlay_releases(published_indicators(), releases)


def published_figures() -> pl.DataFrame:
    """The shipped DfE file with every imported release laid over it, in import order (cached per set of
    releases held, so a new import is seen at once)."""
    return _overlaid(_held_releases())


def release_import(
    *, name: str, data: bytes, imported_by: str, now: datetime, origin: Origin = NOWHERE
) -> ReleaseImport:
    """Check and store a newer release of the indicators file (all or nothing, audited). Raises
    :class:`~csc_workforce.benchmarks.releases.ReleaseError` for a bad file and :class:`DuplicateRelease` for
    one imported before."""
    release: Release = read_release(data, name=name)
    with transaction.atomic():
        if m.PublishedRelease.objects.filter(sha256=release.sha256).exists():
            raise DuplicateRelease(f"{name} was imported before (same SHA-256 {release.sha256[:12]}…).")
        changes = release_changes(published_figures(), release)
        stored = m.PublishedRelease.objects.create(
            name=name,
            sha256=release.sha256,
            imported_at=now,
            imported_by=imported_by,
            years=list(release.years),
            rows=release.rows,
            changes={
                "added_years": list(changes.added_years),
                "replaced_years": list(changes.replaced_years),
                "added_rows": changes.added_rows,
                "replaced_rows": changes.replaced_rows,
            },
            content=zlib.compress(data),
        )
        audit_record(
            action=RELEASE_IMPORT,
            username=imported_by,
            object_type="published_release",
            object_id=stored.pk,
            detail={"name": name, "sha256": release.sha256, **stored.changes},
            origin=origin,
            now=now,
        )
    return ReleaseImport(stored, changes)


def published_releases() -> list[dict[str, Any]]:
    """The releases in use, the shipped one first (with its Open Government Licence attribution), then each
    imported release in import order."""
    shipped = published_indicators()
    rows: list[dict[str, Any]] = [
        {
            "name": RELEASE,
            "file": INDICATORS_FILE,
            "shipped": True,
            "years": sorted(set(shipped["time_period"].to_list())),
            "rows": shipped.height,
            "imported_at": None,
            "imported_by": None,
            "sha256": None,
            "source": SOURCE,
            "attribution": ATTRIBUTION,
        }
    ]
    for release in m.PublishedRelease.objects.order_by("imported_at", "id"):
        rows.append(
            {
                "name": release.name,
                "file": release.name,
                "shipped": False,
                "years": release.years,
                "rows": release.rows,
                "imported_at": release.imported_at.isoformat(),
                "imported_by": release.imported_by,
                "sha256": release.sha256,
                "source": SOURCE,
                "attribution": ATTRIBUTION,
                **release.changes,
            }
        )
    return rows


def known_la_codes() -> set[str]:
    """Every council code in the published figures (joint returns by each code and as written)."""
    frame = published_figures().filter(pl.col("old_la_code").is_not_null())
    codes = set(frame["old_la_code"].to_list())
    for listed in frame["la_codes"].to_list():
        codes.update(listed or [])
    return codes


def statistical_neighbours(la_code: str) -> tuple[tuple[str, ...], str]:
    """A council's statistical neighbours and where they come from: "configured" (set in the database),
    "shipped" (the package's list: only Bexley's) or "none"."""
    configured = tuple(
        m.StatisticalNeighbour.objects.filter(la_code=la_code)
        .order_by("position", "id")
        .values_list("neighbour_la_code", flat=True)
    )
    if configured:
        return configured, "configured"
    shipped = shipped_neighbours(la_code)
    return shipped, ("shipped" if shipped else "none")


def set_statistical_neighbours(
    *, la_code: str, neighbours: Sequence[str], set_by: str, now: datetime, origin: Origin = NOWHERE
) -> tuple[str, ...]:
    """Replace a council's configured neighbours (an empty list removes them, so the shipped ones apply).
    Raises ValueError for a code not in the published figures or the council itself."""
    known = known_la_codes()
    unknown = [code for code in (la_code, *neighbours) if code not in known]
    if unknown:
        raise ValueError(f"Not a council in the DfE published figures: {', '.join(unknown)}.")
    if la_code in neighbours:
        raise ValueError(f"A council cannot be its own statistical neighbour ({la_code}).")
    codes = tuple(dict.fromkeys(neighbours))
    with transaction.atomic():
        before = list(
            m.StatisticalNeighbour.objects.filter(la_code=la_code).values_list("neighbour_la_code", flat=True)
        )
        m.StatisticalNeighbour.objects.filter(la_code=la_code).delete()
        m.StatisticalNeighbour.objects.bulk_create(
            m.StatisticalNeighbour(la_code=la_code, neighbour_la_code=code, position=i, set_by=set_by, set_at=now)
            for i, code in enumerate(codes)
        )
        audit_record(
            action=CHANGE,
            username=set_by,
            object_type="statistical_neighbours",
            object_id=la_code,
            detail={"before": before, "after": list(codes)},
            origin=origin,
            now=now,
        )
    return codes


def _council_held(la_code: str, year: int) -> dict[str, Any] | None:
    from csc_workforce.store.services.measures import measures_rows

    if not m.Council.objects.filter(la_code=la_code).exists():
        return None
    rows = [row for row in measures_rows(year=year, la_codes=[la_code]) if row.get("old_la_code") == la_code]
    if not rows:
        return None
    held = dict(rows[0])
    rate = permanency_rate(held.get("inpost_fte"), held.get("agency_fte"))
    held[PERMANENCY] = None if rate is None else round_half_up(rate, 1)
    return held


@dataclass(frozen=True, slots=True)
class PublishedCouncil:
    """A council in the published figures: the code to use in addresses (the first code of a joint return),
    the code as DfE writes it ("314 / 318"), and its latest name and region."""

    la_code: str
    old_la_code: str
    name: str
    region: str


def published_councils() -> tuple[PublishedCouncil, ...]:
    """Every council in the published figures (releases laid over), by name, with its latest name and region."""
    rows = (
        published_figures()
        .filter((pl.col("geographic_level") == LOCAL_AUTHORITY) & pl.col("old_la_code").is_not_null())
        .sort("time_period")
        .unique("old_la_code", keep="last")
    )
    found = [
        PublishedCouncil(row["la_codes"][0], row["old_la_code"], row["la_name"] or "", row["region_name"] or "")
        for row in rows.iter_rows(named=True)
    ]
    return tuple(sorted(found, key=lambda c: (c.name, c.la_code)))


def published_council(la_code: str) -> PublishedCouncil | None:
    """The council ``la_code`` (or a joint return it is part of) in the published figures; None if DfE does not
    publish it. The latest row wins when a code appears in several."""
    rows = (
        published_figures()
        .filter((pl.col("geographic_level") == LOCAL_AUTHORITY) & pl.col("la_codes").list.contains(la_code))
        .sort("time_period")
    )
    if rows.is_empty():
        return None
    row = rows.row(-1, named=True)
    return PublishedCouncil(la_code, row["old_la_code"], row["la_name"] or "", row["region_name"] or "")


def _with_own_records(figures: pl.DataFrame, council: m.Council, year: int, held: dict[str, Any]) -> pl.DataFrame:
    """``figures`` with the council's own measures for ``year`` standing in for a published row."""
    own = {
        **held,
        "time_period": year,
        "geographic_level": LOCAL_AUTHORITY,
        "region_name": council.region,
        "la_name": council.name,
        "old_la_code": council.la_code,
        "la_codes": [council.la_code],
    }
    row = pl.DataFrame([{c: own.get(c) for c in figures.columns}], schema=figures.schema, strict=False)
    return pl.concat([figures, row], how="vertical_relaxed")


def benchmark(*, la_code: str, year: int, peers: Sequence[str] | None = None) -> dict[str, Any]:
    """The benchmark report (see :func:`csc_workforce.benchmarks.report.benchmark_report`) from the published
    figures, against ``peers``, else the council's statistical neighbours, else the other councils of its
    region (``peer_source`` "region").

    ``basis`` is "published" when DfE publishes the council that year, with ``council_held`` (the council's
    measures from its own records) when the database holds it too; "records" for a held council DfE does not
    publish, whose own measures stand in for a published row. Raises LookupError for a council that is
    neither, a year not in the figures, or a peer code not in them."""
    if peers is None:
        codes, source = statistical_neighbours(la_code)
        chosen: tuple[str, ...] | None = codes or None
    else:
        chosen, source = tuple(peers), "given"
    known = known_la_codes()
    unknown = [code for code in chosen or () if code not in known]
    if unknown:
        raise LookupError(f"Not a council in the DfE published figures: {', '.join(unknown)}.")
    figures, basis = published_figures(), "published"
    try:  # the seam: the held council's own measures for the census year
        held, not_held = _council_held(la_code, year), ""
    except LookupError as refused:  # e.g. a year its records do not cover
        held, not_held = None, str(refused)
    if not _published_in(figures, la_code, year):
        council = m.Council.objects.filter(la_code=la_code).first()
        if council is None or held is None or not held.get("inpost_headcount"):
            raise LookupError(not_held or _nothing_to_compare(la_code, year, figures, council))
        figures, basis = _with_own_records(figures, council, year, held), "records"
    report = benchmark_report(figures, la_code=la_code, year=year, peers=chosen, info=BY_ID, peer_source=source)
    report["basis"] = basis
    report["own_basis"] = held.get("basis") if held is not None else None  # "returned" or "records"
    if held is not None and basis == "published":
        report["council_held"] = held
    return report


def _published_in(figures: pl.DataFrame, la_code: str, year: int) -> bool:
    rows = figures.filter(
        (pl.col("time_period") == year)
        & (pl.col("geographic_level") == LOCAL_AUTHORITY)
        & pl.col("la_codes").list.contains(la_code)
    )
    return not rows.is_empty()


def _nothing_to_compare(la_code: str, year: int, figures: pl.DataFrame, council: m.Council | None) -> str:
    years = sorted(set(figures["time_period"].to_list()))
    if year not in years:
        return f"No published figures for {year}; the published figures cover {years[0]}-{years[-1]}."
    if council is not None:
        return f"No figures for {council.name} in {year}: DfE does not publish it and no records are held for {year}."
    return f"No published figures for council {la_code} in {year}."
