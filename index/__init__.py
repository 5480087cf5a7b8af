"""scrutiny.index: chunks, embeddings and hybrid retrieval (the second stage)."""

from index.build import BuildReport, build_index
from index.fusion import rrf, weighted
from index.glossary import Glossary
from index.models import Chunk, Filters, Hit, IndexManifest
from index.retriever import Retriever
from index.store import LoadedIndex

__all__ = [
    "BuildReport",
    "Chunk",
    "Filters",
    "Glossary",
    "Hit",
    "IndexManifest",
    "LoadedIndex",
    "Retriever",
    "build_index",
    "rrf",
    "weighted",
]
