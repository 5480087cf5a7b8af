"""`scrutiny align`, `compare`, `figures` and `diff`."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli import JsonOpt, app, handles_errors, out, print_json, settings
from service.compare import align as align_sections
from service.compare import compare_topic, redline
from service.compare import figures as figure_series
from service.engine import Engine

_COLOURS = {"insert": "green", "delete": "red"}


@app.command()
@handles_errors
def align(
    document: Annotated[list[str] | None, typer.Option("--documents", help="document ids")] = None,
    json_: JsonOpt = False,
) -> None:
    """Align the reports' sections into topics, year by year."""
    groups = align_sections(Engine(settings()), document or None)
    if json_:
        print_json({"groups": [g.model_dump() for g in groups]})
        return
    for g in groups:
        out.print(f"[bold]{g.label}[/]")
        for year, members in g.members.items():
            where = ", ".join(
                (
                    f"¶{m.paragraph}"
                    if m.paragraph
                    else (m.section.split(" > ")[-1][:40] or m.document_id)
                )
                for m in members
            )
            out.print(f"  [cyan]{year}[/] {where}")
        if g.absent_years:
            out.print(f"  [dim]nothing in {', '.join(map(str, g.absent_years))}[/]")


@app.command()
@handles_errors
def compare(
    topic: Annotated[str, typer.Argument(help="a topic, e.g. 'foster carer recruitment'")],
    year: Annotated[list[int] | None, typer.Option("--years", help="report years")] = None,
    json_: JsonOpt = False,
) -> None:
    """What changed on a topic across the years: passages per year, figures and changes."""
    report = compare_topic(Engine(settings()), topic, year or None)
    if json_:
        print_json(report.model_dump())
        return
    for y in report.years:
        out.print(f"[bold cyan]{y}[/]")
        for p in report.passages.get(y, [])[:2]:
            para = f" ¶{p.paragraph}" if p.paragraph else ""
            out.print(f"  [dim]{p.section[:60]}{para}[/] {p.quote[:220]}")
    if report.changes:
        out.print("[bold]Changes[/]")
        for c in report.changes:
            out.print(f"  - {c.text}")


@app.command()
@handles_errors
def figures(
    measure: Annotated[str | None, typer.Argument(help="a measure, e.g. 'foster carers'")] = None,
    json_: JsonOpt = False,
) -> None:
    """Figures over time: cited values of each measure in date order."""
    series = figure_series(Engine(settings()), measure)
    if json_:
        print_json({"series": [s.model_dump() for s in series]})
        return
    for s in series:
        out.print(f"[bold]{s.measure}[/] ({s.unit})")
        for v in s.values:
            period = f" [{v.period}]" if v.period else ""
            para = f" ¶{v.paragraph}" if v.paragraph else ""
            out.print(f"  {v.year}: [cyan]{v.text}[/] {v.unit}{period} — {v.document_id}{para}")
        if s.note:
            out.print(f"  [yellow]{s.note}[/]")


@app.command()
@handles_errors
def diff(
    doc_a: Annotated[str, typer.Argument(help="the earlier version, e.g. cabinet-2012-draft")],
    doc_b: Annotated[str, typer.Argument(help="the later version, e.g. cabinet-2012")],
    json_: JsonOpt = False,
) -> None:
    """Redline two versions: paragraphs added, removed, changed and moved."""
    r = redline(Engine(settings()), doc_a, doc_b)
    if json_:
        print_json(r.model_dump())
        return
    out.print(
        f"[bold]{r.a} → {r.b}[/]: {len(r.changes)} changes, {len(r.formatting)} formatting only, {r.unchanged} unchanged"
    )
    for c in r.changes:
        label = f"¶{c.a_paragraph or '-'} → ¶{c.b_paragraph or '-'}"
        out.print(f"[bold]{c.kind}[/] {label}")
        if c.kind == "added" and c.b:
            out.print(f"  [green]+ {c.b.quote[:300]}[/]")
        elif c.kind == "removed" and c.a:
            out.print(f"  [red]- {c.a.quote[:300]}[/]")
        for w in c.words:
            if w.op != "equal":
                sign = "+" if w.op == "insert" else "-"
                out.print(f"  [{_COLOURS[w.op]}]{sign} {w.text}[/]")
