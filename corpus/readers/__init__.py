"""Readers behind one small protocol, picked by file type and content."""

from __future__ import annotations

from corpus.errors import IngestError
from corpus.readers.base import Reader
from corpus.readers.markup import MarkupReader, looks_like_markup
from corpus.readers.pdftext import PdfTextReader

__all__ = ["Reader", "pick_reader"]

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"


def _is_word(data: bytes) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def pick_reader(name: str, suffix: str, data: bytes) -> Reader:
    """Choose by content first (a PDF or a .docx says what it is), then by suffix and shape."""
    head = data[:8192]
    suffix = suffix.lower()
    if head.startswith(_PDF_MAGIC):
        from corpus.readers.pdf import PdfReader

        pdf: Reader = PdfReader()
        return pdf
    if head.startswith(_ZIP_MAGIC):
        if suffix not in {".docx", ""} and not _is_word(data):
            raise IngestError(
                name, "is a ZIP archive, not a report", fix="give a .docx, .pdf or text file"
            )
        from corpus.readers.docx import DocxReader

        docx: Reader = DocxReader()
        return docx
    if suffix in {".pdf", ".docx"}:
        raise IngestError(
            name,
            f"has the suffix {suffix} but its content is not a {suffix[1:].upper()} file",
            fix="check the file is complete and really of that type",
        )
    if suffix not in {".txt", ".text", ".md", ".markdown", ".html", ".htm", ""}:
        raise IngestError(
            name, f"has an unknown type {suffix!r}", fix="use .pdf, .docx, .txt, .md or .html"
        )
    if suffix in {".md", ".markdown", ".html", ".htm"}:
        return MarkupReader()
    try:
        sample = head.decode("utf-8", errors="ignore")
    except Exception:  # pragma: no cover - decode with errors=ignore does not raise
        sample = ""
    return MarkupReader() if looks_like_markup(sample) else PdfTextReader()
