"""Which report a question names by its description: "the October 2008 progress update to the
Corporate Parenting Panel" is the October 2008 annex, not the November 2008 Cabinet report of
the same year; "the 2012 submission form" is the form, not the progress report it carries.

A phrase that names a report describes it, not what is in it: its words are taken out of the
lexical query (they match the report's title page and introduction, not the answer), and the
report it singles out among those of its year is boosted."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.models import Document
from index.query import source_phrases
from index.terms import TermStats

__all__ = ["Source", "named_documents", "sources_of"]

# words that every report's description may use: they tell no report from another
_GENERIC = {"report", "paper", "the", "to", "of", "on", "in", "and"}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Source:
    """A report as a question may describe it: its title, month, year and status words."""

    document_id: str
    year: int
    words: frozenset[str]


def sources_of(documents: list[Document], terms: TermStats) -> list[Source]:
    """Each report's description, as `named_documents` matches a phrase against it."""
    out = []
    for d in documents:
        m = d.meta
        month = _MONTHS[m.date.month - 1] if m.date else ""
        said = f"{m.title} {month} {m.year} {m.status}"
        words = frozenset(terms.tokens(said)) - _GENERIC
        out.append(Source(d.id, m.year, words))
    return out


def named_documents(query: str, sources: list[Source], terms: TermStats) -> list[str]:
    """The reports the query's report-naming phrases single out among the reports of their
    year: the one whose description shares the most of a phrase's words, by at least one word
    more than any other, and by some word other than its year."""
    out: list[str] = []
    for phrase in source_phrases(query):
        said = set(terms.tokens(phrase)) - _GENERIC
        scored = sorted(((len(said & s.words), s) for s in sources), key=lambda t: -t[0])
        if not scored:
            continue
        best, top = scored[0]
        runner = scored[1][0] if len(scored) > 1 else 0
        if best - runner < 1 or not (said & top.words) - {str(top.year)}:
            continue
        rivals = [s for s in sources if s.year == top.year and s.document_id != top.document_id]
        if rivals and top.document_id not in out:  # the year boost alone picks a lone report
            out.append(top.document_id)
    return out
