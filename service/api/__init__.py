"""The HTTP API and web page of scrutiny: `create_app(settings)` builds a FastAPI app with one
router per resource; the engine (index + model) is loaded once per worker in the lifespan."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corpus.settings import Settings, get_settings
from service.api import (
    routes_ask,
    routes_compare,
    routes_documents,
    routes_health,
    routes_search,
)
from service.api.deps import Compute, EngineHolder
from service.api.docs import install_docs
from service.api.errors import error_response, install_error_handlers
from service.api.metrics import Metrics, MetricsMiddleware
from service.api.schemas import ErrorResponse
from service.engine import Engine

__all__ = ["WEB_DIR", "app_factory", "create_app"]

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
# a JSON body never needs more than this (a question is at most 10,000 characters)
JSON_BODY_LIMIT = 256 * 1024
# multipart framing and the form fields around an uploaded file
MULTIPART_OVERHEAD = 64 * 1024

ERRORS: dict[int | str, dict[str, object]] = {
    "default": {"model": ErrorResponse, "description": "Any error: one JSON shape"},
    422: {"model": ErrorResponse, "description": "The request is invalid"},
}

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class _BodyTooLarge(StarletteHTTPException):
    """Raised from `receive` while a body streams in; FastAPI lets HTTPExceptions through."""


class BodyLimitMiddleware:
    """Refuse request bodies over a limit with a 413 in the API's error shape: at once when
    Content-Length says so, or as soon as a streamed body passes the limit."""

    def __init__(self, app: ASGIApp, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and scope["path"].rstrip("/") == "/documents"
        limit = self.upload_limit if upload else self.json_limit
        length = Headers(scope=scope).get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            response = error_response(
                413,
                "too_large",
                f"the request body is {int(length):,} bytes; at most {limit:,} are taken here",
                {"fix": "send a smaller body"},
                headers={"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(
                        413, f"the request body is over the limit of {limit:,} bytes"
                    )
            return message

        await self.app(scope, limited, send)


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The app for these settings; `engine` (already loaded) skips loading one at start-up."""
    holder = EngineHolder(settings, engine)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if holder.engine is None:
            await anyio.to_thread.run_sync(holder.load)
        yield

    app = FastAPI(
        title="scrutiny",
        version="0.1.0",
        summary="Question council reports on children in care, with verified citations.",
        lifespan=lifespan,
        responses=ERRORS,
        docs_url=None,
        redoc_url=None,
    )
    install_docs(app)
    app.state.settings = settings
    app.state.engines = holder
    app.state.compute = Compute()

    def index_size() -> tuple[int, int]:
        current = holder.engine
        if current is None:
            return 0, 0
        manifest = current.retriever.index.manifest
        return manifest.documents, manifest.chunks

    metrics = Metrics(index_size)
    app.state.metrics = metrics
    install_error_handlers(app)
    for module in (
        routes_ask,
        routes_search,
        routes_documents,
        routes_compare,
        routes_health,
    ):
        app.include_router(module.router)
    _add_web(app)
    upload_limit = int(settings.server.max_upload_mb * 1_000_000) + MULTIPART_OVERHEAD
    json_limit = max(JSON_BODY_LIMIT, settings.answer.max_question_chars * 8)
    # outermost first: metrics see every response, including the 413s of the body limit
    app.add_middleware(BodyLimitMiddleware, json_limit=json_limit, upload_limit=upload_limit)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


def _add_web(app: FastAPI) -> None:
    """The web page at `/` and its static files at `/static`."""

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", headers=SECURITY_HEADERS)

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")


def app_factory() -> FastAPI:
    """For `uvicorn --factory service.api:app_factory` (each worker builds its own app)."""
    from service.logs import configure_logging

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
