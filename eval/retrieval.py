"""Retrieval metrics: every variant of `Retriever.search` over the same questions.

Relevance is judged against the whole index, not only what was retrieved: a chunk is relevant
to a question when its text contains one of the question's evidence quotes (see
`eval.metrics.contains`). Matching is on text, not on document id, so the published twin of a
draft passage (which the `full` variant returns instead of the draft) counts as well.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from eval.gold_data import KINDS, Question
from eval.metrics import (
    contains_normalised,
    hit_at_k,
    mean,
    normalise,
    percentile,
    ranked_scores,
    recall_at_k,
    years_covered,
)

__all__ = ["METRICS", "EvidenceIndex", "aggregate", "run_variant"]

K = 10
METRICS: tuple[str, ...] = (
    "hit@5",
    "recall@5",
    "hit@10",
    "recall@10",
    "mrr",
    "ndcg@10",
    "years@10",
)
DEEP = 100  # how far down a missed question's evidence is looked for, for the diagnostics


class ChunkLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def document_id(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def text(self) -> str: ...


class HitLike(Protocol):
    @property
    def chunk(self) -> ChunkLike: ...


class SearchLike(Protocol):
    def search(
        self, query: str, k: int = ..., filters: Any = ..., variant: str = ...
    ) -> Sequence[HitLike]: ...


@dataclass
class EvidenceIndex:
    """For each answerable question: which chunks of the index contain which evidence quotes,
    and which quotes no chunk contains (retrieval can never find those)."""

    contained: dict[str, dict[str, frozenset[int]]] = field(default_factory=dict)
    unreachable: dict[str, list[int]] = field(default_factory=dict)
    twins: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        questions: Sequence[Question],
        chunks: Sequence[ChunkLike],
        twins: Mapping[str, str] | None = None,
    ) -> EvidenceIndex:
        """`twins` maps a draft chunk to its near-identical published chunk: for the rank
        metrics the two are one passage when both hold the evidence, so a variant that shows
        only the published one (as `full` does) is not penalised for the draft copy it left
        out, and one that shows both gains nothing from the repeat."""
        normed = [(c.id, normalise(c.text)) for c in chunks]
        out = cls(twins=dict(twins or {}))
        for q in questions:
            if not q.answerable or not q.evidence:
                continue
            quotes = [normalise(e.quote) for e in q.evidence]
            per_chunk: dict[str, frozenset[int]] = {}
            for cid, text in normed:
                found = frozenset(i for i, nq in enumerate(quotes) if contains_normalised(text, nq))
                if found:
                    per_chunk[cid] = found
            out.contained[q.id] = per_chunk
            seen = set().union(*per_chunk.values()) if per_chunk else set()
            missing = [i for i in range(len(quotes)) if i not in seen]
            if missing:
                out.unreachable[q.id] = missing
        return out

    def coverage(self, qid: str, ranked: Sequence[str]) -> list[frozenset[int]]:
        per_chunk = self.contained.get(qid, {})
        return [per_chunk.get(cid, frozenset()) for cid in ranked]

    def canonical(self, qid: str, chunk_id: str) -> str:
        """A draft chunk stands for its published twin when both are relevant to the question
        (a twin that lost the evidence, e.g. a sentence the published text dropped, stays
        apart)."""
        per_chunk = self.contained.get(qid, {})
        twin = self.twins.get(chunk_id)
        if twin is not None and chunk_id in per_chunk and twin in per_chunk:
            return twin
        return chunk_id

    def run(self, qid: str, ranked: Sequence[str]) -> list[str]:
        """Ranked ids with twins merged; a repeat keeps its slot but is never relevant."""
        out: list[str] = []
        for i, cid in enumerate(ranked, 1):
            c = self.canonical(qid, cid)
            out.append(f"{c}#repeat@{i}" if c in out else c)
        return out

    def relevant(self, qid: str) -> set[str]:
        """The relevant passages of a question, twins merged."""
        return {self.canonical(qid, c) for c in self.contained.get(qid, {})}


def run_variant(
    retriever: SearchLike,
    questions: Sequence[Question],
    variant: str,
    evidence: EvidenceIndex,
    advance: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Search every question with one variant (k=10) and score it.

    One untimed warm-up query runs first. Unanswerable questions are searched (for latency)
    but not scored."""
    if questions:
        retriever.search(questions[0].question, K, variant=variant)
    records: list[dict[str, Any]] = []
    latencies: list[float] = []
    for q in questions:
        started = time.perf_counter()
        hits = retriever.search(q.question, K, variant=variant)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = [h.chunk.id for h in hits]
        record: dict[str, Any] = {"id": q.id, "kind": q.kind, "ranked": ranked}
        if q.answerable and q.evidence:
            cov = evidence.coverage(q.id, ranked)
            n = len(q.evidence)
            record |= {
                "hit@5": hit_at_k(cov, 5),
                "recall@5": recall_at_k(cov, n, 5),
                "hit@10": hit_at_k(cov, 10),
                "recall@10": recall_at_k(cov, n, 10),
                "first_relevant_rank": next((i for i, c in enumerate(cov, 1) if c), None),
                "years": [h.chunk.year for h in hits],
            }
            if q.kind == "change":
                record["years@10"] = years_covered(record["years"], q.years, K)
        records.append(record)
        if advance:
            advance()
    scored = [r for r in records if "hit@5" in r]
    ranks = ranked_scores(
        {r["id"]: evidence.relevant(r["id"]) for r in scored},
        {r["id"]: evidence.run(r["id"], r["ranked"]) for r in scored},
    )
    for r in scored:
        r |= ranks[r["id"]]
        if not r["hit@10"]:
            r["deep_rank"] = _deep_rank(retriever, evidence, questions, r["id"], variant)
    return {
        "overall": aggregate(scored),
        "per_kind": {
            kind: aggregate(rs)
            for kind in KINDS
            if (rs := [r for r in scored if r["kind"] == kind])
        },
        "latency_ms": {
            "n": len(latencies),
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
        },
        "per_question": records,
    }


def _deep_rank(
    retriever: SearchLike,
    evidence: EvidenceIndex,
    questions: Sequence[Question],
    qid: str,
    variant: str,
) -> int | None:
    """Rank (within DEEP) of the first relevant chunk of a question missed in the top 10."""
    q = next(q for q in questions if q.id == qid)
    relevant = evidence.relevant(qid)
    if not relevant:
        return None
    hits = retriever.search(q.question, DEEP, variant=variant)
    return next(
        (i for i, h in enumerate(hits, 1) if evidence.canonical(qid, h.chunk.id) in relevant),
        None,
    )


def aggregate(records: Sequence[dict[str, Any]]) -> dict[str, float | int]:
    """Means of the per-question metrics (years@10 over the change questions only)."""
    out: dict[str, float | int] = {"n": len(records)}
    for m in METRICS:
        vals = [float(r[m]) for r in records if m in r]
        if vals:
            out[m] = mean(vals)
    return out
