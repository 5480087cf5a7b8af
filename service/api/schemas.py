"""Request and response schemas of the HTTP API, kept apart from the domain models so that the
wire format is stated (and checked) in one place. Responses forbid unknown fields: if a domain
model grows a field, the API fails loudly in the tests instead of silently dropping it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AlignmentResponse",
    "AskRequest",
    "AskResponse",
    "ChangeLineOut",
    "CitationOut",
    "CitedOut",
    "CompareRequest",
    "DiffRequest",
    "DocumentDetail",
    "DocumentList",
    "DocumentSummary",
    "DocumentText",
    "ErrorBody",
    "ErrorResponse",
    "FigureValueOut",
    "FiguresResponse",
    "Health",
    "OutlineEntry",
    "Readiness",
    "RedlineChangeOut",
    "RedlineOut",
    "SearchRequest",
    "SearchResponse",
    "SearchResult",
    "SeriesOut",
    "TopicGroupOut",
    "TopicReportOut",
    "UploadResponse",
]

# hard caps of the schema; the settings may set tighter ones (answer.max_question_chars)
MAX_TEXT = 10_000
MAX_K = 50
MAX_FILTERS = 50

YearInt = Annotated[int, Field(ge=1900, le=2100)]
DocId = Annotated[str, Field(min_length=1, max_length=200)]
DocumentKind = Literal[
    "cabinet_report", "strategy_annex", "annual_report", "submission_form", "annex", "other"
]
DocumentStatus = Literal["published", "draft"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- errors -----------------------------------------------------------------------------------
class ErrorBody(_Out):
    code: str = Field(description="stable machine-readable name, e.g. not_found")
    message: str = Field(description="what is wrong, for a person")
    detail: Any = Field(default=None, description="the fix, the bad fields, or other context")


class ErrorResponse(_Out):
    error: ErrorBody


# -- requests ---------------------------------------------------------------------------------
class _Filtered(_In):
    k: int = Field(default=5, ge=1, le=MAX_K, description="how many passages (1-50)")
    years: list[YearInt] | None = Field(
        default=None, max_length=MAX_FILTERS, description="only these report years"
    )
    documents: list[DocId] | None = Field(
        default=None, max_length=MAX_FILTERS, description="only these document ids"
    )


class AskRequest(_Filtered):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"question": "How many children were looked after in 2012?", "k": 5}]
        },
    )

    question: str = Field(
        min_length=1, max_length=MAX_TEXT, description="a question in plain English"
    )


class SearchRequest(_Filtered):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"query": "foster carer recruitment", "years": [2012]}]},
    )

    query: str = Field(min_length=1, max_length=MAX_TEXT, description="what to look for")


class CompareRequest(_In):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"topic": "foster carers"}]}
    )

    topic: str = Field(
        min_length=1, max_length=500, description="a topic label from /alignment, or any words"
    )
    years: list[YearInt] | None = Field(
        default=None, max_length=MAX_FILTERS, description="only these years"
    )


class DiffRequest(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"a": "cabinet-2012-draft", "b": "cabinet-2012"}]},
    )

    a: str = Field(min_length=1, max_length=200, description="the earlier version, e.g. a draft")
    b: str = Field(min_length=1, max_length=200, description="the later version")


# -- search and answers -----------------------------------------------------------------------
class SearchResult(_Out):
    rank: int
    chunk_id: str
    document_id: str
    title: str
    year: int
    status: str
    section: str
    section_number: str | None
    paragraph: str | None
    page: int | None
    start: int = Field(description="character offset in the document's clean text")
    end: int
    score: float
    text: str
    also_in: list[str] = Field(description="chunk ids of near-identical passages (the draft)")


class SearchResponse(_Out):
    query: str
    results: list[SearchResult]


class CitationOut(_Out):
    document_id: str
    title: str
    year: int
    section: str
    paragraph: str | None
    page: int | None
    start: int
    end: int
    quote: str = Field(description="exactly the document's clean text [start:end]")


class AskResponse(_Out):
    question: str
    answer: str | None = Field(description="lines ending in [n] citation marks; null if abstained")
    abstained: bool
    confidence: float
    citations: list[CitationOut]
    passages: list[SearchResult]
    notes: list[str]


# -- documents --------------------------------------------------------------------------------
class RelationOut(_Out):
    type: str
    target: str


class DocumentSummary(_Out):
    id: str
    title: str
    body: str
    date: dt.date
    year: int
    kind: str
    status: str
    file: str
    relations: list[RelationOut]
    reader: str
    pages: int | None
    blocks: int
    paragraphs: int
    characters: int


class DocumentList(_Out):
    documents: list[DocumentSummary]


class OutlineRow(_Out):
    label: str | None
    cells: list[str]
    header: bool


class OutlineEntry(_Out):
    id: str
    kind: str
    start: int
    end: int
    page: int | None
    section: str
    text: str
    number: str | None = None
    paragraph: str | None = None
    level: int | None = None
    run_in: str | None = None
    caption: str | None = None
    columns: list[str] | None = None
    rows: list[OutlineRow] | None = None
    label: str | None = None


class DocumentDetail(DocumentSummary):
    outline: list[OutlineEntry]


class DocumentText(_Out):
    id: str
    text: str = Field(description="the clean text that citation offsets point into")


class UploadResponse(_Out):
    id: str = Field(description="the new document's id")
    title: str
    year: int
    kind: str
    status: str
    sha256: str
    stored_as: str = Field(description="file name under data_dir/uploads")
    documents: int = Field(description="documents in the new index")
    chunks: int = Field(description="chunks in the new index")
    index: str = Field(description="name of the new index build")


# -- comparison -------------------------------------------------------------------------------
class CitedOut(_Out):
    document_id: str
    year: int
    section: str
    paragraph: str | None = None
    page: int | None = None
    start: int
    end: int
    quote: str


class TopicGroupOut(_Out):
    label: str
    members: dict[int, list[CitedOut]] = Field(description="year -> passages on the topic")
    absent_years: list[int]
    score: float = 0.0


class AlignmentResponse(_Out):
    topics: list[TopicGroupOut]


class FigureValueOut(CitedOut):
    value: float
    text: str = Field(description="the figure as printed, e.g. '£853'")
    unit: str
    measure: str
    period: str | None = None


class SeriesOut(_Out):
    measure: str
    unit: str
    values: list[FigureValueOut]
    note: str | None = None


class FiguresResponse(_Out):
    series: list[SeriesOut]


class ChangeLineOut(_Out):
    kind: str = Field(description="figure | appears | disappears | renamed | commitment")
    text: str
    before: CitedOut | None = None
    after: CitedOut | None = None


class TopicReportOut(_Out):
    topic: str
    years: list[int]
    passages: dict[int, list[CitedOut]]
    changes: list[ChangeLineOut]
    series: list[SeriesOut]


class WordDiffOut(_Out):
    op: str = Field(description="equal | insert | delete")
    text: str


class RedlineChangeOut(_Out):
    kind: str = Field(description="added | removed | changed | moved")
    a: CitedOut | None = None
    b: CitedOut | None = None
    a_paragraph: str | None = None
    b_paragraph: str | None = None
    words: list[WordDiffOut] = Field(default_factory=list)
    formatting: bool = False


class RedlineOut(_Out):
    a: str
    b: str
    changes: list[RedlineChangeOut]
    formatting: list[RedlineChangeOut]
    unchanged: int


# -- operations -------------------------------------------------------------------------------
class Health(_Out):
    status: Literal["ok"]


class Readiness(_Out):
    status: Literal["ready"]
    index: str = Field(description="name of the index build in use")
    built_at: str
    documents: int
    chunks: int
    reloading: bool = Field(description="a new index is being built or loaded")
