"""The documents: list, metadata and outline, clean text, and the admin upload that builds a new
index in a worker thread and swaps it in while queries go on being answered from the old one.

An upload's name never becomes a path: the file is stored as <sha256 of content><suffix decided
by content> under data_dir/uploads, with its metadata beside it as <sha256>.json, so every later
rebuild from the API keeps it."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import logging
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, File, Form, UploadFile
from fastapi import Path as PathParam

from corpus.errors import IngestError
from corpus.ingest import ingest, meta_for_file, uploads_dir
from corpus.manifest import load_manifest
from corpus.models import DocumentMeta
from corpus.readers import pick_reader
from corpus.settings import Settings
from index.build import build_index
from service.api.deps import AdminDep, EngineDep, HolderDep, SettingsDep, build_name, load_engine
from service.api.errors import PayloadTooLargeError, UnsupportedTypeError
from service.api.schemas import (
    DocumentDetail,
    DocumentKind,
    DocumentList,
    DocumentStatus,
    DocumentSummary,
    DocumentText,
    UploadResponse,
)
from service.engine import Engine
from service.outline import document_summary, outline

__all__ = ["router", "sniff_suffix"]

log = logging.getLogger(__name__)
router = APIRouter(prefix="/documents", tags=["documents"])

DocumentId = Annotated[
    str, PathParam(max_length=200, description="a document id", examples=["cabinet-2012"])
]


@router.get("", response_model=DocumentList)
def list_documents(engine: EngineDep) -> DocumentList:
    """Every document in the index, with its year, kind, status and size."""
    docs = sorted(engine.documents.values(), key=lambda d: (d.meta.year, d.id))
    return DocumentList(
        documents=[DocumentSummary.model_validate(document_summary(d)) for d in docs]
    )


@router.get("/{id}", response_model=DocumentDetail)
def get_document(id: DocumentId, engine: EngineDep) -> DocumentDetail:
    """One document's metadata and outline: headings, numbered paragraphs, tables and fields."""
    doc = engine.document(id)
    return DocumentDetail.model_validate({**document_summary(doc), "outline": outline(doc)})


@router.get("/{id}/text", response_model=DocumentText)
def get_document_text(id: DocumentId, engine: EngineDep) -> DocumentText:
    """One document's clean text, the text that citation offsets (start, end) point into."""
    doc = engine.document(id)
    return DocumentText(id=doc.id, text=doc.text)


@router.post("", response_model=UploadResponse, status_code=201)
async def upload_document(
    _: AdminDep,
    settings: SettingsDep,
    holder: HolderDep,
    file: Annotated[UploadFile, File(description="a PDF, a .docx or a UTF-8 text file")],
    title: Annotated[str, Form(min_length=1, max_length=300)],
    year: Annotated[int, Form(ge=1900, le=2100)],
    date: Annotated[dt.date | None, Form(description="default: 1 January of year")] = None,
    kind: Annotated[DocumentKind, Form()] = "other",
    status: Annotated[DocumentStatus, Form()] = "published",
) -> UploadResponse:
    """Add a report (admin token required): it is indexed with the manifest and swapped in."""
    limit = int(settings.server.max_upload_mb * 1_000_000)
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLargeError(
            f"the file is over the upload limit of {settings.server.max_upload_mb:g} MB",
            fix="split it, or raise SCRUTINY_SERVER__MAX_UPLOAD_MB on the server",
        )
    suffix = sniff_suffix(data)
    fields = {
        "title": " ".join(title.split()),
        "year": year,
        "date": date or dt.date(year, 1, 1),
        "kind": kind,
        "status": status,
    }

    added: list[DocumentMeta] = []

    def rebuild() -> Engine:
        return _add_and_rebuild(settings, data, suffix, fields, added)

    engine = await anyio.to_thread.run_sync(lambda: holder.rebuild(rebuild))
    meta = added[0]
    sha = hashlib.sha256(data).hexdigest()
    return UploadResponse(
        id=meta.id,
        title=meta.title,
        year=meta.year,
        kind=meta.kind,
        status=meta.status,
        sha256=sha,
        stored_as=f"{sha}{suffix}",
        documents=engine.retriever.index.manifest.documents,
        chunks=engine.retriever.index.manifest.chunks,
        index=build_name(engine),
    )


