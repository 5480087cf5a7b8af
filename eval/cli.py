"""`scrutiny eval`: run the evaluation harness on a split of the gold set.

Registered on `service.cli.app` when `service.cli.main` imports this module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eval.harness import DEFAULT_VARIANTS, run_eval, variant_rows
from service.cli import app, err, handles_errors, out, settings

__all__ = ["eval_command"]


@app.command("eval")
@handles_errors
def eval_command(
    split: Annotated[
        str, typer.Option("--split", help="dev, test or all (tune on dev; report test)")
    ] = "test",
    variants: Annotated[
        str, typer.Option("--variants", help="comma-separated retrieval variants")
    ] = ",".join(DEFAULT_VARIANTS),
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", help="where results.json and report.md go (default: eval/results/SPLIT)"
        ),
    ] = None,
    gold: Annotated[
        Path | None, typer.Option("--gold", help="a gold directory other than eval/gold")
    ] = None,
    skip: Annotated[
        str, typer.Option("--skip", help="parts not to run: answers, comparison (comma-separated)")
    ] = "",
) -> None:
    """Evaluate retrieval (every variant), answers and comparison against the gold set."""
    if split not in ("dev", "test", "all"):
        err.print(f"[bold red]error:[/] unknown split {split!r}")
        err.print("[yellow]fix:[/] use --split dev, test or all")
        raise typer.Exit(2)
    chosen = [v.strip() for v in variants.split(",") if v.strip()]
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
    ) as bar:
        results = run_eval(
            settings(),
            split=split,
            variants=chosen,
            out_dir=out_dir,
            progress=bar,
            gold_dir=gold,
            skip=[p.strip() for p in skip.split(",") if p.strip()],
        )
    print_summary(results)


def print_summary(results: dict[str, Any]) -> None:
    meta = results["meta"]
    header, rows = variant_rows(results)
    table = Table(
        title=f"retrieval on {meta['split']} ({meta['answerable']} answerable questions)",
        title_justify="left",
    )
    for i, h in enumerate(header):
        table.add_column(h, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(f"{c:.3f}" if isinstance(c, float) else str(c) for c in row))
    out.print(table)
    answers, comparison = results["answers"], results["comparison"]
    if "skipped" in answers:
        out.print(f"[dim]answers skipped: {answers['skipped']}[/]")
    else:
        s = answers["summary"]
        out.print(
            f"answers: accuracy {s['accuracy']:.3f}, citation validity "
            f"{s['citation_validity']:.3f}, abstention {s['abstention_rate']:.3f}, "
            f"false abstention {s['false_abstention_rate']:.3f}"
        )
        for name, v in answers.get("variants", {}).items():
            out.print(
                f"  variant {name}: accuracy {v['accuracy']:.3f}, abstention "
                f"{v['abstention_rate']:.3f}, false abstention {v['false_abstention_rate']:.3f}"
            )
    if "skipped" in comparison:
        out.print(f"[dim]comparison skipped: {comparison['skipped']}[/]")
    elif "overall" in comparison["alignment"]:
        a = comparison["alignment"]["overall"]
        out.print(
            f"alignment ({a['gold_topics']} {meta['split']} topics): precision "
            f"{a['precision']:.3f}, recall {a['recall']:.3f}, F1 {a['f1']:.3f}"
        )
    cost = results["cost"]
    out.print(
        f"peak RSS {cost['peak_rss_mb']} MB; torch_threads {cost['torch_threads']}; "
        f"took {meta['seconds']} s"
    )
    out_dir = meta.get("out_dir")
    if out_dir:
        out.print(f"wrote {out_dir}/results.json and {out_dir}/report.md")
