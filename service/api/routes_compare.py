"""Comparison across the reports: topic alignment, a topic's change report, figures over time
and the redline between two versions of a document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from service import compare as compare_pkg
from service.api.deps import Compute, ComputeDep, EngineDep
from service.api.errors import NotImplementedYetError
from service.api.routes_search import check_documents
from service.api.schemas import (
    AlignmentResponse,
    CompareRequest,
    DiffRequest,
    FiguresResponse,
    RedlineOut,
    TopicReportOut,
)

__all__ = ["router"]

router = APIRouter(tags=["compare"])


async def _call(compute: Compute, name: str, *args: Any) -> Any:
    """Call `service.compare.<name>` in a worker thread; a comparison module that is not there
    yet is a 501."""
    fn: Callable[..., Any] = getattr(compare_pkg, name)
    try:
        return await compute.run("answer", fn, *args)
    except ImportError as exc:
        if not (exc.name or "").startswith("service.compare"):
            raise
        raise NotImplementedYetError(
            f"comparison ({name}) is not available in this version of scrutiny",
            detail={"missing": exc.name},
        ) from None


def _plain(value: Any) -> Any:
    """A domain model (or a list of them) as plain JSON data."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@router.get("/alignment", response_model=AlignmentResponse)
async def alignment(
    engine: EngineDep,
    compute: ComputeDep,
    document: Annotated[
        list[str] | None, Query(max_length=50, description="only these document ids")
    ] = None,
) -> AlignmentResponse:
    """Sections of the reports grouped into topics across the years, with the years absent."""
    check_documents(engine, document)
    groups = await _call(compute, "align", engine, document or None)
    return AlignmentResponse.model_validate({"topics": _plain(groups)})


@router.post("/compare", response_model=TopicReportOut)
async def compare(body: CompareRequest, engine: EngineDep, compute: ComputeDep) -> TopicReportOut:
    """How a topic is treated year by year: cited passages, what changed, and its figures."""
    report = await _call(compute, "compare_topic", engine, body.topic, body.years or None)
    return TopicReportOut.model_validate(_plain(report))


@router.get("/figures", response_model=FiguresResponse)
async def figures(
    engine: EngineDep,
    compute: ComputeDep,
    measure: Annotated[
        str | None, Query(max_length=200, description="only series whose measure says this")
    ] = None,
) -> FiguresResponse:
    """Figures (counts, costs, percentages) as series over the years, each value cited."""
    series = await _call(compute, "figures", engine, measure or None)
    return FiguresResponse.model_validate({"series": _plain(series)})


@router.post("/diff", response_model=RedlineOut)
async def diff(body: DiffRequest, engine: EngineDep, compute: ComputeDep) -> RedlineOut:
    """A redline between two versions: paragraphs added, removed, changed (word by word), moved."""
    check_documents(engine, [body.a, body.b])
    result = await _call(compute, "redline", engine, body.a, body.b)
    return RedlineOut.model_validate(_plain(result))
