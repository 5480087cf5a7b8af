"""Turning results into what a person reads in a terminal (Rich) or a program reads (JSON)."""

from __future__ import annotations

from typing import Any

from index.models import Hit

__all__ = ["hit_json", "search_json"]


def hit_json(h: Hit) -> dict[str, Any]:
    c = h.chunk
    return {
        "rank": h.rank,
        "chunk_id": c.id,
        "document_id": c.document_id,
        "title": c.title,
        "year": c.year,
        "status": c.status,
        "section": c.section,
        "section_number": c.section_number,
        "paragraph": c.paragraph,
        "page": c.page,
        "start": c.start,
        "end": c.end,
        "score": h.score,
        "text": c.text,
        "also_in": h.also_in,
    }


def search_json(query: str, hits: list[Hit]) -> dict[str, Any]:
    return {"query": query, "results": [hit_json(h) for h in hits]}
