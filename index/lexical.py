"""BM25 over chunk texts with bm25s, stop words and the word normaliser of `index.stem` (verb
lemmas, then an English Snowball stemmer); and lexical pseudo-relevance feedback (RM3-style)
over bm25s's own term-passage scores."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from index.stem import WordStemmer

__all__ = ["LexicalIndex"]

_TOKENS = r"(?u)\b\w[\w’']*\b"


class LexicalIndex:
    def __init__(self, retriever: Any, size: int) -> None:
        self.bm25 = retriever
        self.size = size
        self.stemmer = WordStemmer()

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        import bm25s

        tokens = bm25s.tokenize(
            texts, stopwords="en", stemmer=WordStemmer(), token_pattern=_TOKENS, show_progress=False
        )
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, path: Path) -> None:
        self.bm25.save(str(path))

    @classmethod
    def load(cls, path: Path, size: int) -> LexicalIndex:
        import bm25s

        return cls(bm25s.BM25.load(str(path)), size)

    def _tokenize(self, text: str) -> Any:
        import bm25s

        return bm25s.tokenize(
            [text],
            stopwords="en",
            stemmer=self.stemmer,
            token_pattern=_TOKENS,
            show_progress=False,
        )

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        tokens = self._tokenize(query)
        if not tokens.vocab:
            return []
        k = min(k, self.size)
        docs, scores = self.bm25.retrieve(
            tokens, k=k, show_progress=False, weight_mask=mask, n_threads=0
        )
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    # -- pseudo-relevance feedback -------------------------------------------------------
    @cached_property
    def _postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """bm25s's scores as postings: for each (term, passage) pair its term, passage and
        BM25 weight, and each passage's total weight (to spread it over its terms)."""
        scores = self.bm25.scores
        indptr = np.asarray(scores["indptr"])
        passages = np.asarray(scores["indices"])
        weights = np.asarray(scores["data"], dtype=np.float64)
        terms = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        totals = np.bincount(passages, weights=weights, minlength=self.size)
        return terms, passages, weights, totals

    def term_ids(self, text: str) -> list[int]:
        """The index's ids of the terms of a text (stemmed, stop words out), each once."""
        vocab = self.bm25.vocab_dict
        scored = len(self.bm25.scores["indptr"]) - 1  # bm25s also keeps "" in the vocabulary
        ids = {vocab[stem] for stem in self._tokenize(text).vocab if stem in vocab}
        return sorted(i for i in ids if i < scored)

    def feedback_terms(
        self, passages: Sequence[int], exclude: Sequence[int], n: int
    ) -> dict[int, float]:
        """The n terms that weigh most in the given passages (each passage's BM25 weights
        scaled to sum 1, then averaged), leaving out `exclude`; as shares summing to 1."""
        if not passages or n <= 0:
            return {}
        terms, docs, weights, totals = self._postings
        chosen = np.isin(docs, np.asarray(passages))
        share = weights[chosen] / np.maximum(totals[docs[chosen]], 1e-12)
        mass = np.bincount(terms[chosen], weights=share, minlength=int(terms.max(initial=0)) + 1)
        mass[np.asarray(list(exclude), dtype=np.int64)] = 0.0
        best = [int(t) for t in np.argsort(-mass, kind="stable")[:n] if mass[t] > 0]
        total = float(sum(mass[t] for t in best))
        return {t: float(mass[t]) / total for t in best} if total else {}

    def search_terms(self, weights: dict[int, float], k: int) -> list[tuple[int, float]]:
        """Passages ranked by a weighted sum of their BM25 term scores (a weighted query)."""
        if not weights:
            return []
        indptr = self.bm25.scores["indptr"]
        data = self.bm25.scores["data"]
        indices = self.bm25.scores["indices"]
        scores = np.zeros(self.size, dtype=np.float64)
        for term, w in weights.items():
            lo, hi = int(indptr[term]), int(indptr[term + 1])
            np.add.at(scores, indices[lo:hi], w * data[lo:hi])
        top = np.argsort(-scores, kind="stable")[: min(k, self.size)]
        return [(int(d), float(scores[d])) for d in top if scores[d] > 0]
