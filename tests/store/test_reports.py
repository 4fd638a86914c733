"""Reports built from a council's data (store.services.reports): each kind in each format for a synthetic council,
opened and read back; the figures they quote are the measures' (HeldValues, the strategy page); a published or
withheld report withholds as a viewer's pages do; what cannot be built is refused with the reason."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
import pypdf
import pytest
from openpyxl import load_workbook

from csc_workforce.measures.catalogue import Measure, Unit
from csc_workforce.measures.strategy_catalogue import STRATEGY_BY_ID
from csc_workforce.reports.document import Heading, Paragraph
from csc_workforce.reports.render import FORMATS, render
from csc_workforce.store.services.reports import REPORT_KINDS, ReportError, build_report
from csc_workforce.store.services.strategies import HeldValues
from csc_workforce.strategies.sentences import fmt
from tests.eastmoor import load_eastmoor

LA = "992"
TODAY = date(2025, 11, 3)


@pytest.fixture
def eastmoor(db: None) -> None:
    load_eastmoor()


def _build(kind: str, **asked: object):  # type: ignore[no-untyped-def]
    strategy = "dudley-2021-23" if REPORT_KINDS[kind].strategy else None
    return build_report(kind, la_code=LA, today=TODAY, strategy=strategy, **asked)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", list(REPORT_KINDS))
def test_each_kind_is_written_in_each_format_and_reads_back(eastmoor: None, kind: str) -> None:
    document = _build(kind)
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert headings and document.tables()
    files = {fmt: render(document, fmt) for fmt in FORMATS}
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages)
    word = docx.Document(io.BytesIO(files["docx"]))
    paragraphs = {p.text for p in word.paragraphs}
    book = load_workbook(io.BytesIO(files["xlsx"]))
    html = files["html"].decode()
    for heading in headings:
        assert heading in paragraphs and f">{heading}</h" in html.replace("&#x27;", "'")
        assert heading.split(":")[0][:20] in text.replace("\n", " ")
    assert len(word.tables) == len(document.tables()) and len(book.sheetnames) == len(document.tables()) + 1


def test_the_scrutiny_report_quotes_the_council_s_figures_against_last_year(eastmoor: None) -> None:
    document = _build("scrutiny")
    assert document.as_at == date(2025, 9, 30)
    values = HeldValues()
    table = next(t for t in document.tables() if t.title == "Turnover and vacancies: 2025 against 2024")
    rows = {row[0]: row for row in table.rows}
    for measure in ("turnover_rate_fte", "starters_headcount", "leavers_headcount"):
        meta = STRATEGY_BY_ID[measure]
        points = dict(values.series(measure, LA) or [])
        assert rows[meta.title][1] == _as_shown(points[2025], meta) and rows[meta.title][2] == _as_shown(
            points[2024], meta
        )
    turnover = STRATEGY_BY_ID["turnover_rate_fte"]
    sentence = next(b.text for b in document.blocks if isinstance(b, Paragraph) and b.text.startswith(turnover.title))
    points = dict(values.series("turnover_rate_fte", LA) or [])
    assert f"was {_as_shown(points[2025], turnover)} in the year to 30 September 2025" in sentence
    assert f"from {_as_shown(points[2024], turnover)} the year before" in sentence
    assert "England's was" in sentence  # a rate DfE publishes


def _as_shown(value: float, meta: Measure) -> str:
    """A rate to one decimal place; else as the strategy sentences put it."""
    return f"{value:.1f}%" if meta.unit is Unit.PERCENT else fmt(value, meta)


@pytest.mark.parametrize(
    ("measure", "now", "before", "change", "words"),
    [
        ("caseload_average_per_worker", 16.13, 15.97, "+0.1", "up from 16.0 cases"),  # as shown: 16.1 and 16.0
        ("children_max_3_social_workers_pct", 99.46, 99.47, "no change", "the same as the year before"),
        ("turnover_rate_fte", 12.6, 14.0, "-1.4 points", "down from 14.0% the year before"),  # a rate: 1 place
        ("agency_headcount", 57, 53, "+4", "up from 53 people"),
        ("agency_spend", 3_798_256.4, 3_721_703.2, "+£76,553", "up from £3,721,703"),
        ("agency_spend", 1000.4, 1000.2, "no change", "the same as the year before"),
    ],
)
def test_a_change_is_between_the_figures_as_shown(
    measure: str, now: float, before: float, change: str, words: str
) -> None:
    from csc_workforce.store.services.reports import _change, _sentence

    meta = STRATEGY_BY_ID[measure]
    assert _change(now, before, meta) == change
    assert words in _sentence(meta, now, before, None, 2025, {})


def test_a_figure_withheld_from_a_published_report_says_it_is_withheld(eastmoor: None) -> None:
    from csc_workforce.store.services.strategies import WITHHELD_REASON

    document = _build("scrutiny")
    full, withheld = HeldValues(), HeldValues(withhold=True)
    held_back = [
        STRATEGY_BY_ID[measure].title
        for table in document.tables()
        if table.title.endswith(": 2025 against 2024")
        for measure in STRATEGY_BY_ID
        if STRATEGY_BY_ID[measure].title in {row[0] for row in table.rows}
        and dict(full.series(measure, LA) or []).get(2025) is not None
        and dict(withheld.series(measure, LA) or []).get(2025) is None
    ]
    assert held_back  # Eastmoor has some: one worker's maximum caseload, for one
    sentences = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    for title in held_back:
        assert f"{title}: no figure for 2025 ({WITHHELD_REASON})." in sentences


def test_the_purpose_is_the_kind_s_unless_given(eastmoor: None) -> None:
    (purpose,) = [b for b in _build("scrutiny").blocks if isinstance(b, Paragraph)][:1]
    assert purpose.text.startswith("This report gives the Eastmoor Overview and Scrutiny Panel")
    given = _build("scrutiny", purpose="To note the workforce position.\n\nTo agree the actions.")
    assert [b.text for b in given.blocks if isinstance(b, Paragraph)][:2] == [
        "To note the workforce position.",
        "To agree the actions.",
    ]


def test_the_strategy_progress_report_gives_each_measure_s_rag(eastmoor: None) -> None:
    from csc_workforce.store.services.strategy_pages import strategy_page
    from csc_workforce.strategies import load_seed

    document = _build("strategy-progress", as_at=date(2025, 9, 30))
    page = strategy_page(load_seed("dudley-2021-23"), la_code=LA, as_at=date(2025, 9, 30), values=HeldValues())
    for outcome in page.outcomes:
        table = next(t for t in document.tables() if t.title == f"{outcome.title}: measures")
        assert [row[3] for row in table.rows] == [r.rag for r in outcome.measures]
    sentences = {b.text for b in document.blocks if isinstance(b, Paragraph)}
    assert all(r.sentence in sentences for o in page.outcomes for r in o.measures)
    judged = "Strategy 2021-2023 (2021 to 2023), judged on Eastmoor's own workforce records held here"
    assert any(judged in t for t in sentences)  # the council's name as it is written


def test_a_withheld_report_withholds_small_numbers_as_a_viewer_s_page_does(eastmoor: None) -> None:
    """The scrutiny report is for a public meeting: withheld whoever builds it; another report when asked."""
    assert _build("scrutiny").published
    full, withheld = _build("ofsted-pack"), _build("ofsted-pack", suppress=True)
    assert withheld.published and not full.published
    cells = [c for t in withheld.tables() for row in t.rows for c in row]
    assert "c" in cells and "c" not in [c for t in full.tables() for row in t.rows for c in row]


def test_what_cannot_be_built_is_refused(eastmoor: None) -> None:
    with pytest.raises(ReportError, match="No report kind 'minutes'"):
        build_report("minutes", la_code=LA, today=TODAY)
    with pytest.raises(ReportError, match="No council 999 is held"):
        build_report("scrutiny", la_code="999", today=TODAY)
    with pytest.raises(ReportError, match="Eastmoor holds no census year 2019: it holds 2023, 2024, 2025"):
        build_report("scrutiny", la_code=LA, today=TODAY, year=2019)
    with pytest.raises(ReportError, match=r"Give the strategy \(--strategy\), one of bexley-2020-23"):
        build_report("strategy-progress", la_code=LA, today=TODAY)
    with pytest.raises(ReportError, match="cannot be as at 30 November 2025, after today .3 November 2025.: build"):
        build_report("ofsted-pack", la_code=LA, today=TODAY, as_at=date(2025, 11, 30))


def test_a_part_whose_records_begin_late_says_so_as_its_page_does(eastmoor: None) -> None:
    """Eastmoor's supervision records begin in October 2022: a scrutiny report on 2023 says the period is
    shortened, as the page does, above the table."""
    from csc_workforce.store import models as m
    from csc_workforce.store.services.records_pages import records_page

    document = _build("scrutiny", year=2023)
    council = m.Council.objects.get(la_code=LA)
    part = records_page("development", council=council, today=TODAY, as_at=date(2023, 9, 30)).part("supervision")
    assert part.notes, "the period is shortened"
    at = next(n for n, b in enumerate(document.blocks) if isinstance(b, Heading) and b.text == "Supervision by team")
    shown = [b.text for b in document.blocks[at + 1 : at + 4] if isinstance(b, Paragraph)]
    assert part.notes[0] in shown


def test_month_ends() -> None:
    from csc_workforce.store.services.reports import month_end

    assert month_end(date(2025, 9, 30)) == date(2025, 9, 30)
    assert month_end(date(2025, 6, 15)) == date(2025, 5, 31)
    assert month_end(date(2024, 3, 1)) == date(2024, 2, 29)
    assert month_end(date(2025, 12, 31)) == date(2025, 12, 31)
    assert month_end(date(2026, 1, 10)) == date(2025, 12, 31)


def test_the_monthly_report_is_at_a_month_end_against_the_month_before_and_the_year_before(eastmoor: None) -> None:
    """As at 15 August 2025: the month end before it, 31 July 2025, against 30 June 2025 and 31 July 2024; each
    figure the measures' own at that date over the 12 months to it."""
    from csc_workforce.domain.periods import twelve_months_to
    from csc_workforce.measures import compute_measures
    from csc_workforce.store.selectors import council_frames

    document = _build("monthly-hr", as_at=date(2025, 8, 15))
    assert document.as_at == date(2025, 7, 31)
    table = next(t for t in document.tables() if t.title == "Agency workers at 31 July 2025")
    labels = [c.label for c in table.columns][1:5]
    assert labels == ["31 July 2025", "30 June 2025", "Change on the month", "31 July 2024"]
    inputs = council_frames(la_codes=[LA])
    meta = STRATEGY_BY_ID["agency_rate_fte"]
    row = next(r for r in table.rows if r[0] == meta.title)
    for column, day in ((1, date(2025, 7, 31)), (2, date(2025, 6, 30)), (4, date(2024, 7, 31))):
        figure = compute_measures(inputs, as_at=day, period=twelve_months_to(day), time_period="m", total=False)
        assert row[column] == fmt(figure["agency_rate_fte"][0], meta)


