"""The membership fit's pure parts: pairing gold topics with seeds, counting members as the
alignment metric does, the F1-best threshold folded into the bias, leave-one-topic-out and
writing the weights back."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

import eval.train_align as train
from eval.comparison_metrics import SpanRef, alignment_scores
from eval.train_align import (
    Doc,
    Fit,
    best_threshold,
    count,
    fit,
    held_out,
    loto,
    pair_topics,
    predict,
    render,
    thresholded,
)
from service.compare import membership
from service.compare.membership import FIRST_PASS, Evidence, Weights, select


def _data(seed: int = 0, topics: int = 4) -> tuple[list[Doc], list[int]]:
    """Three documents of random evidence where a gold section tends to score higher; every
    section names every topic (so each is a candidate) and is its own gold member when gold."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal
    docs, member = [], 0
    n_gold = [0] * topics
    for _ in range(3):
        shape = (12, topics)
        gold = rng.random(shape) < 0.35
        evidence = Evidence(
            dense=noise(shape) + 1.5 * gold,
            parts=noise(shape) + 1.5 * gold,
            mentions=rng.integers(1, 5, shape).astype(float),
            rare=np.abs(noise(shape)) + 1.5 * gold,
            heading=(rng.random(shape) < 0.1 + 0.3 * gold).astype(float),
            subheading=(rng.random(shape) < 0.2).astype(float),
        )
        matches = []
        for i in range(shape[0]):
            matches.append(
                [frozenset({member + i}) if gold[i, k] else frozenset() for k in range(topics)]
            )
            for k in range(topics):
                n_gold[k] += bool(gold[i, k])
        member += shape[0]
        docs.append(Doc(evidence, matches))
    return docs, n_gold


def test_gold_topics_pair_with_the_seed_sharing_most_label_words() -> None:
    seeds = [
        "Fostering and foster carer recruitment",
        "Placement stability and placement breakdown",
        "Placement sufficiency and out of county placements",
        "Specialist and therapeutic fostering (MTFC, KEEP, OTFC)",
    ]
    gold = [
        "Specialist and therapeutic foster care (MTFC, KEEP, OTFC)",
        "Placement stability, placement moves and breakdowns",
        "Fostering and foster carer recruitment",
    ]
    assert pair_topics(gold, seeds) == [3, 1, 0]
    with pytest.raises(ValueError, match="shares no word"):
        pair_topics(["Adoption"], seeds)


def _text(doc: int, section: int | np.integer) -> str:
    """A section's text, far from every other's (so no fuzzy match joins two)."""
    return hashlib.sha256(f"{doc}:{section}".encode()).hexdigest()


def test_counts_are_the_alignment_metrics() -> None:
    docs, n_gold = _data(1)
    keep = [select(d.evidence.dense, d.evidence.mentions) for d in docs]
    mine = count(docs, keep, n_gold)
    # the same membership as spans: a section is 'doc:i', a gold member the span it is in
    gold = {
        f"t{k}": [
            SpanRef(f"d{d}", _text(d, i))
            for d, doc in enumerate(docs)
            for i, row in enumerate(doc.matches)
            if row[k]
        ]
        for k in range(len(n_gold))
    }
    system = {
        f"g{k}": [
            SpanRef(f"d{d}", _text(d, i))
            for d, chosen in enumerate(keep)
            for i in np.nonzero(chosen[:, k])[0]
        ]
        for k in range(len(n_gold))
    }
    _, overall = alignment_scores(gold, system)
    assert mine.f1 == pytest.approx(overall["f1"])
    assert mine.precision == pytest.approx(overall["precision"])
    assert mine.recall == pytest.approx(overall["recall"])


def test_counting_only_some_topics() -> None:
    docs, n_gold = _data(2)
    keep = [np.ones(d.evidence.mentions.shape, dtype=bool) for d in docs]
    only = count(docs, keep, [n if k == 1 else 0 for k, n in enumerate(n_gold)])
    assert only.gold == n_gold[1] and only.recall == 1.0
    assert only.selected == sum(d.evidence.mentions.shape[0] for d in docs)


