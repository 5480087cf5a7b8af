"""Prometheus metrics: request counts and latency per route template (never per raw path, so
unknown URLs cannot blow up the label set) and the size of the index in use.

Each app has its own registry, so several apps (tests) can live in one process. With several
uvicorn workers each worker counts its own requests."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Metrics", "MetricsMiddleware"]

log = logging.getLogger("service.api.access")

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class Metrics:
    def __init__(self, index_size: Callable[[], tuple[int, int]]) -> None:
        """`index_size` returns (documents, chunks) of the index in use, read at scrape time."""
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "scrutiny_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "scrutiny_http_request_duration_seconds",
            "Time to answer a request, by method and route template.",
            ["method", "route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "scrutiny_http_requests_in_flight",
            "Requests being answered now.",
            registry=self.registry,
        )
        docs = Gauge(
            "scrutiny_index_documents", "Documents in the index in use.", registry=self.registry
        )
        chunks = Gauge(
            "scrutiny_index_chunks", "Chunks in the index in use.", registry=self.registry
        )
        docs.set_function(lambda: float(index_size()[0]))
        chunks.set_function(lambda: float(index_size()[1]))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class MetricsMiddleware:
    """Pure ASGI (no buffering of bodies): times each HTTP request and labels it by the route
    template the router matched."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self.metrics.in_flight.dec()
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            self.metrics.observe(scope["method"], route, status, elapsed)
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "ms": round(elapsed * 1000, 1),
                },
            )
