"""What a counting question counts, and whether a candidate's figure counts that.

"How many care leavers did the council support in 2008?" counts *care leavers*; the sentence
"... 413 in care, and 305 care leavers" has a figure followed by those words, while "200 CLA"
has a figure of something else. The measure is the noun phrase after "how many" or "the number
of", cut at the first verb, preposition or clause word."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.glossary import mentions
from index.terms import TermStats

__all__ = ["measure_match", "measure_terms"]

_OPENER = re.compile(r"\b(?:how many|(?:the )?numbers? of|total of)\s+(?P<rest>[^?.;:,()]*)", re.I)
# a word that ends the measured noun phrase: auxiliaries, prepositions, clause words
_END = frozenset(
    [
        "did",
        "do",
        "does",
        "were",
        "was",
        "are",
        "is",
        "had",
        "have",
        "has",
        "be",
        "been",
        "being",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "in",
        "at",
        "on",
        "by",
        "during",
        "for",
        "with",
        "from",
        "of",
        "to",
        "into",
        "within",
        "under",
        "over",
        "across",
        "after",
        "before",
        "since",
        "between",
        "than",
        "that",
        "who",
        "which",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "as",
        "per",
        "each",
        "a",
        "an",
        "the",
        "and",
        "or",
        "not",
        "so",
    ]
)
_MAX_WORDS = 4
_NUMBER = re.compile(
    r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|twenty|thirty|forty|fifty|hundred)\b",
    re.I,
)
_BEFORE, _AFTER = 2, 6  # words around a figure that say what it counts


# words for the young people a figure counts, which the reports use interchangeably
_PEOPLE = frozenset(
    {"children", "child", "young", "peopl", "cyp", "kid", "youngster", "cla", "lac", "cwcf"}
)
_PERSON = "<children>"


def _terms(text: str, terms: TermStats) -> list[str]:
    return [_PERSON if t in _PEOPLE else t for t in terms.tokens(text)]


def measure_terms(question: str, terms: TermStats) -> list[str]:
    """The stemmed content words of the measured noun phrase; [] when the question does not
    count anything."""
    m = _OPENER.search(question)
    if m is None:
        return []
    words: list[str] = []
    for w in re.findall(r"[A-Za-z][\w'’-]*", m.group("rest")):
        if (w.lower() in _END and not (w.lower() == "after" and words[-1:] == ["looked"])) or (
            len(words) == _MAX_WORDS
        ):
            break
        words.append(w)
    return list(dict.fromkeys(_terms(" ".join(words), terms)))


def measure_match(
    measure: list[str],
    text: str,
    kind: str,
    terms: TermStats,
    equivalents: Sequence[tuple[str, Sequence[str]]] = (),
) -> float:
    """The best IDF-weighted share of the measure's words next to one of the candidate's
    figures (for a table row: anywhere in the row with its caption, whose label, columns and
    caption say what it counts).
    Words written another way ("155 UASCs" for unaccompanied children, from the glossary's
    `equivalents` of the question's phrases) count as the question's words."""
    if not measure:
        return 0.0
    idf = {t: 1.0 if t == _PERSON else terms.idf(t) for t in measure}
    total = sum(idf.values()) or 1.0

    def share(piece: str) -> float:
        extra = [p for p, alts in equivalents if mentions(piece, alts)]
        have = set(_terms(" ".join([piece, *extra]), terms))
        return sum(idf[t] for t in measure if t in have) / total

    if kind == "row":
        return share(text)
    words = text.split()
    best = 0.0
    for i, w in enumerate(words):
        if not _NUMBER.match(w.lstrip("(£")) or re.fullmatch(r"\(?(19|20)\d\d\)?[.,;:]?", w):
            continue
        best = max(best, share(" ".join(words[max(0, i - _BEFORE) : i + 1 + _AFTER])))
    return best
