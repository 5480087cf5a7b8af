"""Errors without an index or a model (fast): the one JSON shape for unknown routes, wrong
methods, bad bodies, oversized bodies, a missing index and crashes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient

from corpus.errors import BadRequestError
from corpus.settings import Settings
from service.api import create_app
from service.api.errors import validation_message

Expect = Callable[..., dict[str, Any]]


def test_healthz_answers_without_an_index(empty_client: TestClient) -> None:
    assert empty_client.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_503_naming_the_fix_when_no_index(
    empty_client: TestClient, expect_error: Expect
) -> None:
    error = expect_error(empty_client.get("/readyz"), 503, "not_ready")
    assert "not loaded" in error["message"]
    assert "scrutiny ingest" in error["detail"]["fix"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/ask", {"question": "How many children are in care?"}),
        ("POST", "/search", {"query": "foster care"}),
        ("GET", "/documents", None),
        ("GET", "/documents/cabinet-2012", None),
        ("GET", "/alignment", None),
    ],
)
def test_queries_without_an_index_are_503_index_missing(
    empty_client: TestClient, expect_error: Expect, method: str, path: str, body: Any
) -> None:
    response = empty_client.request(method, path, json=body)
    error = expect_error(response, 503, "index_missing")
    assert "scrutiny ingest" in error["detail"]["fix"]


def test_unknown_route_is_404(empty_client: TestClient, expect_error: Expect) -> None:
    error = expect_error(empty_client.get("/no/such/thing"), 404, "not_found")
    assert "/no/such/thing" in error["message"]


def test_wrong_method_is_405_naming_the_allowed_ones(
    empty_client: TestClient, expect_error: Expect
) -> None:
    error = expect_error(empty_client.delete("/ask"), 405, "method_not_allowed")
    assert error["detail"] == {"allowed": "POST"}
    assert empty_client.delete("/ask").headers["allow"] == "POST"


def test_oversized_json_body_is_413_before_it_is_read(
    empty_client: TestClient, expect_error: Expect
) -> None:
    response = empty_client.post(
        "/search",
        content=b'{"query": "' + b"a" * 400_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    error = expect_error(response, 413, "too_large")
    assert "at most" in error["message"]


def test_streamed_body_over_the_limit_is_413(
    empty_client: TestClient, expect_error: Expect
) -> None:
    def chunks() -> Any:
        for _ in range(10):
            yield b"a" * 65_536

    response = empty_client.post(
        "/search", content=chunks(), headers={"content-type": "application/json"}
    )
    expect_error(response, 413, "too_large")


def test_crash_is_500_without_a_traceback(
    empty_settings: Settings, expect_error: Expect, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr("service.api.routes_health.Health", boom)
    with TestClient(create_app(empty_settings), raise_server_exceptions=False) as client:
        response = client.get("/healthz")
    error = expect_error(response, 500, "internal_error")
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert error["message"] == "the server failed on this request"


def test_scrutiny_error_keeps_its_status_code_and_fix(
    empty_settings: Settings, expect_error: Expect, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise BadRequestError("k=0 is out of range", fix="use k between 1 and 50")

    monkeypatch.setattr("service.api.routes_health.Health", refuse)
    with TestClient(create_app(empty_settings), raise_server_exceptions=False) as client:
        error = expect_error(client.get("/healthz"), 422, "bad_request")
    assert error == {
        "code": "bad_request",
        "message": "k=0 is out of range",
        "detail": {"fix": "use k between 1 and 50"},
    }


def test_validation_message_names_the_field_and_why() -> None:
    exc = RequestValidationError(
        [
            {
                "type": "less_than_equal",
                "loc": ("body", "k"),
                "msg": "Input should be less than or equal to 50",
                "input": 99,
            },
            {"type": "missing", "loc": ("body", "question"), "msg": "Field required"},
        ]
    )
    message, detail = validation_message(list(exc.errors()))
    assert message.startswith("k: Input should be less than or equal to 50 (got 99)")
    assert "1 more problem" in message
    assert detail[1] == {"field": "question", "problem": "Field required"}


def test_openapi_documents_the_error_shape_for_every_operation(empty_client: TestClient) -> None:
    spec = empty_client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            default = op["responses"].get("default", {})
            ref = default.get("content", {}).get("application/json", {}).get("schema", {})
            assert ref == {"$ref": "#/components/schemas/ErrorResponse"}, (method, path)
            assert op.get("description") or op.get("summary"), (method, path)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
