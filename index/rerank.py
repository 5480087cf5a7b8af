"""Re-ranking the top passages by their best sentence: a long paragraph whose one sentence
answers the query beats one that shares words with it here and there."""

from __future__ import annotations

import re

from index.fusion import minmax
from index.glossary import Glossary, any_of
from index.models import Chunk
from index.query import parse_query, without_sources
from index.terms import TermStats

__all__ = ["SentenceReranker"]

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n")


class SentenceReranker:
    """Holds each chunk's sentences, tokenised once (the re-rank reads 40 passages a query)."""

    def __init__(
        self,
        by_id: dict[str, Chunk],
        terms: TermStats,
        glossary: Glossary,
        years: list[int],
        depth: int,
        weight: float,
    ) -> None:
        self.by_id = by_id
        self.terms = terms
        self.glossary = glossary
        self.years = years
        self.depth = depth
        self.weight = weight
        self._cache: dict[str, list[tuple[str, frozenset[str]]]] = {}

    def rerank(self, query: str, fused: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """The top `depth` passages re-ordered by their min-max fused score plus `weight`
        times their best sentence's overlap with the query; the fused scores keep their
        places (what follows, the year boost and coverage, reads their scale)."""
        if not self.weight or self.depth < 2 or len(fused) < 2:
            return fused
        top, rest = fused[: self.depth], fused[self.depth :]
        q_terms = self.terms.tokens(without_sources(query))
        named = {str(y) for y in parse_query(query, self.years).years}
        q_terms = [t for t in q_terms if t not in named] or q_terms
        names = [
            (asked, any_of(others)) for asked, others in self.glossary.equivalents(query) if others
        ]
        best = {cid: self.best_sentence(q_terms, self.by_id[cid], names) for cid, _ in top}
        scaled = dict(minmax(top))
        rescored = [(cid, scaled[cid] + self.weight * best[cid], s) for cid, s in top]
        rescored.sort(key=lambda t: (-t[1], t[0]))
        scores = sorted((s for _, s in top), reverse=True)
        return [(cid, scores[i]) for i, (cid, _, _) in enumerate(rescored)] + rest

    def best_sentence(
        self, q_terms: list[str], chunk: Chunk, names: list[tuple[str, re.Pattern[str]]]
    ) -> float:
        """The best overlap of one sentence with the query. A sentence is read under its
        section's headings, and a table row also under the caption and column names embedded
        above it (a bare row of figures says little); a sentence that uses another name for a
        term of the query ("entered care" for "came into care") is read as using the query's
        own."""
        wanted = set(q_terms)
        if not wanted:
            return 0.0
        idf = {t: self.terms.idf(t) for t in wanted}
        total = sum(idf.values())
        if not total:
            return 0.0
        best = 0.0
        for text, have in self._sentences(chunk):
            said = [asked for asked, other in names if other.search(text)]
            if said:
                have = have | set(self.terms.tokens(" ".join(said)))
            best = max(best, sum(idf[t] for t in wanted & have) / total)
        return best

    def _sentences(self, chunk: Chunk) -> list[tuple[str, frozenset[str]]]:
        """Each sentence of a chunk with its context, and its terms."""
        cached = self._cache.get(chunk.id)
        if cached is not None:
            return cached
        body = chunk.embed_text.split("\n", 1)[-1]
        above = body[: -len(chunk.text)].strip() if body.endswith(chunk.text) else ""
        context = " ".join(t for t in (chunk.section, above) if t)
        out = []
        for s in _SENTENCE.split(chunk.text):
            text = f"{context} {s}" if context else s
            out.append((text, frozenset(self.terms.tokens(text))))
        self._cache[chunk.id] = out
        return out
