"""A candidate's probability of being the answer: two models over its features, read from
`scorer.json`. The first, a logistic, ranks every candidate on the cheap features; the best few
then get their dense similarity to the question and the final model's probability (a logistic,
blended with boosted trees when the file has them).

The weights and the abstention threshold are fitted on the dev split of the project's gold
questions by `python -m eval.train_answer`; nothing here reads the gold data."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from service.answer.features import Encoder, add_dense
from service.answer.models import Candidate
from service.answer.trees import Trees

__all__ = ["Logistic", "ScorerModel", "load_model", "rank", "rank_groups"]

MODEL_PATH = Path(__file__).with_name("scorer.json")


class Logistic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    features: list[str]
    coef: list[float]
    intercept: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * features.get(f, 0.0) for f, w in zip(self.features, self.coef, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class ScorerModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prefilter: Logistic
    final: Logistic
    depth: int  # candidates that get a dense similarity and the final model
    threshold: float  # abstain when the best candidate's probability is below this
    provenance: dict[str, object]
    # boosted trees over the final model's features, and their share of the final probability:
    # they read interactions a logistic cannot ("a figure, but in a row of another table")
    boosted: Trees | None = None
    blend: float = Field(default=0.0, ge=0.0, le=1.0)

    def final_probability(self, features: dict[str, float]) -> float:
        p = self.final.probability(features)
        if self.boosted is None or self.blend == 0.0:
            return p
        return (1.0 - self.blend) * p + self.blend * self.boosted.probability(features)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> ScorerModel:
    return ScorerModel.model_validate(json.loads(path.read_text(encoding="utf-8")))


def rank_groups(
    groups: list[tuple[list[Candidate], str]], encode: Encoder, model: ScorerModel
) -> list[Candidate]:
    """Each group ranked on its own against its question (a cross-year question's years),
    then merged: the groups' best first, each group's order kept."""
    ranked = [rank(g, question, encode, model) for g, question in groups if g]
    ranked.sort(key=lambda g: -g[0].score)
    merged: list[Candidate] = []
    for i in range(max((len(g) for g in ranked), default=0)):
        merged += [g[i] for g in ranked if i < len(g)]
    return merged


def rank(
    cands: list[Candidate], question: str, encode: Encoder, model: ScorerModel
) -> list[Candidate]:
    """The candidates, best first, each with `score` set to its probability."""
    for c in cands:
        c.score = model.prefilter.probability(c.features)
    pre = sorted(cands, key=lambda c: (-c.score, c.rank, c.start))
    top, rest = pre[: model.depth], pre[model.depth :]
    add_dense(top, question, encode)
    for c in top:
        c.score = round(model.final_probability(c.features), 4)
    floor = min((c.score for c in top), default=0.0)
    for c in rest:  # never above a candidate the final model has seen
        c.score = round(min(c.score, floor) * 0.99, 4)
    # a question that wants a figure is answered by a candidate stating one of that kind
    # when any of the best few does, however well a figureless sentence matches its words;
    # a cross-year answer then finds each year's figures before any year's prose
    ordered = sorted(top, key=lambda c: (-c.score, c.rank, c.start)) + rest
    if any(c.features.get("type_figure", 0.0) >= 1.0 for c in top):
        ordered.sort(key=lambda c: c.features.get("type_figure", 0.0) < 1.0)  # stable
    # ... and by one whose figure stands next to all the words of what it counts ("22 for
    # adoption" for "how many children were adopted") when one of the best few has that
    # (table rows keep their places: a row's label and columns name what it counts in their
    # own words, and its caption is not in its text)
    if any(_counts_it(c) for c in top if c.kind != "row"):
        slots = [i for i, c in enumerate(ordered) if c.kind != "row"]
        prose = sorted((ordered[i] for i in slots), key=lambda c: not _counts_it(c))  # stable
        for i, c in zip(slots, prose, strict=True):
            ordered[i] = c
    return ordered


def _counts_it(c: Candidate) -> bool:
    return c.features.get("type_figure", 0.0) >= 1.0 and c.features.get("measure", 0.0) >= 1.0
