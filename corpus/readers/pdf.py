"""Reader for real PDF files, through pypdf.

Each page's text is extracted with pypdf's layout mode (which keeps vertical gaps as blank lines,
so paragraphs and headings stand apart as they do in the shipped text extractions), every line
is stripped, runs of blank lines inside a page are cut to two, and the pages are joined with
three empty lines, the page gap `split_lines` knows. That text is parsed like any PDF-extracted
text (`parse_pdf_text`).

Source offsets ("source" in the offset map, and `SrcText` offsets) therefore refer to this
extracted and joined text, not to bytes of the PDF file. Block pages are set from those offsets
and the page starts, so a blank page or a one-page file still numbers its blocks right.
"""

from __future__ import annotations

import bisect
import io
import re
from typing import Any

from corpus.assemble import sha256
from corpus.errors import IngestError
from corpus.models import Document, DocumentMeta
from corpus.readers.base import furniture_tokens
from corpus.readers.decode import cut_part
from corpus.readers.pdftext import parse_pdf_text

__all__ = ["PdfReader", "extract_pages"]

PAGE_GAP = "\n\n\n\n"  # three empty lines: a page break for `split_lines`
_BLANK_RUN = re.compile(r"\n{4,}")


def _open(name: str, data: bytes) -> Any:
    try:
        import pypdf
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise IngestError(
            name, "needs pypdf to be read", fix="pip install pypdf (or scrutiny with its deps)"
        ) from exc
    try:
        pdf = pypdf.PdfReader(io.BytesIO(data))
        encrypted = pdf.is_encrypted
    except Exception as exc:
        raise IngestError(
            name,
            f"is not a readable PDF (truncated or corrupt: {exc})",
            fix="get a complete copy of the file, or repair it (e.g. qpdf or a re-save)",
        ) from exc
    if encrypted:
        try:
            opened = bool(pdf.decrypt(""))
        except Exception:  # e.g. AES without the cryptography package
            opened = False
        if not opened:
            raise IngestError(
                name,
                "is encrypted",
                fix="remove the password (e.g. qpdf --decrypt) and give the file again",
            )
    return pdf


def _page_text(page: Any) -> str:
    try:
        text = str(page.extract_text(extraction_mode="layout"))
    except Exception:  # layout mode is stricter about odd fonts: fall back to plain
        text = str(page.extract_text())
    lines = "\n".join(line.strip() for line in text.splitlines())
    return _BLANK_RUN.sub("\n\n\n", lines).strip("\n")


def extract_pages(name: str, data: bytes) -> list[str]:
    """The text of every page, as the reader parses it."""
    pdf = _open(name, data)
    try:
        return [_page_text(page) for page in pdf.pages]
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(
            name,
            f"is not a readable PDF (its pages cannot be read: {exc})",
            fix="get a complete copy of the file, or repair it (e.g. qpdf or a re-save)",
        ) from exc


class PdfReader:
    """A PDF file with a text layer."""

    name = "pdf"

    def accepts(self, suffix: str, head: bytes) -> bool:
        return head.startswith(b"%PDF-")

    def read(self, meta: DocumentMeta, data: bytes) -> Document:
        pages = extract_pages(meta.file, data)
        if not any(p.strip() for p in pages):
            raise IngestError(
                meta.file, "has no text layer (scanned?)", fix="run OCR first, e.g. ocrmypdf"
            )
        starts: list[int] = []
        pos = 0
        for p in pages:
            starts.append(pos)
            pos += len(p) + len(PAGE_GAP)
        text = PAGE_GAP.join(pages)
        part, base = cut_part(meta, text)
        furniture = furniture_tokens(text, meta.furniture)
        doc = parse_pdf_text(meta, part, base, sha256(data), self.name, furniture)
        for b in doc.blocks:
            b.page = bisect.bisect_right(starts, doc.offsets.to_source(b.start))
        doc.pages = len(pages)
        return doc
