"""The strategies' figures from spreadsheets shaped like the templates (issue 12's "done when"): a council holding
its census returns loads agency placements, costs and caps (Lewisham's placements, spend and rates by grade
against the cap), campaigns and applications (Slough's 7 of 13 through the website and offer to DBS clearance),
sickness absences with their causes, HR cases and two health check waves (Worcestershire's sickness causes, open
HR cases and health check trend), each through the one upload flow; every figure is worked out by hand below.

Council 990 (Northgate, the census fixture), as at 30 September 2025 over 1 October 2024 to 30 September 2025.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from django.contrib.auth.models import User

from csc_workforce.domain.periods import twelve_months_to
from csc_workforce.importers.kinds import COMPLETE_FROM_KINDS
from csc_workforce.importers.templates import template_header
from csc_workforce.measures.agency import agency_rates_by_grade
from csc_workforce.measures.local import local_measures, sickness_by_cause
from csc_workforce.measures.recruitment import recruitment_times, successful_applicants_by_channel
from csc_workforce.measures.staff_voice import survey_questions_by_wave
from csc_workforce.reports.document import Paragraph
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.reports import build_report
from csc_workforce.store.services.uploads import upload_commit, upload_receive
from tests.store.conftest import NOW

D = date(2025, 9, 30)
P = twelve_months_to(D)


@pytest.fixture
def analyst(db: None) -> User:
    return User.objects.create_user("ana", password="x" * 16)


def _load(user: User, kind: str, rows: list[dict[str, str]]) -> None:
    """A CSV file with the template's header (the field names) and ``rows``, uploaded and committed."""
    header = template_header(kind)
    assert set().union(*rows) <= set(header), kind
    lines = [",".join(header), *(",".join(row.get(c, "") for c in header) for row in rows)]
    upload = upload_receive(
        user=user,
        kind=kind,
        filename=f"{kind}.csv",
        data="\n".join(lines).encode(),
        la_code="990",
        allowed_la_codes=None,
        now=NOW,
        extract_date=D,
        complete_from=P.start if kind in COMPLETE_FROM_KINDS else None,
    )
    assert upload.status == m.Upload.PREVIEW, (kind, upload.issues)
    assert upload_commit(upload=upload, user=user, now=NOW).status == m.Upload.COMMITTED


def _agency_in_post() -> list[m.Engagement]:
    """990's agency workers in post on D who started before the period, from its census returns."""
    return list(
        m.Engagement.objects.filter(council__la_code="990", contract="agency", start_date__lt=P.start)
        .exclude(end_date__lte=D)
        .select_related("person")
        .order_by("key")
    )


