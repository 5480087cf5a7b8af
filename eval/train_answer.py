"""Fit the answer scorer on the dev split (never the test split) and write
`service/answer/scorer.json`: two logistic models over the candidates' features, with
`--blend W` boosted trees (LightGBM, stored as their own dump) that make W of the final model's
probability, and the abstention threshold.

    .venv/bin/python -m eval.train_answer [--C 1.0] [--depth 16] [--blend 1.0] [--dry-run] [--cv 5]

`--cv K` also reports out-of-fold dev numbers: the questions are cut into K folds (by id, in
file order), each fold is answered by a model fitted on the others, so the accuracy it prints
is not in-sample. With `--cv`, the threshold written is chosen on those out-of-fold scores
(what a new question's scores look like), not on the in-sample ones, which run high for
answerable questions and so set a threshold that abstains on too many new ones.

A candidate is labelled as an answer when its span overlaps a gold evidence quote of the
question and, for figure questions, it states the gold figure (for a cross-year question, one
of the gold items). The threshold is the one that abstains most on the dev split's
unanswerable questions while the 95% upper confidence bound (Wilson) of its false abstention on
the answerable ones stays at or under 0.05: a rate measured on a few hundred questions at the
edge of the limit lands above it on new ones about half the time, so the limit is kept with a
margin that the sample's size decides."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import lightgbm as lgb
import numpy as np
from scipy.stats import binomtest
from sklearn.linear_model import LogisticRegression

from corpus.settings import get_settings, project_root
from eval.gold_data import Question, load_questions
from eval.metrics import answer_correct, candidate_matches, locate, mean
from service.answer import Prepared, answer, prepare
from service.answer.features import CHEAP, FEATURES, add_dense
from service.answer.models import Candidate
from service.answer.scorer import MODEL_PATH, Logistic, ScorerModel, rank_groups
from service.answer.trees import Trees, from_lightgbm
from service.engine import Engine

MAX_FALSE_ABSTENTION = 0.05


@dataclass
class Example:
    question: Question
    prepared: Prepared
    labels: list[int]


def _evidence_spans(engine: Engine, q: Question) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for ev in q.evidence:
        doc = engine.documents.get(ev.document_id)
        span = locate(doc.text, ev.quote) if doc else None
        if span is not None:
            spans.setdefault(ev.document_id, []).append(span)
    return spans


def label(q: Question, c: Candidate, spans: dict[str, list[tuple[int, int]]]) -> int:
    if not any(c.start < b and c.end > a for a, b in spans.get(c.document_id, [])):
        return 0
    if q.kind in ("count", "table"):
        answers = [q.answer or "", *q.aliases]
        return int(any(candidate_matches(c.text, a, numeric=True) for a in answers if a))
    if q.kind == "change" and q.items:
        return int(any(candidate_matches(c.text, item) for item in q.items))
    return 1


def _matrix(cands: list[Candidate], names: tuple[str, ...]) -> np.ndarray:
    return np.array([[c.features[n] for n in names] for c in cands], dtype=float)


def _fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], c_value: float) -> Logistic:
    model = LogisticRegression(C=c_value, max_iter=2000).fit(x, y)
    return Logistic(
        features=list(names),
        coef=[round(float(w), 5) for w in model.coef_[0]],
        intercept=round(float(model.intercept_[0]), 5),
    )


@dataclass(frozen=True)
class Boost:
    """The boosted trees beside the final logistic: their share of its probability (0: none)
    and LightGBM's settings for them."""

    blend: float = 0.0
    trees: int = 150
    depth: int = 3
    rate: float = 0.05
    min_leaf: int = 20


def _fit_trees(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], boost: Boost) -> Trees:
    model = lgb.LGBMClassifier(
        n_estimators=boost.trees,
        max_depth=boost.depth,
        num_leaves=2**boost.depth,
        learning_rate=boost.rate,
        min_child_samples=boost.min_leaf,
        reg_lambda=1.0,
        n_jobs=1,
        random_state=0,
        verbose=-1,
    ).fit(x, y)
    return from_lightgbm(model.booster_.dump_model(), list(names))


