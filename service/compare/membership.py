"""Topic membership of report sections as pure functions over scores: how a section's dense
and term evidence combine, and which sections join a topic."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "FEATURES",
    "FIRST_PASS",
    "Evidence",
    "Weights",
    "below_best",
    "combine",
    "features",
    "rare_mentions",
    "rarity",
    "select",
    "standardize",
]


@dataclass(frozen=True)
class Weights:
    """How a section's evidence for a topic adds up to a log-odds score; it joins at 0. Set on
    the 19 dev topics by `python -m eval.train_align` (C = 1): a logistic fit over the eight
    features, the joining threshold then moved to the best F1 and folded into the bias,
    rounded, with `below_best` measured from `FIRST_PASS` (fitted the same way without it).
    Leaving each topic out in turn (first pass refitted too): F1 0.807, P 0.779, R 0.837
    (0.744, P 0.778, R 0.713 without `spread`); in-sample dev 0.815 (0.768 without)."""

    # per log(1 + times a term occurs in the section), times the term's rarity (see `rarity`):
    # one 'Ofsted' or 'disabled children' says more than one 'homes' or 'school'
    rare: float = 0.38
    # log(1 + the topic's mentions) as standard deviations above the document's mean
    mentions_z: float = 0.11
    heading: float = 1.97  # when a term names the section itself
    subheading: float = 0.56  # when a term names only one of its sub-headings
    dense: float = 0.26  # per standard deviation of best-chunk similarity above the document's mean
    parts: float = 0.36  # the same for its best paragraph or list item read alone
    # per point of log(share of the published reports' sections naming the topic): a topic
    # few sections name is a topic each of them covers; one named everywhere needs more
    spread: float = -2.29
    # per point of first-pass score below the document's best section on the topic (see
    # `below_best`): a topic a report treats only in passing still has its best section there
    below_best: float = 0.42
    bias: float = -3.98


# the first pass that `below_best` measures from: the same evidence without it (the weights
# before `below_best`; `eval.train_align` refits it with the weights)
FIRST_PASS = Weights(
    rare=0.36,
    mentions_z=0.44,
    heading=2.4,
    subheading=0.58,
    dense=0.35,
    parts=0.43,
    spread=-2.41,
    below_best=0.0,
    bias=-6.02,
)


@dataclass(frozen=True)
class Evidence:
    """A document's evidence, each an array of sections (rows) x topics (columns)."""

    dense: np.ndarray  # the best chunk's similarity to the topic
    parts: np.ndarray  # the best part's (paragraph, list item, table) similarity, read alone
    mentions: np.ndarray  # how often the topic's terms occur
    rare: np.ndarray  # the same, each term's log(1 + count) weighted by its rarity
    heading: np.ndarray  # 1 when a term is in the section's own heading
    subheading: np.ndarray  # 1 when a term is in one of its sub-headings
    # per topic (not per section): log of the share of the published reports' sections naming
    # it (see `align.topic_spread`); None counts as 0, a topic every section names
    spread: np.ndarray | None = None


def standardize(scores: np.ndarray) -> np.ndarray:
    """Each column as standard deviations from its mean (0 where a column does not vary):
    how much more a section is about a topic than the document's other sections are, which
    does not depend on how wordy or generic the topic's description is."""
    if scores.shape[0] == 0:
        return scores.astype(float)
    spread = scores.std(axis=0)
    centred = scores - scores.mean(axis=0)
    out: np.ndarray = np.divide(
        centred, spread, out=np.zeros_like(centred, dtype=float), where=spread > 1e-9
    )
    return out


def rarity(counts: np.ndarray) -> np.ndarray:
    """Each term's inverse section frequency, log((n + 1) / (n_t + 1)), from the counts of n
    sections (rows) x terms (columns), n_t the sections that name term t."""
    named = (counts > 0).sum(axis=0)
    out: np.ndarray = np.log((counts.shape[0] + 1) / (named + 1.0))
    return out


def rare_mentions(counts: np.ndarray, weights: np.ndarray) -> float:
    """A section's term counts (one per term) as the sum of log(1 + count) times each term's
    rarity."""
    return float((np.log1p(counts) * weights).sum())


def below_best(scores: np.ndarray, mentions: np.ndarray, floor: float = 5.0) -> np.ndarray:
    """Each section's score minus the best score among the document's sections that name the
    topic (0 for the best, never below -floor; -floor for a section that does not name it)."""
    named = mentions > 0
    if scores.shape[0] == 0:
        return scores.astype(float)
    best = np.where(named, scores, -np.inf).max(axis=0)
    gap = np.maximum(scores - np.where(np.isfinite(best), best, 0.0), -floor)
    out: np.ndarray = np.where(named, gap, -floor)
    return out


# the `Weights` fields that weigh one array of `features` each (below_best and bias aside)
FEATURES = ("rare", "mentions_z", "heading", "subheading", "dense", "parts", "spread")


def features(evidence: Evidence) -> dict[str, np.ndarray]:
    """The arrays (sections x topics) that the weights of `FEATURES` multiply."""
    return {
        "rare": evidence.rare,
        "mentions_z": standardize(np.log1p(evidence.mentions)),
        "heading": evidence.heading,
        "subheading": np.maximum(evidence.subheading - evidence.heading, 0.0),
        "dense": standardize(evidence.dense),
        "parts": standardize(evidence.parts),
        "spread": _per_section(evidence.spread, evidence.mentions.shape),
    }


def _per_section(per_topic: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray:
    if per_topic is None:
        return np.zeros(shape, dtype=float)
    return np.broadcast_to(np.asarray(per_topic, dtype=float), shape)


def _linear(evidence: Evidence, weights: Weights) -> np.ndarray:
    out: np.ndarray = np.full(evidence.mentions.shape, weights.bias, dtype=float)
    for name, values in features(evidence).items():
        out = out + getattr(weights, name) * values
    return out


def combine(evidence: Evidence, weights: Weights, first: Weights = FIRST_PASS) -> np.ndarray:
    """Log-odds that each section (row) of one document covers each topic (column); the
    `below_best` term is measured from the document's scores under `first`."""
    out = _linear(evidence, weights)
    if weights.below_best:
        out = out + weights.below_best * below_best(_linear(evidence, first), evidence.mentions)
    return out


def select(scores: np.ndarray, mentions: np.ndarray) -> np.ndarray:
    """Boolean membership (sections x topics): a section joins every topic whose terms it uses
    and whose score is positive. Topics do not compete, so a section on fostering that
    describes a specialist scheme joins both."""
    keep: np.ndarray = (mentions > 0) & (scores >= 0.0)
    return keep
