"""Issue 15's test alliance, end to end on the command line: three synthetic councils whose workers were planted
moving between them each extract with the alliance's key; the extracts are imported into the alliance's
installation; ``regional flows`` finds every planted move between them, flags each planted breach of the
cooling-off rule, and flags nothing else between councils. Refusals: an extract made with another key, one of
a council outside the alliance, one older than the one held, flows before every member's extract is in."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from csc_workforce.cli.main import main
from csc_workforce.regional import read_key_file
from csc_workforce.store import models as m

ALLIANCE = "Test alliance"
MEMBERS = ("901", "902", "903")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_alliance_s_planted_moves_and_breaches_are_found_and_nothing_else(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from csc_workforce.store.services.demo import demo_load
    from csc_workforce.synthetic.alliance import alliance_councils

    councils, planted = alliance_councils(la_codes=MEMBERS)
    for records in councils:
        demo_load(records=records, description="synthetic", recorded_by="t", now=datetime(2026, 1, 5, tzinfo=UTC))
    key_file, other_key = tmp_path / "alliance.key", tmp_path / "other.key"
    assert run(capsys, "regional", "key", "new", "--output", str(key_file))[0] == 0
    assert run(capsys, "regional", "key", "new", "--output", str(other_key))[0] == 0
    code, out, err = run(capsys, "regional", "alliance", "add", ALLIANCE, "--la", ",".join(MEMBERS))
    assert code == 0, err
    assert "cooling-off 6 months" in out
    assert run(capsys, "regional", "key", "add", "--alliance", ALLIANCE, "--key-file", str(key_file))[0] == 0
    extracts = []
    for code_ in MEMBERS:
        path = tmp_path / f"{code_}.csv"
        args = ("regional", "extract", "--la", code_, "--key-file", str(key_file), "--output", str(path))
        assert run(capsys, *args, "--as-at", "2025-09-30")[0] == 0
        extracts.append(str(path))

    # flows before every member's extract is in: refused, naming what is missing
    code, _, err = run(capsys, "regional", "flows", "--alliance", ALLIANCE, "--year", "2025")
    assert code == 1 and "901 (no extract imported)" in err

    # another key's extract, and an extract of a council outside the alliance: refused whole, nothing stored
    wrong = tmp_path / "wrong.csv"
    run(
        capsys,
        "regional",
        "extract",
        "--la",
        "901",
        "--key-file",
        str(other_key),
        "--output",
        str(wrong),
        "--as-at",
        "2025-09-30",
    )
    code, out, _ = run(capsys, "regional", "import", str(wrong), "--alliance", ALLIANCE, "--key-file", str(other_key))
    assert code == 1 and "not registered to Test alliance" in out
    code, out, _ = run(capsys, "regional", "import", str(wrong), "--alliance", ALLIANCE, "--key-file", str(key_file))
    assert code == 1 and "the keys given have ids" in out
    assert not m.RegionalExtract.objects.exists()

    code, out, err = run(capsys, "regional", "import", *extracts, "--alliance", ALLIANCE, "--key-file", str(key_file))
    assert code == 0, out + err
    assert m.RegionalExtract.objects.count() == 3

    code, out, err = run(capsys, "regional", "flows", "--alliance", ALLIANCE, "--year", "2025", "--format", "json")
    assert code == 0, err
    made = json.loads(out)
    key = read_key_file(key_file)
    between = {
        (mv["worker"], mv["from_la"], mv["to_la"], mv["left"], mv["started"])
        for mv in made["moves"]
        if mv["from_la"] != mv["to_la"]
    }
    assert between == {
        (key.pseudonym(p.swe_no), p.from_la, p.to_la, p.left.isoformat(), p.started.isoformat()) for p in planted
    }
    flagged = {mv["worker"] for mv in made["moves"] if mv["breach"] and mv["from_la"] != mv["to_la"]}
    assert flagged == {key.pseudonym(p.swe_no) for p in planted if p.breaches_cooling_off(6)} and len(flagged) == 3
    for mv in made["moves"]:
        assert set(mv) == {
            "worker",
            "from_la",
            "to_la",
            "from_contract",
            "to_contract",
            "left",
            "started",
            "gap_days",
            "breach",
        }
    rows = made["rows"]
    assert all(set(r) == {"from_la", "to_la", "from_contract", "to_contract", "count"} for r in rows)
    assert sum(r["count"] for r in rows) == len(made["moves"])
    # no registration number, name or date of birth reaches the installation: only pseudonyms
    stored = set(m.RegionalEngagement.objects.values_list("worker", flat=True))
    assert all(len(w) == 64 for w in stored) and not any(p.swe_no in stored for p in planted)

    # an older extract than the one held is refused
    older = tmp_path / "901-older.csv"
    run(
        capsys,
        "regional",
        "extract",
        "--la",
        "901",
        "--key-file",
        str(key_file),
        "--output",
        str(older),
        "--as-at",
        "2025-03-31",
    )
    code, out, _ = run(capsys, "regional", "import", str(older), "--alliance", ALLIANCE, "--key-file", str(key_file))
    assert code == 1 and "is later (as at 2025-09-30)" in out
    trail = m.AuditEvent.objects.filter(action="regional-import").count()
    assert trail == 3
