"""`scrutiny documents` and `scrutiny show`: the shipped (or indexed) documents and outlines."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from corpus.ingest import ingest
from corpus.models import Document
from service.cli import JsonOpt, app, err, handles_errors, out, print_json, settings
from service.outline import document_summary, outline


def _documents() -> dict[str, Document]:
    report = ingest(settings())
    for e in report.errors:
        err.print(f"[red]skipped[/] {e}")
    return {d.id: d for d in report.documents}


@app.command()
@handles_errors
def documents(json_: JsonOpt = False) -> None:
    """List the documents of the corpus manifest."""
    docs = _documents()
    rows = [document_summary(d) for d in docs.values()]
    if json_:
        print_json({"documents": rows})
        return
    table = Table(title="scrutiny corpus")
    for col in (
        "id",
        "year",
        "date",
        "kind",
        "status",
        "relations",
        "paragraphs",
        "blocks",
        "pages",
    ):
        table.add_column(col)
    for r in rows:
        rel = ", ".join(f"{x['type']} {x['target']}" for x in r["relations"])
        table.add_row(
            r["id"],
            str(r["year"]),
            r["date"],
            r["kind"],
            r["status"],
            rel,
            str(r["paragraphs"]),
            str(r["blocks"]),
            str(r["pages"] or "-"),
        )
    out.print(table)


@app.command()
@handles_errors
def show(
    doc_id: Annotated[str, typer.Argument(help="document id (see `scrutiny documents`)")],
    json_: JsonOpt = False,
    full: Annotated[bool, typer.Option(help="every block, not only the outline")] = False,
) -> None:
    """Print a document's outline: sections, numbered paragraphs, tables, with offsets."""
    from corpus.errors import NotFoundError

    docs = _documents()
    if doc_id not in docs:
        raise NotFoundError(f"no document {doc_id!r}", fix=f"use one of: {', '.join(docs)}")
    doc = docs[doc_id]
    items = outline(doc, full)
    if json_:
        print_json({"document": document_summary(doc), "outline": items})
        return
    out.print(f"[bold]{doc.meta.title}[/] ({doc.meta.year}, {doc.meta.status}, {doc.reader})")
    for it in items:
        span = (
            f"[dim]{it['start']:>6}-{it['end']:<6}{' p' + str(it['page']) if it['page'] else ''}[/]"
        )
        if it["kind"] == "heading":
            indent = "  " * max(0, it.get("level", 1) - 1)
            out.print(f"{span} {indent}[bold cyan]{it['text']}[/]")
        elif it["kind"] == "table":
            out.print(
                f"{span}     [magenta]table[/] {it.get('caption') or ''} "
                f"({len(it['rows'])} rows; columns: {', '.join(it['columns']) or 'unnamed'})"
            )
        else:
            label = f"¶{it['paragraph']}" if it.get("paragraph") else it["kind"]
            out.print(f"{span}     [green]{label}[/] {it['text'][:90]}")
