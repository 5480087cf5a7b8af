"""Shared fixtures: the shipped corpus is parsed once per session."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from corpus import Document, Settings, ingest
from corpus.settings import IndexSettings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("data")
    return Settings(index=IndexSettings(data_dir=data))


@pytest.fixture(scope="session")
def documents(settings: Settings) -> dict[str, Document]:
    report = ingest(settings)
    assert not report.errors, report.errors
    return {d.id: d for d in report.documents}


@pytest.fixture(scope="session")
def built_settings(settings: Settings) -> Settings:
    """The shipped corpus indexed once per session into a temporary data dir (about a minute
    with the real model on two cores). Tests that use it are marked slow."""
    from index.build import build_index

    build_index(settings)
    return settings


@pytest.fixture(scope="session")
def engine(built_settings: Settings) -> Any:
    from service.engine import Engine

    return Engine(built_settings)
