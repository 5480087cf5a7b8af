"""Bytes to text, and a document's part of a file, with errors that say what to do."""

from __future__ import annotations

from corpus.errors import IngestError
from corpus.models import DocumentMeta

__all__ = ["cut_part", "decode"]


def decode(name: str, data: bytes, encoding: str | None = None) -> str:
    """Decoded text with Windows and old Mac line ends made "\n" (one character for two changes
    offsets, so the map back to the file is to this normalised text)."""
    text = _decode(name, data, encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(name: str, data: bytes, encoding: str | None = None) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else needs `encoding` set in
    the manifest, because guessing a code page silently corrupts the text that citations quote."""
    if not data.strip():
        raise IngestError(name, "the file is empty", fix="check the file was saved with its text")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise IngestError(
                name,
                f"cannot be decoded as {encoding}: {exc}",
                fix="correct `encoding` in the manifest",
            ) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise IngestError(
            name,
            "looks binary (it has NUL bytes), not text",
            fix="give a .pdf or .docx its own suffix",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            name,
            f"is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            fix='re-save it as UTF-8, or set `encoding` (e.g. "cp1252") for it in the manifest',
        ) from exc


def _marker_line(text: str, marker: str, name: str, what: str) -> int:
    pos = 0
    for line in text.split("\n"):
        if line.strip().startswith(marker):
            return pos
        pos += len(line) + 1
    raise IngestError(
        name, f"its {what} marker {marker!r} is on no line", fix=f"correct `{what}` in the manifest"
    )


def cut_part(meta: DocumentMeta, text: str) -> tuple[str, int]:
    """The document's part of the file text and the character offset where it starts."""
    start = _marker_line(text, meta.start, meta.file, "start") if meta.start else 0
    end = len(text)
    if meta.end:
        end = start + _marker_line(text[start:], meta.end, meta.file, "end")
    if end <= start:
        raise IngestError(meta.file, f"document {meta.id} is empty between its markers")
    return text[start:end], start
