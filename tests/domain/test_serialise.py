"""Records survive a trip through JSON exactly (types included)."""

from __future__ import annotations

from dataclasses import fields

from csc_workforce.domain.records import CouncilRecords
from csc_workforce.domain.serialise import records_from_json, records_to_json
from csc_workforce.synthetic import generate_council
from tests.development_records import with_development


def test_a_whole_council_round_trips_through_json():
    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2024, last_year=2025, seed=4, size=40
    )
    back = records_from_json(records_to_json(records))
    assert back == records
    assert type(back.engagements[0].contract) is type(records.engagements[0].contract)
    assert back.figures[-1].eligibility == records.figures[-1].eligibility  # 2025 flags: tuple of (item, code)


def test_every_kind_of_record_round_trips_through_json():
    """The undo snapshot keeps every kind: each field of CouncilRecords that holds records comes back equal and
    non-empty, with its code lists, Decimals and tuples as they were."""
    base = generate_council(
        la_code="990", name="Northgate", region="", first_year=2024, last_year=2025, seed=4, size=20
    )
    records = with_development(base, source="upload:1")
    back = records_from_json(records_to_json(records))
    assert back == records
    for f in fields(CouncilRecords):
        if f.name != "council":
            assert getattr(back, f.name), f"{f.name} is not kept in the snapshot"
    assert back.programmes[0].protected_time_pct == records.programmes[0].protected_time_pct
    assert str(back.placement_income[0].amount) == "4150.00"
    assert back.grades[0].titles == ("Social worker", "Social Worker (ASYE)")
    assert type(back.supervision[0].kind) is type(records.supervision[0].kind)


def test_issue_locations_read_as_lines_in_xml_and_rows_in_spreadsheets():
    from csc_workforce.domain.issues import Location

    assert Location(12, "Message/CSWWWorker[3]/FTE").describe() == "line 12, Message/CSWWWorker[3]/FTE"
    assert Location(7, "staff.csv!Date of birth").describe() == "row 7, column Date of birth (staff.csv)"
    assert Location(None, "staff.csv!").describe() == "staff.csv"
    assert Location().describe() == "whole file"