def test_a_month_end_the_records_do_not_reach_is_said(eastmoor: None) -> None:
    """Eastmoor's records are complete to 30 September 2025: October 2025's month end is refused with why, and
    its column is empty; the month before and the year before are shown."""
    document = _build("monthly-hr", as_at=date(2025, 10, 31))
    said = {b.text for b in document.blocks if isinstance(b, Paragraph) and b.style == "inset"}
    assert any(s.startswith(f"Figures for {LA} as at 31 October 2025 are not available") for s in said)
    table = next(t for t in document.tables() if t.title == "Agency workers at 31 October 2025")
    assert {row[1] for row in table.rows} == {"-"} and "-" not in {row[2] for row in table.rows}


def test_the_strategy_progress_report_has_the_action_plan_with_its_rag(eastmoor: None) -> None:
    """Two actions under Dudley's recruitment outcome: 1.1 due 30 June 2025, updated "at risk" on 1 May 2025 and
    not done by 30 September 2025 (red: past its due date); 1.2 done on 1 August 2025 (green)."""
    from django.contrib.auth.models import User

    from csc_workforce.store.services.actions import add_update, save_action

    lead = User.objects.create_user("lead")
    from csc_workforce.store.models import CouncilRole, Role

    CouncilRole.objects.create(user=lead, role=Role.ANALYST, la_code=LA)
    now = datetime(2025, 10, 1, tzinfo=UTC)
    common = {"user": lead, "la_code": LA, "strategy_id": "dudley-2021-23", "outcome_id": "recruitment", "now": now}
    save_action(**common, ref="1.1", title="Refresh the recruitment microsite", status="on_track",
                owner="Head of Service", due=date(2025, 6, 30), new=True)  # fmt: skip
    save_action(**common, ref="1.2", title="Agency-to-permanent offer", status="not_started", new=True)
    updates = {"user": lead, "la_code": LA, "strategy_id": "dudley-2021-23", "now": now}
    add_update(**updates, ref="1.1", on=date(2025, 5, 1), status="at_risk", note="Supplier delayed")
    add_update(**updates, ref="1.2", on=date(2025, 8, 1), status="done", note="Offer agreed")
    document = _build("strategy-progress", as_at=date(2025, 9, 30))
    table = next(t for t in document.tables() if t.title.endswith(": actions"))
    rows = {row[0]: row for row in table.rows}
    assert rows["1.1"][2:6] == ("Head of Service", date(2025, 6, 30), "At risk", rows["1.1"][5])
    assert rows["1.1"][5].startswith("Red: past its due date") and rows["1.1"][6] == "1 May 2025: Supplier delayed"
    assert rows["1.2"][5].startswith("Green") and rows["1.2"][4] == "Done"
    summary = next(b.text for b in document.blocks if isinstance(b, Paragraph) and b.text.startswith("2 actions"))
    assert summary == "2 actions as at 30 September 2025: 1 done; 1 red, 0 amber and 1 green (done counts as green)."


