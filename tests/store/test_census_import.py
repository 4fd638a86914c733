"""Importing and exporting census returns through the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from csc_workforce.store import models as m
from csc_workforce.store.services.census import census_export, census_import
from csc_workforce.store.services.measures import measures_rows
from csc_workforce.synthetic.generator import generate_council
from csc_workforce.synthetic.returns import council_returns

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
YEARS = [2022, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def returns() -> dict[int, bytes]:
    records = generate_council(
        la_code="990",
        name="Northgate",
        region="North West",
        first_year=2022,
        last_year=2025,
        seed=7,
        size=120,
    )
    return council_returns(records, YEARS, generated_at=datetime(2025, 10, 15, 9, 0))


def _import(files: dict[int, bytes] | list[tuple[str, bytes]]) -> list:
    items = [(f"{y}.xml", d) for y, d in files.items()] if isinstance(files, dict) else files
    return census_import(files=items, recorded_by="tester", now=NOW)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            m.Council,
            m.Source,
            m.Person,
            m.Engagement,
            m.Assignment,
            m.Absence,
            m.CaseloadSnapshot,
            m.CouncilFigures,
            m.Pay,
        )
    }


def _break(data: bytes) -> bytes:
    """Make the first worker's FTE impossible (1.5): an error that rejects the file."""
    start = data.index(b"<FTE>")
    end = data.index(b"</FTE>", start)
    return data[:start] + b"<FTE>1.500000" + data[end:]


@pytest.mark.django_db
def test_import_accepts_valid_returns_and_records_provenance(returns):
    outcomes = _import(returns)
    assert [o.accepted for o in outcomes] == [True] * 4
    assert not [i for o in outcomes for i in o.issues if i.is_error]
    sources = m.Source.objects.order_by("collection_year")
    assert [s.collection_year for s in sources] == YEARS
    assert all(s.recorded_by == "tester" and len(s.sha256) == 64 for s in sources)
    assert m.Engagement.objects.filter(source__isnull=True).count() == 0


@pytest.mark.django_db
def test_rejected_file_changes_nothing(returns):
    _import({2022: returns[2022]})
    before = _counts()
    outcomes = _import({2023: _break(returns[2023])})
    assert not outcomes[0].accepted
    assert any(i.is_error and i.location.line for i in outcomes[0].issues)
    assert _counts() == before


@pytest.mark.django_db
def test_reimporting_a_year_replaces_that_return(returns):
    _import(returns)
    first = _counts()
    second = _import({2024: returns[2024]})
    assert second[0].accepted and second[0].replaced
    assert _counts() == first
    assert m.Source.objects.filter(collection_year=2024).count() == 1


@pytest.mark.django_db
def test_a_bad_file_in_a_batch_rejects_only_that_file(returns):
    outcomes = _import([("good.xml", returns[2022]), ("bad.xml", _break(returns[2023]))])
    assert [o.accepted for o in outcomes] == [True, False]
    assert list(m.Source.objects.values_list("collection_year", flat=True)) == [2022]


@pytest.mark.django_db
def test_import_export_import_gives_the_same_measures(returns):
    _import(returns)
    before = {y: measures_rows(year=y, la_codes=["990"]) for y in YEARS}
    exported = {y: census_export(la_code="990", year=y, generated_at=NOW) for y in YEARS}
    assert all(not [i for i in e.issues if i.is_error] for e in exported.values())
    m.Council.objects.all().delete()
    _import({y: e.data for y, e in exported.items()})
    after = {y: measures_rows(year=y, la_codes=["990"]) for y in YEARS}
    assert after == before
    assert before[2025][0]["inpost_headcount"] > 50


@pytest.mark.django_db
def test_measures_for_two_councils_have_a_total_row(returns):
    _import(returns)
    other = generate_council(
        la_code="991", name="Southvale", region="London", first_year=2024, last_year=2025, seed=8, size=80
    )
    _import([("southvale-2025.xml", council_returns(other, [2025], generated_at=datetime(2025, 10, 15))[2025])])
    rows = measures_rows(year=2025)
    assert [r["old_la_code"] for r in rows][:2] == ["990", "991"]
    total = rows[-1]
    assert total["geographic_level"] == "Total"
    assert total["inpost_headcount"] == rows[0]["inpost_headcount"] + rows[1]["inpost_headcount"]


