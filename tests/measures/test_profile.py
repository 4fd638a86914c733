"""Every workforce profile figure for a small hand-built council, worked out by hand in the comments.

Council 900 "Profileshire", as at D = 30 Sep 2023, flows over P = 1 Oct 2022 .. 30 Sep 2023.

Teams: T1 "Assessment" (Front door), T2 "Children in Care" (Care), T3 "Quality Assurance" (QA).
Posts (funded FTE; only those covering D count):
  T1 role 3 1.0, role 5 4.0, role 5 2.0 ended 31 Mar 2023 (not counted)
  T2 role 4 1.0, role 5 3.0, no role 0.5, role 2 1.0 from 1 Oct 2023 (not yet)
  T3 role 6 0.5

  eng   person agency start       end         fte  role team  notes
  E1    P1     no     2015-01-05  -           1.0  5    T1    born 1990-10-01 F WBRI
  E2    P2     no     2022-11-01  -           0.5  5    T1    born 1993-09-30 M BAFR (30 today); starter, origin 1
  E3    P3     no     2010-06-01  2023-09-30  1.0  5    T2    leaver ON D: reason 1, destination 3
  E4    P4     no     2018-02-01  2023-01-15  0.6  4    T2    leaver: reason 5, destination 6 (assignment ends 15 Jan)
  E5a   P5     no     2019-01-01  -           1.0  3    T1    born 1970-03-15 F AIND; two posts, counted once
  E5b   P5     no     2021-01-01  -           0.2  5    T2       under role 3
  E6    P6     no     2000-01-01  -           none 4    T2    no birth date, sex 9, REFU
  E7    P7     yes    2023-06-01  -           1.0  5    T2    agency
  E8    P8     yes    2022-01-01  2023-05-31  0.9  5    T1    agency, ended (not a leaver: agency)
  E9    P9     yes    2022-12-01  -           0.5  5    none  agency with no team
  E10   P10    no     2022-12-01  2023-06-30  1.0  5    T1    starter (origin 2) and leaver (reason 1, dest 1)
  E11   P11    no     2023-09-30  -           0.4  5    T1    starter on D, no origin; assignment from 2 Oct:
                                                            not in post, starter FTE from earliest assignment
  E12   P12    no     -           -           0.8  6    T3    born 1960-01-01 M WOTH; start not known
  E13   P13    no     2023-03-01  -           1.0  2    T2    born 1975-06-01 F MWBC; starter, origin 1
  E14   P14    no     2021-09-30  -           1.0  5    T2    no person record; exactly 2 years' service

In post at D: E1 E2 E5a E5b E6 E7 E9 E12 E13 E14 (E3 left on D; E11's assignment starts after D).
Non-agency persons in post: P1 P2 P5 P6 P12 P13 P14 = 7, most senior roles 5 5 3 4 6 2 5.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from csc_workforce.domain.codes import (
    ContractType,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    ReasonLeave,
    Sex,
    StartOrigin,
)
from csc_workforce.domain.periods import census_period
from csc_workforce.domain.records import (
    Assignment,
    CaseloadSnapshot,
    Council,
    CouncilRecords,
    Engagement,
    Person,
    Post,
    Team,
)
from csc_workforce.measures import census_year_measures, frames_from_records
from csc_workforce.measures.inputs import CouncilFrames
from csc_workforce.measures.profile import (
    AGE_BANDS,
    CaseloadThresholds,
    age_bands_by_role,
    caseload_by_team,
    caseload_by_worker,
    establishment_by_team,
    ethnicity_by_role,
    leavers_by_destination,
    leavers_by_reason,
    length_of_service_bands,
    posts_by_team_and_role,
    rounded_profile,
    sex_by_role,
    starters_by_origin,
)

D = date(2023, 9, 30)
P = census_period(2023)
PERM, AGENCY = ContractType.PERMANENT, ContractType.AGENCY


def d(text: str) -> date:
    return date.fromisoformat(text)


def _eng(key: str, contract: ContractType, start: str | None, end: str | None = None, **kw: Any) -> Engagement:
    return Engagement(
        key,
        "P" + key[1:].rstrip("ab"),
        contract,
        start_date=None if start is None else d(start),
        end_date=None if end is None else d(end),
        **kw,
    )


def _asg(key: str, start: str, fte: str | None, role: str, team: str | None, end: str | None = None) -> Assignment:
    return Assignment(
        key,
        d(start),
        None if end is None else d(end),
        role=OrgRole.of(role),
        fte=None if fte is None else Decimal(fte),
        team_key=team,
    )


def _post(team: str, role: str | None, fte: str, start: str = "2020-01-01", end: str | None = None) -> Post:
    return Post(team, Decimal(fte), d(start), None if end is None else d(end), None if role is None else OrgRole(role))


def build_profileshire() -> CouncilRecords:
    people = (
        Person("P1", birth_date=d("1990-10-01"), sex=Sex.FEMALE, ethnicity=Ethnicity.WBRI),
        Person("P2", birth_date=d("1993-09-30"), sex=Sex.MALE, ethnicity=Ethnicity.BAFR),
        Person("P5", birth_date=d("1970-03-15"), sex=Sex.FEMALE, ethnicity=Ethnicity.AIND),
        Person("P6", sex=Sex.NOT_SPECIFIED, ethnicity=Ethnicity.REFU),
        Person("P7", birth_date=d("1985-01-01"), sex=Sex.FEMALE, ethnicity=Ethnicity.WBRI),  # agency: not counted
        Person("P12", birth_date=d("1960-01-01"), sex=Sex.MALE, ethnicity=Ethnicity.WOTH),
        Person("P13", birth_date=d("1975-06-01"), sex=Sex.FEMALE, ethnicity=Ethnicity.MWBC),
    )
    engagements = (
        _eng("E1", PERM, "2015-01-05"),
        _eng("E2", PERM, "2022-11-01", start_origin=StartOrigin.NEWLY_QUALIFIED),
        _eng(
            "E3",
            PERM,
            "2010-06-01",
            "2023-09-30",
            reason_leave=ReasonLeave.RESIGNATION,
            destination=LeaverDestination.AGENCY,
        ),
        _eng(
            "E4",
            PERM,
            "2018-02-01",
            "2023-01-15",
            reason_leave=ReasonLeave.RETIRED,
            destination=LeaverDestination.NON_SOCIAL_CARE,
        ),
        _eng("E5a", PERM, "2019-01-01"),
        _eng("E5b", PERM, "2021-01-01"),
        _eng("E6", PERM, "2000-01-01"),
        _eng("E7", AGENCY, "2023-06-01"),
        _eng("E8", AGENCY, "2022-01-01", "2023-05-31"),
        _eng("E9", AGENCY, "2022-12-01"),
        _eng(
            "E10",
            PERM,
            "2022-12-01",
            "2023-06-30",
            start_origin=StartOrigin.OTHER_LA_ENGLAND,
            reason_leave=ReasonLeave.RESIGNATION,
            destination=LeaverDestination.OTHER_LA_ENGLAND,
        ),
        _eng("E11", PERM, "2023-09-30"),
        _eng("E12", PERM, None),
        _eng("E13", PERM, "2023-03-01", start_origin=StartOrigin.NEWLY_QUALIFIED),
        _eng("E14", PERM, "2021-09-30"),
    )
    assignments = (
        _asg("E1", "2015-01-05", "1.0", "5", "T1"),
        _asg("E2", "2022-11-01", "0.5", "5", "T1"),
        _asg("E3", "2010-06-01", "1.0", "5", "T2"),
        _asg("E4", "2018-02-01", "0.6", "4", "T2", end="2023-01-15"),
        _asg("E5a", "2019-01-01", "1.0", "3", "T1"),
        _asg("E5b", "2021-01-01", "0.2", "5", "T2"),
        _asg("E6", "2000-01-01", None, "4", "T2"),
        _asg("E7", "2023-06-01", "1.0", "5", "T2"),
        _asg("E8", "2022-01-01", "0.9", "5", "T1"),
        _asg("E9", "2022-12-01", "0.5", "5", None),
        _asg("E10", "2022-12-01", "1.0", "5", "T1"),
        _asg("E11", "2023-10-02", "0.4", "5", "T1"),
        _asg("E12", "2000-01-01", "0.8", "6", "T3"),
        _asg("E13", "2023-03-01", "1.0", "2", "T2"),
        _asg("E14", "2021-09-30", "1.0", "5", "T2"),
    )
    caseloads = tuple(
        CaseloadSnapshot(key, d(on), cases)
        for key, on, cases in [
            ("E1", "2023-09-15", 20),
            ("E2", "2023-08-20", 12),  # older than 31 days before D: ignored
            ("E2", "2023-09-01", 8),
            ("E5b", "2023-09-29", 3),
            ("E6", "2023-09-30", 5),
            ("E7", "2023-09-30", 25),
            ("E7", "2023-10-05", 99),  # after D: ignored
            ("E14", "2023-09-10", 19),
            ("E3", "2023-09-20", 30),  # not in post at D: ignored
        ]
    )
    return CouncilRecords(
        council=Council("900", "Profileshire", "Test region"),
        teams=(
            Team("T1", "Assessment", "Front door"),
            Team("T2", "Children in Care", "Care"),
            Team("T3", "Quality Assurance", "QA"),
        ),
        people=people,
        engagements=engagements,
        assignments=assignments,
        caseloads=caseloads,
        posts=(
            _post("T1", "3", "1.0"),
            _post("T1", "5", "4.0"),
            _post("T1", "5", "2.0", end="2023-03-31"),
            _post("T2", "4", "1.0"),
            _post("T2", "5", "3.0"),
            _post("T2", None, "0.5"),
            _post("T2", "2", "1.0", start="2023-10-01"),
            _post("T3", "6", "0.5"),
        ),
    )


@pytest.fixture(scope="module")
def inputs() -> CouncilFrames:
    return frames_from_records([build_profileshire()])


def rows(frame: pl.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    """The frame's rows as tuples, floats rounded to 6 places so hand-worked sums compare exactly."""
    picked = frame.select(columns or frame.columns)
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in picked.iter_rows()]


