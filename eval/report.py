"""The Markdown report of an evaluation run (the tables the README quotes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["RETRIEVAL_COLUMNS", "render_report", "variant_rows"]


RETRIEVAL_COLUMNS = (
    ("hit@5", "hit@5"),
    ("recall@5", "recall@5"),
    ("hit@10", "hit@10"),
    ("recall@10", "recall@10"),
    ("mrr", "MRR"),
    ("ndcg@10", "nDCG@10"),
    ("years@10", "years@10"),
)


def _f(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_f(c) for c in row) + " |" for row in rows]
    return lines


def variant_rows(results: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The side-by-side variants table (also printed by the CLI)."""
    header = ["variant", *(h for _, h in RETRIEVAL_COLUMNS), "p50 ms", "p95 ms"]
    rows = []
    for v, r in results["retrieval"].items():
        o, lat = r["overall"], r["latency_ms"]
        rows.append(
            [v, *(o.get(k) for k, _ in RETRIEVAL_COLUMNS), _ms(lat.get("p50")), _ms(lat.get("p95"))]
        )
    return header, rows


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def render_report(results: dict[str, Any]) -> str:
    meta, index, cost = results["meta"], results["index"], results["cost"]
    lines = [f"# scrutiny evaluation: {meta['split']} split", ""]
    lines += [
        f"- command: `{meta['command']}`",
        f"- timestamp: {meta['timestamp']}; commit: `{meta['git_commit'] or 'unknown'}`; "
        f"settings hash: `{meta['settings_hash']}`",
        f"- questions: {meta['questions']} ({meta['answerable']} answerable); by kind: "
        + ", ".join(f"{k} {n}" for k, n in meta["by_kind"].items()),
        f"- index: {index['documents']} documents, {index['chunks']} chunks; "
        + (
            f"built by this run in {index['build_seconds']} s"
            if index["built_now"]
            else f"built earlier in {index['build_seconds']} s"
        ),
        f"- evidence matching: normalised substring or rapidfuzz partial_ratio ≥ "
        f"{meta['fuzzy_threshold']:g}; retrieval k = {meta['k']}",
        "",
        "## Retrieval: variants side by side",
        "",
        "Answerable questions only; years@10 over the change questions only.",
        "",
    ]
    header, rows = variant_rows(results)
    lines += _table(header, rows)

    main = "full" if "full" in results["retrieval"] else next(iter(results["retrieval"]))
    per_kind = results["retrieval"][main]["per_kind"]
    lines += ["", f"## Retrieval per kind ({main})", ""]
    lines += _table(
        ["kind", "n", *(h for _, h in RETRIEVAL_COLUMNS)],
        [[k, o["n"], *(o.get(m) for m, _ in RETRIEVAL_COLUMNS)] for k, o in per_kind.items()],
    )

    lines += ["", "## Evidence never in the top 10", ""]
    missed_rows = []
    for v, r in results["retrieval"].items():
        missed = [q for q in r["per_question"] if q.get("hit@10") == 0.0]
        missed_rows.append(
            [
                v,
                len(missed),
                ", ".join(
                    f"{q['id']}" + (f" (@{q['deep_rank']})" if q.get("deep_rank") else " (>100)")
                    for q in missed
                )
                or "none",
            ]
        )
    lines += _table(
        ["variant", "missed", "questions (rank of first evidence, within 100)"], missed_rows
    )
    unreachable = results["evidence"]["unreachable"]
    if unreachable:
        lines += ["", "Evidence quotes contained in no chunk of the index (unreachable):", ""]
        for qid, quotes in unreachable.items():
            lines += [f"- {qid}: " + "; ".join(f"“{q}”" for q in quotes)]

    lines += ["", "## Cost", ""]
    lat_rows = [
        [f"search ({v})", lat["n"], _ms(lat["p50"]), _ms(lat["p95"])]
        for v, lat in cost["search_latency_ms"].items()
    ]
    if cost.get("ask_latency_ms"):
        a = cost["ask_latency_ms"]
        lat_rows.append(["ask", a["n"], _ms(a["p50"]), _ms(a["p95"])])
    lines += _table(["operation", "n", "p50 ms", "p95 ms"], lat_rows)
    lines += [
        "",
        f"One untimed warm-up query per variant first; torch_threads = {cost['torch_threads']} "
        f"(torch reports {cost['torch_threads_actual'] or 'not loaded'}), query encoder = "
        f"{cost['query_encoder']}; peak RSS {cost['peak_rss_mb']} MB"
        + (" (includes the index build)" if index["built_now"] else "")
        + ".",
    ]

    lines += ["", "## Answers", ""]
    answers = results["answers"]
    if "skipped" in answers:
        lines += [f"_Skipped: {answers['skipped']}._"]
    else:
        s = answers["summary"]
        lines += _table(
            ["metric", "value"],
            [
                ["accuracy (answerable)", s["accuracy"]],
                ["citation validity", s["citation_validity"]],
                ["citation support (answered)", s["citation_support"]],
                ["abstention rate (unanswerable)", s["abstention_rate"]],
                ["false abstention rate (answerable)", s["false_abstention_rate"]],
                ["errors", s["errors"]],
            ],
        )
        variants = answers.get("variants", {})
        if variants:
            lines += ["", "Beside simpler variants (same questions):", ""]
            lines += _table(
                ["variant", "accuracy", "support", "abstention", "false abstention"],
                [
                    [
                        name,
                        v["accuracy"],
                        v["citation_support"],
                        v["abstention_rate"],
                        v["false_abstention_rate"],
                    ]
                    for name, v in {"full": s, **variants}.items()
                ],
            )
        lines += ["", "Accuracy per kind:", ""]
        lines += _table(
            ["kind", "n", "accuracy"],
            [[k, o["n"], o["accuracy"]] for k, o in s["per_kind"].items()],
        )

    lines += ["", "## Comparison", ""]
    comparison = results["comparison"]
    if "skipped" in comparison:
        lines += [f"_Skipped: {comparison['skipped']}._"]
    else:
        lines += [f"_{comparison['note']}._", ""]
        al = comparison["alignment"]
        if "skipped" in al:
            lines += [f"Alignment skipped: {al['skipped']}."]
        else:
            o = al["overall"]
            lines += [
                f"Alignment ({o['gold_topics']} {meta['split']} topics): precision "
                f"{_f(o['precision'])}, recall {_f(o['recall'])}, "
                f"F1 {_f(o['f1'])} (macro F1 {_f(o['macro_f1'])}); {o['system_groups']} system "
                f"groups, {o['unpaired_groups']} paired with no gold topic.",
                "",
            ]
            lines += _table(
                ["topic", "system group", "precision", "recall", "F1", "gold matched"],
                [
                    [
                        t["topic"],
                        t["group"] or "–",
                        t["precision"],
                        t["recall"],
                        t["f1"],
                        f"{t['matched_gold']}/{t['gold_members']}",
                    ]
                    for t in al["per_topic"]
                ],
            )
        rl = comparison["redline"]
        lines += [""]
        if "skipped" in rl:
            lines += [f"Redline skipped: {rl['skipped']}."]
        else:
            lines += _table(
                ["redline", "precision", "recall", "recall (non-minor)", "F1", "kind agreement"],
                [
                    [
                        f"{rl['a']} → {rl['b']}",
                        rl["precision"],
                        rl["recall"],
                        rl["recall_major"],
                        rl["f1"],
                        rl["kind_agreement"],
                    ]
                ],
            )
            lines += [
                "",
                f"{rl['system_changes']} content changes scored, "
                f"{rl['formatting_excluded']} formatting-only left out; "
                f"{rl['matched_gold']}/{rl['gold_changes']} gold changes found.",
            ]
    return "\n".join(lines) + "\n"
