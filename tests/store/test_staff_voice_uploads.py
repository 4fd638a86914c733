"""Staff voice through the one upload flow: a file carrying an interview's free text is refused and not kept (so
the text is stored nowhere); interviews and survey answers, once committed, are framed from the database as from
the records."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth.models import User

from csc_workforce.measures.inputs import frames_from_records
from csc_workforce.measures.staff_voice import survey_results
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.records import records_load
from csc_workforce.store.services.uploads import upload_commit, upload_receive
from tests.store.conftest import NOW

SAID = "Felt bullied by my team manager and had panic attacks"


@pytest.fixture
def analyst(db: None) -> User:
    return User.objects.create_user("ana", password="x" * 16)


def _receive(user: User, kind: str, text: str) -> m.Upload:
    return upload_receive(
        user=user, kind=kind, filename=f"{kind}.csv", data=text.encode(), la_code="990", allowed_la_codes=None, now=NOW
    )


def _leaver() -> m.Engagement:
    """A council-employed leaver of 990's census returns, and their SWE number."""
    return (
        m.Engagement.objects.filter(
            council__la_code="990", end_date__isnull=False, contract__in=["permanent", "fixed_term"]
        )
        .select_related("person")
        .order_by("key")
        .first()
    )


def test_a_file_with_comments_is_refused_and_its_text_kept_nowhere(analyst: User, councils: list[str]) -> None:
    leaver = _leaver()
    text = (
        "SWE number,Interview type,Interview date,Themes,Comments\n"
        f"{leaver.person.swe_no},Exit,{leaver.end_date:%d/%m/%Y},Workload; Management,{SAID}\n"
    )
    upload = _receive(analyst, "interviews", text)
    assert upload.status == m.Upload.REJECTED and bytes(upload.content) == b""
    assert [i["code"] for i in upload.issues] == ["IMP-ROW-030"]
    assert "panic" not in json.dumps(upload.issues) and "panic" not in json.dumps(upload.summary)
    assert not m.StaffInterview.objects.exists()
    assert not m.Source.objects.filter(content__isnull=False, kind="upload").exists()


def test_interviews_and_survey_answers_committed_are_framed_as_the_records_are(
    analyst: User, councils: list[str]
) -> None:
    leaver = _leaver()
    interviews = (
        "SWE number,Interview type,Interview date,Themes\n"
        f"{leaver.person.swe_no},Exit,{leaver.end_date:%d/%m/%Y},Workload; No career path\n"
    )
    upload_commit(upload=_receive(analyst, "interviews", interviews), user=analyst, now=NOW)
    waves = "Wave,Survey date,Instrument,Invited,Responses\nHC23,30/11/2023,LGA health check,50,40\n"
    upload_commit(upload=_receive(analyst, "survey_waves", waves), user=analyst, now=NOW)
    answers = "Wave,Question code,Question,Answer,Count\nHC23,Q1,I am supervised,Agree,30\nHC23,Q1,,Disagree,10\n"
    upload_commit(upload=_receive(analyst, "survey_answers", answers), user=analyst, now=NOW)
    council = m.Council.objects.get(la_code="990")
    (interview,) = m.StaffInterview.objects.filter(council=council)
    assert interview.themes == "workload;career" and interview.engagement.key == leaver.key  # records are rewritten
    stored = council_frames(la_codes=["990"])
    loaded = frames_from_records([records_load(council=council)])
    for name in ("interviews", "survey_waves", "survey_answers"):
        assert sorted(getattr(stored, name).rows()) == sorted(getattr(loaded, name).rows()), name
    (result,) = survey_results(stored, as_at=date(2025, 9, 30)).select("answered", "agree", "agree_pct").rows()
    assert result == (40, 30, 75.0)