# ----------------------------------------------------------------------------------------- inputs


def test_builder_fills_every_frame_with_codes_as_strings(inputs: CouncilFrames) -> None:
    person = inputs.people.filter(pl.col("person_key") == "P6")
    assert person.select("la_code", "person_key", "birth_date", "sex", "ethnicity").row(0) == (
        "900",
        "P6",
        None,
        "9",
        "REFU",
    )
    assert inputs.engagements.filter(pl.col("engagement_key") == "E3").select(
        "agency", "start_origin", "reason_leave", "destination"
    ).row(0) == (False, None, "1", "3")
    assert inputs.posts.height == 8 and inputs.teams.height == 3 and inputs.caseloads.height == 9
    assert inputs.assignments.filter(pl.col("engagement_key") == "E9")["team_key"].to_list() == [None]


def test_of_names_a_missing_column() -> None:
    councils = pl.DataFrame({"la_code": ["900"], "la_name": ["X"], "region": ["R"]})
    with pytest.raises(ValueError, match="the posts frame has no column"):
        CouncilFrames.of(councils=councils, posts=pl.DataFrame({"la_code": ["900"]}))
    assert CouncilFrames.of(councils=councils).people.is_empty()


# ------------------------------------------------------------------------------------ establishment


def test_establishment_by_team(inputs: CouncilFrames) -> None:
    # T1 funded 1.0 + 4.0 = 5.0 (the 2.0 post ended); permanent E1 1.0 + E2 0.5 + E5a 1.0 = 2.5; agency 0;
    #    vacant = 5.0 - 2.5 = 2.5; uncovered = 2.5; permanency 2.5 / 2.5 = 100%.
    # T2 funded 1.0 + 3.0 + 0.5 = 4.5 (the role 2 post starts after D); permanent E5b 0.2 + E13 1.0 + E14 1.0
    #    = 2.2 (E6's FTE is missing); agency E7 1.0; vacant 4.5 - 2.2 = 2.3; uncovered 2.3 - 1.0 = 1.3;
    #    permanency 2.2 / 3.2 = 68.75%.
    # T3 funded 0.5; permanent E12 0.8: over establishment, vacant max(-0.3, 0) = 0; permanency 100%.
    # No team: agency E9 0.5; permanency 0 / 0.5 = 0%.
    # Total: funded 10.0, permanent 5.5, agency 1.5, vacant 2.5 + 2.3 + 0 + 0 = 4.8 (not 10.0 - 5.5 = 4.5:
    #    T3's surplus does not fill T1's vacancy), uncovered 2.5 + 1.3 = 3.8, permanency 5.5 / 7.0 = 78.571428%.
    result = establishment_by_team(inputs, as_at=D)
    assert rows(result) == [
        ("900", "T1", "Assessment", "Front door", False, 5.0, 2.5, 0.0, 2.5, 2.5, 100.0),
        ("900", "T2", "Children in Care", "Care", False, 4.5, 2.2, 1.0, 2.3, 1.3, 68.75),
        ("900", "T3", "Quality Assurance", "QA", False, 0.5, 0.8, 0.0, 0.0, 0.0, 100.0),
        ("900", None, "No team recorded", None, False, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0),
        ("900", None, "Total", None, True, 10.0, 5.5, 1.5, 4.8, 3.8, 78.571429),
    ]


