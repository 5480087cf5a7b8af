"""Typed models of the index stage: chunks (what is embedded and cited) and hits (what a search
returns). A chunk's id is derived from its document and its span, so it is stable."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Chunk", "Filters", "Hit", "IndexManifest"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Chunk(_Model):
    id: str
    document_id: str
    title: str
    year: int
    status: str
    kind: str = Field(description="paragraph | list | table | rows | form_field")
    section: str
    section_number: str | None = None
    paragraph: str | None = None
    page: int | None = None
    start: int
    end: int
    text: str = Field(description="the document's own span: what is shown and cited")
    embed_text: str = Field(description="context header + text, sized for the embedder")
    content_hash: str

    @staticmethod
    def make_id(document_id: str, start: int, end: int, text: str) -> str:
        digest = hashlib.sha256(f"{document_id}:{start}:{end}:{text}".encode()).hexdigest()
        return f"{document_id}:{digest[:12]}"


class Filters(_Model):
    years: list[int] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    statuses: list[str] = Field(default_factory=list)

    def allows(self, chunk: Chunk) -> bool:
        return (
            (not self.years or chunk.year in self.years)
            and (not self.documents or chunk.document_id in self.documents)
            and (not self.statuses or chunk.status in self.statuses)
        )


class Hit(_Model):
    rank: int
    chunk: Chunk
    score: float
    dense: float | None = None
    lexical: float | None = None
    also_in: list[str] = Field(
        default_factory=list, description="chunk ids of near-duplicate passages (e.g. the draft)"
    )


class IndexManifest(_Model):
    settings_hash: str
    model: str
    model_version: str
    versions: dict[str, str]
    corpus_hash: str
    documents: int
    chunks: int
    built_at: str
    build_seconds: float
    glossary_terms: int
