"""The main flows against a real uvicorn server on a free port, with httpx; and `scrutiny serve`
itself, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from corpus.settings import Settings

pytestmark = pytest.mark.slow
Expect = Callable[..., dict[str, Any]]


def test_ask_then_read_the_cited_passage(live_url: str) -> None:
    with httpx.Client(base_url=live_url, timeout=60) as http:
        body = http.post("/ask", json={"question": "How many foster carers were approved?"}).json()
        assert body["citations"], body
        cite = body["citations"][0]
        text = http.get(f"/documents/{cite['document_id']}/text").json()["text"]
        assert text[cite["start"] : cite["end"]] == cite["quote"]
        outline = http.get(f"/documents/{cite['document_id']}").json()["outline"]
        assert outline


def test_search_documents_and_errors_over_the_wire(live_url: str, expect_error: Expect) -> None:
    with httpx.Client(base_url=live_url, timeout=60) as http:
        hits = http.post("/search", json={"query": "residential care", "k": 3}).json()["results"]
        assert len(hits) == 3 and [h["rank"] for h in hits] == [1, 2, 3]
        assert len(http.get("/documents").json()["documents"]) == 7
        expect_error(http.get("/documents/none"), 404, "not_found")
        expect_error(http.post("/search", json={"query": "x", "k": 0}), 422, "invalid_request")
        expect_error(http.get("/nowhere"), 404, "not_found")
        big = http.post(
            "/ask",
            content=b"{" + b" " * 600_000 + b"}",
            headers={"content-type": "application/json"},
        )
        expect_error(big, 413, "too_large")


def test_concurrent_requests_are_all_answered(live_url: str) -> None:
    questions = [
        "How many children were looked after in 2012?",
        "What did the council say about care leavers?",
        "residential placements out of county",
        "foster carer recruitment",
    ] * 4

    def one(i_q: tuple[int, str]) -> int:
        i, q = i_q
        path, key = ("/ask", "question") if i % 2 else ("/search", "query")
        return httpx.post(live_url + path, json={key: q}, timeout=120).status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(one, enumerate(questions))) == {200}
    metrics = httpx.get(live_url + "/metrics").text
    assert 'scrutiny_http_requests_total{method="POST",route="/ask",status="200"}' in metrics


def test_scrutiny_serve_starts_a_server_on_the_index(
    api_settings: Settings, srv: ModuleType, tmp_path: Path
) -> None:
    port = srv.free_port()
    env = {
        **os.environ,
        "SCRUTINY_INDEX__DATA_DIR": str(api_settings.index.data_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("SCRUTINY_CONFIG", None)
    log = (tmp_path / "serve.log").open("w")
    scrutiny = Path(sys.executable).with_name("scrutiny")
    proc = subprocess.Popen(
        [str(scrutiny), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        ready = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        assert ready is not None and ready.status_code == 200, (tmp_path / "serve.log").read_text()
        assert ready.json()["documents"] == 7
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and "scrutiny" in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    assert "serving http://127.0.0.1:" in (tmp_path / "serve.log").read_text()
