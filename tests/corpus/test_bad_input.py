"""Files that cannot be read give an `IngestError` naming the file, the reason and the fix, and
one bad file never stops the others from ingesting."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from corpus import Document, DocumentMeta, IngestError, Settings, ingest, read_document

LIMIT = 10_000_000


def _meta(name: str) -> DocumentMeta:
    return DocumentMeta(id="bad-doc", title="Bad", date=dt.date(2023, 1, 1), year=2023, file=name)


def _pdf(text: str | None = "1. A sentence on a page of a real PDF file.", pages: int = 2) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(pages):
        pdf.add_page()
        if text is None:
            pdf.rect(20, 20, 100, 50)  # drawn, no text
        else:
            pdf.multi_cell(0, 6, f"{text} Page {n + 1}.")
    return bytes(pdf.output())


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf())))
    # RC4 needs no extra package (AES would need `cryptography`)
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("A Heading", level=1)
    d.add_paragraph("A paragraph of the report with enough words in it.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _refused(tmp_path: Path, name: str, data: bytes, max_bytes: int = LIMIT) -> IngestError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_document(_meta(name), path, max_bytes)
    err = info.value
    assert str(err).startswith(f"{name}: "), str(err)
    assert err.path == name and err.reason in str(err)
    assert err.fix, f"no fix given for {name}: {err.reason}"
    return err


def _docx_without_body_text() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


CASES: list[tuple[str, str, bytes, str]] = [
    ("empty file", "empty.txt", b"", "empty"),
    ("blank file", "blank.txt", b"\n  \n", "empty"),
    ("binary named .txt", "data.txt", b"\x00\x01\x02\xff" * 64, "binary"),
    ("cp1252 text", "notes.txt", "Children’s services\n".encode("cp1252"), "not UTF-8"),
    ("unknown suffix", "report.xyz", b"Some text.\n", "unknown type"),
    ("zip that is not a report", "archive.zip", b"PK\x03\x04" + b"\x00" * 40, "ZIP archive"),
    ("text named .pdf", "fake.pdf", b"just text\n", "not a PDF"),
    ("text named .docx", "fake.docx", b"just text\n", "not a DOCX"),
]


@pytest.mark.parametrize(
    ("name", "data", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_unreadable_files_say_why(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    err = _refused(tmp_path, name, data)
    assert reason in err.reason


def test_cp1252_error_names_the_byte_and_the_setting(tmp_path: Path) -> None:
    err = _refused(tmp_path, "notes.txt", "Children’s services\n".encode("cp1252"))
    assert "0x92" in err.reason and "encoding" in (err.fix or "")


def test_cp1252_reads_when_the_manifest_gives_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("Children’s services are set out here.\n".encode("cp1252"))
    meta = _meta("notes.txt").model_copy(update={"encoding": "cp1252"})
    assert "Children’s services" in read_document(meta, path, LIMIT).text


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    err = _refused(tmp_path, "big.txt", b"Some words. " * 200, max_bytes=1000)
    assert "over the limit" in err.reason and "MAX_FILE_MB" in (err.fix or "")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _pdf()
    err = _refused(tmp_path, "half.pdf", data[: len(data) // 2])
    assert "truncated or corrupt" in err.reason


def test_pdf_cut_just_before_its_end(tmp_path: Path) -> None:
    data = _pdf()
    err = _refused(tmp_path, "cut.pdf", data[:-12])
    assert "truncated or corrupt" in err.reason


def test_encrypted_pdf(tmp_path: Path) -> None:
    err = _refused(tmp_path, "secret.pdf", _encrypted("secret"))
    assert err.reason == "is encrypted" and "password" in (err.fix or "")


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    path.write_bytes(_encrypted(""))
    doc = read_document(_meta(path.name), path, LIMIT)
    assert doc.pages == 2 and "A sentence on a page" in doc.text


def test_pdf_without_a_text_layer(tmp_path: Path) -> None:
    err = _refused(tmp_path, "scan.pdf", _pdf(text=None))
    assert "no text layer" in err.reason and "OCR" in (err.fix or "")


def test_corrupt_docx(tmp_path: Path) -> None:
    data = _docx()
    err = _refused(tmp_path, "broken.docx", data[: len(data) // 2])
    assert "not a valid .docx" in err.reason


def test_zip_named_docx_that_is_not_word(tmp_path: Path) -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not a Word document")
    err = _refused(tmp_path, "other.docx", out.getvalue())
    assert "not a valid .docx" in err.reason


def test_docx_with_no_text(tmp_path: Path) -> None:
    err = _refused(tmp_path, "blank.docx", _docx_without_body_text())
    assert err.reason == "has no text"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="does not exist") as info:
        read_document(_meta("gone.pdf"), tmp_path / "gone.pdf", LIMIT)
    assert info.value.fix


def test_bad_extra_files_do_not_stop_the_corpus(
    tmp_path: Path, settings: Settings, documents: dict[str, Document]
) -> None:
    good = tmp_path / "good-2024.pdf"
    good.write_bytes(_pdf())
    bad = {
        tmp_path / "empty.txt": b"",
        tmp_path / "half.pdf": _pdf()[:600],
        tmp_path / "secret.pdf": _encrypted("secret"),
        tmp_path / "scan.pdf": _pdf(text=None),
        tmp_path / "broken.docx": _docx()[:500],
        tmp_path / "notes.xyz": b"text",
    }
    for path, data in bad.items():
        path.write_bytes(data)
    report = ingest(settings, extra=[*bad, good])

    assert {e.path for e in report.errors} == {str(p) for p in bad}
    assert all(e.fix for e in report.errors)
    got = {d.id: d for d in report.documents}
    assert set(got) == {*documents, "good-2024"}
    for doc_id, doc in documents.items():
        assert got[doc_id].model_dump_json() == doc.model_dump_json()
    assert got["good-2024"].reader == "pdf" and got["good-2024"].pages == 2
