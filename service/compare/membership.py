"""Topic membership of report sections as pure functions over scores: how a section's dense
and term evidence combine, and which sections join a topic."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Evidence", "Weights", "combine", "select", "standardize"]


@dataclass(frozen=True)
class Weights:
    """How a section's evidence for a topic adds up to a log-odds score; it joins at 0. Set on
    the dev topics as a logistic fit over the five features (C = 1; F1 0.83 leaving each topic
    out in turn, was 0.79 without the parts), then rounded."""

    mentions: float = 1.4  # per log(1 + times the topic's terms occur in the section)
    heading: float = 2.9  # when a term names the section itself
    subheading: float = 0.6  # when a term names only one of its sub-headings
    dense: float = 1.0  # per standard deviation of best-chunk similarity above the document's mean
    parts: float = 0.7  # the same for its best paragraph or list item read alone
    bias: float = -5.1


@dataclass(frozen=True)
class Evidence:
    """A document's evidence, each an array of sections (rows) x topics (columns)."""

    dense: np.ndarray  # the best chunk's similarity to the topic
    parts: np.ndarray  # the best part's (paragraph, list item, table) similarity, read alone
    mentions: np.ndarray  # how often the topic's terms occur
    heading: np.ndarray  # 1 when a term is in the section's own heading
    subheading: np.ndarray  # 1 when a term is in one of its sub-headings


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


def combine(evidence: Evidence, weights: Weights) -> np.ndarray:
    """Log-odds that each section (row) covers each topic (column)."""
    sub = np.maximum(evidence.subheading - evidence.heading, 0.0)
    out: np.ndarray = (
        weights.mentions * np.log1p(evidence.mentions)
        + weights.heading * evidence.heading
        + weights.subheading * sub
        + weights.dense * standardize(evidence.dense)
        + weights.parts * standardize(evidence.parts)
        + weights.bias
    )
    return out


def select(scores: np.ndarray, mentions: np.ndarray) -> np.ndarray:
    """Boolean membership (sections x topics): a section joins every topic whose terms it uses
    and whose score is positive. Topics do not compete, so a section on fostering that
    describes a specialist scheme joins both."""
    keep: np.ndarray = (mentions > 0) & (scores >= 0.0)
    return keep
