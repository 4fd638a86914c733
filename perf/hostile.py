"""Hostile-file speed script: how long the upload service takes to refuse each hostile file found by the audit
of issue 10, and how much memory it uses.

Each case builds its file here (nothing is downloaded), then runs it through the upload service as the web app
does (``store.services.uploads.upload_receive``, on a fresh SQLite database), in a child process with a time
limit. It prints, per case: the file size, the seconds taken, the child's peak memory, and the outcome (the
upload's status and first issue code, or the exception that escaped, which is a defect).

Usage: python perf/hostile.py [--limit SECONDS] [--case NAME ...]
Results are recorded in RESULTS.md. The target is "well under a second" for every case, with a clear issue.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

_HEADER = """<?xml version='1.0' encoding='UTF-8'?>
{doctype}<Message>
  <Header>
    <CollectionDetails><Collection>CSWW</Collection><Year>2025</Year><ReferenceDate>2025-09-30</ReferenceDate>
    </CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>301</LEA><SoftwareCode>perf</SoftwareCode>
      <DateTime>2025-10-20T09:30:00Z</DateTime></Source>
  </Header>
  <LALevel><NumberOfVacancies>12.50</NumberOfVacancies><NoAgencyFTE>8.00</NoAgencyFTE>
    <NoAgencyHeadcount>9</NoAgencyHeadcount><RecruitmentBonus>2</RecruitmentBonus><RetentionBonus>2</RetentionBonus>
    <PerformanceAward>2</PerformanceAward><CarAllowance>2</CarAllowance><RelocationPackage>2</RelocationPackage>
    <RegionalWeighting>2</RegionalWeighting><CostSWE>2</CostSWE><CostDBS>2</CostDBS><OtherAllowances>None</OtherAllowances>
  </LALevel>
{workers}</Message>
"""

_WORKER = """  <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>{swe}</SWENo><FTE>0.8</FTE>
    <PersonBirthDate>1980-01-02</PersonBirthDate><Sex>F</Sex><Ethnicity>WBRI</Ethnicity><QualLevel>2</QualLevel>
    <StepUpGrad>0</StepUpGrad><OrgRole>5</OrgRole><RoleStartDate>2015-03-02</RoleStartDate>
    <StartOrigin>2</StartOrigin><FTE30>0.8</FTE30><Cases30>{cases}</Cases30>
    <WorkingDaysLost>{days}</WorkingDaysLost><FrontlineGrad>1</FrontlineGrad><Absat30Sept>0</Absat30Sept>
    <BaseSalary>41250.00</BaseSalary><RRPayments>0.00</RRPayments><OtherPayments>0.00</OtherPayments></CSWWWorker>
"""


def census(workers: str, doctype: str = "") -> bytes:
    return _HEADER.format(doctype=doctype, workers=workers).encode()


def worker(swe: str = "SW10001", cases: str = "15", days: str = "3.5") -> str:
    return _WORKER.format(swe=swe, cases=cases, days=days)


def bad_codes(workers: int) -> bytes:
    """``workers`` complete workers, each with two codes the schema rejects (an ethnicity and a role)."""
    return census(
        "".join(
            worker(f"SW{n}").replace(">WBRI<", ">WBRX<").replace("<OrgRole>5<", "<OrgRole>9<") for n in range(workers)
        )
    )


def clean_council() -> bytes:
    """A synthetic council's return of about 2,400 workers with no errors: what a real upload costs."""
    from datetime import datetime

    from csc_workforce.synthetic.generator import generate_council
    from csc_workforce.synthetic.returns import council_returns

    records = generate_council(
        la_code="301", name="Perf", region="North West", first_year=2025, last_year=2025, seed=3, size=1500
    )
    (data,) = council_returns(records, [2025], generated_at=datetime(2025, 10, 15, 9, 0)).values()
    return data


