"""``csc-workforce regional key new|extract|check``, run in-process on a synthetic council held in the database:
the key file's mode and rules, the extract's round trip through the reader, and the key never shown."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from csc_workforce.cli.main import main
from csc_workforce.regional import extract_rows, read_extract, read_key_file

AS_AT = date(2025, 9, 30)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def load_council() -> None:
    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code="990",
        name="Northgate",
        region="North West",
        first_year=2024,
        last_year=2025,
        seed=3,
        size=30,
        monthly_caseloads=False,
        development=True,  # agency placements, with their charge rates
    )
    demo_load(records=records, description="HR records", recorded_by="t", now=datetime(2026, 1, 5, tzinfo=UTC))


def test_key_new_writes_a_0600_file_of_64_hex_digits_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "alliance.key"
    old_umask = os.umask(0)  # even with nothing masked, the file is its owner's alone
    try:
        code, out, err = run(capsys, "regional", "key", "new", "--output", str(path))
    finally:
        os.umask(old_umask)
    assert code == 0, err
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert len(text) == 65 and text.endswith("\n") and all(c in "0123456789abcdef" for c in text[:-1])
    key = read_key_file(path)
    assert f"its id is {key.key_id}" in out and text.strip() not in out + err  # the id, never the key
    code, out, err = run(capsys, "regional", "key", "new", "--output", str(path))
    assert code == 1 and "never overwritten" in err and path.read_text() == text


def test_a_key_file_that_is_not_one_is_refused_without_quoting_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "bad.key"
    path.write_text("key=" + "ab" * 32 + "\n")
    with pytest.raises(SystemExit) as stopped:
        main(["regional", "extract", "--la", "990", "--key-file", str(path), "--output", str(tmp_path / "x.csv")])
    out, err = capsys.readouterr()
    said = str(stopped.value.code)
    assert "holds characters other than hex digits" in said and not (tmp_path / "x.csv").exists()
    assert "ab" * 8 not in said + out + err


def test_extract_round_trip_on_a_synthetic_council(db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from csc_workforce.store import models as m
    from csc_workforce.store.services.records import records_load

    load_council()
    key_path, old_key_path, output = tmp_path / "new.key", tmp_path / "old.key", tmp_path / "990.csv"
    for path in (key_path, old_key_path):
        assert run(capsys, "regional", "key", "new", "--output", str(path))[0] == 0
    key, old_key = read_key_file(key_path), read_key_file(old_key_path)
    args = ["regional", "extract", "--la", "990", "--key-file", str(key_path), "--output", str(output)]
    code, out, err = run(capsys, *args, "--as-at", AS_AT.isoformat())
    assert code == 0, err
    assert stat.S_IMODE(output.stat().st_mode) == 0o600

    records = records_load(council=m.Council.objects.get(la_code="990"))
    read = read_extract(output, [old_key, key], councils={"990"})
    assert (read.la_code, read.as_at, read.key_id) == ("990", AS_AT, key.key_id)
    assert read.rows == extract_rows(records, key=key, as_at=AS_AT)
    started = [e for e in records.engagements if e.start_date is None or e.start_date <= AS_AT]
    assert len(read.rows) == len(started) > 20 and f"{len(started)} engagement(s)" in out
    assert any(r.charge_rate is not None for r in read.rows)  # the agency placements' rates are there
    people = {e.person_key for e in started}
    assert {r.worker for r in read.rows} == {key.pseudonym(p.swe_no or "") for p in records.people if p.key in people}

    data = output.read_bytes()
    for person in records.people:  # no SWE number, no person key, no staff reference, no date of birth
        for held in (person.swe_no, person.key, person.staff_ref, person.qual_institution):
            assert held is None or held.encode() not in data
        assert person.birth_date is None or person.birth_date.isoformat().encode() not in data
    for team in records.teams:
        assert team.name.encode() not in data
    for placement in records.agency_placements:
        assert placement.supplier.encode() not in data

    key_hex = key_path.read_text().strip()
    event = m.AuditEvent.objects.get(object_type="regional-extract")
    assert event.detail["key_id"] == key.key_id and event.detail["rows"] == len(read.rows)
    assert key_hex not in json.dumps(event.detail) and key_hex not in out + err

    # checked with both keys after a rotation: accepted; with the old key alone: refused, naming the key id
    both = ["--key-file", str(old_key_path), "--key-file", str(key_path)]
    code, out, err = run(capsys, "regional", "check", str(output), *both)
    assert code == 0 and f"accepted: council 990 as at {AS_AT}, {len(read.rows)} rows" in out
    code, out, err = run(capsys, "regional", "check", str(output), "--key-file", str(old_key_path), "--format", "json")
    (result,) = json.loads(out)
    assert code == 1 and result["accepted"] is False and result["problems"][0]["line"] == 5
    assert key.key_id in result["problems"][0]["message"]


def test_extract_refuses_an_unknown_council_a_day_to_come_and_writing_over_the_key(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    key_path = tmp_path / "alliance.key"
    assert run(capsys, "regional", "key", "new", "--output", str(key_path))[0] == 0
    base = ["regional", "extract", "--key-file", str(key_path)]
    code, _, err = run(capsys, *base, "--la", "999", "--output", str(tmp_path / "x.csv"))
    assert code == 1 and "No council 999 is held" in err
    code, _, err = run(capsys, *base, "--la", "999", "--output", str(tmp_path / "x.csv"), "--as-at", "2999-01-01")
    assert code == 1 and "after today" in err
    key_text = key_path.read_text()
    code, _, err = run(capsys, *base, "--la", "999", "--output", str(key_path))
    assert code == 1 and "replace the key" in err and key_path.read_text() == key_text
