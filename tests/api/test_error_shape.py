"""Every route of the app, found from `app.routes`, answers bad requests in the one error shape
(after datasette's test_error_shape): a method it does not allow, a malformed body, an unknown
id in the path, an oversized query parameter. FastAPI keeps included routers lazily in
`app.routes`; `iter_route_contexts` flattens them into the routes as served."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

pytestmark = pytest.mark.slow
Expect = Callable[..., dict[str, Any]]
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass
class Served:
    path: str
    methods: set[str]
    route: APIRoute
    allowed: set[str]  # of every route at this path


def _bad_requests(served: Served) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, request kwargs) of requests the route must refuse."""
    route = served.route
    path = re.sub(r"\{[^}]+\}", "no-such-document", served.path)
    wrong = next(m for m in ALL_METHODS if m not in served.allowed)
    yield wrong, path, {}
    for method in sorted(served.methods - {"HEAD"}):
        if "{" in served.path:
            yield method, path, {}
        if route.body_field is not None:
            yield (
                method,
                path,
                {"content": b'{"not json', "headers": {"content-type": "application/json"}},
            )
            yield method, path, {"json": ["a", "list", "not", "an", "object"]}
        for param in route.dependant.query_params:
            yield method, path, {"params": {param.alias: "x" * 5000}}


def _routes(client: TestClient) -> list[Served]:
    app: Any = client.app
    contexts = [
        (c, c.original_route)
        for c in iter_route_contexts(app.routes)
        if isinstance(c.original_route, APIRoute)
    ]
    allowed: dict[str, set[str]] = {}
    for ctx, _ in contexts:
        allowed.setdefault(str(ctx.path), set()).update(ctx.methods or ())
    return [
        Served(str(ctx.path), set(ctx.methods or ()), route, allowed[str(ctx.path)])
        for ctx, route in contexts
    ]


def test_the_walk_covers_every_endpoint(client: TestClient) -> None:
    paths = {r.path for r in _routes(client)}
    assert {
        "/ask",
        "/search",
        "/documents",
        "/documents/{id}",
        "/documents/{id}/text",
        "/alignment",
        "/compare",
        "/figures",
        "/diff",
        "/healthz",
        "/readyz",
        "/metrics",
    } <= paths
    app: Any = client.app
    assert any(isinstance(r, Mount) and r.path == "/static" for r in app.routes)


def test_every_route_refuses_bad_requests_in_the_error_shape(
    client: TestClient, expect_error: Expect
) -> None:
    checked = 0
    for route in _routes(client):
        for method, path, kwargs in _bad_requests(route):
            response = client.request(method, path, **kwargs)
            where = f"{method} {path} {kwargs}"
            assert 400 <= response.status_code < 500, (where, response.status_code, response.text)
            expect_error(response, response.status_code)
            checked += 1
    assert checked >= 25


def test_unknown_paths_under_every_prefix_are_404(client: TestClient, expect_error: Expect) -> None:
    for route in _routes(client):
        path = re.sub(r"\{[^}]+\}", "x", route.path).rstrip("/") + "/no/such/child"
        expect_error(client.get(path), 404, "not_found")
