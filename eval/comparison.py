"""Comparison metrics, against `service.compare.align(engine, documents=None)` (topic groups
across years) and `service.compare.redline(engine, a, b)` (draft -> published changes).

`service.compare` is imported lazily: when it does not exist yet, `compare_api()` returns None
and the harness records the comparison metrics as skipped, with a note.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from types import ModuleType
from typing import Any, Protocol

from eval.comparison_metrics import Change, SpanRef, alignment_scores, redline_scores
from eval.gold_data import AlignmentTopic, Redline
from eval.metrics import QuotedSpan

__all__ = ["compare_api", "run_alignment", "run_redline", "system_members"]

MODULE = "service.compare"


class GroupLike(Protocol):
    """`members` is a list, or a mapping year -> list (both shapes are taken)."""

    @property
    def label(self) -> str: ...
    @property
    def members(self) -> Sequence[QuotedSpan] | Mapping[int, Sequence[QuotedSpan]]: ...


def _members(group: GroupLike) -> list[QuotedSpan]:
    members = group.members
    if isinstance(members, Mapping):
        return [m for year in sorted(members) for m in members[year]]
    return list(members)


def _side(change: Any, side: str) -> str | None:
    """A change's quote on one side: `a_quote` / `b_quote`, or the quote of its `a` / `b`
    citation (both shapes are taken)."""
    quote = getattr(change, f"{side}_quote", None)
    if quote is None:
        cited = getattr(change, side, None)
        quote = getattr(cited, "quote", None)
    return quote if isinstance(quote, str) else None


def _change(change: Any, formatting: bool = False) -> Change:
    return (
        str(change.kind),
        _side(change, "a"),
        _side(change, "b"),
        formatting or bool(getattr(change, "formatting", False)),
    )


def compare_api() -> ModuleType | None:
    """The `service.compare` module, or None when it does not exist (yet)."""
    try:
        return importlib.import_module(MODULE)
    except ModuleNotFoundError as exc:
        if exc.name in (MODULE, "service"):
            return None
        raise


def system_members(engine: Any, group: GroupLike) -> list[SpanRef]:
    """A system member's span: the document's text[start:end] when that resolves, else its
    quote."""
    out = []
    for m in _members(group):
        doc = engine.documents.get(m.document_id)
        text = m.quote
        if doc is not None and 0 <= m.start < m.end <= len(doc.text):
            text = doc.text[m.start : m.end]
        out.append(SpanRef(m.document_id, text))
    return out


def run_alignment(
    engine: Any,
    module: ModuleType,
    gold: Sequence[AlignmentTopic],
    documents: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Align `documents` (default: those the gold topics cover) and score the groups against
    the gold topics. Pass the documents of every topic when scoring a split's topics, so that
    each split scores the same alignment."""
    documents = sorted(documents or {m.document_id for t in gold for m in t.members})
    started = time.perf_counter()
    groups: list[GroupLike] = list(module.align(engine, documents=documents))
    seconds = time.perf_counter() - started
    system = {f"{i}:{g.label}": system_members(engine, g) for i, g in enumerate(groups)}
    gold_spans = {t.topic: [SpanRef(m.document_id, m.quote) for m in t.members] for t in gold}
    per_topic, overall = alignment_scores(gold_spans, system)
    return {
        "documents": documents,
        "topics": [t.topic for t in gold],
        "seconds": round(seconds, 3),
        "overall": overall,
        "per_topic": [asdict(s) for s in per_topic],
    }


def run_redline(engine: Any, module: ModuleType, gold: Redline) -> dict[str, Any]:
    """Redline gold.a -> gold.b and score the content changes against the gold changes."""
    started = time.perf_counter()
    result = module.redline(engine, gold.a, gold.b)
    seconds = time.perf_counter() - started
    system = [_change(c) for c in result.changes]
    # formatting-only differences may also come in a list of their own
    system += [_change(c, formatting=True) for c in getattr(result, "formatting", None) or []]
    gold_changes: list[Change] = [
        (c.kind, c.draft_quote, c.published_quote, c.minor) for c in gold.changes
    ]
    score = redline_scores(gold_changes, system)
    return {
        "a": gold.a,
        "b": gold.b,
        "seconds": round(seconds, 3),
        **asdict(score),
        "missed": [
            {
                "kind": gold.changes[i].kind,
                "published_paragraph": gold.changes[i].published_paragraph,
                "description": gold.changes[i].description,
            }
            for i in score.missed
        ],
    }
