"""BM25 over chunk texts with bm25s, an English Snowball stemmer and stop words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["LexicalIndex"]

_TOKENS = r"(?u)\b\w[\w’']*\b"


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


class LexicalIndex:
    def __init__(self, retriever: Any, size: int) -> None:
        self.bm25 = retriever
        self.size = size
        self.stemmer = _stemmer()

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        import bm25s

        tokens = bm25s.tokenize(
            texts, stopwords="en", stemmer=_stemmer(), token_pattern=_TOKENS, show_progress=False
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

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        import bm25s

        tokens = bm25s.tokenize(
            [query],
            stopwords="en",
            stemmer=self.stemmer,
            token_pattern=_TOKENS,
            show_progress=False,
        )
        if not tokens.vocab:
            return []
        k = min(k, self.size)
        docs, scores = self.bm25.retrieve(
            tokens, k=k, show_progress=False, weight_mask=mask, n_threads=0
        )
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
