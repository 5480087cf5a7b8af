"""A question that asks one thing of one report and another of another ("what share ...
according to the 2011 placement strategy, and how many ... on 22 October 2012?") is answered
year by year from each year's own clause: the 2012 line is sought with the words of the 2012
clause, not with those of both.

A clause that does not say what it asks about ("..., and how many in July 2023?") borrows the
words of the other clauses, without their dates and without what they ask for."""

from __future__ import annotations

import re

from index.query import CLAUSE_BREAK, content_words, parse_query
from index.terms import TermStats

__all__ = ["year_clauses"]

_MONTHS = re.compile(
    r"\b(?:(?:at|on|in|by) (?:the )?(?:end of )?)?(?:\d{1,2} )?"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\b",
    re.I,
)
_PERIOD = re.compile(r"\b(?:in |at |for |of )?(?:the )?(?:19|20)\d\d(?:\s*[-/–]\s*\d{2,4})?\b")
MIN_WORDS = 3  # a clause with fewer words of its own borrows the other clauses' words
# what a borrowed clause asks for is its own clause's business: "what share of" must not make
# "how many were placed with a parent" want a percentage
_ASKING = re.compile(
    r"^\s*(?:how (?:many|much)|what (?:share|proportion|percentage|percent|fraction|number)"
    r"(?: of)?|what|which|who|when|where|why|how)\b\s*",
    re.I,
)


def _undated(text: str) -> str:
    """The text without its dates, periods and words pointing at a report."""
    # without "according to" and the phrases that name a report
    text = content_words(re.sub(r"\baccording to\b", " ", text, flags=re.I))
    text = _MONTHS.sub(" ", text)
    text = _PERIOD.sub(" ", text)
    return " ".join(text.split())


def year_clauses(question: str, corpus_years: list[int], terms: TermStats) -> dict[int, str]:
    """Each report year's own clause of `question`, when the question splits into clauses
    that each point at exactly one year, a different year each; else nothing."""
    parts = [p.strip(" ,;?") for p in CLAUSE_BREAK.split(question)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return {}
    years = []
    for p in parts:
        found = parse_query(p, corpus_years).years
        if len(found) != 1:
            return {}
        years.append(found[0])
    if len(set(years)) != len(years):
        return {}
    out: dict[int, str] = {}
    for i, (part, year) in enumerate(zip(parts, years, strict=True)):
        own = [t for t in terms.tokens(_undated(part)) if not t[:1].isdigit()]
        text = part
        if len(own) < MIN_WORDS:
            others = " ".join(_ASKING.sub("", _undated(p)) for j, p in enumerate(parts) if j != i)
            text = f"{part} {others}"
        out[year] = text[:1].upper() + text[1:] + "?"
    return out
