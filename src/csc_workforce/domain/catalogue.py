"""The catalogue of checks: every issue code the product can report, in one place: the census reader and
validator, the checks across returns, the check of a DfE release file, the importers of HR and case-management
extracts, the upload page and the strategy loader.

Each check has a stable code, a severity, a short title and a "how to fix" sentence for a council analyst, and
makes its :class:`~csc_workforce.domain.issues.Issue` (:meth:`Rule.issue`). The rule tables in ``docs/census.md``
(:data:`RULES`, :data:`ACROSS_RETURNS`) and ``docs/benchmarks.md`` (:data:`RELEASE_RULES`) are generated from
here (see :func:`rule_table_markdown`). DfE's own rule numbers could not be retrieved
(``shared/domain/csww-census.md`` section 3.1), so these codes are ours.
"""

from __future__ import annotations

from dataclasses import dataclass

from csc_workforce.domain.issues import Issue, Location, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING
_NOWHERE = Location()


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: str
    how_to_fix: str

    def issue(self, message: str, location: Location = _NOWHERE, value: str | None = None) -> Issue:
        return Issue(self.code, self.severity, message, location, value)


RULES: tuple[Rule, ...] = (
    # The file as a whole
    Rule(
        "CSWW-FILE-001",
        ERROR,
        "File is empty or is not well-formed XML",
        "Export the return again from your case-management or HR system as an XML file.",
    ),
    Rule(
        "CSWW-FILE-002",
        ERROR,
        "File contains a DOCTYPE or ENTITY declaration",
        "Census files must not declare a DOCTYPE or entities; export the file again without them.",
    ),
    Rule(
        "CSWW-FILE-003",
        ERROR,
        "Top element is not <Message>",
        "The file must start with <Message>; check that this is a CSWW census return.",
    ),
    Rule(
        "CSWW-FILE-004",
        ERROR,
        "File too large",
        "A census return is at most a few megabytes; check that this is a single council's CSWW return.",
    ),
    Rule(
        "CSWW-FILE-005",
        ERROR,
        "File beyond what is read: more than 2,000,000 tags, more than 100 attributes, elements nested over 256 "
        "deep or a text over 10 MB (the file is not checked further)",
        "Check that this is one council's CSWW return; correct the item or structure the message names and export "
        "the return again.",
    ),
    Rule(
        "CSWW-FILE-006",
        ERROR,
        "More than 20,000 worker records (the file is not checked further)",
        "The largest council's return has a few thousand workers: check that this is one council's return and "
        "that each worker is in it once.",
    ),
    Rule(
        "CSWW-FILE-007",
        ERROR,
        "More problems than are listed: the first 1,000 are listed and this counts the other errors by code "
        "(the schema check stops once 1,000 are found)",
        "Correct the problems listed and check the file again to see the rest.",
    ),
    Rule(
        "CSWW-FILE-008",
        WARNING,
        "More problems than are listed: the first 1,000 are listed and this counts the other warnings by code",
        "Correct the problems listed and check the file again to see the rest.",
    ),
    # Header
    Rule(
        "CSWW-HDR-001",
        ERROR,
        "Census year missing",
        "Give the census year in <Header>/<CollectionDetails>/<Year>, for example 2024 for the year ending "
        "30 September 2024.",
    ),
    Rule(
        "CSWW-HDR-002",
        ERROR,
        "Census year not supported",
        "<Year> must be a collection year from 2017 to 2025.",
    ),
    Rule(
        "CSWW-HDR-003",
        ERROR,
        "Local authority code missing",
        "Give your 3-digit LA code in <Header>/<Source>/<LEA>, for example 301.",
    ),
    Rule(
        "CSWW-HDR-004",
        WARNING,
        "ReferenceDate is not 30 September of the census year",
        "Set <ReferenceDate> to 30 September of <Year>, for example 2024-09-30.",
    ),
    Rule(
        "CSWW-HDR-005",
        WARNING,
        "Census year taken from ReferenceDate",
        "Add <Year> to <CollectionDetails> so the census year is stated, not inferred.",
    ),
    # Schema (structure and formats)
    Rule(
        "CSWW-SCHEMA-001",
        ERROR,
        "Required item missing",
        "Add the missing item in the place the census specification expects it.",
    ),
    Rule(
        "CSWW-SCHEMA-002",
        ERROR,
        "Item not expected here",
        "Add the item the specification expects at this point if it is missing; otherwise correct the "
        "name of this item, move it into the specification's order, or remove it.",
    ),
    Rule("CSWW-SCHEMA-003", ERROR, "Value not in the code list", "Use one of the codes listed in the message."),
    Rule(
        "CSWW-SCHEMA-004",
        ERROR,
        "Value in the wrong format",
        "Dates are YYYY-MM-DD; decimals use a full stop and no more decimal places than allowed; "
        "SWE numbers are two letters then up to 10 digits.",
    ),
    # Reading values
    Rule(
        "CSWW-READ-001",
        ERROR,
        "Value could not be read (including an item over 2,000 characters)",
        "Correct the value to the format the census specification gives for this item.",
    ),
    Rule(
        "CSWW-READ-002",
        WARNING,
        "Item given more than once",
        "Give this item once per worker; only the first value was used.",
    ),
    Rule(
        "CSWW-READ-003",
        ERROR,
        "Worker record left out: AgencyWorker or SWENo missing or unreadable",
        "Every <CSWWWorker> needs <AgencyWorker> (0 or 1) and <SWENo>; the record is left out until fixed.",
    ),
    Rule(
        "CSWW-READ-004",
        ERROR,
        "Control character in an item (NUL, DEL or another; tab and new line are allowed)",
        "Remove the character: it is often pasted in from another system. A NUL or similar makes the file "
        "unreadable, so the message gives its line.",
    ),
    # Worker business rules
    Rule(
        "CSWW-WKR-001",
        ERROR,
        "Leaver without ReasonLeave or LeaverDestination",
        "A worker with a RoleEndDate must also have ReasonLeave and LeaverDestination.",
    ),
    Rule(
        "CSWW-WKR-002",
        ERROR,
        "ReasonLeave or LeaverDestination given for a worker who has not left",
        "Remove ReasonLeave and LeaverDestination, or add the RoleEndDate if the worker left.",
    ),
    Rule(
        "CSWW-WKR-003",
        ERROR,
        "RoleStartDate without StartOrigin",
        "Give StartOrigin (codes 1 to 10) whenever RoleStartDate is given.",
    ),
    Rule(
        "CSWW-WKR-004",
        ERROR,
        "StartOrigin without RoleStartDate",
        "Give RoleStartDate whenever StartOrigin is given, or remove StartOrigin.",
    ),
    Rule(
        "CSWW-WKR-005",
        ERROR,
        "RoleEndDate outside the census year",
        "Only workers who left between 1 October and 30 September of the census year have a RoleEndDate.",
    ),
    Rule(
        "CSWW-WKR-006",
        ERROR,
        "RoleEndDate before RoleStartDate",
        "Check both dates: a worker cannot leave a role before starting it.",
    ),
    Rule(
        "CSWW-WKR-007",
        ERROR,
        "RoleStartDate after the census reference date",
        "A worker in the return must have started on or before 30 September of the census year.",
    ),
    Rule(
        "CSWW-WKR-008",
        ERROR,
        "FTE or FTE30 not between 0 and 1",
        "Give FTE as a decimal fraction of full time, for example 0.6 for three days a week.",
    ),
    Rule(
        "CSWW-WKR-009",
        ERROR,
        "Implausible date of birth (age under 16 or over 90)",
        "Check PersonBirthDate: the worker's age at 30 September must be between 16 and 90.",
    ),
    Rule(
        "CSWW-WKR-010",
        WARNING,
        "Unusual age (under 18 or over 80)",
        "Check PersonBirthDate: the worker's age at 30 September is outside 18 to 80.",
    ),
    Rule(
        "CSWW-WKR-011",
        ERROR,
        "Item missing for a council-employed worker",
        "Council-employed (non-agency) workers must have every item listed in docs/census.md; add the one named.",
    ),
    Rule(
        "CSWW-WKR-012",
        ERROR,
        "Duplicate worker record",
        "Two records are identical in every item; remove the duplicate.",
    ),
    Rule(
        "CSWW-WKR-013",
        WARNING,
        "SWENo appears more than once",
        "Check the records share a SWE number for a good reason (for example two roles in the year).",
    ),
    Rule(
        "CSWW-WKR-014",
        WARNING,
        "Cases held but FTE is 0",
        "A worker holding cases at 30 September should have an FTE above 0; check FTE and Cases30.",
    ),
    Rule(
        "CSWW-WKR-015",
        WARNING,
        "Caseload above 40",
        "Check Cases30: more than 40 cases for one worker is unusual.",
    ),
    Rule(
        "CSWW-WKR-016",
        WARNING,
        "ReasonAbsence without Absat30Sept = 1",
        "Give ReasonAbsence only for workers absent on 30 September (Absat30Sept = 1).",
    ),
    Rule(
        "CSWW-WKR-017",
        ERROR,
        "A number that cannot be right: negative, or above the most possible (Cases30 9,999, WorkingDaysLost 366, "
        "ContractWeeks 500, BaseSalary, RRPayments and OtherPayments 1,000,000)",
        "Correct the number: the message says what it counts and the most it can be (a slip such as pence for "
        "pounds or a missing decimal point is the usual cause).",
    ),
    Rule(
        "CSWW-WKR-018",
        ERROR,
        "The same SWENo written in different case on two records",
        "A SWE number is the same whatever its case, so the records are the same person: write it the same way "
        "on every record, in capitals (for example SW12345).",
    ),
    # LA-level
    Rule(
        "CSWW-LA-001",
        WARNING,
        "Agency cover FTE above vacancies FTE",
        "NoAgencyFTE counts agency workers covering vacancies, so it cannot be more than the vacancies they cover "
        "(NumberOfVacancies); correct whichever figure is wrong.",
    ),
    Rule(
        "CSWW-LA-002",
        ERROR,
        "Vacancies or agency cover figure is negative or above 5,000",
        "NumberOfVacancies, NoAgencyFTE and NoAgencyHeadcount are counts at 30 September: give 0 or more "
        "(0 if there were none), and no more than 5,000 (more than twice the largest council's social workers).",
    ),
)

