"""``csc-workforce strategy meetings``: the meetings due for strategies' governance bodies, soonest first, the
papers each needs and the ``report build`` command that writes each; worked by hand from the seed strategies'
YAML dates. The commands it prints are run, for a council the database holds, and write the reports."""

from __future__ import annotations

import json
import shlex
from datetime import date
from pathlib import Path

import docx
import pytest

from csc_workforce.cli.main import main
from tests.cli.test_tables_cli import eastmoor  # noqa: F401 -- the synthetic council 992

pytestmark = pytest.mark.django_db

BEXLEY = "bexley-2020-23"


def meetings(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["strategy", "meetings", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_bexley_s_meetings_in_a_window_soonest_first(capsys: pytest.CaptureFixture[str]) -> None:
    doc = meetings(capsys, BEXLEY, "--from", "2020-03-01", "--until", "2020-06-30")
    found = [(m["date"], m["body"], m["previous"]) for m in doc["meetings"]]  # type: ignore[index]
    slt = "Senior Leadership Team (Performance Management meetings)"
    assert found == [
        ("2020-03-15", "Workforce strategy group", "2020-02-15"),  # monthly from 15 January 2020
        # 10-weekly from 20 January 2020: + 70 days = 30 March (11 days of January, 29 of February, 30 of March)
        ("2020-03-30", slt, "2020-01-20"),
        ("2020-03-31", "Learning and Improvement Board", None),  # every 6 months from 31 March 2020: its first
        ("2020-04-15", "Workforce strategy group", "2020-03-15"),
        ("2020-05-15", "Workforce strategy group", "2020-04-15"),
        ("2020-06-08", slt, "2020-03-30"),  # 30 March + 70 days (1 + 30 + 31 + 8)
        ("2020-06-15", "Workforce strategy group", "2020-05-15"),
    ]  # the annual review's first is 31 January 2021, after the window
    assert (doc["from"], doc["until"], doc["next"], doc["without_governance"]) == ("2020-03-01", "2020-06-30", None, [])
    june = doc["meetings"][5]  # type: ignore[index]
    assert (june["strategy"], june["council"], june["la_code"], june["every"]) == (
        BEXLEY,
        "Bexley",
        "303",
        "every 10 weeks",
    )
    [paper] = june["papers"]
    # the paper is written before the meeting: as at the last month end before 8 June
    assert (paper["kind"], paper["title"], paper["as_at"], paper["year"]) == (
        "strategy-progress",
        "Workforce strategy: progress report",
        "2020-05-31",
        None,
    )
    assert paper["command"] == (
        "csc-workforce report build strategy-progress --la 303 --strategy bexley-2020-23 --as-at 2020-05-31 "
        "--format docx --output bexley-2020-23-strategy-progress-2020-06-08.docx"
    )


def test_each_body_s_next_meetings_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "meetings", BEXLEY, "--from", "2021-01-01", "--next", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Meetings due: each body's next 2 meetings on or after 2021-01-01, soonest first.\n")
    heads = [" ".join(line.split(": ")[0].split("  ", 1)) for line in out.splitlines() if line[:2] == "20"]
    slt = "Senior Leadership Team (Performance Management meetings)"
    assert heads == [
        # 1 January 2021 is 347 days after 20 January 2020: the 5th 10-weekly step (350 days) is 4 January
        f"2021-01-04 {slt}",
        "2021-01-15 Workforce strategy group",
        "2021-01-31 Annual review of the priorities",  # its first
        "2021-02-15 Workforce strategy group",
        f"2021-03-15 {slt}",  # 4 January + 70 days (27 + 28 + 15)
        "2021-03-31 Learning and Improvement Board",  # every 6 months from 31 March 2020
        "2021-09-30 Learning and Improvement Board",  # 30 September: the month's last day
        "2022-01-31 Annual review of the priorities",
    ]
    # the annual review of 31 January 2021 (its first) needs two papers: a census year's and one as at a date
    review = out[out.index("2021-01-31  Annual review of the priorities") :].split("\n\n")[0].splitlines()
    assert review == [
        "2021-01-31  Annual review of the priorities: every year, its first meeting",
        "  for bexley-2020-23, Bexley (303): Children's Social Care Workforce Development Strategy 2020-2023",
        "  paper recruitment-retention: Annual recruitment and retention analysis: children's social work "
        "(census year 2020)",
        "    csc-workforce report build recruitment-retention --la 303 --year 2020 --format docx "
        "--output 303-recruitment-retention-2021-01-31.docx",
        "  paper strategy-progress: Workforce strategy: progress report (as at 2020-12-31)",
        "    csc-workforce report build strategy-progress --la 303 --strategy bexley-2020-23 --as-at 2020-12-31 "
        "--format docx --output bexley-2020-23-strategy-progress-2021-01-31.docx",
    ]


def test_by_default_every_seed_s_next_meetings_from_today(capsys: pytest.CaptureFixture[str]) -> None:
    doc = meetings(capsys)
    assert (doc["from"], doc["until"], doc["next"]) == (date.today().isoformat(), None, 1)
    rows = doc["meetings"]
    # one row per body of the five seeds: Bexley 4, Dudley 1, Lewisham 2, Slough 4, Worcestershire 1
    assert len(rows) == 12  # type: ignore[arg-type]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)  # type: ignore[union-attr]
    assert all(r["date"] >= date.today().isoformat() for r in rows)  # type: ignore[union-attr]


def test_la_keeps_only_that_council_s_strategies(capsys: pytest.CaptureFixture[str]) -> None:
    doc = meetings(capsys, "--la", "209", "--from", "2017-04-01", "--until", "2017-05-31")
    found = [(m["date"], m["strategy"], m["body"]) for m in doc["meetings"]]  # type: ignore[index]
    assert found == [  # Lewisham's: monthly from 30 April 2016, and the annual analysis from 30 April 2017
        ("2017-04-30", "lewisham-2016-18", "Annual recruitment and retention analysis"),
        ("2017-04-30", "lewisham-2016-18", "Directorate Management Team"),
        ("2017-05-30", "lewisham-2016-18", "Directorate Management Team"),
    ]
    analysis = doc["meetings"][0]["papers"][0]  # type: ignore[index]
    assert analysis["command"] == (
        "csc-workforce report build recruitment-retention --la 209 --year 2016 --format docx "
        "--output 209-recruitment-retention-2017-04-30.docx"
    )
    monthly = doc["meetings"][2]["papers"][0]  # type: ignore[index]
    assert (monthly["kind"], monthly["as_at"]) == ("monthly-hr", "2017-04-30")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere-2020"], 'no seed strategy or file "nowhere-2020"; the seeds are: bexley-2020-23'),
        (["--la", "Bexley"], "--la must be a DfE 3-digit council code"),
        (["--from", "2024-05-01", "--until", "2024-04-30"], "--until 2024-04-30 is before the first day asked about"),
    ],
)
def test_what_cannot_be_listed_exits_1_and_says_why(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["strategy", "meetings", *args]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


@pytest.mark.parametrize("args", [["--next", "0"], ["--next", "2", "--until", "2025-01-01"]])
def test_a_wrong_window_is_a_usage_error(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["strategy", "meetings", *args])
    assert stopped.value.code == 2


HEAD = (
    "id: {id}\ntitle: {id} strategy\ncouncil: {{name: Eastmoor, la_code: '992'}}\n"
    "period: {{start: 2024-01-01, end: 2026-12-31}}\n"
    "outcomes:\n  - id: a\n    title: A\n    measures:\n      - measure: turnover_rate_fte\n"
    "        target: {{direction: decrease}}\n"
)


def test_a_strategy_with_no_governance_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(HEAD.format(id="plain"))
    assert main(["strategy", "meetings", str(path), "--from", "2025-01-01"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "plain: no meeting cycle (the strategy gives no governance bodies)."
    ]
    assert meetings(capsys, str(path))["without_governance"] == ["plain"]


@pytest.mark.usefixtures("eastmoor")
def test_the_commands_printed_write_the_papers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A council's own strategy (a file) for Eastmoor, which the database holds: each command printed, run as
    it is, writes its report; a strategy's own report is one ``report build`` writes for a seed only."""
    path = tmp_path / "eastmoor.yaml"
    path.write_text(
        HEAD.format(id="eastmoor-own")
        + "governance:\n"
        + "  - {body: Panel, every: {months: 12}, first: 2025-10-15, papers: [scrutiny, strategy-progress]}\n"
        + "  - {body: Directorate team, every: {months: 1}, first: 2025-10-15, papers: [monthly-hr, board-minutes]}\n"
    )
    doc = meetings(capsys, str(path), "--from", "2025-10-01", "--until", "2025-10-31")
    papers = {p["kind"]: p for m in doc["meetings"] for p in m["papers"]}  # type: ignore[union-attr]
    assert papers["board-minutes"]["note"] == "not a kind of report: see `csc-workforce report list`"
    assert papers["strategy-progress"]["command"] is None
    assert papers["strategy-progress"]["note"] == "report build writes a strategy's report for a seed strategy only"
    # 15 October 2025: the census year to 30 September 2025, and the month to 30 September
    assert (papers["scrutiny"]["year"], papers["monthly-hr"]["as_at"]) == (2025, "2025-09-30")
    monkeypatch.chdir(tmp_path)
    for kind in ("scrutiny", "monthly-hr"):
        program, *args = shlex.split(papers[kind]["command"])
        assert program == "csc-workforce"
        assert main(args) == 0, capsys.readouterr().err
        written = tmp_path / f"992-{kind}-2025-10-15.docx"
        assert "30 September 2025" in capsys.readouterr().out
        assert docx.Document(str(written)).paragraphs  # a Word document


@pytest.mark.usefixtures("eastmoor")
def test_a_council_with_no_strategy_of_its_own_has_every_seed_s_cycle_applied_to_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Eastmoor (992) has no seed strategy: as on the strategy pages, each seed's cycle is applied to it, and the
    papers' commands are for Eastmoor. Named, Bexley's strategy is applied to it alone."""
    doc = meetings(capsys, "--la", "992", "--from", "2020-03-01", "--until", "2020-03-31")
    strategies = {m["strategy"] for m in doc["meetings"]}  # type: ignore[index]
    assert BEXLEY in strategies and len(strategies) > 1
    assert {(m["council"], m["la_code"]) for m in doc["meetings"]} == {("Eastmoor", "992")}  # type: ignore[index]
    doc = meetings(capsys, BEXLEY, "--la", "992", "--from", "2020-06-01", "--until", "2020-06-10")
    [june] = doc["meetings"]  # type: ignore[misc]
    assert june["date"] == "2020-06-08" and june["papers"][0]["command"].startswith(
        "csc-workforce report build strategy-progress --la 992 --strategy bexley-2020-23 --as-at 2020-05-31 "
    )
