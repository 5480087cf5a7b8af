"""Operations: liveness, readiness (the index is loaded) and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.api.deps import HolderDep, build_name
from service.api.errors import NotReadyError
from service.api.metrics import Metrics
from service.api.schemas import Health, Readiness

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up (it may still be loading the index)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness)
def readyz(holder: HolderDep) -> Readiness:
    """The index is loaded and queries can be answered; 503 otherwise."""
    engine = holder.engine
    if engine is None:
        if holder.error is not None:
            raise NotReadyError(
                f"the index is not loaded: {holder.error.message}",
                fix=holder.error.fix,
                detail={"cause": holder.error.code},
            )
        raise NotReadyError("the index is still loading", fix="retry in a few seconds")
    manifest = engine.retriever.index.manifest
    return Readiness(
        status="ready",
        index=build_name(engine),
        built_at=manifest.built_at,
        documents=manifest.documents,
        chunks=manifest.chunks,
        reloading=holder.busy,
    )


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
def metrics(request: Request) -> Response:
    """Request counts and latency per route, and the size of the index, for Prometheus."""
    registry: Metrics = request.app.state.metrics
    return Response(generate_latest(registry.registry), media_type=CONTENT_TYPE_LATEST)
