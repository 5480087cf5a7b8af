"""Read every document of a manifest (and any extra files) into `Document`s. A file that cannot
be read is reported with its reason; the others still ingest."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import IngestError
from corpus.manifest import load_manifest
from corpus.models import Document, DocumentMeta
from corpus.readers import pick_reader
from corpus.settings import Settings

__all__ = ["IngestReport", "ingest", "meta_for_file", "read_document", "uploaded", "uploads_dir"]

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def read_document(meta: DocumentMeta, path: Path, max_bytes: int) -> Document:
    """Read one document from its file, refusing missing, huge or unreadable files."""
    name = meta.file
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise IngestError(name, "does not exist", fix="check `file` in the manifest") from exc
    if size > max_bytes:
        raise IngestError(
            name,
            f"is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB",
            fix="split it, or raise SCRUTINY_CORPUS__MAX_FILE_MB",
        )
    data = path.read_bytes()
    reader = pick_reader(name, path.suffix, data)
    return reader.read(meta, data)


def meta_for_file(path: Path, **fields: object) -> DocumentMeta:
    """Metadata for a file given on the command line or uploaded: id from its name, year from
    the first four-digit year in it (or today), unless `fields` say otherwise."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "document"
    year_match = re.search(r"(19|20)\d\d", path.stem)
    year = int(year_match.group()) if year_match else dt.date.today().year
    values: dict[str, object] = {
        "id": stem,
        "title": path.stem.replace("_", " ").replace("-", " "),
        "date": dt.date(year, 1, 1),
        "year": year,
        "file": str(path),
    }
    values.update({k: v for k, v in fields.items() if v is not None})
    return DocumentMeta.model_validate(values)


def uploads_dir(settings: Settings) -> Path:
    return settings.index.data_dir / "uploads"


def uploaded(settings: Settings) -> list[tuple[DocumentMeta, Path]]:
    """Reports added over the HTTP API: each file under data_dir/uploads has its metadata
    beside it (<sha256>.json), so every build, from the CLI or the API, keeps them."""
    folder = uploads_dir(settings)
    jobs = []
    for sidecar in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            meta = DocumentMeta.model_validate_json(sidecar.read_text(encoding="utf-8"))
        except ValueError as exc:
            log.warning(
                "upload metadata unreadable", extra={"file": sidecar.name, "reason": str(exc)}
            )
            continue
        jobs.append((meta, folder / Path(meta.file).name))
    return jobs


def ingest(
    settings: Settings,
    extra: Iterable[Path] = (),
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    manifest = settings.corpus.manifest
    metas = load_manifest(manifest)
    jobs: list[tuple[DocumentMeta, Path]] = [(m, manifest.parent / m.file) for m in metas]
    jobs += [(m, p) for m, p in uploaded(settings) if m.id not in {x.id for x in metas}]
    known = {m.id for m, _ in jobs}
    for path in extra:
        meta = meta_for_file(path)
        if meta.id in known:
            meta = meta.model_copy(update={"id": f"{meta.id}-extra"})
        known.add(meta.id)
        jobs.append((meta, path))
    report = IngestReport()
    max_bytes = int(settings.corpus.max_file_mb * 1_000_000)
    for meta, path in jobs:
        try:
            report.documents.append(read_document(meta, path, max_bytes))
            log.info("ingested", extra={"document": meta.id})
        except IngestError as err:
            log.warning("ingest failed", extra={"document": meta.id, "reason": err.reason})
            report.errors.append(err)
        if progress is not None:
            progress(meta.id)
    return report
