"""Candidate answers from retrieved passages: sentences, list items and table rows, each with
its exact span in the document's clean text."""

from __future__ import annotations

import re

from corpus.models import Block, BlockKind, Document, Row
from index.models import Hit
from service.answer.models import Candidate

__all__ = ["candidates_from_hits", "list_run", "row_display", "rows_after", "sentences"]

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9“\"(‘£])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|c\.w|n\.b|No|St|Dr|Mr|Mrs|Ms|vs|approx)\.$", re.I)


def sentences(text: str, base: int) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) of `text`, which starts at offset `base`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        piece = text[start : m.start()]
        if _ABBREV.search(piece) or re.fullmatch(r"\s*\(?\d{1,3}(?:\.\d+)*[.)]", piece):
            continue  # "e.g." or a paragraph number ("11.") is not the end of a sentence
        spans.append((start, m.start() + (len(m.group()) - len(m.group().lstrip()) and 0)))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if seg.strip():
            out.append((base + a + lead, base + b - trail))
    return out


def row_display(table: Block, row: Row, focus: set[str] | None = None) -> str:
    """'Foster Care, Other Authorities: 17' (focused column) or 'Foster Care: Oxfordshire 201; ...'."""
    label = row.label or ""
    cells = [c for c in row.cells if c.text]
    if focus:
        chosen = [c for c in cells if c.column and any(w in c.column.lower() for w in focus)]
        if len(chosen) == 1:
            return f"{label}, {chosen[0].column}: {chosen[0].text}"
    parts = [f"{c.column} {c.text}" if c.column else c.text for c in cells]
    return f"{label}: {'; '.join(parts)}" if label else "; ".join(parts)


def _overlapping(doc: Document, start: int, end: int) -> list[Block]:
    return [
        b for b in doc.blocks if b.start < end and b.end > start and b.kind != BlockKind.HEADING
    ]


def candidates_from_hits(
    hits: list[Hit], documents: dict[str, Document], focus: set[str] | None = None
) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[tuple[str, int, int]] = set()

    def add(
        kind: str, text: str, hit: Hit, start: int, end: int, context: str = "", lead: str = ""
    ) -> None:
        key = (hit.chunk.document_id, start, end)
        title = kind != "row" and text.isupper() and len(text.split()) <= 12
        if key in seen or end <= start or title:
            return  # a title line is not an answer (a row in capitals is still a row)
        seen.add(key)
        out.append(
            Candidate(
                kind=kind,
                text=text,
                document_id=hit.chunk.document_id,
                chunk_id=hit.chunk.id,
                start=start,
                end=end,
                year=hit.chunk.year,
                status=hit.chunk.status,
                rank=hit.rank,
                context=context,
                lead=lead,
            )
        )

    for hit in hits:
        c = hit.chunk
        doc = documents.get(c.document_id)
        if doc is None:
            continue
        for block in _overlapping(doc, c.start, c.end):
            a, b = max(block.start, c.start), min(block.end, c.end)
            if block.kind == BlockKind.TABLE:
                head, lead = _table_head(doc, block)
                for row in block.rows:
                    if row.header or row.end <= a or row.start >= b or not row.cells:
                        continue
                    if row.start < a or row.end > b:
                        # a row of prose too long for one passage: its sentences in the
                        # passage answer, each under the row's label
                        part = max(row.start, a), min(row.end, b)
                        for s, e in sentences(doc.text[part[0] : part[1]], part[0]):
                            add("sentence", doc.text[s:e], hit, s, e, row.label or "")
                        continue
                    add("row", row_display(block, row, focus), hit, row.start, row.end, head, lead)
                continue
            if block.kind == BlockKind.LIST_ITEM:
                add("item", doc.text[a:b], hit, a, b)
                continue
            before = ""
            for s, e in sentences(doc.text[a:b], a):
                text = doc.text[s:e]
                add("sentence", text, hit, s, e, lead=before if _continues(text) else "")
                before = " ".join(text.split())
    return _published_first(out)


_CONTINUES = re.compile(
    r"(?:\d|[a-z]|(?:Of|These|This|They|It|Both|All|Most|Some|None|Each|Many)\b)"
)


def _continues(text: str) -> bool:
    """Whether a sentence leans on the one before for what it counts or speaks of ("875
    were noted to be CWCF ...", "Of these, 20 ..."): it is read with it."""
    return _CONTINUES.match(text.lstrip()) is not None