def test_establishment_lists_empty_teams_and_councils_with_no_records() -> None:
    # On 1 Jan 1999 nobody is in post (the earliest assignment is from 2000) and every post is from 2020, so
    # every team has zeros and permanency (0 / 0) is null; the second council has only a total row.
    two = frames_from_records([build_profileshire(), CouncilRecords(Council("901", "Empty"))])
    result = establishment_by_team(two, as_at=d("1999-01-01"))
    assert rows(result, "la_code", "team_name", "funded_fte", "permanent_fte", "permanency_pct") == [
        ("900", "Assessment", 0.0, 0.0, None),
        ("900", "Children in Care", 0.0, 0.0, None),
        ("900", "Quality Assurance", 0.0, 0.0, None),
        ("900", "Total", 0.0, 0.0, None),
        ("901", "Total", 0.0, 0.0, None),
    ]


def test_posts_by_team_and_role(inputs: CouncilFrames) -> None:
    # A post with no role exists (T2 0.5), so every team lists roles 1..6 and "Not known".
    # Total row per role: 1: 0, 2: 0 (starts after D), 3: 1.0, 4: 1.0, 5: 4.0 + 3.0 = 7.0, 6: 0.5, NK 0.5.
    result = posts_by_team_and_role(inputs, as_at=D)
    non_zero = result.filter(pl.col("funded_fte") > 0)
    assert rows(non_zero, "team_name", "role", "role_label", "funded_fte") == [
        ("Assessment", "3", "First line manager", 1.0),
        ("Assessment", "5", "Case holder", 4.0),
        ("Children in Care", "4", "Senior practitioner", 1.0),
        ("Children in Care", "5", "Case holder", 3.0),
        ("Children in Care", "Not known", "Not known", 0.5),
        ("Quality Assurance", "6", "Qualified without cases", 0.5),
        ("Total", "3", "First line manager", 1.0),
        ("Total", "4", "Senior practitioner", 1.0),
        ("Total", "5", "Case holder", 7.0),
        ("Total", "6", "Qualified without cases", 0.5),
        ("Total", "Not known", "Not known", 0.5),
    ]
    assert result.height == 4 * 7  # 3 teams and the total, 7 roles each
    assert result.filter(pl.col("team_name") == "Assessment")["role"].to_list() == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "Not known",
    ]


