"""The features that say how well a candidate answers a question: the question's words in the
candidate, in its section and passage, its word pairs, the question's rarer words it lacks, the
answer shape the question wants, its passage's retrieval rank and its dense similarity.

Each feature is a number in [0, 1]; `service.answer.scorer` turns them into a probability."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence

import numpy as np

from index.glossary import mentions
from index.models import Chunk
from index.query import QueryIntent, without_sources
from index.terms import TermStats
from service.answer.measure import measure_match, measure_terms
from service.answer.models import Candidate
from service.answer.qtype import AnswerType, type_match

__all__ = [
    "CHEAP",
    "FEATURES",
    "FIGURE_TYPES",
    "Encoder",
    "add_dense",
    "add_features",
    "figure_type",
    "groups",
    "states_period",
    "years_of",
]

# answer types whose answer must hold a figure or a date
FIGURE_TYPES = (AnswerType.NUMBER, AnswerType.PERCENT, AnswerType.MONEY, AnswerType.DATE)

CHEAP = (
    "overlap",  # IDF-weighted share of the question's terms in the candidate (and its context)
    "section_overlap",  # ... in the candidate with its section heading
    "passage_overlap",  # ... in the whole retrieved passage
    "pairs",  # share of the question's adjacent word pairs that the candidate has in order
    "missing",  # IDF share of the question's rarer half of terms missing from it and its section
    "retrieval",  # 1 / sqrt(rank of the passage)
    "type_figure",  # answer-shape match when the question wants a figure or a date
    "type_other",  # answer-shape match for who / why / list / other questions
    "year",  # the candidate is from a year the question names
    "draft",
    "row",
    "item",
    "short",  # a fragment of fewer than six words
    "overlap_rel",  # overlap / the best overlap among this question's candidates
    "pairs_rel",
    "measure",  # the words of what a "how many" question counts, next to one of its figures
    "period",  # the candidate states a period the question names ("in 2010", "2011/12")
    "label",  # IDF share of the question's rarer terms in a table row's own label
    "other_period",  # the candidate dates itself, but only to years the question does not ask
)
FEATURES = (*CHEAP, "dense", "dense_rel")

Encoder = Callable[[list[str]], np.ndarray]


_FIGURE_WORDS = re.compile(
    r"\b(how many|number|numbers|figure|total|count|caseload|cost|costs|spend|how much)\b", re.I
)
_SHARE_WORDS = re.compile(r"\b(percentage|proportion|share|rate|per ?cent)\b", re.I)


def figure_type(question: str) -> AnswerType | None:
    """The figure a cross-year question tracks ("how has the number of ... changed")."""
    if _SHARE_WORDS.search(question):
        return AnswerType.PERCENT
    if _FIGURE_WORDS.search(question):
        return AnswerType.NUMBER
    return None


def _pairs(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in itertools.pairwise(tokens) if a != b}


def add_features(
    cands: list[Candidate],
    question: str,
    qtype: AnswerType,
    intent: QueryIntent,
    terms: TermStats,
    equivalents: list[tuple[str, list[str]]],
    chunks: dict[str, Chunk],
) -> None:
    """Set every cheap feature of each candidate (`dense` is added later to the best few)."""
    q_terms = terms.tokens(question)
    q_set = {t for t in q_terms if not t[:1].isdigit()}  # years and periods: see `year`
    q_pairs = _pairs(q_terms)
    idf = {t: terms.idf(t) for t in q_set}
    # the question's rarer half of terms: the ones that say what it is about
    rare = float(np.median(list(idf.values()))) if idf else 0.0
    rare_total = sum(v for v in idf.values() if v >= rare)
    passage_cache: dict[str, float] = {}
    wanted = figure_type(question) if qtype == AnswerType.CHANGE else qtype
    wanted = wanted or qtype
    measure = measure_terms(question, terms) if wanted in FIGURE_TYPES else []
    asked = years_of(without_sources(question))
    for c in cands:
        chunk = chunks[c.chunk_id]
        text = f"{c.text} {c.context} {c.lead}"
        # a candidate that names the thing another way ("entered care" for "came into care")
        # counts as using the question's words
        extra = [phrase for phrase, alts in equivalents if mentions(text, alts)]
        own = " ".join([text, *extra])
        with_section = f"{own} {chunk.section}"
        have = set(terms.tokens(with_section))
        missing = [idf[t] for t in q_set if t not in have]
        if c.chunk_id not in passage_cache:
            passage_cache[c.chunk_id] = terms.overlap(q_terms, f"{chunk.section} {chunk.text}")
        figure = type_match(wanted, c.text, c.kind) if wanted in FIGURE_TYPES else 0.0
        other = type_match(wanted, c.text, c.kind) if wanted not in FIGURE_TYPES else 0.0
        c.features = {
            "overlap": terms.overlap(q_terms, own),
            "section_overlap": terms.overlap(q_terms, with_section),
            "passage_overlap": passage_cache[c.chunk_id],
            "pairs": len(q_pairs & _pairs(terms.tokens(own))) / len(q_pairs) if q_pairs else 0.0,
            "missing": sum(v for v in missing if v >= rare) / rare_total if rare_total else 0.0,
            "retrieval": 1.0 / math.sqrt(c.rank),
            "type_figure": figure,
            "type_other": other,
            "year": 1.0 if intent.years and c.year in intent.years else 0.0,
            "draft": 1.0 if c.status == "draft" else 0.0,
            "row": 1.0 if c.kind == "row" else 0.0,
            "item": 1.0 if c.kind == "item" else 0.0,
            "short": 1.0 if len(c.text.split()) < 6 else 0.0,
            "measure": measure_match(
                measure,
                # a row is read under its table's caption, column names and lead-in
                f"{c.text} {c.context} {c.lead}" if c.kind == "row" else c.text,
                c.kind,
                terms,
                equivalents,
            ),
            "period": _period(intent, c.text, short=c.kind == "row"),
            "label": _label_share(c, q_set, idf, rare, terms, equivalents),
            "other_period": _other_period(asked, c.text),
            "dense": 0.0,
        }
    # a cross-year question is answered once per year: a candidate is compared with its own
    # year's rivals, not with another year's better-worded ones
    for group in groups(cands, qtype):
        _relative(group, "overlap")
        _relative(group, "pairs")


_YEARS = re.compile(r"(?<![\d.,£])((?:19|20)\d\d)(?:\s*[-/–]\s*((?:19|20)?\d\d))?(?![\d%])")


def years_of(text: str) -> set[int]:
    """The years a text dates something to: "2010/11" and "2010-2011" are 2010 and 2011."""
    out: set[int] = set()
    for m in _YEARS.finditer(text):
        first = int(m.group(1))
        last = first
        if m.group(2):
            end = m.group(2)
            last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
        out.update(range(first, max(first, min(last, first + 10)) + 1))
    return out


def _other_period(asked: set[int], text: str) -> float:
    """1 when the question asks about a time ("in March 2023", "during 2011-12") and the
    candidate dates what it says, only to other years ("On 31 March 2022 ...")."""
    stated = years_of(text)
    return 1.0 if asked and stated and not asked & stated else 0.0


def _label_share(
    c: Candidate,
    q_set: set[str],
    idf: dict[str, float],
    rare: float,
    terms: TermStats,
    equivalents: list[tuple[str, list[str]]],
) -> float:
    """How much of what the question is about a table row's label names ("Placed for
    adoption" for "placed with prospective adopters"): its rows compete on this, not on the
    caption they share."""
    if c.kind != "row" or ":" not in c.text:
        return 0.0
    label = c.text.split(":", 1)[0]
    extra = [phrase for phrase, alts in equivalents if mentions(label, alts)]
    have = set(terms.tokens(" ".join([label, *extra])))
    wanted = {t: v for t, v in idf.items() if v >= rare and t in q_set}
    total = sum(wanted.values())
    return sum(v for t, v in wanted.items() if t in have) / total if total else 0.0


def groups(cands: Sequence[Candidate], qtype: AnswerType) -> list[list[Candidate]]:
    """The candidates that compete with each other: each year's apart for a question that
    spans years, else all of them."""
    if qtype != AnswerType.CHANGE:
        return [list(cands)]
    by_year: dict[int, list[Candidate]] = {}
    for c in cands:
        by_year.setdefault(c.year, []).append(c)
    return list(by_year.values())


def states_period(text: str, period: str, short: bool = False) -> bool:
    """Whether a text states a period written as in the question ("2019/20" = "2019-20"), not
    as part of a longer number; with `short`, also in two-digit years ("09-10"), as a table's
    column names write it (in prose "16-17" is more often an age)."""
    return any(re.search(rf"(?<!\d){v}(?!\d)", text) for v in _period_variants(period, short))


def _period_variants(period: str, short: bool = False) -> list[str]:
    """Patterns for the ways the reports write a period: "2010/11" is also "2010-11",
    "2010 – 11" and "2010/2011" (and "10-11" when `short`)."""
    m = re.fullmatch(r"((?:19|20)(\d\d))\s*[-/–]\s*(?:(?:19|20)?(\d\d))", period.strip())
    if m is None:
        return [re.escape(period)]
    first, end = m.group(1), m.group(3)
    century = first[:2] if end >= m.group(2) else str(int(first[:2]) + 1)
    out = [rf"{first}\s*[-/–]\s*(?:{century})?{end}"]
    if short:
        out.append(rf"{m.group(2)}\s*[-/–]\s*{end}")
    return out


def _period(intent: QueryIntent, text: str, short: bool = False) -> float:
    """1.0 when the text states a period the question names that is not a report's own year
    ("in 2010", "2011/12"), 0.5 when it states a named report year, else 0."""
    best = 0.0
    for period, year in intent.periods.items():
        if states_period(text, period, short):
            best = max(best, 0.5 if period == str(year) and year in intent.years else 1.0)
    return best


def _relative(cands: Sequence[Candidate], name: str) -> None:
    """A feature against the best value among the question's candidates: how the candidate
    compares with its rivals, whatever the question's own scale."""
    top = max((c.features[name] for c in cands), default=0.0)
    for c in cands:
        c.features[f"{name}_rel"] = c.features[name] / top if top > 0 else 0.0


def add_dense(cands: Sequence[Candidate], question: str, encode: Encoder) -> None:
    """The cosine similarity of question and candidate (with its context), floored at 0."""
    if not cands:
        return
    vecs = np.asarray(
        encode([question, *[f"{c.context}: {c.text}" if c.context else c.text for c in cands]])
    )
    sims = vecs[1:] @ vecs[0]
    for c, s in zip(cands, sims, strict=True):
        c.features["dense"] = float(max(0.0, s))
    _relative(cands, "dense")
