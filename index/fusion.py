"""Score fusion as pure functions over ranked (id, score) lists."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["minmax", "rrf", "weighted"]

Ranked = Sequence[tuple[str, float]]


def rrf(
    lists: Sequence[Ranked], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(d) = sum_i w_i / (k + rank_i(d)), ranks from 1."""
    weights = weights or [1.0] * len(lists)
    scores: dict[str, float] = {}
    for w, ranked in zip(weights, lists, strict=True):
        for rank, (doc_id, _) in enumerate(ranked, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def minmax(ranked: Ranked) -> list[tuple[str, float]]:
    """Scale scores to [0, 1] (all equal -> 1)."""
    if not ranked:
        return []
    lo = min(s for _, s in ranked)
    hi = max(s for _, s in ranked)
    span = hi - lo
    return [(d, (s - lo) / span if span else 1.0) for d, s in ranked]


def weighted(lists: Sequence[Ranked], weights: Sequence[float]) -> list[tuple[str, float]]:
    """Convex combination of min-max normalised scores; a missing id scores 0 in that list."""
    scores: dict[str, float] = {}
    for w, ranked in zip(weights, lists, strict=True):
        for doc_id, s in minmax(ranked):
            scores[doc_id] = scores.get(doc_id, 0.0) + w * s
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
