"""A :class:`~csc_workforce.reports.document.Document` rendered: HTML (a page that prints), PDF (tagged, PDF/UA-1,
from the same HTML by WeasyPrint), DOCX (python-docx, in the council's own Word template when it gives one:
its styles, headers and logo) and Excel (every table of the report a sheet, after a contents sheet).

Each renderer lays out the blocks as given: the same words and figures in every format. Tables have a header
row, row headers and a caption; charts keep their title and description (alternative text in Word, the SVG's own
title in HTML and PDF) and are followed by their tables.
"""

from __future__ import annotations

import io
import zipfile
from html import escape

from csc_workforce.reports.document import Document, Figure, Heading, Paragraph
from csc_workforce.reports.tables import Table, to_xlsx

FORMATS: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PUBLISHED_NOTE = (
    "Published figures: counts from 1 to 4 are not shown (c), to protect the people they describe, nor what is "
    "worked out from them or would let them be worked out from the totals."
)

_CSS = """
@page { size: A4; margin: 2cm 1.8cm; @bottom-right { content: "Page " counter(page) " of " counter(pages);
  font-size: 9pt; } }
body { font-family: Arial, "Liberation Sans", sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c;
  max-width: 60em; margin: 0 auto; padding: 1em; }
h1 { font-size: 22pt; margin: 0 0 .2em; } h2 { font-size: 16pt; margin: 1.4em 0 .4em; }
h3 { font-size: 13pt; margin: 1.2em 0 .3em; }
p.subtitle { font-size: 13pt; color: #505a5f; margin-top: 0; } p.lead { font-size: 13pt; }
p.note, .meta { font-size: 9.5pt; color: #505a5f; }
p.inset { border-left: 5px solid #b1b4b6; padding: .3em 0 .3em .8em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; font-size: 9.5pt; page-break-inside: auto; }
caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .25em .4em; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #0b0c0c; } td.n, th.n { text-align: right; }
tr { page-break-inside: avoid; }
figure { margin: .6em 0 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; max-width: 17cm; }
"""


def render(document: Document, fmt: str, *, template: bytes | None = None) -> bytes:
    """``document`` in ``fmt`` (a key of :data:`FORMATS`); ``template``: a Word template (.docx or .dotx) for
    DOCX."""
    if fmt == "html":
        return to_html(document).encode()
    if fmt == "pdf":
        return to_pdf(document)
    if fmt == "docx":
        return to_docx(document, template=template)
    if fmt == "xlsx":
        return to_xlsx_book(document)
    raise ValueError(f"No report format {fmt!r}: give one of {', '.join(FORMATS)}")


def _front_matter(document: Document) -> list[str]:
    lines = [f"{document.council}, as at {document.as_at:%-d %B %Y}."]
    if document.prepared is not None:
        lines[0] = lines[0][:-1] + f"; prepared on {document.prepared:%-d %B %Y}."
    if document.published:
        lines.append(PUBLISHED_NOTE)
    return lines + list(document.notes)


# ------------------------------------------------------------------------------------------------------ HTML


def _table_html(table: Table) -> str:
    numeric = ' class="n"'
    head = "".join(f'<th scope="col"{numeric if c.numeric else ""}>{escape(c.label)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        cells = table.formatted(row)
        out = []
        for n, (text, column) in enumerate(zip(cells, table.columns, strict=True)):
            cls = ' class="n"' if column.numeric else ""
            out.append(f'<th scope="row">{escape(text)}</th>' if n == 0 else f"<td{cls}>{escape(text)}</td>")
        rows.append(f"<tr>{''.join(out)}</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(table.columns)}">No records for this table.</td></tr>')
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    return (
        f"<table><caption>{escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{notes}"
    )


def to_html(document: Document) -> str:
    """A standalone page (its own styles, no scripts), in British English."""
    body = [f"<h1>{escape(document.title)}</h1>"]
    if document.subtitle:
        body.append(f'<p class="subtitle">{escape(document.subtitle)}</p>')
    body += [f'<p class="meta">{escape(line)}</p>' for line in _front_matter(document)]
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 2), 4)
            body.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            body.append(f'<p class="{escape(block.style)}">{escape(block.text)}</p>')
        elif isinstance(block, Figure):
            if block.chart:
                body.append(f"<figure>{block.chart}</figure>")
            body.append(_table_html(block.table))
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(document.title)}: {escape(document.council)}</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>'
        f"<body><main>{''.join(body)}</main></body></html>"
    )


# ------------------------------------------------------------------------------------------------------- PDF


def to_pdf(document: Document) -> bytes:
    """The HTML laid out on A4 by WeasyPrint, tagged (PDF/UA-1) so a screen reader reads its structure."""
    from weasyprint import HTML

    html = HTML(string=to_html(document))
    pdf: bytes = html.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=False, uncompressed_pdf=False)
    return pdf


# ------------------------------------------------------------------------------------------------------ DOCX

TEMPLATE_MAX_BYTES = 10 * 1048576  # a Word template with its logo is rarely over 1 MB
_UNPACKED_MAX_BYTES = 60 * 1048576  # what its parts may unpack to (a file that unpacks to more is refused)
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_DOCUMENT, _TEMPLATE = _WORD + "document.main+xml", _WORD + "template.main+xml"


class TemplateError(ValueError):
    """A Word template that cannot be used, with what to do about it."""


