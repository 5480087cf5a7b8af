"""Helpers shared by the API and web tests (loaded by path from both conftests): a private copy of
a built index, and a real uvicorn server on a free port. The index itself is the session fixture
of tests/conftest.py."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import httpx
import uvicorn
from fastapi import FastAPI

from corpus.settings import Settings


def copy_index(settings: Settings, target: Path, **overrides: object) -> Settings:
    """A private copy of a built index (with its embedding cache), for tests that change it."""
    shutil.copytree(settings.index.data_dir, target, dirs_exist_ok=True)
    data = settings.model_dump()
    data["index"]["data_dir"] = target
    for group, values in overrides.items():
        assert isinstance(values, dict)
        data[group].update(values)
    return Settings(**data)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LiveServer:
    """uvicorn serving `app` on 127.0.0.1:<free port> in a thread, until the block ends."""

    def __init__(self, app: FastAPI, ready_path: str = "/healthz", timeout: float = 120.0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_config=None,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=5,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)
        self.ready_path = ready_path
        self.timeout = timeout

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.server.started:
                try:
                    if httpx.get(self.url + self.ready_path, timeout=5).status_code < 500:
                        return self
                except httpx.TransportError:
                    pass
            if not self.thread.is_alive():
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the test server did not start on {self.url}")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