def _threshold(best: list[tuple[Question, float | None]]) -> tuple[float, float, float]:
    """(threshold, false abstention, abstention) on dev; None = abstained before scoring."""
    answerable = [s for q, s in best if q.answerable]
    unanswerable = [s for q, s in best if not q.answerable]

    def rates(t: float) -> tuple[float, float]:
        return (
            mean(_abstains(s, t) for s in answerable),
            mean(_abstains(s, t) for s in unanswerable),
        )

    def false_bound(t: float) -> float:
        wrong = sum(_abstains(s, t) for s in answerable)
        interval = binomtest(wrong, len(answerable)).proportion_ci(0.95, method="wilson")
        return float(interval.high)

    scores = sorted({round(s, 4) for _, s in best if s is not None})
    options = [0.0, *[(a + b) / 2 for a, b in itertools.pairwise(scores)]]
    ok = [(t, *rates(t)) for t in options if false_bound(t) <= MAX_FALSE_ABSTENTION]
    if not ok:  # too few answerable questions to bound it: abstain only where the rules do
        return 0.0, *rates(0.0)
    t, false, abst = max(ok, key=lambda r: (r[2], -r[0]))
    return round(t, 4), false, abst


def _commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=project_root()
    )
    return out.stdout.strip() or "unknown"


def _examples(engine: Engine, questions: list[Question]) -> list[Example]:
    examples = []
    for q in questions:
        p = prepare(engine, q.question)
        spans = _evidence_spans(engine, q)
        labels = [label(q, c, spans) if q.answerable else 0 for c in p.candidates]
        examples.append(Example(q, p, labels))
    return examples


def fit(
    engine: Engine, examples: list[Example], c_value: float, depth: int, boost: Boost = Boost()
) -> ScorerModel:
    """The models fitted on `examples`, and the abstention threshold."""
    cands = [c for e in examples for c in e.prepared.candidates]
    y = np.array([v for e in examples for v in e.labels])
    prefilter = _fit(_matrix(cands, CHEAP), y, CHEAP, c_value)
    top: list[Candidate] = []
    y_top: list[int] = []
    for e in examples:
        label_of = {id(c): y for c, y in zip(e.prepared.candidates, e.labels, strict=True)}
        # as `rank_groups` does: a cross-year question's years are scored apart
        for group, asked in e.prepared.parts():
            chosen = sorted(group, key=lambda c: -prefilter.probability(c.features))[:depth]
            add_dense(chosen, asked, engine.retriever.embedder.encode_few)
            top += chosen
            y_top += [label_of[id(c)] for c in chosen]
    x_top, y_final = _matrix(top, FEATURES), np.array(y_top)
    final = _fit(x_top, y_final, FEATURES, c_value)
    provisional = ScorerModel(
        prefilter=prefilter,
        final=final,
        depth=depth,
        threshold=0.0,
        provenance={},
        boosted=_fit_trees(x_top, y_final, FEATURES, boost) if boost.blend > 0 else None,
        blend=boost.blend,
    )
    best: list[tuple[Question, float | None]] = []
    for e in examples:
        if e.prepared.refusal is not None or not e.prepared.candidates:
            best.append((e.question, None))
            continue
        encode = engine.retriever.embedder.encode_few
        ranked = rank_groups(e.prepared.parts(), encode, provisional)
        best.append((e.question, ranked[0].score))
    t, false, abst = _threshold(best)
    return provisional.model_copy(
        update={
            "threshold": t,
            "provenance": {
                "split": "dev",
                "questions": len(examples),
                "candidates": len(cands),
                "positives": int(y.sum()),
                "C": c_value,
                "dev_false_abstention": round(false, 4),
                "dev_abstention": round(abst, 4),
                "boost": asdict(boost),
            },
        }
    )


@dataclass
class Held:
    """One dev question answered by a model that did not see it: its best score (None when
    it was refused before scoring) and whether that answer is right."""

    question: Question
    score: float | None
    correct: bool
    fold_threshold: float
    answer: str | None = None

    def record(self) -> dict[str, object]:
        return {
            "id": self.question.id,
            "kind": self.question.kind,
            "score": self.score,
            "fold_threshold": self.fold_threshold,
            "correct": self.correct,
            "answer": self.answer,
        }


