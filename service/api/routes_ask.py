"""POST /ask: an answer with numbered, verified citations (the CLI's `ask --json` object)."""

from __future__ import annotations

from fastapi import APIRouter

from service.answer import answer
from service.api.deps import ComputeDep, EngineDep
from service.api.routes_search import check_documents
from service.api.schemas import AskRequest, AskResponse

__all__ = ["router"]

router = APIRouter(tags=["answers"])


@router.post("/ask", response_model=AskResponse)
async def ask(body: AskRequest, engine: EngineDep, compute: ComputeDep) -> AskResponse:
    """Answer a question from the reports, citing document, year, section, paragraph and quote."""
    check_documents(engine, body.documents)
    result = await compute.run(
        "answer", answer, engine, body.question, body.k, body.years or [], body.documents or []
    )
    return AskResponse.model_validate(result.to_json())
