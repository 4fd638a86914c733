"""Uploads: receive a file, check it and preview what it would change; commit it in one transaction; undo it.

Nothing reaches the records before the person confirms. A file with any error cannot be committed. Each
commit keeps the council's records as they were, so the latest upload can be undone exactly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from csc_workforce.benchmarks.councils import council_name
from csc_workforce.census.csww.reader import ReadResult, read_census
from csc_workforce.census.csww.records import ReturnSource, records_from_returns
from csc_workforce.domain.catalogue import rule
from csc_workforce.domain.issues import CannotContinue, Issue
from csc_workforce.domain.overlay import overlay_records, records_without
from csc_workforce.domain.periods import census_reference_date
from csc_workforce.domain.records import Council as CouncilRecord
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.domain.serialise import records_from_json, records_to_json
from csc_workforce.importers import (
    COMPLETE_FROM_KINDS,
    KINDS,
    MAX_BYTES,
    Changes,
    ColumnMapping,
    default_mapping,
    import_table,
    preview_changes,
    read_table,
)
from csc_workforce.store import models as m
from csc_workforce.store.locks import council_write_lock
from csc_workforce.store.services.actions import shipped_plans
from csc_workforce.store.services.audit import NOWHERE, UPLOAD_FAILED, Origin, audit_record
from csc_workforce.store.services.census import (
    census_import,
    census_rebuild,
    records_from_other_sources,
    stored_return,
)
from csc_workforce.store.services.records import records_delete, records_load, records_store, source_key

logger = logging.getLogger(__name__)

PREVIEW_EXAMPLES = 10
HR_KINDS = tuple(KINDS)
MAX_UPLOAD_BYTES = MAX_BYTES  # the importers' limit (50 MB), for census returns too: the largest is about 2 MB
SPREADSHEET_SUFFIXES = (".csv", ".txt", ".xlsx", ".xls", ".xlsm", ".ods")


class UploadRefused(Exception):
    """The action cannot be done; the message says why and what to do."""


class UploadFailed(UploadRefused):
    """A load failed in a way the checks did not foresee; no records were changed, and the failure is already
    audited (``upload-failed``, with only the kind of error)."""


@dataclass(frozen=True)
class Received:
    upload: m.Upload
    errors: int
    warnings: int


def _issue_dicts(issues: list[Issue] | tuple[Issue, ...]) -> list[dict[str, object]]:
    return [i.as_dict() for i in issues]


def _refusal(message: str, code: str = "UPLOAD-001") -> Issue:
    return rule(code).issue(message)


def upload_size_refusal(*, kind: str, size: int) -> str | None:
    """Why a file of ``size`` bytes is refused and what to do (for the kind of file chosen), or None if it
    is within :data:`MAX_UPLOAD_BYTES`. The upload form asks before reading the file."""
    if size <= MAX_UPLOAD_BYTES:
        return None
    limit = f"The selected file must be smaller than {MAX_UPLOAD_BYTES // 1048576} MB."
    if kind == m.Upload.CENSUS:
        return f"{limit} A census return is at most a few MB: check that this is one council's CSWW return."
    return f"{limit} Split the extract into smaller files, or remove columns that are not used."


def complete_from_refusal(
    *, kind: str, complete_from: date | None, extract_date: date | None, today: date
) -> str | None:
    """Why ``complete_from``, the date a file's data is stated complete from, cannot be given for a file of
    ``kind`` taken on ``extract_date`` (None: ``today``), or None when it can (or none is given). The upload form
    and the command line ask before reading the file; :func:`upload_receive` refuses it too."""
    if complete_from is None:
        return None
    if kind not in COMPLETE_FROM_KINDS:
        names = [k.value.replace("_", " ").replace("hr ", "HR ") for k in COMPLETE_FROM_KINDS]
        named = kind.replace("_", " ")
        what = f"{'an' if named[0] in 'aeiou' else 'a'} {named} file"
        if kind == m.Upload.CENSUS:
            what = "a census return, which covers its own year"
        return (
            f"The date the data is complete from is given only for a file of {', '.join(names[:-1])} or "
            f"{names[-1]}, not for {what}: leave it out"
        )
    if complete_from > today:
        return "The date the data is complete from cannot be in the future"
    if extract_date is not None and complete_from > extract_date:
        return (
            f"The date the data is complete from must be on or before the date the extract was taken "
            f"({extract_date.isoformat()})"
        )
    return None


def upload_receive(
    *,
    user: User,
    kind: str,
    filename: str,
    data: bytes,
    la_code: str | None,
    allowed_la_codes: list[str] | None,
    system: str = "",
    now: datetime,
    extract_date: date | None = None,
    complete_from: date | None = None,
    origin: Origin = NOWHERE,
) -> m.Upload:
    """Read and check a file and work out what it would change. Stores the upload (not its records).

    ``user`` is the signed-in user, or (the command line) an unsaved ``User`` named for the operating-system user
    running it: the upload and the audit log then name that user, with no account.

    ``extract_date`` is the date an HR extract was taken (default: the day of the upload): its data is taken to
    be complete to that date (``services.coverage``). A census return is complete to its 30 September.
    ``complete_from`` is the date a practice and development extract's data is complete from (a kind of
    ``COMPLETE_FROM_KINDS``; default: the earliest date its records mention): refused for another kind, a future
    date or one after the extract date (:func:`complete_from_refusal`)."""
    if kind != m.Upload.CENSUS and kind not in HR_KINDS:
        raise UploadRefused(f"Choose what the file holds: a census return or one of {', '.join(HR_KINDS)}.")
    stated_from = complete_from_refusal(
        kind=kind, complete_from=complete_from, extract_date=extract_date, today=timezone.localdate(now)
    )
    if stated_from:
        raise UploadRefused(stated_from)
    too_large = upload_size_refusal(kind=kind, size=len(data))
    if too_large:
        raise UploadRefused(too_large)
    try:
        if kind == m.Upload.CENSUS:
            council, issues, summary, mapping = _receive_census(filename, data, allowed_la_codes)
        else:
            council, issues, summary, mapping = _receive_extract(
                kind, filename, data, la_code, allowed_la_codes, system, complete_from
            )
            summary["complete_to"] = (extract_date or now.date()).isoformat()
            if complete_from is not None:
                summary["complete_from"] = complete_from.isoformat()
    except Exception:  # a reader or check failed in a way it does not report: a rejected upload, never a 500
        logger.exception("Checking upload %r (%s) failed", filename, kind)
        council, summary, mapping = None, _council_summary(la_code if kind != m.Upload.CENSUS else None), {}
        issues = [_refusal(_NOT_CHECKED.format(filename=filename), "UPLOAD-004").as_dict()]
    errors = sum(1 for i in issues if i["severity"] == "error")
    upload = m.Upload.objects.create(
        council=council,
        kind=kind,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content=b"" if errors else zlib.compress(data),  # a rejected file is not kept (data minimisation)
        mapping=mapping,
        status=m.Upload.REJECTED if errors else m.Upload.PREVIEW,
        issues=issues,
        summary=summary,
        uploaded_by=user if user.pk else None,  # the command line acts as its operating-system user, not an account
        uploaded_by_name=user.get_username(),
        uploaded_at=now,
    )
    _audit("upload", upload, user, now, origin, kind=kind, sha256=upload.sha256, status=upload.status, errors=errors)
    return upload


_NOT_CHECKED = (
    "{filename} could not be checked: reading it failed in a way the checks do not recognise, so it was refused "
    "and nothing was changed. Open it in Excel or your system, save or export it again, and upload it again; if "
    "it fails again, tell your administrator (the error is in the server's log)."
)


def _audit(action: str, upload: m.Upload, user: User, now: datetime, origin: Origin, **detail: object) -> None:
    audit_record(
        action=action,
        user=user,
        object_type="upload",
        object_id=upload.pk,
        detail={"file": upload.filename, **detail},
        origin=origin,
        now=now,
    )


def upload_failure_record(
    *,
    stage: str,
    user: User,
    filename: str,
    error: BaseException,
    now: datetime,
    upload_id: int | None = None,
    origin: Origin = NOWHERE,
) -> None:
    """Audit an upload that was refused or failed at ``stage`` (receive, commit, undo, discard): the refusal's
    message, or only the kind of an unexpected error (its message may hold file content). Call it after the
    failed step's transaction has ended, so the row is kept."""
    refused = isinstance(error, UploadRefused)
    audit_record(
        action="upload-refused" if refused else UPLOAD_FAILED,
        user=user,
        object_type="upload",
        object_id="" if upload_id is None else upload_id,
        detail={"stage": stage, "file": filename, "error": str(error) if refused else type(error).__name__},
        origin=origin,
        now=now,
    )


