"""Session fixtures of the index tests: the embedding model (loaded once) and a retriever over
the whole shipped corpus, built once into its own temporary data directory."""

from __future__ import annotations

import pytest

from corpus import Settings
from index.embedder import Embedder, get_embedder
from index.retriever import Retriever
from index.store import LoadedIndex


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return get_embedder(None, 1, 32)


@pytest.fixture(scope="session")
def full_settings(built_settings: Settings) -> Settings:
    """The shared index of the whole shipped corpus (tests/conftest.py builds it once)."""
    return built_settings


@pytest.fixture(scope="session")
def retriever(full_settings: Settings, embedder: Embedder) -> Retriever:
    return Retriever(full_settings, LoadedIndex.load(full_settings), embedder)