def test_the_notes_say_how_the_figures_relate_to_the_census_return(eastmoor: None) -> None:
    """Eastmoor holds no census return: its figures are from its records, and the notes say so."""
    document = _build("recruitment-retention", year=2025)
    at = next(n for n, b in enumerate(document.blocks) if isinstance(b, Heading) and b.text.startswith("Notes on"))
    (note,) = [b for b in document.blocks[at + 1 :] if isinstance(b, Paragraph)]
    assert (
        note.text == "Eastmoor's census returns are not held here: every figure is from its own records, which "
        "are what its next return will be written from."
    )


@pytest.mark.django_db
def test_a_date_before_the_records_begin_is_refused(councils: list[str]) -> None:
    """990's first census return is 2024's: its records begin on 1 October 2023."""
    with pytest.raises(ReportError, match="records begin on 1 October 2023 .its first census return's year.: a report"):
        build_report("monthly-hr", la_code="990", today=TODAY, as_at=date(2023, 9, 30))
    assert build_report("monthly-hr", la_code="990", today=TODAY, as_at=date(2023, 10, 31)).as_at == date(2023, 10, 31)


@pytest.mark.django_db
def test_the_notes_of_a_council_whose_returns_and_records_agree(councils: list[str]) -> None:
    """990 holds its 2024 and 2025 census returns and nothing else: the two agree, and no return differs."""
    document = build_report("recruitment-retention", la_code="990", today=TODAY, year=2025)
    at = next(n for n, b in enumerate(document.blocks) if isinstance(b, Heading) and b.text.startswith("Notes on"))
    said = [b.text for b in document.blocks[at + 1 :] if isinstance(b, Paragraph)]
    assert said == ["The 2025 census return and the records give the same figure for every DfE measure."]