# --------------------------------------------------------------------------------- characteristics


def test_age_bands_by_role(inputs: CouncilFrames) -> None:
    # Ages at 30 Sep 2023: P1 32 (birthday 1 Oct not reached) 30-39, role 5; P2 30 (birthday today) 30-39, role 5;
    # P5 53 50-59, role 3 (not also role 5); P6 not known, role 4; P12 63 60+, role 6; P13 48 40-49, role 2;
    # P14 no person record: not known, role 5. Agency P7 is not counted.
    result = age_bands_by_role(inputs, as_at=D)
    everyone = result.filter(pl.col("role") == "All")
    assert rows(everyone, "band", "headcount") == list(zip(AGE_BANDS, [0, 0, 2, 1, 1, 1, 2], strict=True))
    assert everyone["percent"].to_list()[2] == pytest.approx(200 / 7)
    case_holders = result.filter((pl.col("role") == "5") & (pl.col("headcount") > 0))
    assert rows(case_holders, "role_label", "band", "headcount", "percent") == [
        ("Case holder", "30 to 39", 2, 66.666667),
        ("Case holder", "Not known", 1, 33.333333),
    ]
    # roles 1..6 and All (no person without a role), 7 bands each
    assert result.height == 7 * 7
    assert result.filter(pl.col("role") == "1")["percent"].null_count() == 7  # nobody: no percentages
    assert result.group_by("role").agg(pl.col("headcount").sum()).sort("role").rows() == [
        ("1", 0),
        ("2", 1),
        ("3", 1),
        ("4", 1),
        ("5", 3),
        ("6", 1),
        ("All", 7),
    ]


