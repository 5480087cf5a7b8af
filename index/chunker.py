"""Chunks from document structure, never across a section boundary: a numbered paragraph, a
list with its lead-in, a table (or groups of its rows with the caption and header repeated), a
form field with its label. The embedded text carries a short context header; the cited text is
the document's own span."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from corpus.models import Block, BlockKind, Document
from index.models import Chunk

__all__ = ["chunk_document", "chunk_documents", "token_estimate"]

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9“\"(‘])")


def token_estimate(text: str) -> int:
    """Word pieces MiniLM will see, estimated from words and digits (numbers split finely)."""
    words = text.split()
    return int(sum(1.3 + 0.5 * sum(ch.isdigit() or not ch.isalnum() for ch in w) for w in words))


def _header(doc: Document, section: str) -> str:
    parts = [f"{doc.meta.title} ({doc.meta.year}{', draft' if doc.meta.status == 'draft' else ''})"]
    if section:
        parts.append(section)
    return " | ".join(parts)


class _Group:
    def __init__(self, first: Block) -> None:
        self.blocks = [first]

    def key(self) -> tuple[str, str | None]:
        b = self.blocks[0]
        return (b.section, b.paragraph)


def _same_field(a: Block, b: Block) -> bool:
    """A form's label (with its guidance) and the answer typed under it are one field."""
    return a.kind == b.kind == BlockKind.FORM_FIELD and a.label is not None and a.label == b.label


def _groups(doc: Document) -> Iterator[tuple[Block | None, list[Block]]]:
    """Consecutive blocks that belong together (a paragraph with the list items after it, a
    form field's label with its answer), each with the heading just before it, if any: a
    heading is cited with its section's first chunk, so no printed line is left out of the
    index. A heading with nothing under it before the next heading of its level or above is a
    group of its own."""
    current: list[Block] = []
    lead: Block | None = None
    for b in doc.blocks:
        if b.kind in (BlockKind.HEADING, BlockKind.CONTENTS):
            if current:
                yield lead, current
                current = []
                lead = None
            if b.kind == BlockKind.HEADING:
                if lead is not None and b.level <= lead.level:
                    yield None, [lead]
                lead = b
            continue
        joins = (
            current
            and current[-1].section == b.section
            and (
                (
                    b.kind == BlockKind.LIST_ITEM
                    and current[-1].kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
                )
                or _same_field(current[-1], b)
            )
        )
        if not joins and current:
            yield lead, current
            current = []
            lead = None
        current.append(b)
    if current:
        yield lead, current
    elif lead is not None:
        yield None, [lead]


