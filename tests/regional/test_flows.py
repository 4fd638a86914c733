"""Regional flows worked by hand on a few engagements, and against a synthetic alliance whose moves were planted:
every planted move between councils found, each planted breach of the cooling-off rule flagged, and nothing
else between councils flagged."""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_workforce.domain.periods import add_months
from csc_workforce.regional.flows import Agreement, flows

SCHEMA = {
    "worker": pl.String,
    "la_code": pl.String,
    "contract": pl.String,
    "role": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "charge_rate": pl.Float64,
}


def frame(*rows: tuple[str, str, str, str | None, date, date | None, float | None]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=SCHEMA, orient="row")


def test_moves_breaches_and_retention_worked_by_hand():
    d = date
    engagements = frame(
        # a: leaves 901 on 31 Jan 2025, agency in 902 on 31 Jul 2025: 181 days, but exactly 6 months: no breach
        ("a", "901", "permanent", "5", d(2020, 1, 1), d(2025, 1, 31), None),
        ("a", "902", "agency", "5", d(2025, 7, 31), None, 40.0),
        # b: leaves 901 on 31 Jan 2025, agency in 903 on 30 Jul 2025 (a day short of 6 months), £52 against a £45 cap
        ("b", "901", "fixed_term", "5", d(2021, 1, 1), d(2025, 1, 31), None),
        ("b", "903", "agency", "5", d(2025, 7, 30), None, 52.0),
        # c: leaves 902, starts permanent in 901 the next day: a move, no breach; her earlier job is not "next"
        ("c", "902", "permanent", "4", d(2019, 5, 1), d(2025, 3, 31), None),
        ("c", "901", "permanent", "4", d(2025, 4, 1), None, None),
        ("c", "903", "agency", "4", d(2018, 1, 1), d(2019, 4, 30), None),
        # d: leaves 903 and returns to 903 through an agency 59 days later: a breach in the same council
        ("d", "903", "permanent", "5", d(2022, 1, 1), d(2025, 4, 8), None),
        ("d", "903", "agency", "5", d(2025, 6, 6), None, None),
        # e: leaves 903 in the year before: not this year's leaver
        ("e", "903", "permanent", "5", d(2022, 1, 1), d(2024, 9, 30), None),
        ("e", "902", "agency", "5", d(2024, 10, 15), None, None),
        # f: leaves 902 and starts nowhere in the region
        ("f", "902", "permanent", "6", d(2022, 1, 1), d(2025, 6, 30), None),
        # g: a council outside the alliance is not read
        ("g", "999", "permanent", "5", d(2022, 1, 1), d(2025, 6, 30), None),
        ("g", "901", "agency", "5", d(2025, 7, 1), None, None),
    )
    made = flows(engagements, members=["901", "902", "903"], year=2025, agreement=Agreement(6, {"5": 45.0}))
    moves = {m.worker: m for m in made.moves}
    assert sorted(moves) == ["a", "b", "c", "d"]
    assert moves["a"].gap_days == 181 and moves["a"].breach == ()
    assert moves["b"].from_contract == "permanent" and moves["b"].gap_days == 180
    assert [text.split(":")[0] for text in moves["b"].breach] == ["cooling-off", "rate above the cap"]
    assert moves["c"].to_la == "901" and moves["c"].gap_days == 1 and moves["c"].breach == ()
    assert moves["d"].to_la == "903" and moves["d"].breach[0].startswith("cooling-off")
    assert {(r["from_la"], r["to_la"], r["count"]) for r in made.matrix} == {
        ("901", "902", 1),
        ("901", "903", 1),
        ("902", "901", 1),
        ("903", "903", 1),
    }
    assert made.retention == (
        {"la_code": "901", "permanent_leavers": 2, "same_council": 0, "other_member": 2, "left_region": 0},
        {"la_code": "902", "permanent_leavers": 2, "same_council": 0, "other_member": 1, "left_region": 1},
        {"la_code": "903", "permanent_leavers": 1, "same_council": 1, "other_member": 0, "left_region": 0},
    )
    assert add_months(d(2025, 8, 31), 6) == d(2026, 2, 28)


def test_the_planted_moves_of_a_synthetic_alliance_are_found_and_nothing_else_between_councils_flagged():
    from csc_workforce.synthetic.alliance import alliance_councils

    councils, planted = alliance_councils()
    rows = []
    for c in councils:
        swe = {p.key: p.swe_no for p in c.people}
        role = {a.engagement_key: a.role.value if a.role else None for a in c.assignments}
        for e in c.engagements:
            rows.append(
                (
                    swe[e.person_key],
                    c.council.la_code,
                    e.contract.value,
                    role.get(e.key),
                    e.start_date,
                    e.end_date,
                    None,
                )
            )
    made = flows(frame(*rows), members=["901", "902", "903"], year=2025, agreement=Agreement(6))
    between = {(m.worker, m.from_la, m.to_la, m.left, m.started) for m in made.moves if m.from_la != m.to_la}
    assert between == {(p.swe_no, p.from_la, p.to_la, p.left, p.started) for p in planted}
    flagged = {m.worker for m in made.breaches if m.from_la != m.to_la}
    assert flagged == {p.swe_no for p in planted if p.breaches_cooling_off(6)} and len(flagged) == 3