def test_the_threshold_is_the_f1_best_and_the_lowest_of_ties() -> None:
    docs, n_gold = _data(3)
    scores = [d.evidence.dense for d in docs]
    t = best_threshold(docs, scores, n_gold)

    def f1(x: float) -> float:
        return count(
            docs,
            [select(s - x, d.evidence.mentions) for d, s in zip(docs, scores, strict=True)],
            n_gold,
        ).f1

    assert all(f1(t) >= f1(x) - 1e-9 for x in train.THRESHOLDS)
    assert all(f1(x) < f1(t) - 1e-9 for x in train.THRESHOLDS if x < t)
    # every section at the same score: any threshold at or under it takes them all
    flat = [np.zeros_like(s) for s in scores]
    assert best_threshold(docs, flat, n_gold) == -2.0


def test_the_threshold_is_folded_into_the_bias() -> None:
    docs, n_gold = _data(4)
    plain = Weights(
        rare=0.5,
        mentions_z=0.2,
        heading=1.0,
        subheading=0.3,
        dense=0.4,
        parts=0.4,
        below_best=0.0,
        bias=-1.0,
    )
    folded = thresholded(docs, plain, FIRST_PASS, n_gold)
    joined = count(docs, predict(docs, Fit(folded, FIRST_PASS)), n_gold).f1
    for t in train.THRESHOLDS:  # the unfolded weights at any threshold of the grid do no better
        moved = dataclasses.replace(plain, bias=plain.bias - t)
        assert count(docs, predict(docs, Fit(moved, FIRST_PASS)), n_gold).f1 <= joined + 1e-9
    assert folded.bias != plain.bias


def test_a_fit_has_a_first_pass_and_a_below_best_weight() -> None:
    docs, n_gold = _data(4)
    result = fit(docs, n_gold, [0, 1, 2, 3])
    assert result.first.below_best == 0.0 and result.weights.below_best != 0.0
    assert count(docs, predict(docs, result), n_gold).f1 > 0.5


def test_loto_never_trains_on_the_held_out_topic(monkeypatch: pytest.MonkeyPatch) -> None:
    docs, n_gold = _data(6)
    seen: list[list[int]] = []
    real = train.fit

    def spy(docs_: list[Doc], n_gold_: list[int], topics: list[int], c_value: float = 1.0) -> Fit:
        seen.append(list(topics))
        return real(docs_, n_gold_, topics, c_value)

    monkeypatch.setattr(train, "fit", spy)
    loto(docs, n_gold)
    assert seen == [[j for j in range(4) if j != k] for k in range(4)]


def test_a_held_out_topics_own_labels_do_not_change_its_membership() -> None:
    docs, n_gold = _data(7)
    before = held_out(docs, n_gold)
    # topic 0's gold turned upside down: its held-out sections are chosen as before
    flipped = [
        Doc(
            d.evidence,
            [
                [(frozenset({-1 - 100 * n - i}) if not row[0] else frozenset()), *row[1:]]
                for i, row in enumerate(d.matches)
            ],
        )
        for n, d in enumerate(docs)
    ]
    n_flipped = [sum(bool(row[0]) for d in flipped for row in d.matches), *n_gold[1:]]
    after = held_out(flipped, n_flipped)
    assert all((a[:, 0] == b[:, 0]).all() for a, b in zip(after, before, strict=True))
    # the other topics' fits saw the flipped labels
    assert any((a[:, 1:] != b[:, 1:]).any() for a, b in zip(after, before, strict=True))


def test_rendering_writes_every_weight_and_only_them() -> None:
    source = Path(membership.__file__).read_text(encoding="utf-8")
    assert render(source, Weights(), FIRST_PASS) == source
    new = Weights(**{f.name: -float(i) - 0.25 for i, f in enumerate(dataclasses.fields(Weights))})
    first = dataclasses.replace(new, below_best=0.0, bias=-9.5)
    out = render(source, new, first)
    for i, f in enumerate(dataclasses.fields(Weights)):
        assert re.search(rf"^    {f.name}: float = {-float(i) - 0.25}\b", out, re.M)
        assert f"    {f.name}={getattr(first, f.name)}," in out
    assert out.count("\n") == source.count("\n")
