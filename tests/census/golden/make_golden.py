# ruff: noqa: E501  (golden XML edits read best one per line)
"""Regenerate the golden files: ``python tests/census/golden/make_golden.py``.

Each ``<CODE>/fail.xml`` is the clean base return with one change that breaks rule CODE; the line the issue
must point at carries ``<!-- expect -->`` (no marker: the issue is about the whole file). Each ``pass.xml`` is the
base or a near miss (a boundary value) that must give no issues at all. Review the diff after regenerating.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
MARK = "<!-- expect -->"

WORKER_1 = """  <CSWWWorker>
    <AgencyWorker>0</AgencyWorker>
    <SWENo>SW12345</SWENo>
    <FTE>0.800000</FTE>
    <PersonBirthDate>1985-05-01</PersonBirthDate>
    <GenderCurrent>2</GenderCurrent>
    <Ethnicity>WBRI</Ethnicity>
    <QualInst>University of Leeds</QualInst>
    <QualLevel>1</QualLevel>
    <StepUpGrad>0</StepUpGrad>
    <OrgRole>5</OrgRole>
    <RoleStartDate>2019-01-07</RoleStartDate>
    <StartOrigin>2</StartOrigin>
    <FTE30>0.800000</FTE30>
    <Cases30>18</Cases30>
    <WorkingDaysLost>4.50</WorkingDaysLost>
    <FrontlineGrad>0</FrontlineGrad>
    <Absat30Sept>0</Absat30Sept>
    <CFKSSstatus>2</CFKSSstatus>
  </CSWWWorker>
"""

WORKER_2 = """  <CSWWWorker>
    <AgencyWorker>1</AgencyWorker>
    <SWENo>SW678901</SWENo>
    <FTE>0.500000</FTE>
    <RoleStartDate>2021-11-01</RoleStartDate>
    <StartOrigin>4</StartOrigin>
    <RoleEndDate>2022-06-30</RoleEndDate>
    <LeaverDestination>3</LeaverDestination>
    <ReasonLeave>1</ReasonLeave>
    <Cases30>0</Cases30>
    <ContractWeeks>34.0</ContractWeeks>
  </CSWWWorker>
"""

BASE = (
    """<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CSWW</Collection>
      <Year>2022</Year>
      <ReferenceDate>2022-09-30</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>301</LEA>
      <SoftwareCode>golden</SoftwareCode>
      <DateTime>2022-10-20T09:00:00Z</DateTime>
    </Source>
  </Header>
  <LALevelVacancies>
    <NumberOfVacancies>10.00</NumberOfVacancies>
    <NoAgencyFTE>6.50</NoAgencyFTE>
    <NoAgencyHeadcount>7</NoAgencyHeadcount>
  </LALevelVacancies>
