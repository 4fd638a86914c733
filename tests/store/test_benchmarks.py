"""Published releases, statistical neighbours and the benchmark report in the web layer (services)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from csc_workforce.benchmarks.published import published_indicators
from csc_workforce.benchmarks.releases import ReleaseError
from csc_workforce.store import models as m
from csc_workforce.store.services import benchmarks as svc
from csc_workforce.store.services.census import census_import
from csc_workforce.synthetic.generator import generate_council
from csc_workforce.synthetic.returns import council_returns
from tests.benchmarks.test_releases import revised_release

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def bexley_turnover(year: int) -> float | None:
    frame = svc.published_figures()
    row = frame.filter((pl.col("time_period") == year) & (pl.col("old_la_code") == "303")).row(0, named=True)
    return row["turnover_rate_fte"]


@pytest.mark.django_db
def test_no_releases_means_the_shipped_file() -> None:
    assert svc.published_figures() is published_indicators()
    releases = svc.published_releases()
    assert len(releases) == 1 and releases[0]["shipped"] is True
    assert "Open Government Licence v3.0" in releases[0]["attribution"]
    assert releases[0]["years"] == list(range(2017, 2026))


@pytest.mark.django_db
def test_release_import_overlays_audits_and_lists() -> None:
    data = revised_release()
    outcome = svc.release_import(name="csww_indicators_2017_to_2026.csv", data=data, imported_by="analyst", now=NOW)
    assert outcome.changes.added_years == (2026,)
    assert outcome.changes.replaced_years == (2019,)
    stored = m.PublishedRelease.objects.get()
    assert (stored.name, stored.imported_by, stored.years, stored.rows) == (
        "csww_indicators_2017_to_2026.csv",
        "analyst",
        [2019, 2026],
        325,
    )
    assert stored.changes["added_years"] == [2026]
    assert bexley_turnover(2019) == 21.9  # revised
    assert bexley_turnover(2026) == bexley_turnover(2025)  # new year
    event = m.AuditEvent.objects.get(action=svc.RELEASE_IMPORT)
    assert (event.username, event.object_id, event.detail["replaced_years"]) == ("analyst", str(stored.pk), [2019])

    listed = svc.published_releases()
    assert [r["shipped"] for r in listed] == [True, False]
    assert listed[1]["name"] == "csww_indicators_2017_to_2026.csv" and listed[1]["added_years"] == [2026]

    with pytest.raises(svc.DuplicateRelease):
        svc.release_import(name="again.csv", data=data, imported_by="analyst", now=LATER)
    assert m.PublishedRelease.objects.count() == 1


@pytest.mark.django_db
def test_bad_release_stores_nothing() -> None:
    with pytest.raises(ReleaseError, match="row 1, column time_period: is missing"):
        svc.release_import(name="bad.csv", data=b"year,value\n2019,1\n", imported_by="analyst", now=NOW)
    assert not m.PublishedRelease.objects.exists()
    assert not m.AuditEvent.objects.exists()


@pytest.mark.django_db
def test_configured_neighbours_override_the_shipped_ones() -> None:
    assert svc.statistical_neighbours("303") == (("883", "887", "311"), "shipped")
    assert svc.statistical_neighbours("209") == ((), "none")
    svc.set_statistical_neighbours(la_code="303", neighbours=["311", "307"], set_by="admin", now=NOW)
    assert svc.statistical_neighbours("303") == (("311", "307"), "configured")
    row = m.StatisticalNeighbour.objects.filter(la_code="303").first()
    assert row is not None and (row.set_by, row.set_at) == ("admin", NOW)
    event = m.AuditEvent.objects.get(object_type="statistical_neighbours")
    assert event.detail == {"before": [], "after": ["311", "307"]}

    report = svc.benchmark(la_code="303", year=2019)
    assert report["peer_source"] == "configured"
    assert [p["la_name"] for p in report["peers"]] == ["Havering", "Ealing"]

    svc.set_statistical_neighbours(la_code="303", neighbours=[], set_by="admin", now=LATER)
    assert svc.statistical_neighbours("303") == (("883", "887", "311"), "shipped")


@pytest.mark.django_db
def test_neighbour_codes_are_checked() -> None:
    with pytest.raises(ValueError, match="Not a council in the DfE published figures: 999"):
        svc.set_statistical_neighbours(la_code="303", neighbours=["999"], set_by="admin", now=NOW)
    with pytest.raises(ValueError, match="its own statistical neighbour"):
        svc.set_statistical_neighbours(la_code="303", neighbours=["303"], set_by="admin", now=NOW)
    assert not m.StatisticalNeighbour.objects.exists()


@pytest.mark.django_db
def test_benchmark_with_given_peers_and_unknown_codes() -> None:
    report = svc.benchmark(la_code="303", year=2019, peers=["883"])
    assert report["peer_source"] == "given" and [p["old_la_code"] for p in report["peers"]] == ["883"]
    assert "council_held" not in report
    with pytest.raises(LookupError, match="999"):
        svc.benchmark(la_code="303", year=2019, peers=["999"])
    with pytest.raises(LookupError, match="council 999"):
        svc.benchmark(la_code="999", year=2019)


@pytest.mark.django_db
def test_benchmark_uses_imported_releases() -> None:
    svc.release_import(name="r.csv", data=revised_release(), imported_by="analyst", now=NOW)
    assert svc.benchmark(la_code="303", year=2019)["council"]["turnover_rate_fte"] == 21.9
    assert svc.benchmark(la_code="303", year=2026)["council"]["turnover_rate_fte"] == bexley_turnover(2025)


@pytest.mark.django_db
def test_council_held_sits_beside_the_published_figures() -> None:
    records = generate_council(
        la_code="303", name="Bexley", region="Outer London", first_year=2024, last_year=2025, seed=3, size=30
    )
    files = [
        (f"303-{year}.xml", data)
        for year, data in council_returns(records, [2024, 2025], generated_at=datetime(2025, 10, 15, 9, 0)).items()
    ]
    outcomes = census_import(files=files, recorded_by="loader", now=NOW)
    assert all(o.accepted for o in outcomes)
    report = svc.benchmark(la_code="303", year=2024)
    held = report["council_held"]
    assert held["old_la_code"] == "303" and str(held["time_period"]) == "2024"
    assert held["inpost_fte"] is not None and held["inpost_fte"] != report["council"]["inpost_fte"]
    expected = round(held["inpost_fte"] / (held["inpost_fte"] + held["agency_fte"]) * 100, 1)
    assert held["permanency_rate_fte"] == pytest.approx(expected, abs=0.051)


@pytest.mark.django_db
def test_without_neighbours_the_report_compares_with_the_region_and_names_it() -> None:
    # Lewisham (209) has no neighbours set or shipped: the other London councils in 2019 (14 Inner + 18 Outer
    # London rows, less Lewisham) are its peers
    report = svc.benchmark(la_code="209", year=2019)
    assert report["peer_source"] == "region" and report["basis"] == "published"
    assert report["peer_description"] == (
        "Compared with the 31 other councils in London, since no statistical neighbours are set."
    )
    assert len(report["peers"]) == 31 and "Lewisham" not in [p["la_name"] for p in report["peers"]]
    assert report["council_rank"]["turnover_rate_fte"] is not None and report["council_rank"]["leavers_fte"] is None


@pytest.mark.django_db
def test_a_held_council_dfe_does_not_publish_is_compared_on_its_own_records(councils: list[str]) -> None:
    # 990 (synthetic; "Council 990" with no region after a census import, which carries only the code) is
    # held but not published: its records stand in for a published row
    report = svc.benchmark(la_code="990", year=2025)
    assert report["basis"] == "records" and "council_held" not in report
    assert report["council"]["la_name"] == "Council 990" and report["council"]["inpost_fte"] is not None
    assert report["peers"] == [] and report["peer_description"] == (
        "Not compared with other councils: no statistical neighbours are set and its region is not known."
    )
    # with its region set (as the demo sets it), its peers are the 24 North West councils DfE published for 2025
    m.Council.objects.filter(la_code="990").update(region="North West")
    report = svc.benchmark(la_code="990", year=2025)
    assert len(report["peers"]) == 24 and report["peer_description"] == (
        "Compared with the 24 other councils in North West, since no statistical neighbours are set."
    )
    with pytest.raises(LookupError, match="2019"):  # the message says why there are no figures for 2019
        svc.benchmark(la_code="990", year=2019)  # its records start in 2024


@pytest.mark.django_db
def test_published_councils_give_the_latest_name_and_region() -> None:
    bexley = svc.published_council("303")
    assert bexley is not None and (bexley.name, bexley.region, bexley.old_la_code) == (
        "Bexley",
        "Outer London",
        "303",
    )
    richmond = svc.published_council("318")
    assert richmond is not None and richmond.old_la_code == "314 / 318" and richmond.la_code == "318"
    assert svc.published_council("999") is None
    listed = svc.published_councils()
    assert [c.name for c in listed] == sorted(c.name for c in listed)
    joint = next(c for c in listed if c.old_la_code == "314 / 318")
    assert joint.la_code == "314"  # addresses use the first code of a joint return
    assert len({c.old_la_code for c in listed}) == len({c.la_code for c in listed}) == len(listed)
