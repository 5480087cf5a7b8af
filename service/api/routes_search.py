"""POST /search: ranked, citable passages (the CLI's `search --json` object)."""

from __future__ import annotations

from fastapi import APIRouter

from index.models import Filters
from index.query import check_text
from service.api.deps import ComputeDep, EngineDep
from service.api.schemas import SearchRequest, SearchResponse
from service.engine import Engine
from service.render import search_json

__all__ = ["check_documents", "check_query", "router"]

router = APIRouter(tags=["search"])


def check_documents(engine: Engine, documents: list[str] | None) -> None:
    """An unknown document id in a filter is a 404 naming the known ids, not an empty result."""
    for document_id in documents or []:
        engine.document(document_id)


def check_query(query: str, max_chars: int) -> str:
    return check_text(query, max_chars)


@router.post("/search", response_model=SearchResponse)
async def search(body: SearchRequest, engine: EngineDep, compute: ComputeDep) -> SearchResponse:
    """Ranked passages for a query, each with its document, year, section, paragraph and span."""
    check_query(body.query, engine.settings.answer.max_question_chars)
    check_documents(engine, body.documents)
    filters = Filters(years=body.years or [], documents=body.documents or [])
    hits = await compute.run("search", engine.retriever.search, body.query, body.k, filters)
    return SearchResponse.model_validate(search_json(body.query, hits))
