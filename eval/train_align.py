"""Fit the alignment membership weights (`service.compare.membership.Weights` and the first
pass `FIRST_PASS` that `below_best` is measured from) on the dev topics of
`eval/gold/alignment.jsonl` (never the test topics) and write them into `membership.py`.

    .venv/bin/python -m eval.train_align [--C 1.0] [--dry-run] [--keep-first-pass]

Every published report's sections get their evidence for every topic of
`service/compare/topics.toml` from the service's own code (`align.document_evidence`,
`membership.features`, `membership.below_best`); each dev gold topic is scored against the seed
topic whose label shares the most words with its own. The candidates are a topic's sections
that name one of its terms (only those can join it, see `membership.select`); a candidate is
positive when its span contains a gold member's quote. The fit is two logistic regressions
(C as given): the first pass over the six plain features, then the same with `below_best`
measured from the first pass; each time the joining threshold is moved to the one (of -2.0,
-1.9, ..., 2.0) with the best F1 over the training topics (counted as `scrutiny eval` counts
alignment members) and folded into the bias. The weights are rounded to two decimals.

It prints the in-sample dev P/R/F1 of the current weights and of the refitted ones, and the
leave-one-topic-out (LOTO) P/R/F1: each dev topic scored by weights (first pass too) fitted
on the other dev topics, the held-out topics' counts pooled. Membership changes are judged by
that number (eval/README.md). `--keep-first-pass` measures the final fit's `below_best` from
the current `FIRST_PASS` instead of refitting it (LOTO refits it per fold either way)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.linear_model import LogisticRegression

from corpus.settings import get_settings, project_root
from eval.comparison_metrics import prf
from eval.gold_data import AlignmentTopic, load_alignment
from eval.metrics import contains
from service.compare import membership
from service.compare.align import default_documents, document_evidence, load_topics
from service.compare.membership import (
    FEATURES,
    FIRST_PASS,
    Evidence,
    Weights,
    below_best,
    combine,
    features,
    select,
)
from service.engine import Engine

__all__ = [
    "Doc",
    "Fit",
    "Scores",
    "best_threshold",
    "count",
    "fit",
    "held_out",
    "loto",
    "pair_topics",
    "predict",
    "render",
    "rounded",
    "thresholded",
]

MEMBERSHIP = Path(membership.__file__)
THRESHOLDS = tuple(round(-2.0 + 0.1 * i, 1) for i in range(41))
_STOP = {"and", "the", "of", "for", "in", "to", "a", "an", "on", "with", "through"}


@dataclass(frozen=True)
class Doc:
    """One report: its sections' evidence for the dev topics (columns, in gold order) and,
    per section and topic, the indexes of the topic's gold members whose quote the section's
    span contains."""

    evidence: Evidence
    matches: list[list[frozenset[int]]]


@dataclass(frozen=True)
class Fit:
    weights: Weights
    first: Weights


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    selected: int
    matched_selected: int
    matched_gold: int
    gold: int

    def __str__(self) -> str:
        return (
            f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} "
            f"({self.matched_gold}/{self.gold} gold, {self.matched_selected}/{self.selected} "
            "selected)"
        )


# ------------------------------------------------------------------------ pure parts
def _words(label: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", label.lower())
    return {w.removesuffix("s") for w in words if w not in _STOP}


def pair_topics(gold: Sequence[str], seeds: Sequence[str]) -> list[int]:
    """For each gold label, the seed label it is scored against: the one-to-one pairing that
    shares the most label words (plural 's' aside). Fails when a gold label shares none."""
    overlap = np.array([[len(_words(g) & _words(s)) for s in seeds] for g in gold])
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    out = [int(c) for _, c in sorted(zip(rows, cols, strict=True))]
    for g, c in zip(gold, out, strict=True):
        if overlap[gold.index(g), c] == 0:
            raise ValueError(f"gold topic {g!r} shares no word with any seed label")
    return out


def _columns(evidence: Evidence, cols: Sequence[int]) -> Evidence:
    idx = list(cols)
    return Evidence(
        dense=evidence.dense[:, idx],
        parts=evidence.parts[:, idx],
        mentions=evidence.mentions[:, idx],
        rare=evidence.rare[:, idx],
        heading=evidence.heading[:, idx],
        subheading=evidence.subheading[:, idx],
        spread=None if evidence.spread is None else evidence.spread[idx],
    )


def count(docs: Sequence[Doc], keep: Sequence[np.ndarray], n_gold: Sequence[int]) -> Scores:
    """Alignment P/R/F1 of `keep` (one boolean sections x topics array per document) pooled
    over the topics with `n_gold[k] > 0`, as `eval.comparison_metrics.alignment_scores`
    counts a group that is paired with its gold topic: precision over the selected sections,
    recall over the topic's gold members."""
    topics = [k for k, n in enumerate(n_gold) if n > 0]
    selected = matched_sel = 0
    found: set[tuple[int, int]] = set()
    for doc, chosen in zip(docs, keep, strict=True):
        for i, k in zip(*np.nonzero(chosen), strict=True):
            if n_gold[k] <= 0:
                continue
            selected += 1
            m = doc.matches[i][k]
            matched_sel += bool(m)
            found |= {(int(k), j) for j in m}
    gold = sum(n_gold[k] for k in topics)
    p, r, f = prf(matched_sel, selected, len(found), gold)
    return Scores(p, r, f, selected, matched_sel, len(found), gold)