# Checks across returns: a council's returns compared with each other (``census/csww/across_returns.py``: on
# import, and by ``census reconcile``). They need two returns, so they have no single golden file; they are tested in
# tests/census/test_reconcile.py.
ACROSS_RETURNS: tuple[Rule, ...] = (
    Rule(
        "CSWW-CONT-001",
        WARNING,
        "A council-employed worker in post on 30 September in one year's return is missing from the next year's "
        "return, with no leaving date (DfE's continuity check). They are not counted in post after the last "
        "year that reports them",
        "If they left during the year, include them in the later return with RoleEndDate, ReasonLeave and "
        "LeaverDestination.",
    ),
    Rule(
        "CSWW-REC-001",
        WARNING,
        "A worker in a later return started before an earlier return's 30 September and had not left before "
        "that year began, but is missing from the earlier return. The records count them in that year, so its "
        "figures from records differ from the return",
        "If they worked for the council then, add them to the earlier return; if not, correct RoleStartDate in "
        "the later return.",
    ),
    Rule(
        "CSWW-REC-002",
        WARNING,
        "A leaver's RoleEndDate, ReasonLeave or LeaverDestination differs between returns (or a leaver in one "
        "return is still in post in a later one). The records take the later return's",
        "Give the same leaving date, reason and destination in every return that lists the post; a worker who "
        "left is not in the next year's return.",
    ),
    Rule(
        "CSWW-REC-003",
        WARNING,
        "The same SWE number has a different date of birth or sex in different returns: probably two people "
        "sharing a number, or a keying error",
        "Check the SWE number against Social Work England's register and correct the return that is wrong.",
    ),
    Rule(
        "CSWW-FILE-010",
        ERROR,
        "Two returns for the same council and year in one import",
        "Import one return per council and year.",
    ),
)

