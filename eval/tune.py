"""Sweep query-time retrieval settings on the dev split (never the test split) and print the
retrieval metrics of the full variant for each, best first.

    .venv/bin/python -m eval.tune
"""

from __future__ import annotations

import itertools
import sys
from typing import Any

from corpus.settings import get_settings
from eval.gold_data import load_gold
from eval.retrieval import EvidenceIndex, run_variant
from index.retriever import Retriever
from index.store import LoadedIndex

GRID: dict[str, list[Any]] = {
    "expansion_weight": [0.0, 0.3, 0.5, 1.0],
    "lexical_weight": [1.0, 1.5],
}


def main() -> None:
    base = get_settings()
    gold = load_gold()
    questions = [q for q in gold.questions if q.split == "dev"]
    index = LoadedIndex.load(base)
    first = Retriever.load(base)
    evidence = EvidenceIndex.build(questions, index.chunks, index.duplicates)
    rows = []
    for values in itertools.product(*GRID.values()):
        params = dict(zip(GRID, values, strict=True))
        settings = base.model_copy(update={"index": base.index.model_copy(update=params)})
        retriever = Retriever(settings, first.index, first.embedder)
        o = run_variant(retriever, questions, "full", evidence)["overall"]
        rows.append((o["hit@5"], o["mrr"], o["recall@10"], params))
        print(f"{o['hit@5']:.3f} {o['mrr']:.3f} {o['recall@10']:.3f} {params}", file=sys.stderr)
    print("hit@5  MRR    rec@10 settings (dev split)")
    for hit, mrr, rec, params in sorted(rows, key=lambda r: (-r[0], -r[1]))[:10]:
        print(f"{hit:.3f}  {mrr:.3f}  {rec:.3f}  {params}")


if __name__ == "__main__":
    main()