def _allowed(la_code: str, allowed: list[str] | None) -> bool:
    return allowed is None or la_code in allowed


def _receive_census(
    filename: str, data: bytes, allowed: list[str] | None
) -> tuple[m.Council | None, list[dict[str, object]], dict[str, Any], dict[str, Any]]:
    result = _read_census_safely(filename, data)
    issues = _issue_dicts(result.issues)
    if _looks_like_a_spreadsheet(filename, data) and any(i.code == "CSWW-FILE-001" for i in result.issues):
        issues.insert(0, _refusal(_SPREADSHEET_NOT_CENSUS.format(filename=filename), "UPLOAD-002").as_dict())
    summary: dict[str, Any] = {"collection_year": result.collection_year, **_council_summary(result.la_code)}
    ret = result.census_return
    if result.la_code and not _allowed(result.la_code, allowed):
        issues.insert(
            0,
            _refusal(
                f"This return is for council {result.la_code}; you can load data only for "
                f"council {', '.join(allowed or [])}."
            ).as_dict(),
        )
        return None, issues, summary, {}
    if ret is not None:
        summary.update(workers=len(ret.workers), rows_read=len(ret.workers))
    if ret is None or any(i["severity"] == "error" for i in issues):
        return None, issues, summary, {}
    council = m.Council.objects.filter(la_code=ret.header.la_code).first()
    existing = records_load(council=council) if council else CouncilRecords(_council_record(ret.header.la_code))
    after = _census_after(council, ret, existing)
    summary.update(
        replaces=bool(
            council
            and m.Source.objects.filter(
                council=council, kind=m.Source.CENSUS_RETURN, collection_year=ret.header.collection_year
            ).exists()
        ),
        changes=_changes_summary(preview_changes(after, existing, examples=PREVIEW_EXAMPLES)),
    )
    return council, issues, summary, {}


