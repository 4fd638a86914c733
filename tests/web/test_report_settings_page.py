"""The report settings page: an analyst or admin uploads the council's Word template (checked, audited; Word
downloads of every report are then written into it), removes it, downloads it back; saves the council's purpose
paragraphs for a kind of report or puts back the kind's; a file or wording that cannot be used is named in the
error summary and changes nothing; viewers, managers and other councils' users are refused."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from csc_workforce.store import models as m
from tests.eastmoor import load_eastmoor
from tests.reports.word_templates import HEADER, as_macro_enabled, council_template
from tests.web.conftest import MakeUser

LA = "992"
URL = f"/councils/{LA}/reports/settings/"


@pytest.fixture
def council(db: None) -> m.Council:
    return m.Council.objects.create(la_code=LA, name="Eastmoor")


def _upload(client: Client, content: bytes, name: str = "Eastmoor.docx") -> str:
    response = client.post(URL, {"action": "template", "file": SimpleUploadedFile(name, content)}, follow=True)
    return response.content.decode()


def test_an_analyst_saves_the_template_downloads_it_and_removes_it(
    client: Client, make_user: MakeUser, council: m.Council
) -> None:
    client.force_login(make_user("lead", "analyst", la_code=LA))
    assert "Word downloads use Word's own styles: no template is saved." in client.get(URL).content.decode()
    template = council_template()  # made once: a DOCX made again a second later has other zip timestamps
    page = _upload(client, template)
    assert "Saved Eastmoor.docx: Word downloads of every report are written into it." in page
    assert "Word downloads are written into <strong>Eastmoor.docx</strong>, saved by lead on" in page
    download = client.get(f"{URL}template.docx")
    assert download.content == template
    assert download["Content-Disposition"] == f'attachment; filename="{LA}-word-template.docx"'
    reports = client.get(f"/councils/{LA}/reports/").content.decode()
    assert "Word downloads are written into the council's template, Eastmoor.docx." in reports
    page = client.post(URL, {"action": "remove-template"}, follow=True).content.decode()
    assert "Removed the Word template" in page and not m.ReportTemplate.objects.exists()
    assert client.get(f"{URL}template.docx").status_code == 404
    assert m.AuditEvent.objects.filter(object_type="report_template", username="lead").count() == 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Name,Team\nA,B\n", "The file is not a Word document or template: save it from Word as .docx or .dotx."),
        (as_macro_enabled(council_template()), "The file is macro-enabled (.docm or .dotm)"),
        (b"", "The selected file is empty: choose the template again"),
        (None, "Choose the Word template to upload"),
    ],
    ids=["csv", "macro-enabled", "empty", "none"],
)
def test_a_file_that_cannot_be_used_is_named_and_nothing_changes(
    client: Client, make_user: MakeUser, council: m.Council, content: bytes | None, says: str
) -> None:
    client.force_login(make_user("lead", "analyst", la_code=LA))
    _upload(client, council_template())
    if content is None:
        page = client.post(URL, {"action": "template"}).content.decode()
    else:
        page = client.post(URL, {"action": "template", "file": SimpleUploadedFile("x.docx", content)}).content.decode()
    assert "govuk-error-summary" in page and says.replace("'", "&#x27;") in page
    assert "<title>Error: Report settings: Eastmoor" in page
    kept = m.ReportTemplate.objects.get()
    assert kept.name == "Eastmoor.docx" and m.AuditEvent.objects.filter(object_type="report_template").count() == 1


def test_a_purpose_is_saved_refused_and_put_back(client: Client, make_user: MakeUser, council: m.Council) -> None:
    client.force_login(make_user("admin", "admin", la_code=LA))
    page = client.post(
        URL, {"action": "purpose:scrutiny", "scrutiny-text": "To the {council} Panel."}, follow=True
    ).content.decode()
    assert "Saved the purpose of the report" in page and "The council&#x27;s own, saved by admin on" in page
    assert m.ReportPurpose.objects.get().text == "To the {council} Panel."
    page = client.post(URL, {"action": "purpose:monthly-hr", "monthly-hr-text": "For {dmt}."}).content.decode()
    assert "govuk-error-summary" in page and "The purpose names {dmt}, which is not a placeholder" in page
    assert 'href="#id_monthly-hr-text"' in page  # the summary links to the box with the mistake
    assert m.ReportPurpose.objects.count() == 1
    client.post(URL, {"action": "default:scrutiny", "scrutiny-text": "ignored"})
    assert not m.ReportPurpose.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_only_analysts_and_admins_change_the_settings(
    client: Client, make_user: MakeUser, council: m.Council, role: str
) -> None:
    client.force_login(make_user("someone", role, la_code=LA))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "remove-template"}).status_code == 403
    assert "Change the Word template" not in client.get(f"/councils/{LA}/reports/").content.decode()


def test_another_council_s_analyst_is_refused(client: Client, make_user: MakeUser, council: m.Council) -> None:
    m.Council.objects.create(la_code="993", name="Elsewhere")
    client.force_login(make_user("other", "analyst", la_code="993"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "purpose:scrutiny", "scrutiny-text": "x"}).status_code == 403
    assert not m.ReportPurpose.objects.exists()


def test_a_word_download_is_written_into_the_saved_template(client: Client, make_user: MakeUser, db: None) -> None:
    load_eastmoor()
    client.force_login(make_user("lead", "analyst", la_code=LA))
    _upload(client, council_template())
    client.post(URL, {"action": "purpose:scrutiny", "scrutiny-text": "To the {council} Children's Panel."})
    response = client.get(f"/councils/{LA}/reports/report.docx", {"kind": "scrutiny"})
    word = docx.Document(io.BytesIO(response.content))
    assert HEADER in word.sections[0].header.paragraphs[0].text
    assert "To the Eastmoor Children's Panel." in [p.text for p in word.paragraphs]
