"""Session fixtures of the index tests: the embedding model (loaded once) and a retriever over
the whole shipped corpus, built once into its own temporary data directory."""

from __future__ import annotations

import pytest

from corpus import Document, Settings
from corpus.settings import IndexSettings
from index.build import build_index
from index.embedder import Embedder, get_embedder
from index.retriever import Retriever
from index.store import LoadedIndex


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return get_embedder(None, 1, 32)


@pytest.fixture(scope="session")
def full_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(index=IndexSettings(data_dir=tmp_path_factory.mktemp("full-index")))


@pytest.fixture(scope="session")
def retriever(
    full_settings: Settings, documents: dict[str, Document], embedder: Embedder
) -> Retriever:
    build_index(full_settings, documents=list(documents.values()), embedder=embedder)
    return Retriever(full_settings, LoadedIndex.load(full_settings), embedder)
