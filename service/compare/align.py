"""Align the sections of several reports into topic groups. Membership is computed from the
text: the similarity of each section's chunks to the topic (the best chunk, so a long section
that covers several topics is found for each, measured against the document's other sections),
the same for its best paragraph or list item read alone (see `parts`), how often the topic's
seed terms (with their era synonyms and acronyms from the glossary) occur in the section,
seed terms in its heading or sub-headings, how many sections of the published reports name the
topic at all (see `topic_spread`), and how far its score falls below the document's best
section on the topic (see `membership.below_best`)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from corpus.models import BlockKind, Document
from index.glossary import Glossary
from service.compare.concepts import Concept, concepts, mentions
from service.compare.membership import Evidence, Weights, combine, rare_mentions, rarity, select
from service.compare.models import Cited, TopicGroup
from service.compare.parts import PartCache, part_texts
from service.compare.units import Unit, section_units, unit_cited
from service.engine import Engine

__all__ = [
    "WEIGHTS",
    "align",
    "default_documents",
    "document_counts",
    "document_evidence",
    "load_topics",
    "term_counts",
    "topic_rarity",
    "topic_spread",
    "warm_parts",
]

WEIGHTS = Weights()


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


def _chunk_vectors(engine: Engine, doc: Document) -> tuple[list[tuple[int, int]], np.ndarray]:
    r = engine.retriever
    ids = [i for i, c in enumerate(r.chunks) if c.document_id == doc.id]
    spans = [(r.chunks[i].start, r.chunks[i].end) for i in ids]
    if not ids:
        return spans, np.zeros((0, r.embedder.dim), dtype=np.float32)
    return spans, np.stack([r.index.dense.index.reconstruct(i) for i in ids])


@lru_cache(maxsize=4)
def _part_cache(root: Path, model: str) -> PartCache:
    return PartCache(root, model)


def _part_similarity(engine: Engine, units: list[Unit], topic_vecs: np.ndarray) -> np.ndarray:
    """Each unit's best part's similarity to each topic (units x topics)."""
    embedder = engine.retriever.embedder
    cache = _part_cache(engine.settings.index.data_dir, embedder.name)
    texts = [part_texts(u) for u in units]
    vecs = cache.vectors([t for ts in texts for t in ts], embedder.encode)
    out = np.zeros((len(units), len(topic_vecs)), dtype=float)
    row = 0
    for i, ts in enumerate(texts):
        out[i] = (vecs[row : row + len(ts)] @ topic_vecs.T).max(axis=0)
        row += len(ts)
    return out


def warm_parts(
    engine: Engine,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 64,
) -> int:
    """Embed (and keep) the part vectors that aligning the default documents needs, so the
    first `align` after an ingest is as fast as the next; returns how many parts there are."""
    embedder = engine.retriever.embedder
    cache = _part_cache(engine.settings.index.data_dir, embedder.name)
    texts = [t for d in default_documents(engine) for u in section_units(d) for t in part_texts(u)]
    texts = list(dict.fromkeys(texts))
    for i in range(0, len(texts), batch):
        cache.vectors(texts[i : i + batch], embedder.encode)
        if progress is not None:
            progress(min(i + batch, len(texts)), len(texts))
    return len(texts)


def _subheadings(unit: Unit) -> str:
    return " | ".join(b.text for b in unit.blocks if b.kind == BlockKind.HEADING)


def topic_concepts(
    glossary: Glossary, topics: Sequence[tuple[str, Sequence[str]]]
) -> list[list[Concept]]:
    """Each topic's seed terms as concepts, with the names the glossary gives each term."""
    return [concepts(terms, glossary.groups, glossary.acronyms) for _, terms in topics]


def term_counts(unit: Unit, topics: list[list[Concept]]) -> list[np.ndarray]:
    """How often a section (its heading and text) names each term of each topic."""
    text = f"{unit.heading} {unit.text}"
    return [np.array([mentions(text, c) for c in topic], dtype=float) for topic in topics]


Counts = dict[tuple[int, int], list[np.ndarray]]  # a section's span -> its `term_counts`


def document_counts(doc: Document, topics: list[list[Concept]]) -> Counts:
    """`term_counts` of each of a document's sections."""
    return {(u.start, u.end): term_counts(u, topics) for u in section_units(doc)}