@pytest.mark.django_db
def test_the_notes_name_each_measure_the_records_give_differently(
    councils: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the records give another figure, each is said with the reconciliation's explanation; a published
    report says only how many (the explanations count workers)."""
    from csc_workforce.census.csww.reconcile import MeasureDifference, Reconciliation
    from csc_workforce.store.services import reports

    difference = MeasureDifference(
        2025, "inpost_headcount", "Social workers in post – headcount", 288, 290, True, "2 workers a later return lists"
    )
    held = Reconciliation("990", (2024, 2025), (), (difference,))
    monkeypatch.setattr(reports, "census_reconcile", lambda la_code: held)
    full = build_report("recruitment-retention", la_code="990", today=TODAY, year=2025)
    texts = [b.text for b in full.blocks if isinstance(b, Paragraph)]
    assert (
        "The DfE measures are quoted as the 2025 census return gave them. The council's records differ on "
        "these, for the reasons given:" in texts
    )
    assert difference.sentence in texts
    withheld = build_report("recruitment-retention", la_code="990", today=TODAY, year=2025, suppress=True)
    texts = [b.text for b in withheld.blocks if isinstance(b, Paragraph)]
    assert difference.sentence not in texts
    assert any("give a different figure for 1 of them" in t for t in texts)


def test_a_report_is_built_once_until_the_records_change(eastmoor: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reports page shows a report, then serves its downloads from the same build; any change to the
    records, or another audience, builds it afresh."""
    from django.core.cache import cache

    from csc_workforce.store.services import reports
    from csc_workforce.store.services.records import data_changed

    cache.clear()
    built: list[bool] = []
    real = reports.build_report

    def counting(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        built.append(bool(kwargs.get("suppress")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "build_report", counting)
    first = reports.cached_build_report("ofsted-pack", la_code=LA, today=TODAY)
    again = reports.cached_build_report("ofsted-pack", la_code=LA, today=TODAY)
    assert again == first and built == [False]
    reports.cached_build_report("ofsted-pack", la_code=LA, today=TODAY, suppress=True)
    assert built == [False, True]
    data_changed()
    reports.cached_build_report("ofsted-pack", la_code=LA, today=TODAY)
    assert built == [False, True, False]
