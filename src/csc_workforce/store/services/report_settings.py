"""A council's settings for its reports (``store.services.reports``): the Word template each DOCX report is
written into (its styles, headers, footers and logo) and its own "purpose of the report" paragraphs for each
report kind. Each is saved by the council's admin or analyst with an audit record, and checked when saved: a
template that Word or python-docx cannot read, or a purpose naming a placeholder that does not exist, is refused
with what to do. Saving either changes the data version, so no cached report is stale."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from csc_workforce.reports.document import Document, Heading, Paragraph
from csc_workforce.reports.render import TemplateError, to_docx
from csc_workforce.store import models as m
from csc_workforce.store.services.audit import CHANGE, NOWHERE, Origin, audit_record
from csc_workforce.store.services.records import data_changed
from csc_workforce.store.services.reports import REPORT_KINDS, ReportError, purpose_problem, saved_purpose

TEMPLATE, PURPOSE = "report_template", "report_purpose"
PURPOSE_MAX_CHARS = 4000


@dataclass(frozen=True)
class SavedTemplate:
    name: str
    content: bytes
    sha256: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class SavedPurpose:
    """A kind's purpose paragraphs for a council: its own (``set_by`` given) or the kind's."""

    kind: str
    text: str
    set_by: str = ""
    set_at: datetime | None = None


def template_for(la_code: str) -> SavedTemplate | None:
    """The council's Word template, if it has saved one."""
    row = m.ReportTemplate.objects.filter(la_code=la_code).first()
    if row is None:
        return None
    return SavedTemplate(row.name, bytes(row.content), row.sha256, row.set_by, row.set_at)


def save_template(
    *, la_code: str, name: str, content: bytes | None, set_by: str, now: datetime, origin: Origin = NOWHERE
) -> SavedTemplate | None:
    """Save the council's Word template (None: remove it, back to Word's own styles), audited. A report is
    written into it before it is saved, so a template that cannot be used is refused here, not when a clerk
    needs the paper: raises :class:`TemplateError` saying why."""
    if content is not None:
        _try(content)
    with transaction.atomic():
        before = template_for(la_code)
        m.ReportTemplate.objects.filter(la_code=la_code).delete()
        if content is not None:
            m.ReportTemplate.objects.create(
                la_code=la_code,
                name=name[:255],
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                set_by=set_by,
                set_at=now,
            )
        after = template_for(la_code)
        audit_record(
            action=CHANGE,
            username=set_by,
            object_type=TEMPLATE,
            object_id=la_code,
            detail={"before": _described(before), "after": _described(after)},
            origin=origin,
            now=now,
        )
        data_changed()
    return after


def _described(template: SavedTemplate | None) -> dict[str, object] | None:
    if template is None:
        return None
    return {"name": template.name, "bytes": len(template.content), "sha256": template.sha256}


def _try(content: bytes) -> None:
    """Write a short document into the template, as a report would be."""
    sample = Document(
        title="A trial report",
        council="The council",
        as_at=date(2025, 9, 30),
        blocks=(Heading("A heading"), Paragraph("A paragraph."), Paragraph("A note.", "note")),
    )
    to_docx(sample, template=content)


def purposes_for(la_code: str) -> dict[str, SavedPurpose]:
    """Every report kind's purpose paragraphs for the council: its own where saved, else the kind's."""
    own = {p.kind: p for p in m.ReportPurpose.objects.filter(la_code=la_code)}
    return {
        kind: SavedPurpose(kind, own[kind].text, own[kind].set_by, own[kind].set_at)
        if kind in own
        else SavedPurpose(kind, spec.purpose)
        for kind, spec in REPORT_KINDS.items()
    }


def save_purpose(
    *, la_code: str, kind: str, text: str | None, set_by: str, now: datetime, origin: Origin = NOWHERE
) -> SavedPurpose:
    """Save the council's purpose paragraphs for ``kind`` (None or blank: back to the kind's own), audited.
    Raises :class:`ReportError` for an unknown kind, or text too long or naming an unknown placeholder."""
    if kind not in REPORT_KINDS:
        raise ReportError(f"No report kind {kind!r}: give one of {', '.join(REPORT_KINDS)}.")
    text = _normalised(text) if text is not None else ""
    if len(text) > PURPOSE_MAX_CHARS:
        raise ReportError(f"The purpose is {len(text):,} characters: keep it to {PURPOSE_MAX_CHARS:,}.")
    if text and (problem := purpose_problem(text)):
        raise ReportError(problem)
    with transaction.atomic():
        before = purposes_for(la_code)[kind]
        m.ReportPurpose.objects.filter(la_code=la_code, kind=kind).delete()
        if text and text != _normalised(REPORT_KINDS[kind].purpose):
            m.ReportPurpose.objects.create(la_code=la_code, kind=kind, text=text, set_by=set_by, set_at=now)
        after = purposes_for(la_code)[kind]
        audit_record(
            action=CHANGE,
            username=set_by,
            object_type=PURPOSE,
            object_id=f"{la_code}/{kind}",
            detail={"before": before.text, "after": after.text, "own": after.set_by != ""},
            origin=origin,
            now=now,
        )
        data_changed()
    return after


def _normalised(text: str) -> str:
    """Line endings as "\\n", paragraphs apart by one blank line, no space at either end."""
    paragraphs = text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


__all__ = [
    "PURPOSE_MAX_CHARS",
    "SavedPurpose",
    "SavedTemplate",
    "TemplateError",
    "purposes_for",
    "save_purpose",
    "save_template",
    "saved_purpose",
    "template_for",
]