# The check of a newer release of DfE's published indicators file (``benchmarks/releases.py``: ``benchmark
# import-release``). Each issue names the row (the header is row 1) and the column; tested in
# tests/benchmarks/test_releases.py.
RELEASE_RULES: tuple[Rule, ...] = (
    Rule(
        "DFE-REL-001",
        ERROR,
        "File is not UTF-8 text",
        "Download the CSV file again from Explore education statistics; do not save it from a spreadsheet.",
    ),
    Rule("DFE-REL-002", ERROR, "File is empty", "Download the CSV file again from Explore education statistics."),
    Rule(
        "DFE-REL-003",
        ERROR,
        "Column of the DfE indicators file missing",
        "Give every column of the shipped indicators file (any order): the file may be another DfE data file.",
    ),
    Rule(
        "DFE-REL-004",
        ERROR,
        "Column not in the DfE indicators file",
        'Remove the column, or check that the file is the "1. Indicators" data file.',
    ),
    Rule("DFE-REL-005", ERROR, "Column appears more than once", "Keep one column of each name."),
    Rule(
        "DFE-REL-006",
        ERROR,
        "File has a header but no rows",
        "Download the CSV file again from Explore education statistics.",
    ),
    Rule(
        "DFE-REL-007",
        ERROR,
        "Row has a different number of cells from the header",
        "Check the row for a stray or missing comma (a value with a comma must be in double quotes).",
    ),
    Rule("DFE-REL-008", ERROR, "time_period is not a year", "Give time_period as a four-digit year, for example 2025."),
    Rule(
        "DFE-REL-009",
        ERROR,
        "geographic_level not recognised",
        "Give geographic_level as National, Regional or Local authority.",
    ),
    Rule("DFE-REL-010", ERROR, "Regional row without region_name", "Give region_name on every Regional row."),
    Rule(
        "DFE-REL-011",
        ERROR,
        "Local authority row without old_la_code",
        "Give old_la_code (the 3-digit LA code) on every Local authority row.",
    ),
    Rule(
        "DFE-REL-012",
        ERROR,
        "Measure value is neither a number nor a DfE symbol",
        "Give a number (no % sign or thousands comma), a DfE symbol or leave it blank.",
    ),
    Rule(
        "DFE-REL-013",
        ERROR,
        "Row repeats the same year and geography",
        "Give each year and geography once: remove the repeated row.",
    ),
)

