"""The simpler answer variants the harness scores beside the full system."""

from __future__ import annotations

from typing import Any

import pytest

from eval.answer_variants import ANSWER_VARIANTS, variant_fn
from service.answer import Answer, answer


def test_no_threshold_calls_the_full_system_with_the_threshold_off() -> None:
    seen: dict[str, Any] = {}

    answered = Answer(
        question="q?", answer="answer", abstained=False, confidence=1.0, citations=[], passages=[]
    )

    def full(engine: Any, question: str, **kw: Any) -> Answer:
        seen.update(kw, question=question)
        return answered

    assert variant_fn("no-threshold", full)(None, "q?", k=5) is answered
    assert seen == {"threshold": 0.0, "k": 5, "question": "q?"}


def test_every_named_variant_exists_and_an_unknown_one_is_refused() -> None:
    for name in ANSWER_VARIANTS:
        assert callable(variant_fn(name, answer))
    with pytest.raises(ValueError, match="unknown answer variant"):
        variant_fn("oracle", answer)
