"""Align the sections of several reports into topic groups. Membership is computed from the
text: the similarity of each section's embedding (the mean of its chunks' vectors) to the topic,
and the topic's terms (with their era synonyms from the glossary) found in the section."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np

from corpus.models import Document
from service.compare.models import Cited, TopicGroup
from service.compare.units import Unit, section_units, unit_cited
from service.engine import Engine

__all__ = ["align", "default_documents", "load_topics"]

DENSE_WEIGHT = 0.6
THRESHOLD = 0.42  # a section joins a topic at or above this score
SECOND_TOPIC_MARGIN = 0.04  # and a second topic when within this of its best one


@lru_cache(maxsize=2)
def load_topics(path: Path | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    with (path or Path(__file__).with_name("topics.toml")).open("rb") as fh:
        data = tomllib.load(fh)
    return tuple((t["label"], tuple(t["terms"])) for t in data["topic"])


def default_documents(engine: Engine) -> list[Document]:
    """The published reports (not drafts, not forms)."""
    return [
        d
        for d in engine.documents.values()
        if d.meta.status == "published" and d.meta.kind != "submission_form"
    ]


def _unit_vector(engine: Engine, doc: Document, unit: Unit) -> np.ndarray | None:
    r = engine.retriever
    ids = [
        i
        for i, c in enumerate(r.chunks)
        if c.document_id == doc.id and c.start < unit.end and c.end > unit.start
    ]
    if not ids:
        return None
    vecs = np.stack([r.index.dense.index.reconstruct(i) for i in ids])
    v: np.ndarray = vecs.mean(axis=0)
    return v / float(np.linalg.norm(v) or 1.0)


def _term_score(text: str, terms: list[str]) -> float:
    t = text.lower()
    hits = sum(1 for term in terms if re.search(rf"(?<!\w){re.escape(term.lower())}(?!\w)", t))
    return min(1.0, hits / 3)


def align(engine: Engine, documents: list[str] | None = None) -> list[TopicGroup]:
    docs = [engine.document(d) for d in documents] if documents else default_documents(engine)
    topics = load_topics()
    glossary = engine.retriever.index.glossary
    expanded = [list(terms) + glossary.expansions(" ".join(terms)) for _, terms in topics]
    topic_vecs = engine.retriever.embedder.encode(
        [f"{label}: {', '.join(t)}" for label, t in topics]
    )
    years = sorted({d.meta.year for d in docs})
    members: list[dict[int, list[Cited]]] = [{} for _ in topics]
    scores: list[list[float]] = [[] for _ in topics]
    for doc in docs:
        for unit in section_units(doc):
            vec = _unit_vector(engine, doc, unit)
            if vec is None:
                continue
            text = f"{unit.heading} {unit.text}"
            dense = topic_vecs @ vec
            lexical = np.array([_term_score(text, terms) for terms in expanded])
            combined = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical
            best = float(combined.max())
            for k in range(len(topics)):
                s = float(combined[k])
                if lexical[k] == 0 or s < THRESHOLD or s < best - SECOND_TOPIC_MARGIN:
                    continue
                members[k].setdefault(doc.meta.year, []).append(unit_cited(doc, unit))
                scores[k].append(s)
    groups = []
    for k, (label, _) in enumerate(topics):
        if not members[k]:
            continue
        groups.append(
            TopicGroup(
                label=label,
                members={y: members[k][y] for y in sorted(members[k])},
                absent_years=[y for y in years if y not in members[k]],
                score=round(float(np.mean(scores[k])), 4) if scores[k] else 0.0,
            )
        )
    return groups
