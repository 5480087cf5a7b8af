"""The lines of a cross-year answer chosen together: each year's line is one that scores well
on its own *and* speaks of the same thing as the other years' lines.

Scored year by year, "how did the number of children in foster placements compare between
October 2012 and March 2022" took "298 were placed in a foster placement" for 2012 and "7
children with supported lodging carers" for 2023, each the best of its year by a little. Read
together, the 2023 line about children placed with foster carers is the one that answers."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from index.terms import TermStats
from service.answer.models import Candidate

__all__ = ["TOP", "agree_across_years", "similarity"]

TOP = 6  # each year's best few lines are weighed against the other years'


def _words(c: Candidate, terms: TermStats) -> frozenset[str]:
    """A line's words with its context, figures left out: what it speaks of, not its values."""
    return frozenset(t for t in terms.tokens(f"{c.context} {c.text}") if not t[:1].isdigit())


def _jaccard(wa: frozenset[str], wb: frozenset[str], terms: TermStats) -> float:
    union = sum(terms.idf(t) for t in wa | wb)
    return sum(terms.idf(t) for t in wa & wb) / union if union else 0.0


def similarity(a: Candidate, b: Candidate, terms: TermStats) -> float:
    """IDF-weighted Jaccard of the two lines' words (with their context), figures left out."""
    return _jaccard(_words(a, terms), _words(b, terms), terms)


def agree_across_years(
    ranked: Sequence[Candidate], years: Sequence[int], terms: TermStats, weight: float
) -> list[Candidate]:
    """`ranked` with each of `years`' chosen line moved to where that year's best line was.

    The chosen lines maximise the sum of their scores plus `weight` times the mean similarity
    of every pair of them, among each year's `TOP` best; with `weight` 0 or fewer than two
    years nothing moves."""
    out = list(ranked)
    places: dict[int, list[int]] = {}
    for i, c in enumerate(out):
        if c.year in years and len(places.setdefault(c.year, [])) < TOP:
            places[c.year].append(i)
    if weight <= 0 or len(places) < 2:
        return out
    spots = list(places.values())
    pairs = len(spots) * (len(spots) - 1) / 2
    words = {i: _words(out[i], terms) for spot in spots for i in spot}
    sims: dict[tuple[int, int], float] = {}

    def sim(i: int, j: int) -> float:
        if (i, j) not in sims:
            sims[i, j] = _jaccard(words[i], words[j], terms)
        return sims[i, j]

    best, choice = float("-inf"), tuple(spot[0] for spot in spots)
    for combo in itertools.product(*spots):
        together = sum(sim(i, j) for i, j in itertools.combinations(combo, 2))
        value = sum(out[i].score for i in combo) + weight * together / pairs
        if value > best + 1e-9:  # ties keep the year-by-year choice (it comes first)
            best, choice = value, combo
    for spot, chosen in zip(spots, choice, strict=True):
        out[spot[0]], out[chosen] = out[chosen], out[spot[0]]
    return out