def _table_head(doc: Document, block: Block) -> tuple[str, str]:
    """What a table's rows are read under: its caption and header lines (the column names,
    the label column's too: "Key Stage CWCF Male ..."), under the heading just above it when
    the table has no caption of its own ("The Oxfordshire Virtual School Context (September
    2022)")."""
    first = min((r.start for r in block.rows), default=block.end)
    head = " ".join(doc.text[block.start : first].split())
    if not block.caption:
        above = next(
            (b for b in reversed(doc.blocks) if b.end <= block.start and b.end > block.start - 4),
            None,
        )
        if above is not None and above.kind == BlockKind.HEADING:
            head = f"{' '.join(doc.text[above.start : above.end].split())} {head}"
    return head, _lead_in(doc, block)


def _lead_in(doc: Document, block: Block, gap: int = 200) -> str:
    """The paragraph just before a table (past any table right above it), in its section: the
    prose that says what its rows count ("Between April 2022 and March 2023, 1971 CWCF
    Reviews were held" over the "PN Code Data" rows). Not for list items: read with the
    paragraph before their list, they lost more answers than they gained (eval/README.md)."""
    lead = next(
        (b for b in reversed(doc.blocks) if b.end <= block.start and b.kind != block.kind), None
    )
    if (
        lead is None
        or lead.kind != BlockKind.PARAGRAPH
        or lead.section != block.section
        or block.start - lead.end > gap
    ):
        return ""
    return " ".join(doc.text[lead.start : lead.end].split())


def _key(text: str) -> str:
    return " ".join(re.sub(r"^\s*\d{1,3}(?:\.\d+)*[.)]\s", "", text).replace("’", "'").split())


def _published_first(cands: list[Candidate]) -> list[Candidate]:
    """A draft's sentence that the published report has word for word is answered from the
    published report (its paragraph number may differ: the draft lacks a paragraph)."""
    published = {_key(c.text) for c in cands if c.status != "draft"}
    return [c for c in cands if c.status != "draft" or _key(c.text) not in published]


def rows_after(doc: Document, lead: Candidate, gap: int = 200) -> list[Candidate]:
    """The rows or items of the table or list that comes straight after a lead-in sentence
    ("we had a total of 245 carer households fully approved:"), cited like the lead-in."""
    nxt = next((b for b in doc.blocks if b.start >= lead.end and b.kind != BlockKind.HEADING), None)
    if nxt is None or nxt.start - lead.end > gap:
        return []
    spans: list[tuple[str, str, int, int]] = []
    if nxt.kind == BlockKind.TABLE:
        spans = [
            ("row", row_display(nxt, r), r.start, r.end)
            for r in nxt.rows
            if not r.header and r.cells
        ]
    elif nxt.kind == BlockKind.LIST_ITEM:
        items = [b for b in doc.blocks if b.kind == BlockKind.LIST_ITEM and b.start >= nxt.start]
        for b in items:
            if spans and b.start - spans[-1][3] > gap:
                break
            spans.append(("item", doc.text[b.start : b.end], b.start, b.end))
    return [
        lead.model_copy(update={"kind": k, "text": t, "start": a, "end": e, "context": ""})
        for k, t, a, e in spans[:8]
    ]


def list_run(doc: Document, item: Candidate, gap: int = 200) -> list[Candidate]:
    """Every item of the list an item belongs to (the list items either side of it in its
    section, each within `gap` characters of the next), in order, cited like the item; the
    passages retrieved may hold only some of them."""
    blocks = [b for b in doc.blocks if b.kind != BlockKind.HEADING]
    at = next(
        (i for i, b in enumerate(blocks) if b.kind == BlockKind.LIST_ITEM and b.end > item.start),
        None,
    )
    if at is None or blocks[at].start > item.start:
        return []

    def member(i: int, j: int) -> bool:  # block i joins the run beside its neighbour j
        a, b = sorted((blocks[i], blocks[j]), key=lambda x: x.start)
        return (
            blocks[i].kind == BlockKind.LIST_ITEM
            and blocks[i].section == blocks[j].section
            and b.start - a.end <= gap
        )

    first = at
    while first > 0 and member(first - 1, first):
        first -= 1
    last = at
    while last + 1 < len(blocks) and member(last + 1, last):
        last += 1
    return [
        item.model_copy(update={"text": doc.text[b.start : b.end], "start": b.start, "end": b.end})
        for b in blocks[first : last + 1]
    ]
