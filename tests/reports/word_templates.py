"""Council Word templates made for the tests (python-docx): a header with the council's name and logo, a
footer, its own heading style, body text to be replaced; the same as a .dotx (Word's template type), as a
macro-enabled file, and as files that are not templates at all."""

from __future__ import annotations

import io
import zipfile

import cairosvg
import docx
from docx.shared import Cm, Pt, RGBColor

LOGO_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" '
    b'fill="#1d70b8"/><text x="10" y="27" font-size="20" fill="white">NBC</text></svg>'
)
HEADER = "Northgate Borough Council"
FOOTER = "OFFICIAL"
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def council_template() -> bytes:
    """A council's .docx template: logo and name in the header, OFFICIAL in the footer, Heading 1 at 21 pt in
    the council's blue, a line of body text."""
    word = docx.Document()
    header = word.sections[0].header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(cairosvg.svg2png(bytestring=LOGO_SVG)), width=Cm(3))
    header.add_run(f" {HEADER}")
    word.sections[0].footer.paragraphs[0].text = FOOTER
    heading = word.styles["Heading 1"]
    heading.font.size = Pt(21)
    heading.font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
    word.add_paragraph("Placeholder text from the template")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def retyped(content: bytes, main_type: str) -> bytes:
    """``content`` with its main part's content type replaced (a .dotx is a .docx so retyped)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "[Content_Types].xml":
                data = data.replace(f"{_WORD}document.main+xml".encode(), main_type.encode())
            target.writestr(member, data)
    return out.getvalue()


def as_dotx(content: bytes) -> bytes:
    return retyped(content, f"{_WORD}template.main+xml")


def as_macro_enabled(content: bytes) -> bytes:
    return retyped(content, "application/vnd.ms-word.document.macroEnabled.main+xml")


def unpacking_to(megabytes: int) -> bytes:
    """A small zip whose one part unpacks to ``megabytes`` MB (a "zip bomb", in miniature)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", b"<Types/>")
        bomb.writestr("word/document.xml", b"\0" * (megabytes * 1048576))
    return out.getvalue()
