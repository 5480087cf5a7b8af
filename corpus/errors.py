"""Domain exceptions shared by every layer.

Each error names the thing that is wrong, why, and how to fix it. The CLI and the HTTP API
translate them into messages at the edge; nothing below the edge prints or exits.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BadRequestError",
    "IndexMismatchError",
    "IndexMissingError",
    "IngestError",
    "ManifestError",
    "NotFoundError",
    "ScrutinyError",
]


class ScrutinyError(Exception):
    """Base class: `code` is a stable machine-readable name, `fix` tells the user what to do."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, fix: str | None = None, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


class ManifestError(ScrutinyError):
    code = "bad_manifest"
    status = 500


class IngestError(ScrutinyError):
    """One file could not be read; the others still ingest."""

    code = "ingest_failed"
    status = 422

    def __init__(self, path: str, reason: str, *, fix: str | None = None) -> None:
        super().__init__(f"{path}: {reason}", fix=fix, detail={"file": path, "reason": reason})
        self.path = path
        self.reason = reason


class NotFoundError(ScrutinyError):
    code = "not_found"
    status = 404


class BadRequestError(ScrutinyError):
    code = "bad_request"
    status = 422


class IndexMissingError(ScrutinyError):
    code = "index_missing"
    status = 503


class IndexMismatchError(ScrutinyError):
    code = "index_mismatch"
    status = 503
