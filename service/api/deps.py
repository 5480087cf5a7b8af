"""What the endpoints depend on, as typed aliases: the settings, the engine in use (loaded once
per worker, swapped atomically when a new index is built) and the admin check of uploads."""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from corpus.errors import ScrutinyError
from corpus.settings import Settings
from index.store import index_root
from service.api.errors import NotReadyError, UnauthorizedError, UploadsDisabledError
from service.engine import Engine

__all__ = [
    "AdminDep",
    "Compute",
    "ComputeDep",
    "EngineDep",
    "EngineHolder",
    "HolderDep",
    "SettingsDep",
    "load_engine",
]

log = logging.getLogger(__name__)

# how often a request may look whether another process built a new index
REFRESH_SECONDS = 2.0


def load_engine(settings: Settings) -> Engine:
    """An engine with its index, model and caches loaded, so no request pays for them."""
    from service.answer import answer

    engine = Engine(settings)
    retriever = engine.retriever
    _ = engine.documents
    try:
        retriever.search("children in care", 1)
        answer(engine, "How many children are in care?", k=1)
    except ScrutinyError as exc:  # a warm-up that fails must not stop the server
        log.warning("warm-up query failed", extra={"reason": str(exc)})
    return engine


def _current_build(settings: Settings) -> str | None:
    try:
        return (index_root(settings) / "CURRENT").read_text().strip() or None
    except OSError:
        return None


def build_name(engine: Engine) -> str:
    return engine.retriever.index.path.name


class EngineHolder:
    """The engine in use. Readers take `current()`; a rebuild or a reload prepares a whole new
    Engine beside it and replaces the reference under a lock, so queries in flight finish on the
    old one and no query ever sees half an index."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self._engine = engine
        self._swap_lock = threading.Lock()
        self._work_lock = threading.Lock()  # one build or reload at a time
        self._checked = time.monotonic()
        self._thread: threading.Thread | None = None
        self.error: ScrutinyError | None = None

    @property
    def engine(self) -> Engine | None:
        return self._engine

    @property
    def busy(self) -> bool:
        return self._work_lock.locked()

    def swap(self, engine: Engine) -> None:
        with self._swap_lock:
            self._engine = engine
            self.error = None
        log.info("index swapped in", extra={"index": build_name(engine)})

    def load(self) -> None:
        """Load the current index (at start-up); a missing index is remembered, not raised."""
        with self._work_lock:
            try:
                self.swap(load_engine(self.settings))
            except ScrutinyError as exc:
                self.error = exc
                log.error("index not loaded", extra={"reason": str(exc)})

    def current(self) -> Engine:
        self._maybe_refresh()
        engine = self._engine
        if engine is None:
            if self.error is not None:
                raise self.error
            raise NotReadyError("the index is still loading", fix="retry in a few seconds")
        return engine

    def rebuild(self, build: Callable[[], Engine]) -> Engine:
        """Run `build` (which writes a new index and loads it) and swap its engine in."""
        with self._work_lock:
            engine = build()
            self.swap(engine)
            return engine

    def _maybe_refresh(self) -> None:
        """Pick up an index that another worker (or `scrutiny ingest`) made current."""
        now = time.monotonic()
        if now - self._checked < REFRESH_SECONDS or self.busy:
            return
        self._checked = now
        name = _current_build(self.settings)
        engine = self._engine
        if name is None or (engine is not None and build_name(engine) == name):
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._reload, name="index-reload", daemon=True)
        self._thread.start()

    def _reload(self) -> None:
        if not self._work_lock.acquire(blocking=False):
            return
        try:
            self.swap(load_engine(self.settings))
        except ScrutinyError as exc:
            log.warning("index reload failed", extra={"reason": str(exc)})
        finally:
            self._work_lock.release()


T = TypeVar("T")


class Compute:
    """Worker-thread lanes for the engine's CPU-bound work. A query holds the GIL for part of
    its time, so a few threads per core answer more requests than dozens contending for it;
    the rest wait their turn in order. Searches (milliseconds) have their own lane, so they
    are never stuck behind answers and comparisons (a fraction of a second each)."""

    def __init__(self, slots: int | None = None) -> None:
        self.slots = slots or max(2, os.cpu_count() or 2)
        self._lanes: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[str, CapacityLimiter]
        ] = weakref.WeakKeyDictionary()

    def _limiter(self, lane: str) -> CapacityLimiter:
        lanes = self._lanes.setdefault(asyncio.get_running_loop(), {})
        if lane not in lanes:
            lanes[lane] = CapacityLimiter(self.slots)
        return lanes[lane]

    async def run(self, lane: str, fn: Callable[..., T], *args: Any) -> T:
        return await anyio.to_thread.run_sync(
            functools.partial(fn, *args), limiter=self._limiter(lane)
        )


async def get_compute(request: Request) -> Compute:
    compute: Compute = request.app.state.compute
    return compute


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_holder(request: Request) -> EngineHolder:
    holder: EngineHolder = request.app.state.engines
    return holder


async def get_engine(holder: Annotated[EngineHolder, Depends(get_holder)]) -> Engine:
    return holder.current()


_bearer = HTTPBearer(auto_error=False, description="the server's admin token")


async def require_admin(
    settings: Annotated[Settings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    token = settings.server.admin_token
    if not token:
        raise UploadsDisabledError(
            "uploads are disabled",
            fix="set SCRUTINY_SERVER__ADMIN_TOKEN on the server to enable them",
        )
    given = credentials.credentials if credentials is not None else ""
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise UnauthorizedError(
            "missing or wrong admin token",
            fix="send the header `Authorization: Bearer <admin token>`",
        )


SettingsDep = Annotated[Settings, Depends(get_settings)]
HolderDep = Annotated[EngineHolder, Depends(get_holder)]
EngineDep = Annotated[Engine, Depends(get_engine)]
AdminDep = Annotated[None, Depends(require_admin)]
ComputeDep = Annotated[Compute, Depends(get_compute)]
