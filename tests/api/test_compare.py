"""GET /alignment, POST /compare, GET /figures, POST /diff: success and failure of each. Each test
is skipped while its comparison module cannot be imported yet."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.engine import Engine

pytestmark = pytest.mark.slow
Expect = Callable[..., dict[str, Any]]
YEARS = [2008, 2011, 2012, 2023]


def need(module: str) -> None:
    try:
        importlib.import_module(module)
    except ImportError as exc:
        pytest.skip(f"{module} is not implemented yet ({exc})")


def check_quotes(engine: Engine, cited: list[dict[str, Any]]) -> None:
    for c in cited:
        assert engine.document(c["document_id"]).text[c["start"] : c["end"]] == c["quote"], c


def test_alignment_groups_sections_into_topics(client: TestClient, engine: Engine) -> None:
    need("service.compare.align")
    response = client.get("/alignment")
    assert response.status_code == 200, response.text
    topics = response.json()["topics"]
    assert topics and all(t["label"] for t in topics)
    for topic in topics[:5]:
        assert set(map(int, topic["members"])) | set(topic["absent_years"]) <= set(YEARS)
        for members in topic["members"].values():
            check_quotes(engine, members)


def test_alignment_refuses_an_unknown_document(client: TestClient, expect_error: Expect) -> None:
    need("service.compare.align")
    expect_error(client.get("/alignment", params={"document": "nope"}), 404, "not_found")


def test_compare_has_a_column_for_every_year(client: TestClient, engine: Engine) -> None:
    need("service.compare.topic")
    response = client.post("/compare", json={"topic": "foster carers"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["years"] == YEARS
    assert any(report["passages"].get(str(y)) for y in YEARS)
    for cited in report["passages"].values():
        check_quotes(engine, cited)


@pytest.mark.parametrize(
    ("payload", "starts"),
    [
        ({"topic": ""}, "topic: "),
        ({"topic": "care", "years": ["soon"]}, "years.0: "),
        ({}, "topic: "),
    ],
)
def test_compare_refuses_bad_requests(
    client: TestClient, expect_error: Expect, payload: dict[str, Any], starts: str
) -> None:
    need("service.compare.topic")
    error = expect_error(client.post("/compare", json=payload), 422, "invalid_request")
    assert error["message"].startswith(starts)


def test_figures_are_cited_series(client: TestClient, engine: Engine) -> None:
    need("service.compare.figures")
    response = client.get("/figures")
    assert response.status_code == 200, response.text
    series = response.json()["series"]
    assert series
    for s in series:
        assert s["measure"] and s["unit"]
        check_quotes(engine, s["values"])


def test_figures_refuse_an_oversized_measure(client: TestClient, expect_error: Expect) -> None:
    need("service.compare.figures")
    error = expect_error(client.get("/figures", params={"measure": "x" * 201}), 422)
    assert error["message"].startswith("measure: ")


def test_diff_of_draft_and_published(client: TestClient, engine: Engine) -> None:
    need("service.compare.redline")
    response = client.post("/diff", json={"a": "cabinet-2012-draft", "b": "cabinet-2012"})
    assert response.status_code == 200, response.text
    red = response.json()
    assert (red["a"], red["b"]) == ("cabinet-2012-draft", "cabinet-2012")
    assert red["changes"] and red["unchanged"] > 0
    kinds = {c["kind"] for c in red["changes"]}
    assert kinds <= {"added", "removed", "changed", "moved"}
    changed = [c for c in red["changes"] if c["words"]]
    assert changed and any(w["op"] in {"insert", "delete"} for w in changed[0]["words"])
    check_quotes(engine, [c[side] for c in red["changes"] for side in "ab" if c[side]])


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"a": "cabinet-2012-draft", "b": "nope"}, 404), ({"a": "cabinet-2012-draft"}, 422)],
)
def test_diff_refuses_bad_requests(
    client: TestClient, expect_error: Expect, payload: dict[str, Any], status: int
) -> None:
    need("service.compare.redline")
    expect_error(client.post("/diff", json=payload), status)
