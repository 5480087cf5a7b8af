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


def section_units(doc: Document) -> list[Unit]:
    """Sections to align across reports: numbered paragraphs where the report numbers its
    paragraphs, else its second-level sections (or first-level ones that have no children),
    else the blocks under each heading."""
    if doc.paragraphs():
        return [u for u in paragraph_units(doc) if u.kind == "paragraph" and u.label]
    headings = [b for b in doc.blocks if b.kind == BlockKind.HEADING]
    numbered = [h for h in headings if h.number]
    if numbered:
        depth = 2 if any(h.level == 2 for h in numbered) else 1
        chosen = [
            h
            for h in numbered
            if h.level == depth
            or (
                h.level < depth
                and not any((o.number or "").startswith(f"{h.number}.") for o in numbered)
            )
        ]
    else:
        chosen = [h for h in headings if h.level == 1]
    chosen_ids = {h.id for h in chosen}
    units: list[Unit] = []
    current: Unit | None = None
    for b in doc.blocks:
        if b.kind == BlockKind.CONTENTS:
            continue
        if b.id in chosen_ids:
            current = Unit("section", b.number, [], "", b.start, b.end, heading=b.text)
            units.append(current)
            continue
        if (
            b.kind == BlockKind.HEADING
            and b.level <= (chosen[0].level if chosen else 1)
            and b.id not in chosen_ids
        ):
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