def _read_census_safely(filename: str, data: bytes) -> ReadResult:
    """``read_census``, and if it fails in a way it does not report (a fault of ours, logged), a rejected result
    with one file-level issue, so the upload is still stored, audited and shown as a page."""
    try:
        return read_census(data, name=filename)
    except Exception as exc:  # any fault in reading a file must end as a rejected upload, not a server error
        logger.exception("Reading census upload %s failed", filename)
        return ReadResult(
            None,
            (
                rule("CSWW-FILE-001").issue(
                    f"{filename}: The file could not be read as a census return ({type(exc).__name__}). Check that "
                    "it is a CSWW census return exported as XML; if it is, tell your administrator, who can find "
                    "the details in the server's log."
                ),
            ),
        )


_SPREADSHEET_NOT_CENSUS = (
    "{filename} looks like a spreadsheet, not a census return (an XML file). If it is an extract from your HR "
    "or case-management system, upload it again and choose what it holds; if it is the census return, export "
    "it again from your system as XML."
)


_XML_NOT_EXTRACT = (
    "{filename} is an XML file, not a spreadsheet. If it is a census return, upload it again and choose "
    '"CSWW census return (XML)"; if it is an extract, save it from your system as CSV or Excel (.xlsx).'
)


def _looks_like_a_spreadsheet(filename: str, data: bytes) -> bool:
    return filename.lower().endswith(SPREADSHEET_SUFFIXES) or data.startswith(b"PK\x03\x04")  # .xlsx is a zip


def _looks_like_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _council_summary(la_code: str | None) -> dict[str, Any]:
    """The council an upload is for, as the upload page shows it whatever became of the file (a rejected file
    has no council record): its code and name (the name held, else DfE's, else "Council <code>")."""
    if not la_code:
        return {"la_code": None}
    held = m.Council.objects.filter(la_code=la_code).values_list("name", flat=True).first()
    return {"la_code": la_code, "council_name": held or council_name(la_code).name}


def _council_record(la_code: str) -> CouncilRecord:
    named = council_name(la_code)
    return CouncilRecord(la_code, named.name, named.region)


