"""Typed models of the answer stage."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Answer", "Candidate", "Citation"]


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_id: str
    title: str
    year: int
    section: str
    paragraph: str | None
    page: int | None
    start: int
    end: int
    quote: str = Field(description="exactly the document's clean text [start:end]")


class Candidate(BaseModel):
    """A sentence, list item or table row that might answer the question."""

    model_config = ConfigDict(extra="forbid")

    kind: str  # sentence | item | row
    text: str  # what the answer shows (for a row: "Foster Care, Other Authorities: 17")
    document_id: str
    chunk_id: str
    start: int
    end: int
    year: int
    status: str
    rank: int  # rank of its passage in the retrieval
    context: str = ""  # words that qualify it without being quoted (a row's caption and columns)
    # the prose a candidate is read with: the paragraph that introduces a row's table, or the
    # sentence before one that leans on it ("875 were noted to be CWCF for ...")
    lead: str = ""
    score: float = 0.0
    features: dict[str, float] = Field(default_factory=dict)


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str | None
    abstained: bool
    confidence: float
    citations: list[Citation]
    passages: list[dict[str, Any]]
    notes: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
