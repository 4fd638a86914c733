"""Recruitment measures (measures.recruitment), worked out by hand.

Recruitshire (990), as at D = 30 September 2025 over the year P = 1 October 2024 to 30 September 2025. Shaped
on Slough's figures: 7 of the 13 who started came through the council's website, and the time from offer to DBS
clearance went from 8 weeks (the year before) to 4.5 days.

Campaigns: C0 opened 1 May 2024 (before P), closed 31 May 2024, £1,000 advertising; C1 opened 1 October 2024,
closed 31 October 2024, £2,600 advertising; C2 opened 1 March 2025, closed 31 March 2025, £4,000 agency
finder's fee; C3 opened 1 June 2025, still open, no cost given.

Starters (13, all started in P):

* C0, 2 (job board, referral; experienced): applied 20 May 2024, offered 20 June 2024, DBS cleared 15 August
  2024 (56 days: 10 + 31 + 15), started 15 October 2024. Application to start 148 days (11 + 30 + 31 + 31 + 30
  + 15); close to start 137 (30 + 31 + 31 + 30 + 15).
* C1, 6 (website 4, job board 1, referral 1; experienced 3, newly qualified 2, internal 1): applied 10 October
  2024, shortlisted 4 November, interviewed 18 November, offered 25 November, accepted 27 November, DBS
  cleared 2, 3, 3, 4, 4, 4 days after the offer, started 6 January 2025. Application to start 88 days (21 + 30 +
  31 + 6); close to start 67 (30 + 31 + 6).
* C2, 5 (website 3, job board 1, agency 1; experienced 2, newly qualified 1, agency to permanent 1, internal
  1): applied 15 March 2025, shortlisted 7 April, interviewed 22 April, offered 1 May, accepted 2 May, DBS
  cleared 5, 6, 7, 10, 21 days after the offer, started 2 June 2025. Application to start 79 days (16 + 30 + 31
  + 2); close to start 63 (30 + 31 + 2).

Others received in P: W1 to C2 (website, newly qualified), the same steps as C2's starters, DBS cleared 30 June
2025 (60 days after the offer), then withdrawn at the checks stage on 1 July 2025; to C1 (all experienced), 5
through the website rejected at the sift, 3 through a job board rejected after interview, 2 through social
media withdrawn after shortlisting; to C3, 4 giving no channel (experienced), no outcome yet.

Plainton (991) holds no recruitment records: every figure null, no table rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.domain.codes import (
    ApplicationOutcome,
    ApplicationStage,
    ApplyReason,
    RecruitmentChannel,
    RecruitmentCost,
    RecruitmentRoute,
)
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import Council, CouncilRecords, JobApplication, RecruitmentCampaign
from csc_workforce.measures.disclosure import development_withheld, withheld_column, withhold_team_counts
from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.local import local_measures
from csc_workforce.measures.recruitment import (
    RECRUITMENT_MEASURE_IDS,
    reasons_for_applying,
    recruitment_costs,
    recruitment_funnel,
    recruitment_measures,
    recruitment_times,
    successful_applicants_by_channel,
)

D = date(2025, 9, 30)
YEAR = Period(date(2024, 10, 1), date(2025, 9, 30))
BEFORE = Period(date(2023, 10, 1), date(2024, 9, 30))
WEB, BOARD, SOCIAL = RecruitmentChannel.COUNCIL_WEBSITE, RecruitmentChannel.JOB_BOARD, RecruitmentChannel.SOCIAL_MEDIA
REFERRAL, AGENCY = RecruitmentChannel.REFERRAL, RecruitmentChannel.AGENCY
EXP, NQ = RecruitmentRoute.EXPERIENCED, RecruitmentRoute.NEWLY_QUALIFIED
INTERNAL, A2P = RecruitmentRoute.INTERNAL, RecruitmentRoute.AGENCY_TO_PERMANENT
R = ApplyReason

CAMPAIGNS = (
    RecruitmentCampaign("campaign:C0", date(2024, 5, 1), date(2024, 5, 31), cost=Decimal(1000)),
    RecruitmentCampaign(
        "campaign:C1", date(2024, 10, 1), date(2024, 10, 31), cost=Decimal(2600), cost_type=RecruitmentCost.ADVERTISING
    ),
    RecruitmentCampaign(
        "campaign:C2", date(2025, 3, 1), date(2025, 3, 31), cost=Decimal(4000), cost_type=RecruitmentCost.AGENCY_FEE
    ),
    RecruitmentCampaign("campaign:C3", date(2025, 6, 1)),
)


def _apps() -> tuple[JobApplication, ...]:
    found: list[JobApplication] = []

    def add(campaign: str, **given: object) -> None:
        found.append(JobApplication(f"application:A{len(found) + 1}", f"campaign:{campaign}", **given))  # type: ignore[arg-type]

    for channel in (BOARD, REFERRAL):
        add(
            "C0",
            applied=date(2024, 5, 20),
            channel=channel,
            route=EXP,
            offered=date(2024, 6, 20),
            accepted=date(2024, 6, 21),
            dbs_cleared=date(2024, 8, 15),
            started=date(2024, 10, 15),
        )
    c1 = zip((WEB, WEB, WEB, WEB, BOARD, REFERRAL), (EXP, EXP, EXP, NQ, NQ, INTERNAL), (2, 3, 3, 4, 4, 4), strict=True)
    for n, (channel, route, days) in enumerate(c1):
        add(
            "C1",
            applied=date(2024, 10, 10),
            channel=channel,
            route=route,
            shortlisted=date(2024, 11, 4),
            interviewed=date(2024, 11, 18),
            offered=date(2024, 11, 25),
            accepted=date(2024, 11, 27),
            dbs_cleared=date(2024, 11, 25) + timedelta(days=days),
            started=date(2025, 1, 6),
            reasons=(R.CAREER, R.DEVELOPMENT) if channel is WEB else (R.PAY,),
        )
        del n
    c2 = zip((WEB, WEB, WEB, BOARD, AGENCY), (EXP, EXP, NQ, INTERNAL, A2P), (5, 6, 7, 10, 21), strict=True)
    for channel, route, days in c2:
        add(
            "C2",
            applied=date(2025, 3, 15),
            channel=channel,
            route=route,
            shortlisted=date(2025, 4, 7),
            interviewed=date(2025, 4, 22),
            offered=date(2025, 5, 1),
            accepted=date(2025, 5, 2),
            dbs_cleared=date(2025, 5, 1) + timedelta(days=days),
            started=date(2025, 6, 2),
            reasons=(R.PLACE, R.CAREER) if channel is WEB else (R.FLEXIBLE,),
        )
    add(
        "C2",
        applied=date(2025, 3, 20),
        channel=WEB,
        route=NQ,
        shortlisted=date(2025, 4, 7),
        interviewed=date(2025, 4, 22),
        offered=date(2025, 5, 1),
        accepted=date(2025, 5, 2),
        dbs_cleared=date(2025, 6, 30),
        outcome=ApplicationOutcome.WITHDRAWN,
        outcome_stage=ApplicationStage.CHECKS,
        outcome_on=date(2025, 7, 1),
    )
    for _ in range(5):
        add(
            "C1",
            applied=date(2024, 10, 12),
            channel=WEB,
            route=EXP,
            outcome=ApplicationOutcome.REJECTED,
            outcome_stage=ApplicationStage.SIFT,
            outcome_on=date(2024, 10, 25),
        )
    for _ in range(3):
        add(
            "C1",
            applied=date(2024, 10, 12),
            channel=BOARD,
            route=EXP,
            shortlisted=date(2024, 11, 4),
            interviewed=date(2024, 11, 18),
            outcome=ApplicationOutcome.REJECTED,
            outcome_stage=ApplicationStage.INTERVIEW,
            outcome_on=date(2024, 11, 20),
        )
    for _ in range(2):
        add(
            "C1",
            applied=date(2024, 10, 12),
            channel=SOCIAL,
            route=EXP,
            shortlisted=date(2024, 11, 4),
            outcome=ApplicationOutcome.WITHDRAWN,
            outcome_stage=ApplicationStage.SHORTLIST,
            outcome_on=date(2024, 11, 10),
        )
    for n in range(4):
        add("C3", applied=date(2025, 6, 10), route=EXP, reasons=(R.ADVERT, R.CAREER) if n == 0 else ())
    return tuple(found)


APPLICATIONS = _apps()
INPUTS = frames_from_records(
    [
        CouncilRecords(Council("990", "Recruitshire"), campaigns=CAMPAIGNS, applications=APPLICATIONS),
        CouncilRecords(Council("991", "Plainton")),
    ]
)


def _rows(frame, *keys: str) -> dict[tuple[object, ...], dict[str, object]]:  # type: ignore[no-untyped-def]
    return {tuple(r[k] for k in keys): r for r in frame.to_dicts()}


def test_the_scalar_measures_worked_out_by_hand() -> None:
    rows = {r["la_code"]: r for r in recruitment_measures(INPUTS, as_at=D, period=YEAR).to_dicts()}
    # received in P: C1 6 + 5 + 3 + 2 = 16, C2 5 + W1 = 6, C3 4: 26 (C0's two applied before P)
    assert rows["990"]["recruitment_applications"] == 26
    # 12 clearances in P: 2, 3, 3, 4, 4, 4, 5, 6, 7, 10, 21, 60 days; the middle two are 4 and 5
    assert rows["990"]["offer_to_dbs_clearance_days"] == pytest.approx(4.5)
    # C1 £2,600 + C2 £4,000 (C3 has no cost; C0 opened before P)
    assert rows["990"]["recruitment_cost"] == pytest.approx(6600)
    assert all(rows["991"][m] is None for m in RECRUITMENT_MEASURE_IDS)
    # the year before: C0's two applications, both cleared 56 days (8 weeks) after the offer, £1,000
    before = recruitment_measures(INPUTS, as_at=BEFORE.end, period=BEFORE).row(0, named=True)
    assert (before["recruitment_applications"], before["offer_to_dbs_clearance_days"]) == (2, 56)
    assert before["recruitment_cost"] == pytest.approx(1000)
    local = local_measures(INPUTS, as_at=D, period=YEAR).row(0, named=True)
    assert local["recruitment_applications"] == 26


def test_successful_applicants_by_channel_seven_of_thirteen_through_the_website() -> None:
    rows = _rows(successful_applicants_by_channel(INPUTS, as_at=D, period=YEAR), "channel")
    assert {k: r["started"] for k, r in rows.items()} == {
        ("council_website",): 7,  # C1 4 + C2 3
        ("job_board",): 3,  # C0, C1, C2 one each
        ("referral",): 2,  # C0, C1
        ("agency",): 1,  # C2
        (None,): 13,
    }
    assert rows[("council_website",)]["started_pct"] == pytest.approx(700 / 13)  # 53.8%
    assert rows[(None,)]["is_total"] and rows[(None,)]["started_pct"] == pytest.approx(100)


def test_funnel_by_channel_and_route() -> None:
    frame = recruitment_funnel(INPUTS, as_at=D, period=YEAR)
    rows = _rows(frame.filter(~frame["is_total"]), "by", "group")
    web = rows[("channel", "council_website")]
    # C1 4 starters + 5 rejected at the sift + C2 3 starters + W1 = 13; 8 reached the offer, 7 started
    assert [web[c] for c in ("applications", "shortlisted", "interviewed", "offered", "accepted", "started")] == [
        13, 8, 8, 8, 8, 7,
    ]  # fmt: skip
    assert (web["withdrawn"], web["rejected"]) == (1, 5)
    assert web["shortlisted_pct"] == pytest.approx(800 / 13) and web["started_pct"] == pytest.approx(700 / 13)
    board = rows[("channel", "job_board")]  # C1 1 starter + 3 rejected after interview + C2 1 starter
    assert [board[c] for c in ("applications", "interviewed", "offered", "started", "rejected")] == [5, 5, 2, 2, 3]
    social = rows[("channel", "social_media")]
    assert [social[c] for c in ("applications", "shortlisted", "interviewed", "withdrawn")] == [2, 2, 0, 2]
    assert rows[("channel", None)]["group_label"] == "Not given" and rows[("channel", None)]["applications"] == 4
    total = frame.filter(frame["is_total"] & (frame["by"] == "channel")).row(0, named=True)
    # 13 + 5 + 2 + 1 + 1 + 4 = 26; shortlisted 8 + 5 + 2 + 1 + 1 = 17; offered 8 + 2 + 1 + 1 = 12; started 11
    assert [total[c] for c in ("applications", "shortlisted", "interviewed", "offered", "started")] == [
        26, 17, 15, 12, 11,
    ]  # fmt: skip
    assert (total["withdrawn"], total["rejected"]) == (3, 8)
    assert total["started_pct"] == pytest.approx(1100 / 26)
    # routes: experienced 3 + 2 + 10 + 4 = 19 (5 started), newly qualified 2 + 1 + W1 = 4 (3 started)
    assert (rows[("route", "experienced")]["applications"], rows[("route", "experienced")]["started"]) == (19, 5)
    assert (rows[("route", "newly_qualified")]["applications"], rows[("route", "newly_qualified")]["started"]) == (4, 3)
    assert rows[("route", "internal")]["started"] == 2 and rows[("route", "agency_to_permanent")]["started"] == 1
    assert "991" not in frame["la_code"].to_list()


def test_time_to_hire_and_offer_to_dbs_median_and_bands() -> None:
    rows = _rows(recruitment_times(INPUTS, as_at=D, period=YEAR), "span", "band")
    # from application: 79 x 5, 88 x 6, 148 x 2: the 7th of 13 is 88
    total = rows[("application_to_start", "Total")]
    assert (total["applications"], total["median_days"]) == (13, 88)
    assert rows[("application_to_start", "8 to 13 weeks (57 to 91 days)")]["applications"] == 11
    assert rows[("application_to_start", "13 to 26 weeks (92 to 182 days)")]["applications"] == 2
    assert rows[("application_to_start", "Up to 4 weeks (0 to 28 days)")]["applications"] == 0
    # from the campaign's close: 63 x 5, 67 x 6, 137 x 2: the 7th is 67
    assert rows[("close_to_start", "Total")]["median_days"] == 67
    dbs = {band: r["applications"] for (span, band), r in rows.items() if span == "offer_to_dbs"}
    assert dbs == {
        "0 to 7 days": 9,  # 2, 3, 3, 4, 4, 4, 5, 6, 7
        "8 to 14 days": 1,  # 10
        "15 to 28 days": 1,  # 21
        "29 to 56 days": 0,
        "57 days or more": 1,  # 60
        "Total": 12,
    }
    assert rows[("offer_to_dbs", "Total")]["median_days"] == pytest.approx(4.5)
    assert rows[("offer_to_dbs", "0 to 7 days")]["pct"] == pytest.approx(75.0)  # 9 of 12


def test_cost_per_hire() -> None:
    rows = _rows(recruitment_costs(INPUTS, as_at=D, period=YEAR), "cost_type", "is_total")
    total = rows[(None, True)]
    # opened in P: C1, C2, C3; costed C1 and C2, £6,600; hires from them 6 + 5 = 11: £600 a hire
    assert [total[c] for c in ("campaigns", "campaigns_costed", "hires")] == [3, 2, 11]
    assert total["cost"] == pytest.approx(6600) and total["cost_per_hire"] == pytest.approx(600)
    advertising = rows[("advertising", False)]
    assert advertising["hires"] == 6 and advertising["cost_per_hire"] == pytest.approx(2600 / 6)
    assert rows[("agency_fee", False)]["cost_per_hire"] == pytest.approx(800)  # £4,000 / 5
    uncosted = rows[(None, False)]
    assert (uncosted["cost_type_label"], uncosted["campaigns"], uncosted["cost"]) == ("Not given", 1, None)
    assert uncosted["cost_per_hire"] is None


def test_reasons_for_applying() -> None:
    rows = _rows(reasons_for_applying(INPUTS, as_at=D, period=YEAR), "reason")
    # giving a reason: C1's 6, C2's 5 starters and one of C3's: 12
    assert rows[(None,)]["applications"] == 12
    counts = {k[0]: r["applications"] for k, r in rows.items() if k[0] is not None}
    assert counts == {"career": 8, "development": 4, "place": 3, "pay": 2, "flexible": 2, "advert": 1}
    assert rows[("career",)]["pct"] == pytest.approx(800 / 12)
    assert [r["reason"] for r in reasons_for_applying(INPUTS, as_at=D, period=YEAR).to_dicts()] == [
        "career", "development", "place", "pay", "flexible", "advert", None,
    ]  # fmt: skip


def test_a_viewer_does_not_see_figures_over_1_to_4_applications() -> None:
    assert not {"recruitment_applications", "offer_to_dbs_clearance_days"} & development_withheld(
        INPUTS, as_at=D, period=YEAR
    ).get("990", frozenset())
    # the year before: 2 applications, a median over 2 clearances
    before = development_withheld(INPUTS, as_at=BEFORE.end, period=BEFORE)["990"]
    assert {"recruitment_applications", "offer_to_dbs_clearance_days"} <= before


def test_a_viewers_table_of_successful_applicants_withholds_1_to_4() -> None:
    """The page withholds the channel table as it does a table by team (disclosure.withhold_team_counts, the
    channel as the row's name): the job boards' 3, the referrals' 2 and the agency's 1 are each 1 to 4, so their
    counts and shares are withheld; the website's 7 of 13 (Slough's figure) is shown, and the total."""
    table = successful_applicants_by_channel(INPUTS, as_at=D, period=YEAR).with_columns(
        team_name=pl.col("channel_label")
    )
    shown = withhold_team_counts(table, counts=("started",), derived={"started_pct": "started"})
    rows = {r["channel"]: r for r in shown.to_dicts()}
    for channel in ("job_board", "referral", "agency"):
        assert rows[channel][withheld_column("started")] and rows[channel][withheld_column("started_pct")]
        assert rows[channel]["started"] is None
    assert (rows["council_website"]["started"], rows[None]["started"]) == (7, 13)
    assert rows["council_website"]["started_pct"] == pytest.approx(700 / 13)
