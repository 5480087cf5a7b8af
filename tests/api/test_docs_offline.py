"""The API docs page works without the internet: its assets are served by the app."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_docs_page_uses_local_assets(empty_client: TestClient) -> None:
    page = empty_client.get("/docs")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "cdn." not in page.text and "https://" not in page.text.split("<body>")[0]
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert empty_client.get(f"/docs-assets/{asset}").status_code == 200
