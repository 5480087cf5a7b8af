"""Reader for Word (.docx) files, through python-docx.

The body is walked in document order, paragraphs and tables interleaved, and rendered as
Markdown-ish text: a "Title" or "Heading N" paragraph becomes `#`*N + text, a list paragraph
"- " + text, a table one line per row with its cells joined by tabs, a blank line between
blocks. That text is parsed by `parse_markup`, so source offsets (the offset map's "source" and
`SrcText` offsets) refer to the rendered text, not to bytes of the .docx file.
"""

from __future__ import annotations

import io
import re
from typing import Any

from corpus.assemble import sha256
from corpus.errors import IngestError
from corpus.models import Document, DocumentMeta
from corpus.readers.base import furniture_tokens
from corpus.readers.decode import cut_part
from corpus.readers.markup import parse_markup

__all__ = ["DocxReader", "render_docx"]

_HEADING = re.compile(r"^heading\s*(\d)", re.IGNORECASE)
_SPACE = re.compile(r"[\t\n\r\v\f]+")


def _flat(text: str) -> str:
    """One line: tabs and soft line breaks would read as table cells and new blocks."""
    return _SPACE.sub(" ", text).strip()


def _paragraph(par: Any) -> str:
    text = _flat(par.text)
    if not text:
        return ""
    style = par.style.name if par.style is not None else ""
    heading = _HEADING.match(style or "")
    if heading or style == "Title":
        return "#" * (int(heading.group(1)) if heading else 1) + " " + text
    if "List" in (style or ""):
        return "- " + text
    return text


def _table(table: Any) -> str:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        prev = None
        for cell in row.cells:
            if cell._tc is prev:  # a merged cell is listed once per grid column it spans
                continue
            prev = cell._tc
            cells.append(_flat(cell.text))
        if any(cells):
            lines.append("\t".join(cells))
    return "\n".join(lines)


def render_docx(name: str, data: bytes) -> str:
    """The Markdown-ish text of a .docx, as the reader parses it."""
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise IngestError(
            name, "needs python-docx to be read", fix="pip install python-docx"
        ) from exc
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for child in document.element.body.iterchildren():
            if child.tag == qn("w:p"):
                blocks.append(_paragraph(Paragraph(child, document)))
            elif child.tag == qn("w:tbl"):
                blocks.append(_table(Table(child, document)))
    except Exception as exc:
        raise IngestError(
            name,
            f"is not a valid .docx (corrupt or not a Word document: {exc})",
            fix="open it in Word or LibreOffice and save it again as .docx",
        ) from exc
    return "\n\n".join(b for b in blocks if b)


class DocxReader:
    """A Word .docx file."""

    name = "docx"

    def accepts(self, suffix: str, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04") and suffix in {".docx", ""}

    def read(self, meta: DocumentMeta, data: bytes) -> Document:
        text = render_docx(meta.file, data)
        if not text.strip():
            raise IngestError(
                meta.file, "has no text", fix="check the document has its text in the body"
            )
        part, base = cut_part(meta, text)
        furniture = furniture_tokens(text, meta.furniture)
        return parse_markup(meta, part, base, sha256(data), self.name, furniture)
