"""Two writers for one council at the same moment: each works on the records as the other left them, and nothing
either wrote is lost (store/locks.py; docs/architecture.md, "Concurrent writes").

Each test starts its writers in threads (each thread has its own database connection) that a barrier releases
together, on whichever database ``DATABASE_URL`` names (SQLite by default; CI runs PostgreSQL too). Checked with
the lock taken out, on PostgreSQL: two confirms lost one file's 30 people; a census return confirmed beside an
extract left people naming the replaced return's source; an undo racing a confirm left the undone file's people
in; keeping figures as returned made the import fail. On SQLite with transactions begun DEFERRED instead of
IMMEDIATE the second writer failed ("database is locked"). Two census imports of one council were already kept
apart on PostgreSQL by the row locks of their deletes; the test keeps them so.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from csc_workforce.domain.serialise import records_from_json, records_to_json
from csc_workforce.store import models as m
from csc_workforce.store.locks import council_lock_key, council_write_lock
from csc_workforce.store.services.census import census_import, census_rebuild
from csc_workforce.store.services.records import records_load
from csc_workforce.store.services.returned import returned_measures
from csc_workforce.store.services.uploads import (
    UploadRefused,
    upload_commit,
    upload_discard,
    upload_receive,
    upload_undo,
)
from tests.store.conftest import NOW

LATER = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst(transactional_db: None) -> User:
    return User.objects.create_user("ana", password="x" * 16)


def _together(*calls: Callable[[], Any], stagger: float = 0.0) -> list[Any]:
    """Run each call in its own thread with its own database connection, released together by a barrier
    (the n-th call ``n * stagger`` seconds after); each call's result, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=60)
            time.sleep(index * stagger)
            results[index] = call()
        except BaseException as raised:  # handed back to the test, which says what it expected
            results[index] = raised
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished (a deadlock?)"
    return results


def _people_csv(prefix: str, swe_base: int, count: int = 30) -> bytes:
    rows = [f"{prefix}{i:02},SW{swe_base + i},1985-01-{i % 28 + 1:02},F,WIRI" for i in range(1, count + 1)]
    return ("Staff number,SWE number,Date of birth,Gender,Ethnicity\n" + "\n".join(rows) + "\n").encode()


def _swes(swe_base: int, count: int = 30) -> set[str]:
    return {f"SW{swe_base + i}" for i in range(1, count + 1)}


def _people(la_code: str = "990") -> set[str]:
    return set(m.Person.objects.filter(council__la_code=la_code).values_list("swe_no", flat=True))


def _receive(user: User, data: bytes, filename: str, la_code: str = "990") -> m.Upload:
    upload = upload_receive(
        user=user, kind="people", filename=filename, data=data, la_code=la_code, allowed_la_codes=None, now=NOW
    )
    assert upload.status == m.Upload.PREVIEW, upload.issues
    return upload


def _fresh(upload: m.Upload) -> m.Upload:
    return m.Upload.objects.get(pk=upload.pk)


def _assert_every_record_has_its_source(la_code: str = "990") -> None:
    """No record names a source that is gone (what a writer acting on stale reads leaves behind)."""
    sources = set(m.Source.objects.filter(council__la_code=la_code).values_list("id", flat=True))
    for model in (m.Person, m.Engagement, m.Assignment, m.Absence, m.Post, m.Team, m.CouncilFigures):
        named = set(model.objects.filter(council__la_code=la_code).values_list("source_id", flat=True))
        assert named <= sources | {None}, f"{model.__name__} rows name sources {named - sources} that are gone"


