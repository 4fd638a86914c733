"""The members' DfE measures side by side on the regional page (issue 15 item 5): from each member's census
return held in the installation, every DfE measure, the region's from the members' unrounded components (never
an average of rates), England's as published and each member's rank among the members; from the pseudonymised
extracts (the in-post, agency, starters and leavers figures and their rates) where a member's return is not
held, saying which measures need the returns. Each measure's chart has the table as its alternative."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from csc_workforce.reports.tables import Table
from csc_workforce.store import models as m
from csc_workforce.store.services.regional import regional_measures_table
from tests.web.conftest import MakeUser
from tests.web.test_regional_pages import NAME, PAGE, hold_alliance


def _dicts(table: Table) -> list[dict[str, object]]:
    return [dict(zip([c.key for c in table.columns], row, strict=True)) for row in table.rows]


@pytest.fixture
def alliance_held(db: None) -> list[object]:
    return hold_alliance()


def test_every_dfe_measure_from_the_members_returns_with_the_region_from_summed_components(alliance_held: object):
    from csc_workforce.measures.compute import census_window, measures_for_windows
    from csc_workforce.store.selectors import council_frames

    table = regional_measures_table(NAME, year=2025, withhold=False)
    rows = {str(r["la_code"]): r for r in _dicts(table)}
    members = ["Alliance council 901 (901)", "Alliance council 902 (902)", "Alliance council 903 (903)"]
    assert list(rows) == [*members, "The region (the members together)", "England (DfE, published)"]
    keys = {c.key for c in table.columns}
    assert {"vacancy_rate_fte", "caseload_fte", "absence_rate_fte", "turnover_rate_fte"} <= keys
    # the region by hand, from each member's unrounded components: sums, then the rates of the sums
    # (the synthetic members are held as records, not returns: their census-year figures are the records basis)
    frames = council_frames(la_codes=["901", "902", "903"], frames=())
    parts = measures_for_windows(frames, [census_window(2025)], total=False).to_dicts()
    assert len(parts) == 3
    total = {k: sum(float(p[k]) for p in parts) for k in ("leavers_fte", "inpost_fte", "vacancy_fte", "cases")}
    total["case_holders_fte"] = sum(float(p["case_holders_fte"]) for p in parts)
    total["agency_fte"] = sum(float(p["agency_fte"]) for p in parts)
    region = rows["The region (the members together)"]
    assert region["turnover_rate_fte"] == round(100 * total["leavers_fte"] / total["inpost_fte"], 1)
    assert region["vacancy_rate_fte"] == round(
        100 * total["vacancy_fte"] / (total["vacancy_fte"] + total["inpost_fte"]), 1
    )
    assert region["agency_rate_fte"] == round(
        100 * total["agency_fte"] / (total["agency_fte"] + total["inpost_fte"]), 1
    )
    assert region["caseload_fte"] == round(total["cases"] / total["case_holders_fte"], 1)
    # ranks among the three members, lower turnover the better; none for the region or England
    by_turnover = sorted(members, key=lambda code: rows[code]["turnover_rate_fte"])
    assert [rows[code]["turnover_rate_fte_rank"] for code in by_turnover] == [1, 2, 3]
    assert region.get("turnover_rate_fte_rank") is None and "inpost_fte_rank" not in keys  # counts are not ranked
    assert {rows[code]["basis"] for code in members} == {"records"} and rows["England (DfE, published)"][
        "basis"
    ] == "published"


def test_without_a_member_s_return_the_extracts_give_the_measures_and_say_what_needs_the_returns(
    alliance_held: object,
):
    m.Council.objects.filter(la_code="903").delete()  # the installation holds 903's extract, not its records
    table = regional_measures_table(NAME, year=2025, withhold=False)
    assert [r["la_code"] for r in _dicts(table)][:3] == ["901", "902", "903"]
    assert "vacancy_rate_fte" not in {c.key for c in table.columns}
    assert any(
        "Vacancies, caseloads and sickness absence are not in the extracts" in n and "903" in n for n in table.notes
    )


def test_the_page_draws_a_chart_of_each_rate_with_the_table_as_its_alternative(
    client: Client, make_user: MakeUser, alliance_held: object
):
    client.force_login(make_user("regional", "analyst"))
    html = client.get(PAGE).content.decode()
    assert html.count('role="img"') >= 4
    assert (
        "Turnover rate – FTE, 2025" in html
        and "Average caseload per case-holding FTE, 2025" in html
        and "The table of DfE measures above has the figures." in html
    )
    table = list(csv.reader(io.StringIO(client.get(f"/regional/{NAME}/measures.csv?year=2025").content.decode())))
    assert table[0][0] == "Council" and len(table) == 6


def test_the_page_kept_for_one_user_is_never_shown_to_one_who_may_see_less(
    client: Client, make_user: MakeUser, alliance_held: object
):
    """The rendered tables are kept per installation, records, year and access: an analyst's page (the moves,
    small numbers shown) first, then a regional analyst's (withheld, no moves), then the analyst's again; and a
    new extract or record makes them anew."""
    client.force_login(make_user("regional", "analyst"))
    assert "Moves breaching the agreement" in client.get(PAGE).content.decode()
    other = Client()
    user = make_user("reg-analyst", None)
    m.AllianceRole.objects.create(user=user, alliance=m.Alliance.objects.get(name=NAME), role="regional_analyst")
    other.force_login(user)
    seen = other.get(PAGE).content.decode()
    assert "Moves breaching the agreement" not in seen and ">c<" in seen.replace("</td>", "<").replace('">', ">")
    assert "Moves breaching the agreement" in client.get(PAGE).content.decode()
    before = client.get(PAGE).content.decode()
    m.Alliance.objects.filter(name=NAME).update(cooling_off_months=0)  # no cooling-off: no such breach
    after = client.get(PAGE).content.decode()
    assert before.count(">cooling-off") >= 3 and after.count(">cooling-off") == 0


def test_the_members_local_measures_side_by_side_as_their_own_pages_give_them(
    client: Client, make_user: MakeUser, alliance_held: object
):
    from csc_workforce.store.services.regional import regional_local_table
    from csc_workforce.store.services.strategies import HeldValues

    table = regional_local_table(("901", "902", "903"), year=2025, withhold=False)
    assert table is not None
    rows = _dicts(table)
    assert [r["la_code"] for r in rows] == [
        "Alliance council 901 (901)",
        "Alliance council 902 (902)",
        "Alliance council 903 (903)",
        "The region (the members together)",
    ]
    region, rows = rows[-1], rows[:-1]
    assert any("worked out from the members' records taken together" in n for n in table.notes)
    shown = [c.key for c in table.columns if c.key != "la_code" and not c.key.endswith("_rank")]
    assert len(shown) >= 5
    own = HeldValues()  # each member's figure is its own pages' figure for the year
    for measure in shown[:8]:
        for code, row in zip(("901", "902", "903"), rows, strict=True):
            expected = next((v for y, v in own.series(measure, code) or [] if y == 2025), None)
            # (Polars sums groups in parallel, in no fixed order: the same figure can differ in its last bits)
            assert row[measure] == (None if expected is None else pytest.approx(expected, rel=1e-12)), (measure, code)
    ranked = [c.key for c in table.columns if c.key.endswith("_rank")]
    assert ranked and all(sorted(r[k] for r in rows if r[k] is not None)[0] == 1 for k in ranked)
    assert all(region.get(k) is None for k in ranked)  # the region is not ranked among its members
    # the region's figures: a count is the members' summed, a rate lies between the members' (a ratio of sums)
    assert region["establishment_fte"] == pytest.approx(sum(float(r["establishment_fte"]) for r in rows))
    for measure in ("permanency_rate_fte", "turnover_rate_12m_fte"):
        members = [float(r[measure]) for r in rows]
        assert min(members) <= float(region[measure]) <= max(members), measure
        assert region[measure] != pytest.approx(sum(members) / 3, abs=1e-9)  # not the members' average
    client.force_login(make_user("regional", "analyst"))
    assert "Local measures for census year 2025, members side by side" in client.get(PAGE).content.decode()
    local = client.get(f"/regional/{NAME}/local.csv?year=2025")
    assert local.status_code == 200 and local.content.decode().startswith("Council,")


def test_no_region_row_for_the_local_measures_without_every_member_s_records(alliance_held: object):
    from csc_workforce.store.services.regional import regional_local_table

    m.Council.objects.filter(la_code="903").delete()  # 903's extract is held, its records are not
    table = regional_local_table(("901", "902", "903"), year=2025, withhold=False)
    assert table is not None
    assert [r["la_code"] for r in _dicts(table)] == ["Alliance council 901 (901)", "Alliance council 902 (902)"]
    assert any("No region row" in n and "903 not held" in n for n in table.notes)


def test_a_viewer_s_region_figures_are_withheld_as_a_council_s_are(alliance_held: object):
    """The region's figures for a regional analyst go through the same small-number rules as a council's
    (``services.strategies.local_figures``): what is withheld is withheld, the rest is the analyst's figure."""
    from csc_workforce.store.services.regional import region_local_figures

    full = region_local_figures(("901", "902", "903"), year=2025, withhold=False)
    withheld = region_local_figures(("901", "902", "903"), year=2025, withhold=True)
    assert full is not None and withheld is not None
    shown = {k for k, v in withheld.values.items() if v is not None}
    assert shown and shown <= {k for k, v in full.values.items() if v is not None}
    # (Polars sums groups in parallel, in no fixed order: the same figure can differ in its last bits)
    assert all(withheld.values[k] == pytest.approx(full.values[k], rel=1e-12) for k in shown)


def test_a_viewer_never_gets_a_withheld_member_s_figure_back_from_the_region_s(alliance_held: object):
    from csc_workforce.store.services.regional import regional_local_table

    table = regional_local_table(("901", "902", "903"), year=2025, withhold=True)
    assert table is not None
    *members, region = _dicts(table)
    keys = [c.key for c in table.columns if c.key != "la_code" and not c.key.endswith("_rank")]
    withheld = [k for k in keys if any(r[k] is None for r in members)]
    assert withheld  # the synthetic members have small groups (resignations among few leavers)
    assert all(region[k] is None for k in withheld)
    assert any("the region's would give it back" in n for n in table.notes)