# The checks of an HR or case-management extract (``importers``: CSV and Excel). "Stops": the file cannot be
# read at all (``CannotContinue``); the others name the row and column. Tested in tests/importers.
IMPORT_RULES: tuple[Rule, ...] = (
    Rule(
        "IMP-FILE-001",
        ERROR,
        "Not a CSV or .xlsx file (stops): .xls, .xlsm, .xlsb, .ods, a workbook named .csv, ...",
        "Save the sheet from Excel as 'CSV UTF-8 (Comma delimited)' or as an Excel Workbook (.xlsx).",
    ),
    Rule(
        "IMP-FILE-002",
        ERROR,
        "File over the size limit, 50 MB (stops)",
        "Export fewer columns or split the file by team or year.",
    ),
    Rule(
        "IMP-FILE-003",
        ERROR,
        "More rows than the limit, 200,000 (stops)",
        "Split the file, for example by year.",
    ),
    Rule("IMP-FILE-004", ERROR, "Empty: no header row (stops)", "Export the file again with its header row."),
    Rule(
        "IMP-FILE-005",
        WARNING,
        "Not UTF-8: read as Windows cp1252 text",
        "Check names with accents; save from Excel as 'CSV UTF-8 (Comma delimited)' to avoid this.",
    ),
    Rule(
        "IMP-FILE-006",
        ERROR,
        "The CSV or workbook could not be read (stops)",
        "Open the file in Excel, check it is the extract you meant, and save it again as CSV UTF-8 or .xlsx.",
    ),
    Rule(
        "IMP-FILE-007",
        ERROR,
        "The named sheet is not in the workbook (stops; the message lists its sheets)",
        "Name one of the workbook's sheets in the column mapping, or rename the sheet.",
    ),
    Rule(
        "IMP-FILE-008",
        ERROR,
        "The workbook is not a safe zip (stops): too many parts, a part or the whole over the unpacked size limit, "
        "or packed more tightly than a real workbook (a zip bomb)",
        "Open the file in Excel and save it again as an Excel Workbook (.xlsx), or save the sheet as CSV UTF-8.",
    ),
    Rule(
        "IMP-FILE-009",
        ERROR,
        "The sheet is beyond the size limits (stops): its declared size, cells in one row, rows, or shared text",
        "Copy only the cells with data into a new workbook and save that, or split the file (for example by year).",
    ),
    Rule(
        "IMP-FILE-010",
        ERROR,
        "The text cannot be decoded (stops): UTF-16 cut short or invalid, or NUL characters in a CSV",
        "Open the file in Excel and save it again as 'CSV UTF-8 (Comma delimited)'.",
    ),
    Rule(
        "IMP-FILE-011",
        ERROR,
        "A header cell holds a control character (stops)",
        "Retype the column's header in Excel without the hidden character and save the file again.",
    ),
    Rule(
        "IMP-MAP-001",
        ERROR,
        "No column for a required field (the message names the headers expected); no rows are read",
        "Name a column one of the expected headers, or add this file's header for it to the column mapping.",
    ),
    Rule(
        "IMP-MAP-002",
        WARNING,
        "A column no field uses: ignored",
        "If the column holds a field, add its header to the column mapping.",
    ),
    Rule("IMP-ROW-001", ERROR, "A required value is blank", "Fill in the cell."),
    Rule(
        "IMP-ROW-002",
        ERROR,
        "A date not understood (the message lists the accepted formats)",
        "Give the date in one of the accepted formats, for example 2024-09-30 or 30/09/2024.",
    ),
    Rule(
        "IMP-ROW-003",
        ERROR,
        "A code or yes/no not recognised (the message lists accepted values and the mapping entry to add)",
        "Correct the cell, or add your system's value to the column mapping's code translations.",
    ),
    Rule("IMP-ROW-004", ERROR, "FTE not between 0 and 1", "Give FTE as a fraction of full time: 1 is full time."),
    Rule("IMP-ROW-005", ERROR, "An end date before the start date", "Correct one of the two dates."),
    Rule(
        "IMP-ROW-006",
        ERROR,
        "The row's key repeats an earlier row's (the message names that row)",
        "Keep one row for each person, engagement or record, or correct the key.",
    ),
    Rule(
        "IMP-ROW-007",
        ERROR,
        "Not a number (or not a whole number, for cases)",
        "Give a number without units, % signs or thousands commas.",
    ),
    Rule("IMP-ROW-008", ERROR, "A negative number", "Give zero or a positive number."),
    Rule(
        "IMP-ROW-009",
        ERROR,
        "A number larger than the field accepts (the message gives the largest and what to check)",
        "Check the column holds what the field means (days, not hours; one worker, not a team) and correct it.",
    ),
    Rule(
        "IMP-ROW-010",
        ERROR,
        "A cell with a NUL or other control character",
        "Retype the cell without the hidden character (often pasted from another system).",
    ),
    Rule(
        "IMP-ROW-011",
        ERROR,
        "Text longer than the field accepts (the message gives the most characters)",
        "Shorten the text, or check the column holds what the field means.",
    ),
    Rule(
        "IMP-ROW-012",
        ERROR,
        "An SWE number given to two people in the file (compared ignoring case and spaces)",
        "One person has one SWE number: correct whichever row is wrong, or keep one row for the person.",
    ),
    Rule(
        "IMP-ROW-013",
        ERROR,
        "Two fields of which exactly one is given have both or neither (a supervision policy line's interval in "
        "weeks or in months)",
        "Give exactly one of the two: the interval in weeks or in months.",
    ),
    Rule(
        "IMP-ROW-014",
        ERROR,
        "Dates or stages out of order (a final review before the mid-point review, a completion before the "
        "booking, a policy line ending before it starts, an offer without an interview)",
        "Correct whichever value is wrong: each stage comes on or after the one before it.",
    ),
    Rule(
        "IMP-ROW-015",
        ERROR,
        "A financial year not understood",
        'Give the year it starts (2024) or the year written as "2024-25", "2024/25" or "2024/2025".',
    ),
    Rule(
        "IMP-ROW-016",
        WARNING,
        "A record that ends before the date the file's data is stated complete from (loaded, but it cannot make "
        "figures for earlier periods available)",
        "If the file's data is complete from an earlier date, upload it again giving that date (or none, to take "
        "the earliest date the file mentions); if the record is an older one kept in the extract, nothing to do.",
    ),
    Rule(
        "IMP-ROW-017",
        ERROR,
        "A sickness cause is given for an absence whose reason is not sickness",
        "Correct the reason (sickness), or leave the cause empty for an absence that is not sickness.",
    ),
    Rule(
        "IMP-ROW-018",
        ERROR,
        "A child's reference that looks like a name or an NHS number (only pseudonymous references may be loaded)",
        "Export the case-management system's ID for the child (or a pseudonymous reference made for the file) instead.",
    ),
    Rule(
        "IMP-ROW-019",
        ERROR,
        "A practice indicator's numerator and denominator do not fit (a rate with no denominator, or a numerator "
        "above it; a count with a denominator)",
        "Give a rate's denominator (how many were due) and check the numerator is not above it; leave a count's "
        "(compliments, complaints) empty.",
    ),
    Rule(
        "IMP-ROW-035",
        ERROR,
        "A child is allocated to the same worker twice over overlapping dates in the file (the child would be "
        "counted twice in the worker's caseload)",
        "Give each allocation once, from its first day to its last, or correct the dates.",
    ),
    Rule(
        "IMP-ROW-036",
        WARNING,
        "An allocation runs on after the worker's engagement ended (loaded as given: the child counts in the "
        "worker's caseload until the allocation ends)",
        "If the child was reallocated when the worker left, correct the allocation's end date or load the newer "
        "allocations; if the case really stayed with the leaver, nothing to do.",
    ),
    Rule(
        "IMP-ROW-030",
        ERROR,
        "Free text where only coded values are loaded: a comments or notes column holding text in an interviews "
        "file (the file is refused, since the file as received is kept), or a theme that reads as a sentence; the "
        "text is neither shown nor kept",
        "Remove the free-text column (or clear it) and upload the file again; give the interview's themes as codes "
        "or the council's theme names, separated by ;.",
    ),
    Rule(
        "IMP-ROW-031",
        WARNING,
        "An exit interview of a worker whose engagement has no end date held: it is loaded and counted among the "
        "interviews, but not against a leaver (nor by a census reason for leaving) until the end is loaded",
        "Load the engagements file with the leaver's end date and reason for leaving; if the interview is a "
        "retention interview, correct its kind.",
    ),
    Rule(
        "IMP-ROW-032",
        ERROR,
        "A survey wave with more responses than staff invited",
        "Correct whichever count is wrong: invited is everyone the survey was sent to (or eligible for it).",
    ),
    Rule(
        "IMP-ROW-033",
        ERROR,
        "A survey answer for a wave that is neither in the survey waves held nor found by its reference",
        "Load the survey waves file first, or correct the wave's reference to the one the waves file gives.",
    ),
    Rule(
        "IMP-ROW-034",
        ERROR,
        "A question's answers add up to more than the wave's responses (the row that takes them past it)",
        "Check the counts are numbers of respondents (not percentages) and that the row names the right wave.",
    ),
    Rule(
        "IMP-ROW-020",
        ERROR,
        "An agency placement's engagement is not an agency engagement (or the permanent engagement it converted to "
        "is an agency one, or another person's)",
        "Link the placement to the worker's agency engagement (contract agency in the engagements file), and a "
        "conversion to their permanent or fixed-term engagement; correct the reference or the engagement's contract.",
    ),
    Rule(
        "IMP-ROW-021",
        ERROR,
        "An agency placement's dates fall outside its engagement's (it starts before the engagement starts, or "
        "ends after it ends)",
        "Give the placement the dates of the agency engagement it is part of, or correct the engagement's dates.",
    ),
    Rule(
        "IMP-ROW-022",
        ERROR,
        "An agency placement's hourly pay rate is above its charge rate",
        "The charge rate (what the council pays the supplier) includes the pay rate: check the two columns are not "
        "swapped, and that both are per hour.",
    ),
    Rule(
        "IMP-ROW-023",
        ERROR,
        "An agency cost with neither hours nor spend, or for a month its placement was not in post",
        "Give the month's hours or spend (or both); check the month, and the placement the row belongs to.",
    ),
    Rule(
        "IMP-ROW-024",
        ERROR,
        "Two price caps for the same region, role, grade and rate are in force on the same days",
        "Give each cap the dates it was in force: end the earlier (effective_to) the day before the later begins.",
    ),
    Rule(
        "IMP-ROW-025",
        ERROR,
        "A job application's withdrawal or rejection does not fit: no stage or date given with it, a stage or date "
        "given without it, or a date for a step after the stage it ended at (an application that started has none)",
        "Give the outcome (withdrawn or rejected), the stage it ended at and its date together, and check the stage "
        "is the last step the application reached.",
    ),
    Rule(
        "IMP-ROW-026",
        ERROR,
        "A job application names a recruitment campaign that is not held",
        "Load the campaigns file first (each campaign by the reference the applications give), or correct the "
        "reference.",
    ),
    Rule(
        "IMP-ROW-027",
        ERROR,
        "A job application names the engagement it led to but gives no start date",
        "Give the date the applicant started, or leave the engagement out until they have.",
    ),
    Rule(
        "IMP-ROW-028",
        WARNING,
        "A started job application's start date is not the start date of the engagement it names (loaded, with "
        "the link)",
        "Check which date is right and correct the application or the engagement.",
    ),
    Rule(
        "IMP-ROW-029",
        WARNING,
        "A job application dated before its campaign opened (loaded)",
        "Check the application date, or the campaign it names.",
    ),
    Rule(
        "IMP-ROW-037",
        ERROR,
        "An action names a strategy the app does not hold, or an outcome that is not one of the strategy's",
        "Give the strategy's id as the app lists it (csc-workforce strategy list) and the id of one of its "
        "outcomes, priorities or objectives.",
    ),
    Rule(
        "IMP-ROW-038",
        ERROR,
        "An action links a measure the strategy does not name",
        "Give the ids of the strategy's own measures (its page lists them), separated by ;, or leave the measure out.",
    ),
    Rule(
        "IMP-ROW-039",
        ERROR,
        "An action update names an action that is not held",
        "Load the actions file first (each action by the strategy and reference the updates give), or correct the "
        "reference.",
    ),
    Rule(
        "IMP-REF-001",
        ERROR,
        "The person or engagement is neither in this file nor held",
        "Import the people (or engagements) file first, or correct the reference.",
    ),
    Rule(
        "IMP-REF-002",
        ERROR,
        "The person has no engagement in post on the row's date",
        "Check the date, or import the engagement that covers it first.",
    ),
    Rule(
        "IMP-REF-003",
        ERROR,
        "The person has more than one engagement in post on that date",
        "Give the engagement's own reference in the file so the row names one engagement.",
    ),
    Rule(
        "IMP-REF-004",
        ERROR,
        "A training row names a course neither in the courses held nor found by its title (or found twice)",
        "Import the courses file first, or give the course's reference or exact title as the courses file has it.",
    ),
    Rule(
        "IMP-REF-005",
        WARNING,
        "A placement names a person (the NQSW the student became) who is not held: the placement is kept "
        "without the link",
        "Import the people file first and load the placements again, or correct the reference.",
    ),
    Rule(
        "IMP-REVIEW-001",
        WARNING,
        "A review's rating the mapping does not translate to successful or not, with no successful column: "
        "counted as not known",
        "Add the rating to the mapping's code translations for rating (yes or no), or give a successful column.",
    ),
    Rule(
        "IMP-PEOPLE-001",
        WARNING,
        "An SWE number that does not look like SW and digits",
        "Check it: it links the person to census returns (Social Work England numbers look like SW12345).",
    ),
)