def test_sex_by_role(inputs: CouncilFrames) -> None:
    # P1 F, P2 M, P5 F, P6 "9" (not specified: not known), P12 M, P13 F, P14 no record (not known).
    result = sex_by_role(inputs, as_at=D)
    assert rows(result.filter(pl.col("role") == "All"), "band", "headcount", "percent") == [
        ("Female", 3, 42.857143),
        ("Male", 2, 28.571429),
        ("Not known", 2, 28.571429),
    ]
    assert rows(result.filter(pl.col("role") == "5"), "band", "headcount") == [
        ("Female", 1),
        ("Male", 1),
        ("Not known", 1),
    ]


def test_ethnicity_by_role_percentages_are_of_known(inputs: CouncilFrames) -> None:
    # P1 WBRI White, P2 BAFR Black, P5 AIND Asian, P6 REFU not known, P12 WOTH White, P13 MWBC Mixed,
    # P14 not known. Known = 5: White 2/5 = 40%, Mixed, Asian, Black 20% each, Other 0%; "Not known" no percent.
    result = ethnicity_by_role(inputs, as_at=D)
    assert rows(result.filter(pl.col("role") == "All"), "band", "headcount", "percent") == [
        ("White", 2, 40.0),
        ("Mixed / Multiple ethnic groups", 1, 20.0),
        ("Asian / Asian British", 1, 20.0),
        ("Black / African / Caribbean / Black British", 1, 20.0),
        ("Other ethnic group", 0, 0.0),
        ("Not known", 2, None),
    ]
    # role 5: P1 White, P2 Black, P14 not known -> 50% / 50%; role 4: only P6 (not known) -> no percentages.
    role5 = result.filter((pl.col("role") == "5") & (pl.col("headcount") > 0))
    assert rows(role5, "band", "headcount", "percent") == [
        ("White", 1, 50.0),
        ("Black / African / Caribbean / Black British", 1, 50.0),
        ("Not known", 1, None),
    ]
    assert result.filter(pl.col("role") == "4")["percent"].null_count() == 6


def test_a_person_with_no_role_is_under_role_not_known() -> None:
    rec = CouncilRecords(
        Council("902", "Roleless"),
        engagements=(Engagement("E1", "P1", PERM, start_date=d("2020-01-01")),),
        assignments=(Assignment("E1", d("2020-01-01"), fte=Decimal("1")),),
    )
    result = sex_by_role(frames_from_records([rec]), as_at=D)
    assert rows(result.filter(pl.col("headcount") > 0), "role", "role_label", "band", "headcount") == [
        ("Not known", "Not known", "Not known", 1),
        ("All", "All roles", "Not known", 1),
    ]