def test_lewisham_s_agency_figures(analyst: User, councils: list[str]) -> None:
    """Three of the agency workers in post, placed: W1 and W2 case holders on Grade 9 (pay £29 and £32 an hour,
    charge £38 and £41), W3 a senior practitioner on Grade 10 (pay £36, charge £45). London's caps: case holder
    pay £30, senior practitioner pay £35. Costs: W1 October 2024 150 hours £5,700 and September 2025 140 hours
    £5,320; W2 March 2025 £6,150 (no hours); W3 August 2025 100 hours £4,500. Spend £21,670 over 3 placements;
    Grade 9 mean pay (29 + 32) / 2 = £30.50 against the £30 cap, 1 of 2 over (W2); Grade 10 £36 over £35."""
    w1, w2, w3 = _agency_in_post()[:3]
    placements = [
        (w, f"PL{n}", role, grade, pay, charge)
        for n, (w, role, grade, pay, charge) in enumerate(
            [(w1, "5", "Grade 9", "29", "38"), (w2, "5", "Grade 9", "32", "41"), (w3, "4", "Grade 10", "36", "45")],
            start=1,
        )
    ]
    _load(
        analyst,
        "agency_placements",
        [
            {
                "placement_ref": ref,
                "swe_no": w.person.swe_no,
                "start": w.start_date.strftime("%d/%m/%Y"),
                "supplier": "Acme Social Care",
                "role": role,
                "grade": grade,
                "funded_post": "Yes",
                "pay_rate": pay,
                "charge_rate": charge,
                "pqe_years": "5",
                "references": "Yes",
                "rule": "Standard",
            }
            for w, ref, role, grade, pay, charge in placements
        ],
    )
    _load(
        analyst,
        "agency_caps",
        [
            {"region": "London", "role": role, "basis": "Pay rate", "rate": rate, "effective_from": "01/04/2024"}
            for role, rate in (("5", "30"), ("4", "35"))
        ],
    )
    costs = [("PL1", "01/10/2024", "150", "5700"), ("PL1", "01/09/2025", "140", "5320")]
    costs += [("PL2", "01/03/2025", "", "6150"), ("PL3", "01/08/2025", "100", "4500")]
    _load(
        analyst,
        "agency_costs",
        [{"placement_ref": p, "month": month, "hours": h, "spend": s} for p, month, h, s in costs],
    )
    frames = council_frames(la_codes=["990"])
    (row,) = local_measures(frames, as_at=D, period=P).to_dicts()
    assert row["agency_spend"] == pytest.approx(21670)
    assert row["agency_over_cap_pct"] == pytest.approx(200 / 3)  # W2 and W3 of the 3 compared
    rates = {r["grade"]: r for r in agency_rates_by_grade(frames, as_at=D).filter(~pl.col("is_total")).to_dicts()}
    assert rates["Grade 9"]["placements"] == 2 and rates["Grade 9"]["mean_pay_rate"] == pytest.approx(30.5)
    assert rates["Grade 9"]["mean_pay_cap"] == pytest.approx(30) and rates["Grade 9"]["over_cap"] == 1
    assert rates["Grade 10"]["mean_pay_rate"] == pytest.approx(36) and rates["Grade 10"]["over_cap"] == 1


def test_slough_s_recruitment_figures(analyst: User, councils: list[str]) -> None:
    """One campaign; 13 applicants who started in the period, 7 through the council's website, 4 a job board, 2
    social media: 7 of 13 (53.8%) through the website. Offers on 1 March 2025, DBS cleared 2 to 14 days later
    (A1 2 days ... A13 14 days): the median of 13 is the 7th, 8 days."""
    _load(analyst, "campaigns", [{"campaign_ref": "SW25", "opened": "01/01/2025", "closed": "31/01/2025"}])
    channels = ["Council website"] * 7 + ["Indeed"] * 4 + ["LinkedIn"] * 2
    offered = date(2025, 3, 1)
    _load(
        analyst,
        "applications",
        [
            {
                "application_ref": f"A{n}",
                "campaign_ref": "SW25",
                "applied": "15/01/2025",
                "channel": channel,
                "route": "Experienced",
                "shortlisted": "01/02/2025",
                "interviewed": "15/02/2025",
                "offered": offered.strftime("%d/%m/%Y"),
                "accepted": "03/03/2025",
                "dbs_cleared": (offered + timedelta(days=n + 1)).strftime("%d/%m/%Y"),
                "started": "01/05/2025",
            }
            for n, channel in enumerate(channels, start=1)
        ],
    )
    frames = council_frames(la_codes=["990"])
    by_channel = {r["channel"]: r for r in successful_applicants_by_channel(frames, as_at=D, period=P).to_dicts()}
    website = by_channel["council_website"]
    assert (website["started"], website["started_pct"]) == (7, pytest.approx(700 / 13))
    (row,) = local_measures(frames, as_at=D, period=P).to_dicts()
    assert row["offer_to_dbs_clearance_days"] == 8
    times = recruitment_times(frames, as_at=D, period=P).filter(pl.col("is_total"))
    assert times.filter(pl.col("span") == "offer_to_dbs")["median_days"].item() == 8


