"""Reconciliation through the database: warnings at import, the service, the page, its CSV and who may see them.

Council 990's 2024 return leaves out three council-employed workers its 2025 return lists (all started before
30 September 2024); council 991's returns agree. A small demo-like council (HR records and the returns it
sent, the 2023 one leaving out two workers) shows what only the records know: the missing workers' cases and
days lost. The demo council itself is reconciled in ``test_reconcile_demo.py``."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

import polars as pl
import pytest
from django.test import Client

from csc_workforce.census.csww import read_census, write_census
from csc_workforce.census.csww.model import CensusReturn
from csc_workforce.census.csww.records import engagement_key
from csc_workforce.domain.codes import AbsenceReason
from csc_workforce.domain.periods import census_period
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.measures.compute import census_year_measures
from csc_workforce.measures.inputs import CouncilFrames, frames_from_records
from csc_workforce.store import models as m
from csc_workforce.store.services.census import census_import
from csc_workforce.store.services.demo import DEMO_RETURNS_WRITTEN, demo_load, demo_load_with_returns
from csc_workforce.store.services.reconcile import census_reconcile, post_measures
from csc_workforce.synthetic.generator import generate_council
from csc_workforce.synthetic.returns import council_returns, demo_returns
from tests.web.conftest import NOW, MakeUser

PAGE = "/councils/990/reconcile/"
CSV = "/councils/990/reconcile/findings.csv"


def _read(data: bytes) -> CensusReturn:
    census_return = read_census(data).census_return
    assert census_return is not None
    return census_return


def _planted(census_files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files, with three workers of 990's 2025 return taken out of its 2024 return."""
    files = dict(census_files)
    r2024, r2025 = _read(files["990-2024.xml"]), _read(files["990-2025.xml"])
    once = {w.swe_no for w in r2024.workers} - {
        w.swe_no for w in r2024.workers if [x.swe_no for x in r2024.workers].count(w.swe_no) > 1
    }
    later = {engagement_key(w) for w in r2025.workers}
    chosen = [
        w for w in r2024.workers if not w.agency and not w.is_leaver and w.swe_no in once and engagement_key(w) in later
    ][:3]
    kept = tuple(w for w in r2024.workers if w not in chosen)
    files["990-2024.xml"] = write_census(replace(r2024, workers=kept))
    return list(files.items()), sorted(w.swe_no for w in chosen)


@pytest.fixture
def planted(db: None, census_files: list[tuple[str, bytes]]) -> list[str]:
    """Councils 990 (three workers missing from its 2024 return) and 991 (consistent); the missing SWE numbers."""
    files, missing = _planted(census_files)
    outcomes = census_import(files=files, recorded_by="loader", now=NOW)
    assert all(o.accepted for o in outcomes)
    return missing


def test_importing_a_return_warns_about_the_findings_that_involve_it(db: None, census_files):
    files, missing = _planted(census_files)
    outcomes = {o.name: o for o in census_import(files=files, recorded_by="loader", now=NOW)}
    for name in ("990-2024.xml", "990-2025.xml"):
        found = sorted(i.value for i in outcomes[name].issues if i.code == "CSWW-REC-001")
        assert found == missing, name
    assert not [i for i in outcomes["991-2025.xml"].issues if i.code.startswith("CSWW-REC")]


def test_the_service_explains_the_in_post_difference_and_finds_nothing_for_agreeing_returns(planted: list[str]):
    result = census_reconcile(la_code="990")
    headcount = next(d for d in result.differing(2024) if d.measure == "inpost_headcount")
    assert headcount.difference == 3 and headcount.explained
    assert "3 workers in the 2025 return started before 30 September 2024 and are missing from the 2024 return" in (
        headcount.sentence
    )
    assert result.differing(2025) == ()
    assert result.explained
    assert sorted(f.swe_no for f in result.findings) == planted

    agreeing = census_reconcile(la_code="991")
    assert agreeing.findings == () and agreeing.differing() == ()


def test_the_service_refuses_an_unknown_council_or_one_without_census_returns(db: None):
    with pytest.raises(LookupError, match="No council 123 is held"):
        census_reconcile(la_code="123")
    records = generate_council(
        la_code="992", name="Eastham", region="London", first_year=2024, last_year=2025, seed=3, size=20
    )
    demo_load(records=records, description="made up", recorded_by="tester", now=datetime(2026, 1, 5, tzinfo=UTC))
    with pytest.raises(LookupError, match="No census returns are held for council 992"):
        census_reconcile(la_code="992")


@pytest.mark.parametrize("role", ["admin", "analyst"])
def test_admins_and_analysts_see_the_differences_and_the_findings(
    client: Client, make_user: MakeUser, planted: list[str], role: str
):
    client.force_login(make_user("someone", role, la_code="990" if role == "analyst" else ""))
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Census returns and records</h1>' in html
    assert "Census year to 30 September 2024" in html
    assert "No differences in 2025." in html
    assert "3 workers in the 2025 return started before 30 September 2024 and are missing from the 2024 return" in html
    assert all(swe in html for swe in planted)
    assert f'href="{CSV}"' in html


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_managers_and_viewers_see_no_worker_level_findings(
    client: Client, make_user: MakeUser, planted: list[str], role: str
):
    client.force_login(make_user("someone", role))
    for address in (PAGE, CSV):
        response = client.get(address)
        assert response.status_code == 403
        assert not any(swe in response.content.decode() for swe in planted)
    assert 'href="/councils/990/reconcile/"' not in client.get("/councils/990/").content.decode()
    assert not m.AuditEvent.objects.filter(object_type="reconciliation-findings").exists()