# -- the upload's content ---------------------------------------------------------------------
def sniff_suffix(data: bytes) -> str:
    """The suffix the content earns: .pdf, .docx or .txt; anything else is refused (415)."""
    if not data.strip():
        raise UnsupportedTypeError("the file is empty", fix="send a PDF, .docx or text report")
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except zipfile.BadZipFile:
            pass
        raise UnsupportedTypeError(
            "the file is a ZIP archive, not a Word (.docx) document",
            fix="send a PDF, .docx or text report",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsupportedTypeError(
            "the file is neither a PDF, a .docx nor UTF-8 text",
            fix="send a PDF, .docx or text report (text must be UTF-8)",
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > len(text[:65536]) // 100:
        raise UnsupportedTypeError(
            "the file is binary, not text",
            fix="send a PDF, .docx or text report",
        )
    return ".txt"


def _uploads(settings: Settings) -> Path:
    return uploads_dir(settings)


def _slug(title: str, year: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "upload"
    return slug if str(year) in slug else f"{slug}-{year}"


def _read_sidecar(path: Path) -> DocumentMeta:
    return DocumentMeta.model_validate_json(path.read_text(encoding="utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One upload build at a time across the server's worker processes (the holder's lock only
    covers one process): otherwise two builds could race and the later drop the other's file."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _add_and_rebuild(
    settings: Settings,
    data: bytes,
    suffix: str,
    fields: dict[str, object],
    added: list[DocumentMeta],
) -> Engine:
    """Store the upload, then build a new index of the manifest and every upload and load it
    (appending the new document's metadata to `added`). Runs in a worker thread, one at a time
    (the holder's lock); a failed build removes a file it stored and leaves the old index."""
    folder = _uploads(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with _exclusive(folder / ".lock"):
        return _store_and_rebuild(settings, folder, data, suffix, fields, added)


def _store_and_rebuild(
    settings: Settings,
    folder: Path,
    data: bytes,
    suffix: str,
    fields: dict[str, object],
    added: list[DocumentMeta],
) -> Engine:
    sha = hashlib.sha256(data).hexdigest()
    stored = folder / f"{sha}{suffix}"
    sidecar = folder / f"{sha}.json"
    taken = {m.id for m in load_manifest(settings.corpus.manifest)}
    taken |= {_read_sidecar(p).id for p in folder.glob("*.json") if p != sidecar}
    if sidecar.exists():
        doc_id = _read_sidecar(sidecar).id  # the same content again keeps its id
    else:
        base = _slug(str(fields["title"]), int(str(fields["year"])))
        doc_id, n = base, 1
        while doc_id in taken:
            n += 1
            doc_id = f"{base}-{n}"
    meta = meta_for_file(stored, **fields, id=doc_id, file=f"uploads/{stored.name}")
    # read it before touching the index: an unreadable file is refused with the reader's reason
    document = pick_reader(stored.name, suffix, data).read(meta, data)
    if not document.text.strip():
        raise IngestError(
            meta.title, "has no text that could be read", fix="send a file with a text layer"
        )
    previous = sidecar.read_bytes() if sidecar.exists() else None
    _write_atomic(stored, data)
    _write_atomic(sidecar, meta.model_dump_json(indent=1).encode())
    try:
        report = ingest(settings)
        for err in report.errors:
            log.warning("manifest document skipped", extra={"reason": str(err)})
        build_index(settings, documents=report.documents)
        engine = load_engine(settings)
    except BaseException:
        if previous is None:
            stored.unlink(missing_ok=True)
            sidecar.unlink(missing_ok=True)
        else:
            _write_atomic(sidecar, previous)
        raise
    log.info("upload indexed", extra={"document": doc_id, "sha256": sha})
    added.append(meta)
    return engine