def topic_rarity(counts: Sequence[Counts], topics: list[list[Concept]]) -> list[np.ndarray]:
    """Each topic's terms weighted by how few sections of the published reports (`counts`, one
    per report) name them, so the weights do not depend on which documents one aligns."""
    sections = [c for doc in counts for c in doc.values()]
    out = []
    for k, topic in enumerate(topics):
        rows = [c[k] for c in sections]
        out.append(rarity(np.stack(rows) if rows else np.zeros((0, len(topic)))))
    return out


def topic_spread(counts: Sequence[Counts], n_topics: int) -> np.ndarray:
    """How widely the published reports (`counts`, one per report) touch each topic: the log
    of the share of their sections naming it, log((n_k + 1) / (n + 1)) (the topic's `rarity`,
    negated), so it does not depend on which documents one aligns, nor grow as reports are
    added."""
    named = [[c.sum() > 0 for c in per_term] for doc in counts for per_term in doc.values()]
    out: np.ndarray = -rarity(np.array(named, dtype=float).reshape(len(named), n_topics))
    return out


def section_scores(
    engine: Engine,
    doc: Document,
    topic_vecs: np.ndarray,
    topics: list[list[Concept]],
    rare: list[np.ndarray],
    known: Counts | None = None,
) -> tuple[list[Unit], Evidence]:
    """A document's sections with their evidence for each topic (`rare`: see `topic_rarity`;
    `known`: the document's `document_counts` when already made)."""
    known = known or {}
    spans, vecs = _chunk_vectors(engine, doc)
    units, dense, counts, weighted, heading, sub = [], [], [], [], [], []
    for unit in section_units(doc):
        rows = [j for j, (s, e) in enumerate(spans) if s < unit.end and e > unit.start]
        if not rows:
            continue
        units.append(unit)
        dense.append((vecs[rows] @ topic_vecs.T).max(axis=0))
        per_term = known.get((unit.start, unit.end)) or term_counts(unit, topics)
        subs = _subheadings(unit)
        counts.append([c.sum() for c in per_term])
        weighted.append([rare_mentions(c, w) for c, w in zip(per_term, rare, strict=True)])
        heading.append([any(mentions(unit.heading, c) for c in topic) for topic in topics])
        sub.append([any(mentions(subs, c) for c in topic) for topic in topics])
    shape = (len(units), len(topics))
    return units, Evidence(
        dense=np.array(dense, dtype=float).reshape(shape),
        parts=_part_similarity(engine, units, topic_vecs).reshape(shape),
        mentions=np.array(counts, dtype=float).reshape(shape),
        rare=np.array(weighted, dtype=float).reshape(shape),
        heading=np.array(heading, dtype=float).reshape(shape),
        subheading=np.array(sub, dtype=float).reshape(shape),
    )


def document_evidence(
    engine: Engine,
    docs: Sequence[Document],
    topics: Sequence[tuple[str, Sequence[str]]],
) -> list[tuple[list[Unit], Evidence]]:
    """Each document's sections with their evidence for each topic (label, seed terms), as
    `align` scores them."""
    terms = topic_concepts(engine.retriever.index.glossary, topics)
    topic_vecs = engine.retriever.embedder.encode(
        [f"{label}: {', '.join(t)}" for label, t in topics]
    )
    published = {d.id: document_counts(d, terms) for d in default_documents(engine)}
    rare = topic_rarity(list(published.values()), terms)
    spread = topic_spread(list(published.values()), len(terms))
    out = []
    for doc in docs:
        units, evidence = section_scores(
            engine, doc, topic_vecs, terms, rare, published.get(doc.id)
        )
        out.append((units, replace(evidence, spread=spread)))
    return out


def align(engine: Engine, documents: list[str] | None = None) -> list[TopicGroup]:
    docs = [engine.document(d) for d in documents] if documents else default_documents(engine)
    topics = load_topics()
    years = sorted({d.meta.year for d in docs})
    members: list[dict[int, list[Cited]]] = [{} for _ in topics]
    scores: list[list[float]] = [[] for _ in topics]
    for doc, (units, evidence) in zip(docs, document_evidence(engine, docs, topics), strict=True):
        combined = combine(evidence, WEIGHTS)
        keep = select(combined, evidence.mentions)
        for i, k in zip(*np.nonzero(keep), strict=True):
            members[k].setdefault(doc.meta.year, []).append(unit_cited(doc, units[i]))
            scores[k].append(float(combined[i, k]))
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
