"""Every route of the app, found from `app.routes`, answers bad requests in the one error shape
(after datasette's test_error_shape): a method it does not allow, a malformed body, an unknown
id in the path, an oversized query parameter."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

pytestmark = pytest.mark.slow
Expect = Callable[..., dict[str, Any]]
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _bad_requests(route: APIRoute) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, request kwargs) of requests the route must refuse."""
    path = re.sub(r"\{[^}]+\}", "no-such-document", route.path)
    wrong = next(m for m in ALL_METHODS if m not in route.methods)
    yield wrong, path, {}
    for method in sorted(route.methods - {"HEAD"}):
        if "{" in route.path:
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


def _routes(client: TestClient) -> list[APIRoute]:
    return [r for r in client.app.routes if isinstance(r, APIRoute)]  # type: ignore[attr-defined]


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
    assert any(isinstance(r, Mount) and r.path == "/static" for r in client.app.routes)  # type: ignore[attr-defined]


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
    assert checked >= 30


def test_unknown_paths_under_every_prefix_are_404(client: TestClient, expect_error: Expect) -> None:
    for route in _routes(client):
        path = re.sub(r"\{[^}]+\}", "x", route.path).rstrip("/") + "/no/such/child"
        expect_error(client.get(path), 404, "not_found")
