"""Campaigns and applications as imported: the records the golden clean files build (codes through the built-in
translations, several channels or reasons to a cell, the engagement a start led to) and a council's own list of
reasons through its mapping."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from csc_workforce.domain.codes import (
    ApplicationOutcome,
    ApplicationStage,
    ApplyReason,
    OrgRole,
    RecruitmentChannel,
    RecruitmentCost,
    RecruitmentRoute,
)
from csc_workforce.importers import default_mapping, import_table, read_table
from tests.importers.support import COUNCIL, csv_bytes
from tests.importers.test_golden import GOLDEN, held, load


def test_campaigns_from_the_clean_file() -> None:
    result = load(GOLDEN / "campaigns" / "clean.csv", "campaigns", held())
    by_key = {c.key: c for c in result.records.campaigns}
    first = by_key["campaign:SW24-01"]
    assert (first.opened, first.closed, first.role, first.post) == (
        date(2024, 3, 1),
        date(2024, 3, 31),
        OrgRole.CASE_HOLDER,
        "CP-017",
    )
    assert first.channels == (RecruitmentChannel.COUNCIL_WEBSITE, RecruitmentChannel.JOB_BOARD)  # "...; Indeed"
    assert (first.cost, first.cost_type) == (Decimal("2600"), RecruitmentCost.ADVERTISING)
    assert by_key["campaign:SW24-02"].closed is None and by_key["campaign:SW24-02"].cost is None
    assert by_key["campaign:NQ24"].channels == (RecruitmentChannel.UNIVERSITY, RecruitmentChannel.EVENT)
    assert by_key["campaign:TM24"].cost_type is RecruitmentCost.AGENCY_FEE  # "Finder's fee"


def test_applications_from_the_clean_file() -> None:
    result = load(GOLDEN / "applications" / "clean.csv", "applications", held())
    assert [i.as_text() for i in result.issues] == []
    by_key = {a.key: a for a in result.records.applications}
    started = by_key["application:A001"]
    assert (started.campaign_key, started.route, started.channel) == (
        "campaign:NQ23",
        RecruitmentRoute.NEWLY_QUALIFIED,
        RecruitmentChannel.UNIVERSITY,
    )
    assert (started.offered, started.dbs_cleared, started.started) == (
        date(2023, 7, 20),
        date(2023, 8, 1),
        date(2023, 9, 1),
    )
    assert started.engagement_key == "eng:C4"  # staff number E4's engagement in post on the start date
    assert started.reasons == (ApplyReason.CAREER, ApplyReason.DEVELOPMENT)  # "Career progression; Training"
    sifted = by_key["application:A003"]
    assert (sifted.outcome, sifted.outcome_stage, sifted.outcome_on) == (
        ApplicationOutcome.REJECTED,  # "Not shortlisted"
        ApplicationStage.SIFT,
        date(2024, 3, 11),
    )
    assert by_key["application:A005"].outcome_stage is ApplicationStage.CHECKS  # "Pre-employment checks"
    assert by_key["application:A005"].reasons == (ApplyReason.FLEXIBLE, ApplyReason.PAY)
    assert by_key["application:A004"].outcome is None and by_key["application:A004"].engagement_key is None


def test_a_councils_own_reasons_through_its_mapping_and_a_repeat_counted_once() -> None:
    rows = [
        ["Application ID", "Campaign ID", "Date applied", "Reasons for applying"],
        ["B1", "SW24-01", "05/03/2024", "Good schools nearby; Salary; salary"],
    ]
    mapping = default_mapping("applications")
    mapping = replace(mapping, code_translations={"reasons": {"Good schools nearby": "location"}})
    result = import_table(
        read_table(csv_bytes(rows), filename="a.csv"), mapping, council=COUNCIL, source_key="upload:1", existing=held()
    )
    assert [i.as_text() for i in result.issues] == []
    assert result.records.applications[0].reasons == (ApplyReason.LOCATION, ApplyReason.PAY)
