"""The catalogue of checks: every issue code the census reader and validator, the checks across returns and the
check of a DfE release file can report, in one place.

Each check has a stable code, a severity, a short title and a "how to fix" sentence for a council analyst, and
makes its :class:`~csc_workforce.domain.issues.Issue` (:meth:`Rule.issue`). The rule tables in ``docs/census.md``
(:data:`RULES`, :data:`ACROSS_RETURNS`) and ``docs/benchmarks.md`` (:data:`RELEASE_RULES`) are generated from
here (see :func:`rule_table_markdown`). DfE's own rule numbers could not be retrieved
(``shared/domain/csww-census.md`` section 3.1), so these codes are ours.
"""

from __future__ import annotations

from collections.abc import Callable
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
        "Value could not be read",
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
        "Vacancies or agency cover figure is negative",
        "NumberOfVacancies, NoAgencyFTE and NoAgencyHeadcount are counts at 30 September: give 0 or more "
        "(0 if there were none).",
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

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in (*RULES, *ACROSS_RETURNS, *RELEASE_RULES)}


def rule(code: str) -> Rule:
    """The catalogue entry for ``code`` (KeyError for an unknown code: a programming error)."""
    return RULES_BY_CODE[code]


def rule_table_markdown(rules: tuple[Rule, ...] = RULES) -> str:
    """A rule table for the docs, generated from :data:`RULES` (or :data:`ACROSS_RETURNS`, :data:`RELEASE_RULES`)."""
    lines = ["| code | severity | check | how to fix |", "|---|---|---|---|"]
    for r in rules:
        lines.append(f"| `{r.code}` | {r.severity} | {r.title} | {r.how_to_fix} |")
    return "\n".join(lines) + "\n"


RULE_TABLE_START = "<!-- rule-table:start (generated from domain/catalogue.py; do not edit by hand) -->"
RULE_TABLE_END = "<!-- rule-table:end -->"
ACROSS_TABLE_START = "<!-- across-returns-table:start (generated from domain/catalogue.py; do not edit by hand) -->"
ACROSS_TABLE_END = "<!-- across-returns-table:end -->"
RELEASE_TABLE_START = "<!-- release-table:start (generated from domain/catalogue.py; do not edit by hand) -->"
RELEASE_TABLE_END = "<!-- release-table:end -->"


def with_rule_table(doc: str) -> str:
    """``doc`` with the text between the rule-table markers replaced by :func:`rule_table_markdown`, and the
    text between the across-returns markers by the table of :data:`ACROSS_RETURNS`.

    Regenerate ``docs/census.md`` with :func:`update_census_doc`.
    """
    doc = _with_table(doc, RULE_TABLE_START, RULE_TABLE_END, rule_table_markdown(RULES))
    return _with_table(doc, ACROSS_TABLE_START, ACROSS_TABLE_END, rule_table_markdown(ACROSS_RETURNS))


def with_release_table(doc: str) -> str:
    """``doc`` with the text between the release-table markers replaced by the table of :data:`RELEASE_RULES`
    (``docs/benchmarks.md``; regenerate it with :func:`update_benchmarks_doc`)."""
    return _with_table(doc, RELEASE_TABLE_START, RELEASE_TABLE_END, rule_table_markdown(RELEASE_RULES))


def _with_table(doc: str, start_marker: str, end_marker: str, table: str) -> str:
    head, start, rest = doc.partition(start_marker)
    _, end, tail = rest.partition(end_marker)
    if not start or not end:
        raise ValueError(f"the document has no {start_marker} ... {end_marker} markers")
    return f"{head}{start}\n{table}{end}{tail}"


def update_census_doc(path: str) -> None:
    """Rewrite the rule tables in the Markdown file at ``path`` (a developer command, not core logic).

    ``python -c "from csc_workforce.domain.catalogue import update_census_doc as u; u('docs/census.md')"``
    """
    _rewrite(path, with_rule_table)


def update_benchmarks_doc(path: str) -> None:
    """Rewrite the release-check table in the Markdown file at ``path`` (a developer command).

    ``python -c "from csc_workforce.domain.catalogue import update_benchmarks_doc as u; u('docs/benchmarks.md')"``
    """
    _rewrite(path, with_release_table)


def _rewrite(path: str, change: Callable[[str], str]) -> None:
    with open(path, encoding="utf-8") as handle:
        doc = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(change(doc))
