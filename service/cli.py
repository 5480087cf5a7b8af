"""The `scrutiny` command line. Errors are printed as one line naming the fix, never a traceback."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from corpus.errors import ScrutinyError
from corpus.settings import Settings, get_settings
from service.logs import configure_logging

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Question council reports, with citations."
)
out = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def settings() -> Settings:
    s = get_settings()
    configure_logging(s.log_level)
    return s


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def handles_errors(fn: F) -> F:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ScrutinyError as exc:
            err.print(f"[bold red]error:[/] {exc.message}")
            if exc.fix:
                err.print(f"[yellow]fix:[/] {exc.fix}")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from service import cli_corpus, cli_index  # noqa: F401  (register commands)

    for optional in ("service.cli_answer", "service.cli_compare", "service.cli_serve", "eval.cli"):
        try:
            __import__(optional)
        except ModuleNotFoundError as exc:
            if exc.name != optional:
                raise
    app()


def path_list(paths: list[Path] | None) -> list[Path]:
    return list(paths or [])
