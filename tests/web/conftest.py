"""Fixtures of the browser test: the index built once per process and a real uvicorn server,
from the helpers the API tests use (tests/api/serving.py, loaded by path)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from corpus.settings import Settings
from service.api import create_app


def _serving() -> ModuleType:
    name = "scrutiny_test_serving"  # the same name as tests/api/conftest.py: one module, one index
    if name not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "api" / "serving.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


serving = _serving()


@pytest.fixture(scope="session")
def web_settings(built_settings: Settings) -> Settings:
    """The index of the shipped corpus that tests/conftest.py builds once per session."""
    return built_settings


@pytest.fixture(scope="session")
def web_url(web_settings: Settings) -> Iterator[str]:
    with serving.LiveServer(create_app(web_settings), ready_path="/readyz") as server:
        yield server.url


_SHOTS: list[Path] = []


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser test saves its screenshots (printed at the end of the run)."""
    folder = tmp_path_factory.mktemp("screenshots")
    _SHOTS.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for folder in _SHOTS:
        terminalreporter.write_line(f"browser screenshots: {folder}")
