"""Nothing an extract's checks accept fails when it is written: every bound and text limit of the importers fits
its database column, and a file of values at every limit is loaded and read back unchanged (on SQLite, and on
PostgreSQL when DATABASE_URL names one, as CI runs it)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import models

from csc_workforce.domain.codes import InterviewKind, Programme, VoiceTheme
from csc_workforce.domain.limits import MOST_CASES, MOST_CONTRACT_WEEKS, MOST_WORKING_DAYS_LOST
from csc_workforce.importers import KINDS
from csc_workforce.importers.kinds import REF_LENGTH, Format
from csc_workforce.store import models as m
from csc_workforce.store.services.records import records_load
from csc_workforce.store.services.uploads import upload_commit, upload_receive

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

# each bounded number field of the extracts, and the column it is written to
COLUMNS: dict[tuple[str, str], models.Field[object, object]] = {
    ("engagements", "contract_weeks"): m.Engagement._meta.get_field("contract_weeks"),
    ("assignments", "fte"): m.Assignment._meta.get_field("fte"),
    ("absences", "working_days_lost"): m.Absence._meta.get_field("working_days_lost"),
    ("caseloads", "cases"): m.CaseloadSnapshot._meta.get_field("cases"),
    ("posts", "funded_fte"): m.Post._meta.get_field("funded_fte"),
    ("supervision_policy", "from_month"): m.SupervisionStandard._meta.get_field("from_month"),
    ("supervision_policy", "to_month"): m.SupervisionStandard._meta.get_field("to_month"),
    ("supervision_policy", "interval_weeks"): m.SupervisionStandard._meta.get_field("interval_weeks"),
    ("supervision_policy", "interval_months"): m.SupervisionStandard._meta.get_field("interval_months"),
    ("supervision_policy", "grace_days"): m.SupervisionStandard._meta.get_field("grace_days"),
    ("courses", "validity_months"): m.Course._meta.get_field("validity_months"),
    ("programmes", "protected_caseload"): m.ProgrammeSpell._meta.get_field("protected_caseload"),
    ("programmes", "protected_time_pct"): m.ProgrammeSpell._meta.get_field("protected_time_pct"),
    ("grades", "rank"): m.Grade._meta.get_field("rank"),
    ("placements", "year_of_study"): m.StudentPlacement._meta.get_field("year_of_study"),
    ("placement_income", "amount"): m.PlacementIncome._meta.get_field("amount"),
    ("indicators", "numerator"): m.IndicatorMonth._meta.get_field("numerator"),
    ("indicators", "denominator"): m.IndicatorMonth._meta.get_field("denominator"),
    ("survey_waves", "invited"): m.SurveyWave._meta.get_field("invited"),
    ("survey_waves", "responses"): m.SurveyWave._meta.get_field("responses"),
    ("survey_answers", "count"): m.SurveyAnswer._meta.get_field("count"),
    ("agency_placements", "pay_rate"): m.AgencyPlacement._meta.get_field("pay_rate"),
    ("agency_placements", "charge_rate"): m.AgencyPlacement._meta.get_field("charge_rate"),
    ("agency_placements", "pqe_years"): m.AgencyPlacement._meta.get_field("pqe_years"),
    ("agency_costs", "hours"): m.AgencyCost._meta.get_field("hours"),
    ("agency_costs", "spend"): m.AgencyCost._meta.get_field("spend"),
    ("agency_caps", "rate"): m.AgencyCap._meta.get_field("rate"),
    ("campaigns", "cost"): m.RecruitmentCampaign._meta.get_field("cost"),
}


def test_every_number_field_of_an_extract_has_a_bound_inside_its_column() -> None:
    numeric = {
        (kind.value, f.name)
        for kind, spec in KINDS.items()
        for f in spec.fields
        if f.format in (Format.DECIMAL, Format.FTE, Format.COUNT)
    }
    assert numeric == set(COLUMNS)
    for (kind, name), column in COLUMNS.items():
        bound = KINDS[kind].field(name).bound  # type: ignore[index]
        assert bound is not None, name
        if isinstance(column, models.DecimalField):
            assert bound.places == column.decimal_places, name
            assert bound.maximum < Decimal(10) ** (column.max_digits - column.decimal_places), name
        elif isinstance(column, models.PositiveSmallIntegerField):
            assert bound.places == 0 and bound.maximum <= 2**15 - 1, name  # PostgreSQL's smallint
        else:
            assert isinstance(column, models.PositiveIntegerField) and bound.places == 0
            assert bound.maximum <= 2**31 - 1  # PostgreSQL's integer


def _length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    return int(field.max_length or 0)


def test_every_text_limit_fits_its_column_with_the_keys_prefix() -> None:
    people, assignments, teams = KINDS["people"], KINDS["assignments"], KINDS["teams"]  # type: ignore[index]
    key = _length(m.Person, "key")
    assert people.field("person_ref").max_length == REF_LENGTH
    assert len("ref:") + REF_LENGTH + len("/A/2024-04-01") <= _length(m.Engagement, "key")  # a person's engagement
    assert len("eng:") + KINDS["engagements"].field("engagement_ref").max_length <= _length(m.Engagement, "key")  # type: ignore[index]
    assert len("ref:") + REF_LENGTH <= key
    assert people.field("swe_no").max_length <= _length(m.Person, "swe_no")
    assert len("team:") + teams.field("team").max_length <= _length(m.Team, "key")
    assert teams.field("team").max_length <= _length(m.Team, "name")
    assert teams.field("service_area").max_length <= _length(m.Team, "service_area")
    assert assignments.field("job_title").max_length <= _length(m.Assignment, "job_title")
    assert people.field("person_ref").max_length <= _length(m.Person, "staff_ref")


# the practice and development kinds' text fields, and the column each is written to (keys with their prefixes)
LONGEST_PERSON_KEY = len("ref:") + REF_LENGTH
TEXT_COLUMNS: dict[tuple[str, str], tuple[type[models.Model], str, int]] = {
    ("supervision", "supervisor"): (m.SupervisionSession, "supervisor", 0),
    ("reviews", "cycle"): (m.PerformanceReview, "cycle", 0),
    ("reviews", "rating"): (m.PerformanceReview, "rating", 0),
    ("courses", "course_ref"): (m.Course, "key", len("course:")),
    ("courses", "title"): (m.Course, "key", len("course:")),  # a course without a reference is keyed by title
    ("courses", "provider"): (m.Course, "provider", 0),
    ("placements", "placement_ref"): (m.StudentPlacement, "key", len("placement:")),
    ("placements", "student_ref"): (m.StudentPlacement, "key", len("placement:") + len("@2024-01-01")),
    ("placements", "university"): (m.StudentPlacement, "university", 0),
    ("placements", "programme"): (m.StudentPlacement, "programme", 0),
    ("placements", "practice_educator"): (m.StudentPlacement, "practice_educator", 0),
    ("placements", "team"): (m.Team, "key", len("team:")),
    ("grades", "name"): (m.Grade, "name", 0),
    ("placement_income", "description"): (m.PlacementIncome, "description", 0),
    ("hr_cases", "case_ref"): (m.HRCase, "key", len("case:")),
    ("audits", "audit_ref"): (m.CaseAudit, "key", len("audit:")),
    ("audits", "child_ref"): (m.CaseAudit, "child_ref", 0),
    ("allocations", "allocation_ref"): (m.CaseAllocation, "key", len("allocation:")),
    # without an allocation reference the key is allocation:<child>/eng:<engagement_ref>@<start>
    ("allocations", "child_ref"): (m.CaseAllocation, "key", len("allocation:/eng:@2024-01-01") + 100),
    ("allocations", "engagement_ref"): (m.CaseAllocation, "key", len("allocation:/eng:@2024-01-01") + 100),
    ("interviews", "interview_ref"): (m.StaffInterview, "key", len("interview:")),
    ("survey_waves", "wave_ref"): (m.SurveyWave, "key", len("wave:")),
    ("survey_waves", "instrument"): (m.SurveyWave, "instrument", 0),
    ("survey_answers", "question_code"): (m.SurveyAnswer, "question", 0),
    ("survey_answers", "question_text"): (m.SurveyAnswer, "question_text", 0),
    ("agency_placements", "placement_ref"): (m.AgencyPlacement, "key", len("agency:")),
    ("agency_placements", "supplier"): (m.AgencyPlacement, "supplier", 0),
    ("agency_placements", "grade"): (m.AgencyPlacement, "grade", 0),
    ("agency_placements", "team"): (m.Team, "key", len("team:")),
    ("agency_placements", "post_ref"): (m.AgencyPlacement, "post_ref", 0),
    ("agency_caps", "region"): (m.AgencyCap, "region", 0),
    ("agency_caps", "grade"): (m.AgencyCap, "grade", 0),
    ("campaigns", "campaign_ref"): (m.RecruitmentCampaign, "key", len("campaign:")),
    ("campaigns", "team"): (m.Team, "key", len("team:")),
    ("campaigns", "post"): (m.RecruitmentCampaign, "post", 0),
    ("applications", "application_ref"): (m.JobApplication, "key", len("application:")),
    ("applications", "campaign_ref"): (m.JobApplication, "campaign_key", len("campaign:")),
    # an action is keyed action:<strategy>/<ref>
    ("actions", "action_ref"): (m.Action, "key", len("action:") + KINDS["actions"].field("strategy").max_length + 1),  # type: ignore[index]
    ("actions", "strategy"): (m.Action, "strategy", 0),
    ("actions", "outcome"): (m.Action, "outcome", 0),
    ("actions", "title"): (m.Action, "title", 0),
    ("actions", "owner"): (m.Action, "owner", 0),
    ("action_updates", "note"): (m.ActionUpdate, "note", 0),
    ("action_updates", "by"): (m.ActionUpdate, "by", 0),
}


def test_every_text_limit_of_the_development_kinds_fits_its_column() -> None:
    for (kind, name), (model, column, prefix) in TEXT_COLUMNS.items():
        assert prefix + KINDS[kind].field(name).max_length <= _length(model, column), (kind, name)  # type: ignore[index]
    assert KINDS["courses"].field("title").max_length <= _length(m.Course, "title")  # type: ignore[index]
    assert KINDS["placements"].field("student_ref").max_length <= _length(m.StudentPlacement, "student_ref")  # type: ignore[index]
    longest_programme = max(len(p.value) for p in Programme)
    spell = len("programme:") + LONGEST_PERSON_KEY + 1 + longest_programme + len("/2024-01-01")
    assert spell <= _length(m.ProgrammeSpell, "key")
    # an interview without a reference is keyed by its engagement (the longest: a person's), kind and date; its
    # themes are kept as codes (every theme, joined by ;), never as the text given
    engagement = LONGEST_PERSON_KEY + len("/A/2024-04-01")
    longest_kind = max(len(k.value) for k in InterviewKind)
    assert len("interview:") + engagement + 1 + longest_kind + len("@2024-01-01") <= _length(m.StaffInterview, "key")
    assert len(";".join(t.value for t in VoiceTheme)) <= _length(m.StaffInterview, "themes")


def _load(user: User, kind: str, text: str) -> m.Upload:
    upload = upload_receive(
        user=user, kind=kind, filename=f"{kind}.csv", data=text.encode(), la_code="303", allowed_la_codes=None, now=NOW
    )
    assert upload.status == m.Upload.PREVIEW, upload.issues
    return upload_commit(upload=upload, user=user, now=NOW)


@pytest.mark.django_db
def test_a_file_of_values_at_every_limit_is_loaded_and_read_back() -> None:
    """The census's own limits (domain/limits.py: 9,999 cases, 366 days lost, 500 contract weeks) and the
    extract's (funded FTE 1,000), each given at its largest, load and read back."""
    assert (MOST_CASES, MOST_WORKING_DAYS_LOST, MOST_CONTRACT_WEEKS) == (9_999, 366, 500)
    user = User.objects.create_user("ana", password="x" * 16)
    ref, eng, team, title = "P" * REF_LENGTH, "C" * REF_LENGTH, "T" * 150, "J" * 200
    _load(user, "people", f"Staff number,SWE number\n{ref},\nE2,SW{'1' * 18}\n")
    _load(
        user,
        "engagements",
        "Contract ID,Staff number,SWE number,Contract type,Start date,Contract weeks\n"
        f"{eng},{ref},,Perm,2020-04-01,499.96\n"
        f",{ref},,Agency,2021-04-01,500\n"  # keyed ref:<100 characters>/A/2021-04-01
        f"C2,E2,SW{'1' * 18},Perm,2021-04-01,\n",
    )
    _load(user, "assignments", f"Contract ID,From,FTE,Team,Job title\n{eng},2020-04-01,0.12345675,{team},{title}\n")
    _load(user, "absences", f"Contract ID,Start date,End date,Days lost\n{eng},2021-01-01,2024-12-31,366\n")
    _load(user, "caseloads", f"Contract ID,Date,Cases\n{eng},2024-09-30,9999\n")
    _load(user, "posts", f"Team,Funded FTE,From\n{team},1000,2024-04-01\n")
    held = records_load(council=m.Council.objects.get(la_code="303"))
    assert {p.key for p in held.people} == {f"ref:{ref}", "swe:SW" + "1" * 18}
    weeks = {e.key: e.contract_weeks for e in held.engagements}
    assert weeks == {f"eng:{eng}": Decimal("500.0"), f"ref:{ref}/A/2021-04-01": Decimal("500.0"), "eng:C2": None}
    (assignment,) = held.assignments
    assert assignment.fte == Decimal("0.123457")  # 6 places kept, half up
    assert assignment.job_title == title
    assert [t.name for t in held.teams] == [team]
    assert [a.working_days_lost for a in held.absences] == [Decimal("366.00")]
    assert [c.cases for c in held.caseloads] == [9999]
    assert [p.funded_fte for p in held.posts] == [Decimal("1000.00")]