def _census_after(council: m.Council | None, new: Any, existing: CouncilRecords) -> CouncilRecords:
    """What the council's records would be with ``new`` in place of its return for that year (no writes)."""
    returns = [ReturnSource(new, "source:new")]
    census_ids: set[str] = set()
    if council is not None:
        for source in m.Source.objects.filter(council=council, kind=m.Source.CENSUS_RETURN):
            census_ids.add(source_key(source.pk) or "")
            if source.collection_year != new.header.collection_year:
                returns.append(ReturnSource(stored_return(source), source_key(source.pk) or ""))
    census = records_from_returns(existing.council, returns)
    return overlay_records(census, records_without(existing, census_ids))


def _receive_extract(
    kind: str,
    filename: str,
    data: bytes,
    la_code: str | None,
    allowed: list[str] | None,
    system: str,
    stated_from: date | None,
) -> tuple[m.Council | None, list[dict[str, object]], dict[str, Any], dict[str, Any]]:
    if not la_code:
        return None, [_refusal("Choose the council this extract belongs to.").as_dict()], {}, {}
    if not _allowed(la_code, allowed):
        refused = _refusal(f"You can load data only for council {', '.join(allowed or [])}.")
        return None, [refused.as_dict()], _council_summary(la_code), {}
    council = m.Council.objects.filter(la_code=la_code).first()
    mapping = _mapping_for(council, system, kind)
    try:
        table = read_table(data, filename=filename, kind_sheet=kind)
    except CannotContinue as stop:
        issues = [stop.issue.as_dict()]
        if _looks_like_xml(data):
            issues.insert(0, _refusal(_XML_NOT_EXTRACT.format(filename=filename), "UPLOAD-003").as_dict())
        return council, issues, _council_summary(la_code), _mapping_json(mapping)
    existing = records_load(council=council) if council else CouncilRecords(_council_record(la_code))
    result = import_table(
        table,
        mapping,
        council=existing.council,
        source_key="source:new",
        existing=existing,
        complete_from=stated_from,
        plans=shipped_plans(),
    )
    changes = preview_changes(result.records, existing, examples=PREVIEW_EXAMPLES)
    summary = {
        "la_code": la_code,
        "council_name": existing.council.name,
        "rows_read": result.rows_read,
        "rows_with_errors": result.rows_with_errors,
        "changes": _changes_summary(changes),
    }
    if council is None:
        # a new council is created only on commit; remember its name and region for then
        summary["new_council"] = {"name": existing.council.name, "region": existing.council.region}
    return council, _issue_dicts(result.issues), summary, _mapping_json(mapping)


def _mapping_for(council: m.Council | None, system: str, kind: str) -> ColumnMapping:
    saved = (
        m.SavedMapping.objects.filter(council=council, system=system, kind=kind).first() if council and system else None
    )
    return ColumnMapping.from_json(_json_text(saved.mapping)) if saved else default_mapping(kind)


def _json_text(value: Any) -> str:
    return json.dumps(value)


def _mapping_json(mapping: ColumnMapping) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(mapping.to_json())
    return loaded


def _changes_summary(changes: Changes) -> dict[str, Any]:
    return {
        "counts": [asdict(c) for c in changes.counts if c.added or c.changed or c.ended or c.unchanged],
        "added": changes.total("added"),
        "changed": changes.total("changed"),
        "ended": changes.total("ended"),
        "unchanged": changes.total("unchanged"),
        "examples": {
            what: [asdict(c) for c in getattr(changes, what)[:PREVIEW_EXAMPLES]]
            for what in ("added", "changed", "ended")
        },
    }


# --- commit, undo, discard ---------------------------------------------------------------------------------


def _locked(upload: m.Upload) -> m.Upload:
    """The upload read afresh, with its council's records locked for writing for the rest of the transaction
    (store/locks.py): whatever the caller reads next, another commit, undo or import has finished with."""
    la_code = upload.summary.get("la_code")  # set when the file was received, never changed
    if la_code:
        council_write_lock(la_code)
    return m.Upload.objects.select_for_update().get(pk=upload.pk)