def test_two_uploads_confirmed_at_once_both_keep_their_people(analyst: User, councils: list[str]):
    held = _people()
    first = _receive(analyst, _people_csv("A", 8880000), "first.csv")
    second = _receive(analyst, _people_csv("B", 7770000), "second.csv")

    results = _together(
        lambda: upload_commit(upload=_fresh(first), user=analyst, now=LATER),
        lambda: upload_commit(upload=_fresh(second), user=analyst, now=LATER),
    )

    assert [type(r) for r in results] == [m.Upload, m.Upload], results
    assert _people() == held | _swes(8880000) | _swes(7770000)  # 40 + 30 + 30: nothing lost
    assert len(_people()) == len(held) + 60
    _assert_every_record_has_its_source()
    # the later commit was made on the records the earlier one left: its "before" holds the earlier file's people
    earlier, later = sorted((_fresh(first), _fresh(second)), key=lambda u: u.source_id or 0)
    before_later = {p.swe_no for p in records_from_json(m.unpacked(later.before).decode()).people}
    assert before_later == held | _swes(8880000 if earlier.pk == first.pk else 7770000)
    # and undoing the later one leaves exactly the earlier one's result
    upload_undo(upload=later, user=analyst, now=LATER)
    assert _people() == before_later


def test_two_census_imports_at_once_rebuild_from_both_returns(analyst: User, councils: list[str], census_files):
    returns = {name: data for name, data in census_files if name.startswith("990-")}
    sources_before = set(m.Source.objects.filter(council__la_code="990").values_list("id", flat=True))

    results = _together(
        *(
            (lambda name=name, data=data: census_import(files=[(name, data)], recorded_by="loader", now=LATER))
            for name, data in sorted(returns.items())
        )
    )

    assert all(isinstance(r, list) and r[0].accepted for r in results), results
    stored = m.Source.objects.filter(council__la_code="990", kind=m.Source.CENSUS_RETURN)
    assert sorted(stored.values_list("collection_year", flat=True)) == [2024, 2025]
    assert not sources_before & set(stored.values_list("id", flat=True))  # both returns were replaced
    _assert_every_record_has_its_source()
    # the records are what the two stored returns make: building them again from the returns changes nothing
    imported = records_to_json(records_load(council=m.Council.objects.get(la_code="990")))
    with transaction.atomic():
        census_rebuild(council=m.Council.objects.get(la_code="990"))
    assert records_to_json(records_load(council=m.Council.objects.get(la_code="990"))) == imported


def test_a_census_return_and_an_extract_confirmed_at_once_are_both_in_the_records(
    analyst: User, councils: list[str], census_files
):
    held = _people()
    name, data = next((n, d) for n, d in census_files if n == "990-2025.xml")
    census = upload_receive(
        user=analyst, kind="census", filename=name, data=data, la_code=None, allowed_la_codes=None, now=NOW
    )
    assert census.status == m.Upload.PREVIEW, census.issues
    extract = _receive(analyst, _people_csv("A", 8880000), "staff.csv")
    replaced = m.Source.objects.get(council__la_code="990", collection_year=2025).pk

    results = _together(
        lambda: upload_commit(upload=_fresh(census), user=analyst, now=LATER),
        lambda: upload_commit(upload=_fresh(extract), user=analyst, now=LATER),
    )

    assert [type(r) for r in results] == [m.Upload, m.Upload], results
    assert m.Source.objects.get(council__la_code="990", collection_year=2025).pk != replaced
    assert _people() == held | _swes(8880000)  # the same return again: the same people, and the file's 30
    _assert_every_record_has_its_source()
    imported = records_to_json(records_load(council=m.Council.objects.get(la_code="990")))
    with transaction.atomic():
        census_rebuild(council=m.Council.objects.get(la_code="990"))
    assert records_to_json(records_load(council=m.Council.objects.get(la_code="990"))) == imported