def xlsx(sheet_xml: bytes, *, shared: bytes | None = None, drop: str = "", truncate: bool = False) -> bytes:
    """A minimal workbook with one sheet whose XML is given (deflated, as Excel writes it)."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        b'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            if name != drop:
                z.writestr(name, data)
    data = out.getvalue()
    return data[: len(data) // 2] if truncate else data


_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def wide_row(cells: int) -> bytes:
    row = b'<row r="1">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * cells + b"</row>"
    return _NS + b"<sheetData>" + row + b"</sheetData></worksheet>"


def claimed_dimension() -> bytes:
    return (
        _NS + b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>SWE number</t>'
        b'</is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )


def many_different_cells(cells: int) -> bytes:
    """A row of different numbers: packs about 10 times, like a real sheet, so no zip check stops it."""
    return (
        _NS
        + b"<sheetData><row>"
        + b"".join(b"<c><v>%d</v></c>" % n for n in range(cells))
        + b"</row></sheetData></worksheet>"
    )


def far_value() -> bytes:
    """A legal sparse sheet with no <dimension>: a header and one value in A1048576 (a million blank rows)."""
    return (
        _NS + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>SWE number</t></is></c></row>'
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>SW1</t></is></c></row></sheetData></worksheet>'
    )


def people_csv(rows: list[str], encoding: str = "utf-8") -> bytes:
    return ("Employee ID,SWE number,Sex\r\n" + "".join(r + "\r\n" for r in rows)).encode(encoding)


CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    # name: (upload kind, file builder, file name)
    "census-20000-empty-workers": ("census", lambda: census("<CSWWWorker/>\n" * 20_000), "empty.xml"),
    "census-40000-empty-workers": ("census", lambda: census("<CSWWWorker/>\n" * 40_000), "empty.xml"),
    "census-200000-empty-workers": ("census", lambda: census("<CSWWWorker/>\n" * 200_000), "empty.xml"),
    "census-20000-workers-two-bad-codes-each": ("census", lambda: bad_codes(20_000), "codes.xml"),
    "census-clean-2400-workers-not-hostile": ("census", clean_council, "clean.xml"),
    "census-doctype": (
        "census",
        lambda: census(worker(), doctype='<!DOCTYPE Message [<!ENTITY x "y">]>\n'),
        "dtd.xml",
    ),
    "census-cases-2147483648": ("census", lambda: census(worker(cases="2147483648")), "cases.xml"),
    "census-negative-days-lost": ("census", lambda: census(worker(days="-5")), "days.xml"),
    "census-swe-differ-in-case": ("census", lambda: census(worker("SW10001") + worker("sw10001")), "swe.xml"),
    "census-nul-character": ("census", lambda: census(worker(swe="SW1&#0;")), "nul.xml"),
    "xlsx-5-million-cells-in-a-row": ("people", lambda: xlsx(wide_row(5_000_000)), "wide.xlsx"),
    "xlsx-claims-A1-XFD1048576": ("people", lambda: xlsx(claimed_dimension()), "dimension.xlsx"),
    "xlsx-1-million-different-cells": ("people", lambda: xlsx(many_different_cells(1_000_000)), "cells.xlsx"),
    "xlsx-value-in-A1048576-no-dimension": ("people", lambda: xlsx(far_value()), "sparse.xlsx"),
    "xlsx-truncated": ("people", lambda: xlsx(wide_row(3), truncate=True), "truncated.xlsx"),
    "xlsx-missing-sheet-part": ("people", lambda: xlsx(wide_row(3), drop="xl/worksheets/sheet1.xml"), "part.xlsx"),
    "csv-odd-length-utf16": ("people", lambda: people_csv(["E1,SW1,F"], "utf-16")[:-1], "utf16.csv"),
    "csv-swe-differ-in-case": ("people", lambda: people_csv(["E1,SW1,F", "E2,sw1,M"]), "swe.csv"),
    "csv-nul-in-a-cell": ("people", lambda: people_csv(["E1,SW\x001,F"]), "nul.csv"),
}


def child(case: str, database: Path) -> None:
    """Run one case against a copy of the prepared database and print one JSON line."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.settings")
    django.setup()
    from datetime import UTC, datetime

    from django.contrib.auth.models import User

    from csc_workforce.store.services.uploads import UploadRefused, upload_receive

    kind, build, filename = CASES[case]
    data = build()
    user = User.objects.get(username="perf")
    start = time.perf_counter()
    try:
        upload = upload_receive(
            user=user,
            kind=kind,
            filename=filename,
            data=data,
            la_code="301",
            allowed_la_codes=None,
            now=datetime.now(UTC),
        )
        issues = upload.issues
        errors = [i for i in issues if i["severity"] == "error"]
        first = (errors or issues or [{"code": "-", "message": ""}])[0]
        outcome = f"{upload.status}: {len(issues)} issue(s), first {first['code']}"
    except UploadRefused as exc:
        outcome = f"refused: {str(exc)[:60]}"
    except Exception as exc:  # a defect: reported, not hidden
        outcome = f"CRASH {type(exc).__name__}: {str(exc)[:60]}"
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"bytes": len(data), "seconds": seconds, "peak_mb": peak_mb, "outcome": outcome}))


def prepare(folder: Path) -> Path:
    database = folder / "prepared.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "csc_workforce.settings"}
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.contrib.auth.models import User; from csc_workforce.store import models as m\n"
        "u = User.objects.create_user('perf'); m.UserProfile.objects.create(user=u, role='analyst')\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    return database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a case is stopped")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.database)
        return
    folder = Path(tempfile.mkdtemp(prefix="csc-hostile-"))
    try:
        prepared = prepare(folder)
        print(f"{'case':40} {'size':>10} {'seconds':>8} {'peak MB':>8}  outcome")
        for case in args.case or list(CASES):
            database = folder / f"{case}.sqlite3"
            shutil.copy(prepared, database)
            command = [sys.executable, __file__, "--child", case, "--database", str(database)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=args.limit)
            except subprocess.TimeoutExpired:
                print(f"{case:40} {'':>10} {'>' + str(int(args.limit)):>8} {'':>8}  stopped at the time limit")
                continue
            lines = done.stdout.strip().splitlines()
            if done.returncode or not lines:
                print(f"{case:40} {'':>10} {'':>8} {'':>8}  child failed: {done.stderr.strip()[-120:]}")
                continue
            r = json.loads(lines[-1])
            print(f"{case:40} {r['bytes']:>10,} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f}  {r['outcome']}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