def word_template(content: bytes) -> bytes:
    """``content`` (a .docx or .dotx) as a document python-docx opens: a template's main part retyped as a
    document's. Checked before it is unpacked: its size, what its parts unpack to, and that it is Word's (not a
    macro-enabled file). Raises :class:`TemplateError`."""
    if len(content) > TEMPLATE_MAX_BYTES:
        raise TemplateError(f"The template is over {TEMPLATE_MAX_BYTES // 1048576} MB: save it without large images.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
        if len(members) > 1000 or sum(m.file_size for m in members) > _UNPACKED_MAX_BYTES:
            raise TemplateError("The template unpacks to too much to be a Word template: save it again from Word.")
        types = archive.read("[Content_Types].xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as problem:
        raise TemplateError(
            "The file is not a Word document or template: save it from Word as .docx or .dotx."
        ) from problem
    if "macroEnabled" in types:
        raise TemplateError("The file is macro-enabled (.docm or .dotm): save it from Word as .docx or .dotx.")
    if _DOCUMENT in types:
        return content
    if _TEMPLATE not in types:
        raise TemplateError("The file is not a Word document or template: save it from Word as .docx or .dotx.")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as retyped:
        for member in members:
            data = archive.read(member.filename)
            if member.filename == "[Content_Types].xml":
                data = types.replace(_TEMPLATE, _DOCUMENT).encode("utf-8")
            retyped.writestr(member, data)
    return out.getvalue()


def to_docx(document: Document, *, template: bytes | None = None) -> bytes:
    """A Word document: in ``template`` (the council's .docx or .dotx: its styles, headers, footers and logo; its
    body is replaced) or Word's defaults. Headings use the "Heading 1" to "Heading 4" styles and tables "Table
    Grid" where the template has it, so the clerk's own styles apply."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.exceptions import OpcError
    from docx.shared import Cm, Pt

    try:
        word = docx.Document(io.BytesIO(word_template(template))) if template else docx.Document()
    except (ValueError, KeyError, zipfile.BadZipFile, SyntaxError, OpcError) as problem:  # lxml's XMLSyntaxError too
        if isinstance(problem, TemplateError):
            raise
        raise TemplateError("Word cannot read the template: open it in Word and save it again.") from problem
    if template:
        body = word.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
    styles = {s.name for s in word.styles}
    word.core_properties.title = f"{document.title}: {document.council}"
    word.core_properties.language = "en-GB"
    word.add_heading(document.title, level=0 if "Title" in styles else 1)
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle" if "Subtitle" in styles else None)
    for line in _front_matter(document):
        word.add_paragraph(line)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(max(block.level - 1, 1), 4))
        elif isinstance(block, Paragraph):
            style = {"lead": "Intense Quote", "inset": "Quote"}.get(block.style)
            paragraph = word.add_paragraph(block.text, style=style if style in styles else None)
            if block.style == "note":
                for run in paragraph.runs:
                    run.font.size = Pt(9)
        elif isinstance(block, Figure):
            if block.chart:
                word.add_picture(io.BytesIO(chart_png(block.chart)), width=Cm(16))
                picture = word.inline_shapes[-1]._inline.docPr  # the chart's alternative text
                picture.set("descr", _svg_text(block.chart) or block.chart_title or block.table.title)
                picture.set("title", block.chart_title or block.table.title)
            caption = word.add_paragraph(block.table.title, style="Caption" if "Caption" in styles else None)
            caption.paragraph_format.keep_with_next = True
            columns = block.table.columns
            table = word.add_table(rows=1, cols=len(columns))
            if "Table Grid" in styles:
                table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, column in zip(table.rows[0].cells, columns, strict=True):
                cell.text = column.label
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            _repeat_header(table.rows[0])
            for row in block.table.rows:
                cells = table.add_row().cells
                for cell, text, column in zip(cells, block.table.formatted(row), columns, strict=True):
                    cell.text = text
                    if column.numeric:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for note in block.table.notes:
                paragraph = word.add_paragraph(note)
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _repeat_header(row: object) -> None:
    """Mark a table's first row as its header, repeated on each page (and read as the header by assistive
    technology)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def chart_png(svg: str) -> bytes:
    """A chart's SVG as a PNG (for Word, which shows SVG only in recent versions), at twice its size."""
    import cairosvg

    png: bytes = cairosvg.svg2png(bytestring=svg.encode(), scale=2, background_color="white")
    return png


def _svg_text(svg: str) -> str:
    """The chart's title and description, its alternative text."""
    from lxml import etree

    root = etree.fromstring(svg.encode(), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    ns = {"s": "http://www.w3.org/2000/svg"}
    parts = [t.text or "" for t in (*root.findall("s:title", ns), *root.findall("s:desc", ns))]
    return ". ".join(p.strip().rstrip(".") for p in parts if p.strip()) + "."


# ----------------------------------------------------------------------------------------------------- Excel


def to_xlsx_book(document: Document) -> bytes:
    """Every table of the report as a sheet, after a contents sheet naming the report and its tables."""
    tables = document.tables()
    contents = Table(
        f"{document.title}: {document.council}",
        (),
        (),
        notes=tuple(_front_matter(document)) + tuple(f"Table {n}: {t.title}" for n, t in enumerate(tables, 1)),
    )
    return to_xlsx([contents, *tables])
