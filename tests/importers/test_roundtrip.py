"""Round trip: records -> an HR-style CSV (a small writer here) -> import -> the same records."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.domain.codes import ContractType, Ethnicity, QualLevel, ReasonLeave, Sex
from csc_workforce.domain.records import CouncilRecords, Engagement, Person
from csc_workforce.importers import default_mapping, import_table, read_table
from tests.importers.support import COUNCIL, csv_bytes

PEOPLE_FIELDS = [
    "person_ref",
    "swe_no",
    "birth_date",
    "sex",
    "ethnicity",
    "qual_level",
    "qual_institution",
    "step_up_grad",
    "frontline_grad",
]
ENGAGEMENT_FIELDS = ["person_ref", "contract", "start_date", "end_date", "reason_leave", "contract_weeks"]

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))
text = st.text(alphabet="abcXYZ é,;'\"-", min_size=1, max_size=12).map(str.strip).filter(bool)


def cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@st.composite
def people_and_engagements(draw: st.DrawFn) -> tuple[dict[str, Person], list[Engagement]]:
    refs = draw(st.lists(st.from_regex(r"[A-Z][0-9]{1,5}", fullmatch=True), min_size=1, max_size=6, unique=True))
    swes = draw(st.lists(st.integers(1, 99999), min_size=len(refs), max_size=len(refs), unique=True))
    people: dict[str, Person] = {}
    engagements: list[Engagement] = []
    for ref, number in zip(refs, swes, strict=True):
        swe = f"SW{number}" if draw(st.booleans()) else None
        people[ref] = Person(
            key=f"swe:{swe}" if swe else f"ref:{ref}",
            swe_no=swe,
            birth_date=draw(st.none() | days),
            sex=draw(st.none() | st.sampled_from(Sex)),
            ethnicity=draw(st.none() | st.sampled_from(Ethnicity)),
            qual_level=draw(st.none() | st.sampled_from(QualLevel)),
            qual_institution=draw(st.none() | text),
            step_up_grad=draw(st.none() | st.booleans()),
            frontline_grad=draw(st.none() | st.booleans()),
            source="upload:1",
            staff_ref=ref,
        )
        for start in draw(st.lists(days, max_size=2, unique=True)):
            contract = draw(st.sampled_from(ContractType))
            end = draw(st.none() | st.integers(0, 4000).map(lambda n, s=start: s + timedelta(days=n)))
            weeks = draw(st.none() | st.decimals(0, 104, places=1))
            engagements.append(
                Engagement(
                    key=f"{people[ref].key}/{'A' if contract.is_agency else 'P'}/{start.isoformat()}",
                    person_key=people[ref].key,
                    contract=contract,
                    start_date=start,
                    end_date=end,
                    reason_leave=draw(st.none() | st.sampled_from(ReasonLeave)),
                    contract_weeks=weeks,
                    source="upload:1",
                )
            )
    return people, engagements


def write(fields: list[str], rows: list[dict[str, object]], delimiter: str, bom: bool) -> bytes:
    data = csv_bytes([fields, *[[cell(r[f]) for f in fields] for r in rows]], delimiter=delimiter)
    return (b"\xef\xbb\xbf" if bom else b"") + data


@settings(max_examples=60, deadline=None)
@given(people_and_engagements(), st.sampled_from([",", ";", "\t"]), st.booleans())
def test_people_and_engagements_survive_a_csv_round_trip(
    drawn: tuple[dict[str, Person], list[Engagement]], delimiter: str, bom: bool
) -> None:
    people, engagements = drawn
    ref_of = {p.key: ref for ref, p in people.items()}
    people_rows = [{"person_ref": ref, **{f: getattr(p, f) for f in PEOPLE_FIELDS[1:]}} for ref, p in people.items()]
    engagement_rows = [
        {"person_ref": ref_of[e.person_key], **{f: getattr(e, f) for f in ENGAGEMENT_FIELDS[1:]}} for e in engagements
    ]

    table = read_table(write(PEOPLE_FIELDS, people_rows, delimiter, bom), filename="people.csv")
    first = import_table(table, default_mapping("people"), council=COUNCIL, source_key="upload:1")
    assert [i.as_text() for i in first.issues] == []
    assert first.records.people == tuple(people.values())
    assert first.rows_read == len(people)

    table = read_table(write(ENGAGEMENT_FIELDS, engagement_rows, delimiter, bom), filename="engagements.csv")
    second = import_table(
        table,
        default_mapping("engagements"),
        council=COUNCIL,
        source_key="upload:1",
        existing=first.records,
        person_keys=first.person_keys,
    )
    assert [i.as_text() for i in second.issues] == []
    assert second.records == CouncilRecords(COUNCIL, engagements=tuple(engagements))
    assert all(isinstance(e.contract_weeks, Decimal | None) for e in second.records.engagements)
