"""The answer scorer's boosted trees, read from LightGBM's dump, give LightGBM's own
probabilities, on the kinds of values the features take (shares, 0/1 flags, ties at a split)."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pytest

from service.answer.trees import Trees, from_lightgbm

NAMES = ["overlap", "row", "retrieval", "dense"]


def _data(n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    x = np.column_stack(
        [
            rng.random(n).round(2),  # a share, with ties
            rng.integers(0, 2, n).astype(float),  # a flag
            1 / np.sqrt(rng.integers(1, 11, n)),  # 1 / sqrt(rank)
            rng.random(n),
        ]
    )
    y = ((x[:, 0] + 0.5 * x[:, 1] * x[:, 3] + rng.normal(0, 0.2, n)) > 0.8).astype(int)
    return x, y


def test_the_trees_give_lightgbms_probabilities() -> None:
    x, y = _data()
    model = lgb.LGBMClassifier(
        n_estimators=60, max_depth=3, num_leaves=8, learning_rate=0.1, verbose=-1, n_jobs=1
    ).fit(x, y)
    trees = from_lightgbm(model.booster_.dump_model(), NAMES)
    ours = np.array([trees.probability(dict(zip(NAMES, row, strict=True))) for row in x])
    theirs = np.asarray(model.predict_proba(x))[:, 1]
    assert np.abs(ours - theirs).max() < 1e-4
    assert len(trees.trees) == 60
    # and after a round trip through JSON, as scorer.json stores them
    again = Trees.model_validate_json(trees.model_dump_json())
    assert again.probability(dict(zip(NAMES, x[0], strict=True))) == pytest.approx(ours[0])


def test_a_feature_the_candidate_lacks_counts_as_zero() -> None:
    x, y = _data()
    model = lgb.LGBMClassifier(n_estimators=20, max_depth=2, verbose=-1, n_jobs=1).fit(x, y)
    trees = from_lightgbm(model.booster_.dump_model(), NAMES)
    row = {"overlap": 0.9, "dense": 0.4}
    expected = np.asarray(model.predict_proba(np.array([[0.9, 0.0, 0.0, 0.4]])))[0, 1]
    assert trees.probability(row) == pytest.approx(expected, abs=1e-4)


def test_a_dump_that_is_not_a_binary_classifier_is_refused() -> None:
    x, _ = _data(300)
    y = np.arange(300) % 3
    model = lgb.LGBMClassifier(n_estimators=3, verbose=-1, n_jobs=1).fit(x, y)
    with pytest.raises(ValueError, match="binary"):
        from_lightgbm(model.booster_.dump_model(), NAMES)
    x2, y2 = _data(300)
    binary = lgb.LGBMClassifier(n_estimators=3, verbose=-1, n_jobs=1).fit(x2, y2)
    with pytest.raises(ValueError, match="features"):
        from_lightgbm(binary.booster_.dump_model(), NAMES[:2])