def test_length_of_service_bands(inputs: CouncilFrames) -> None:
    # Completed years to 30 Sep 2023: P1 from 2015-01-05 8 (5 to <10); P2 from 2022-11-01 0 (<2);
    # P5 earliest of 2019-01-01 and 2021-01-01 -> 4 (2 to <5); P6 from 2000-01-01 23 (20+);
    # P12 start not known; P13 from 2023-03-01 0 (<2); P14 from 2021-09-30 exactly 2 (2 to <5).
    result = length_of_service_bands(inputs, as_at=D)
    assert rows(result) == [
        ("900", "Less than 2 years", 2, 28.571429),
        ("900", "2 to less than 5 years", 2, 28.571429),
        ("900", "5 to less than 10 years", 1, 14.285714),
        ("900", "10 to less than 20 years", 0, 0.0),
        ("900", "20 years or more", 1, 14.285714),
        ("900", "Not known", 1, 14.285714),
    ]


# ------------------------------------------------------------------------------------------------ flows


def test_starters_by_origin(inputs: CouncilFrames) -> None:
    # Non-agency starts in P: E2 (origin 1, 0.5), E10 (origin 2, 1.0), E11 (no origin; no assignment covers
    # 30 Sep so its earliest, 0.4), E13 (origin 1, 1.0). Agency E7 and E9 are not starters. Total 4.
    result = starters_by_origin(inputs, period=P)
    assert result.height == 11  # 10 codes and "Not recorded"
    assert rows(result.filter(pl.col("headcount") > 0)) == [
        ("900", "1", "Newly qualified social worker", 2, 1.5, 50.0),
        ("900", "2", "Social worker role in a different local authority in England", 1, 1.0, 25.0),
        ("900", None, "Not recorded", 1, 0.4, 25.0),
    ]
    assert result.filter(pl.col("code") == "10").row(0) == ("900", "10", "Not yet collected", 0, 0.0, 0.0)


def test_leavers_by_reason(inputs: CouncilFrames) -> None:
    # Non-agency ends in P: E3 30 Sep (reason 1, 1.0), E4 15 Jan (reason 5, 0.6: its assignment covers 15 Jan),
    # E10 30 Jun (reason 1, 1.0). Agency E8 is not a leaver. Total 3.
    result = leavers_by_reason(inputs, period=P)
    assert result.height == 11
    assert rows(result.filter(pl.col("headcount") > 0)) == [
        ("900", "1", "Resignation", 2, 2.0, 66.666667),
        ("900", "5", "Retired", 1, 0.6, 33.333333),
    ]


def test_leavers_by_destination(inputs: CouncilFrames) -> None:
    result = leavers_by_destination(inputs, period=P)
    assert result.height == 10  # 9 codes and "Not recorded"
    assert rows(result.filter(pl.col("headcount") > 0), "code", "headcount", "fte", "percent") == [
        ("1", 1, 1.0, 33.333333),
        ("3", 1, 1.0, 33.333333),
        ("6", 1, 0.6, 33.333333),
    ]


def test_flows_add_up_to_the_dfe_measures(inputs: CouncilFrames) -> None:
    measures = census_year_measures(frames_from_records([build_profileshire()]), 2023).row(0, named=True)
    starters, leavers = starters_by_origin(inputs, period=P), leavers_by_reason(inputs, period=P)
    assert starters["headcount"].sum() == measures["starters_headcount"] == 4
    assert starters["fte"].sum() == pytest.approx(measures["starters_fte"]) == 2.9
    assert leavers["headcount"].sum() == measures["leavers_headcount"] == 3
    assert leavers["fte"].sum() == pytest.approx(measures["leavers_fte"]) == 2.6


# -------------------------------------------------------------------------------------------- caseloads


def test_caseload_by_worker(inputs: CouncilFrames) -> None:
    # Snapshots from 30 Aug to 30 Sep 2023 count, the latest one. Per FTE against amber 18 / red 22:
    # E1 20 / 1.0 = 20 amber; E2 8 (not the 20 Aug 12) / 0.5 = 16 green; E5a none; E5b 3 / 0.2 = 15 green;
    # E6 5 / unknown FTE: no rate, no flag; E7 25 / 1.0 red (not the 5 Oct 99); E9, E12, E13 none;
    # E14 19 / 1.0 amber.
    result = caseload_by_worker(inputs, as_at=D)
    assert rows(result, "engagement_key", "team_name", "agency", "cases", "cases_per_fte", "flag") == [
        ("E1", "Assessment", False, 20, 20.0, "amber"),
        ("E2", "Assessment", False, 8, 16.0, "green"),
        ("E5a", "Assessment", False, None, None, None),
        ("E13", "Children in Care", False, None, None, None),
        ("E14", "Children in Care", False, 19, 19.0, "amber"),
        ("E5b", "Children in Care", False, 3, 15.0, "green"),
        ("E6", "Children in Care", False, 5, None, None),
        ("E7", "Children in Care", True, 25, 25.0, "red"),
        ("E12", "Quality Assurance", False, None, None, None),
        ("E9", "No team recorded", True, None, None, None),
    ]
    assert result.filter(pl.col("engagement_key") == "E2")["snapshot_on"].item() == d("2023-09-01")


