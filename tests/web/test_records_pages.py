"""Every page of figures from dated records (store/services/records_pages.py, PAGES) on a synthetic council that
holds every kind of record: each page and each of its tables opens for every role, every part has figures (none
says its records are not held), and a viewer's tables show withheld cells and no worker or placement key."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from csc_workforce.measures.inputs import DATED_FRAMES, SCHEMAS, CouncilFrames
from csc_workforce.store import models as m
from csc_workforce.store import selectors
from csc_workforce.store.services import records_pages
from csc_workforce.store.services.records_pages import PAGES, frames_read, records_page
from tests.eastmoor import LA, load_eastmoor
from tests.web.conftest import MakeUser


@pytest.fixture
def council(db: None) -> m.Council:
    return load_eastmoor()


@pytest.mark.parametrize("role", ["analyst", "manager", "viewer"])
def test_every_page_and_table_opens_for_every_role_with_every_part_shown(
    client: Client, make_user: MakeUser, council: m.Council, role: str
) -> None:
    team = m.Team.objects.filter(council=council).order_by("name").first()
    assert team is not None
    client.force_login(make_user(f"u-{role}", role, la_code=LA, teams=[team.name] if role == "manager" else None))
    for key, spec in PAGES.items():
        response = client.get(f"/councils/{LA}/{key}/?as_at=2025-09-30")
        assert response.status_code == 200, key
        page = response.content.decode()
        for kind, _heading, _method in spec.parts:
            assert f'id="{kind}"' in page, (key, kind)
        assert "records are held for" not in page, key
        tables = set(re.findall(rf"/councils/{LA}/{key}/download/([a-z0-9-]+)\.csv", page))
        assert tables, key
        for table in tables:
            download = client.get(f"/councils/{LA}/{key}/download/{table}.csv?as_at=2025-09-30")
            assert download.status_code == 200, (key, table)
        if role == "viewer":
            keys = m.AgencyPlacement.objects.filter(council=council).values_list("key", flat=True)
            assert not any(k in page for k in keys), "a viewer sees no placement"


# --------------------------------------------------------------------------------------- the frames a page loads

AUDIENCES = {"analyst": (None, False), "viewer": (None, True), "manager": ("team", True)}
TODAY = date(2025, 10, 1)


def _audience(council: m.Council, who: str) -> tuple[frozenset[str] | None, bool]:
    teams, suppress = AUDIENCES[who]
    if teams is None:
        return None, suppress
    first = m.Team.objects.filter(council=council).order_by("name").first()
    assert first is not None
    return frozenset({first.name}), suppress


def _loading(monkeypatch: pytest.MonkeyPatch, load: Any) -> None:
    monkeypatch.setattr(records_pages, "council_frames", load)


@pytest.mark.parametrize("as_at", [date(2025, 9, 30), date(2024, 6, 30)])
def test_each_page_from_the_frames_it_declares_is_the_page_from_every_frame(
    council: m.Council, monkeypatch: pytest.MonkeyPatch, as_at: date
) -> None:
    """Each page loads only the dated frames its parts declare (``@reads``): for every role it is the same,
    table for table, chart for chart, note for note, as the page built from every frame; no part reads a dated
    frame its page does not declare (every attribute read of the frames is noted), and when every part is shown
    (30 September 2025) each frame declared is read."""
    whole = selectors.council_frames(la_codes=[LA])
    read: set[str] = set()

    class Noting(CouncilFrames):
        def __getattribute__(self, name: str) -> Any:
            if name in DATED_FRAMES:
                read.add(name)
            return super().__getattribute__(name)

    noting = Noting(**{name: getattr(whole, name) for name in SCHEMAS})
    loaded: list[frozenset[str]] = []

    def declared(*, la_codes: list[str], frames: frozenset[str]) -> CouncilFrames:
        loaded.append(frozenset(frames))
        return selectors.council_frames(la_codes=la_codes, frames=frames)

    for key, spec in PAGES.items():
        assert spec.frames() < frozenset(DATED_FRAMES), key
        read_by_page: set[str] = set()
        for who in AUDIENCES:
            teams, suppress = _audience(council, who)
            loaded.clear()
            _loading(monkeypatch, declared)
            lean = records_page(key, council=council, today=TODAY, teams=teams, suppress=suppress, as_at=as_at)
            assert loaded == [spec.frames()], (key, who)
            read.clear()
            _loading(monkeypatch, lambda **_: noting)
            full = records_page(key, council=council, today=TODAY, teams=teams, suppress=suppress, as_at=as_at)
            assert read <= spec.frames(), (key, who, sorted(read - spec.frames()))
            read_by_page |= read
            assert lean.tables(), (key, who)
            for mine, every in zip(lean.parts, full.parts, strict=True):
                assert mine == every, (key, who, mine.kind)
        if as_at == date(2025, 9, 30):
            assert read_by_page == spec.frames(), (key, sorted(spec.frames() - read_by_page))


@pytest.mark.parametrize("as_at", [date(2025, 9, 30), date(2024, 6, 30)])
def test_no_page_depends_on_the_order_the_database_returns_rows_in(
    council: m.Council, monkeypatch: pytest.MonkeyPatch, as_at: date
) -> None:
    """PostgreSQL returns rows in no set order: each page built from every frame's rows reversed is the same, for
    every role, as the page built from them as read (a tie broken by row order once differed on PostgreSQL)."""
    as_read = selectors.council_frames(la_codes=[LA])
    turned = CouncilFrames(
        **{n: getattr(as_read, n) if n == "councils" else getattr(as_read, n).reverse() for n in SCHEMAS}
    )
    for key in PAGES:
        for who in AUDIENCES:
            teams, suppress = _audience(council, who)
            built = []
            for frames in (as_read, turned):
                _loading(monkeypatch, lambda held=frames, **_: held)
                built.append(
                    records_page(key, council=council, today=TODAY, teams=teams, suppress=suppress, as_at=as_at)
                )
            for straight, reversed_ in zip(built[0].parts, built[1].parts, strict=True):
                assert straight == reversed_, (key, who, straight.kind)


def test_each_frame_a_page_declares_is_needed_for_its_figures(
    council: m.Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above can fail: a page built with any one of its declared frames left out differs from the
    page as loaded, in a part declaring that frame (a frame may be read for a case the synthetic council's
    records never reach: ASYE programme spells for supervision, whose NQSWs the start origin finds too)."""
    whole = selectors.council_frames(la_codes=[LA])
    as_at = date(2025, 9, 30)
    for key, spec in PAGES.items():
        page = records_page(key, council=council, today=TODAY, as_at=as_at)
        methods = [method for _kind, _heading, method in spec.parts]
        for left_out in sorted(spec.frames()):
            kept = {n: getattr(whole, n) for n in SCHEMAS if n not in DATED_FRAMES or n in spec.frames() - {left_out}}
            less = CouncilFrames.of(**kept)
            _loading(monkeypatch, lambda less=less, **_: less)
            without = records_page(key, council=council, today=TODAY, as_at=as_at)
            monkeypatch.undo()
            changed = {method for method, p, q in zip(methods, page.parts, without.parts, strict=True) if p != q}
            assert any(left_out in frames_read(method) for method in changed), (key, left_out, sorted(changed))


def test_a_part_must_declare_the_frames_it_reads() -> None:
    """A page's part whose method declares nothing is refused (it would load nothing and show zeros)."""

    def undeclared(self: object, as_at: date, period: object) -> tuple[()]:
        return ()

    records_pages._View.undeclared_for_test = undeclared
    try:
        spec = records_pages.PageSpec("x", "X", "x", (("hr_cases", "HR", "undeclared_for_test"),))
        with pytest.raises(TypeError, match="undeclared_for_test does not declare"):
            spec.frames()
    finally:
        delattr(records_pages._View, "undeclared_for_test")
    with pytest.raises(ValueError, match="no dated frame supervisions"):
        records_pages.reads("supervisions")
