"""Shared fixtures: the shipped corpus is parsed once per session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from corpus import Document, Settings, ingest


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("data")
    return Settings(index={"data_dir": data})


@pytest.fixture(scope="session")
def documents(settings: Settings) -> dict[str, Document]:
    report = ingest(settings)
    assert not report.errors, report.errors
    return {d.id: d for d in report.documents}
