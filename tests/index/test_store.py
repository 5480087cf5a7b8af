"""The index on disk: a small index of two documents is built, loaded, rebuilt (and made to
fail halfway), refused when the settings changed, and the embedding cache is used."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from corpus import Document, Settings
from corpus.errors import IndexMismatchError, IndexMissingError
from corpus.settings import IndexSettings
from index.build import build_index
from index.chunker import chunk_documents
from index.embedder import Embedder
from index.retriever import Retriever
from index.store import EmbeddingCache, LoadedIndex, index_root, settings_hash

SMALL = ["cabinet-2008", "cabinet-2008-annex1"]
QUERIES = [
    "What was the average unit cost of looking after a child?",
    "How did Oxfordshire compare with its statistical neighbours?",
]


def _settings(data_dir: Path, **index: object) -> Settings:
    return Settings(index=IndexSettings(data_dir=data_dir, **index))  # type: ignore[arg-type]


def _answers(settings: Settings, embedder: Embedder) -> list[list[tuple[str, float]]]:
    retriever = Retriever(settings, LoadedIndex.load(settings), embedder)
    return [[(h.chunk.id, h.score) for h in retriever.search(q, k=5)] for q in QUERIES]


def _builds(settings: Settings) -> list[str]:
    return sorted(p.name for p in (index_root(settings) / "builds").iterdir())


@pytest.fixture(scope="module")
def small_docs(documents: dict[str, Document]) -> list[Document]:
    return [documents[d] for d in SMALL]


@pytest.fixture(scope="module")
def seed(
    tmp_path_factory: pytest.TempPathFactory, small_docs: list[Document], embedder: Embedder
) -> Path:
    """A data dir holding a built small index and a warm embedding cache."""
    data = tmp_path_factory.mktemp("seed")
    build_index(_settings(data), documents=small_docs, embedder=embedder)
    return data


@pytest.fixture
def built(seed: Path, tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    shutil.copytree(seed, data)
    return _settings(data)


@pytest.mark.slow
def test_a_built_index_loads_and_answers(
    built: Settings, small_docs: list[Document], embedder: Embedder
) -> None:
    loaded = LoadedIndex.load(built)
    expected = chunk_documents(small_docs, built.index.max_chunk_tokens)
    assert [c.id for c in loaded.chunks] == [c.id for c in expected]
    assert loaded.manifest.documents == 2
    assert loaded.manifest.chunks == len(expected) == loaded.dense.size == loaded.lexical.size
    assert loaded.manifest.settings_hash == settings_hash(built)
    assert loaded.duplicates == {}
    assert [d.id for d in loaded.documents()] == SMALL
    assert loaded.documents()[0].model_dump_json() == small_docs[0].model_dump_json()
    assert loaded.path.parent == index_root(built) / "builds"
    assert (index_root(built) / "CURRENT").read_text().strip() == loaded.path.name

    retriever = Retriever(built, loaded, embedder)
    hits = retriever.search(QUERIES[0], k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(h.chunk.document_id in SMALL for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "unit cost" in hits[0].chunk.text
    # a chunk's own embedded text finds that chunk first, densely
    probe = loaded.chunks[3]
    assert retriever.search(probe.embed_text, k=1, variant="dense")[0].chunk.id == probe.id


@pytest.mark.slow
@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("index.store.LexicalIndex.build", RuntimeError),
        ("index.store.LexicalIndex.build", KeyboardInterrupt),
        ("index.build.find_duplicates", RuntimeError),
        ("index.store.DenseIndex.save", OSError),
    ],
)
def test_a_failed_rebuild_leaves_the_old_index_in_use(
    built: Settings,
    small_docs: list[Document],
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    error: type[BaseException],
) -> None:
    before = _answers(built, embedder)
    current = (index_root(built) / "CURRENT").read_text()
    builds = _builds(built)

    def boom(*args: object, **kwargs: object) -> None:
        raise error("halfway")

    with monkeypatch.context() as m:
        m.setattr(target, boom)
        with pytest.raises(error, match="halfway"):
            build_index(built, documents=small_docs, embedder=embedder)

    assert (index_root(built) / "CURRENT").read_text() == current
    assert _builds(built) == builds
    assert not any(p.name.startswith(".tmp-") for p in (index_root(built) / "builds").iterdir())
    assert not (index_root(built) / "CURRENT.tmp").exists()
    assert _answers(built, embedder) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "change",
    [{"max_chunk_tokens": 128}, {"faiss_index": "hnsw"}, {"model_path": Path("/elsewhere/model")}],
)
def test_an_index_built_with_other_settings_is_refused(
    built: Settings, change: dict[str, object]
) -> None:
    other = _settings(built.index.data_dir, **change)
    with pytest.raises(IndexMismatchError) as info:
        LoadedIndex.load(other)
    assert info.value.fix is not None and "scrutiny ingest" in info.value.fix
    assert "rebuild" in info.value.fix
    assert info.value.code == "index_mismatch"
    with pytest.raises(IndexMismatchError):
        Retriever.load(other)
    assert LoadedIndex.load(other, check=False).manifest.settings_hash == settings_hash(built)


@pytest.mark.slow
def test_an_index_built_before_synonyms_toml_was_edited_is_refused(
    built: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.glossary import SYNONYMS

    edited = tmp_path / "synonyms.toml"
    edited.write_text(SYNONYMS.read_text() + "\n# one more line\n")
    monkeypatch.setattr("index.store.SYNONYMS", edited)
    with pytest.raises(IndexMismatchError) as info:
        LoadedIndex.load(built)
    assert "synonyms.toml" in str(info.value)


@pytest.mark.slow
def test_query_only_settings_do_not_invalidate_the_index(built: Settings) -> None:
    other = _settings(
        built.index.data_dir, rrf_k=10, fusion="weighted", year_boost=0.0, fusion_depth=20
    )
    assert LoadedIndex.load(other).manifest.settings_hash == settings_hash(built)


def test_a_missing_index_is_reported(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(IndexMissingError) as info:
        LoadedIndex.load(settings)
    assert info.value.fix is not None and "scrutiny ingest" in info.value.fix
    assert info.value.code == "index_missing"
    with pytest.raises(IndexMissingError):
        Retriever.load(settings)
    # a CURRENT pointer to a build that is not there is missing too
    root = index_root(settings)
    (root / "builds").mkdir(parents=True)
    (root / "CURRENT").write_text("gone")
    with pytest.raises(IndexMissingError) as info:
        LoadedIndex.load(settings)
    assert info.value.fix is not None


@pytest.mark.slow
def test_the_embedding_cache_spares_a_second_build(
    tmp_path: Path, small_docs: list[Document], embedder: Embedder
) -> None:
    settings = _settings(tmp_path)
    first = build_index(settings, documents=small_docs, embedder=embedder)
    n = first.manifest.chunks
    assert (first.embedded, first.cached) == (n, 0)
    answers = _answers(settings, embedder)

    second = build_index(settings, documents=small_docs, embedder=embedder)
    assert (second.embedded, second.cached) == (0, n)
    assert second.path != first.path
    assert _answers(settings, embedder) == answers

    third = build_index(settings, documents=small_docs[:1], embedder=embedder)
    assert third.embedded == 0 and third.cached == third.manifest.chunks
    assert len(EmbeddingCache(tmp_path, embedder.name).vectors) == n
    assert EmbeddingCache(tmp_path, "another model").vectors == {}
    # only the newest two builds are kept
    assert len(_builds(settings)) == 2


@pytest.mark.slow
def test_a_rebuild_within_the_same_second_succeeds(
    built: Settings,
    small_docs: list[Document],
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("index.store.time", SimpleNamespace(strftime=lambda fmt: "20300101T000000"))
    first = build_index(built, documents=small_docs, embedder=embedder)
    second = build_index(built, documents=small_docs, embedder=embedder)
    assert second.path != first.path
    assert first.path.exists() and second.path.exists()
    assert LoadedIndex.load(built).path == second.path
    assert not any(p.name.startswith(".tmp-") for p in (index_root(built) / "builds").iterdir())
