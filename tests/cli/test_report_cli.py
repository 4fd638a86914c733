"""``csc-workforce report``: the kinds listed; a report built for a council in the format asked, audited as an
export; what cannot be built says why and writes nothing."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from tests.cli.test_tables_cli import eastmoor  # noqa: F401 -- the synthetic council 992
from tests.reports.word_templates import HEADER, as_dotx, as_macro_enabled, council_template

pytestmark = pytest.mark.usefixtures("eastmoor")


def test_the_kinds_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "list"]) == 0
    out = capsys.readouterr().out
    assert "scrutiny" in out and "census year (--year)" in out
    assert "strategy-progress" in out and "needs --strategy" in out


def test_a_report_is_written_and_audited(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scrutiny.docx"
    assert (
        main(["report", "build", "scrutiny", "--la", "992", "--year", "2025", "--format", "docx", "--output", str(out)])
        == 0
    )
    assert "Wrote" in capsys.readouterr().out
    word = docx.Document(str(out))
    assert "Purpose of the report" in [p.text for p in word.paragraphs]
    event = m.AuditEvent.objects.get(action="export", object_type="report")
    assert (
        event.object_id == "992/scrutiny" and event.detail["format"] == "docx" and event.detail["withheld"]
    )  # for a public meeting


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scrutiny", "--as-at", "2025-09-30"], "The scrutiny report is on a census year: give --year, not --as-at."),
        (["strategy-progress", "--year", "2025"], "is as at a date: give --as-at, not --year."),
        (["strategy-progress"], "Give the strategy (--strategy), one of"),
        (["scrutiny", "--year", "2001"], "Eastmoor holds no census year 2001"),
        (["scrutiny", "--template", "/no/such/file.docx"], "A Word template (--template) is for --format docx only."),
    ],
)
def test_what_cannot_be_built_says_why_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "report.pdf"
    assert main(["report", "build", *args, "--la", "992", "--format", "pdf", "--output", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists() and not m.AuditEvent.objects.filter(object_type="report").exists()


def test_a_missing_template_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "build", "scrutiny", "--la", "992", "--format", "docx", "--template", str(tmp_path / "t.docx")]
    assert main([*args, "--output", str(tmp_path / "r.docx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot read ") and "t.docx: No such file or directory." in err
    assert not m.AuditEvent.objects.filter(object_type="report").exists()


def test_a_saved_template_and_purpose_are_used_by_every_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "Eastmoor.dotx"
    template.write_bytes(as_dotx(council_template()))
    assert main(["report", "template", "--la", "992", "--file", str(template)]) == 0
    assert "Eastmoor: DOCX reports are now written into Eastmoor.dotx." in capsys.readouterr().out
    (tmp_path / "purpose.txt").write_text("For the {council} panel.\n\nMembers note it.\n", encoding="utf-8")
    assert main(["report", "purpose", "scrutiny", "--la", "992", "--file", str(tmp_path / "purpose.txt")]) == 0
    assert main(["report", "settings", "--la", "992"]) == 0
    shown = capsys.readouterr().out
    assert "DOCX reports are written into Eastmoor.dotx" in shown
    assert (
        "scrutiny: purpose paragraphs (the council's own, saved by" in shown and "  For the {council} panel." in shown
    )
    out = tmp_path / "scrutiny.docx"
    build = ["report", "build", "scrutiny", "--la", "992", "--format", "docx", "--output", str(out)]
    assert main(build) == 0
    word = docx.Document(str(out))
    assert HEADER in word.sections[0].header.paragraphs[0].text
    assert "For the Eastmoor panel." in [p.text for p in word.paragraphs]
    plain = tmp_path / "plain.docx"
    plain.write_bytes(_plain_docx())
    assert main([*build[:-1], str(out), "--template", str(plain)]) == 0  # a template given for one build wins
    assert HEADER not in docx.Document(str(out)).sections[0].header.paragraphs[0].text
    assert main(["report", "template", "--la", "992", "--remove"]) == 0
    assert main(["report", "purpose", "scrutiny", "--la", "992", "--default"]) == 0
    assert "now open with the kind's own purpose paragraphs" in capsys.readouterr().out
    kinds = [e.object_type for e in m.AuditEvent.objects.filter(action="change").order_by("pk")]
    assert kinds == ["report_template", "report_purpose", "report_template", "report_purpose"]


def _plain_docx() -> bytes:
    import io

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["template", "--file", "{bad}"], "The file is not a Word document or template"),
        (["template", "--file", "{macro}"], "is macro-enabled (.docm or .dotm)"),
        (["purpose", "scrutiny", "--file", "{purpose}"], "The purpose names {panel}, which is not a placeholder"),
        (["purpose", "annual", "--file", "{purpose}"], "No report kind 'annual'"),
        (["purpose", "scrutiny", "--file", "{latin1}"], "is not UTF-8 text: save it as UTF-8."),
        (["template", "--file", "{missing}"], "No such file or directory"),
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_and_nothing_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    files = {
        "bad": tmp_path / "bad.docx",
        "macro": tmp_path / "macro.docm",
        "purpose": tmp_path / "purpose.txt",
        "latin1": tmp_path / "latin1.txt",
        "missing": tmp_path / "missing.docx",
    }
    files["bad"].write_text("Name,Team\n", encoding="utf-8")
    files["macro"].write_bytes(as_macro_enabled(council_template()))
    files["purpose"].write_text("For the {panel}.", encoding="utf-8")
    files["latin1"].write_bytes("Café {council}".encode("latin-1"))
    given = [a.format(**{k: str(v) for k, v in files.items()}) if a.startswith("{") else a for a in args]
    assert main(["report", *given, "--la", "992"]) == 1
    assert message in capsys.readouterr().err
    assert not m.ReportTemplate.objects.exists() and not m.ReportPurpose.objects.exists()
    assert not m.AuditEvent.objects.filter(action="change").exists()
