"""A change report for a topic: for each year, the passages on it (retrieved per year), the
figures that moved, and the services and programmes that appear or disappear. Every line
cites both sides."""

from __future__ import annotations

import itertools
import re

from corpus.errors import BadRequestError
from index.models import Filters, Hit
from service.compare.figures import figure_series
from service.compare.models import ChangeLine, Cited, FigureValue, Series, TopicReport
from service.engine import Engine

__all__ = ["compare_topic"]

# Named services and programmes: acronyms and capitalised names of two or more words
_NAME = re.compile(
    r"\b(?:[A-Z]{2,}[A-Za-z&]*|[A-Z][a-z]+(?: (?:for |of |and |&)?[A-Z][a-z]+){1,4})\b"
)
_COMMON = {
    "Oxfordshire",
    "Oxfordshire County Council",
    "County Council",
    "Council",
    "Cabinet",
    "OCC",
    "CYP",
    "LAC",
    "CLA",
    "CWCF",
    "The",
    "This",
    "There",
    "These",
    "Children",
    "Young People",
    "Local Authorities",
}


def _cited(hit: Hit) -> Cited:
    c = hit.chunk
    return Cited(
        document_id=c.document_id,
        year=c.year,
        section=c.section,
        paragraph=c.paragraph,
        page=c.page,
        start=c.start,
        end=c.end,
        quote=c.text,
    )


def _names(text: str) -> set[str]:
    return {n for n in _NAME.findall(text) if n not in _COMMON and len(n) > 2}


def _figure_changes(series: list[Series]) -> list[ChangeLine]:
    lines: list[ChangeLine] = []
    for s in series:
        by_year: dict[int, list[FigureValue]] = {}
        for v in s.values:
            by_year.setdefault(v.year, []).append(v)
        years = sorted(by_year)
        for y0, y1 in itertools.pairwise(years):
            a, b = by_year[y0][-1], by_year[y1][-1]
            if a.unit != b.unit:
                text = (
                    f"{s.measure}: {a.text} {a.unit} ({y0}) and {b.text} {b.unit} ({y1}) "
                    "are counted differently and do not compare directly"
                )
            else:
                trend = "rose" if b.value > a.value else "fell" if b.value < a.value else "held"
                text = f"{s.measure} {trend} from {a.text} ({y0}) to {b.text} ({y1})"
            lines.append(ChangeLine(kind="figure", text=text, before=a, after=b))
    return lines


def compare_topic(engine: Engine, topic: str, years: list[int] | None = None) -> TopicReport:
    topic = " ".join((topic or "").split())
    if not topic:
        raise BadRequestError(
            "the topic is empty", fix="name a topic, e.g. 'foster carer recruitment'"
        )
    r = engine.retriever
    span = sorted(years) if years else r.years
    unknown = [y for y in span if y not in r.years]
    if unknown:
        raise BadRequestError(
            f"years {unknown} are not in the corpus",
            fix=f"use some of {', '.join(map(str, r.years))}",
        )
    passages: dict[int, list[Cited]] = {}
    for y in span:
        hits = r.search(topic, 3, Filters(years=[y], statuses=["published"]))
        passages[y] = [_cited(h) for h in hits if h.score > 0]
    series = [s for s in figure_series(engine, topic) if len({v.year for v in s.values}) >= 1]
    changes = _figure_changes(series)
    # a name is new only if the earlier year's reports never mention it, and gone only if the
    # later year's reports never do (not merely absent from the passages retrieved)
    whole = {
        y: " ".join(
            d.text
            for d in engine.documents.values()
            if d.meta.year == y and d.meta.status == "published"
        )
        for y in span
    }
    ordered = [y for y in span if passages.get(y)]
    for y0, y1 in itertools.pairwise(ordered):
        new = {n for p in passages[y1] for n in _names(p.quote) if n not in whole[y0]}
        gone = {n for p in passages[y0] for n in _names(p.quote) if n not in whole[y1]}
        for name in sorted(new)[:5]:
            after = next(p for p in passages[y1] if name in p.quote)
            changes.append(
                ChangeLine(
                    kind="appears",
                    text=f"{name}: first mentioned in {y1} (not in the {y0} report)",
                    before=passages[y0][0],
                    after=after,
                )
            )
        for name in sorted(gone)[:5]:
            before = next(p for p in passages[y0] if name in p.quote)
            changes.append(
                ChangeLine(
                    kind="disappears",
                    text=f"{name}: mentioned in {y0}, not in the {y1} report",
                    before=before,
                    after=passages[y1][0],
                )
            )
    return TopicReport(topic=topic, years=span, passages=passages, changes=changes, series=series)