# The checks the upload page makes itself, before the census reader or the importers see the file
# (``store/services/uploads.py``; docs/web.md).
UPLOAD_RULES: tuple[Rule, ...] = (
    Rule(
        "UPLOAD-001",
        ERROR,
        "The file is for a council you cannot load data for, or no council was chosen for an extract",
        "Choose a council you load data for, or ask an administrator for access to this one.",
    ),
    Rule(
        "UPLOAD-002",
        ERROR,
        "A spreadsheet (.csv, .txt, .xlsx, .xls, .xlsm, .ods, or a zip) uploaded as a census return that is not XML",
        "Choose what the file holds: an HR or case-management extract.",
    ),
    Rule(
        "UPLOAD-003",
        ERROR,
        "An XML file uploaded as an HR or case-management extract",
        'Choose "CSWW census return (XML)" if it is one.',
    ),
    Rule(
        "UPLOAD-004",
        ERROR,
        "The file could not be checked: reading it failed in a way no other check reports",
        "Open the file in Excel or your system, save or export it again, and upload it again; if it fails again, "
        "tell your administrator (the error is in the server's log).",
    ),
    Rule(
        "UPLOAD-005",
        ERROR,
        "Loading the file failed after it was checked; nothing was changed",
        "Upload the file again to see its issues; if it fails again, tell your administrator (the error is in the "
        "server's log).",
    ),
)