def test_figures_as_returned_computed_while_the_return_is_replaced_are_kept_only_for_returns_still_held(
    councils: list[str], census_files
):
    """A page computing a return's figures as returned (and keeping them) while an import replaces that return:
    without the lock the import could fail, its source still named by figures kept meanwhile (a race caught in
    about one round in three, so four rounds)."""
    name, data = next((n, d) for n, d in census_files if n == "990-2025.xml")
    for _ in range(4):  # each round's import replaces the return, whose figures are then not kept yet
        read, imported = _together(
            lambda: returned_measures(years=[2025], la_codes=["990"]),
            lambda: census_import(files=[(name, data)], recorded_by="loader", now=LATER),
        )

        assert isinstance(read, pl.DataFrame) and read.height == 1, read  # the figures of the return it found
        assert isinstance(imported, list) and imported[0].accepted, imported
        kept = m.ReturnedMeasures.objects.filter(council__la_code="990")
        held = set(m.Source.objects.filter(council__la_code="990").values_list("id", flat=True))
        assert set(kept.values_list("source_id", flat=True)) <= held


def test_undo_racing_a_confirm_ends_as_one_of_them_then_the_other(analyst: User, councils: list[str]):
    held = _people()
    undone = upload_commit(upload=_receive(analyst, _people_csv("A", 8880000), "first.csv"), user=analyst, now=LATER)
    confirmed = _receive(analyst, _people_csv("B", 7770000), "second.csv")

    undo, commit = _together(
        lambda: upload_undo(upload=_fresh(undone), user=analyst, now=LATER),
        lambda: upload_commit(upload=_fresh(confirmed), user=analyst, now=LATER),
    )

    assert isinstance(commit, m.Upload) and commit.status == m.Upload.COMMITTED, commit
    if isinstance(undo, m.Upload):  # the undo went first: the confirm was made on the records it put back
        assert _fresh(undone).status == m.Upload.UNDONE
        assert _people() == held | _swes(7770000)
    else:  # the confirm went first: the first upload is no longer the latest and is not undone
        assert isinstance(undo, UploadRefused) and "Undo the later uploads first" in str(undo), undo
        assert _fresh(undone).status == m.Upload.COMMITTED
        assert _people() == held | _swes(8880000) | _swes(7770000)
    _assert_every_record_has_its_source()


def test_discard_racing_a_confirm_of_the_same_upload_does_one_or_the_other(analyst: User, councils: list[str]):
    held = _people()
    upload = _receive(analyst, _people_csv("A", 8880000), "first.csv")

    # the discard a moment after the confirm has begun (a discard on its own is over before a confirm gets going)
    commit, discard = _together(
        lambda: upload_commit(upload=_fresh(upload), user=analyst, now=LATER),
        lambda: upload_discard(upload=_fresh(upload), user=analyst, now=LATER),
        stagger=0.05,
    )

    final = _fresh(upload)
    if isinstance(commit, m.Upload):
        assert isinstance(discard, UploadRefused), discard
        assert final.status == m.Upload.COMMITTED and _people() == held | _swes(8880000)
    else:
        assert isinstance(commit, UploadRefused) and isinstance(discard, m.Upload), (commit, discard)
        assert final.status == m.Upload.DISCARDED and final.content == b"" and _people() == held


def test_two_first_uploads_for_a_council_not_held_yet_make_one_council_with_both(analyst: User):
    first = _receive(analyst, _people_csv("A", 8880000), "first.csv", la_code="992")
    second = _receive(analyst, _people_csv("B", 7770000), "second.csv", la_code="992")

    results = _together(
        lambda: upload_commit(upload=_fresh(first), user=analyst, now=LATER),
        lambda: upload_commit(upload=_fresh(second), user=analyst, now=LATER),
    )

    assert [type(r) for r in results] == [m.Upload, m.Upload], results
    assert m.Council.objects.filter(la_code="992").count() == 1
    assert _people("992") == _swes(8880000) | _swes(7770000)


def test_the_lock_must_be_taken_inside_a_transaction(transactional_db: None):
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        council_write_lock("990")


def test_a_council_lock_key_is_the_crc32_of_its_code_as_a_signed_32_bit_number():
    # CRC-32 of b"992" is 0x12A8DB37 (below 2**31: kept); of b"990" 0xFCA6BA1B, which wraps to 0xFCA6BA1B - 2**32
    assert council_lock_key("992") == 0x12A8DB37
    assert council_lock_key("990") == 0xFCA6BA1B - 2**32 == -56182245
