"""The answer scorer's fitting: the abstention threshold, the out-of-fold rates and the boosted
trees as written to scorer.json."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eval.gold_data import Question
from eval.train_answer import Boost, Held, _fit_trees, _numbers_on_one_line, _rates, _threshold
from service.answer.scorer import Logistic, ScorerModel


def _q(qid: str, answerable: bool) -> Question:
    return Question.model_validate(
        {
            "id": qid,
            "split": "dev",
            "kind": "count" if answerable else "unanswerable",
            "question": "How many children were in care?",
            "answer": "5" if answerable else None,
            "documents": ["d"] if answerable else [],
            "years": [2012] if answerable else [],
            "evidence": [{"document_id": "d", "quote": "5 children"}] if answerable else [],
        }
    )


def test_the_threshold_abstains_most_while_false_abstention_stays_low_with_a_margin() -> None:
    best: list[tuple[Question, float | None]] = [
        (_q(f"a{i}", True), 0.5 + i / 1000) for i in range(400)
    ]
    best += [(_q("u1", False), 0.2), (_q("u2", False), 0.3), (_q("u3", False), 0.9)]
    t, false, abst = _threshold(best)
    # the lowest threshold that abstains on the two low unanswerables
    assert t == pytest.approx(0.4) and false == 0.0
    assert abst == pytest.approx(2 / 3)
    # catching one more costs 11 answerables in 400: the 95% bound of that rate is under 0.05
    t, false, abst = _threshold([*best, (_q("u4", False), 0.5105)])
    assert t == pytest.approx(0.5108, abs=1e-4) and false == pytest.approx(11 / 400)
    assert abst == pytest.approx(3 / 4)
    # 12 in 400 is a rate of 0.03, but its bound is over 0.05: not taken
    t, false, abst = _threshold([*best, (_q("u4", False), 0.5115)])
    assert t == pytest.approx(0.4) and false == 0.0


def test_too_few_answerable_questions_to_bound_false_abstention_never_abstain_on_score() -> None:
    best: list[tuple[Question, float | None]] = [
        (_q(f"a{i}", True), 0.5 + i / 100) for i in range(20)
    ]
    best += [(_q("u1", False), 0.2), (_q("u2", False), None)]  # None: the rules abstained
    t, false, abst = _threshold(best)
    # even none abstaining in 20 leaves a 95% bound over 0.05
    assert t == 0.0 and false == 0.0 and abst == 0.5


def test_rates_at_a_threshold_and_at_each_folds_own() -> None:
    held = [
        Held(_q("a1", True), 0.6, True, 0.5),
        Held(_q("a2", True), 0.4, True, 0.5),
        Held(_q("a3", True), None, False, 0.5),  # refused before scoring
        Held(_q("u1", False), 0.45, False, 0.3),
    ]
    own = _rates(held)
    assert own["accuracy"] == pytest.approx(1 / 3)
    assert own["false_abstention"] == pytest.approx(2 / 3) and own["abstention"] == 0.0
    low = _rates(held, 0.35)
    assert low["accuracy"] == pytest.approx(2 / 3) and low["abstention"] == 0.0


def test_boosted_trees_are_fitted_and_written_as_a_loadable_scorer() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((600, 2))
    y = (x[:, 0] * x[:, 1] > 0.3).astype(int)  # an interaction a logistic cannot read
    names = ("overlap", "dense")
    trees = _fit_trees(x, y, names, Boost(blend=1.0, trees=40))
    flat = Logistic(features=list(names), coef=[0.0, 0.0], intercept=0.0)
    model = ScorerModel(
        prefilter=flat, final=flat, depth=4, threshold=0.1, provenance={}, boosted=trees, blend=1.0
    )
    text = _numbers_on_one_line(json.dumps(model.model_dump(), indent=2))
    again = ScorerModel.model_validate_json(text)
    assert again == model
    assert again.final_probability({"overlap": 0.9, "dense": 0.9}) > 0.8
    assert again.final_probability({"overlap": 0.9, "dense": 0.1}) < 0.2
