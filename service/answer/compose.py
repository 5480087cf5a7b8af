"""Scoring candidates and composing the answer: the best one to three sentences, rows or list
items; one cited line per year for a question that spans years; abstention below a threshold."""

from __future__ import annotations

import re

import numpy as np

from corpus.models import Document
from index.models import Hit
from index.query import QueryIntent
from index.terms import TermStats
from service.answer.models import Candidate, Citation
from service.answer.qtype import AnswerType, type_match

__all__ = ["citation_for", "compose", "score_candidates"]

WEIGHTS = {"overlap": 0.35, "dense": 0.25, "retrieval": 0.15, "type": 0.25}


def score_candidates(
    cands: list[Candidate],
    question: str,
    qtype: AnswerType,
    intent: QueryIntent,
    terms: TermStats,
    equivalents: list[tuple[str, list[str]]],
    encode: object,
    dense_top: int = 12,
) -> list[Candidate]:
    q_terms = terms.tokens(question)
    for c in cands:
        text = f"{c.text} {c.context}"
        lowered = text.lower()
        # a candidate that names the thing another way ("entered care" for "came into care")
        # counts as using the question's words
        extra = [phrase for phrase, alts in equivalents if any(a.lower() in lowered for a in alts)]
        overlap = terms.overlap(q_terms, " ".join([text, *extra]))
        c.features = {
            "overlap": overlap,
            "retrieval": 1.0 / (c.rank**0.5),
            "type": type_match(qtype, c.text, c.kind),
            "dense": 0.0,
        }
    pre = sorted(cands, key=lambda c: -_combine(c.features))
    top = pre[:dense_top]
    if top and callable(encode):
        vecs = encode([question, *[f"{c.context}: {c.text}" if c.context else c.text for c in top]])
        sims = np.asarray(vecs[1:]) @ np.asarray(vecs[0])
        for c, s in zip(top, sims, strict=True):
            c.features["dense"] = float(max(0.0, s))
    figure = re.search(
        r"\b(how many|number|percentage|proportion|rate|share|cost|how much)\b", question, re.I
    )
    gated = qtype in (AnswerType.NUMBER, AnswerType.PERCENT, AnswerType.MONEY, AnswerType.DATE) or (
        qtype == AnswerType.CHANGE and figure is not None
    )
    for c in cands:
        score = _combine(c.features)
        if gated:  # "how many" is not answered by a sentence without a figure
            score *= 0.55 + 0.45 * c.features["type"]
        if intent.years and c.year not in intent.years:
            score *= 0.6
        if c.status == "draft":
            score *= 0.95
        c.score = round(score, 4)
    return sorted(cands, key=lambda c: (-c.score, c.rank, c.start))


def _combine(f: dict[str, float]) -> float:
    return sum(WEIGHTS[k] * f.get(k, 0.0) for k in WEIGHTS)


def citation_for(c: Candidate, hit: Hit, doc: Document) -> Citation | None:
    """A citation only when its quote is exactly the document's text at its span."""
    quote = doc.text[c.start : c.end]
    if not quote or doc.text[c.start : c.end] != quote:
        return None
    block = doc.block_at(c.start)
    return Citation(
        document_id=doc.id,
        title=doc.meta.title,
        year=doc.meta.year,
        section=block.section if block else hit.chunk.section,
        paragraph=(block.paragraph if block else None) or hit.chunk.paragraph,
        page=(block.page if block else None) or hit.chunk.page,
        start=c.start,
        end=c.end,
        quote=quote,
    )


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def compose(
    ranked: list[Candidate], qtype: AnswerType, intent: QueryIntent, years: list[int]
) -> list[tuple[str, Candidate]]:
    """Pick the candidates to show, each with the line that shows it."""
    if not ranked:
        return []
    best = ranked[0]
    if qtype == AnswerType.CHANGE or (intent.cross_year and len(set(years)) > 1):
        span = intent.years if len(intent.years) >= 2 else years
        per_year: dict[int, Candidate] = {}
        for c in ranked:
            if c.year in span and c.year not in per_year and c.score >= 0.6 * best.score:
                per_year[c.year] = c
        if len(per_year) >= 2:
            return [(f"{y}: {_short(per_year[y].text)}", per_year[y]) for y in sorted(per_year)]
    if qtype == AnswerType.LIST:
        items = [c for c in ranked if c.chunk_id == best.chunk_id and c.kind in ("item", "row")]
        if best.kind in ("item", "row") and len(items) >= 2:
            items = sorted(items, key=lambda c: c.start)[:8]
            return [(f"• {_short(c.text, 200)}", c) for c in items]
    chosen = [best]
    # more lines only of the same kind: a sentence is not padded with table rows, nor a row
    # with prose
    for c in ranked[1:3]:
        if (
            c.score >= 0.92 * best.score
            and c.kind == best.kind
            and c.document_id == best.document_id
            and abs(c.start - best.start) < 1500
        ):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return [(_short(c.text), c) for c in chosen]
