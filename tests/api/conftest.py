"""Fixtures of the API tests: an app over an empty data directory (no index, no model: fast),
and, for the tests marked slow, an index of the shipped corpus built once per session with a
TestClient and a real uvicorn server over it."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corpus.settings import Settings
from service.api import create_app
from service.api.deps import load_engine
from service.engine import Engine


def _serving() -> ModuleType:
    """tests/ is not a package: load the shared helpers by path, once per process."""
    name = "scrutiny_test_serving"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("serving.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


serving = _serving()


@pytest.fixture(scope="session")
def srv() -> ModuleType:
    """The shared helpers (LiveServer, copy_index, free_port)."""
    return serving


# -- no index: fast ---------------------------------------------------------------------------
@pytest.fixture
def empty_settings(tmp_path: Path) -> Settings:
    return Settings.model_validate(
        {"index": {"data_dir": tmp_path / "data"}, "server": {"admin_token": "s3cret"}}
    )


@pytest.fixture
def empty_client(empty_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(empty_settings), raise_server_exceptions=False) as client:
        yield client


# -- the shipped corpus, indexed once: slow ---------------------------------------------------
@pytest.fixture(scope="session")
def api_settings(built_settings: Settings) -> Settings:
    """The index of the shipped corpus that tests/conftest.py builds once per session."""
    return built_settings


@pytest.fixture(scope="session")
def engine(api_settings: Settings) -> Engine:
    return load_engine(api_settings)


@pytest.fixture(scope="session")
def client(api_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings, engine), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def live_url(api_settings: Settings, engine: Engine) -> Iterator[str]:
    with serving.LiveServer(create_app(api_settings, engine), ready_path="/readyz") as server:
        yield server.url


def check_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "detail"?}}, never a traceback.
    `response` is an httpx response (TestClient's or a real client's)."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message"} <= set(error) <= {"code", "message", "detail"}, error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"], error
    assert "Traceback" not in response.text and 'File "' not in response.text
    if code is not None:
        assert error["code"] == code, error
    result: dict[str, Any] = error
    return result


@pytest.fixture(scope="session")
def expect_error() -> Callable[..., dict[str, Any]]:
    """`expect_error(response, status, code=None)` asserts the error shape, returns the error."""
    return check_error