def test_worcestershire_s_sickness_causes_hr_cases_and_health_check_trend(analyst: User, councils: list[str]) -> None:
    """Sickness: three spells of a council-employed worker in post, stress 10 working days, musculoskeletal 3 and
    stress 5: stress first among the causes, 15 days. HR cases: three opened in 2025, one closed in June: 2 open
    on D. Health check: 74 of 100 answering agreed they are supervised in November 2017 and 99 of 100 in
    November 2024: 99%, up 25 points; 45 of 100 that their manager listens to them, then 94 of 100. In the
    scrutiny report (published): "94.0% agreed ..., up from 45.0% on 30 November 2017"; the 99% is not said,
    because 1 person disagreed."""
    worker = (
        m.Engagement.objects.filter(council__la_code="990", contract="permanent", start_date__lte=date(2024, 1, 1))
        .exclude(end_date__lte=D)
        .select_related("person")
        .order_by("key")
        .first()
    )
    assert worker is not None
    spells = [("03/02/2025", "14/02/2025", "Stress", "10"), ("03/03/2025", "05/03/2025", "Back pain", "3")]
    spells += [("02/06/2025", "06/06/2025", "Anxiety", "5")]
    _load(
        analyst,
        "absences",
        [
            {
                "swe_no": worker.person.swe_no,
                "start": a,
                "end": b,
                "reason": "Sickness",
                "cause": c,
                "working_days_lost": n,
            }
            for a, b, c, n in spells
        ],
    )
    cases = [("HR1", "Conduct", "10/01/2025", ""), ("HR2", "Capability", "01/03/2025", "30/06/2025")]
    cases += [("HR3", "Grievance", "01/07/2025", "")]
    _load(analyst, "hr_cases", [{"case_ref": r, "kind": k, "opened": o, "closed": c} for r, k, o, c in cases])
    _load(
        analyst,
        "survey_waves",
        [
            {"wave_ref": "HC2017", "on": "30/11/2017", "instrument": "LGA health check", "responses": "100"},
            {"wave_ref": "HC2024", "on": "30/11/2024", "instrument": "LGA health check", "responses": "100"},
        ],
    )
    answers = [("HC2017", "Agree", "74"), ("HC2017", "Disagree", "26"), ("HC2024", "Agree", "99")]
    answers += [("HC2024", "Disagree", "1")]
    listened = [("HC2017", "Agree", "45"), ("HC2017", "Disagree", "55"), ("HC2024", "Agree", "94")]
    listened += [("HC2024", "Disagree", "6")]
    _load(
        analyst,
        "survey_answers",
        [
            {"wave_ref": w, "question_code": "HC1", "question_text": "I receive regular supervision", "option": o,
             "count": n}
            for w, o, n in answers
        ] + [
            {"wave_ref": w, "question_code": "HC2", "question_text": "My manager listens to me", "option": o,
             "count": n}
            for w, o, n in listened
        ],
    )  # fmt: skip
    frames = council_frames(la_codes=["990"])
    causes = sickness_by_cause(frames, as_at=D, period=P).filter(~pl.col("is_total"))
    recorded = causes.filter(pl.col("cause").is_not_null())
    assert recorded["cause"][0] == "stress" and recorded["days"][0] == pytest.approx(15)
    (row,) = local_measures(frames, as_at=D, period=P).to_dicts()
    assert row["open_hr_cases"] == 2
    # agency tenure from the census returns' agency engagements, counted here from the rows themselves
    agency = m.Engagement.objects.filter(council__la_code="990", contract="agency", start_date__lte=D).exclude(
        end_date__lte=D
    )
    long = agency.filter(start_date__lte=date(2024, 9, 30)).count()
    assert agency.count() > 5 and row["agency_over_12_months_pct"] == pytest.approx(100 * long / agency.count())
    waves = survey_questions_by_wave(frames, as_at=D).filter(pl.col("question") == "HC1").sort("on")
    assert waves["agree_pct"].to_list() == [pytest.approx(74), pytest.approx(99)]
    assert waves["change_pts"][1] == pytest.approx(25)
    report = build_report("scrutiny", la_code="990", today=date(2025, 11, 3), year=2025)
    said = [b.text for b in report.blocks if isinstance(b, Paragraph) and " agreed in the " in b.text]
    assert said == [
        "My manager listens to me: 94.0% agreed in the LGA health check of 30 November 2024 (100 answering), "
        "up from 45.0% on 30 November 2017."
    ]
