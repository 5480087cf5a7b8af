"""Composing the answer from scored candidates: the best one to three sentences, rows or list
items; one cited line per year for a question that spans years."""

from __future__ import annotations

import re

from corpus.models import Document
from index.models import Hit
from index.query import QueryIntent
from service.answer.features import FIGURE_TYPES
from service.answer.models import Candidate, Citation
from service.answer.qtype import AnswerType

__all__ = ["LINE_LIMIT", "citation_for", "compose", "lead_in_first"]

# a line shows its whole sentence, row or item (the longest in the reports run to ~700
# characters); only a longer one is cut, and its citation still quotes all of it
LINE_LIMIT = 800
EXTRA_LINE = 0.92  # a second or third line needs this share of the best score
# a figure question's best table row beside its best sentence (or the other way round) needs
# this share of the best score: the scorer barely tells a row from the sentence that words it
FIGURE_PAIR = 0.85
# a "why" answer whose best line states no reason adds the best reason among the top lines
REASON_DEPTH, REASON_LINE = 3, 0.3
LIST_TOP = 3  # a list is scored by its best few items
LIST_ITEMS = 8  # and shows at most this many, around its best
# a year's line of a cross-year answer that names no years ("since 2008") needs this share of
# the best score; a year the question names is always shown
YEAR_LINE = 0.1
# a list question's lead-in ("Key challenges in future include:") among the next few lines,
# with its items retrieved, answers before a better-scored sentence when it has this share
LEAD_DEPTH, LEAD_SHARE = 3, 0.25


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


