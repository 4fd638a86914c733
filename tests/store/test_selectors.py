"""The frames built straight from SQL equal the frames built from the stored records."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from csc_workforce.measures import frames_from_records
from csc_workforce.measures.inputs import DATED_FRAMES, SCHEMAS
from csc_workforce.store import models as m
from csc_workforce.store.selectors import council_frames
from csc_workforce.store.services.records import records_load, records_store
from csc_workforce.store.services.records import records_with_source as _with_source
from csc_workforce.synthetic import generate_council
from tests.development_records import with_development


@pytest.fixture
def stored() -> m.Council:
    records = generate_council(
        la_code="990", name="Northgate", region="North West", first_year=2023, last_year=2025, seed=3, size=60
    )
    council = m.Council.objects.create(la_code="990", name="Northgate", region="North West")
    source = m.Source.objects.create(council=council, kind="synthetic", name="test", recorded_at=datetime.now(UTC))
    key = f"source:{source.pk}"
    records_store(council=council, records=_with_source(with_development(records), key))
    return council


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


@pytest.mark.django_db
def test_every_frame_from_sql_equals_the_frame_from_records(stored):
    """The one container, built by the store's one query per frame and by the records' builder, is the same (the
    practice and development frames from hand-made records of every kind: tests/development_records.py)."""
    from_sql = council_frames(la_codes=["990"])
    from_records = frames_from_records([records_load(council=stored)])
    for name in set(SCHEMAS) - {"cost_assumptions"}:  # the council's settings, not its records: below
        assert getattr(from_sql, name).height > 0, name
        assert_frame_equal(_sorted(getattr(from_sql, name)), _sorted(getattr(from_records, name)), check_dtypes=True)


@pytest.mark.django_db
def test_the_cost_assumptions_frame_is_the_council_s_saved_assumptions(stored):
    from csc_workforce.measures.turnover_cost import TurnoverAssumptions, assumptions_of
    from csc_workforce.store.services.cost_assumptions import save_assumptions

    assert council_frames(la_codes=["990"]).cost_assumptions.is_empty()
    own = TurnoverAssumptions(on_costs_pct=27.5, weekly_hours=36, salaries={"5": 41250.5})
    save_assumptions(la_code="990", assumptions=own, set_by="lead", now=datetime(2026, 1, 5, tzinfo=UTC))
    assert assumptions_of(council_frames(la_codes=["990"]), "990") == own


@pytest.mark.django_db
def test_a_grade_is_one_row_per_title_its_name_included_each_title_once(stored):
    """Grade 9's titles "Social worker" and "Social Worker (ASYE)" and its name: three rows; Team manager has no
    titles: one row, its name. Title keys are lower case without spaces."""
    grades = council_frames(la_codes=["990"]).grades.sort("grade", "title")
    assert grades.select("grade", "rank", "title", "title_key").rows() == [
        ("Grade 9", 1, "Grade 9", "grade9"),
        ("Grade 9", 1, "Social Worker (ASYE)", "socialworker(asye)"),
        ("Grade 9", 1, "Social worker", "socialworker"),
        ("Team manager", 3, "Team manager", "teammanager"),
    ]


@pytest.mark.django_db
def test_the_development_frames_are_empty_for_a_council_holding_none(stored):
    other = m.Council.objects.create(la_code="991", name="Southbridge")
    frames = council_frames(la_codes=[other.la_code])
    for name in DATED_FRAMES:
        assert getattr(frames, name).height == 0, name
        assert getattr(frames, name).schema == pl.Schema(SCHEMAS[name]), name


@pytest.mark.django_db
def test_without_dated_frames_they_are_empty_and_the_rest_the_same(stored):
    """The dashboard, DfE's measures and reconciliation read no dated frame (``frames=()``): they are left empty
    (with their schemas), and every other frame is as in the whole set."""
    whole = council_frames(la_codes=["990"])
    lean = council_frames(la_codes=["990"], frames=())
    for name in SCHEMAS:
        if name in DATED_FRAMES:
            assert getattr(whole, name).height > 0 and getattr(lean, name).height == 0, name
            assert getattr(lean, name).schema == pl.Schema(SCHEMAS[name]), name
        else:
            assert_frame_equal(getattr(lean, name), getattr(whole, name)), name


@pytest.mark.django_db
def test_only_the_dated_frames_named_are_loaded(stored):
    """A page of figures loads the dated frames its parts read: those are as in the whole set, every other dated
    frame empty with its schema, the workforce frames whole."""
    chosen = {"grades", "applications", "supervision"}
    whole = council_frames(la_codes=["990"])
    some = council_frames(la_codes=["990"], frames=chosen)
    for name in SCHEMAS:
        if name in DATED_FRAMES and name not in chosen:
            assert getattr(some, name).height == 0, name
            assert getattr(some, name).schema == pl.Schema(SCHEMAS[name]), name
        else:
            assert getattr(some, name).height > 0 or name == "cost_assumptions", name  # none saved: empty
            assert_frame_equal(getattr(some, name), getattr(whole, name)), name


@pytest.mark.django_db
def test_a_frame_not_dated_is_refused(stored):
    """A misspelt frame would silently be empty: it is refused, naming it."""
    with pytest.raises(ValueError, match="no dated frame supervisions"):
        council_frames(la_codes=["990"], frames=["supervision", "supervisions"])


@pytest.mark.django_db
def test_the_survey_frames_from_sql_are_the_records_in_their_order(stored):
    """A measure by survey question takes a question's wording from the first of its answers that gives one, so
    the survey frames come in the stored records' order (wave, question, option), whatever order the rows were
    written in: the strategies' question series, loading these two frames alone, gives what it gave from the
    whole records. Here the agreeing answer, written second, is first in that order and gives its wording."""
    from csc_workforce.measures.staff_voice import survey_questions_by_wave

    source = m.Source.objects.create(council=stored, kind="upload", name="s.csv", recorded_at=datetime.now(UTC))
    wave = m.SurveyWave.objects.create(
        council=stored, source=source, key="wave:W9", on=date(2024, 3, 1), instrument="Own", responses=20
    )
    for option, text in (("strongly_agree", "Later wording"), ("agree", "Wording")):
        m.SurveyAnswer.objects.create(
            council=stored, source=source, wave=wave, question="Q9", option=option, count=5, question_text=text
        )
    from_sql = council_frames(la_codes=["990"], frames=("survey_waves", "survey_answers"))
    from_records = frames_from_records([records_load(council=stored)])
    for name in ("survey_waves", "survey_answers"):
        assert_frame_equal(getattr(from_sql, name), getattr(from_records, name), check_dtypes=True)
    nine = pl.col("question") == "Q9"
    asked = survey_questions_by_wave(from_sql, as_at=date(2024, 12, 31)).filter(nine)
    assert asked["question_text"].to_list() == ["Wording"]
    assert_frame_equal(asked, survey_questions_by_wave(from_records, as_at=date(2024, 12, 31)).filter(nine))


@pytest.mark.django_db
def test_any_text_and_number_stored_comes_back_as_it_was(stored):
    """Each column is read as one JSON array the database makes: text with quotes, commas, brackets, escapes, a
    line break, control characters, non-ASCII letters, the word null, and empty text come back exactly, and so do
    a missing value and the smallest and largest FTE a field holds."""
    awkward = [
        'Senior "practitioner", Team A',
        '["x", null]',
        "back\\slash / and\nnew line\ttab",
        "\x01\x1f control",
        "Ysbyty Gwynedd — Ffion Jürgen 社会",
        "null",
        "",
        None,
    ]
    assignments = list(m.Assignment.objects.filter(council=stored).order_by("id")[: len(awkward)])
    for assignment, title in zip(assignments, awkward, strict=True):
        assignment.job_title = title
    assignments[0].fte, assignments[1].fte, assignments[2].fte = Decimal("0.000001"), Decimal("999.999999"), None
    m.Assignment.objects.bulk_update(assignments, ["job_title", "fte"])
    frame = council_frames(la_codes=["990"], frames=()).assignments
    from_records = frames_from_records([records_load(council=stored)]).assignments
    assert set(awkward) <= set(frame["job_title"].to_list())
    assert {0.000001, 999.999999} <= set(frame["fte"].to_list())
    assert_frame_equal(_sorted(frame), _sorted(from_records), check_dtypes=True)


@pytest.mark.django_db
def test_a_council_holding_nothing_has_every_frame_empty_with_its_schema():
    m.Council.objects.create(la_code="991", name="Southbridge")
    frames = council_frames(la_codes=["991"])
    assert frames.councils["la_code"].to_list() == ["991"]
    for name in set(SCHEMAS) - {"councils"}:
        assert getattr(frames, name).is_empty(), name
        assert getattr(frames, name).schema == pl.Schema(SCHEMAS[name]), name


@pytest.mark.django_db(transaction=True)
def test_frames_are_kept_for_the_records_version_and_read_again_when_it_changes(stored):
    """Outside a transaction the frames read are kept by the process for the records version: read again, the
    same frames come back without a query for them; the councils' names are read each time (a rename does not
    change the version); any write of records (``data_changed``) makes the next read go to the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from csc_workforce.store.services.councils import council_rename

    def read(frames: tuple[str, ...]) -> tuple[object, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            got = council_frames(la_codes=["990"], frames=frames)
        return got, [q["sql"] for q in queries.captured_queries]

    first, asked = read(("supervision",))
    assert any("workforce_assignment" in sql for sql in asked)
    again, asked = read(("supervision",))
    assert [sql for sql in asked if "workforce_" in sql and "dataversion" not in sql] == [asked[-1]]  # councils
    assert "workforce_council" in asked[-1]
    for name in ("assignments", "supervision", "people"):
        assert_frame_equal(getattr(again, name), getattr(first, name))
    more, asked = read(("supervision", "reviews"))  # only the reviews read besides the councils
    records = [sql for sql in asked if "workforce_" in sql and "dataversion" not in sql and "keptframe" not in sql]
    assert len(records) == 2
    assert more.reviews.height > 0  # type: ignore[attr-defined]
    council_rename(la_code="990", name="Northgate and Hythe", region="North West")
    assert council_frames(la_codes=["990"]).councils["la_name"].to_list() == ["Northgate and Hythe"]

    m.Assignment.objects.filter(council=stored).delete()  # a write that does not say so: still kept
    assert council_frames(la_codes=["990"]).assignments.height == first.assignments.height  # type: ignore[attr-defined]
    from csc_workforce.store.services.records import data_changed

    data_changed()  # as every write of records does
    assert council_frames(la_codes=["990"]).assignments.is_empty()


@pytest.mark.django_db
def test_inside_a_transaction_frames_are_read_from_the_database_every_time(stored):
    """A transaction may have written records the version does not count yet: nothing is kept or used."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    council_frames(la_codes=["990"], frames=())
    with CaptureQueriesContext(connection) as queries:
        council_frames(la_codes=["990"], frames=())
    assert any("workforce_assignment" in q["sql"] for q in queries.captured_queries)


def _process_forgets() -> None:
    """As a new process (another server, or the next command) starts: nothing kept in memory."""
    from csc_workforce.store import selectors

    selectors._KEPT.clear()


@pytest.mark.django_db(transaction=True)
def test_frames_read_are_kept_in_the_database_for_every_process_until_the_records_change(stored):
    """Outside a transaction the frames read are kept in the database (``models.KeptFrame``) for the records
    version, so a new process reads them back instead of the records (two app servers share them); any write
    of records deletes them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from csc_workforce.store.services.records import data_changed

    first = council_frames(la_codes=["990"])
    assert m.KeptFrame.objects.count() == len(SCHEMAS) - 1  # every frame but the councils' (read every time)
    _process_forgets()
    with CaptureQueriesContext(connection) as queries:
        again = council_frames(la_codes=["990"])
    asked = [q["sql"] for q in queries.captured_queries]
    assert not any("workforce_assignment" in sql or "workforce_engagement" in sql for sql in asked)
    assert any("workforce_keptframe" in sql for sql in asked)
    for name in SCHEMAS:
        assert_frame_equal(getattr(again, name), getattr(first, name))
    # another council's, or every council's, frames are kept apart
    assert council_frames(la_codes=["991"]).assignments.is_empty()
    assert m.KeptFrame.objects.values("councils").distinct().count() == 2
    m.Assignment.objects.filter(council=stored).delete()
    data_changed()  # as every write of records does: the kept frames go with the change
    assert not m.KeptFrame.objects.exists()
    _process_forgets()
    assert council_frames(la_codes=["990"]).assignments.is_empty()


@pytest.mark.django_db(transaction=True)
def test_a_kept_frame_of_another_layout_or_damaged_is_never_used(stored):
    """The version a frame is kept under names the frames' layout (the package's version and every schema): a
    frame kept by an older release is not read; a copy that cannot be read back is read from the records."""
    from csc_workforce.store import selectors

    first = council_frames(la_codes=["990"])
    m.KeptFrame.objects.filter(frame="engagements").update(data=b"not arrow")
    m.KeptFrame.objects.filter(frame="people").update(version="older:layout")
    _process_forgets()
    again = council_frames(la_codes=["990"])
    assert_frame_equal(again.engagements, first.engagements)
    assert_frame_equal(again.people, first.people)
    assert selectors.LAYOUT.count(":") == 1 and m.KeptFrame.objects.filter(frame="people").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_copy_that_cannot_be_kept_changes_nothing(stored, monkeypatch):
    """Keeping a copy never fails a read: the database refusing the write (an import holding its lock, say) leaves
    no copy, and the frames read are returned as they are."""
    from django.db import DatabaseError

    def refused(*args: object, **kwargs: object) -> None:
        raise DatabaseError("database is locked")

    monkeypatch.setattr(m.KeptFrame.objects, "bulk_create", refused)
    frames = council_frames(la_codes=["990"])
    assert frames.assignments.height > 0 and not m.KeptFrame.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_migration_forgets_the_kept_frames(stored):
    """A migration may change what is stored, so every run of migrate deletes the frames kept before it."""
    from django.core.management import call_command

    council_frames(la_codes=["990"])
    assert m.KeptFrame.objects.exists()
    call_command("migrate", verbosity=0)
    assert not m.KeptFrame.objects.exists()