@pytest.mark.django_db
def test_two_returns_for_one_council_and_year_in_one_batch_reject_the_second(returns):
    outcomes = _import([("first.xml", returns[2022]), ("again.xml", returns[2022])])
    assert [o.accepted for o in outcomes] == [True, False]
    assert [i.code for i in outcomes[1].issues if i.is_error] == ["CSWW-FILE-010"]
    assert m.Source.objects.get().name == "first.xml"


@pytest.mark.django_db
def test_a_worker_missing_from_the_next_return_is_reported(returns):
    from lxml import etree

    from csc_workforce.census.csww.reader import read_census

    earlier = read_census(returns[2022]).census_return
    stayer = next(w for w in earlier.workers if not w.agency and w.role_end_date is None)
    tree = etree.fromstring(returns[2023])
    for record in tree.findall("CSWWWorker"):
        if record.findtext("SWENo") == stayer.swe_no:
            tree.remove(record)
    outcomes = _import({2022: returns[2022], 2023: etree.tostring(tree, xml_declaration=True, encoding="UTF-8")})
    assert all(o.accepted for o in outcomes)
    assert [i.value for i in outcomes[1].issues if i.code == "CSWW-CONT-001"] == [stayer.swe_no]


def _stored_records() -> dict[str, str]:
    """Each council's records as held, with each source named by its census year (ids differ between imports)."""
    import re

    from csc_workforce.store.services.records import records_load

    years = dict(m.Source.objects.values_list("id", "collection_year"))
    return {
        c.la_code: re.sub(r"source:(\d+)", lambda s: f"year:{years[int(s.group(1))]}", repr(records_load(council=c)))
        for c in m.Council.objects.order_by("la_code")
    }


def _outcomes(outcomes: list) -> list:
    return [(o.name, o.accepted, o.replaced, o.workers, [i.as_dict() for i in o.issues]) for o in outcomes]


@pytest.fixture(scope="module")
def four_councils() -> list[tuple[str, bytes]]:
    """Sixteen returns, four councils' years interleaved: enough to be read in worker processes (PARALLEL_FROM)."""
    codes, by_council = ["990", "991", "992", "993"], []
    for number, code in enumerate(codes):
        records = generate_council(
            la_code=code, name=f"C{code}", region="London", first_year=2022, last_year=2025, seed=number, size=30
        )
        by_council.append(council_returns(records, YEARS, generated_at=datetime(2025, 10, 15)))
    return [(f"{code}-{y}.xml", r[y]) for y in YEARS for code, r in zip(codes, by_council, strict=True)]


@pytest.mark.django_db(transaction=True)
def test_a_batch_read_on_every_core_stores_what_reading_in_one_process_and_rebuilding_store(four_councils, monkeypatch):
    """The rows made where the files are read (census_prepare) are the rows census_rebuild makes from the stored
    returns, with the same outcomes, whether the batch is read in worker processes or in this one."""
    from csc_workforce.census.csww import batch
    from csc_workforce.store.services import census as census_service

    files = [*four_councils, ("again.xml", four_councils[0][1]), ("bad.xml", _break(four_councils[5][1]))]
    parallel = _outcomes(_import(files))
    assert [o[1] for o in parallel] == [True] * 16 + [False, False]
    in_workers = _stored_records()
    for council in m.Council.objects.all():
        census_service.census_rebuild(council=council)
    assert _stored_records() == in_workers
    m.Council.objects.all().delete()
    monkeypatch.setattr(batch, "PARALLEL_FROM", 100)
    monkeypatch.setattr(census_service, "PARALLEL_FROM", 100)
    assert _outcomes(_import(files)) == parallel
    assert _stored_records() == in_workers


@pytest.mark.django_db
def test_a_header_that_misleads_about_its_council_is_read_first(returns):
    """A file whose first LEA-like text is not its council's (here in a comment) is imported as the reader finds it
    (the grouping by council is thrown away: everything is read first, then stored)."""
    misleading = returns[2022].replace(b"<Message>", b"<Message><!-- <LEA>999</LEA> -->", 1)
    assert misleading != returns[2022]
    outcomes = _import([("a.xml", misleading), ("b.xml", returns[2023])])
    assert [(o.accepted, o.la_code) for o in outcomes] == [(True, "990"), (True, "990")]
    assert list(m.Council.objects.values_list("la_code", flat=True)) == ["990"]
    assert m.Source.objects.count() == 2
