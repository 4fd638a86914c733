"""``csc-workforce records kinds|template|import``: the import goes through the web app's upload service, each file
all or nothing, audited as the operating-system user from the command line; exit 1 when any file is rejected."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from csc_workforce.cli.main import main
from csc_workforce.importers import DATED_KINDS, KINDS, default_mapping
from csc_workforce.importers.templates import template_csv
from csc_workforce.store import models as m
from csc_workforce.store.services.records import records_load
from csc_workforce.store.services.uploads import upload_undo

CLI = "csc-workforce cli"
PEOPLE = "Staff number,SWE number,Date of birth\nE1,SW1001,1980-02-01\nE2,,1975-06-30\n"
ENGAGEMENTS = "Staff number,Contract type,Start date\nE1,Perm,01/04/2020\nE2,Agency,01/09/2023\n"


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_kinds_lists_every_kind_with_its_required_fields_and_row_key(capsys: pytest.CaptureFixture[str]):
    assert main(["records", "kinds", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in rows] == [k.value for k in KINDS]
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["training"]["required"] == ["course", "status", "person_ref or swe_no"]
    assert by_kind["supervision"]["row_key"] == "engagement + date + kind"
    assert all(r["description"] for r in rows)
    assert main(["records", "kinds"]) == 0
    text = capsys.readouterr().out
    assert "reviews: Performance reviews (HR appraisal export)\n  required: cycle, due," in text
    assert main(["records", "kinds", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "kind,description,required,row_key,fields" and len(lines) == len(KINDS) + 1


@pytest.mark.parametrize("kind", ["people", "supervision", "placement_income"])
def test_template_prints_the_csv_header(kind: str, capsys: pytest.CaptureFixture[str]):
    assert main(["records", "template", "--kind", kind]) == 0
    out = capsys.readouterr().out
    assert out == template_csv(kind) == ",".join(f.name for f in KINDS[kind].fields) + "\n"  # type: ignore[index]


def test_import_loads_each_file_through_the_upload_service_audited_from_the_command_line(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    people, engagements = write(tmp_path, "people.csv", PEOPLE), write(tmp_path, "engagements.csv", ENGAGEMENTS)
    assert main(["records", "import", "--kind", "people", "--la", "303", people]) == 0
    assert main(["records", "import", "--kind", "engagements", engagements, "--format", "json"]) == 0  # one council
    out = capsys.readouterr().out
    assert "people.csv: loaded into council 303 as upload" in out and "(2 rows: 2 added, 0 changed" in out
    (outcome,) = json.loads(out[out.index("[") :])
    assert (outcome["loaded"], outcome["status"], outcome["added"], outcome["errors"]) == (True, "committed", 2, 0)
    uploads = list(m.Upload.objects.order_by("id"))
    assert [(u.kind, u.status, u.uploaded_by_id, u.uploaded_by_name) for u in uploads] == [
        ("people", "committed", None, getpass.getuser()),
        ("engagements", "committed", None, getpass.getuser()),
    ]
    assert all(
        u.source is not None and u.source.name == Path(f).name
        for u, f in zip(uploads, [people, engagements], strict=True)
    )
    events = m.AuditEvent.objects.filter(object_type="upload").order_by("id")
    assert [e.action for e in events] == ["upload", "upload-commit", "upload", "upload-commit"]
    assert {(e.username, e.ip, e.user_agent) for e in events} == {(getpass.getuser(), None, CLI)}
    records = records_load(council=m.Council.objects.get(la_code="303"))
    assert sorted(p.key for p in records.people) == ["ref:E2", "swe:SW1001"]
    assert len(records.engagements) == 2
    # undone like any upload: the latest first
    upload_undo(upload=uploads[1], user=User(username="someone"), now=uploads[1].uploaded_at)
    assert records_load(council=m.Council.objects.get(la_code="303")).engagements == ()


def test_a_rejected_file_changes_nothing_prints_each_issue_at_its_row_and_column_and_exits_1(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["records", "import", "--kind", "people", "--la", "303", write(tmp_path, "p.csv", PEOPLE)]) == 0
    capsys.readouterr()
    good = write(tmp_path, "e.csv", ENGAGEMENTS)
    bad = write(tmp_path, "s.csv", "Staff number,Supervision date,Supervision type\nE1,05/04/2024,1:1\nE1,,Huddle\n")
    held = records_load(council=m.Council.objects.get(la_code="303"))
    assert main(["records", "import", "--kind", "supervision", bad, "--la", "303"]) == 1
    out = capsys.readouterr().out
    assert "s.csv: REJECTED, nothing was changed: 3 error(s) to fix" in out
    assert "ERROR IMP-ROW-001 (row 3, column Supervision date (s.csv)): on is required" in out
    assert "ERROR IMP-ROW-003 (row 3, column Supervision type (s.csv)): kind 'Huddle' is not recognised" in out
    assert "ERROR IMP-REF-002 (row 2, column Staff number (s.csv))" in out  # no engagements held yet
    assert "0 of 1 file(s) loaded." in out
    assert records_load(council=m.Council.objects.get(la_code="303")) == held
    assert m.Upload.objects.get(filename="s.csv").status == "rejected"
    # each file all or nothing: the good one is loaded, the bad one is not, and the exit status says so
    worse = write(tmp_path, "e2.csv", "Staff number,Contract type,Start date\nE1,Perm,31/02/2021\n")
    assert main(["records", "import", "--kind", "engagements", good, worse, "--la", "303", "--format", "json"]) == 1
    outcomes = json.loads(capsys.readouterr().out)
    assert [(o["file"], o["loaded"], o["status"]) for o in outcomes] == [
        (good, True, "committed"),
        (worse, False, "rejected"),
    ]
    assert [(i["code"], i["line"], i["path"]) for i in outcomes[1]["issues"]] == [
        ("IMP-ROW-002", 2, "e2.csv!Start date")
    ]
    assert len(records_load(council=m.Council.objects.get(la_code="303")).engagements) == 2  # the good file's


def test_mapping_names_a_saved_mapping_and_one_not_saved_is_refused(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    council = m.Council.objects.create(la_code="303", name="Testshire")
    mapping = json.loads(default_mapping("people").to_json())
    mapping["columns"]["person_ref"] = ["Payroll ref"]
    mapping["name"] = "iTrent"
    m.SavedMapping.objects.create(
        council=council,
        system="iTrent",
        kind="people",
        mapping=mapping,
        updated_by_name="x",
        updated_at="2025-01-01T00:00Z",
    )
    file = write(tmp_path, "p.csv", "Payroll ref\nE9\n")
    assert main(["records", "import", "--kind", "people", "--mapping", "Oracle", file]) == 1
    assert capsys.readouterr().err == (
        "No column mapping 'Oracle' is saved for people files of council 303. Saved: iTrent.\n"
    )
    assert not m.Upload.objects.exists()
    assert main(["records", "import", "--kind", "people", file]) == 1  # the built-in mapping has no "Payroll ref"
    assert "IMP-MAP-001" in capsys.readouterr().out
    assert main(["records", "import", "--kind", "people", "--mapping", "iTrent", file]) == 0
    assert [p.key for p in records_load(council=council).people] == ["ref:E9"]
    assert m.Upload.objects.filter(status="committed").get().mapping["name"] == "iTrent"


def test_without_la_and_no_council_held_it_says_to_give_one(db: None, tmp_path: Path):
    with pytest.raises(SystemExit, match="Say which council the files are for with --la CODE"):
        main(["records", "import", "--kind", "people", write(tmp_path, "p.csv", PEOPLE)])


GOLDEN = Path(__file__).parents[1] / "importers" / "golden"


def test_every_development_kind_loads_from_its_clean_golden_file_and_later_files_find_people_by_either_key(
    db: None, capsys: pytest.CaptureFixture[str]
):
    """The golden clean files, loaded in turn as a council would (people, engagements, courses and campaigns
    first): each is committed, and its records are held afterwards. The people file gives both keys for E1
    (SW1001); later files name E1 by staff number or SW1001 by SWE number, and find the same person from what is
    stored."""
    for kind in ("people", "engagements", "courses", "campaigns"):
        assert main(["records", "import", "--kind", kind, "--la", "303", str(GOLDEN / "held" / f"{kind}.csv")]) == 0
    for kind in DATED_KINDS:
        assert main(["records", "import", "--kind", kind.value, str(GOLDEN / kind.value / "clean.csv")]) == 0, (
            capsys.readouterr().out
        )
    capsys.readouterr()
    held = records_load(council=m.Council.objects.get(la_code="303"))
    clean_rows = {k.value: (GOLDEN / k.value / "clean.csv").read_text().count("\n") - 1 for k in DATED_KINDS}
    clean_rows["courses"] += 3  # and the three held courses
    clean_rows["campaigns"] += 2  # and the held campaigns NQ23 and OLD21 (SW24-01 is in both files)
    assert {k.value: len(getattr(held, k.value)) for k in DATED_KINDS} == clean_rows
    assert next(p for p in held.people if p.key == "swe:SW1001").staff_ref == "E1"
    by_e1 = [t for t in held.training if t.course_key == "course:sg1" and t.status.value == "completed"]
    assert [t.person_key for t in by_e1] == ["swe:SW1001"]  # the row gave only staff number E1
    assert {s.engagement_key for s in held.supervision if s.on.isoformat() in ("2024-04-05", "2024-04-19")} == {
        "eng:C1"  # one row by staff number, the other by SWE number
    }


def test_complete_from_is_set_on_the_source_and_coverage_begins_on_it(db: None, capsys: pytest.CaptureFixture[str]):
    from datetime import date

    from csc_workforce.store.services.coverage import coverage_for

    for kind in ("people", "engagements"):
        assert main(["records", "import", "--kind", kind, "--la", "303", str(GOLDEN / "held" / f"{kind}.csv")]) == 0
    sessions = str(GOLDEN / "supervision" / "clean.csv")  # sessions from 15 March 2022 to 19 April 2024
    dates = ["--extract-date", "2024-09-30", "--complete-from", "2024-04-01"]
    assert main(["records", "import", "--kind", "supervision", *dates, sessions]) == 0
    out = capsys.readouterr().out
    # the three sessions before 1 April 2024 are loaded, each with a warning at its row and column
    assert "clean.csv: loaded into council 303" in out and "3 warning(s)" in out
    assert out.count("WARNING IMP-ROW-016") == 3
    assert "WARNING IMP-ROW-016 (row 6, column Supervision Date (clean.csv)): This record ends on 15/03/2022" in out
    source = m.Upload.objects.get(kind="supervision").source
    assert source is not None and (source.complete_from, source.complete_to) == (date(2024, 4, 1), date(2024, 9, 30))
    coverage = coverage_for(la_codes=["303"])["303"]
    assert coverage.kinds_begin["supervision"] == date(2024, 4, 1)  # not 15 March 2022, the earliest session


@pytest.mark.parametrize(
    ("kind", "dates", "why"),
    [
        ("people", ["--complete-from", "2024-04-01"], "not for a people file: leave it out."),
        ("supervision", ["--complete-from", "2999-04-01"], "cannot be in the future."),
        (
            "supervision",
            ["--extract-date", "2024-03-31", "--complete-from", "2024-04-01"],
            "must be on or before the date the extract was taken (2024-03-31).",
        ),
    ],
)
def test_a_complete_from_date_that_cannot_be_is_refused_before_any_file_is_read(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, dates: list[str], why: str
):
    missing = str(tmp_path / "not-there.csv")  # never read: the date is refused first
    assert main(["records", "import", "--kind", kind, "--la", "303", *dates, missing]) == 1
    err = capsys.readouterr().err
    assert err.startswith("--complete-from: The date the data is complete from ") and why in err
    assert not m.Upload.objects.exists()