def test_caseload_by_team(inputs: CouncilFrames) -> None:
    # Assessment: workers E1 E2 E5a = 3, FTE 2.5, case holders 1.0 + 0.5 = 1.5, cases 28, 28 / 1.5 = 18.666667,
    #   max 20 cases, 20 per FTE; above amber: E1; above red: none.
    # Children in Care: E5b E6 E7 E13 E14 = 5, FTE 0.2 + 1 + 1 + 1 = 3.2 (E6 unknown), case holders
    #   0.2 + 1 + 1 = 2.2 (E6 holds 5 cases but adds no FTE), cases 3 + 5 + 25 + 19 = 52, 52 / 2.2 = 23.636364,
    #   max 25, above amber E7 E14 = 2, above red E7 = 1.
    # Quality Assurance: E12, FTE 0.8, no cases. No team: E9, FTE 0.5, no cases.
    # Total: 10 workers, FTE 7.0, case holders 3.7, cases 80, 80 / 3.7 = 21.621622, above amber 3, red 1.
    result = caseload_by_team(inputs, as_at=D)
    assert rows(result, *result.columns[1:]) == [
        ("T1", "Assessment", False, 3, 2.5, 1.5, 28, 18.666667, 20, 20.0, 1, 0),
        ("T2", "Children in Care", False, 5, 3.2, 2.2, 52, 23.636364, 25, 25.0, 2, 1),
        ("T3", "Quality Assurance", False, 1, 0.8, 0.0, 0, None, None, None, 0, 0),
        (None, "No team recorded", False, 1, 0.5, 0.0, 0, None, None, None, 0, 0),
        (None, "Total", True, 10, 7.0, 3.7, 80, 21.621622, 25, 25.0, 3, 1),
    ]
    measures = census_year_measures(frames_from_records([build_profileshire()]), 2023).row(0, named=True)
    total = result.filter(pl.col("is_total")).row(0, named=True)
    assert total["cases"] == measures["cases"]
    assert total["average_cases_per_fte"] == pytest.approx(measures["caseload_fte"])


def test_caseload_thresholds_are_configurable(inputs: CouncilFrames) -> None:
    # Slough's NQSW ceiling of 14: E2 (16), E5b (15) and E14 (19) are now above amber; E1 (20), E7 (25) red.
    strict = CaseloadThresholds(amber=14, red=19.5)
    flags = caseload_by_worker(inputs, as_at=D, thresholds=strict).drop_nulls("flag")
    assert rows(flags, "engagement_key", "flag") == [
        ("E1", "red"),
        ("E2", "amber"),
        ("E14", "amber"),
        ("E5b", "amber"),
        ("E7", "red"),
    ]
    total = caseload_by_team(inputs, as_at=D, thresholds=strict).filter(pl.col("is_total"))
    assert total.select("above_amber", "above_red").row(0) == (5, 2)


def test_caseload_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="0 < amber <= red"):
        CaseloadThresholds(amber=25, red=20)


def test_rounded_profile_rounds_floats_half_up(inputs: CouncilFrames) -> None:
    result = rounded_profile(caseload_by_team(inputs, as_at=D))
    assert result["average_cases_per_fte"].to_list() == [18.7, 23.6, None, None, 21.6]
    assert result["cases"].dtype == pl.Int64
    assert rounded_profile(pl.DataFrame({"x": [16.45, 15.25]}))["x"].to_list() == [16.5, 15.3]
