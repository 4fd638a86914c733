"""``csc-workforce report``: the kinds listed; a report built for a council in the format asked, audited as an
export; what cannot be built says why and writes nothing."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from tests.cli.test_tables_cli import eastmoor  # noqa: F401 -- the synthetic council 992

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
