"""``csc-workforce benchmark`` (report, import-release, releases, neighbours), run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csc_workforce.cli.main import main
from csc_workforce.store import models as m
from tests.benchmarks.test_releases import revised_release

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_issue_form_prints_bexley_2019_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "benchmark", "--la", "303", "--year", "2019", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert {"council", "england", "region", "peers", "peer_median", "council_rank"} <= set(report)
    council = report["council"]
    assert (council["turnover_rate_fte"], council["vacancy_rate_fte"], council["caseload_fte"]) == (21.8, 17.3, 16)
    assert (report["england"]["turnover_rate_fte"], report["region"]["turnover_rate_fte"]) == (15.0, 17.5)
    assert report["region"]["region_name"] == "London"
    assert [(p["la_name"], p["vacancy_rate_fte"]) for p in report["peers"]] == [
        ("Thurrock", 17.0),
        ("Medway", 20.4),
        ("Havering", 25.0),
    ]
    assert report["peer_source"] == "shipped" and report["basis"] == "published"
    assert report["peer_median"]["turnover_rate_fte"] == 20.2  # 11.5, 20.2, 22.5
    assert report["council_rank"]["turnover_rate_fte"] == [3, 4]
    assert report["council_rank"]["leavers_fte"] is None  # a count: never ranked
    assert report["rank_notes"]["turnover_rate_fte"] is None


def test_report_subcommand_table_with_two_given_peers_is_not_ranked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "benchmark", "report", "--la", "303", "--year", "2019", "--peers", "883,311")
    assert code == 0
    assert out.splitlines()[1] == "Compared with the councils chosen: Thurrock, Havering."
    # two peers: no median and no rank (it was "3rd of 3")
    assert (
        "Turnover was 21.8%, higher than England (15.0%) and London (17.5%). Not ranked: fewer than 3 peers with "
        "figures." in out
    )
    assert "  fewer than 3 peers with figures: turnover_rate_fte, turnover_rate_headcount" in out
    assert "Medway" not in out and " of 3" not in out


def test_without_neighbours_the_text_and_json_name_the_region(capsys: pytest.CaptureFixture[str]) -> None:
    # Lewisham (209): no neighbours set or shipped, so the 31 other London councils of 2019
    code, out, _ = run(capsys, "benchmark", "--la", "209", "--year", "2019")
    assert code == 0
    assert out.splitlines()[1] == (
        "Compared with the 31 other councils in London, since no statistical neighbours are set."
    )
    # London 2019 turnover without Lewisham's 14.9, sorted: 8.3 10.5 11.1 11.5 12.9 12.9 13.2 13.4 14.7 14.8 15.1
    # 15.8 16.3 16.9 17.6 [18.7] 18.9 ... 34.1: the 16th of 31 is 18.7; ten are lower than 14.9 -> 11th of 32
    assert "Lewisham was below the median of the other councils in London (18.7%), 11th of 32 (1st is best)." in out
    assert "Compared with:\n  301  Barking and Dagenham\n" in out
    code, out, _ = run(capsys, "benchmark", "--la", "209", "--year", "2019", "--format", "json")
    report = json.loads(out)
    assert report["peer_source"] == "region" and len(report["peers"]) == 31
    assert report["peer_description"] == (
        "Compared with the 31 other councils in London, since no statistical neighbours are set."
    )
    assert report["council_rank"]["leavers_fte"] is None
    assert report["rank_notes"]["leavers_fte"] == "not ranked: a count, which depends on the council's size"


def test_table_is_the_default_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "benchmark", "--la", "303", "--year", "2019")
    assert code == 0
    assert "Bexley was above the median of its statistical neighbours (20.2%), 3rd of 4 (1st is best)." in out


def test_report_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "benchmark", "--la", "999", "--year", "2019")[0] == 1
    code, _, err = run(capsys, "benchmark", "--la", "303", "--year", "2030")
    assert code == 1 and "No published figures for 2030" in err
    with pytest.raises(SystemExit) as caught:
        main(["benchmark", "--la", "303"])
    assert caught.value.code == 2
    assert "--la and --year are required" in capsys.readouterr().err


def test_import_release_and_releases(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "csww_indicators_2017_to_2026.csv"
    path.write_bytes(revised_release())
    code, out, _ = run(capsys, "benchmark", "import-release", str(path))
    assert code == 0
    assert "Imported csww_indicators_2017_to_2026.csv: 325 rows for 2019, 2026." in out
    assert "adds years: 2026" in out
    assert "replaces rows for years: 2019 (162 rows)" in out

    code, out, _ = run(capsys, "benchmark", "--la", "303", "--year", "2019", "--format", "json")
    assert json.loads(out)["council"]["turnover_rate_fte"] == 21.9

    code, out, _ = run(capsys, "benchmark", "releases")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("1. Children's social work workforce, reporting year 2025") and "(shipped)" in lines[0]
    assert lines[2].startswith("2. csww_indicators_2017_to_2026.csv (imported ")
    assert "Open Government Licence v3.0" in out

    code, out, _ = run(capsys, "benchmark", "releases", "--format", "json")
    assert [r["shipped"] for r in json.loads(out)] == [True, False]

    code, _, err = run(capsys, "benchmark", "import-release", str(path))
    assert code == 1 and "imported before" in err


def test_import_release_rejects_a_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("time_period,la_name\n2019,Bexley\n")
    code, _, err = run(capsys, "benchmark", "import-release", str(path))
    assert code == 1
    assert "bad.csv is not a DfE CSWW indicators file" in err
    assert "row 1, column geographic_level: is missing" in err
    assert not m.PublishedRelease.objects.exists()
    assert run(capsys, "benchmark", "import-release", str(tmp_path / "missing.csv"))[0] == 1


def test_neighbours_show_set_and_clear(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "benchmark", "neighbours", "--la", "303")
    assert code == 0 and "shipped" in out and "883  Thurrock" in out

    code, out, _ = run(capsys, "benchmark", "neighbours", "--la", "303", "--set", "311,307", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "la_code": "303",
        "source": "configured",
        "neighbours": [{"la_code": "311", "la_name": "Havering"}, {"la_code": "307", "la_name": "Ealing"}],
    }
    code, out, _ = run(capsys, "benchmark", "--la", "303", "--year", "2019", "--format", "json")
    assert [p["la_name"] for p in json.loads(out)["peers"]] == ["Havering", "Ealing"]

    code, _, err = run(capsys, "benchmark", "neighbours", "--la", "303", "--set", "999")
    assert code == 1 and "999" in err

    code, out, _ = run(capsys, "benchmark", "neighbours", "--la", "303", "--clear")
    assert code == 0 and "shipped" in out

    code, out, _ = run(capsys, "benchmark", "neighbours", "--la", "209")
    assert code == 0 and "no statistical neighbours set" in out
