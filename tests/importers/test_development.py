"""The practice and development kinds beyond their golden files: linking by either key, the rating scale, the
financial year, course look-up, the preview and the templates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.domain.codes import Programme, SupervisionKind, TrainingStatus, WorkerGroup
from csc_workforce.domain.records import CouncilRecords, Course, Person, SupervisionStandard
from csc_workforce.importers import KINDS, ColumnMapping, default_mapping, merge_records, preview_changes, read_table
from csc_workforce.importers.build import financial_year
from csc_workforce.importers.templates import template_csv, template_header, template_xlsx
from tests.importers.support import COUNCIL, at, codes, errors, only, run


def people_keyed_on_both() -> CouncilRecords:
    """A people file that gives both keys for E42 (SW123) and only a staff number for E7, as saved: the people
    alone, without the person_keys the import returned (a later upload has only what is held)."""
    result = run("people", [["Staff number", "SWE number"], ["E42", "SW123"], ["E7", ""]])
    assert errors(result) == []
    return result.records


def test_people_keep_their_staff_reference_beside_the_swe_number() -> None:
    assert people_keyed_on_both().people == (
        Person("swe:SW123", "SW123", source="upload:1", staff_ref="E42"),
        Person("ref:E7", source="upload:1", staff_ref="E7"),
    )


@pytest.mark.parametrize(
    ("header", "value", "key"),
    [("Staff number", "E42", "swe:SW123"), ("SWE number", "SW123", "swe:SW123"), ("Staff number", "E7", "ref:E7")],
)
def test_a_people_file_keyed_on_both_links_later_files_keyed_on_either(header: str, value: str, key: str) -> None:
    held = merge_records(CouncilRecords(COUNCIL), people_keyed_on_both())
    result = run(
        "programmes", [[header, "Programme", "Start date"], [value, "ASYE", "01/09/2024"]], existing=held
    )  # no person_keys passed: the staff reference is found on the person held
    assert errors(result) == []
    assert [p.person_key for p in result.records.programmes] == [key]


def test_a_census_person_found_by_the_staff_number_a_later_people_file_gave() -> None:
    census = CouncilRecords(COUNCIL, people=(Person("swe:SW123", "SW123", source="census:2023"),))
    hr = run("people", [["Staff number", "SWE number"], ["E42", "sw 123"]], existing=census)
    held = merge_records(census, hr.records)
    result = run(
        "training",
        [["Staff number", "Course", "Status"], ["E42", "SG1", "No show"]],
        existing=merge_records(held, CouncilRecords(COUNCIL, courses=(Course("course:sg1", "Safeguarding"),))),
    )
    assert errors(result) == []
    (record,) = result.records.training
    assert (record.person_key, record.course_key, record.status) == (
        "swe:SW123",
        "course:sg1",
        TrainingStatus.DID_NOT_ATTEND,
    )


def test_a_staff_reference_nobody_holds_is_not_found() -> None:
    held = merge_records(CouncilRecords(COUNCIL), people_keyed_on_both())
    result = run(
        "programmes", [["Staff number", "Programme", "Start date"], ["E43", "ASYE", "01/09/2024"]], existing=held
    )
    assert at(only(result, "IMP-REF-001")) == (2, "extract.csv!Staff number")
    assert result.records.programmes == ()


# -- reviews: successful or higher on the council's own scale -----------------------------------------------

REVIEW_HEADER = ["engagement_ref", "cycle", "due", "rating", "successful"]


def held_engagement() -> CouncilRecords:
    people = run("people", [["person_ref"], ["E1"]]).records
    engagements = run(
        "engagements",
        [["engagement_ref", "person_ref", "contract", "start_date"], ["C1", "E1", "permanent", "01/04/2020"]],
        existing=people,
    ).records
    return merge_records(people, engagements)


def test_a_review_due_after_the_worker_left_is_theirs_when_completed_while_in_post() -> None:
    # E1's engagement C1 ran from 1 April 2020 to 28 February 2025 (ended 1 March): the 2024-25 review, due 31
    # March 2025, was completed on 14 February 2025, while in post; the mid-year one, due after they left and
    # never completed, names no engagement in post
    people = run("people", [["person_ref"], ["E1"]]).records
    engagements = run(
        "engagements",
        [
            ["engagement_ref", "person_ref", "contract", "start_date", "end_date"],
            ["C1", "E1", "permanent", "01/04/2020", "01/03/2025"],
        ],
        existing=people,
    ).records
    held = merge_records(people, engagements)
    header = ["person_ref", "cycle", "due", "completed"]
    rows = [header, ["E1", "2024-25", "31/03/2025", "14/02/2025"], ["E1", "2025-26 mid-year", "30/09/2025", ""]]
    result = run("reviews", rows, existing=held)
    assert [(r.cycle, r.engagement_key) for r in result.records.reviews] == [("2024-25", "eng:C1")]
    assert at(only(result, "IMP-REF-002")) == (3, "extract.csv!person_ref")


def test_a_successful_column_wins_over_the_rating() -> None:
    rows = [REVIEW_HEADER, ["C1", "2023-24", "31/03/2024", "Good", "No"], ["C1", "2024-25", "31/03/2025", "Good", ""]]
    result = run("reviews", rows, existing=held_engagement())
    assert errors(result) == []
    assert [r.successful for r in result.records.reviews] == [False, True]


def test_the_councils_own_scale_is_the_mappings_translations_for_rating() -> None:
    scale = {"1": "yes", "2": "yes", "3": "no", "Good": "no"}  # a council whose "Good" is below its bar
    default = default_mapping("reviews")
    mapping = ColumnMapping(default.kind, default.columns, code_translations={"rating": scale}, name="HR appraisals")
    rows = [
        REVIEW_HEADER,
        *[["C1", f"c{i}", "31/03/2024", rating, ""] for i, rating in enumerate(["1", "3", "Good", "Outstanding"])],
    ]
    result = run("reviews", rows, existing=held_engagement(), mapping=mapping)
    assert codes(result) == []
    assert [r.successful for r in result.records.reviews] == [True, False, False, True]
    assert [r.rating for r in result.records.reviews] == ["1", "3", "Good", "Outstanding"]  # kept as recorded


def test_a_rating_off_the_scale_is_a_warning_and_not_known() -> None:
    result = run("reviews", [REVIEW_HEADER, ["C1", "2023-24", "31/03/2024", "Sound", ""]], existing=held_engagement())
    issue = only(result, "IMP-REVIEW-001")
    assert not issue.is_error and at(issue) == (2, "extract.csv!rating")
    assert [r.successful for r in result.records.reviews] == [None]


# -- other values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024", 2024),
        ("2024-25", 2024),
        ("2024/25", 2024),
        ("2024/2025", 2024),
        ("FY2024-25", 2024),
        ("1999-00", 1999),
        ("2024-26", None),
        ("24-25", None),
        ("2024-2026", None),
        ("next year", None),
        ("1800", None),
    ],
)
def test_financial_years(text: str, year: int | None) -> None:
    assert financial_year(text) == year


def test_a_supervision_policy_is_read_as_data() -> None:
    rows = [
        ["group", "from_month", "to_month", "interval_weeks", "interval_months", "grace_days", "effective_from"],
        ["NQSW", "0", "6", "2", "", "3", "2024-04-01"],
        ["Everyone else", "0", "", "", "1", "", "2024-04-01"],
    ]
    result = run("supervision_policy", rows)
    assert errors(result) == []
    assert result.records.supervision_policy == (
        SupervisionStandard(WorkerGroup.NQSW, 0, 6, 2, None, 3, date(2024, 4, 1), "upload:1"),
        SupervisionStandard(WorkerGroup.ALL, 0, None, None, 1, 0, date(2024, 4, 1), "upload:1"),
    )


@pytest.mark.parametrize("weeks,months", [("", ""), ("0", "")])
def test_a_policy_line_needs_one_interval_more_than_0(weeks: str, months: str) -> None:
    rows = [
        ["group", "from_month", "interval_weeks", "interval_months", "effective_from"],
        ["all", "0", weeks, months, "2024-04-01"],
    ]
    assert at(only(run("supervision_policy", rows), "IMP-ROW-013"))[0] == 2


def test_supervision_kinds_translate_and_default_to_one_to_one() -> None:
    held = held_engagement()
    rows = [
        ["engagement_ref", "on", "kind"],
        *[
            ["C1", f"0{d}/04/2024", k]
            for d, k in enumerate(["1:1", "Group", "Case discussion", "PE supervision", ""], start=1)
        ],
    ]
    result = run("supervision", rows, existing=held)
    assert errors(result) == []
    assert [s.kind for s in result.records.supervision] == [
        SupervisionKind.ONE_TO_ONE,
        SupervisionKind.GROUP,
        SupervisionKind.REFLECTIVE,
        SupervisionKind.PRACTICE_EDUCATOR,
        SupervisionKind.ONE_TO_ONE,
    ]


def test_a_training_row_finds_its_course_by_reference_or_title_and_two_titles_are_ambiguous() -> None:
    courses = (
        Course("course:sg1", "Safeguarding"),
        Course("course:c2", "Court skills"),
        Course("course:c3", "Court skills"),
    )
    held = merge_records(held_engagement(), CouncilRecords(COUNCIL, courses=courses))
    rows = [
        ["person_ref", "course", "status", "on"],
        ["E1", "sg1", "Complete", "01/03/2024"],
        ["E1", " SAFEGUARDING ", "Booked", "01/04/2024"],
        ["E1", "Court skills", "Booked", ""],
    ]
    result = run("training", rows, existing=held)
    assert [t.course_key for t in result.records.training] == ["course:sg1", "course:sg1"]
    issue = only(result, "IMP-REF-004")
    assert at(issue) == (4, "extract.csv!course") and "2 courses held are titled" in issue.message


def test_programme_translations() -> None:
    held = held_engagement()
    names = ["ASYE", "NQSW programme", "Step Up", "Grow your own", "Aspiring managers", "NAAS", "Frontline"]
    rows = [["person_ref", "programme", "start"], *[["E1", n, f"0{i}/01/2024"] for i, n in enumerate(names, start=1)]]
    result = run("programmes", rows, existing=held)
    assert errors(result) == []
    assert [p.programme for p in result.records.programmes] == [
        Programme.ASYE,
        Programme.ASYE,
        Programme.STEP_UP,
        Programme.APPRENTICESHIP,
        Programme.ASPIRANT_MANAGER,
        Programme.NAAS,
        Programme.FRONTLINE,
    ]


def test_placement_income_amounts_and_years() -> None:
    result = run("placement_income", [["Financial year", "Amount (£)"], ["2023/24", "51,500.505"]])
    assert errors(result) == []
    (income,) = result.records.placement_income
    assert (income.financial_year, income.amount) == (2023, Decimal("51500.51"))  # pence, rounded half up


# -- the preview and the templates ----------------------------------------------------------------------------


def test_the_preview_counts_added_and_changed_records_of_the_new_kinds() -> None:
    held = held_engagement()
    first = run("reviews", [REVIEW_HEADER, ["C1", "2023-24", "31/03/2024", "Good", ""]], existing=held).records
    again = run(
        "reviews",
        [
            REVIEW_HEADER,
            ["C1", "2023-24", "31/03/2024", "Requires improvement", ""],
            ["C1", "2024-25", "31/03/2025", "", ""],
        ],
        existing=held,
    ).records
    changes = preview_changes(again, merge_records(held, first))
    (counts,) = [c for c in changes.counts if c.kind == "reviews"]
    assert (counts.added, counts.changed, counts.unchanged) == (1, 1, 0)
    assert {f.field for f in changes.changed[0].fields} == {"rating", "successful"}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_template_is_the_kinds_field_names_and_loads_as_an_empty_file(kind: str) -> None:
    header = template_header(kind)
    assert header == [f.name for f in KINDS[kind].fields]  # type: ignore[index]
    assert template_csv(kind) == ",".join(header) + "\n"
    for data, name in ((template_csv(kind).encode(), "t.csv"), (template_xlsx(kind), "t.xlsx")):
        table = read_table(data, filename=name)
        assert list(table.header) == header and table.rows == ()
        result = run(kind, [header], filename=name)
        assert codes(result) == []  # every column is the field's own name: none unknown, none missing


def test_a_programme_spell_belongs_to_the_named_engagement_or_the_one_in_post_or_none() -> None:
    held = held_engagement()  # E1's engagement C1 from 1 April 2020
    rows = [
        ["person_ref", "engagement_ref", "programme", "start"],
        ["E1", "C1", "ASYE", "01/09/2024"],
        ["E1", "", "Step Up", "01/09/2024"],  # in post on the start: C1
        ["E1", "", "Frontline", "01/01/2019"],  # before C1 began: no engagement, not an error
        ["E1", "C9", "NAAS", "01/09/2024"],
    ]
    result = run("programmes", rows, existing=held)
    assert [p.engagement_key for p in result.records.programmes] == ["eng:C1", "eng:C1", None]
    assert at(only(result, "IMP-REF-001")) == (5, "extract.csv!engagement_ref")


def test_a_placed_student_is_linked_to_the_person_they_became_by_either_key() -> None:
    held = merge_records(CouncilRecords(COUNCIL), people_keyed_on_both())
    rows = [
        ["student_ref", "start", "appointed", "person_ref", "swe_no"],
        ["S1", "06/01/2024", "yes", "E42", ""],
        ["S2", "06/01/2024", "yes", "", "SW123"],
        ["S3", "06/01/2024", "no", "", ""],
    ]
    result = run("placements", rows, existing=held)
    assert codes(result) == []
    assert [p.person_key for p in result.records.placements] == ["swe:SW123", "swe:SW123", None]


# IMP-ROW-016: a record that ends before the date the file's data is stated complete from (a warning)

APRIL_2024 = date(2024, 4, 1)


def test_a_session_before_the_stated_start_is_loaded_with_a_warning_at_its_date() -> None:
    from tests.importers.support import people_and_engagements

    rows = [["Staff number", "Supervision date"], ["E1", "15/03/2024"], ["E1", "01/04/2024"], ["E1", "05/04/2024"]]
    result = run("supervision", rows, existing=people_and_engagements(), complete_from=APRIL_2024)
    issue = only(result, "IMP-ROW-016")
    assert at(issue) == (2, "extract.csv!Supervision date") and issue.severity.value == "warning"
    assert "ends on 15/03/2024 (on), before 01/04/2024" in issue.message
    assert errors(result) == [] and len(result.records.supervision) == 3  # every row is loaded
    # on the stated day itself, or with no date stated, there is nothing to say
    assert (
        codes(run("supervision", rows[:1] + rows[2:], existing=people_and_engagements(), complete_from=APRIL_2024))
        == []
    )
    assert codes(run("supervision", rows, existing=people_and_engagements())) == []


def test_a_record_is_before_the_stated_start_only_when_its_last_date_is() -> None:
    from tests.importers.support import people_and_engagements

    held = people_and_engagements()
    # a review due in March 2024 but completed in April 2024, and one completed in April 2023
    reviews = [["Staff number", "cycle", "due", "completed"], ["E1", "2023-24", "31/03/2024", "10/04/2024"]]
    reviews.append(["E1", "2022-23", "31/03/2023", "10/04/2023"])
    assert at(only(run("reviews", reviews, existing=held, complete_from=APRIL_2024), "IMP-ROW-016")) == (
        3,
        "extract.csv!completed",
    )
    # a spell that started before and runs on is covered from the stated start; one that ended before is not
    spells = [["Staff number", "programme", "start", "end"], ["E1", "ASYE", "01/09/2023", ""]]
    spells.append(["E1", "Aspirant managers", "01/09/2022", "31/08/2023"])
    assert at(only(run("programmes", spells, existing=held, complete_from=APRIL_2024), "IMP-ROW-016")) == (
        3,
        "extract.csv!end",
    )
    # a year's income ends on its 31 March
    income = [["financial_year", "amount"], ["2023-24", "1000"], ["2024-25", "500"]]
    issue = only(run("placement_income", income, complete_from=APRIL_2024), "IMP-ROW-016")
    assert at(issue) == (2, "extract.csv!financial_year") and "ends on 31/03/2024" in issue.message


def test_a_stated_start_is_only_for_the_kinds_whose_records_are_dated() -> None:
    from csc_workforce.importers import COMPLETE_FROM_KINDS, DATED_KINDS, Kind

    assert set(COMPLETE_FROM_KINDS) == set(DATED_KINDS) - {
        Kind.SUPERVISION_POLICY,
        Kind.COURSES,
        Kind.GRADES,
        Kind.SURVEY_WAVES,  # a wave is whole in itself: its results are its own answers
        Kind.SURVEY_ANSWERS,
        Kind.AGENCY_CAPS,  # council policy, as the supervision policy is
        Kind.ACTIONS,  # a strategy's action plan: not measured over periods
        Kind.ACTION_UPDATES,
    }
    with pytest.raises(ValueError, match="a people file has no date its data is complete from"):
        run("people", [["Staff number"], ["E1"]], complete_from=APRIL_2024)


# -- case audits: a child is only ever a pseudonymous reference ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("Jane Smith", "a name"),
        ("SMITH, Jane", "a name"),
        ("Mary-Jo O'Neill", "a name"),
        ("943 476 5919", "an NHS number"),
        ("9434765919", "an NHS number"),
        ("943-476-5919", "an NHS number"),
        ("9434765918", None),  # ten digits, but the check digit is wrong: a case-management ID
        ("CH 104233", None),
        ("LCS-88120", None),
        ("Child A", None),
        ("1234567", None),
    ],
)
def test_a_child_reference_that_looks_like_a_name_or_an_nhs_number(value: str, why: str | None) -> None:
    from csc_workforce.importers.build import looks_like_a_person

    assert looks_like_a_person(value) == why


def test_an_audit_file_naming_a_child_is_refused_without_keeping_the_name() -> None:
    rows = [["Child ID", "Audit date", "Overall grade"], ["Jane Smith", "12/03/2024", "Good"]]
    result = run("audits", rows)
    issue = only(result, "IMP-ROW-018")
    assert at(issue) == (2, "extract.csv!Child ID")
    assert issue.value is None and "Jane" not in issue.message and "Smith" not in issue.as_text()
    assert result.records.audits == ()


# -- case allocations and audit element grades ------------------------------------------------------------------


def _held_worker() -> CouncilRecords:
    from csc_workforce.domain.codes import ContractType
    from csc_workforce.domain.records import Engagement

    return CouncilRecords(
        COUNCIL,
        people=(Person("ref:E1", source="upload:0", staff_ref="E1"),),
        engagements=(Engagement("eng:C1", "ref:E1", ContractType.PERMANENT, date(2020, 4, 1)),),
    )


def test_an_allocations_file_naming_a_child_is_refused_without_keeping_the_name() -> None:
    rows = [
        ["Child ID", "Worker ID", "Allocation start"],
        ["Jane Smith", "E1", "01/04/2024"],
        ["943 476 5919", "E1", "01/05/2024"],
    ]
    result = run("allocations", rows, existing=_held_worker())
    assert codes(result) == ["IMP-ROW-018", "IMP-ROW-018"]
    for issue in result.issues:
        assert issue.value is None
        assert not any(word in issue.as_text() for word in ("Jane", "Smith", "943", "5919"))
    assert result.records.allocations == ()


def test_an_allocation_links_its_worker_and_is_keyed_by_child_worker_and_start() -> None:
    from csc_workforce.domain.records import CaseAllocation

    rows = [
        ["Child ID", "Worker ID", "Allocation start", "Allocation end"],
        ["CH1", "E1", "01/04/2024", ""],
        ["CH2", "E1", "01/04/2024", "30/06/2024"],
    ]
    result = run("allocations", rows, existing=_held_worker())
    assert errors(result) == [] and codes(result) == []
    assert result.records.allocations == (
        CaseAllocation("allocation:CH1/eng:C1@2024-04-01", "CH1", "eng:C1", date(2024, 4, 1), None, "upload:1"),
        CaseAllocation(
            "allocation:CH2/eng:C1@2024-04-01", "CH2", "eng:C1", date(2024, 4, 1), date(2024, 6, 30), "upload:1"
        ),
    )


def test_audit_element_grades_are_read_from_their_columns_in_the_element_order() -> None:
    from csc_workforce.domain.codes import AuditElement, AuditGrade
    from csc_workforce.domain.records import AuditElementGrade

    rows = [
        ["Child ID", "Audit date", "Overall grade", "Risk assessment", "Contact with the child", "Voice of the child"],
        ["CH1", "12/03/2024", "Good", "RI", "2", ""],
    ]
    result = run("audits", rows)
    assert codes(result) == []
    (audit,) = result.records.audits
    assert audit.elements == (
        AuditElementGrade(AuditElement.CONTACT, AuditGrade.GOOD),
        AuditElementGrade(AuditElement.RISK, AuditGrade.REQUIRES_IMPROVEMENT),
    )


def test_a_preview_shows_an_audits_element_grades_changed() -> None:
    header = ["Audit ID", "Child ID", "Audit date", "Overall grade", "Contact with the child", "Voice of the child"]
    before = run("audits", [header, ["AU1", "CH1", "12/03/2024", "Good", "Good", ""]])
    after = run("audits", [header, ["AU1", "CH1", "12/03/2024", "Good", "Inadequate", "RI"]])
    changes = preview_changes(after.records, merge_records(CouncilRecords(COUNCIL), before.records))
    (change,) = [c for c in changes.changed if c.kind == "audits"]
    assert [(f.field, f.before, f.after) for f in change.fields] == [
        ("elements", "contact good", "contact inadequate, voice requires_improvement")
    ]