"""
    + WORKER_1
    + WORKER_2
    + "</Message>\n"
)


def change(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def changes(text: str, *pairs: tuple[str, str]) -> str:
    """``text`` changed by each (old, new) pair in turn."""
    for old, new in pairs:
        text = change(text, old, new)
    return text


def in_worker(worker: str, *pairs: tuple[str, str]) -> str:
    """BASE with ``worker`` changed by each (old, new) pair in turn."""
    return change(BASE, worker, changes(worker, *pairs))


def w1(*pairs: tuple[str, str]) -> str:
    return in_worker(WORKER_1, *pairs)


def w2(*pairs: tuple[str, str]) -> str:
    return in_worker(WORKER_2, *pairs)


DUPLICATE = WORKER_1.replace("<SWENo>SW12345</SWENo>", f"<SWENo>SW12345</SWENo>{MARK}")
SAME_SWE = DUPLICATE.replace("2019-01-07", "2020-02-03")
BOMB = """<?xml version="1.0"?>
<!DOCTYPE Message [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Message>&lol3;</Message>
"""

DEEP = "<Extra>" * 300 + "</Extra>" * 300
THIRD = WORKER_1.replace("<SWENo>SW12345</SWENo>", "<SWENo>SW24680</SWENo>")
LOWER_CASE_SWE = SAME_SWE.replace("<SWENo>SW12345</SWENo>", "<SWENo>sw12345</SWENo>")

CASES: dict[str, tuple[str, str]] = {
    "CSWW-FILE-001": (BASE, ""),
    "CSWW-FILE-002": (BASE, BOMB),
    "CSWW-FILE-003": (
        BASE,
        change(BASE, "<Message>\n", f"<Census>{MARK}\n").replace("</Message>", "</Census>"),
    ),
    # Limits: FILE-005 as it is (nested 300 deep, beyond libxml2's 256); FILE-006, -007 and -008 with their limits lowered
    # by tests/census/test_golden_rules.py (2 workers; 1 issue listed), so the files stay small.
    "CSWW-FILE-005": (BASE, change(BASE, "  </LALevelVacancies>\n", f"  </LALevelVacancies>\n  {DEEP}{MARK}\n")),
    "CSWW-FILE-006": (BASE, BASE.replace("</Message>", THIRD + "</Message>")),
    "CSWW-FILE-007": (
        BASE,
        w1(("<FTE>0.800000</FTE>", "<FTE>1.500000</FTE>"), ("<FTE30>0.800000</FTE30>", "<FTE30>1.500000</FTE30>")),
    ),
    "CSWW-FILE-008": (
        BASE,
        changes(
            BASE,
            ("<Cases30>18</Cases30>", "<Cases30>41</Cases30>"),
            ("<Cases30>0</Cases30>", "<Cases30>42</Cases30>"),
        ),
    ),
    "CSWW-HDR-001": (
        BASE,
        change(
            change(BASE, "      <Year>2022</Year>\n", ""),
            "      <ReferenceDate>2022-09-30</ReferenceDate>\n",
            "",
        ).replace("<CollectionDetails>", f"<CollectionDetails>{MARK}"),
    ),
    "CSWW-HDR-002": (BASE, change(BASE, "<Year>2022</Year>", f"<Year>2016</Year>{MARK}")),
    "CSWW-HDR-003": (
        BASE,
        change(change(BASE, "      <LEA>301</LEA>\n", ""), "<Source>", f"<Source>{MARK}"),
    ),
    "CSWW-HDR-004": (
        BASE,
        change(
            BASE,
            "<ReferenceDate>2022-09-30</ReferenceDate>",
            f"<ReferenceDate>2022-03-31</ReferenceDate>{MARK}",
        ),
    ),
    "CSWW-HDR-005": (
        BASE,
        change(
            change(BASE, "      <Year>2022</Year>\n", ""),
            "<ReferenceDate>2022-09-30</ReferenceDate>",
            f"<ReferenceDate>2022-09-30</ReferenceDate>{MARK}",
        ),
    ),
    "CSWW-SCHEMA-001": (
        BASE,
        change(
            change(BASE, "    <NoAgencyHeadcount>7</NoAgencyHeadcount>\n", ""),
            "<LALevelVacancies>",
            f"<LALevelVacancies>{MARK}",
        ),
    ),
    "CSWW-SCHEMA-002": (
        BASE,
        w1(("<QualLevel>1</QualLevel>", f"<QualLevel>1</QualLevel><Grade>3</Grade>{MARK}")),
    ),
    "CSWW-SCHEMA-003": (BASE, w1(("<Ethnicity>WBRI</Ethnicity>", f"<Ethnicity>WBRX</Ethnicity>{MARK}"))),
    "CSWW-SCHEMA-004": (
        BASE,
        w1(
            (
                "<PersonBirthDate>1985-05-01</PersonBirthDate>",
                f"<PersonBirthDate>1985-13-01</PersonBirthDate>{MARK}",
            )
        ),
    ),
    # The schema stops checking a record at the first unexpected element, so a bad value after it is
    # reported by the reader instead.
    "CSWW-READ-001": (
        BASE,
        w1(
            ("<QualLevel>1</QualLevel>", "<QualLevel>1</QualLevel><Grade>3</Grade>"),
            ("<Cases30>18</Cases30>", f"<Cases30>eighteen</Cases30>{MARK}"),
        ),
    ),
    "CSWW-READ-002": (
        w1(
            (
                "<Absat30Sept>0</Absat30Sept>",
                "<Absat30Sept>1</Absat30Sept>\n    <ReasonAbsence>SIC</ReasonAbsence>",
            )
        ),
        w1(
            (
                "<Absat30Sept>0</Absat30Sept>",
                f"<Absat30Sept>0</Absat30Sept>\n    <Absat30Sept>1</Absat30Sept>{MARK}",
            )
        ),
    ),
    "CSWW-READ-003": (
        BASE,
        w2(("    <SWENo>SW678901</SWENo>\n", ""), ("  <CSWWWorker>\n", f"  <CSWWWorker>{MARK}\n")),
    ),
    # DEL is allowed by XML 1.0 but not in a census item; a tab in free text is allowed.
    "CSWW-READ-004": (
        w1(("<QualInst>University of Leeds</QualInst>", "<QualInst>University\tof Leeds</QualInst>")),
        w1(("<QualInst>University of Leeds</QualInst>", f"<QualInst>University of Leeds&#x7F;</QualInst>{MARK}")),
    ),
    "CSWW-WKR-001": (
        BASE,
        w2(
            ("    <ReasonLeave>1</ReasonLeave>\n", ""),
            ("<RoleEndDate>2022-06-30</RoleEndDate>", f"<RoleEndDate>2022-06-30</RoleEndDate>{MARK}"),
        ),
    ),
    "CSWW-WKR-002": (
        BASE,
        w1(("<FTE30>0.800000</FTE30>", f"<ReasonLeave>1</ReasonLeave>{MARK}\n    <FTE30>0.800000</FTE30>")),
    ),
    "CSWW-WKR-003": (
        BASE,
        w2(
            ("    <StartOrigin>4</StartOrigin>\n", ""),
            ("<RoleStartDate>2021-11-01</RoleStartDate>", f"<RoleStartDate>2021-11-01</RoleStartDate>{MARK}"),
        ),
    ),
    "CSWW-WKR-004": (
        BASE,
        w2(
            ("    <RoleStartDate>2021-11-01</RoleStartDate>\n", ""),
            ("<StartOrigin>4</StartOrigin>", f"<StartOrigin>4</StartOrigin>{MARK}"),
        ),
    ),
    "CSWW-WKR-005": (
        w2(("<RoleEndDate>2022-06-30</RoleEndDate>", "<RoleEndDate>2022-09-30</RoleEndDate>")),
        w2(("<RoleEndDate>2022-06-30</RoleEndDate>", f"<RoleEndDate>2022-10-01</RoleEndDate>{MARK}")),
    ),
    "CSWW-WKR-006": (
        w2(("<RoleEndDate>2022-06-30</RoleEndDate>", "<RoleEndDate>2021-11-01</RoleEndDate>")),
        w2(("<RoleEndDate>2022-06-30</RoleEndDate>", f"<RoleEndDate>2021-10-31</RoleEndDate>{MARK}")),
    ),
    "CSWW-WKR-007": (
        w1(("<RoleStartDate>2019-01-07</RoleStartDate>", "<RoleStartDate>2022-09-30</RoleStartDate>")),
        w1(("<RoleStartDate>2019-01-07</RoleStartDate>", f"<RoleStartDate>2022-10-01</RoleStartDate>{MARK}")),
    ),
    "CSWW-WKR-008": (
        w1(("<FTE>0.800000</FTE>", "<FTE>1.000000</FTE>")),
        w1(("<FTE>0.800000</FTE>", f"<FTE>1.500000</FTE>{MARK}")),
    ),
    "CSWW-WKR-009": (
        BASE,
        w1(
            (
                "<PersonBirthDate>1985-05-01</PersonBirthDate>",
                f"<PersonBirthDate>2006-10-01</PersonBirthDate>{MARK}",
            )
        ),
    ),
    "CSWW-WKR-010": (
        w1(("<PersonBirthDate>1985-05-01</PersonBirthDate>", "<PersonBirthDate>1942-09-30</PersonBirthDate>")),
        w1(
            (
                "<PersonBirthDate>1985-05-01</PersonBirthDate>",
                f"<PersonBirthDate>1941-09-30</PersonBirthDate>{MARK}",
            )
        ),
    ),
    "CSWW-WKR-011": (
        BASE,
        w1(("    <Ethnicity>WBRI</Ethnicity>\n", ""), ("  <CSWWWorker>\n", f"  <CSWWWorker>{MARK}\n")),
    ),
    "CSWW-WKR-012": (BASE, BASE.replace("</Message>", DUPLICATE + "</Message>")),
    "CSWW-WKR-013": (BASE, BASE.replace("</Message>", SAME_SWE + "</Message>")),
    "CSWW-WKR-014": (
        BASE,
        w1(
            ("<FTE>0.800000</FTE>", "<FTE>0.000000</FTE>"),
            ("<Cases30>18</Cases30>", f"<Cases30>18</Cases30>{MARK}"),
        ),
    ),
    "CSWW-WKR-015": (
        w1(("<Cases30>18</Cases30>", "<Cases30>40</Cases30>")),
        w1(("<Cases30>18</Cases30>", f"<Cases30>41</Cases30>{MARK}")),
    ),
    "CSWW-WKR-016": (
        w1(
            (
                "<Absat30Sept>0</Absat30Sept>",
                "<Absat30Sept>1</Absat30Sept>\n    <ReasonAbsence>SIC</ReasonAbsence>",
            )
        ),
        w1(
            (
                "<Absat30Sept>0</Absat30Sept>",
                f"<Absat30Sept>0</Absat30Sept>\n    <ReasonAbsence>SIC</ReasonAbsence>{MARK}",
            )
        ),
    ),
    # Passing: the most each can be (366 days lost in a year, a 500-week contract, 0 cases). Failing: a caseload
    # beyond what the database holds, as an audit found one.
    "CSWW-WKR-017": (
        changes(
            BASE,
            ("<WorkingDaysLost>4.50</WorkingDaysLost>", "<WorkingDaysLost>366.00</WorkingDaysLost>"),
            ("<ContractWeeks>34.0</ContractWeeks>", "<ContractWeeks>500.0</ContractWeeks>"),
        ),
        w1(("<Cases30>18</Cases30>", f"<Cases30>2147483648</Cases30>{MARK}")),
    ),
    "CSWW-WKR-018": (BASE, BASE.replace("</Message>", LOWER_CASE_SWE + "</Message>")),
    "CSWW-LA-001": (
        change(BASE, "<NoAgencyFTE>6.50</NoAgencyFTE>", "<NoAgencyFTE>10.00</NoAgencyFTE>"),
        change(BASE, "<NoAgencyFTE>6.50</NoAgencyFTE>", f"<NoAgencyFTE>10.01</NoAgencyFTE>{MARK}"),
    ),
    # The schema's decimal and integer types allow a minus sign, so this is the rule's to catch. Passing: 0 for
    # all three (no vacancies, no cover) is allowed.
    "CSWW-LA-002": (
        changes(
            BASE,
            ("<NumberOfVacancies>10.00<", "<NumberOfVacancies>0.00<"),
            ("<NoAgencyFTE>6.50<", "<NoAgencyFTE>0.00<"),
            ("<NoAgencyHeadcount>7<", "<NoAgencyHeadcount>0<"),
        ),
        change(
            BASE, "<NumberOfVacancies>10.00</NumberOfVacancies>", f"<NumberOfVacancies>-1.00</NumberOfVacancies>{MARK}"
        ),
    ),
}


def main() -> None:
    for code, (passing, failing) in CASES.items():
        folder = HERE / code
        folder.mkdir(exist_ok=True)
        (folder / "pass.xml").write_text(passing, encoding="utf-8")
        (folder / "fail.xml").write_text(failing, encoding="utf-8")


if __name__ == "__main__":
    main()
