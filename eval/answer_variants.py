"""Simpler answer variants, scored beside the full system (issue 5 asks for them side by side):

- ``no-threshold``: the full system with the calibrated threshold off, so it abstains only by
  its rules (an uncovered year or period, no passage naming a person, ...);
- ``top-passage``: no scoring at all: the first sentence, item or row of the best retrieved
  passage, cited (what a plain retrieve-and-quote system would say); it abstains only when the
  system's rules leave no candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eval.answers import AnswerFn

__all__ = ["ANSWER_VARIANTS", "variant_fn"]

ANSWER_VARIANTS = ("no-threshold", "top-passage")


@dataclass
class _Plain:
    answer: str | None
    abstained: bool
    confidence: float
    citations: Sequence[Any] = field(default_factory=list)


def _top_passage(engine: Any, question: str, k: int = 5, **_: Any) -> _Plain:
    from service.answer import prepare
    from service.answer.compose import citation_for

    p = prepare(engine, question, k)
    if not p.candidates:
        return _Plain(None, True, 0.0)
    first = min(p.candidates, key=lambda c: (c.rank, c.start))
    hit = next(h for h in p.hits if h.chunk.id == first.chunk_id)
    cite = citation_for(first, hit, engine.documents[first.document_id])
    return _Plain(first.text, False, 0.0, [cite] if cite else [])


def variant_fn(name: str, full: AnswerFn) -> Callable[..., Any]:
    """The answer function of a variant, built on the full system's `answer`."""
    if name == "no-threshold":
        return lambda engine, question, **kw: full(engine, question, threshold=0.0, **kw)
    if name == "top-passage":
        return _top_passage
    raise ValueError(f"unknown answer variant {name!r}: use one of {', '.join(ANSWER_VARIANTS)}")