def _split_spans(doc: Document, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """Split [start, end) at sentence ends into pieces that fit the budget."""
    text = doc.text[start:end]
    if token_estimate(text) <= budget:
        return [(start, end)]
    cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    spans: list[tuple[int, int]] = []
    s = 0
    last_good = 0
    for c in cuts[1:]:
        if token_estimate(text[s:c]) > budget and last_good > s:
            spans.append((s, last_good))
            s = last_good
        last_good = c
    spans.append((s, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        piece = text[a:b]
        if token_estimate(piece) > budget:  # one very long sentence: cut by words
            words = list(re.finditer(r"\S+", piece))
            run: list[re.Match[str]] = []
            for w in words:
                if run and token_estimate(piece[run[0].start() : w.end()]) > budget:
                    out.append((start + a + run[0].start(), start + a + run[-1].end()))
                    run = []
                run.append(w)
            if run:
                out.append((start + a + run[0].start(), start + a + run[-1].end()))
        else:
            out.append(
                (start + a + len(piece) - len(piece.lstrip()), start + a + len(piece.rstrip()))
            )
    return [(a, b) for a, b in out if b > a]


def _make(doc: Document, kind: str, first: Block, start: int, end: int, extra: str = "") -> Chunk:
    text = doc.text[start:end]
    header = _header(doc, first.section)
    embed = f"{header}\n{extra}{text}" if extra else f"{header}\n{text}"
    return Chunk(
        id=Chunk.make_id(doc.id, start, end, text),
        document_id=doc.id,
        title=doc.meta.title,
        year=doc.meta.year,
        status=doc.meta.status,
        kind=kind,
        section=first.section,
        section_number=first.section_number,
        paragraph=first.paragraph,
        page=first.page,
        start=start,
        end=end,
        text=text,
        embed_text=embed,
        content_hash=hashlib.sha256(embed.encode()).hexdigest(),
    )


def _table_chunks(
    doc: Document, table: Block, budget: int, lead: Block | None = None
) -> list[Chunk]:
    if lead is not None:
        budget = max(16, budget - token_estimate(lead.text) - 1)
    if token_estimate(table.text) <= budget or not table.rows:
        start = lead.start if lead is not None else table.start
        return [_make(doc, "table", table, start, table.end)]
    head = _leading_header(doc, table)  # repeated in every group after the first
    room = max(48, budget - token_estimate(head))
    chunks: list[Chunk] = []
    group: list[tuple[int, int]] = []  # spans of rows (or pieces of one long row)

    def flush() -> None:
        if group:
            # the first group's cited span starts at the caption, so every word is citable
            start = (lead.start if lead is not None else table.start) if not chunks else group[0][0]
            extra = head + "\n" if head and chunks else ""
            chunks.append(_make(doc, "rows", table, start, group[-1][1], extra=extra))
            group.clear()

    for row in table.rows:
        for a, b in _split_spans(doc, row.start, row.end, room):
            if group and token_estimate(doc.text[group[0][0] : b]) > room:
                flush()
            group.append((a, b))
    if table.end > table.rows[-1].end:  # notes after the last row stay with the table
        for a, b in _split_spans(doc, table.rows[-1].end, table.end, room):
            if group and token_estimate(doc.text[group[0][0] : b]) > room:
                flush()
            group.append((a, b))
    flush()
    return chunks


def _leading_header(doc: Document, table: Block) -> str:
    """The caption and the header rows before the first row of data: the column names."""
    first = next((r for r in table.rows if not r.header), None)
    end = first.start if first is not None else table.rows[-1].end
    return doc.text[table.start : end].strip()


def _row_chunks(
    doc: Document, table: Block, budget: int, taken: set[tuple[int, int]]
) -> list[Chunk]:
    """One small chunk per row of a table with several rows: the row is what is cited, and
    its caption and the header row above it (the column names) are embedded with it, so
    "Reduced capacity out of area 52 25%" is found as a cause of delayed health assessments
    and not only inside the whole table."""
    if sum(not r.header for r in table.rows) < 3:
        return []
    caption = doc.text[table.start : table.rows[0].start].strip()
    header = ""
    out = []
    for r in table.rows:
        if r.header:
            header = doc.text[r.start : r.end].strip()
            continue
        size = token_estimate(doc.text[r.start : r.end])
        if (r.start, r.end) in taken:
            continue
        # the column names when they fit, else the caption alone
        for head in ("\n".join(t for t in (caption, header) if t), caption):
            if size <= budget - token_estimate(head):
                out.append(_make(doc, "row", table, r.start, r.end, f"{head}\n" if head else ""))
                break
    return out


def chunk_document(doc: Document, budget: int = 200, row_chunks: bool = True) -> list[Chunk]:
    chunks: list[Chunk] = []
    full = budget
    for lead, group in _groups(doc):
        first = group[0]
        budget = max(32, full - token_estimate(_header(doc, first.section)) - 2)
        if first.kind == BlockKind.TABLE:
            chunks.extend(_table_chunks(doc, first, budget, lead))
            if row_chunks:
                taken = {(c.start, c.end) for c in chunks}
                chunks.extend(_row_chunks(doc, first, budget, taken))
            continue
        kind = {
            BlockKind.FORM_FIELD: "form_field",
            BlockKind.LIST_ITEM: "list",
            BlockKind.HEADING: "heading",
        }.get(first.kind, "list" if len(group) > 1 else "paragraph")
        room = max(16, budget - (token_estimate(lead.text) + 1 if lead is not None else 0))
        spans = _split_spans(doc, first.start, group[-1].end, room)
        if lead is not None and spans:  # the heading opens the first piece, never split
            spans[0] = (lead.start, spans[0][1])
        for a, b in spans:
            inner = doc.block_at(max(a, first.start))
            meta = inner if inner is not None and inner.kind != BlockKind.HEADING else first
            chunks.append(_make(doc, kind, meta, a, b))
    return chunks


def chunk_documents(
    docs: list[Document], budget: int = 200, row_chunks: bool = True
) -> list[Chunk]:
    return [c for d in docs for c in chunk_document(d, budget, row_chunks)]
