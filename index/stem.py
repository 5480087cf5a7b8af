"""The one English word normaliser behind every lexical comparison (BM25 and the term overlap
the answer scorer uses): a verb is reduced to its dictionary lemma with lemminflect, so that
irregular forms meet ("overseen" and "oversees", "left" and "leave", "rose" and "rise"; nouns
and auxiliaries keep their own form), a number word to its figure ("five" and "5"), and the
result is then Snowball-stemmed with PyStemmer."""

from __future__ import annotations

from typing import Any

__all__ = ["WordStemmer", "stem_word"]

# only a word's verb reading is lemmatised: the reports' questions turn on what was done
# ("overseen", "left care", "rose"); nouns as lemmas ("child" for "children") cost dev hit@5
_POS_ORDER = ("VERB",)

# a number written as a word meets its figure: "five or more GCSEs" and the row "5+ A*-C"
_NUMBERS = {
    w: str(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def _lemma(word: str) -> str:
    import lemminflect

    if word in _NUMBERS:
        return _NUMBERS[word]
    readings: dict[str, tuple[str, ...]] = lemminflect.getAllLemmas(word)
    if "AUX" in readings:
        return word
    for pos in _POS_ORDER:
        lemmas = readings.get(pos)
        if lemmas:
            return lemmas[0].lower()
    return word


class WordStemmer:
    """Lemma, then Snowball stem; memoised per word. Has PyStemmer's ``stemWord`` and
    ``stemWords`` so bm25s takes it as its stemmer."""

    def __init__(self) -> None:
        import Stemmer

        self._snowball: Any = Stemmer.Stemmer("english")
        self._memo: dict[str, str] = {}
        _lemma("seen")  # lemminflect reads its dictionary (about 0.5 s) here, not in a query

    def stemWord(self, word: str) -> str:  # PyStemmer's name, which bm25s calls
        stem = self._memo.get(word)
        if stem is None:
            stem = self._snowball.stemWord(_lemma(word))
            self._memo[word] = stem
        return stem

    def stemWords(self, words: list[str]) -> list[str]:
        return [self.stemWord(w) for w in words]

    def __call__(self, word: str) -> str:
        return self.stemWord(word)


_SHARED: WordStemmer | None = None


def stem_word(word: str) -> str:
    global _SHARED
    if _SHARED is None:
        _SHARED = WordStemmer()
    return _SHARED.stemWord(word)
