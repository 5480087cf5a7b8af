"""`scrutiny ask`: an answer with numbered citations, or a plain statement that the reports do
not answer."""

from __future__ import annotations

from typing import Annotated

import typer

from service.answer import answer
from service.cli import JsonOpt, app, handles_errors, out, print_json, settings
from service.cli_index import DocOpt, YearOpt
from service.engine import Engine


@app.command()
@handles_errors
def ask(
    question: Annotated[str, typer.Argument(help="a question in plain English")],
    k: Annotated[int, typer.Option(help="passages to show as evidence")] = 5,
    year: YearOpt = None,
    document: DocOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Answer a question from the reports, citing document, year, section, paragraph and quote."""
    result = answer(Engine(settings()), question, k, year or [], document or [])
    if json_:
        print_json(result.to_json())
        return
    if result.abstained:
        out.print(f"[bold yellow]{result.notes[0]}[/]")
        for note in result.notes[1:]:
            out.print(f"[yellow]{note}[/]")
        for p in result.passages[:3]:
            para = f", ¶{p['paragraph']}" if p["paragraph"] else ""
            out.print(f"  [dim]{p['title']} ({p['year']}) — {p['section']}{para}[/]")
            out.print(f"  {p['text'][:200]}…")
        return
    out.print(f"[bold]{result.answer}[/]")
    out.print(f"[dim]confidence {result.confidence:.2f}[/]")
    for n, c in enumerate(result.citations, start=1):
        bits = [f"{c.title} ({c.year})", c.section or "(no section)"]
        if c.paragraph:
            bits.append(f"¶{c.paragraph}")
        if c.page:
            bits.append(f"p.{c.page}")
        out.print(f"[cyan][{n}][/] {' — '.join(bits)}")
        out.print(f"    “{c.quote}”")
    for note in result.notes:
        out.print(f"[dim]{note}[/]")
