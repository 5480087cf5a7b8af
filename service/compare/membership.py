"""Topic membership of report sections as pure functions over scores: which seed terms a text
uses, how a section's dense and term evidence combine, and which sections join a topic."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Weights", "combine", "select", "term_hits", "term_patterns"]


def term_patterns(terms: Sequence[str]) -> list[re.Pattern[str]]:
    """One case-insensitive pattern per term, on word boundaries, that also takes the term's
    plural ("GCSE" finds "GCSEs", "foster carer" finds "foster carers")."""
    return [
        re.compile(rf"(?<!\w){re.escape(t.lower())}(?:s|es)?(?!\w)", re.IGNORECASE) for t in terms
    ]


def term_hits(text: str, patterns: Sequence[re.Pattern[str]]) -> int:
    """How many of the terms occur in the text (each counted once)."""
    return sum(1 for p in patterns if p.search(text))


@dataclass(frozen=True)
class Weights:
    """How dense similarity, seed terms and headings add up, and where a section joins."""

    dense: float = 0.6  # weight of the best chunk's similarity to the topic
    terms: float = 0.4  # weight of the share of seed terms found (saturating at `saturate`)
    heading: float = 0.1  # bonus when a seed term names the section or one of its sub-headings
    saturate: int = 4
    threshold: float = 0.42  # a section joins a topic at or above this score
    margin: float = 0.08  # ... and only topics within this of the section's best one


def combine(
    dense: np.ndarray, hits: np.ndarray, heading: np.ndarray, weights: Weights
) -> np.ndarray:
    """Scores of sections (rows) for topics (columns) from their best chunk similarity, their
    seed-term counts and whether a seed term is in their headings."""
    terms = np.minimum(1.0, hits / weights.saturate)
    return weights.dense * dense + weights.terms * terms + weights.heading * heading


def select(scores: np.ndarray, hits: np.ndarray, weights: Weights) -> np.ndarray:
    """Boolean membership (sections x topics): a section joins a topic whose terms it uses when
    its score passes the threshold and is within the margin of its best topic, so a section
    that covers two topics about equally joins both."""
    if scores.size == 0:
        return np.zeros(scores.shape, dtype=bool)
    best = scores.max(axis=1, keepdims=True)
    keep: np.ndarray = (
        (hits > 0) & (scores >= weights.threshold) & (scores >= best - weights.margin)
    )
    return keep
