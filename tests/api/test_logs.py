"""Structured logs: one JSON object a line on stderr, with an error's traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from service.logs import configure_logging


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    """`configure_logging` sets up the root logger for a process; put back pytest's."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_log_line_is_json_with_its_extra_fields_and_an_error_s_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO")
    log = logging.getLogger("scrutiny.test")
    log.info("indexed", extra={"chunks": 782})
    try:
        raise ValueError("a bad batch")
    except ValueError as exc:
        log.error("unhandled error", exc_info=exc, extra={"path": "/ask"})
    first, second = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert first["event"] == "indexed" and first["chunks"] == 782 and first["level"] == "info"
    assert "exception" not in first
    assert second["path"] == "/ask"
    assert "ValueError: a bad batch" in second["exception"]
    assert "Traceback" in second["exception"]
