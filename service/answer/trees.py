"""A boosted tree ensemble for the answer scorer, read from LightGBM's own JSON dump
(`Booster.dump_model()`), so that the service evaluates it with plain Python and needs neither
LightGBM nor its OpenMP runtime. `eval.train_answer` fits it; nothing here reads gold data."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["Tree", "Trees", "from_lightgbm"]


class Tree(BaseModel):
    """One tree, flattened: node i splits on `feature[i]` at `threshold[i]` (value <= threshold
    goes to `left[i]`, else to `right[i]`), or is a leaf (`feature[i]` = -1) worth `value[i]`."""

    model_config = ConfigDict(extra="forbid")

    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]

    def output(self, x: list[float]) -> float:
        i = 0
        while self.feature[i] >= 0:
            i = self.left[i] if x[self.feature[i]] <= self.threshold[i] else self.right[i]
        return self.value[i]


class Trees(BaseModel):
    """A binary classifier's trees: the probability is the logistic of their summed outputs."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["trees"] = "trees"
    features: list[str]
    trees: list[Tree]

    def probability(self, features: dict[str, float]) -> float:
        x = [features.get(f, 0.0) for f in self.features]
        z = sum(t.output(x) for t in self.trees)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _flatten(root: dict[str, Any]) -> Tree:
    tree = Tree(feature=[], threshold=[], left=[], right=[], value=[])

    def add(node: dict[str, Any]) -> int:
        i = len(tree.feature)
        tree.feature.append(-1)
        tree.threshold.append(0.0)
        tree.left.append(-1)
        tree.right.append(-1)
        tree.value.append(0.0)
        if "leaf_value" in node:
            tree.value[i] = round(float(node["leaf_value"]), 6)
            return i
        if node.get("decision_type") != "<=":
            raise ValueError(f"only numeric '<=' splits are supported, not {node!r:.80}")
        tree.feature[i] = int(node["split_feature"])
        tree.threshold[i] = float(node["threshold"])
        tree.left[i] = add(node["left_child"])
        tree.right[i] = add(node["right_child"])
        return i

    add(root)
    return tree


def from_lightgbm(dump: dict[str, Any], features: list[str]) -> Trees:
    """The trees of a LightGBM binary classifier's `dump_model()`, its features named."""
    if dump.get("num_tree_per_iteration", 1) != 1 or not str(dump.get("objective", "")).startswith(
        "binary"
    ):
        raise ValueError("expected a binary LightGBM classifier")
    if len(dump["feature_names"]) != len(features):
        raise ValueError(
            f"{len(dump['feature_names'])} features in the dump, {len(features)} named"
        )
    return Trees(
        features=features, trees=[_flatten(t["tree_structure"]) for t in dump["tree_info"]]
    )