def _rates(held: list[Held], threshold: float | None = None) -> dict[str, float]:
    """Accuracy, abstention and false abstention when answers below `threshold` (default:
    each fold's own threshold) abstain."""
    answerable = [h for h in held if h.question.answerable]
    unanswerable = [h for h in held if not h.question.answerable]

    def answered(h: Held) -> bool:
        return not _abstains(h.score, h.fold_threshold if threshold is None else threshold)

    return {
        "accuracy": mean(answered(h) and h.correct for h in answerable),
        "abstention": mean(not answered(h) for h in unanswerable),
        "false_abstention": mean(not answered(h) for h in answerable),
    }


def _abstains(score: float | None, limit: float) -> bool:
    """None: the rules abstained before any scoring."""
    return score is None or score < limit


def cross_validate(
    engine: Engine,
    examples: list[Example],
    folds: int,
    c_value: float,
    depth: int,
    boost: Boost = Boost(),
) -> list[Held]:
    """Every dev question answered by the model fitted on the other folds."""
    held: list[Held] = []
    for f in range(folds):
        train = [e for i, e in enumerate(examples) if i % folds != f]
        model = fit(engine, train, c_value, depth, boost)
        for e in (e for i, e in enumerate(examples) if i % folds == f):
            q = e.question
            # fresh candidates: `rank` and `add_dense` write scores into the shared ones
            a = answer(engine, q.question, model=model, threshold=-1.0)
            evidence = [x.quote for x in q.evidence]
            right = q.answerable and answer_correct(
                q.kind, q.candidates, q.items, a.answer, evidence
            )
            score = None if a.abstained else a.confidence
            held.append(Held(q, score, bool(right), model.threshold, a.answer))
    return held


def _numbers_on_one_line(text: str) -> str:
    """Each list of numbers on one line (a tree's nodes, a model's weights), the rest indented."""
    return re.sub(r"\[[-+0-9.eE,\s]*\]", lambda m: json.dumps(json.loads(m.group())), text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=1.0, dest="c_value")
    parser.add_argument("--depth", type=int, default=16)
    parser.add_argument(
        "--blend", type=float, default=0.0, help="share of boosted trees in the final model"
    )
    parser.add_argument("--trees", type=int, default=150, help="boosted trees (with --blend)")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--cv", type=int, default=0, help="also report K-fold out-of-fold numbers")
    parser.add_argument(
        "--held", type=Path, help="with --cv: write each question's out-of-fold answer (JSONL)"
    )
    args = parser.parse_args()
    engine = Engine(get_settings())
    questions = [
        q
        for q in load_questions(project_root() / "eval" / "gold" / "questions.jsonl")
        if q.split == "dev"
    ]
    examples = _examples(engine, questions)
    boost = Boost(blend=args.blend, trees=args.trees)
    model = fit(engine, examples, args.c_value, args.depth, boost)
    provenance = dict(model.provenance)
    if args.cv:
        held = cross_validate(engine, examples, args.cv, args.c_value, args.depth, boost)
        # the threshold is chosen on the out-of-fold scores, which are what an unseen
        # question's scores look like (in-sample scores of answerable questions run high, so
        # an in-sample threshold abstains on too many new answerable questions)
        t, _, _ = _threshold([(h.question, h.score) for h in held])
        model = model.model_copy(update={"threshold": t})
        provenance["threshold_from"] = "out-of-fold scores"
        for name, value in _rates(held).items():
            provenance[f"cv_{name}_fold_thresholds"] = round(value, 4)
        for name, value in _rates(held, t).items():
            provenance[f"cv_{name}"] = round(value, 4)
        provenance["cv_folds"] = args.cv
        if args.held:
            lines = (json.dumps(h.record(), ensure_ascii=False) for h in held)
            args.held.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    provenance.update(
        {
            "command": "python -m eval.train_answer " + " ".join(sys.argv[1:]),
            "commit": _commit(),
            "date": dt.date.today().isoformat(),
        }
    )
    model = model.model_copy(update={"provenance": provenance})
    text = _numbers_on_one_line(json.dumps(model.model_dump(), indent=2)) + "\n"
    print(text)
    if not args.dry_run:
        MODEL_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {MODEL_PATH}", file=sys.stderr)


if __name__ == "__main__":
    main()
