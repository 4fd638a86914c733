"""A report document rendered to each format (reports.render) and read back as a person's software would: the
HTML's structure, the PDF's text and tags (pypdf), the Word document's headings, table and the chart's
alternative text (python-docx), the workbook's sheets (openpyxl). The same words and figures in each."""

from __future__ import annotations

import io
from datetime import date

import docx
import pypdf
import pytest
from openpyxl import load_workbook

from csc_workforce.reports.charts import bar_chart
from csc_workforce.reports.document import Document, Figure, Heading, Paragraph
from csc_workforce.reports.render import PUBLISHED_NOTE, TemplateError, render, to_html
from csc_workforce.reports.tables import Column, Table
from tests.reports.word_templates import (
    FOOTER,
    HEADER,
    as_dotx,
    as_macro_enabled,
    council_template,
    unpacking_to,
)

TABLE = Table(
    "Leavers by reason, the year to 30 September 2025",
    (Column("reason", "Reason"), Column("n", "Leavers", numeric=True, decimals=0)),
    (("Resigned", 31), ("Retired", 7), ("Total", 38)),
    notes=("Council-employed social workers.",),
)
CHART = bar_chart(
    title="Leavers by reason",
    description="Resigned 31, retired 7.",
    labels=["Resigned", "Retired"],
    values=[31, 7],
)
DOCUMENT = Document(
    title="Workforce report",
    council="Northgate",
    as_at=date(2025, 9, 30),
    subtitle="Report to the Overview and Scrutiny Panel",
    prepared=date(2025, 10, 20),
    blocks=(
        Heading("Turnover"),
        Paragraph("Turnover was 12.6% in the year to 30 September 2025, up from 11.3% the year before."),
        Figure(TABLE, CHART),
        Paragraph("A note.", "note"),
    ),
)


def test_html_is_a_standalone_page_with_a_captioned_table_and_the_chart_before_it() -> None:
    html = to_html(DOCUMENT)
    assert html.startswith('<!DOCTYPE html><html lang="en-GB">') and "<script" not in html
    assert "<h1>Workforce report</h1>" in html and "<h2>Turnover</h2>" in html
    assert html.index("<svg") < html.index("<caption>Leavers by reason, the year to 30 September 2025</caption>")
    assert '<th scope="col" class="n">Leavers</th>' in html and '<th scope="row">Resigned</th>' in html
    assert '<td class="n">31</td>' in html
    assert "Northgate, as at 30 September 2025; prepared on 20 October 2025." in html


def test_the_pdf_is_tagged_and_holds_the_same_words_and_figures() -> None:
    pdf = pypdf.PdfReader(io.BytesIO(render(DOCUMENT, "pdf")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    for words in ("Workforce report", "Turnover was 12.6%", "Resigned", "31", "Page 1 of"):
        assert words in text, words
    catalog = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]  # tagged: its structure is read
    assert catalog["/Lang"] == "en-GB"


def test_word_has_its_headings_a_header_row_and_the_chart_s_alternative_text() -> None:
    word = docx.Document(io.BytesIO(render(DOCUMENT, "docx")))
    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert ("Title", "Workforce report") in styled and ("Heading 1", "Turnover") in styled
    (table,) = word.tables
    assert [c.text for c in table.rows[0].cells] == ["Reason", "Leavers"]
    assert [c.text for c in table.rows[1].cells] == ["Resigned", "31"]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # the header row repeats and is read as the header
    (picture,) = word.inline_shapes
    assert picture._inline.docPr.get("descr") == "Leavers by reason. Resigned 31, retired 7."
    assert word.core_properties.title == "Workforce report: Northgate"


def test_a_council_s_word_template_keeps_its_styles_and_loses_its_body() -> None:
    template = docx.Document()
    template.styles["Heading 1"].font.size = docx.shared.Pt(21)
    template.add_paragraph("Placeholder text from the template")
    out = io.BytesIO()
    template.save(out)
    word = docx.Document(io.BytesIO(render(DOCUMENT, "docx", template=out.getvalue())))
    assert "Placeholder text from the template" not in [p.text for p in word.paragraphs]
    assert word.styles["Heading 1"].font.size == docx.shared.Pt(21)


@pytest.mark.parametrize("kind", ["docx", "dotx"])
def test_the_report_is_written_into_the_council_s_template_with_its_logo_header_and_footer(kind: str) -> None:
    template = council_template() if kind == "docx" else as_dotx(council_template())
    word = docx.Document(io.BytesIO(render(DOCUMENT, "docx", template=template)))
    section = word.sections[0]
    assert HEADER in section.header.paragraphs[0].text and section.footer.paragraphs[0].text == FOOTER
    logo = [p for p in section.header.part.related_parts.values() if p.content_type == "image/png"]
    assert len(logo) == 1 and logo[0].blob.startswith(b"\x89PNG")
    assert section.header.paragraphs[0]._p.xpath(".//pic:pic")  # the logo is still placed in the header
    assert word.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0x1D, 0x70, 0xB8)
    turnover = next(p for p in word.paragraphs if p.text == "Turnover")
    assert turnover.style.name == "Heading 1"
    assert "Placeholder text from the template" not in [p.text for p in word.paragraphs]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Name,Team\nA,B\n", "not a Word document or template"),
        (as_macro_enabled(council_template()), "macro-enabled (.docm or .dotm)"),
        (unpacking_to(61), "unpacks to too much"),
        (council_template()[:2000], "not a Word document or template"),
    ],
    ids=["csv", "macro-enabled", "zip-bomb", "cut-short"],
)
def test_a_file_that_is_not_a_usable_template_is_refused_saying_why(content: bytes, says: str) -> None:
    with pytest.raises(TemplateError, match=says.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        render(DOCUMENT, "docx", template=content)


def test_the_workbook_has_a_contents_sheet_then_every_table() -> None:
    book = load_workbook(io.BytesIO(render(DOCUMENT, "xlsx")))
    assert len(book.sheetnames) == 2
    contents = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert "Workforce report: Northgate" in contents
    assert "Table 1: Leavers by reason, the year to 30 September 2025" in contents
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert rows[1] == ("Reason", "Leavers") and rows[2] == ("Resigned", 31)


def test_a_published_report_says_small_numbers_are_withheld() -> None:
    published = Document("Report", "Northgate", date(2025, 9, 30), (), published=True)
    assert PUBLISHED_NOTE in to_html(published)
    assert not any(PUBLISHED_NOTE in line for line in to_html(DOCUMENT).split("<p"))


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="No report format 'odt'"):
        render(DOCUMENT, "odt")
