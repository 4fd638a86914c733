"""Staff voice imports beyond their golden files: an interview's free text is never loaded (a comments column
refuses the file, a theme that reads as a sentence is refused unseen), themes through the council's own names
and separators, an exit interview after the last day, survey answers against their wave."""

from __future__ import annotations

from datetime import date

from csc_workforce.domain.codes import AnswerOption, ContractType, InterviewKind, VoiceTheme
from csc_workforce.domain.records import CouncilRecords, Engagement, Person, SurveyWave
from csc_workforce.importers import ColumnMapping, default_mapping
from tests.importers.support import COUNCIL, at, codes, errors, only, run

SAID = "My manager Jane Smith never listened and I was signed off with stress"


def held() -> CouncilRecords:
    people = (Person("ref:E1", staff_ref="E1"), Person("ref:E2", staff_ref="E2"))
    engagements = (
        Engagement("eng:C1", "ref:E1", ContractType.PERMANENT, date(2020, 4, 1), end_date=date(2024, 3, 31)),
        Engagement("eng:C1b", "ref:E1", ContractType.PERMANENT, date(2024, 9, 1)),  # came back
        Engagement("eng:C2", "ref:E2", ContractType.PERMANENT, date(2021, 1, 4)),
    )
    return CouncilRecords(COUNCIL, people=people, engagements=engagements)


HEADER = ["Worker ID", "Interview type", "Interview date", "Themes"]


def test_a_comments_column_holding_text_refuses_the_file_without_showing_the_text() -> None:
    rows = [[*HEADER, "Comments"], ["E1", "Exit", "25/03/2024", "Workload", SAID], ["E2", "Stay", "01/05/2024", "", ""]]
    result = run("interviews", rows, existing=held())
    issue = only(result, "IMP-ROW-030")
    assert issue.is_error and at(issue) == (1, "extract.csv!Comments")
    assert issue.value is None and "Jane" not in issue.message and "stress" not in issue.message
    assert result.records.interviews == () and result.rows_with_errors == 0  # no row was read at all
    assert all("Jane" not in i.as_text() for i in result.issues)


def test_an_empty_comments_column_is_only_an_unused_column() -> None:
    rows = [[*HEADER, "Interviewer notes"], ["E1", "Exit", "25/03/2024", "Workload", ""]]
    result = run("interviews", rows, existing=held())
    assert codes(result) == ["IMP-MAP-002"] and len(result.records.interviews) == 1


def test_a_theme_that_reads_as_a_sentence_is_refused_unseen() -> None:
    result = run("interviews", [HEADER, ["E1", "Exit", "25/03/2024", f"Workload; {SAID}"]], existing=held())
    issue = only(result, "IMP-ROW-030")
    assert at(issue) == (2, "extract.csv!Themes") and issue.value is None and "Jane" not in issue.message


def test_themes_by_the_councils_own_names_any_separator_each_once_in_order() -> None:
    mapping = default_mapping("interviews")
    own = ColumnMapping(mapping.kind, mapping.columns, code_translations={"themes": {"Too many cases": "workload"}})
    rows = [HEADER, ["E2", "Retention", "01/05/2024", "Pay | too many cases;Stress\nWorkload; ;"]]
    result = run("interviews", rows, existing=held(), mapping=own)
    assert errors(result) == []
    (interview,) = result.records.interviews
    assert interview.themes == (VoiceTheme.WORKLOAD, VoiceTheme.PAY, VoiceTheme.WELLBEING)
    assert interview.kind is InterviewKind.RETENTION and interview.engagement_key == "eng:C2"
    assert interview.key == "interview:eng:C2/retention@2024-05-01"


def test_an_unknown_theme_names_the_list_and_the_mapping_entry() -> None:
    result = run("interviews", [HEADER, ["E2", "Retention", "01/05/2024", "Pay; Biscuits"]], existing=held())
    issue = only(result, "IMP-ROW-003")
    assert "'Biscuits' is not on the theme list" in issue.message and '"themes": {"Biscuits"' in issue.message


def test_an_exit_interview_after_the_last_day_is_the_engagement_left() -> None:
    rows = [HEADER, ["E1", "Exit", "07/04/2024", "Career"], ["E1", "Exit", "05/04/2025", "Pay"]]
    result = run("interviews", rows, existing=held())
    first, second = result.records.interviews
    assert first.engagement_key == "eng:C1"  # a week after C1 ended
    assert second.engagement_key == "eng:C1b"  # in post again: the engagement in post, still open
    warning = only(result, "IMP-ROW-031")  # C1b has no end date: not yet a leaver
    assert not warning.is_error and at(warning) == (3, "extract.csv!Interview type")


def test_a_retention_interview_needs_the_worker_in_post() -> None:
    result = run("interviews", [HEADER, ["E1", "Retention", "01/06/2024", ""]], existing=held())
    assert only(result, "IMP-REF-002").is_error  # between C1's end and C1b's start
    result = run("interviews", [HEADER, ["E1", "Exit", "01/01/2020", ""]], existing=held())
    assert "nor one that ended before it" in only(result, "IMP-REF-002").message


WAVE = SurveyWave("wave:HC24", date(2024, 11, 30), "LGA health check", 50, 60, "upload:0")
ANSWERS = ["Wave", "Question code", "Question", "Answer", "Count"]


def test_answers_count_against_the_waves_responses_not_applicable_included() -> None:
    existing = CouncilRecords(COUNCIL, survey_waves=(WAVE,))
    rows = [
        ANSWERS,
        ["HC24", "Q1", "I am supervised", "Strongly agree", "20"],
        ["HC24", "Q1", "", "Tend to agree", "20"],
        ["HC24", "Q1", "", "N/A", "10"],  # 50: the wave's responses exactly
        ["HC24", "Q2", "I feel valued", "Yes", "50"],
    ]
    result = run("survey_answers", rows, existing=existing)
    assert errors(result) == []
    assert [a.option for a in result.records.survey_answers[:3]] == [
        AnswerOption.STRONGLY_AGREE,
        AnswerOption.AGREE,
        AnswerOption.NOT_APPLICABLE,
    ]
    over = run("survey_answers", [*rows, ["HC24", "Q2", "", "No", "1"]], existing=existing)
    issue = only(over, "IMP-ROW-034")
    assert at(issue) == (6, "extract.csv!Count") and "add up to 51" in issue.message


def test_a_waves_file_and_its_answers_chain_in_one_preview() -> None:
    waves = run("survey_waves", [["Wave", "Survey date", "Instrument", "Responses"], ["W1", "01/03/2024", "Own", "9"]])
    assert errors(waves) == [] and waves.records.survey_waves[0].invited is None
    answers = run("survey_answers", [ANSWERS, ["W1", "S1", "", "Agree", "9"]], existing=waves.records)
    assert errors(answers) == [] and answers.records.survey_answers[0].wave_key == "wave:W1"
