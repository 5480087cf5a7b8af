"""Units of comparison within a document: numbered paragraphs (with their lists), tables (by
their rows), headings, and sections. Shared by the redline and the alignment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.models import Block, BlockKind, Document
from service.compare.models import Cited

__all__ = ["Unit", "compact", "paragraph_units", "section_units", "unit_cited"]

_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "‟": "'", "„": '"', "“": '"', "”": '"', "–": "-", "—": "-"}
)
_NUMBER_PREFIX = re.compile(r"^\s*\d{1,3}(?:\.\d+)*\.?\s+")
_GLYPHS = re.compile(r"[\uf0b7•§▪●◦‣]")


def compact(text: str) -> str:
    """Text with formatting folded away: quotes, dashes, bullet glyphs, bold marks, spacing."""
    text = _GLYPHS.sub("", text.translate(_QUOTES)).replace("**", "")
    return re.sub(r"\s+", "", text)


@dataclass
class Unit:
    kind: str  # paragraph | table | heading | section
    label: str | None  # printed paragraph or section number
    blocks: list[Block]
    text: str  # comparison text (paragraph number stripped; a table's rows only)
    start: int
    end: int
    heading: str = ""

    @property
    def section(self) -> str:
        return self.blocks[0].section if self.blocks else ""


def _table_text(doc: Document, b: Block) -> str:
    rows = [doc.text[r.start : r.end] for r in b.rows if not r.header]
    return "\n".join(rows) if rows else b.text


def paragraph_units(doc: Document) -> list[Unit]:
    """Numbered paragraphs as single units (their list items included); tables, headings and
    unnumbered blocks as their own units."""
    units: list[Unit] = []
    current: Unit | None = None
    for b in doc.blocks:
        if b.kind == BlockKind.CONTENTS:
            continue
        if b.kind == BlockKind.TABLE:
            units.append(Unit("table", b.paragraph, [b], _table_text(doc, b), b.start, b.end))
            current = None
            continue
        if b.kind == BlockKind.HEADING:
            text = _NUMBER_PREFIX.sub("", b.text) if b.paragraph else b.text
            units.append(Unit("heading", b.paragraph or b.number, [b], text, b.start, b.end))
            current = None
            continue
        if b.paragraph and current is not None and current.label == b.paragraph:
            current.blocks.append(b)
            current.text += " " + b.text
            current.end = b.end
            continue
        text = _NUMBER_PREFIX.sub("", b.text) if b.paragraph else b.text
        current = Unit("paragraph", b.paragraph, [b], text, b.start, b.end)
        units.append(current)
    return units


_LABELLED = re.compile(r"^([A-Z][a-z]+ \d{1,2})\s*[-–:]\s")


def section_units(doc: Document) -> list[Unit]:
    """Sections to align across reports: labelled parts where the report is laid out as
    "Objective 1 - ...", "Objective 2 - ..." (and numbers no paragraphs); numbered paragraphs
    where the report numbers its paragraphs; else its second-level sections (with a first-level
    section's own lead text, or first-level ones that have no children), else the blocks under
    each heading."""
    labelled = _labelled_units(doc)
    if labelled:
        return labelled
    if doc.paragraphs():
        return _numbered_paragraphs(doc)
    return _heading_sections(doc)


def _heading_text(block: Block) -> str:
    return block.section.split(" > ")[-1] if block.section else ""


def _numbered_paragraphs(doc: Document) -> list[Unit]:
    """One unit per printed paragraph number, its parts joined when a table splits it; the
    heading is the one the paragraph sits under."""
    by_label: dict[str, Unit] = {}
    for u in paragraph_units(doc):
        if u.kind != "paragraph" or not u.label:
            continue
        seen = by_label.get(u.label)
        if seen is None:
            u.heading = _heading_text(u.blocks[0])
            by_label[u.label] = u
            continue
        seen.blocks += u.blocks
        seen.text += " " + u.text
        seen.end = max(seen.end, u.end)
    return list(by_label.values())


def _labelled_units(doc: Document) -> list[Unit]:
    """Parts that start with a block "Word N - ..." (the same word, at least three numbers),
    in a report that numbers at most one paragraph."""
    if len(doc.paragraphs()) > 1:
        return []
    starts: dict[str, str] = {}
    for b in doc.blocks:
        m = _LABELLED.match(b.text)
        if m and b.kind != BlockKind.CONTENTS:
            starts[b.id] = m.group(1)
    words = [label.split()[0] for label in starts.values()]
    if not words or max(words.count(w) for w in set(words)) < 3:
        return []
    word = max(set(words), key=words.count)
    units: list[Unit] = []
    current: Unit | None = None
    for b in doc.blocks:
        label = starts.get(b.id)
        if label is not None and label.split()[0] == word:
            current = Unit("section", label, [b], b.text, b.start, b.end, heading=b.text[:160])
            units.append(current)
        elif current is not None and b.kind != BlockKind.CONTENTS:
            current.blocks.append(b)
            current.text += " " + b.text
            current.end = b.end
    return units


def _heading_sections(doc: Document) -> list[Unit]:
    headings = [b for b in doc.blocks if b.kind == BlockKind.HEADING]
    numbered = [h for h in headings if h.number]
    depth = 1
    if numbered:
        depth = 2 if any(h.level == 2 for h in numbered) else 1
        chosen = [h for h in numbered if h.level <= depth]
    else:
        chosen = [h for h in headings if h.level == 1]
    chosen_ids = {h.id for h in chosen}
    units: list[Unit] = []
    current: Unit | None = None
    for b in doc.blocks:
        if b.kind == BlockKind.CONTENTS:
            continue
        if b.id in chosen_ids and b.number and units and units[-1].label == b.number:
            # a number printed twice in a row is one section to cite, its second heading a
            # sub-heading (the 2022-23 report has two sections 2.13)
            current = units[-1]
            current.blocks.append(b)
            current.text = (current.text + " " + b.text).strip()
            current.end = b.end
            continue
        if b.id in chosen_ids:
            current = Unit("section", b.number, [], "", b.start, b.end, heading=b.text)
            units.append(current)
            continue
        if b.kind == BlockKind.HEADING and b.level <= depth:
            if not (b.number is None and current is not None and b.level > 1):
                current = None
            continue
        if current is None:
            continue
        current.blocks.append(b)
        current.text = (current.text + " " + b.text).strip()
        current.end = b.end
    return [u for u in units if u.blocks]


def unit_cited(doc: Document, unit: Unit) -> Cited:
    first = unit.blocks[0] if unit.blocks else None
    return Cited(
        document_id=doc.id,
        year=doc.meta.year,
        section=first.section if first else unit.heading,
        paragraph=unit.label
        if unit.kind in ("paragraph", "table")
        else (first.paragraph if first else None),
        page=first.page if first else None,
        start=unit.start,
        end=unit.end,
        quote=doc.text[unit.start : unit.end],
    )
