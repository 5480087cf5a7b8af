"""`scrutiny serve`: the HTTP API and the web page, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli import app, err, handles_errors, settings


@app.command()
@handles_errors
def serve(
    host: Annotated[str | None, typer.Option(help="bind address [default: server.host]")] = None,
    port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="port [default: server.port]")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=16, help="worker processes [default: server.workers]"),
    ] = None,
) -> None:
    """Serve the API and the web page; each worker loads the index and the model once."""
    import uvicorn

    s = settings()
    bind_host = host or s.server.host
    bind_port = s.server.port if port is None else port
    n = workers or s.server.workers
    err.print(f"scrutiny: serving http://{bind_host}:{bind_port}/ with {n} worker(s)")
    if n == 1:
        from service.api import create_app

        uvicorn.run(
            create_app(s),
            host=bind_host,
            port=bind_port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
        )
        return
    # several workers are separate processes: each builds its app from the same settings
    # source (SCRUTINY_* environment or SCRUTINY_CONFIG), through the factory
    uvicorn.run(
        "service.api:app_factory",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=n,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
