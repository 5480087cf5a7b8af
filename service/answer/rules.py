"""The rules that narrow a question's candidates before any scoring. Each takes the candidates
and returns those it keeps; when it keeps none, the question is not answered and the rule's
refusal says why."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.query import QueryIntent
from index.retriever import Retriever
from service.answer.features import FIGURE_TYPES, states_period
from service.answer.models import Candidate
from service.answer.qtype import FIGURE_PATTERN, AnswerType, has_person_name, wants_person

__all__ = ["Narrowed", "narrow", "only_wider"]


@dataclass(frozen=True)
class Narrowed:
    candidates: list[Candidate]
    refusal: list[str] | None = None  # set when no candidate is left


# a figure about somewhere wider than the council's own children, and words that bring it home
_WIDER = re.compile(
    r"\b(nationally|national (?:average|figures?|picture)|in England|England average|"
    r"across the region|regionally|statistical neighbours?)\b",
    re.I,
)
_LOCAL = re.compile(r"\b(Oxfordshire|OCC|Oxon|we|our|us|the council|the county)\b", re.I)


def narrow(
    cands: list[Candidate],
    question: str,
    qtype: AnswerType,
    intent: QueryIntent,
    retriever: Retriever,
    filtered_years: Sequence[int],
) -> Narrowed:
    """The candidates every rule keeps, in order; the first rule that keeps none refuses.
    `filtered_years` are the years the caller asked for (a filter, not the question's words)."""
    years = retriever.years
    uncovered = [p for p, y in intent.periods.items() if y not in years and y + 1 not in years]
    side = [p for p, y in intent.periods.items() if _is_span(p) and y not in years]
    reporting = {_next_report(intent.periods[p], years) for p in uncovered}
    figure = qtype in FIGURE_TYPES
    covered = ", ".join(map(str, years))
    steps: list[tuple[bool, Callable[[Candidate], bool], str]] = [
        # a period the reports do not cover ("the 2015 report", "in 2019/20") is not answered
        # from another year, unless a passage states that very period; a report covers its own
        # year and the one before it (the April 2011 strategy gives 2010's figures, the 2022-23
        # report September 2022's)
        # a question that names two or more reports holds that rule to the report that would
        # give such a period (the next one after it): "the 2011 strategy's duty ... and the
        # 2021 sufficiency strategy's beds, according to the 2022-23 report" keeps 2011's lines
        (
            bool(uncovered),
            lambda c: (
                any(states_period(c.text, p) for p in uncovered)
                or (len(intent.years) >= 2 and c.year not in reporting)
            ),
            f"The reports cover {covered}, not {', '.join(uncovered)}.",
        ),
        # a figure for a year that is no report's own (2021/22, given in the 2022-23 report
        # only as last year's comparison) is answered only by a line that states that year; a
        # change question keeps its other years
        (
            bool(side) and figure,
            lambda c: any(
                states_period(f"{c.text} {c.context}", p, short=c.kind == "row") for p in side
            ),
            f"No passage found gives this figure for {', '.join(side)}.",
        ),
        # a figure for the council's own children is not answered with a national one ("over
        # 50 children nationally waiting for a welfare secure bed"), unless the question asks
        # for that
        (
            figure and not _WIDER.search(question),
            lambda c: not only_wider(c.text),
            "The passages found give only national or regional figures for this.",
        ),
        # a question that names a year the corpus covers is answered from that year's reports
        (
            bool(intent.years) and not filtered_years,
            lambda c: c.year in intent.years or c.year in intent.also,
            f"The {', '.join(map(str, intent.years + intent.also))} reports do not answer this.",
        ),
        # a question for a person's name is answered only by a passage that names someone
        (
            wants_person(question),
            lambda c: has_person_name(c.text, _lower_case_words(retriever)),
            "No passage found names a person for this.",
        ),
    ]
    for applies, keep, refusal in steps:
        if applies:
            cands = [c for c in cands if keep(c)]
            if not cands:
                return Narrowed([], [refusal])
    return Narrowed(cands)


def _next_report(year: int, years: Sequence[int]) -> int | None:
    """The first report year after `year`: the report that would look back on it."""
    return min((y for y in years if y > year), default=None)


def only_wider(text: str) -> bool:
    """Every figure of the text is about somewhere wider: the words around it (three before,
    eight after) say "nationally" or the like and not "Oxfordshire", "we" or "our"."""
    windows = [
        " ".join(text[: m.start()].split()[-3:] + text[m.start() :].split()[:9])
        for m in FIGURE_PATTERN.finditer(text)
    ]
    return bool(windows) and all(_WIDER.search(w) and not _LOCAL.search(w) for w in windows)


def _is_span(period: str) -> bool:
    """A two-year period ("2021/22", "2022-23"), not a single year."""
    return re.fullmatch(r"\d{4}\s*[-/–]\s*\d{2,4}", period) is not None


_LOWER_WORDS: weakref.WeakKeyDictionary[Retriever, frozenset[str]] = weakref.WeakKeyDictionary()


def _lower_case_words(retriever: Retriever) -> frozenset[str]:
    """Words the corpus writes in lower case somewhere: ordinary words, not names."""
    if retriever not in _LOWER_WORDS:
        words = {w for c in retriever.chunks for w in re.findall(r"\b[a-z]{2,}\b", c.text)}
        _LOWER_WORDS[retriever] = frozenset(words)
    return _LOWER_WORDS[retriever]
