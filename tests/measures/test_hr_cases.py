"""HR casework (measures.hr_cases), worked out by hand.

Caseshire (990), as at 30 September 2025 over the year from 1 October 2024:

* C1 conduct, opened 3 March 2025, still open: open; opened in the year;
* C2 conduct, opened 1 June 2024, closed 30 September 2025: closed on the date, so not open on it; closed in the
  year;
* C3 absence, opened 15 January 2025, closed 20 March 2025: opened and closed in the year, not open;
* C4 capability, opened 10 February 2022, still open: open; opened before the year;
* C5 grievance, opened 1 October 2025 (after the date): not counted at all.

Open on 30 September 2025: C1, C4 = 2 (conduct 1, capability 1). Opened in the year: C1, C3 = 2. Closed in the
year: C2, C3 = 2. Plainton (991) holds no HR case: null, and no rows.
"""

from __future__ import annotations

from datetime import date

from csc_workforce.domain.codes import HRCaseKind
from csc_workforce.domain.periods import Period
from csc_workforce.domain.records import Council, CouncilRecords, HRCase
from csc_workforce.measures.hr_cases import BY_KIND_COLUMNS, hr_case_measures, hr_cases_by_kind
from csc_workforce.measures.inputs import frames_from_records

D = date(2025, 9, 30)
YEAR = Period(date(2024, 10, 1), D)
CASES = (
    HRCase("case:C1", HRCaseKind.CONDUCT, date(2025, 3, 3)),
    HRCase("case:C2", HRCaseKind.CONDUCT, date(2024, 6, 1), date(2025, 9, 30)),
    HRCase("case:C3", HRCaseKind.ABSENCE, date(2025, 1, 15), date(2025, 3, 20)),
    HRCase("case:C4", HRCaseKind.CAPABILITY, date(2022, 2, 10)),
    HRCase("case:C5", HRCaseKind.GRIEVANCE, date(2025, 10, 1)),
)
INPUTS = frames_from_records(
    [CouncilRecords(Council("990", "Caseshire"), hr_cases=CASES), CouncilRecords(Council("991", "Plainton"))]
)


def test_open_cases_on_the_date_and_null_for_a_council_holding_none() -> None:
    rows = hr_case_measures(INPUTS, as_at=D, period=YEAR).sort("la_code").rows()
    assert rows == [("990", 2), ("991", None)]


def test_a_case_is_open_from_its_opening_day_until_the_day_it_closes() -> None:
    def open_on(day: date) -> int:
        return hr_case_measures(INPUTS, as_at=day, period=YEAR).sort("la_code").row(0)[1]

    assert open_on(date(2025, 3, 2)) == 3  # C2, C3, C4 (C1 opens tomorrow)
    assert open_on(date(2025, 3, 20)) == 3  # C1, C2, C4: C3 closed that day
    assert open_on(date(2025, 3, 19)) == 4  # C1, C2, C3, C4


def test_by_kind_open_opened_and_closed_with_a_total() -> None:
    table = hr_cases_by_kind(INPUTS, as_at=D, period=YEAR)
    assert table.columns == list(BY_KIND_COLUMNS)
    assert table.select("kind", "open", "opened", "closed").rows() == [
        ("absence", 0, 1, 1),
        ("conduct", 1, 1, 1),
        ("capability", 1, 0, 0),
        (None, 2, 2, 2),
    ]
    assert table["kind_label"].to_list()[-1] == "Total"
    assert set(table["la_code"].to_list()) == {"990"}
