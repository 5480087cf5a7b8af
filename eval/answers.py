"""Answer metrics, against `service.answer.answer(engine, question, k, years, documents)`.

`service.answer` is imported lazily: when it does not exist yet, `answer_api()` returns None and
the harness records the answer metrics as skipped, with a note.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from eval.gold_data import KINDS, Question
from eval.metrics import (
    QuotedSpan,
    answer_correct,
    citation_valid,
    contains,
    mean,
    percentile,
)

__all__ = ["AnswerFn", "answer_api", "run_answers", "score_answer", "summarise_answers"]

MODULE = "service.answer"


class AnswerLike(Protocol):
    @property
    def answer(self) -> str | None: ...
    @property
    def abstained(self) -> bool: ...
    @property
    def confidence(self) -> float: ...
    @property
    def citations(self) -> Sequence[QuotedSpan]: ...


class DocumentLike(Protocol):
    @property
    def text(self) -> str: ...


AnswerFn = Callable[..., AnswerLike]


def answer_api() -> AnswerFn | None:
    """`service.answer.answer`, or None when that module does not exist (yet)."""
    try:
        module = importlib.import_module(MODULE)
    except ModuleNotFoundError as exc:
        if exc.name in (MODULE, "service"):
            return None
        raise
    fn = getattr(module, "answer", None)
    return fn if callable(fn) else None


def score_answer(
    q: Question, result: AnswerLike, documents: dict[str, DocumentLike]
) -> dict[str, Any]:
    """Per-question answer record: correctness, abstention and citation checks."""
    cites = list(result.citations)
    valid = [
        citation_valid(
            documents[c.document_id].text if c.document_id in documents else None,
            c.start,
            c.end,
            c.quote,
        )
        for c in cites
    ]
    abstained = bool(result.abstained)
    text = None if abstained else result.answer
    supported = any(contains(c.quote, e.quote) for c in cites for e in q.evidence)
    return {
        "id": q.id,
        "kind": q.kind,
        "answer": result.answer,
        "abstained": abstained,
        "confidence": float(result.confidence),
        "correct": q.answerable
        and answer_correct(q.kind, q.candidates, q.items, text, [e.quote for e in q.evidence]),
        "citations": len(cites),
        "valid_citations": sum(valid),
        "supported": supported,
    }


def run_answers(
    engine: Any,
    questions: Sequence[Question],
    fn: AnswerFn,
    k: int = 5,
    advance: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Ask every question (after one untimed warm-up call) and aggregate."""
    documents: dict[str, DocumentLike] = dict(engine.documents)
    if questions:
        with contextlib.suppress(Exception):  # warm-up; its errors show up again below
            fn(engine, questions[0].question, k=k)
    records: list[dict[str, Any]] = []
    latencies: list[float] = []
    for q in questions:
        started = time.perf_counter()
        try:
            result = fn(engine, q.question, k=k, years=None, documents=None)
        except Exception as exc:  # a failing question is scored wrong, not fatal
            records.append(
                {
                    "id": q.id,
                    "kind": q.kind,
                    "error": f"{type(exc).__name__}: {exc}",
                    "answer": None,
                    "abstained": False,
                    "confidence": 0.0,
                    "correct": False,
                    "citations": 0,
                    "valid_citations": 0,
                    "supported": False,
                }
            )
        else:
            latencies.append((time.perf_counter() - started) * 1000)
            records.append(score_answer(q, result, documents))
        if advance:
            advance()
    return {
        "summary": summarise_answers(records),
        "latency_ms": _latency(latencies),
        "per_question": records,
    }


def _latency(ms: Sequence[float]) -> dict[str, float | int]:
    return {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95)}


def summarise_answers(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in records if r["kind"] != "unanswerable"]
    unanswerable = [r for r in records if r["kind"] == "unanswerable"]
    answered = [r for r in answerable if not r["abstained"]]
    n_cites = sum(r["citations"] for r in records)
    per_kind = {
        kind: {
            "n": len(rs),
            "accuracy": mean(float(r["correct"]) for r in rs),
        }
        for kind in KINDS
        if kind != "unanswerable" and (rs := [r for r in answerable if r["kind"] == kind])
    }
    return {
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "accuracy": mean(float(r["correct"]) for r in answerable),
        "citation_validity": sum(r["valid_citations"] for r in records) / n_cites
        if n_cites
        else 0.0,
        "citation_support": mean(float(r["supported"]) for r in answered),
        "abstention_rate": mean(float(r["abstained"]) for r in unanswerable),
        "false_abstention_rate": mean(float(r["abstained"]) for r in answerable),
        "errors": sum(1 for r in records if "error" in r),
        "per_kind": per_kind,
    }
