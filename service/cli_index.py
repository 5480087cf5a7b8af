"""`scrutiny ingest`, `scrutiny search` and `scrutiny glossary`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from index.build import build_index
from index.models import Filters
from service.cli import JsonOpt, app, err, handles_errors, out, print_json, settings
from service.compare.align import warm_parts
from service.engine import Engine
from service.render import search_json

YearOpt = Annotated[list[int] | None, typer.Option("--year", help="only these report years")]
DocOpt = Annotated[list[str] | None, typer.Option("--document", help="only these document ids")]


@app.command()
@handles_errors
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="extra files to add")] = None,
) -> None:
    """Build or update the index from the manifest (and any extra files)."""
    s = settings()
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or 1)
            bar.update(tasks[stage], completed=done, total=total or 1)

        report = build_index(s, paths or [], progress=progress)
        if not report.errors:
            # the section parts that aligning reads alone, embedded now rather than on the
            # first `scrutiny align`
            warm_parts(Engine(s), lambda done, total: progress("alignment parts", done, total))
    for e in report.errors:
        err.print(f"[red]skipped[/] {e}")
    m = report.manifest
    out.print(
        f"indexed {m.documents} documents, {m.chunks} chunks "
        f"({report.embedded} embedded, {report.cached} from cache) in "
        f"{time.perf_counter() - started:.1f}s -> {report.path}"
    )
    if report.errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def search(
    query: Annotated[str, typer.Argument(help="what to look for")],
    k: Annotated[int, typer.Option(help="how many passages")] = 5,
    year: YearOpt = None,
    document: DocOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Ranked, citable passages for a query."""
    engine = Engine(settings())
    hits = engine.retriever.search(query, k, Filters(years=year or [], documents=document or []))
    if json_:
        print_json(search_json(query, hits))
        return
    for h in hits:
        c = h.chunk
        where = f"{c.title} ({c.year})"
        para = f", ¶{c.paragraph}" if c.paragraph else ""
        page = f", p.{c.page}" if c.page else ""
        out.print(
            f"[bold]{h.rank}.[/] [cyan]{where}[/] — {c.section or '(no section)'}{para}{page}"
        )
        out.print(f"   {c.text[:300]}{'…' if len(c.text) > 300 else ''}")
        if h.also_in:
            out.print("   [dim](the draft has this passage too)[/]")


@app.command()
@handles_errors
def glossary(json_: JsonOpt = False) -> None:
    """The acronyms mined from the corpus, the era synonyms used to expand queries and the other
    ways a question may name one of them."""
    g = Engine(settings()).retriever.index.glossary
    if json_:
        print_json(g.model_dump())
        return
    out.print("[bold]Acronyms found in the reports[/]")
    for acr, longs in g.acronyms.items():
        out.print(f"  [cyan]{acr}[/] = {'; '.join(longs)}")
    out.print("[bold]Era synonyms[/]")
    for group in g.groups:
        out.print("  " + " / ".join(group))
    out.print("[bold]Other ways a question names a phrase[/]")
    for v in g.variants:
        out.print(f"  {v.phrase} <- {v.pattern}", markup=False, highlight=False)
