"""Typed models of comparison: topic groups across years, change reports, figure series and
redlines. Every member, change and value carries document_id, year, section, paragraph,
start, end and a verbatim quote."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ChangeLine",
    "Cited",
    "FigureValue",
    "Redline",
    "RedlineChange",
    "Series",
    "TopicGroup",
    "TopicReport",
    "WordDiff",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cited(_Model):
    document_id: str
    year: int
    section: str
    paragraph: str | None = None
    page: int | None = None
    start: int
    end: int
    quote: str


class TopicGroup(_Model):
    label: str
    members: dict[int, list[Cited]] = Field(description="year -> sections/paragraphs on the topic")
    absent_years: list[int]
    score: float = 0.0


class FigureValue(Cited):
    value: float
    text: str = Field(description="the figure as printed, e.g. '£853'")
    unit: str = Field(description="count | percent | gbp | gbp_per_week | days | ...")
    measure: str = Field(description="what it measures, in the document's words")
    period: str | None = Field(default=None, description="the date or period it refers to")


class Series(_Model):
    measure: str
    unit: str
    values: list[FigureValue]
    note: str | None = None


class ChangeLine(_Model):
    kind: str  # figure | appears | disappears | renamed | commitment
    text: str
    before: Cited | None = None
    after: Cited | None = None


class TopicReport(_Model):
    topic: str
    years: list[int]
    passages: dict[int, list[Cited]]
    changes: list[ChangeLine]
    series: list[Series]


class WordDiff(_Model):
    op: str  # equal | insert | delete
    text: str


class RedlineChange(_Model):
    kind: str  # added | removed | changed | moved
    a: Cited | None = None
    b: Cited | None = None
    a_paragraph: str | None = None
    b_paragraph: str | None = None
    words: list[WordDiff] = Field(default_factory=list)
    formatting: bool = Field(
        default=False, description="only whitespace, quotes, bold or glyphs differ"
    )


class Redline(_Model):
    a: str
    b: str
    changes: list[RedlineChange]
    formatting: list[RedlineChange]
    unchanged: int
