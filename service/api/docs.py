"""Interactive API docs at /docs served from the swagger-ui-bundle package, so the page works on
an intranet with no internet (FastAPI's default loads Swagger UI from a CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["install_docs"]

ASSETS = "/docs-assets"


def install_docs(app: FastAPI) -> None:
    import swagger_ui_bundle

    app.mount(
        ASSETS, StaticFiles(directory=Path(swagger_ui_bundle.swagger_ui_path)), name="docs-assets"
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI for the OpenAPI description, with local assets."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="scrutiny API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )
