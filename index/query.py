"""What a query says about years and periods: "in 2008", "the 2022-23 report", "2011/12",
"since 2011", "between 2012 and 2023", and whether it asks for a change across years."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "CLAUSE_BREAK",
    "QueryIntent",
    "check_text",
    "content_words",
    "parse_query",
    "source_phrases",
    "without_sources",
]

_YEAR = r"(?:19|20)\d\d"
_SPAN = re.compile(rf"\b({_YEAR})\s*[-/–]\s*(\d{{2}}|{_YEAR})\b")
_SINGLE = re.compile(rf"(?<![\d/-])({_YEAR})(?![\d/-])")
_RANGE = re.compile(rf"\b(?:from|between)\s+({_YEAR})\s+(?:to|and|until)\s+({_YEAR})\b", re.I)
_SINCE = re.compile(rf"\b(?:since|after|from)\s+({_YEAR})\b", re.I)
_CHANGE = re.compile(
    r"\bhow (has|have|did|do)\b[^?]*\b(chang|develop|evolv|mov|shift)\w*|\bcompar\w*|"
    r"\bover the years\b|\bover time\b|\btrends?\b|\bsince\s+\d{4}|\bacross the years\b|"
    r"\bbetween\s+\d{4}\s+and\s+\d{4}|\bfrom\s+\d{4}\s+to\s+\d{4}|\bchang\w* (since|between|from|over)\b",
    re.I,
)

# where a question's next clause starts: ", and how many ...", "; what ..."
CLAUSE_BREAK = re.compile(r",?\s+and\s+(?=(?:what|how|which|who|when|where|why)\b)|;\s+", re.I)

# a second clause or a second thing asked: ", and at the graded inspections ..."
_MORE = re.compile(rf"{CLAUSE_BREAK.pattern}|,\s*and\b", re.I)


# Words a question uses to point at the reports rather than at what is in them: every passage
# of every report is "in the report", so matching them only favours short boilerplate. The
# names of kinds of council document count too ("the Cabinet paper", "the submission form",
# "the 2011 strategy"): the year boost already picks the report they point at, and as words
# they pull in the passages that happen to say "Cabinet" or "form".
_META = re.compile(
    r"\b(?:"
    r"(?:cabinet|committee) (?:papers?|reports?|updates?)|(?:submission|template) forms?|"
    r"annex(?:es)?|(?:(?<=\bthe )|(?<=\d{4} ))(?:strateg(?:y|ies)|updates?)(?:'s)?|"
    r"reports?|papers?|says?|said|saying|according|named?|names|mentions?|mentioned"
    r")\b",
    re.I,
)


# a phrase that names the report the question asks about ("the October 2008 progress update
# to the Corporate Parenting Panel", "the 2011 placement strategy", "the 2012 submission
# form"): its words describe the report, not what is in it, and match the report's title page
# and introduction. "Update" and "strategy" name a report only with its date: "the council
# update its forms" and "the Corporate Parenting Strategy" are what the reports are about.
_SOURCE = re.compile(
    r"\b[Tt]he\s+(?P<words>(?:[\w'’/-]+\s+){0,5}?)"
    r"(?P<kind>reports?|papers?|forms?|annex|updates?|strateg(?:y|ies))\b(?:['’]s\b)?"
    r"(?:\s+to\s+(?:the\s+)?(?:[A-Z][\w'’]*\s*)+)?"
)
_DATED = re.compile(
    rf"{_YEAR}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.I
)


def source_phrases(query: str) -> list[str]:
    """The phrases of the query that name a report."""
    return [
        m.group()
        for m in _SOURCE.finditer(query)
        if not m.group("kind").lower().startswith(("update", "strateg"))
        or _DATED.search(m.group("words"))
    ]


def without_sources(query: str) -> str:
    """The query without the phrases that name a report."""
    for phrase in source_phrases(query):
        query = query.replace(phrase, " ")
    return " ".join(query.split())


def content_words(query: str, years: Iterable[int] = ()) -> str:
    """The query without the words and phrases that point at the reports (for BM25), nor the
    given years written on their own ("the 2008 report"; a period such as 2011/12 stays); the query itself
    if nothing else is left."""
    drop = {str(y) for y in years}
    rest = _META.sub(" ", without_sources(query))
    rest = _SINGLE.sub(lambda m: " " if m.group(1) in drop else m.group(), rest)
    rest = " ".join(rest.split())
    return rest if re.search(r"\w", rest) else query


def check_text(text: str, max_chars: int, what: str = "query") -> str:
    """The text of a query or question with white space folded, or a BadRequestError naming
    what is wrong and the fix (empty, too long, no words at all)."""
    from corpus.errors import BadRequestError

    q = " ".join((text or "").split())
    if not q:
        raise BadRequestError(f"the {what} is empty", fix="ask about something in the reports")
    if len(q) > max_chars:
        raise BadRequestError(
            f"the {what} is {len(q)} characters long; at most {max_chars} are taken",
            fix="shorten it to the question itself (one thing at a time)",
        )
    if not re.search(r"\w", q):
        raise BadRequestError(f"the {what} has no words, only punctuation", fix="ask in words")
    return q


@dataclass
class QueryIntent:
    years: list[int] = field(default_factory=list)  # report years the query points at
    mentioned: list[int] = field(default_factory=list)  # every year written in the query
    since: int | None = None
    cross_year: bool = False
    periods: dict[str, int] = field(default_factory=dict)  # "2019/20" -> report year 2020
    # the next year's report, which gives a period's figures again beside its own: "2010/11"
    # is the April 2011 strategy's year and the November 2012 report's year before
    also: list[int] = field(default_factory=list)


def _report_year(start: int, end_text: str) -> int:
    """A period like 2011/12 or 2022-23 is reported in the report of its end year."""
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    return end if end >= start else start


def parse_query(query: str, corpus_years: list[int]) -> QueryIntent:
    intent = _parse(query, corpus_years)
    report = _one_report(query, corpus_years)
    if report is not None:
        # "how many were placed with IFAs in 2008, going by the 2011 strategy's table" asks
        # one report about a time before it, not two reports
        intent.years, intent.cross_year, intent.also = [report], False, []
    return intent


def _one_report(query: str, corpus_years: list[int]) -> int | None:
    """The report a question names when it names one (by a phrase such as "the 2011
    placement strategy"), in one clause that asks for no change and dates nothing after
    that report."""
    if _CHANGE.search(query) or _MORE.search(query):
        return None
    named = {y for p in source_phrases(query) for y in _parse(p, corpus_years).years}
    if len(named) != 1:
        return None
    report = named.pop()
    later = [y for y in _parse(without_sources(query), corpus_years).mentioned if y > report]
    return None if later else report


def _parse(query: str, corpus_years: list[int]) -> QueryIntent:
    intent = QueryIntent()
    spans = list(_SPAN.finditer(query))
    covered = [(m.start(), m.end()) for m in spans]
    points: list[int] = []
    for m in spans:
        start = int(m.group(1))
        points.append(_report_year(start, m.group(2)))
        intent.mentioned.extend([start, points[-1]])
        intent.periods[m.group()] = points[-1]
    for m in _SINGLE.finditer(query):
        if any(a <= m.start() < b for a, b in covered):
            continue
        y = int(m.group(1))
        points.append(y)
        intent.mentioned.append(y)
        intent.periods[m.group()] = y
    bounded = _RANGE.search(query)
    since = None if bounded else _SINCE.search(query)
    if bounded:
        lo, hi = sorted((int(bounded.group(1)), int(bounded.group(2))))
        points.extend(y for y in corpus_years if lo <= y <= hi)
    if since:
        intent.since = int(since.group(1))
        points.extend(y for y in corpus_years if y >= intent.since)
    # a report covers its own year and the one before: "in 2022" and "2021/22" point at the
    # 2022-23 report, "in 2010" at the April 2011 strategy
    own = set(corpus_years)
    intent.years = sorted({y if y in own else y + 1 for y in points if own & {y, y + 1}})
    intent.cross_year = bool(_CHANGE.search(query)) or len(intent.years) >= 2
    if len(intent.years) == 1 and not intent.cross_year and not (bounded or since):
        year = intent.years[0]
        if year + 1 in own and any(y == year for p, y in intent.periods.items() if _SPAN.match(p)):
            intent.also = [year + 1]
    return intent
