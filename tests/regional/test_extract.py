"""The pseudonymised regional extract (``regional.extract``): what a row says, worked out by hand from a small
council's records; what never leaves the council; and reading extracts back, refused whole on any fault."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest

from csc_workforce.domain.codes import ContractType, Ethnicity, OrgRole, ReasonLeave, Sex, StartOrigin
from csc_workforce.domain.records import (
    AgencyPlacement,
    Assignment,
    Council,
    CouncilRecords,
    Engagement,
    Person,
    Team,
)
from csc_workforce.regional import ExtractError, Key, Problem, extract_rows, key_from_text, make_extract, read_extract
from csc_workforce.regional import extract as extract_module
from csc_workforce.regional.schema import columns_markdown, header_markdown, schema

KEY_HEX = bytes(range(32)).hex()  # 000102...1f
KEY = key_from_text(KEY_HEX)
OTHER = key_from_text("ff" * 32)
AS_AT = date(2025, 9, 30)
DOCS = Path(__file__).parents[2] / "docs" / "regional-extract.md"

# Things the records hold that must never leave the council in an extract.
SECRETS = (
    "SW123456",  # a SWE number
    "swe:SW123456",  # the person key made from it
    "Alice Example",  # a person's name, held here as the council's own staff reference
    "Senior Social Worker (Alice's team)",  # a job title: free text
    "University of Example",  # the qualifying institution: free text
    "Northgate Child Protection",  # the team's name
    "Acme Locums Ltd",  # the agency's name
    "POST-0042",  # the post an agency placement covers
    "1986-07-14",  # the date of birth
    "WBRI",  # ethnicity: special-category data, not in the extract
)


def council_records() -> CouncilRecords:
    """A council of three workers, every value chosen so each row can be worked out by hand:

    - Alice (SW123456, born 14 July 1986): permanent from 1 March 2020, FTE 0.8 to 31 March 2022 then 1 (FTE30 0.9
      in the 2025 return), a case holder; in post on 30 September 2025; she has given notice to leave on
      1 December 2025, after the as-at day.
    - Bob (sw 654321 as typed, no date of birth): permanent from 1 April 2019 (before that the records say
      nothing), left on 30 June 2024 (resigned), FTE 0.6; then an agency worker from 1 August 2024 with two
      placements, at 48.50 and then 55.25 an hour, and one more at 70 an hour that starts after the as-at day.
    - Carol (no SWE number held): fixed-term from 1 October 2025, after the as-at day: not in the extract.
    """
    alice = Person(
        "swe:SW123456",
        swe_no="SW123456",
        birth_date=date(1986, 7, 14),
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WBRI,
        qual_institution="University of Example",
        staff_ref="Alice Example",
    )
    bob = Person("swe:SW654321", swe_no="sw 654321")
    carol = Person("hr:7788", staff_ref="7788")
    engagements = (
        Engagement(
            "swe:SW123456/perm/2020-03-01",
            alice.key,
            ContractType.PERMANENT,
            start_date=date(2020, 3, 1),
            start_origin=StartOrigin.OTHER_LA_ENGLAND,
            end_date=date(2025, 12, 1),
            reason_leave=ReasonLeave.RESIGNATION,
        ),
        Engagement(
            "swe:SW654321/perm",
            bob.key,
            ContractType.PERMANENT,
            start_date=None,
            end_date=date(2024, 6, 30),
            reason_leave=ReasonLeave.RESIGNATION,
        ),
        Engagement(
            "swe:SW654321/agency/2024-08-01",
            bob.key,
            ContractType.AGENCY,
            start_date=date(2024, 8, 1),
            start_origin=StartOrigin.AGENCY,
        ),
        Engagement("hr:7788/ft", carol.key, ContractType.FIXED_TERM, start_date=date(2025, 10, 1)),
    )
    title = "Senior Social Worker (Alice's team)"
    case_holder, senior, alices = OrgRole.CASE_HOLDER, OrgRole.SENIOR_PRACTITIONER, engagements[0].key
    assignments = (
        Assignment(alices, date(2020, 3, 1), date(2022, 3, 31), case_holder, Decimal("0.8"), "t1"),
        Assignment(alices, date(2022, 4, 1), None, case_holder, Decimal("1"), "t1", title, fte30=Decimal("0.9")),
        Assignment(engagements[1].key, date(2023, 9, 30), date(2024, 6, 30), senior, Decimal("0.6")),
        Assignment(engagements[3].key, date(2025, 10, 1), None, case_holder, Decimal("1")),
    )
    placements = (
        AgencyPlacement(
            "p1", engagements[2].key, date(2024, 8, 1), date(2025, 2, 1), "Acme Locums Ltd", OrgRole.CASE_HOLDER,
            post_ref="POST-0042", charge_rate=Decimal("48.50"),
        ),
        AgencyPlacement(
            "p2", engagements[2].key, date(2025, 2, 1), None, "Acme Locums Ltd", OrgRole.CASE_HOLDER,
            charge_rate=Decimal("55.25"),
        ),
        AgencyPlacement(
            "p3", engagements[2].key, date(2025, 10, 6), None, "Acme Locums Ltd", charge_rate=Decimal("70"),
        ),
    )  # fmt: skip
    return CouncilRecords(
        council=Council("990", "Northgate", "North West"),
        teams=(Team("t1", "Northgate Child Protection"),),
        people=(alice, bob, carol),
        engagements=engagements,
        assignments=assignments,
        agency_placements=placements,
    )


def hmac_hex(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def made(records: CouncilRecords | None = None, *, key: Key = KEY, as_at: date = AS_AT) -> str:
    return make_extract(records or council_records(), key=key, as_at=as_at).text


def lines_of(text: str) -> list[str]:
    return text.split("\n")[:-1]


def joined(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def refusal(data: bytes, keys: list[Key] | None = None, **kwargs: object) -> ExtractError:
    with pytest.raises(ExtractError) as caught:
        read_extract(data, keys or [KEY], **kwargs)  # type: ignore[arg-type]
    return caught.value


# -- pseudonyms and keys -----------------------------------------------------------------------------------


def test_a_known_key_and_swe_number_give_a_known_pseudonym():
    # computed independently: printf %s SW123456 | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
    vector = "76e68a218205adcc3999e8ee8ed71e6defeb8746485f0964fb9fe3227cdd6fc3"
    assert hmac_hex(bytes(range(32)), b"SW123456") == vector
    assert KEY.pseudonym("SW123456") == vector
    # normalised first (spaces removed, upper case), so the council that typed it otherwise gives the same one
    assert KEY.pseudonym(" sw 123456\n") == KEY.pseudonym("Sw123456") == vector
    assert OTHER.pseudonym("SW123456") != vector


def test_the_key_id_is_public_and_fixed_and_the_key_is_never_shown():
    # (printf 'csc-workforce regional key id\0'; printf 000102...1f | xxd -r -p) | sha256sum | cut -c1-16
    assert KEY.key_id == "7c6554ca274a98fa"
    assert KEY.key_id == hashlib.sha256(b"csc-workforce regional key id\x00" + bytes(range(32))).hexdigest()[:16]
    assert OTHER.key_id != KEY.key_id
    assert KEY_HEX not in repr(KEY) and repr(KEY) == "Key(key_id='7c6554ca274a98fa')"


def test_the_pseudonyms_in_an_extract_are_the_hmac_of_the_swe_numbers():
    rows = extract_rows(council_records(), key=KEY, as_at=AS_AT)
    workers = {r.worker for r in rows}
    alice, bob = hmac_hex(bytes(range(32)), b"SW123456"), hmac_hex(bytes(range(32)), b"SW654321")
    assert workers == {alice, bob}
    assert all(r.swe_known for r in rows)


# -- what a row says ---------------------------------------------------------------------------------------


def test_each_row_as_worked_out_by_hand():
    rows = {(r.worker, r.contract): r for r in extract_rows(council_records(), key=KEY, as_at=AS_AT)}
    alice = rows[(KEY.pseudonym("SW123456"), ContractType.PERMANENT)]
    # in post on 30 September 2025 (her notice to leave on 1 December is after it, so not shown), FTE30 0.9
    assert (alice.in_post, alice.end_date, alice.reason_leave) == (True, None, None)
    assert (alice.fte, alice.start_fte, alice.role) == (Decimal("0.9"), Decimal("0.8"), OrgRole.CASE_HOLDER)
    assert (alice.start_date, alice.start_origin) == (date(2020, 3, 1), StartOrigin.OTHER_LA_ENGLAND)
    assert alice.birth_year == 1986
    assert (alice.charge_rate, alice.charge_rate_from) == (None, None)

    bob_perm = rows[(KEY.pseudonym("SW654321"), ContractType.PERMANENT)]
    # a leaver: FTE and role of the assignment covering the end date; started before the records began
    assert (bob_perm.in_post, bob_perm.end_date) == (False, date(2024, 6, 30))
    assert bob_perm.reason_leave is ReasonLeave.RESIGNATION
    assert (bob_perm.fte, bob_perm.role, bob_perm.start_date, bob_perm.start_fte) == (
        Decimal("0.6"), OrgRole.SENIOR_PRACTITIONER, None, None
    )  # fmt: skip
    assert bob_perm.birth_year is None

    bob_agency = rows[(KEY.pseudonym("SW654321"), ContractType.AGENCY)]
    # no assignment: not in post as the DfE measures count it; the role is the placement's; the highest rate of
    # the placements started by the as-at day (55.25 from 1 February 2025), not the 70 of one starting after it
    assert (bob_agency.in_post, bob_agency.role, bob_agency.fte) == (False, OrgRole.CASE_HOLDER, None)
    assert (bob_agency.charge_rate, bob_agency.charge_rate_from) == (Decimal("55.25"), date(2025, 2, 1))
    assert len(rows) == 3  # Carol starts after the as-at day


def test_the_file_as_written(tmp_path: Path):
    text = made()
    lines = lines_of(text)
    assert lines[:6] == [
        "# csc-workforce regional extract",
        "# format: 1",
        "# la_code: 990",
        "# as_at: 2025-09-30",
        f"# key_id: {KEY.key_id}",
        "# rows: 3",
    ]
    assert re.fullmatch(r"# check: [0-9a-f]{64}", lines[6])
    assert lines[7] == ",".join(schema().names)
    alice = KEY.pseudonym("SW123456")
    assert f"{alice},true,990,permanent,true,5,0.9,2020-03-01,2,0.8,,,1986,," in lines[8:]
    bob = KEY.pseudonym("SW654321")
    assert f"{bob},true,990,agency,false,5,,2024-08-01,4,,,,,55.25,2025-02-01" in lines[8:]
    assert f"{bob},true,990,permanent,false,4,0.6,,,,2024-06-30,1,,," in lines[8:]
    assert lines[8:] == sorted(lines[8:])  # sorted by their cells: the order says nothing of the records'


def test_the_check_is_the_hmac_of_the_header_and_rows():
    lines = lines_of(made())
    checked = "\n".join(lines[:6] + lines[7:]) + "\n"
    expected = hmac_hex(bytes(range(32)), b"csc-workforce regional extract check\x00" + checked.encode())
    assert lines[6] == f"# check: {expected}"


def test_no_name_no_free_text_no_swe_number_and_the_birth_year_alone_leave_the_council():
    data = made().encode()
    for secret in SECRETS:
        assert secret.encode() not in data, secret
        assert secret.lower().encode() not in data.lower(), secret
    assert b",1986," in data  # the year of birth is there, the day and month are not
    assert b"07-14" not in data


def test_a_person_with_no_swe_number_gets_a_local_pseudonym_that_matches_nobody_elsewhere():
    records = council_records()
    carol = replace(records.engagements[3], start_date=date(2025, 9, 1))
    records = replace(records, engagements=(*records.engagements[:3], carol))
    (row,) = [r for r in extract_rows(records, key=KEY, as_at=AS_AT) if r.contract is ContractType.FIXED_TERM]
    assert row.swe_known is False
    assert row.worker == KEY.local_pseudonym("990", "hr:7788") != KEY.local_pseudonym("991", "hr:7788")
    assert b"7788" not in made(records).encode()


# -- reading back ------------------------------------------------------------------------------------------


def test_an_extract_reads_back_to_its_rows():
    records = council_records()
    read = read_extract(made(records).encode(), [KEY])
    assert (read.format, read.la_code, read.as_at, read.key_id) == (1, "990", AS_AT, KEY.key_id)
    assert read.rows == extract_rows(records, key=KEY, as_at=AS_AT)


def test_a_path_crlf_line_endings_and_a_byte_order_mark_are_read(tmp_path: Path):
    path = tmp_path / "extract.csv"
    path.write_bytes(b"\xef\xbb\xbf" + made().replace("\n", "\r\n").encode())
    assert len(read_extract(path, [KEY]).rows) == 3


def test_after_a_rotation_each_extract_is_read_with_the_key_it_names():
    old, new = made(key=KEY).encode(), made(key=OTHER).encode()
    both = [OTHER, KEY]
    assert read_extract(old, both).key_id == KEY.key_id
    assert read_extract(new, both).key_id == OTHER.key_id
    # the two keys give the same worker different pseudonyms
    assert {r.worker for r in read_extract(old, both).rows}.isdisjoint({r.worker for r in read_extract(new, both).rows})
    error = refusal(old, [OTHER])
    assert error.problems == (
        Problem(5, f"it was made with the key whose id is {KEY.key_id}; the keys given have ids {OTHER.key_id}"),
    )
    assert "give the old key too" in str(error)


def test_an_extract_made_with_another_key_is_refused_even_when_it_names_ours():
    lines = lines_of(made(key=OTHER))
    lines[4] = f"# key_id: {KEY.key_id}"  # claims to be made with KEY: the check, made with OTHER, says not
    error = refusal(joined(lines))
    assert [p.line for p in error.problems] == [7] and "check value does not match" in str(error)


def test_a_tampered_check_value_or_row_is_refused():
    lines = lines_of(made())
    forged = list(lines)
    forged[6] = forged[6][:-1] + ("0" if forged[6][-1] != "0" else "1")
    assert [p.line for p in refusal(joined(forged)).problems] == [7]
    edited = list(lines)  # a row changed to another valid row: only the check can tell
    row = next(i for i, line in enumerate(edited) if ",permanent,true,5,0.9," in line)
    edited[row] = edited[row].replace(",0.9,", ",0.5,")
    assert [p.line for p in refusal(joined(edited)).problems] == [7]
    dropped = lines[:-1]
    assert refusal(joined(dropped)).problems == (Problem(None, "the header says 3 rows, but the file has 2"),)


def test_a_bad_row_is_named_by_its_line_and_the_whole_file_is_refused():
    lines = lines_of(made())
    cells = lines[9].split(",")
    cells[7] = "2025-13-01"  # start_date: no thirteenth month
    lines[9] = ",".join(cells)
    cells = lines[10].split(",")
    cells[3] = "casual"  # contract
    cells[12] = "86"  # birth_year
    lines[10] = ",".join(cells)
    error = refusal(joined(lines))
    assert error.problems == (
        Problem(10, "start_date is '2025-13-01', which is not a day of the calendar"),
        Problem(11, "contract is 'casual', which is not one of permanent, fixed_term, agency"),
        Problem(11, "birth_year is '86', which is not a whole number from 1900 to 2100 written like 1986, or empty"),
    )
    assert str(error).startswith("The extract was refused (3 problems); nothing in it was read.")
    assert "make it again with `csc-workforce regional extract`" in str(error)


@pytest.mark.parametrize(
    ("column", "value", "messages"),
    [
        ("la_code", "991", ["la_code is 991, but the extract is of council 990"]),
        (
            "end_date",
            "2025-10-01",
            [
                "end_date 2025-10-01 is after the extract's as_at, 2025-09-30",
                "in_post is true, but the engagement has an end_date",
            ],
        ),
        ("fte", "1.5", ["fte is '1.5', which is not a number from 0 to 1 written like 0.8, or empty"]),
        ("fte", "=1+1", ["fte holds text a spreadsheet would run as a formula; no extract does"]),
        ("worker", "SW123456", ["worker is not written like " + schema().columns[0].example]),
        ("swe_known", "yes", ["swe_known is 'yes', which is not true or false"]),
        ("role", "", None),  # empty: allowed
    ],
)
def test_a_cell_its_column_refuses(column: str, value: str, messages: list[str] | None):
    lines = lines_of(made())
    index = schema().names.index(column)
    row = next(i for i, line in enumerate(lines) if ",permanent,true," in line)
    cells = lines[row].split(",")
    cells[index] = value
    lines[row] = ",".join(cells)
    if messages is None:
        assert [p.line for p in refusal(joined(lines)).problems] == [7]  # read, but the row was changed
    else:
        assert refusal(joined(lines)).problems == tuple(Problem(row + 1, m) for m in messages)


def test_rules_between_cells():
    lines = lines_of(made())
    row = next(i for i, line in enumerate(lines) if ",permanent,true," in line)
    cells = lines[row].split(",")
    cells[schema().names.index("reason_leave")] = "1"  # without an end date
    cells[schema().names.index("charge_rate")] = "50"  # on a permanent engagement, with no date
    lines[row] = ",".join(cells)
    assert [p.message for p in refusal(joined(lines)).problems] == [
        "reason_leave is given without an end_date",
        "charge_rate and charge_rate_from are for agency engagements only",
        "charge_rate and charge_rate_from go together: give both or neither",
    ]


def test_the_header_is_checked():
    lines = lines_of(made())
    assert refusal(joined(["worker,la_code", *lines[7:]])).problems[0].line == 1
    wrong_format = list(lines)
    wrong_format[1] = "# format: 2"
    error = refusal(joined(wrong_format))
    assert error.problems == (Problem(2, "it is format 2; this version reads format 1"),) and "Upgrade" in str(error)
    no_rows = lines[:5] + lines[6:]
    assert refusal(joined(no_rows)).problems[0] == Problem(6, "the header's line 'rows' (# rows: ...) is missing here")
    columns = list(lines)
    columns[7] = columns[7].replace("birth_year", "birth_date")
    assert refusal(joined(columns)).problems[0].line == 8
    outside = refusal(joined(lines), councils={"991", "992"})
    assert outside.problems == (Problem(3, "it is of council 990, which is not one of 991, 992"),)
    assert read_extract(joined(lines), [KEY], councils={"990", "991"}).la_code == "990"


def test_what_is_not_a_csv_extract_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch):
    assert "spreadsheet workbook" in str(refusal(b"PK\x03\x04" + b"\x00" * 100))
    assert (
        refusal("# csc-workforce regional extract\n".encode("utf-16")).problems[0].message.startswith("it is not UTF-8")
    )
    lines = lines_of(made())
    long_line = list(lines)
    long_line[8] += "," * 2000
    too_long = f"the line is {len(long_line[8]):,} characters long; an extract's lines are under 1,000"
    assert refusal(joined(long_line)).problems[0] == Problem(9, too_long)
    nul = list(lines)
    nul[8] = nul[8][:10] + "\x00" + nul[8][10:]
    assert "control character" in refusal(joined(nul)).problems[0].message
    monkeypatch.setattr(extract_module, "MAX_BYTES", 100)
    assert "the largest extract read" in str(refusal(joined(lines)))


def test_many_bad_rows_are_listed_up_to_the_limit():
    lines = lines_of(made())
    bad = lines[8].replace(",true,990,", ",maybe,990,")
    error = refusal(joined(lines[:8] + [bad] * 60))
    assert len(error.problems) == 50 and error.more == 10 and "... and 10 more" in str(error)


# -- the schema and its documentation ----------------------------------------------------------------------


def test_the_schema_ships_with_the_package_and_its_codes_are_the_code_lists():
    assert schema().format == extract_module.FORMAT == 1
    raw = json.loads(files("csc_workforce.regional").joinpath("extract.schema.json").read_text(encoding="utf-8"))
    enums = {f["name"]: f["constraints"].get("enum") for f in raw["fields"]}
    assert enums["contract"] == ContractType.codes()
    assert enums["role"] == OrgRole.codes()
    assert enums["start_origin"] == StartOrigin.codes()
    assert enums["reason_leave"] == ReasonLeave.codes()
    assert [f["name"] for f in raw["fields"]] == list(schema().names)
    assert {"ethnicity", "sex", "name", "swe_no"}.isdisjoint(schema().names)


def test_the_documentation_holds_every_column_and_header_field_as_the_schema_says():
    text = DOCS.read_text(encoding="utf-8")
    assert columns_markdown() in text, "regenerate the table: python -c 'from csc_workforce.regional.schema ...'"
    assert header_markdown() in text


# -- the rows give the council's own DfE figures -----------------------------------------------------------


def test_the_rows_give_the_dfe_workforce_measures_the_council_computes():
    """docs/regional-extract.md says DfE's in-post, agency, starters and leavers figures on the as-at day can be
    computed from the rows as the council computes them: checked on a synthetic council's 2025 census year."""
    from csc_workforce.measures import census_year_measures, frames_from_records
    from csc_workforce.synthetic import generate_council

    records = generate_council(
        la_code="990", name="N", region="North West", first_year=2024, last_year=2025, seed=5, size=40
    )
    rows = extract_rows(records, key=KEY, as_at=AS_AT)
    own = census_year_measures(frames_from_records([records]), 2025).row(0, named=True)
    year = (date(2024, 10, 1), AS_AT)
    staff = [r for r in rows if r.contract is not ContractType.AGENCY]
    in_post = [r for r in staff if r.in_post]
    starters = [r for r in staff if r.start_date is not None and year[0] <= r.start_date <= year[1]]
    leavers = [r for r in staff if r.end_date is not None and year[0] <= r.end_date <= year[1]]
    agency = [r for r in rows if r.contract is ContractType.AGENCY and r.in_post]
    figures = {
        "inpost_fte": sum(r.fte or 0 for r in in_post),
        "inpost_headcount": len({r.worker for r in in_post}),
        "starters_fte": sum(r.start_fte or 0 for r in starters),
        "starters_headcount": len({(r.worker, r.start_date) for r in starters}),
        "leavers_fte": sum(r.fte or 0 for r in leavers),
        "leavers_headcount": len({(r.worker, r.end_date) for r in leavers}),
        "agency_fte": sum(r.fte or 0 for r in agency),
        "agency_headcount": len(agency),
    }
    assert min(figures.values()) > 0
    for measure, value in figures.items():
        assert float(value) == pytest.approx(own[measure], abs=1e-9), measure
