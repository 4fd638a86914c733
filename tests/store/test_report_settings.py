"""A council's report settings (store.services.report_settings): its Word template, checked before it is saved
and audited; its own purpose paragraphs for a kind of report, checked, audited and used by every build of that
kind; each change ends any cached report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from csc_workforce.reports.document import Paragraph
from csc_workforce.reports.render import TemplateError
from csc_workforce.store import models as m
from csc_workforce.store.services.records import data_version
from csc_workforce.store.services.report_settings import (
    PURPOSE_MAX_CHARS,
    purposes_for,
    save_purpose,
    save_template,
    template_for,
)
from csc_workforce.store.services.reports import REPORT_KINDS, ReportError, build_report
from tests.eastmoor import load_eastmoor
from tests.reports.word_templates import as_macro_enabled, council_template

NOW = datetime(2026, 1, 12, 9, 30, tzinfo=UTC)
LA = "992"


@pytest.fixture
def council(db: None) -> m.Council:
    return m.Council.objects.create(la_code=LA, name="Eastmoor")


def test_a_template_is_saved_audited_and_removed(council: m.Council) -> None:
    version = data_version()
    saved = save_template(la_code=LA, name="Eastmoor.docx", content=council_template(), set_by="lead", now=NOW)
    assert saved is not None and template_for(LA) == saved and saved.content == council_template()
    assert (saved.name, saved.set_by, len(saved.sha256)) == ("Eastmoor.docx", "lead", 64)
    assert data_version() != version  # a cached report written in the old template is not served
    save_template(la_code=LA, name="", content=None, set_by="lead", now=NOW)
    assert template_for(LA) is None
    events = list(m.AuditEvent.objects.filter(object_type="report_template").order_by("pk"))
    assert [e.detail["before"] is None for e in events] == [True, False]
    assert events[0].detail["after"]["name"] == "Eastmoor.docx" and events[1].detail["after"] is None


def test_a_template_that_cannot_be_used_is_refused_and_the_one_in_use_kept(council: m.Council) -> None:
    save_template(la_code=LA, name="Eastmoor.docx", content=council_template(), set_by="lead", now=NOW)
    with pytest.raises(TemplateError, match="macro-enabled"):
        save_template(la_code=LA, name="x.docm", content=as_macro_enabled(council_template()), set_by="a", now=NOW)
    kept = template_for(LA)
    assert kept is not None and kept.name == "Eastmoor.docx"
    assert m.AuditEvent.objects.filter(object_type="report_template").count() == 1


def test_a_purpose_is_saved_tidied_audited_and_put_back(council: m.Council) -> None:
    text = "  To the {council} Children and Families Panel.\r\n\r\n\r\nMembers note the figures to {as_at}.  "
    saved = save_purpose(la_code=LA, kind="scrutiny", text=text, set_by="lead", now=NOW)
    assert saved.text == "To the {council} Children and Families Panel.\n\nMembers note the figures to {as_at}."
    assert purposes_for(LA)["scrutiny"] == saved and saved.set_by == "lead"
    assert purposes_for(LA)["monthly-hr"].text == REPORT_KINDS["monthly-hr"].purpose  # the others: the kind's
    back = save_purpose(la_code=LA, kind="scrutiny", text=None, set_by="lead", now=NOW)
    assert back.text == REPORT_KINDS["scrutiny"].purpose and back.set_at is None
    assert not m.ReportPurpose.objects.exists()
    events = list(m.AuditEvent.objects.filter(object_type="report_purpose").order_by("pk"))
    assert [e.detail["own"] for e in events] == [True, False] and events[1].detail["before"] == saved.text


def test_the_kind_s_own_words_saved_again_are_not_kept_as_the_council_s(council: m.Council) -> None:
    save_purpose(la_code=LA, kind="scrutiny", text=REPORT_KINDS["scrutiny"].purpose, set_by="lead", now=NOW)
    assert not m.ReportPurpose.objects.exists()


@pytest.mark.parametrize(
    ("kind", "text", "says"),
    [
        ("scrutiny", "For the {panel}.", "The purpose names {panel}, which is not a placeholder"),
        ("scrutiny", "For the {council!r}.", "The purpose names {council}, which is not a placeholder"),
        ("scrutiny", "Spend was {", "A brace { or } in the purpose is not a placeholder"),
        ("scrutiny", "x" * (PURPOSE_MAX_CHARS + 1), "keep it to 4,000"),
        ("annual-report", "For the panel.", "No report kind 'annual-report'"),
    ],
)
def test_a_purpose_that_cannot_be_used_is_refused_saying_why(
    council: m.Council, kind: str, text: str, says: str
) -> None:
    with pytest.raises(ReportError, match=says.replace("{", r"\{").replace("}", r"\}").replace("(", r"\(")):
        save_purpose(la_code=LA, kind=kind, text=text, set_by="lead", now=NOW)
    assert not m.ReportPurpose.objects.exists() and not m.AuditEvent.objects.exists()


def test_every_build_of_the_kind_opens_with_the_council_s_purpose_unless_one_is_given(db: None) -> None:
    load_eastmoor()
    save_purpose(
        la_code=LA, kind="scrutiny", text="To the {council} panel, {year}.\n\nPlease note.", set_by="l", now=NOW
    )

    def purpose(**given: object) -> list[str]:
        document = build_report("scrutiny", la_code=LA, today=date(2025, 11, 3), **given)  # type: ignore[arg-type]
        return [b.text for b in document.blocks[1:3] if isinstance(b, Paragraph)]

    assert purpose() == ["To the Eastmoor panel, 2025.", "Please note."]
    assert purpose(purpose="Given for this build.") == ["Given for this build."]
    with pytest.raises(ReportError, match="not a placeholder"):
        purpose(purpose="For the {panel}.")
