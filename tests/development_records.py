"""Hand-made practice and development records of every kind (supervision, policy, reviews, courses, training,
programmes, grades, placements, placement income) laid beside a council's workforce records, with the optional
fields both given and left out, for the tests that store, load, serialise and frame them; and a sickness cause on
the first sickness absence, two HR cases, case audits (one with element grades), case allocations, two
interviews and two survey waves with their answers, and two recruitment campaigns with two applications (one
that led to the first engagement), and two actions of Slough's strategy with two updates of the first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from csc_workforce.domain import records as r
from csc_workforce.domain.codes import (
    AbsenceReason,
    ActionStatus,
    AgencyRule,
    AnswerOption,
    ApplicationOutcome,
    ApplicationStage,
    ApplyReason,
    AuditElement,
    AuditGrade,
    CapBasis,
    HRCaseKind,
    InterviewKind,
    OrgRole,
    PlacementOutcome,
    PracticeIndicator,
    Programme,
    ProgrammeOutcome,
    RecruitmentChannel,
    RecruitmentCost,
    RecruitmentRoute,
    SicknessCause,
    SupervisionKind,
    TrainingStatus,
    VoiceTheme,
    WorkerGroup,
)


def with_development(records: r.CouncilRecords, source: str | None = None) -> r.CouncilRecords:
    """``records`` with development records of every kind for its first two engagements, people and team, and a
    staff reference on its first person."""
    e1, e2 = (e.key for e in records.engagements[:2])
    p1, p2 = (p.key for p in records.people[:2])
    team = records.teams[0].key
    people = (replace(records.people[0], staff_ref="HR 00417"), *records.people[1:])
    sick = [n for n, a in enumerate(records.absences) if a.reason is AbsenceReason.SICKNESS]
    absences = tuple(  # the HR system's cause on the first sickness absence (the others have none)
        replace(a, cause=SicknessCause.STRESS) if sick and n == sick[0] else a for n, a in enumerate(records.absences)
    )
    return replace(
        records,
        people=people,
        absences=absences,
        audits=(
            r.CaseAudit(
                "audit:AU1",
                "CH104233",
                date(2024, 3, 12),
                AuditGrade.GOOD,
                team,
                source,
                (
                    r.AuditElementGrade(AuditElement.CONTACT, AuditGrade.REQUIRES_IMPROVEMENT),
                    r.AuditElementGrade(AuditElement.RISK, AuditGrade.OUTSTANDING),
                ),
            ),
            r.CaseAudit("audit:CH551902@2024-05-02", "CH551902", date(2024, 5, 2), AuditGrade.INADEQUATE, None, source),
        ),
        indicators=(
            r.IndicatorMonth(PracticeIndicator.ASSESSMENTS_45_DAYS, date(2024, 4, 1), 45, 50, source),
            r.IndicatorMonth(PracticeIndicator.COMPLAINTS, date(2024, 4, 1), 2, None, source),
        ),
        allocations=(
            r.CaseAllocation(f"allocation:CH104233/{e1}@2024-01-08", "CH104233", e1, date(2024, 1, 8), None, source),
            r.CaseAllocation("allocation:A2", "CH551902", e2, date(2024, 2, 1), date(2024, 5, 31), source),
        ),
        interviews=(
            r.StaffInterview(
                "interview:X1", e1, InterviewKind.EXIT, date(2024, 7, 1), (VoiceTheme.WORKLOAD, VoiceTheme.PAY), source
            ),
            r.StaffInterview(  # no theme coded
                f"interview:{e2}/retention@2024-08-05", e2, InterviewKind.RETENTION, date(2024, 8, 5), source=source
            ),
        ),
        survey_waves=(
            r.SurveyWave("wave:HC2023", date(2023, 11, 30), "LGA health check", 112, 130, source),
            r.SurveyWave("wave:OWN2024", date(2024, 5, 15), "Staff survey", 64, source=source),  # invited not known
        ),
        survey_answers=(
            r.SurveyAnswer("wave:HC2023", "Q1", AnswerOption.AGREE, 70, "I receive regular supervision", source),
            r.SurveyAnswer("wave:HC2023", "Q1", AnswerOption.DISAGREE, 30, source=source),
            r.SurveyAnswer("wave:OWN2024", "S3", AnswerOption.NOT_APPLICABLE, 4, "I feel valued", source),
        ),
        agency_placements=(
            r.AgencyPlacement(
                "agency:PL1",
                e1,
                date(2024, 4, 1),
                date(2024, 10, 1),
                "Acme Social Care",
                OrgRole.CASE_HOLDER,
                "Grade 9",
                team,
                "POST-17",
                True,
                Decimal("31.50"),
                Decimal("39.20"),
                Decimal("4.5"),
                True,
                AgencyRule.STANDARD,
                date(2024, 10, 1),
                e2,
                source,
            ),
            r.AgencyPlacement(f"agency:{e2}@2024-05-01", e2, date(2024, 5, 1), source=source),  # the optional left out
        ),
        agency_costs=(
            r.AgencyCost("agency:PL1", date(2024, 4, 1), Decimal("150.5"), Decimal("5915.60"), source),
            r.AgencyCost("agency:PL1", date(2024, 5, 1), None, Decimal("6000"), source),
        ),
        agency_caps=(
            r.AgencyCap(
                "London",
                OrgRole.CASE_HOLDER,
                "Grade 9",
                CapBasis.PAY,
                Decimal("33"),
                date(2024, 4, 1),
                date(2025, 3, 31),
                source,
            ),  # fmt: skip
            r.AgencyCap("London", None, None, CapBasis.CHARGE, Decimal("45"), date(2024, 4, 1), source=source),
        ),
        campaigns=(
            r.RecruitmentCampaign(
                "campaign:SW24",
                date(2024, 3, 1),
                date(2024, 3, 31),
                OrgRole.CASE_HOLDER,
                team,
                "CP-017",
                (RecruitmentChannel.COUNCIL_WEBSITE, RecruitmentChannel.JOB_BOARD),
                Decimal("2600.00"),
                RecruitmentCost.ADVERTISING,
                source,
            ),
            r.RecruitmentCampaign("campaign:OPEN", date(2024, 6, 1), source=source),  # still open, no cost
        ),
        applications=(
            r.JobApplication(
                "application:A1",
                "campaign:SW24",
                date(2024, 3, 5),
                RecruitmentChannel.COUNCIL_WEBSITE,
                RecruitmentRoute.EXPERIENCED,
                date(2024, 3, 12),
                date(2024, 3, 20),
                date(2024, 3, 25),
                date(2024, 3, 26),
                date(2024, 4, 2),
                date(2024, 4, 5),
                date(2024, 5, 1),
                engagement_key=e1,
                reasons=(ApplyReason.CAREER, ApplyReason.FLEXIBLE),
                source=source,
            ),
            r.JobApplication(
                "application:A2",
                "campaign:SW24",
                date(2024, 3, 6),
                outcome=ApplicationOutcome.REJECTED,
                outcome_stage=ApplicationStage.SIFT,
                outcome_on=date(2024, 3, 11),
                source=source,
            ),
        ),
        actions=(  # Slough's strategy: one action with every field, one with only what is required
            r.Action(
                "action:slough-2014-17/1.1",
                "slough-2014-17",
                "1",
                "1.1",
                "Rolling recruitment campaign",
                ActionStatus.ON_TRACK,
                "Head of Service",
                date(2024, 4, 1),
                date(2025, 3, 31),
                ("permanency_rate_fte", "caseload_weighted"),
                source,
            ),
            r.Action(
                "action:slough-2014-17/2.1",
                "slough-2014-17",
                "2",
                "2.1",
                "Exit interviews",
                ActionStatus.NOT_STARTED,
                source=source,
            ),
        ),
        action_updates=(
            r.ActionUpdate("action:slough-2014-17/1.1", date(2024, 6, 30), ActionStatus.AT_RISK, "Slow", "ana", source),
            r.ActionUpdate("action:slough-2014-17/1.1", date(2024, 9, 30), ActionStatus.ON_TRACK, source=source),
        ),
        hr_cases=(
            r.HRCase("case:HR1", HRCaseKind.CONDUCT, date(2024, 3, 1), date(2024, 6, 30), source),
            r.HRCase("case:HR2", HRCaseKind.ABSENCE, date(2024, 9, 2), source=source),  # still open
        ),
        supervision=(
            r.SupervisionSession(e1, date(2024, 4, 3), SupervisionKind.ONE_TO_ONE, "TM 12", False, source),
            r.SupervisionSession(e1, date(2024, 4, 3), SupervisionKind.GROUP, source=source),  # same day, another kind
            r.SupervisionSession(e1, date(2024, 5, 2), SupervisionKind.REFLECTIVE, None, True, source),
            r.SupervisionSession(e2, date(2024, 6, 14), SupervisionKind.PRACTICE_EDUCATOR, "PE 3", None, source),
        ),
        supervision_policy=(
            r.SupervisionStandard(WorkerGroup.NQSW, 0, 6, 1, None, 3, date(2023, 4, 1), source),
            r.SupervisionStandard(WorkerGroup.NQSW, 6, 12, 2, None, 3, date(2023, 4, 1), source),
            r.SupervisionStandard(WorkerGroup.ALL, 0, None, None, 1, 7, date(2023, 4, 1), source),
        ),
        reviews=(
            r.PerformanceReview(e1, "2024-25", date(2024, 6, 30), date(2024, 6, 12), "Good", True, True, source),
            r.PerformanceReview(e1, "2024-25 mid-year", date(2024, 12, 31), source=source),
            r.PerformanceReview(e2, "2024-25", date(2024, 6, 30), None, None, None, False, source),
        ),
        courses=(
            r.Course("SAFE1", "Safeguarding refresher", "In house", True, 24, source=source),
            r.Course("PEPS2", "Practice educator stage 2", "Northgate University", False, None, True, True, source),
        ),
        training=(
            r.TrainingRecord(
                p1, "SAFE1", TrainingStatus.COMPLETED, date(2024, 1, 8), date(2024, 2, 1), date(2024, 2, 1), source
            ),
            r.TrainingRecord(p1, "SAFE1", TrainingStatus.BOOKED, source=source),  # booked again, no dates yet
            r.TrainingRecord(p2, "PEPS2", TrainingStatus.DID_NOT_ATTEND, None, date(2024, 9, 9), source=source),
        ),
        programmes=(
            r.ProgrammeSpell(
                "ASYE-1",
                p1,
                Programme.ASYE,
                date(2023, 9, 4),
                date(2024, 9, 3),
                ProgrammeOutcome.PASSED,
                date(2024, 3, 1),
                date(2024, 8, 20),
                12,
                Decimal("10.5"),
                e1,
                source,
            ),
            r.ProgrammeSpell("AM-7", p2, Programme.ASPIRANT_MANAGER, date(2024, 1, 15), source=source),
        ),
        grades=(
            r.Grade("Grade 9", 1, ("Social worker", "Social Worker (ASYE)"), source),
            r.Grade("Team manager", 3, (), source),
        ),
        placements=(
            r.StudentPlacement(
                "PL-1",
                "U123",
                date(2023, 10, 2),
                date(2024, 3, 28),
                "Northgate University",
                "MA Social Work",
                2,
                "PE 3",
                team,
                PlacementOutcome.PASSED,
                True,
                True,
                True,
                True,
                True,
                p2,
                source,
            ),
            r.StudentPlacement("PL-2", "U124", date(2024, 9, 30), source=source),
        ),
        placement_income=(
            r.PlacementIncome(2023, Decimal("4150.00"), "Northgate University", source),
            r.PlacementIncome(2023, Decimal("900.50"), "", source),
            r.PlacementIncome(2024, Decimal("2075.00"), source=source),
            r.PlacementIncome(2024, Decimal("1234567.89"), "Teaching partnership", source),  # over a million
        ),
    )
