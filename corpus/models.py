"""Typed models of the corpus stage: what a document is once it has been read.

Every block knows where it is: its character span in the document's clean text (what citations
quote), its section path, its printed paragraph number and its page. Ids are derived from the
document id and position, so they are the same on every run.
"""

from __future__ import annotations

import bisect
import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Block",
    "BlockKind",
    "Cell",
    "Document",
    "DocumentMeta",
    "OffsetMap",
    "Relation",
    "Row",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Relation(_Model):
    type: str = Field(description="draft_of | annex_of | form_for | supersedes")
    target: str = Field(description="id of the related document")


class DocumentMeta(_Model):
    """What the manifest says of a document."""

    id: str
    title: str
    body: str = ""
    item: str | None = None
    author: str | None = None
    date: dt.date
    year: int
    kind: str = "other"
    status: str = "published"
    file: str
    start: str | None = None
    end: str | None = None
    furniture: list[str] = Field(default_factory=list)
    encoding: str | None = None
    relations: list[Relation] = Field(default_factory=list)

    def related(self, rel_type: str) -> list[str]:
        return [r.target for r in self.relations if r.type == rel_type]


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    FORM_FIELD = "form_field"
    CONTENTS = "contents"


class Cell(_Model):
    text: str
    start: int
    end: int
    column: str | None = Field(default=None, description="column header, where known")


class Row(_Model):
    label: str | None = None
    cells: list[Cell] = Field(default_factory=list)
    start: int
    end: int
    header: bool = False
    complete: bool = Field(
        default=True, description="False when the row has fewer values than the table has columns"
    )

    def text_span(self, doc: Document) -> str:
        return doc.text[self.start : self.end]


class Block(_Model):
    id: str
    kind: BlockKind
    text: str = Field(description="exactly clean_text[start:end]")
    start: int
    end: int
    level: int = Field(default=0, description="heading level (1 = top); 0 for non-headings")
    number: str | None = Field(default=None, description="section number as printed, e.g. 3.4")
    paragraph: str | None = Field(default=None, description="paragraph number as printed")
    section_path: list[str] = Field(default_factory=list)
    section_number: str | None = None
    parent: str | None = Field(default=None, description="id of the enclosing heading block")
    page: int | None = None
    run_in: str | None = Field(default=None, description="run-in heading, e.g. 'Remands'")
    caption: str | None = None
    columns: list[str] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    label: str | None = Field(default=None, description="form field label")

    @property
    def section(self) -> str:
        return " > ".join(self.section_path)


class OffsetMap(_Model):
    """Maps clean-text offsets back to the source file: sorted (clean, source) anchor pairs;
    between anchors the text was copied one character for one."""

    clean: list[int] = Field(default_factory=list)
    source: list[int] = Field(default_factory=list)

    def to_source(self, offset: int) -> int:
        i = bisect.bisect_right(self.clean, offset) - 1
        if i < 0:
            return offset
        return self.source[i] + (offset - self.clean[i])


class Document(_Model):
    meta: DocumentMeta
    text: str = Field(description="clean text: what citations quote")
    blocks: list[Block]
    offsets: OffsetMap
    source_sha256: str
    pages: int | None = None
    reader: str

    @property
    def id(self) -> str:
        return self.meta.id

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    def block_at(self, offset: int) -> Block | None:
        """The innermost non-heading block holding a clean-text offset."""
        best: Block | None = None
        for b in self.blocks:
            if b.start <= offset < b.end and (best is None or b.kind != BlockKind.HEADING):
                best = b
        return best

    def paragraphs(self) -> list[str]:
        """Printed paragraph numbers in order, once each."""
        seen: list[str] = []
        for b in self.blocks:
            if b.paragraph and b.paragraph not in seen:
                seen.append(b.paragraph)
        return seen