def _short(text: str, limit: int = LINE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _following(lead: Candidate, ranked: list[Candidate], gap: int = 200) -> list[Candidate]:
    """The list items or table rows that come straight after a lead-in, in order."""
    after = sorted(
        (
            c
            for c in ranked
            if c.document_id == lead.document_id
            and c.kind in ("item", "row")
            and c.start >= lead.end
        ),
        key=lambda c: c.start,
    )
    out: list[Candidate] = []
    end = lead.end
    for c in after:
        if c.start - end > gap or len(out) == 8:
            break
        out.append(c)
        end = c.end
    return out


def compose(
    ranked: list[Candidate],
    qtype: AnswerType,
    intent: QueryIntent,
    years: list[int],
    several: bool = False,
) -> list[tuple[str, Candidate]]:
    """Pick the candidates to show, each with the line that shows it. A question that spans
    years gets each year's best candidate, when it has `YEAR_LINE` of the best one's score;
    one that asks for `several` things, or for a list, gets the list of its best item."""
    if not ranked:
        return []
    best = ranked[0]
    if qtype == AnswerType.CHANGE or (intent.cross_year and len(set(years)) > 1):
        named = len(intent.years) >= 2
        span = intent.years if named else years
        per_year: dict[int, Candidate] = {}
        for c in ranked:
            # a year the question names always gets its best line; another year only when
            # its best line is not far off
            if (
                c.year in span
                and c.year not in per_year
                and (named or c.score >= YEAR_LINE * best.score)
            ):
                per_year[c.year] = c
        if len(per_year) >= 2:
            out = []
            for y in sorted(per_year):
                out.append((f"{y}: {_short(per_year[y].text)}", per_year[y]))
                shown = per_year[y]
                pair = _figure_pair([shown, *(c for c in ranked if c.year == y and c is not shown)])
                if pair is not None:  # a year's best row beside its best sentence, as for one year
                    out.append((f"{y}: {_short(pair.text)}", pair))
            return out
    if best.text.rstrip().endswith(":"):  # a lead-in answers with the list it introduces
        follow = _following(best, ranked)
        if follow:
            return [(_short(best.text), best), *[(f"• {_short(c.text)}", c) for c in follow]]
    if (several or qtype == AnswerType.LIST) and best.kind in ("item", "row"):
        # the list whose best few items score highest, not the list of the single best item
        lists: dict[str, list[Candidate]] = {}
        for c in ranked:
            if c.kind in ("item", "row"):
                lists.setdefault(c.chunk_id, []).append(c)
        items = max(lists.values(), key=lambda xs: sum(c.score for c in xs[:LIST_TOP]))
        if len(items) >= 2:
            return [(f"• {_short(c.text)}", c) for c in _window(items)]
    chosen = [best]
    follower = _follower(best, ranked) if qtype in (AnswerType.LIST, AnswerType.OTHER) else None
    if follower is not None:  # "... raised concerns about practices. These have included ..."
        return [(_short(c.text), c) for c in (best, follower)]
    if qtype == AnswerType.WHY and best.features.get("type_other", 0.0) < 1.0:
        # the best match names the thing asked about but gives no reason ("Complete rebuild
        # of Thornbury."): add the best of the next few lines that states one
        reason = next(
            (
                c
                for c in ranked[1:REASON_DEPTH]
                if c.features.get("type_other", 0.0) >= 1.0
                and c.kind != "row"
                and c.score >= REASON_LINE * best.score
            ),
            None,
        )
        if reason is not None:
            return [(_short(c.text), c) for c in (best, reason)]
    # more lines only of the same kind: a sentence is not padded with table rows, nor a row
    # with prose
    for c in ranked[1:3]:
        if (
            c.score >= EXTRA_LINE * best.score
            and c.kind == best.kind
            and c.document_id == best.document_id
            and abs(c.start - best.start) < 1500
        ):
            chosen.append(c)
    pair = _figure_pair(ranked) if qtype in FIGURE_TYPES else None
    if pair is not None and pair not in chosen:
        chosen.append(pair)
    chosen.sort(key=lambda c: (c.document_id != best.document_id, c.start))
    return [(_short(c.text), c) for c in chosen]


def lead_in_first(ranked: list[Candidate]) -> list[Candidate]:
    """`ranked` with a lead-in among its best few moved first, when its list follows it among
    the candidates and it scores `LEAD_SHARE` of the best: a list question is answered by the
    list the report introduces, not by a sentence that shares more of its words."""
    if not ranked or ranked[0].text.rstrip().endswith(":"):
        return ranked
    best = ranked[0]
    for i, c in enumerate(ranked[1:LEAD_DEPTH], start=1):
        if (
            c.kind == "sentence"
            and c.text.rstrip().endswith(":")
            and c.score >= LEAD_SHARE * best.score
            and len(_following(c, ranked)) >= 2
        ):
            return [c, *ranked[:i], *ranked[i + 1 :]]
    return ranked


def _window(items: list[Candidate], size: int = LIST_ITEMS) -> list[Candidate]:
    """At most `size` of a list's items, in order, around its best one (the first given)."""
    ordered = sorted(items, key=lambda c: c.start)
    at = ordered.index(items[0])
    first = max(0, min(at - size // 2, len(ordered) - size))
    return ordered[first : first + size]


_SET_FOLLOWS = re.compile(r"(?:These|They|Those)\b")


def _follower(best: Candidate, ranked: list[Candidate], gap: int = 3) -> Candidate | None:
    """The sentence straight after a list or "what" question's best sentence that goes on
    to name what it speaks of ("These have included ..."), when it was retrieved."""
    if best.kind != "sentence":
        return None
    return next(
        (
            c
            for c in ranked
            if c.document_id == best.document_id
            and c.kind == "sentence"
            and 0 <= c.start - best.end <= gap
            and _SET_FOLLOWS.match(c.text.lstrip())
        ),
        None,
    )


def _figure_pair(ranked: list[Candidate]) -> Candidate | None:
    """The best table row, among the next two lines, near enough the best sentence (or the
    best sentence near enough the best row) to show beside it."""
    best = ranked[0]
    return next(
        (
            c
            for c in ranked[1:3]
            if (c.kind == "row") != (best.kind == "row") and c.score >= FIGURE_PAIR * best.score
        ),
        None,
    )
