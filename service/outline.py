"""A document's outline as plain data (for `scrutiny show` and GET /documents/{id})."""

from __future__ import annotations

from typing import Any

from corpus.models import Block, BlockKind, Document

__all__ = ["document_summary", "outline"]


def document_summary(doc: Document) -> dict[str, Any]:
    m = doc.meta
    return {
        "id": m.id,
        "title": m.title,
        "body": m.body,
        "date": m.date.isoformat(),
        "year": m.year,
        "kind": m.kind,
        "status": m.status,
        "file": m.file,
        "relations": [r.model_dump() for r in m.relations],
        "reader": doc.reader,
        "pages": doc.pages,
        "blocks": len(doc.blocks),
        "paragraphs": len(doc.paragraphs()),
        "characters": len(doc.text),
    }


def _entry(b: Block) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": b.id,
        "kind": b.kind.value,
        "start": b.start,
        "end": b.end,
        "page": b.page,
        "section": b.section,
        "text": b.text if b.kind == BlockKind.HEADING else b.text[:120],
    }
    if b.number:
        entry["number"] = b.number
    if b.paragraph:
        entry["paragraph"] = b.paragraph
    if b.level:
        entry["level"] = b.level
    if b.run_in:
        entry["run_in"] = b.run_in
    if b.kind == BlockKind.TABLE:
        entry["caption"] = b.caption
        entry["columns"] = b.columns
        entry["rows"] = [
            {"label": r.label, "cells": [c.text for c in r.cells], "header": r.header}
            for r in b.rows
        ]
    if b.label:
        entry["label"] = b.label
    return entry


def outline(doc: Document, full: bool = False) -> list[dict[str, Any]]:
    """Headings, the first block of each numbered paragraph, tables and form fields
    (every block with `full`)."""
    items: list[dict[str, Any]] = []
    seen_paragraphs: set[str] = set()
    for b in doc.blocks:
        keep = full or b.kind in (BlockKind.HEADING, BlockKind.TABLE, BlockKind.FORM_FIELD)
        if b.paragraph and b.paragraph not in seen_paragraphs:
            seen_paragraphs.add(b.paragraph)
            keep = True
        if keep:
            items.append(_entry(b))
    return items