# The checks of a workforce strategy's YAML file (``strategies/load.py``; docs/strategies.md). Their codes are
# the loader's own words, kept as every release has reported them.
STRATEGY_RULES: tuple[Rule, ...] = (
    Rule("missing", ERROR, "A required field is missing", "Add the field where the message says."),
    Rule("unknown_field", ERROR, "A field the format does not have", "Correct its name (the message suggests one)."),
    Rule("not_a_mapping", ERROR, "Expected a mapping of fields", "Give the fields the message lists."),
    Rule("not_a_list", ERROR, "Expected a list", "Give a list, one item per line starting with a dash."),
    Rule("not_text", ERROR, "Expected text", "Give text, in quotes if it looks like a number or date."),
    Rule("not_a_number", ERROR, "Expected a number", "Give a number without units or % signs."),
    Rule("not_true_or_false", ERROR, "Expected true or false", "Give true or false."),
    Rule("bad_date", ERROR, "A date not understood", "Give the date as YYYY-MM-DD, for example 2024-03-31."),
    Rule("bad_direction", ERROR, "A target direction not recognised", "Give one of the directions the message lists."),
    Rule("value_not_allowed", ERROR, "A value the field does not allow", "Give one of the values the message lists."),
    Rule("bad_la_code", ERROR, "Not a DfE 3-digit council code", 'Give the code in quotes, for example "332".'),
    Rule("period_backwards", ERROR, "The period ends before it starts", "Correct the period's start or end."),
    Rule(
        "unknown_measure",
        ERROR,
        "A measure id not in the measure catalogue",
        "Use an id from docs/strategy-measures.md (the message suggests one).",
    ),
    Rule(
        "question_not_allowed",
        ERROR,
        "A survey question given for a measure that is not by survey question",
        "Remove the question, or name a measure by survey question (health_check_survey).",
    ),
    Rule("not_yaml", ERROR, "The file is not valid YAML (the message gives the line)", "Correct the YAML there."),
    Rule("unreadable", ERROR, "The file cannot be read", "Check the file's name and that you may read it."),
    Rule(
        "direction_against_polarity",
        WARNING,
        "The target wants the measure to go the way its catalogue entry calls worse",
        "Check the target's direction; keep it if the strategy really means it.",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {
    rule.code: rule for rule in (*RULES, *ACROSS_RETURNS, *RELEASE_RULES, *IMPORT_RULES, *UPLOAD_RULES, *STRATEGY_RULES)
}


def rule(code: str) -> Rule:
    """The catalogue entry for ``code`` (KeyError for an unknown code: a programming error)."""
    return RULES_BY_CODE[code]


def rule_table_markdown(rules: tuple[Rule, ...] = RULES) -> str:
    """A rule table for the docs, generated from :data:`RULES` (or :data:`ACROSS_RETURNS`, :data:`RELEASE_RULES`)."""
    lines = ["| code | severity | check | how to fix |", "|---|---|---|---|"]
    for r in rules:
        lines.append(f"| `{r.code}` | {r.severity} | {r.title} | {r.how_to_fix} |")
    return "\n".join(lines) + "\n"


# Where each generated table goes: (document, marker name, checks). Between ``<!-- NAME:start ... -->`` and
# ``<!-- NAME:end -->`` in the document; tests/domain/test_catalogue.py fails when a table is stale.
DOC_TABLES: tuple[tuple[str, str, tuple[Rule, ...]], ...] = (
    ("docs/census.md", "rule-table", RULES),
    ("docs/census.md", "across-returns-table", ACROSS_RETURNS),
    ("docs/benchmarks.md", "release-table", RELEASE_RULES),
    ("docs/importers.md", "import-table", IMPORT_RULES),
    ("docs/web.md", "upload-table", UPLOAD_RULES),
    ("docs/strategies.md", "strategy-table", STRATEGY_RULES),
)


def table_markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start (generated from domain/catalogue.py; do not edit by hand) -->", f"<!-- {name}:end -->"


def with_tables(doc: str, document: str) -> str:
    """``doc`` (the text of ``document``, e.g. ``docs/census.md``) with each of its generated tables rewritten
    from the catalogue. Regenerate every document with :func:`update_docs`."""
    for name, marker, rules in DOC_TABLES:
        if name == document:
            doc = _with_table(doc, *table_markers(marker), rule_table_markdown(rules))
    return doc


def _with_table(doc: str, start_marker: str, end_marker: str, table: str) -> str:
    head, start, rest = doc.partition(start_marker)
    _, end, tail = rest.partition(end_marker)
    if not start or not end:
        raise ValueError(f"the document has no {start_marker} ... {end_marker} markers")
    return f"{head}{start}\n{table}{end}{tail}"


def update_docs(root: str = ".") -> None:
    """Rewrite every generated table in the documents under ``root`` (a developer command, not core logic):
    ``python -c "from csc_workforce.domain.catalogue import update_docs; update_docs()"``."""
    for document in dict.fromkeys(name for name, _, _ in DOC_TABLES):
        path = f"{root}/{document}"
        with open(path, encoding="utf-8") as handle:
            doc = handle.read()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(with_tables(doc, document))
