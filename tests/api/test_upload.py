"""POST /documents: refused without the admin token, by type, by size; a good upload builds a
new index in a worker thread and swaps it in while searches go on being answered."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from corpus.settings import Settings
from service.api import create_app
from service.api.errors import UnsupportedTypeError
from service.api.routes_documents import sniff_suffix

Expect = Callable[..., dict[str, Any]]
FORM = {"title": "Kinship care review", "year": "2024"}
TOKEN = {"Authorization": "Bearer s3cret"}


def _upload(client: Any, content: bytes, headers: dict[str, str] | None = None, **form: str) -> Any:
    return client.post(
        "/documents",
        files={"file": ("../../etc/passwd", content, "application/octet-stream")},
        data={**FORM, **form},
        headers=headers or {},
    )


def test_uploads_are_disabled_without_a_configured_token(
    tmp_path: Path, expect_error: Expect
) -> None:
    settings = Settings.model_validate({"index": {"data_dir": tmp_path}})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        error = expect_error(_upload(client, b"text", TOKEN), 403, "uploads_disabled")
    assert error["message"] == "uploads are disabled"
    assert "ADMIN_TOKEN" in error["detail"]["fix"]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}]
)
def test_a_missing_or_wrong_token_is_401(
    empty_client: TestClient, expect_error: Expect, headers: dict[str, str]
) -> None:
    response = _upload(empty_client, b"Some report text.", headers)
    expect_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"\xff\xfe\x00\x00 not utf-8 \xc3\x28",
        b"plain words\x00\x00\x00 with NULs",
    ],
    ids=["png", "not-utf8", "binary"],
)
def test_a_file_that_is_not_pdf_docx_or_text_is_415(
    empty_client: TestClient, expect_error: Expect, content: bytes
) -> None:
    expect_error(_upload(empty_client, content, TOKEN), 415, "unsupported_type")


def test_a_zip_that_is_not_a_docx_is_415(empty_client: TestClient, expect_error: Expect) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    error = expect_error(_upload(empty_client, buffer.getvalue(), TOKEN), 415, "unsupported_type")
    assert "ZIP" in error["message"]


def test_a_file_over_max_upload_mb_is_413(tmp_path: Path, expect_error: Expect) -> None:
    settings = Settings.model_validate(
        {
            "index": {"data_dir": tmp_path},
            "server": {"admin_token": "s3cret", "max_upload_mb": 0.01},
        }
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        # under the body limit (which allows multipart overhead) but over the file limit
        expect_error(_upload(client, b"word " * 4_000, TOKEN), 413, "too_large")
        # far over: refused from Content-Length before the body is read
        expect_error(_upload(client, b"word " * 40_000, TOKEN), 413, "too_large")


@pytest.mark.parametrize(
    ("form", "field"),
    [({"year": "1066"}, "year"), ({"title": ""}, "title"), ({"status": "secret"}, "status")],
)
def test_bad_metadata_is_422_naming_the_field(
    empty_client: TestClient, expect_error: Expect, form: dict[str, str], field: str
) -> None:
    error = expect_error(
        _upload(empty_client, b"Report text.", TOKEN, **form), 422, "invalid_request"
    )
    assert error["message"].startswith(f"{field}: ")


def test_sniff_suffix_decides_by_content_not_name() -> None:
    assert sniff_suffix(b"%PDF-1.7\n...") == ".pdf"
    assert sniff_suffix("Rapport sur l’enfance\n".encode()) == ".txt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert sniff_suffix(buffer.getvalue()) == ".docx"
    with pytest.raises(UnsupportedTypeError):
        sniff_suffix(b"   \n")


REPORT = """KINSHIP CARE REVIEW 2024

Report by the Director of Children's Services

1. Introduction

1. This review looks at zebrafish-coloured kinship placements across the county in 2024.

2. The council agreed to pay kinship carers a weekly allowance of £250 from April 2024.

3. Fourteen families joined the kinship pilot during the year.
"""


@pytest.mark.slow
def test_a_good_upload_swaps_in_a_new_index_while_searches_keep_answering(
    api_settings: Settings, tmp_path: Path, srv: ModuleType
) -> None:
    settings = srv.copy_index(api_settings, tmp_path / "data", server={"admin_token": "s3cret"})
    statuses: list[int] = []
    stop = threading.Event()

    with srv.LiveServer(create_app(settings), ready_path="/readyz") as server:
        before = httpx.get(server.url + "/readyz").json()

        def keep_searching() -> None:
            with httpx.Client(base_url=server.url, timeout=60) as c:
                while not stop.is_set():
                    r = c.post("/search", json={"query": "foster care placements", "k": 3})
                    statuses.append(r.status_code)

        searcher = threading.Thread(target=keep_searching)
        searcher.start()
        try:
            started = time.monotonic()
            response = httpx.post(
                server.url + "/documents",
                files={"file": ("whatever.bin", REPORT.encode(), "text/plain")},
                data={"title": "Kinship care review", "year": "2024", "kind": "annual_report"},
                headers=TOKEN,
                timeout=600,
            )
            took = time.monotonic() - started
        finally:
            time.sleep(0.5)
            stop.set()
            searcher.join(timeout=60)
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["id"] == "kinship-care-review-2024"
        assert created["stored_as"] == created["sha256"] + ".txt"
        assert created["documents"] == before["documents"] + 1
        assert created["chunks"] > before["chunks"]
        # searches went on, all answered, while the index was rebuilt
        assert len(statuses) >= 3, (statuses, took)
        assert set(statuses) == {200}, statuses

        after = httpx.get(server.url + "/readyz").json()
        assert after["index"] == created["index"] != before["index"]
        assert after["documents"] == created["documents"]
        ids = [d["id"] for d in httpx.get(server.url + "/documents").json()["documents"]]
        assert "kinship-care-review-2024" in ids
        hits = httpx.post(
            server.url + "/search", json={"query": "zebrafish-coloured kinship placements", "k": 3}
        ).json()["results"]
        assert hits[0]["document_id"] == "kinship-care-review-2024"
        text = httpx.get(server.url + "/documents/kinship-care-review-2024/text").json()["text"]
        assert hits[0]["text"] == text[hits[0]["start"] : hits[0]["end"]]

    stored = settings.index.data_dir / "uploads" / created["stored_as"]
    assert stored.read_bytes() == REPORT.encode()
    assert not list((settings.index.data_dir / "uploads").glob("*passwd*"))
    assert not list((settings.index.data_dir / "uploads").glob("whatever*"))
