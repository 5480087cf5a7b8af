"""Comparison metrics as pure functions: alignment precision/recall/F1 per topic (gold topics
paired one-to-one with system groups) and redline precision/recall."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.metrics import contains, mean

__all__ = [
    "AlignmentScore",
    "Change",
    "RedlineScore",
    "SpanRef",
    "alignment_scores",
    "prf",
    "redline_scores",
]


# ------------------------------------------------------------------------ comparison
@dataclass(frozen=True)
class SpanRef:
    """A quoted span of one document (a gold alignment member or a system one)."""

    document_id: str
    text: str


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """precision = tp_pred / n_pred, recall = tp_gold / n_gold and their harmonic mean."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _member_match(system: SpanRef, gold: SpanRef) -> bool:
    return system.document_id == gold.document_id and contains(system.text, gold.text)


@dataclass(frozen=True)
class AlignmentScore:
    topic: str
    group: str | None
    precision: float
    recall: float
    f1: float
    matched_system: int
    system_members: int
    matched_gold: int
    gold_members: int


def alignment_scores(
    gold: Mapping[str, Sequence[SpanRef]], system: Mapping[str, Sequence[SpanRef]]
) -> tuple[list[AlignmentScore], dict[str, float | int]]:
    """Score system topic groups against gold topics.

    A system member matches a gold member when it is from the same document and its span
    contains the gold quote. Gold topics are paired one-to-one with system groups so that the
    matched members (gold plus system) add up to the most (an optimal assignment); per topic, precision is the share of the group's members
    that match a gold member of the topic and recall the share of the topic's gold members
    matched by the group. Overall is micro-averaged over the gold topics; system groups paired
    with no gold topic are counted apart (`unpaired_groups`), not as errors, since the gold
    topics need not be exhaustive."""
    topics, groups = list(gold), list(system)
    weight = [
        [
            sum(any(_member_match(s, gm) for s in system[g]) for gm in gold[t])
            + sum(any(_member_match(s, gm) for gm in gold[t]) for s in system[g])
            for g in groups
        ]
        for t in topics
    ]
    paired = {topics[i]: groups[j] for i, j in _assign(weight) if weight[i][j] > 0}
    used = set(paired.values())
    scores = []
    tp_pred = n_pred = tp_gold = n_gold = 0
    for t, gmembers in gold.items():
        group = paired.get(t)
        smembers = system.get(group, []) if group is not None else []
        ms = sum(any(_member_match(s, gm) for gm in gmembers) for s in smembers)
        mg = sum(any(_member_match(s, gm) for s in smembers) for gm in gmembers)
        p, r, f = prf(ms, len(smembers), mg, len(gmembers))
        scores.append(AlignmentScore(t, group, p, r, f, ms, len(smembers), mg, len(gmembers)))
        tp_pred, n_pred = tp_pred + ms, n_pred + len(smembers)
        tp_gold, n_gold = tp_gold + mg, n_gold + len(gmembers)
    p, r, f = prf(tp_pred, n_pred, tp_gold, n_gold)
    overall: dict[str, float | int] = {
        "precision": p,
        "recall": r,
        "f1": f,
        "macro_f1": mean(s.f1 for s in scores),
        "gold_topics": len(gold),
        "system_groups": len(system),
        "unpaired_groups": len(system) - len(used),
    }
    return scores, overall


def _assign(weight: list[list[int]]) -> list[tuple[int, int]]:
    """One-to-one pairing of rows and columns with the largest total weight (scipy's
    linear_sum_assignment; greedy by weight when scipy is missing)."""
    if not weight or not weight[0]:
        return []
    try:
        from scipy.optimize import linear_sum_assignment
    except ImportError:  # pragma: no cover - scipy comes with sentence-transformers
        cells = sorted(
            ((w, i, j) for i, row in enumerate(weight) for j, w in enumerate(row)),
            key=lambda c: (-c[0], c[1], c[2]),
        )
        rows: set[int] = set()
        cols: set[int] = set()
        out = []
        for _, i, j in cells:
            if i not in rows and j not in cols:
                rows.add(i)
                cols.add(j)
                out.append((i, j))
        return out
    r, c = linear_sum_assignment(weight, maximize=True)
    return [(int(i), int(j)) for i, j in zip(r, c, strict=True)]


@dataclass(frozen=True)
class RedlineScore:
    precision: float
    recall: float
    f1: float
    recall_major: float
    system_changes: int
    formatting_excluded: int
    gold_changes: int
    matched_system: int
    matched_gold: int
    kind_agreement: float
    missed: list[int]


Change = tuple[str, str | None, str | None, bool]
"""(kind, a-side quote, b-side quote, flag) of one redline change."""


def redline_scores(gold: Sequence[Change], system: Sequence[Change]) -> RedlineScore:
    """Score system redline changes against gold ones. Each change is
    (kind, a_quote, b_quote, flag): for gold the flag is `minor`, for the system `formatting`.

    Formatting-only system changes are left out. A system change matches a gold change when the
    system's a-side quote contains the gold's a-side quote or its b-side quote contains the gold's
    b-side quote (normalised containment). Precision: share of system content changes that match
    some gold change; recall: share of gold changes matched (`recall_major`: non-minor only)."""
    content = [c for c in system if not c[3]]

    def match(s: Change, g: Change) -> bool:
        return any(
            sq is not None and gq is not None and contains(sq, gq)
            for sq, gq in ((s[1], g[1]), (s[2], g[2]))
        )

    matched_sys = [any(match(s, g) for g in gold) for s in content]
    matched_gold = [any(match(s, g) for s in content) for g in gold]
    kinds_ok = [any(match(s, g) and s[0] == g[0] for s in content) for g in gold]
    p, r, f = prf(sum(matched_sys), len(content), sum(matched_gold), len(gold))
    major = [m for m, g in zip(matched_gold, gold, strict=True) if not g[3]]
    return RedlineScore(
        precision=p,
        recall=r,
        f1=f,
        recall_major=sum(major) / len(major) if major else 0.0,
        system_changes=len(content),
        formatting_excluded=len(system) - len(content),
        gold_changes=len(gold),
        matched_system=sum(matched_sys),
        matched_gold=sum(matched_gold),
        kind_agreement=sum(kinds_ok) / max(1, sum(matched_gold)),
        missed=[i for i, m in enumerate(matched_gold) if not m],
    )
