"""The one JSON error shape of the API, `{"error": {"code", "message", "detail"?}}`, and the
handlers that turn every failure (domain errors, validation, unknown routes, crashes) into it.

Domain errors stay in `corpus.errors`; the few that only exist at the HTTP edge live here."""

from __future__ import annotations

import logging
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from corpus.errors import ScrutinyError

__all__ = [
    "NotImplementedYetError",
    "NotReadyError",
    "PayloadTooLargeError",
    "UnauthorizedError",
    "UnsupportedTypeError",
    "UploadsDisabledError",
    "error_body",
    "error_response",
    "install_error_handlers",
    "validation_message",
]

log = logging.getLogger(__name__)


class UploadsDisabledError(ScrutinyError):
    code = "uploads_disabled"
    status = 403


class UnauthorizedError(ScrutinyError):
    code = "unauthorized"
    status = 401


class PayloadTooLargeError(ScrutinyError):
    code = "too_large"
    status = 413


class UnsupportedTypeError(ScrutinyError):
    code = "unsupported_type"
    status = 415


class NotReadyError(ScrutinyError):
    code = "not_ready"
    status = 503


class NotImplementedYetError(ScrutinyError):
    code = "not_implemented"
    status = 501


# the codes of the plain HTTP errors Starlette raises itself (unknown route, wrong method, ...)
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "not_ready",
}


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if detail is not None:
        body["detail"] = jsonable_encoder(detail)
    return {"error": body}


def error_response(
    status: int,
    code: str,
    message: str,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, detail), status_code=status, headers=headers)


def _scrutiny_detail(exc: ScrutinyError) -> Any:
    if exc.fix is None:
        return exc.detail
    if exc.detail is None:
        return {"fix": exc.fix}
    if isinstance(exc.detail, dict):
        return {**exc.detail, "fix": exc.fix}
    return {"fix": exc.fix, "info": exc.detail}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "k")` -> `k`; `("query", "measure")` -> `measure`; the body itself -> `body`."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "request"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def validation_message(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """One sentence naming the first bad field and why, plus a detail entry per problem."""
    details: list[dict[str, Any]] = []
    for err in errors:
        loc = err.get("loc", ())
        kind = err.get("type", "")
        if kind == "json_invalid":
            reason = err.get("ctx", {}).get("error", "invalid JSON")
            problem = f"the body is not valid JSON ({reason})"
            details.append({"field": "body", "problem": problem})
            continue
        entry: dict[str, Any] = {"field": _field(loc), "problem": err.get("msg", "is invalid")}
        if kind != "missing" and "input" in err and len(loc) > 1:
            entry["got"] = _shown(err["input"])
        details.append(entry)
    if not details:
        return "the request is invalid", details
    first = details[0]
    if first["field"] == "body" and first["problem"].startswith("the body"):
        message = first["problem"]
    else:
        message = f"{first['field']}: {first['problem']}"
        if "got" in first:
            message += f" (got {first['got']})"
    if len(details) > 1:
        message += f"; and {len(details) - 1} more problem(s), see detail"
    return message, details


async def _on_scrutiny(_: Request, exc: Exception) -> JSONResponse:
    exc = cast(ScrutinyError, exc)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, UnauthorizedError) else None
    return error_response(exc.status, exc.code, exc.message, _scrutiny_detail(exc), headers)


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    exc = cast(RequestValidationError, exc)
    message, details = validation_message(list(exc.errors()))
    return error_response(422, "invalid_request", message, details)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(StarletteHTTPException, exc)
    code = _HTTP_CODES.get(exc.status_code, "error")
    if exc.status_code == 404:
        message = f"no such endpoint: {request.method} {request.url.path}"
        detail: Any = {"fix": "see /docs for the endpoints"}
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
        detail = {"allowed": (exc.headers or {}).get("Allow", "")} if exc.headers else None
    else:
        message = str(exc.detail)
        detail = None
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, code, message, detail, headers)


async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "unhandled error",
        exc_info=exc,
        extra={"path": request.url.path, "method": request.method},
    )
    return error_response(
        500,
        "internal_error",
        "the server failed on this request",
        {"fix": "try again; if it persists, report it with the time of the request"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ScrutinyError, _on_scrutiny)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_crash)
