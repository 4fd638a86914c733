"""Figures only as far as the data goes: each council's data is complete to a date, per kind of record, and
no figure is computed over days past it (the CLI, the API, the measures service and the council page)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import Client

from csc_workforce.cli.main import main
from csc_workforce.domain.codes import AbsenceReason
from csc_workforce.domain.records import Absence, Council, CouncilRecords
from csc_workforce.store import models as m
from csc_workforce.store.services.coverage import coverage_for
from csc_workforce.store.services.dashboard import council_dashboard
from csc_workforce.store.services.measures import NotCovered, measures_rows, measures_table
from csc_workforce.store.services.records import records_store
from csc_workforce.store.services.tokens import token_create
from tests.web.conftest import NOW, MakeUser


def _absence_extract(la_code: str, complete_to: date) -> m.Source:
    """An absence extract stated complete to ``complete_to``: one spell of sickness ending on that day."""
    council = m.Council.objects.get(la_code=la_code)
    source = m.Source.objects.create(
        council=council, kind="upload", name="absence.csv", recorded_at=NOW, complete_to=complete_to
    )
    engagement = m.Engagement.objects.filter(council=council, end_date__isnull=True, contract="permanent").first()
    assert engagement is not None
    spell = Absence(
        engagement.key, date(2026, 3, 2), complete_to, AbsenceReason.SICKNESS, Decimal("20"), f"source:{source.pk}"
    )
    records_store(council=council, records=CouncilRecords(Council(la_code, council.name), absences=(spell,)))
    return source


def test_a_census_councils_data_is_complete_to_its_latest_returns_30_september(councils: list[str]):
    coverage = coverage_for(la_codes=["990"])["990"]
    assert coverage.complete_to == date(2025, 9, 30)
    assert coverage.begins == date(2023, 10, 1)  # its first return, 2024, covers the year from 1 October 2023
    assert coverage.sentence() == "data for 990 is complete to 30 September 2025"


def test_figures_past_the_data_are_refused_naming_the_date_it_is_complete_to(councils: list[str]):
    with pytest.raises(NotCovered, match="data for 990 is complete to 30 September 2025"):
        measures_rows(year=2026, la_codes=["990"], as_at=date(2026, 4, 5))
    with pytest.raises(NotCovered, match="complete to 30 September 2025"):
        measures_rows(year=2026, la_codes=["990"])  # a census year with no return and no data for it
    with pytest.raises(NotCovered, match="records begin on 1 October 2023"):
        measures_rows(year=2024, la_codes=["990"], as_at=date(2024, 3, 31))  # 12 months from 1 April 2023
    # on or before the date, and within the records, figures are given
    assert measures_rows(year=2025, la_codes=["990"], as_at=date(2025, 9, 30))[0]["basis"] == "records"


def test_an_absence_extract_does_not_carry_the_workforce_figures_past_the_census_date(councils: list[str]):
    # the case that once headlined "latest figures, as at 5 April 2026" with a turnover over empty months
    _absence_extract("990", date(2026, 4, 5))
    coverage = coverage_for(la_codes=["990"])["990"]
    assert coverage.kinds["absences"] == date(2026, 4, 5)
    assert coverage.complete_to == date(2025, 9, 30)
    board = council_dashboard(council=m.Council.objects.get(la_code="990"), today=date(2026, 5, 1))
    assert board.year == 2025 and board.as_at is None
    with pytest.raises(NotCovered):
        measures_rows(year=2026, la_codes=["990"], as_at=date(2026, 4, 5))


def test_a_measure_whose_own_records_stop_short_is_withheld_with_the_reason(councils: list[str]):
    # workforce records to 31 March 2026 (a stated HR extract), sickness absence only to the census date
    council = m.Council.objects.get(la_code="990")
    extract = m.Source.objects.create(
        council=council, kind="upload", name="hr.csv", recorded_at=NOW, complete_to=date(2026, 3, 31)
    )
    m.Assignment.objects.filter(council=council, effective_to__isnull=True).update(source=extract)
    result = measures_table(year=2026, la_codes=["990"], as_at=date(2026, 3, 31))
    row = result.rows[0]
    assert row["inpost_fte"] > 0 and row["turnover_rate_fte"] is not None
    assert row["absence_rate_fte"] is None and row["working_days_lost_fte"] is None
    assert row["caseload_fte"] is None
    assert any("sickness absence data for 990 is complete to 30 September 2025" in n for n in result.notes)


def test_councils_not_asked_for_by_name_whose_data_stops_short_are_left_out_with_a_note(councils: list[str]):
    m.Source.objects.filter(council__la_code="991", collection_year=2025).delete()  # 991 now ends in 2024
    for row in m.Engagement.objects.filter(council__la_code="991"):
        row.delete()
    result = measures_table(year=2026, as_at=date(2025, 3, 31))
    assert [r["old_la_code"] for r in result.rows] == ["990"]
    assert any(n.startswith("Left out: No workforce records are held for 991") for n in result.notes)


def test_the_cli_refuses_a_date_past_the_data_with_the_message(councils: list[str], capsys):
    assert main(["measures", "--year", "2026", "--la", "990", "--as-at", "2026-04-05"]) == 1
    assert "data for 990 is complete to 30 September 2025" in capsys.readouterr().err


def test_the_api_refuses_a_date_past_the_data_with_a_422(client: Client, make_user: MakeUser, councils: list[str]):
    make_user("reader", "viewer")
    token = token_create(username="reader", created_by="admin", now=datetime.now(UTC))  # the API checks expiry now
    response = client.get(
        "/api/measures?year=2026&la=990&as_at=2026-04-05", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert "complete to 30 September 2025" in json.loads(response.content)["error"]
    bad = client.get("/api/measures?year=2025&basis=guess", headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400
    returned_as_at = client.get(
        "/api/measures?year=2025&as_at=2025-03-31&basis=returned", headers={"Authorization": f"Bearer {token}"}
    )
    assert returned_as_at.status_code == 400 and "census years" in returned_as_at.json()["error"]


@pytest.mark.django_db
def test_an_uploaded_extract_is_complete_to_its_stated_date(make_user: MakeUser):
    from csc_workforce.store.services.uploads import upload_commit, upload_receive

    analyst = make_user("ana", "analyst")
    m.Council.objects.create(la_code="990", name="Northgate", region="North West")
    data = b"Staff number,SWE number,Date of birth,Sex\nE1,SW1001,1980-02-01,F\n"
    upload = upload_receive(
        user=analyst,
        kind="people",
        filename="people.csv",
        data=data,
        la_code="990",
        allowed_la_codes=None,
        now=datetime(2026, 4, 10, tzinfo=UTC),
        extract_date=date(2026, 3, 31),
    )
    assert upload.status == m.Upload.PREVIEW, upload.issues
    upload_commit(upload=upload, user=analyst, now=datetime(2026, 4, 10, 9, tzinfo=UTC))
    assert m.Source.objects.get(kind="upload").complete_to == date(2026, 3, 31)


@pytest.mark.django_db
def test_the_upload_service_refuses_a_complete_from_date_the_form_would_refuse(make_user: MakeUser):
    from csc_workforce.store.services.uploads import UploadRefused, upload_receive

    analyst = make_user("ana", "analyst")
    m.Council.objects.create(la_code="990", name="Northgate", region="North West")
    now = datetime(2026, 4, 10, tzinfo=UTC)
    base = {"user": analyst, "filename": "x.csv", "data": b"a\n1\n", "la_code": "990", "allowed_la_codes": None}
    for kind, extract_date, complete_from, why in [
        ("people", None, date(2026, 4, 1), "not for a people file"),
        ("supervision", None, date(2026, 4, 11), "cannot be in the future"),  # the day after the upload
        ("supervision", date(2026, 3, 31), date(2026, 4, 1), "on or before the date the extract was taken"),
    ]:
        with pytest.raises(UploadRefused, match=why):
            upload_receive(**base, kind=kind, now=now, extract_date=extract_date, complete_from=complete_from)
    assert not m.Upload.objects.exists()
    # on the extract date itself, or the day of the upload when none is given, it is taken
    upload = upload_receive(**base, kind="placement_income", now=now, complete_from=date(2026, 4, 10))
    assert (upload.summary["complete_from"], upload.summary["complete_to"]) == ("2026-04-10", "2026-04-10")