def _only(n_gold: Sequence[int], topics: Sequence[int]) -> list[int]:
    return [n if k in topics else 0 for k, n in enumerate(n_gold)]


def best_threshold(
    docs: Sequence[Doc], scores: Sequence[np.ndarray], n_gold: Sequence[int]
) -> float:
    """The joining threshold (a section joins at score >= t) with the best pooled F1 over the
    topics with `n_gold > 0`, among -2.0, -1.9, ..., 2.0; of equally good ones, the lowest.
    (The grid is how the weights were first fitted; the exact best threshold between two
    candidates' scores fits the training topics closer and did no better held out.)"""
    best, best_f1 = 0.0, -1.0
    for t in THRESHOLDS:
        keep = [select(s - t, d.evidence.mentions) for d, s in zip(docs, scores, strict=True)]
        f1 = count(docs, keep, n_gold).f1
        if f1 > best_f1 + 1e-9:
            best, best_f1 = t, f1
    return best


def _rows(
    docs: Sequence[Doc], extra: Sequence[np.ndarray] | None, n_gold: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """The candidates (a topic's sections naming one of its terms) of the topics with
    `n_gold > 0`: their features (FEATURES, then `extra` when given) and labels."""
    xs, ys = [], []
    for d, doc in enumerate(docs):
        f = features(doc.evidence)
        arrays = [f[n] for n in FEATURES] + ([extra[d]] if extra is not None else [])
        for i, k in zip(*np.nonzero(doc.evidence.mentions > 0), strict=True):
            if n_gold[k] > 0:
                xs.append([a[i, k] for a in arrays])
                ys.append(int(bool(doc.matches[i][k])))
    return np.array(xs, dtype=float), np.array(ys, dtype=int)


def _logistic(x: np.ndarray, y: np.ndarray, c_value: float) -> tuple[np.ndarray, float]:
    model = LogisticRegression(C=c_value, max_iter=5000).fit(x, y)
    return model.coef_[0], float(model.intercept_[0])


def _weights(coef: np.ndarray, bias: float, gap: float = 0.0) -> Weights:
    return Weights(
        **{n: float(w) for n, w in zip(FEATURES, coef, strict=True)},
        below_best=float(gap),
        bias=float(bias),
    )


def thresholded(docs: Sequence[Doc], w: Weights, first: Weights, n_gold: Sequence[int]) -> Weights:
    scores = [combine(d.evidence, w, first) for d in docs]
    return replace(w, bias=w.bias - best_threshold(docs, scores, n_gold))


def fit(
    docs: Sequence[Doc],
    n_gold: Sequence[int],
    topics: Sequence[int],
    c_value: float = 1.0,
    first: Weights | None = None,
) -> Fit:
    """Weights fitted on `topics` only (their candidates, their F1-best thresholds): the first
    pass (unless given), then the weights with `below_best` measured from it."""
    train = _only(n_gold, topics)
    if first is None:
        coef, bias = _logistic(*_rows(docs, None, train), c_value)
        first = thresholded(docs, _weights(coef, bias), FIRST_PASS, train)
    gaps = [below_best(combine(d.evidence, first), d.evidence.mentions) for d in docs]
    coef, bias = _logistic(*_rows(docs, gaps, train), c_value)
    weights = thresholded(docs, _weights(coef[:-1], bias, coef[-1]), first, train)
    return Fit(weights, first)


def predict(docs: Sequence[Doc], result: Fit) -> list[np.ndarray]:
    """Membership as the service decides it (`combine`, then `select`)."""
    return [
        select(combine(d.evidence, result.weights, result.first), d.evidence.mentions) for d in docs
    ]


def held_out(docs: Sequence[Doc], n_gold: Sequence[int], c_value: float = 1.0) -> list[np.ndarray]:
    """Each topic's membership (column) as decided by a fit (first pass too) on the other
    topics only."""
    topics = [k for k, n in enumerate(n_gold) if n > 0]
    keep = [np.zeros(d.evidence.mentions.shape, dtype=bool) for d in docs]
    for k in topics:
        chosen = predict(docs, fit(docs, n_gold, [j for j in topics if j != k], c_value))
        for out, c in zip(keep, chosen, strict=True):
            out[:, k] = c[:, k]
    return keep


def loto(
    docs: Sequence[Doc], n_gold: Sequence[int], c_value: float = 1.0
) -> tuple[Scores, list[Scores]]:
    """Leave-one-topic-out: the `held_out` membership's pooled score and each topic's own."""
    keep = held_out(docs, n_gold, c_value)
    per = [count(docs, keep, _only(n_gold, [k])) for k, n in enumerate(n_gold) if n > 0]
    return count(docs, keep, n_gold), per


def rounded(w: Weights, digits: int = 2) -> Weights:
    return Weights(**{f.name: round(getattr(w, f.name), digits) for f in fields(Weights)})


def render(source: str, weights: Weights, first: Weights) -> str:
    """`membership.py`'s source with the `Weights` defaults and `FIRST_PASS` set to these."""
    out = source
    for f in fields(Weights):
        pattern = re.compile(rf"^(    {f.name}: float = )-?[0-9.]+", re.M)
        out, n = pattern.subn(rf"\g<1>{getattr(weights, f.name)}", out)
        if n != 1:
            raise ValueError(f"Weights.{f.name}: {n} defaults found")
    head, sep, tail = out.partition("FIRST_PASS = Weights(")
    body, close, rest = tail.partition(")")
    if not sep or not close:
        raise ValueError("no FIRST_PASS = Weights(...) found")
    for f in fields(Weights):
        body, n = re.subn(rf"(\b{f.name}=)-?[0-9.]+", rf"\g<1>{getattr(first, f.name)}", body)
        if n != 1:
            raise ValueError(f"FIRST_PASS.{f.name}: {n} values found")
    return head + sep + body + close + rest


# ------------------------------------------------------------------------ the corpus
def load(engine: Engine, gold: Sequence[AlignmentTopic]) -> tuple[list[Doc], list[int]]:
    """The published reports' evidence for the seed topics paired with `gold`, and how many
    members each gold topic has."""
    topics = load_topics()
    seeds = pair_topics([t.label for t in gold], [label for label, _ in topics])
    for t, s in zip(gold, seeds, strict=True):
        print(f"  {t.topic:22s} -> {topics[s][0]}", file=sys.stderr)
    docs = default_documents(engine)
    out = []
    for doc, (units, evidence) in zip(docs, document_evidence(engine, docs, topics), strict=True):
        spans = [doc.text[u.start : u.end] for u in units]
        matches = [
            [
                frozenset(
                    j
                    for j, m in enumerate(t.members)
                    if m.document_id == doc.id and contains(span, m.quote)
                )
                for t in gold
            ]
            for span in spans
        ]
        out.append(Doc(_columns(evidence, seeds), matches))
    return out, [len(t.members) for t in gold]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=1.0, dest="c_value")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument(
        "--keep-first-pass",
        action="store_true",
        help="measure below_best from the current FIRST_PASS in the final fit",
    )
    parser.add_argument("--gold", type=Path, default=project_root() / "eval" / "gold")
    args = parser.parse_args()
    engine = Engine(get_settings())
    gold = [t for t in load_alignment(args.gold / "alignment.jsonl") if t.split == "dev"]
    print(f"{len(gold)} dev topics, paired with seed topics:", file=sys.stderr)
    docs, n_gold = load(engine, gold)
    topics = list(range(len(gold)))
    current = count(docs, predict(docs, Fit(Weights(), FIRST_PASS)), n_gold)
    print(f"current weights, in-sample dev:   {current}")
    pooled, per = loto(docs, n_gold, args.c_value)
    print(f"LOTO dev (C={args.c_value:g}):            {pooled}")
    for t, s in zip(gold, per, strict=True):
        print(f"    {t.topic:22s} {s}")
    result = fit(docs, n_gold, topics, args.c_value, FIRST_PASS if args.keep_first_pass else None)
    final = Fit(rounded(result.weights), rounded(result.first))
    refit = count(docs, predict(docs, final), n_gold)
    print(f"refitted weights, in-sample dev:  {refit}")
    print(f"Weights:    {final.weights}")
    print(f"FIRST_PASS: {final.first}")
    if not args.dry_run:
        text = render(MEMBERSHIP.read_text(encoding="utf-8"), final.weights, final.first)
        MEMBERSHIP.write_text(text, encoding="utf-8")
        print(f"wrote {MEMBERSHIP} (update the Weights docstring's numbers)", file=sys.stderr)


if __name__ == "__main__":
    main()
