"""The census items: how each element's text becomes a typed value, and back.

One table per block (LA level, worker) maps an element name to the ``CensusWorker``/``LALevel``
field, a parser and a formatter. The reader and the writer both use it, so a value that writes can
always be read back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from csc_workforce.domain.codes import (
    AbsenceReason,
    CFKSSStatus,
    CodeList,
    Eligibility,
    Ethnicity,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    Sex,
    StartOrigin,
)

_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

GENDER_CODES: dict[str, Sex] = {"0": Sex.NOT_KNOWN, "1": Sex.MALE, "2": Sex.FEMALE, "9": Sex.NOT_SPECIFIED}
GENDER_OF_SEX: dict[Sex, str] = {sex: code for code, sex in GENDER_CODES.items()}


def parse_decimal(text: str) -> Decimal:
    if not _DECIMAL.fullmatch(text):
        raise ValueError("a number such as 0.5 (digits and one full stop)")
    return Decimal(text)


def parse_int(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError("a whole number")
    return int(text)


def parse_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise ValueError("a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("a real date written YYYY-MM-DD") from None


def parse_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("a date and time written YYYY-MM-DDThh:mm:ssZ") from None


def parse_bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError("0 (no) or 1 (yes)")
    return text == "1"


def parse_gender(text: str) -> Sex:
    try:
        return GENDER_CODES[text]
    except KeyError:
        raise ValueError("one of the codes 0, 1, 2, 9") from None


def parse_sex(text: str) -> Sex:
    if text not in ("M", "F"):
        raise ValueError("M or F")
    return Sex.of(text)


def code_parser(code_list: type[CodeList]) -> Callable[[str], Any]:
    members = {member.value: member for member in code_list}
    expected = "one of the codes " + ", ".join(code_list.codes())

    def parse(text: str) -> Any:
        member = members.get(text)
        if member is None:
            raise ValueError(expected)
        return member

    return parse


def fmt_decimal(places: int) -> Callable[[Any], str]:
    quantum = Decimal(1).scaleb(-places)

    def fmt(value: Any) -> str:
        return str(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))

    return fmt


def fmt_bool(value: Any) -> str:
    return "1" if value else "0"


def fmt_str(value: Any) -> str:
    return str(value)


def fmt_date(value: Any) -> str:
    return str(value.isoformat())


@dataclass(frozen=True, slots=True)
class Item:
    """One census element: the model field it fills, how to read its text and how to write a value."""

    element: str
    field: str
    parse: Callable[[str], Any]
    fmt: Callable[[Any], str]
    repeatable: bool = False  # the model holds a tuple (QualInst, ContractWeeks)


def _codes(element: str, field: str, code_list: type[CodeList]) -> Item:
    return Item(element, field, code_parser(code_list), fmt_str)


WORKER_ITEMS: dict[str, Item] = {
    item.element: item
    for item in (
        Item("AgencyWorker", "agency", parse_bool, fmt_bool),
        Item("SWENo", "swe_no", str, fmt_str),
        Item("FTE", "fte", parse_decimal, fmt_decimal(6)),
        Item("PersonBirthDate", "birth_date", parse_date, fmt_date),
        Item("GenderCurrent", "sex", parse_gender, lambda sex: GENDER_OF_SEX[sex]),
        Item("Sex", "sex", parse_sex, fmt_str),
        _codes("Ethnicity", "ethnicity", Ethnicity),
        Item("QualInst", "qual_institutions", str, fmt_str, repeatable=True),
        _codes("QualLevel", "qual_level", QualLevel),
        Item("StepUpGrad", "step_up_grad", parse_bool, fmt_bool),
        _codes("OrgRole", "org_role", OrgRole),
        Item("RoleStartDate", "role_start_date", parse_date, fmt_date),
        _codes("StartOrigin", "start_origin", StartOrigin),
        Item("RoleEndDate", "role_end_date", parse_date, fmt_date),
        _codes("LeaverDestination", "leaver_destination", LeaverDestination),
        _codes("ReasonLeave", "reason_leave", ReasonLeave),
        Item("FTE30", "fte30", parse_decimal, fmt_decimal(6)),
        Item("Cases30", "cases30", parse_int, fmt_str),
        Item("WorkingDaysLost", "working_days_lost", parse_decimal, fmt_decimal(2)),
        Item("ContractWeeks", "contract_weeks", parse_decimal, fmt_decimal(1), repeatable=True),
        Item("FrontlineGrad", "frontline_grad", parse_bool, fmt_bool),
        Item("Absat30Sept", "absent_30_sept", parse_bool, fmt_bool),
        _codes("ReasonAbsence", "reason_absence", AbsenceReason),
        _codes("CFKSSstatus", "cfkss_status", CFKSSStatus),
        Item("BaseSalary", "base_salary", parse_decimal, fmt_decimal(2)),
        Item("RRPayments", "rr_payments", parse_decimal, fmt_decimal(2)),
        Item("OtherPayments", "other_payments", parse_decimal, fmt_decimal(2)),
    )
}

LA_ITEMS: dict[str, Item] = {
    item.element: item
    for item in (
        Item("NumberOfVacancies", "vacancies_fte", parse_decimal, fmt_decimal(2)),
        Item("NoAgencyFTE", "agency_cover_fte", parse_decimal, fmt_decimal(2)),
        Item("NoAgencyHeadcount", "agency_cover_headcount", parse_int, fmt_str),
        Item("OtherAllowances", "other_allowances", str, fmt_str),
    )
}

ELIGIBILITY_PARSER = code_parser(Eligibility)

LA_BLOCK_NAMES = ("LALevelVacancies", "LALevel")
