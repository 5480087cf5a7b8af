"""Question and sentence terms: lemmatised, stemmed content words (index.stem) with corpus IDF
weights."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from index.stem import WordStemmer

__all__ = ["TermStats"]

_WORD = re.compile(r"[a-z0-9£%][a-z0-9'’£%.-]*")
_QUESTION_WORDS = {
    "how",
    "many",
    "much",
    "what",
    "which",
    "who",
    "whom",
    "when",
    "why",
    "where",
    "did",
    "does",
    "do",
    "was",
    "were",
    "is",
    "are",
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "to",
    "for",
    "and",
    "or",
    "by",
    "with",
    "at",
    "from",
    "as",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "report",
    "reports",
    "say",
    "says",
    "said",
    "tell",
    "give",
    "given",
    "according",
    "there",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "any",
    "about",
    "into",
    "than",
    "then",
    "so",
    "can",
    "could",
    "would",
    "should",
    "will",
    "not",
    "no",
    "our",
    "their",
    "they",
    "we",
    "us",
    "you",
    "your",
    "i",
    "me",
    "my",
    "council",
    "oxfordshire",
    "occ",
    "number",
    "year",
    "years",
}


class TermStats:
    def __init__(self, texts: Iterable[str]) -> None:
        self.stem = WordStemmer().stemWord
        df: Counter[str] = Counter()
        n = 0
        for t in texts:
            n += 1
            df.update(set(self.tokens(t)))
        self.n = max(n, 1)
        self.df = df

    def tokens(self, text: str) -> list[str]:
        # "up-to-date" and "up to date" are the same words; "2011-12" stays one period
        text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text.lower().replace("’", "'"))
        words = [re.sub(r"'s$", "", w.strip(".'-")) for w in _WORD.findall(text)]
        return [self.stem(w) for w in words if w and w not in _QUESTION_WORDS]

    def idf(self, term: str) -> float:
        return math.log(1 + (self.n - self.df.get(term, 0) + 0.5) / (self.df.get(term, 0) + 0.5))

    def overlap(self, question_terms: list[str], text: str) -> float:
        """IDF-weighted share of the question's terms that the text contains."""
        if not question_terms:
            return 0.0
        have = set(self.tokens(text))
        total = sum(self.idf(t) for t in set(question_terms))
        got = sum(self.idf(t) for t in set(question_terms) if t in have)
        return got / total if total else 0.0