def upload_commit(*, upload: m.Upload, user: User, now: datetime, origin: Origin = NOWHERE) -> m.Upload:
    """Load a previewed upload into the records, all of it or (on any failure) none of it, never a server error.

    A database that is busy or unreachable (a lock wait that timed out, a lost connection) changes nothing: the
    upload stays previewed and the person is asked to try again. Any other failure the checks did not foresee
    (the database refusing a value, say) rolls the load back and marks the upload rejected with an UPLOAD-005
    issue (unless another request loaded it meanwhile). Both are audited (``upload-failed``)."""
    try:
        return _commit(upload=upload, user=user, now=now, origin=origin)
    except UploadRefused:
        raise
    except Exception as error:
        logger.exception("Loading upload %s (%r) failed", upload.pk, upload.filename)
        transient = isinstance(error, OperationalError | InterfaceError)
        if transient:
            message = (
                f"{upload.filename} was not loaded: the database was busy or could not be reached, and nothing "
                "was changed. Try again in a minute; if it fails again, tell your administrator."
            )
        else:
            message = (
                f"{upload.filename} could not be loaded ({type(error).__name__}: a problem the checks did not "
                "foresee), so no records were changed and the upload was marked rejected. Upload the file again "
                "to see its issues; if it fails again, tell your administrator (the error is in the server's log)."
            )
            with transaction.atomic():
                failed = _locked(upload)
                if failed.status == m.Upload.PREVIEW:  # not if another request has loaded or discarded it meanwhile
                    failed.issues = [*failed.issues, _refusal(message, "UPLOAD-005").as_dict()]
                    failed.status, failed.content = m.Upload.REJECTED, b""
                    failed.decided_at, failed.decided_by_name = now, user.get_username()
                    failed.save()
        upload_failure_record(
            stage="commit",
            user=user,
            filename=upload.filename,
            error=error,
            now=now,
            upload_id=upload.pk,
            origin=origin,
        )
        raise UploadFailed(message) from error


@transaction.atomic
def _commit(*, upload: m.Upload, user: User, now: datetime, origin: Origin) -> m.Upload:
    upload = _locked(upload)
    if upload.status != m.Upload.PREVIEW:
        raise UploadRefused(f"This upload is {upload.status}; only a previewed upload with no errors can be loaded.")
    data = m.unpacked(upload.content)
    if upload.kind == m.Upload.CENSUS:
        _commit_census(upload, data, user, now)
    else:
        _commit_extract(upload, data, user, now)
    upload.status, upload.decided_at, upload.decided_by_name = m.Upload.COMMITTED, now, user.get_username()
    upload.save()
    _audit("upload-commit", upload, user, now, origin, source=upload.source_id)
    return upload


def _commit_census(upload: m.Upload, data: bytes, user: User, now: datetime) -> None:
    year = upload.summary.get("collection_year")
    replaced = m.Source.objects.filter(
        council__la_code=upload.summary.get("la_code"), kind=m.Source.CENSUS_RETURN, collection_year=year
    ).first()
    if replaced is not None:
        upload.replaced = {
            "name": replaced.name,
            "sha256": replaced.sha256,
            "recorded_by": replaced.recorded_by,
            "recorded_at": replaced.recorded_at.isoformat(),
            "content": m.unpacked(replaced.content).decode("utf-8"),
            "warnings": replaced.warnings,
        }
    (outcome,) = census_import(files=[(upload.filename, data)], recorded_by=user.get_username(), now=now)
    if not outcome.accepted:
        raise UploadRefused("The return could no longer be loaded: " + "; ".join(i.message for i in outcome.issues))
    upload.council = m.Council.objects.get(la_code=outcome.la_code)
    upload.source = m.Source.objects.get(
        council=upload.council, kind=m.Source.CENSUS_RETURN, collection_year=outcome.collection_year
    )


def _commit_extract(upload: m.Upload, data: bytes, user: User, now: datetime) -> None:
    la_code = upload.summary["la_code"]
    new = upload.summary.get("new_council") or {}
    council, _ = m.Council.objects.get_or_create(
        la_code=la_code, defaults={"name": new.get("name", la_code), "region": new.get("region", "")}
    )
    before = records_load(council=council)
    stated, stated_from = upload.summary.get("complete_to"), upload.summary.get("complete_from")
    complete_from = date.fromisoformat(stated_from) if stated_from else None
    source = m.Source.objects.create(
        council=council,
        kind="upload",
        name=upload.filename,
        sha256=upload.sha256,
        recorded_by=user.get_username(),
        recorded_at=now,
        content=upload.content,
        complete_to=date.fromisoformat(stated) if stated else now.date(),
        complete_from=complete_from,
    )
    mapping = ColumnMapping.from_json(_json_text(upload.mapping))
    table = read_table(data, filename=upload.filename, kind_sheet=mapping.kind.value)
    result = import_table(
        table,
        mapping,
        council=before.council,
        source_key=source.key,
        existing=before,
        complete_from=complete_from,
        plans=shipped_plans(),
    )
    if result.has_errors:
        raise UploadRefused("The file now has errors against the records held; upload it again to see them.")
    records_delete(council=council)
    records_store(council=council, records=overlay_records(before, result.records))
    upload.council, upload.source = council, source
    upload.before = zlib.compress(records_to_json(before).encode("utf-8"))


