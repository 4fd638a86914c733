"""The names of DfE's published CSWW indicators (the columns of the Explore Education Statistics file
"1. Indicators"), in DfE's order. The measure catalogue declares each of them; the published-figures
loader reads them; both take the names from here."""

DFE_INDICATOR_IDS: tuple[str, ...] = (
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
)
