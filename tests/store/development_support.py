"""A tiny council for the recording tests (tests/store, tests/web): two teams and four workers, an ASYE spell and
a student placement, written with the ORM so that every date is known.

Council 990 "Northgate", today 5 January 2026 (``NOW``):

* ``e-ann``: SWE ``SW100001``, staff ref ``P001``, started 1 January 2024, Team A throughout;
* ``e-bob``: SWE ``SW100002``, started 1 January 2024, Team B throughout;
* ``e-cat``: SWE ``SW100003``, started 1 January 2024, Team A to 30 June 2025, Team B from 1 July 2025;
* ``e-dan``: SWE ``SW100004``, started 1 March 2024, Team A, left 31 October 2025;
* ASYE spell ``asye-ann`` of Ann, from 1 January 2024, ongoing;
* placement ``pl-1`` of student ``ST-1`` from 6 January 2025, ongoing, in Team A.

Council 991 "Southbridge" is held too (no workers), for users kept to another council.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from csc_workforce.store import models as m

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
TODAY = date(2026, 1, 5)


def seed_council() -> m.Council:
    council = m.Council.objects.create(la_code="990", name="Northgate", region="North West")
    m.Council.objects.create(la_code="991", name="Southbridge", region="North West")
    source = m.Source.objects.create(council=council, kind="upload", name="hr.csv", recorded_at=NOW)
    common = {"council": council, "source": source}
    team_a = m.Team.objects.create(key="team-a", name="Team A", **common)
    team_b = m.Team.objects.create(key="team-b", name="Team B", **common)

    def worker(
        key: str, swe: str, start: date, spells: list[tuple[m.Team, date, date | None]], **kw: object
    ) -> m.Engagement:
        person = m.Person.objects.create(key=f"p-{key}", swe_no=swe, ethnicity="WBRI", **common, **kw)  # type: ignore[misc]
        engagement = m.Engagement.objects.create(
            key=f"e-{key}", person=person, contract="permanent", start_date=start, **common
        )
        for team, start_on, end_on in spells:
            m.Assignment.objects.create(
                engagement=engagement, effective_from=start_on, effective_to=end_on, team=team, role="4", **common
            )
        return engagement

    worker("ann", "SW100001", date(2024, 1, 1), [(team_a, date(2024, 1, 1), None)], staff_ref="P001")
    worker("bob", "SW100002", date(2024, 1, 1), [(team_b, date(2024, 1, 1), None)])
    worker(
        "cat",
        "SW100003",
        date(2024, 1, 1),
        [(team_a, date(2024, 1, 1), date(2025, 6, 30)), (team_b, date(2025, 7, 1), None)],
    )
    dan = worker("dan", "SW100004", date(2024, 3, 1), [(team_a, date(2024, 3, 1), date(2025, 10, 31))])
    dan.end_date = date(2025, 10, 31)
    dan.save()
    ann = m.Person.objects.get(key="p-ann")
    m.ProgrammeSpell.objects.create(
        key="asye-ann", person=ann, programme="asye", start=date(2024, 1, 1), outcome="ongoing", **common
    )
    m.StudentPlacement.objects.create(
        key="pl-1",
        student_ref="ST-1",
        start=date(2025, 1, 6),
        university="Northgate University",
        team=team_a,
        outcome="ongoing",
        **common,
    )
    return council