@transaction.atomic
def upload_undo(*, upload: m.Upload, user: User, now: datetime, origin: Origin = NOWHERE) -> m.Upload:
    """Put the council's records back as they were before this upload (the latest change only)."""
    upload = _locked(upload)
    if upload.status != m.Upload.COMMITTED or upload.source_id is None or upload.council is None:
        raise UploadRefused("Only a loaded upload can be undone.")
    later = m.Source.objects.filter(council=upload.council, id__gt=upload.source_id).order_by("id")
    if later.exists():
        names = ", ".join(s.name for s in later[:3])
        raise UploadRefused(f"Data has been loaded since ({names}). Undo the later uploads first, newest first.")
    council = upload.council
    if upload.kind == m.Upload.CENSUS:
        kept = records_from_other_sources(council)  # read before anything is deleted
        records_delete(council=council)
        m.Source.objects.filter(pk=upload.source_id).delete()
        if upload.replaced:
            _restore_replaced_return(council, upload)
        census_rebuild(council=council, kept=kept)
    else:
        records_delete(council=council)
        m.Source.objects.filter(pk=upload.source_id).delete()
        records_store(council=council, records=records_from_json(m.unpacked(upload.before).decode()))
    upload.status, upload.undone_at, upload.undone_by_name = m.Upload.UNDONE, now, user.get_username()
    upload.source = None  # its source was removed with the records it brought
    upload.save()
    _audit("upload-undo", upload, user, now, origin)
    return upload


def _restore_replaced_return(council: m.Council, upload: m.Upload) -> None:
    old = upload.replaced
    m.Source.objects.create(
        council=council,
        kind=m.Source.CENSUS_RETURN,
        name=old["name"],
        sha256=old["sha256"],
        recorded_by=old["recorded_by"],
        recorded_at=datetime.fromisoformat(old["recorded_at"]),
        collection_year=upload.summary.get("collection_year"),
        content=zlib.compress(old["content"].encode("utf-8")),
        warnings=old.get("warnings", []),
        complete_to=census_reference_date(upload.summary["collection_year"]),
    )


@transaction.atomic
def upload_discard(*, upload: m.Upload, user: User, now: datetime, origin: Origin = NOWHERE) -> m.Upload:
    """Drop an upload that was not loaded; the file itself is deleted (data minimisation)."""
    upload = _locked(upload)  # not while it is being loaded: a loaded upload is undone, not discarded
    if upload.status not in (m.Upload.PREVIEW, m.Upload.REJECTED):
        raise UploadRefused(f"This upload is {upload.status} and cannot be discarded.")
    upload.status, upload.decided_at, upload.decided_by_name = m.Upload.DISCARDED, now, user.get_username()
    upload.content = b""
    upload.save()
    _audit("upload-discard", upload, user, now, origin)
    return upload


def mapping_save(
    *, council: m.Council, system: str, kind: str, text: str, user: User, now: datetime, origin: Origin = NOWHERE
) -> m.SavedMapping:
    """Save a column mapping for a source system; ValueError says what is wrong with the JSON."""
    mapping = ColumnMapping.from_json(text)
    if mapping.kind != kind:
        raise ValueError(f'The mapping is for "{mapping.kind}" but you chose "{kind}".')
    saved, _ = m.SavedMapping.objects.update_or_create(
        council=council,
        system=system,
        kind=kind,
        defaults={"mapping": json.loads(mapping.to_json()), "updated_by_name": user.get_username(), "updated_at": now},
    )
    audit_record(
        action="mapping-save",
        user=user,
        object_type="mapping",
        object_id=saved.pk,
        detail={"system": system, "kind": kind},
        origin=origin,
        now=now,
    )
    return saved
