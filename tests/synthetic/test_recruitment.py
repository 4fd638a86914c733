"""Recruitment records of synthetic councils (``synthetic/recruitment.py``): every permanent starter has the
application that led to their engagement, beside unsuccessful ones at realistic ratios; the records pass the
import's own checks; the rest of the council is as it was."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import fields

import pytest

from csc_workforce.domain.codes import RecruitmentRoute, StartOrigin
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.importers import default_mapping, import_table, read_table
from csc_workforce.synthetic import demo_council, generate_council


@pytest.fixture(scope="module")
def demo() -> CouncilRecords:
    return demo_council()


def _small(seed: int, development: bool = True) -> CouncilRecords:
    return generate_council(
        la_code="991",
        name="Small",
        region="Inner London",
        first_year=2021,
        last_year=2025,
        seed=seed,
        size=80,
        development=development,
    )


def test_every_permanent_starter_has_the_application_that_led_to_their_engagement(demo: CouncilRecords) -> None:
    engagements = {e.key: e for e in demo.engagements}
    started = [a for a in demo.applications if a.started is not None]
    assert started and all(engagements[a.engagement_key or ""].start_date == a.started for a in started)
    newly_qualified = [
        a for a in started if engagements[a.engagement_key or ""].start_origin is StartOrigin.NEWLY_QUALIFIED
    ]
    assert newly_qualified and all(a.route is RecruitmentRoute.NEWLY_QUALIFIED for a in newly_qualified)
    routes = {a.route for a in started}
    assert routes >= {
        RecruitmentRoute.EXPERIENCED,
        RecruitmentRoute.NEWLY_QUALIFIED,
        RecruitmentRoute.AGENCY_TO_PERMANENT,
    }


def test_unsuccessful_applicants_at_realistic_ratios(demo: CouncilRecords) -> None:
    started = sum(1 for a in demo.applications if a.started is not None)
    ratio = len(demo.applications) / started
    assert 3 <= ratio <= 9  # 2 to 9 others for each post filled
    ended = Counter((a.outcome, a.outcome_stage) for a in demo.applications if a.outcome is not None)
    assert ended.most_common(1)[0][0][1].value == "sift"  # most are not shortlisted


def test_offer_to_dbs_clearance_falls_over_the_years(demo: CouncilRecords) -> None:
    by_year: dict[int, list[int]] = {}
    for a in demo.applications:
        if a.offered and a.dbs_cleared:
            by_year.setdefault(a.dbs_cleared.year, []).append((a.dbs_cleared - a.offered).days)
    first, last = min(by_year), max(by_year)
    assert sorted(by_year[first])[len(by_year[first]) // 2] > 30 > sorted(by_year[last])[len(by_year[last]) // 2]


def _csv(records: tuple[object, ...], columns: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(columns))
    for record in records:
        row = []
        for name in columns.values():
            value = getattr(record, name)
            if isinstance(value, tuple):
                value = ";".join(v.value for v in value)
            elif hasattr(value, "isoformat"):
                value = value.strftime("%d/%m/%Y")
            elif hasattr(value, "value"):
                value = value.value
            row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue().encode()


def test_the_synthetic_recruitment_records_pass_the_imports_own_checks() -> None:
    records = _small(3)
    campaign_columns = {
        "campaign_ref": "key",
        "opened": "opened",
        "closed": "closed",
        "role": "role",
        "post": "post",
        "channels": "channels",
        "cost": "cost",
        "cost_type": "cost_type",
    }
    campaigns = import_table(
        read_table(_csv(records.campaigns, campaign_columns).replace(b"campaign:", b""), filename="c.csv"),
        default_mapping("campaigns"),
        council=records.council,
        source_key="upload:1",
        existing=records,
    )
    assert [i.as_text() for i in campaigns.issues] == []
    names = {f.name for f in fields(records.applications[0])} - {"key", "engagement_key", "source", "campaign_key"}
    application_columns = {"application_ref": "key", "campaign_ref": "campaign_key", **{n: n for n in sorted(names)}}
    data = _csv(records.applications, application_columns).replace(b"application:", b"").replace(b"campaign:", b"")
    applications = import_table(
        read_table(data, filename="a.csv"),
        default_mapping("applications"),
        council=records.council,
        source_key="upload:2",
        existing=records,
    )
    assert [i.as_text() for i in applications.issues] == []
    assert len(applications.records.applications) == len(records.applications)


def test_same_seed_same_records_and_the_rest_of_the_council_unchanged() -> None:
    assert _small(5).applications == _small(5).applications
    full, plain = _small(5), _small(5, development=False)
    assert full.engagements == plain.engagements and full.people == plain.people
    assert plain.campaigns == () and plain.applications == ()
