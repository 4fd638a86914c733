"""Agency placements, their monthly costs and price caps through the importer: what each row becomes (the golden
files, tests/importers/golden/agency_*, give every issue)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from csc_workforce.domain.codes import AgencyRule, CapBasis, ContractType, OrgRole
from csc_workforce.domain.records import AgencyCap, AgencyCost, CouncilRecords, Engagement, Person
from csc_workforce.importers import merge_records
from tests.importers.support import COUNCIL, errors, run

HELD = CouncilRecords(
    COUNCIL,
    people=(Person("ref:W1", staff_ref="W1"), Person("swe:SW77", swe_no="SW77")),
    engagements=(
        Engagement("eng:A1", "ref:W1", ContractType.AGENCY, date(2024, 4, 1), end_date=date(2024, 10, 1)),
        Engagement("eng:P1", "ref:W1", ContractType.PERMANENT, date(2024, 10, 1)),
        Engagement("swe:SW77/A/2024-11-04", "swe:SW77", ContractType.AGENCY, date(2024, 11, 4)),
    ),
)
PLACEMENTS = [
    [
        "Booking reference",
        "Contract ID",
        "Staff number",
        "SWE number",
        "Placement start",
        "Placement end",
        "Agency",
        "DfE role",
        "Pay grade",
        "Team",
        "Vacancy ID",
        "Hourly pay rate",
        "Bill rate",
        "Years PQE",
        "References obtained",
        "Compliance route",
        "Permanent contract ID",
    ],  # fmt: skip
    [
        "B1",
        "A1",
        "",
        "",
        "01/04/2024",
        "01/10/2024",
        "Kestrel",
        "Social Worker",
        "Grade 9",
        "Duty",
        "V-12",
        "32.5",
        "40.10",
        "4",
        "Y",
        "Compliant",
        "P1",
    ],  # fmt: skip
    [
        "",
        "",
        "",
        "SW77",
        "04/11/2024",
        "",
        "Meridian",
        "5",
        "Grade 10",
        "",
        "",
        "",
        "44",
        "2.5",
        "N",
        "Managed service",
        "",
    ],  # fmt: skip
]


def test_a_placement_row_becomes_an_agency_placement() -> None:
    result = run("agency_placements", PLACEMENTS, existing=HELD)
    assert errors(result) == []
    first, second = result.records.agency_placements
    assert (first.key, first.engagement_key, first.start, first.end) == (
        "agency:B1",
        "eng:A1",
        date(2024, 4, 1),
        date(2024, 10, 1),
    )
    assert (first.supplier, first.role, first.grade, first.team_key) == (
        "Kestrel",
        OrgRole.CASE_HOLDER,
        "Grade 9",
        "team:duty",
    )
    assert (first.post_ref, first.funded_post) == ("V-12", True)  # a post number given: a funded post
    assert (first.pay_rate, first.charge_rate, first.pqe_years) == (Decimal("32.5"), Decimal("40.10"), Decimal(4))
    assert (first.references, first.rule) == (True, AgencyRule.STANDARD)
    assert (first.converted_on, first.permanent_engagement_key) == (date(2024, 10, 1), "eng:P1")  # its start
    # found by SWE number and start date; keyed by its engagement and start
    assert second.key == "agency:swe:SW77/A/2024-11-04@2024-11-04"
    assert (second.funded_post, second.pay_rate, second.references, second.rule) == (
        None,
        None,
        False,
        AgencyRule.PROJECT_TEAM,
    )


def test_costs_find_their_placement_by_reference_or_by_the_worker_in_post_that_month() -> None:
    held = merge_records(HELD, run("agency_placements", PLACEMENTS, existing=HELD).records)
    rows = [
        ["Purchase order", "SWE number", "Invoice month", "Hours worked", "Net amount"],
        ["B1", "", "30/04/2024", "150.25", "6025.03"],
        ["", "SW77", "01/11/2024", "", "2800"],  # November, though the placement began on the 4th
    ]
    result = run("agency_costs", rows, existing=held)
    assert errors(result) == []
    assert result.records.agency_costs == (
        AgencyCost("agency:B1", date(2024, 4, 1), Decimal("150.25"), Decimal("6025.03"), "upload:1"),
        AgencyCost("agency:swe:SW77/A/2024-11-04@2024-11-04", date(2024, 11, 1), None, Decimal("2800"), "upload:1"),
    )


def test_caps_are_read_as_data_with_their_dates() -> None:
    rows = [
        ["Regional agreement", "Org role", "Band", "Rate type", "Hourly cap", "Effective from", "Effective to"],
        ["London Memorandum of Cooperation", "Social Worker", "", "Worker pay", "36", "31/10/2024", "31/03/2025"],
        ["London Memorandum of Cooperation", "", "", "Bill rate", "48.50", "31/10/2024", ""],
    ]
    result = run("agency_caps", rows)
    assert errors(result) == []
    assert result.records.agency_caps == (
        AgencyCap(
            "London Memorandum of Cooperation",
            OrgRole.CASE_HOLDER,
            None,
            CapBasis.PAY,
            Decimal(36),
            date(2024, 10, 31),
            date(2025, 3, 31),
            "upload:1",
        ),
        AgencyCap(
            "London Memorandum of Cooperation",
            None,
            None,
            CapBasis.CHARGE,
            Decimal("48.50"),
            date(2024, 10, 31),
            None,
            "upload:1",
        ),
    )


def test_placement_id_is_the_placements_own_reference_in_an_agency_file() -> None:
    # found trying the import as a user: a supplier's "Placement ID" column was read as the engagement's
    # reference (its alias in the HR kinds), so every row was "No engagement 'P900'"
    rows = [
        ["Placement ID", "SWE number", "Start date", "Agency", "Hourly pay rate", "Hourly charge rate"],
        ["P900", "SW77", "04/11/2024", "Kestrel", "36.50", "44.00"],
    ]
    result = run("agency_placements", rows, existing=HELD)
    assert errors(result) == []
    [placement] = result.records.agency_placements
    assert (placement.key, placement.engagement_key) == ("agency:P900", "swe:SW77/A/2024-11-04")
    costs = run(
        "agency_costs",
        [["Placement ID", "Month", "Spend"], ["P900", "30/11/2024", "1200"]],
        existing=merge_records(HELD, result.records),
    )
    assert errors(costs) == [] and costs.records.agency_costs[0].placement_key == "agency:P900"
