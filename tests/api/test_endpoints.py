"""Each endpoint with a success and a failure, through TestClient over the session's index.
/ask and /search answer exactly the objects the CLI prints with --json."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from index.models import Filters
from service.answer import answer
from service.engine import Engine
from service.render import search_json

pytestmark = pytest.mark.slow
Expect = Callable[..., dict[str, Any]]
QUESTION = "How many children were looked after in 2012?"


# -- /ask -------------------------------------------------------------------------------------
def test_ask_is_the_cli_json_with_verified_citations(client: TestClient, engine: Engine) -> None:
    response = client.post("/ask", json={"question": QUESTION, "k": 5})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == answer(engine, QUESTION, 5, [], []).to_json()
    assert not body["abstained"] and body["citations"]
    assert "[1]" in body["answer"]
    for cite in body["citations"]:
        text = engine.document(cite["document_id"]).text
        assert text[cite["start"] : cite["end"]] == cite["quote"]


def test_ask_with_filters_keeps_to_them(client: TestClient) -> None:
    body = client.post(
        "/ask", json={"question": "foster carers", "years": [2008], "documents": ["cabinet-2008"]}
    ).json()
    assert body["passages"]
    assert {p["document_id"] for p in body["passages"]} == {"cabinet-2008"}


def test_ask_about_an_uncovered_year_abstains(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "How many children were in care in 1995?"}).json()
    assert body["abstained"] is True and body["answer"] is None and body["citations"] == []


@pytest.mark.parametrize(
    ("payload", "status", "code", "starts"),
    [
        ({"question": "   "}, 422, "bad_request", "the question is empty"),
        ({"question": "why " * 300}, 422, "bad_request", "the question is 1199 characters"),
        ({"question": "why?", "k": 0}, 422, "invalid_request", "k: "),
        ({"question": "why?", "k": 51}, 422, "invalid_request", "k: "),
        ({"question": "why?", "k": "many"}, 422, "invalid_request", "k: "),
        ({"question": "why?", "years": [20]}, 422, "invalid_request", "years.0: "),
        ({"question": "why?", "colour": "red"}, 422, "invalid_request", "colour: "),
        ({}, 422, "invalid_request", "question: Field required"),
        ({"question": "why?", "documents": ["no-such-doc"]}, 404, "not_found", "no document"),
    ],
)
def test_ask_refuses_bad_requests_naming_the_problem(
    client: TestClient,
    expect_error: Expect,
    payload: dict[str, Any],
    status: int,
    code: str,
    starts: str,
) -> None:
    error = expect_error(client.post("/ask", json=payload), status, code)
    assert error["message"].startswith(starts), error


def test_ask_with_invalid_json_is_422(client: TestClient, expect_error: Expect) -> None:
    response = client.post(
        "/ask", content=b'{"question": ', headers={"content-type": "application/json"}
    )
    error = expect_error(response, 422, "invalid_request")
    assert error["message"].startswith("the body is not valid JSON")


# -- /search ----------------------------------------------------------------------------------
def test_search_is_the_cli_json(client: TestClient, engine: Engine) -> None:
    query = "placement costs for independent fostering agencies"
    body = client.post("/search", json={"query": query, "k": 7}).json()
    hits = engine.retriever.search(query, 7, Filters())
    assert body == search_json(query, hits)
    assert len(body["results"]) == 7
    for r in body["results"]:
        assert engine.document(r["document_id"]).text[r["start"] : r["end"]] == r["text"]


def test_search_filters_by_year(client: TestClient) -> None:
    body = client.post("/search", json={"query": "care leavers", "years": [2023], "k": 5}).json()
    assert body["results"] and {r["year"] for r in body["results"]} == {2023}


@pytest.mark.parametrize(
    ("payload", "code", "starts"),
    [
        ({"query": ""}, "invalid_request", "query: "),
        ({"query": " \n "}, "bad_request", "the query is empty"),
        ({"query": "x" * 1001}, "bad_request", "the query is 1001 characters long"),
        ({"query": "care", "k": 100}, "invalid_request", "k: "),
        ({"query": 42}, "invalid_request", "query: "),
    ],
)
def test_search_refuses_bad_requests(
    client: TestClient, expect_error: Expect, payload: dict[str, Any], code: str, starts: str
) -> None:
    error = expect_error(client.post("/search", json=payload), 422, code)
    assert error["message"].startswith(starts), error


# -- /documents -------------------------------------------------------------------------------
def test_documents_lists_the_corpus(client: TestClient, engine: Engine) -> None:
    docs = client.get("/documents").json()["documents"]
    assert {d["id"] for d in docs} == set(engine.documents)
    assert [d["year"] for d in docs] == sorted(d["year"] for d in docs)
    published = next(d for d in docs if d["id"] == "cabinet-2012")
    assert published["status"] == "published" and published["paragraphs"] == 36


def test_document_has_metadata_and_outline(client: TestClient) -> None:
    body = client.get("/documents/cabinet-2012").json()
    assert body["id"] == "cabinet-2012" and body["year"] == 2012
    paragraphs = [e["paragraph"] for e in body["outline"] if e.get("paragraph")]
    assert paragraphs[:3] == ["1", "2", "3"]
    assert any(e["kind"] == "heading" for e in body["outline"])


def test_document_text_is_the_clean_text(client: TestClient, engine: Engine) -> None:
    body = client.get("/documents/cabinet-2008/text").json()
    assert body == {"id": "cabinet-2008", "text": engine.document("cabinet-2008").text}


@pytest.mark.parametrize("path", ["/documents/no-such-doc", "/documents/no-such-doc/text"])
def test_unknown_document_is_404_listing_the_known_ids(
    client: TestClient, expect_error: Expect, path: str
) -> None:
    error = expect_error(client.get(path), 404, "not_found")
    assert error["message"] == "no document 'no-such-doc'"
    assert "cabinet-2012" in error["detail"]["fix"]


def test_document_list_refuses_other_methods(client: TestClient, expect_error: Expect) -> None:
    expect_error(client.put("/documents", json={}), 405, "method_not_allowed")


# -- operations -------------------------------------------------------------------------------
def test_healthz_and_readyz(client: TestClient, engine: Engine) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    manifest = engine.retriever.index.manifest
    assert ready["status"] == "ready"
    assert (ready["documents"], ready["chunks"]) == (manifest.documents, manifest.chunks)


def test_health_endpoints_refuse_post(client: TestClient, expect_error: Expect) -> None:
    expect_error(client.post("/healthz"), 405)
    expect_error(client.post("/readyz"), 405)


def test_metrics_count_requests_by_route_template(client: TestClient, engine: Engine) -> None:
    client.get("/documents/cabinet-2012")
    client.get("/documents/nope")
    client.get("/totally/unknown/path")
    text = client.get("/metrics").text
    assert 'route="/documents/{id}",status="200"' in text
    assert 'route="/documents/{id}",status="404"' in text
    assert 'route="unmatched",status="404"' in text
    assert "/documents/cabinet-2012" not in text and "totally" not in text
    assert (
        'scrutiny_http_request_duration_seconds_count{method="GET",route="/documents/{id}"}' in text
    )
    assert f"scrutiny_index_chunks {float(engine.retriever.index.manifest.chunks)}" in text
    assert f"scrutiny_index_documents {float(len(engine.documents))}" in text


def test_metrics_refuses_post(client: TestClient, expect_error: Expect) -> None:
    expect_error(client.post("/metrics"), 405, "method_not_allowed")


# -- the web page -----------------------------------------------------------------------------
def test_the_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert '<label for="question">' in page.text
    for asset in ("/static/app.js", "/static/style.css"):
        assert client.get(asset).status_code == 200
    assert "cdn" not in page.text.lower()


def test_a_missing_asset_is_a_json_404(client: TestClient, expect_error: Expect) -> None:
    expect_error(client.get("/static/nope.js"), 404, "not_found")