def test_the_page_is_for_the_analysts_own_council_only(client: Client, make_user: MakeUser, planted: list[str]):
    client.force_login(make_user("local", "analyst", la_code="991"))
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403
    agreeing = client.get("/councils/991/reconcile/").content.decode()
    assert "None: every census year's figures from records are as returned." in agreeing
    assert "No differences between the returns." in agreeing


def test_signed_out_users_are_sent_to_sign_in_and_unknown_councils_are_not_found(
    client: Client, make_user: MakeUser, planted: list[str]
):
    assert client.get(PAGE)["Location"].startswith("/sign-in/?next=")
    client.force_login(make_user("someone", "admin"))
    assert client.get("/councils/999/reconcile/").status_code == 404


def test_a_council_without_census_returns_gets_a_page_that_says_so(client: Client, make_user: MakeUser, db: None):
    records = generate_council(
        la_code="992", name="Eastham", region="London", first_year=2024, last_year=2025, seed=3, size=20
    )
    demo_load(records=records, description="made up", recorded_by="tester", now=NOW)
    client.force_login(make_user("someone", "admin"))
    response = client.get("/councils/992/reconcile/")
    assert response.status_code == 200
    assert "No census returns are held for council 992" in response.content.decode()
    assert client.get("/councils/992/reconcile/findings.csv").status_code == 404


def test_the_council_page_links_analysts_to_the_reconciliation(client: Client, make_user: MakeUser, planted: list[str]):
    client.force_login(make_user("someone", "analyst"))
    assert 'href="/councils/990/reconcile/"' in client.get("/councils/990/").content.decode()


def test_the_findings_download_as_csv_and_the_download_is_audited(
    client: Client, make_user: MakeUser, planted: list[str]
):
    client.force_login(make_user("someone", "analyst", la_code="990"))
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="990-reconciliation-findings.csv"'
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert header == ["Rule", "Returns compared", "SWE number", "Problem and how to fix it"]
    assert sorted(row[2] for row in rows) == planted
    assert {(row[0], row[1]) for row in rows} == {("CSWW-REC-001", "2024, 2025")}
    event = m.AuditEvent.objects.get(object_type="reconciliation-findings")
    assert (event.action, event.username, event.object_id) == ("export", "someone", "990")
    assert event.detail == {"findings": 3, "years": [2024, 2025]}


# --- what only the records know: a small council loaded as the demo is ---------------------------------


def _small_demo() -> CouncilRecords:
    return generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2023, last_year=2024, seed=6, size=40
    )


def _left_out_of_2023(records: CouncilRecords) -> set[str]:
    """The posts ``demo_returns`` leaves out of the 2023 return: in the return the records give, not in the one sent."""
    sent = _read(demo_returns(records, [2023, 2024], generated_at=DEMO_RETURNS_WRITTEN)[2023])
    clean = _read(council_returns(records, [2023], generated_at=DEMO_RETURNS_WRITTEN)[2023])
    return {engagement_key(w) for w in clean.workers} - {engagement_key(w) for w in sent.workers}


def test_the_page_explains_the_cases_and_days_lost_of_workers_left_out_of_a_return(client: Client, make_user: MakeUser):
    records = _small_demo()
    outcomes = demo_load_with_returns(
        records=records, years=[2023, 2024], description="made up", recorded_by="t", now=NOW
    )
    assert all(o.accepted for o in outcomes)
    left_out, period = _left_out_of_2023(records), census_period(2023)
    cases = sum(c.cases for c in records.caseloads if c.engagement_key in left_out and c.on == date(2023, 9, 30))
    days = sum(
        float(a.working_days_lost or 0)
        for a in records.absences
        if a.engagement_key in left_out and a.reason is AbsenceReason.SICKNESS and period.contains(a.start)
    )
    fte = sum(float(a.fte or 0) for a in records.assignments if a.engagement_key in left_out and a.covers(period.end))
    # seed 6: 21 and 12 cases, 0.5 and 15.0 days lost, 1.675676 FTE between them (1.7), both holding cases
    assert (len(left_out), cases, days, round(fte, 6)) == (2, 33, 15.5, 1.675676)
    client.force_login(make_user("someone", "admin"))
    html = client.get(PAGE).content.decode()
    missing = "2 workers in the 2024 return started before 30 September 2023 and are missing from the 2023 return"
    assert f"{missing} (33 cases in the records)." in html
    assert f"{missing} (15.5 days in the records)." in html
    assert f"{missing} (1.7 FTE in the records)." in html  # case-holding FTE: the records know who holds cases
    assert f"{missing} (1.7 FTE)." in html  # in post: the 2024 return gives their FTE
    assert "Every difference is explained by the differences between the returns." in html
    assert "Not fully explained" not in html


def test_a_posts_own_measures_are_its_part_of_the_councils(db: None):
    records = _small_demo()
    inputs = frames_from_records([records])
    posts = sorted(_left_out_of_2023(records))
    measured = post_measures(inputs, {2023: frozenset(posts), 2024: frozenset(posts[:1])})
    assert set(measured) == {(2023, posts[0]), (2023, posts[1]), (2024, posts[0])}
    for (year, post), figures in measured.items():
        frames = {
            name: getattr(inputs, name).filter(pl.col("engagement_key") == post)
            for name in ("engagements", "assignments", "absences", "caseloads")
        }
        alone = census_year_measures(CouncilFrames.of(councils=inputs.councils, **frames), year, total=False)
        for measure in ("cases", "case_holders_fte", "working_days_lost_fte", "inpost_fte"):
            assert figures[measure] == pytest.approx(alone[measure][0]), (year, post, measure)
    assert sorted(measured[(2023, p)]["cases"] for p in posts) == [12, 21]
    assert post_measures(inputs, {}) == {}
