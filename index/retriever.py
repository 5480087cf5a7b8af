"""Hybrid retrieval: MiniLM + FAISS and BM25 (with glossary expansion), fused, re-ranked by
best sentence and pseudo-relevance feedback, then shaped by structure (`index.shaping`): years
and reports the query names, filters, draft/published twins, tables, and per-year coverage for
questions that span years."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from corpus.errors import BadRequestError
from corpus.settings import Settings
from index.embedder import Embedder, get_embedder
from index.fusion import rrf, weighted
from index.models import Chunk, Filters, Hit
from index.query import check_text, content_words, parse_query
from index.rerank import SentenceReranker
from index.shaping import boost, collapse_twins, cover_years, rows_in_tables, tables_of_rows
from index.sources import named_documents, sources_of
from index.store import LoadedIndex
from index.terms import TermStats

__all__ = ["Retriever", "Variant"]

log = logging.getLogger(__name__)

Variant = str  # "bm25" | "dense" | "rrf" | "full"
VARIANTS = ("bm25", "dense", "rrf", "full")
MAX_QUERY_CHARS = 2000
COVER_TOP = 5  # a question over several years has each year's best passage in its top 5


@dataclass
class _Ranked:
    ids: list[tuple[str, float]]
    dense: dict[str, float]
    lexical: dict[str, float]


class Retriever:
    """Loaded once; `search` is safe to call from many threads (read-only state)."""

    def __init__(self, settings: Settings, index: LoadedIndex, embedder: Embedder) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.chunks = index.chunks
        self.by_id = {c.id: c for c in self.chunks}
        self.position = {c.id: i for i, c in enumerate(self.chunks)}
        self.years = sorted({c.year for c in self.chunks})
        self.twins = index.duplicates
        self.table_of = tables_of_rows(self.chunks)
        self.year_of = {c.id: c.year for c in self.chunks}
        self.document_of = {c.id: c.document_id for c in self.chunks}
        self.terms = TermStats(c.text for c in self.chunks)
        self.sources = sources_of(index.documents(), self.terms)
        self.reranker = SentenceReranker(
            self.by_id,
            self.terms,
            index.glossary,
            self.years,
            settings.index.rerank_depth,
            settings.index.sentence_weight,
        )

    @classmethod
    def load(cls, settings: Settings) -> Retriever:
        index = LoadedIndex.load(settings)
        embedder = get_embedder(
            settings.index.model_path,
            settings.index.torch_threads,
            settings.index.batch_size,
            settings.index.query_encoder,
            settings.index.data_dir,
            settings.index.vector_memo,
        )
        return cls(settings, index, embedder)

    # -- the pieces ---------------------------------------------------------------------
    def _check(self, query: str, k: int) -> str:
        q = check_text(query, MAX_QUERY_CHARS)
        if not 1 <= k <= 100:
            raise BadRequestError(f"k={k} is out of range", fix="use k between 1 and 100")
        return q

    def _dense(self, query: str, depth: int) -> list[tuple[str, float]]:
        vec = self.embedder.encode_query(query)
        return [(self.chunks[i].id, s) for i, s in self.index.dense.search(vec, depth)]

    def _lexical(self, query: str, depth: int) -> list[tuple[str, float]]:
        """BM25 of the query as asked, fused with BM25 of the other names of its terms (each
        new word once), so era synonyms help without drowning the question's own words."""
        plain = [(self.chunks[i].id, s) for i, s in self.index.lexical.search(query, depth)]
        asked = set(re.findall(r"\w+", query.lower()))
        extra: list[str] = []
        for term in self.index.glossary.expansions(query):
            for w in re.findall(r"\w+", term.lower()):
                if w not in asked and w not in extra:
                    extra.append(w)
        if not extra:
            return plain
        expanded = self.index.lexical.search(" ".join([query, *extra]), depth)
        other = [(self.chunks[i].id, s) for i, s in expanded]
        weight = self.settings.index.expansion_weight
        return rrf([plain, other], k=self.settings.index.rrf_k, weights=[1.0, weight])

    def rank(
        self,
        query: str,
        variant: Variant = "full",
        filters: Filters | None = None,
        depth: int | None = None,
    ) -> _Ranked:
        filters = filters or Filters()
        depth = max(depth or 0, self.settings.index.fusion_depth)
        if filters.years or filters.documents or filters.statuses:
            depth = len(self.chunks)
        depth = min(depth, len(self.chunks))
        dense = self._dense(query, depth) if variant != "bm25" else []
        # the baselines take the question as asked; the full ranking only its content words
        # (the years it names choose reports: the year boost does that, not BM25)
        named = parse_query(query, self.years).years
        asked = content_words(query, named) if variant == "full" else query
        lexical = self._lexical(asked, depth) if variant != "dense" else []
        dense = [(i, s) for i, s in dense if filters.allows(self.by_id[i])]
        lexical = [(i, s) for i, s in lexical if filters.allows(self.by_id[i])]
        if variant == "dense":
            fused = dense
        elif variant == "bm25":
            fused = lexical
        elif self.settings.index.fusion == "weighted":
            w = self.settings.index.dense_weight
            fused = weighted([dense, lexical], [w, 1 - w])
        else:
            fused = rrf(
                [dense, lexical],
                k=self.settings.index.rrf_k,
                weights=[1.0, self.settings.index.lexical_weight],
            )
        return _Ranked(fused, dict(dense), dict(lexical))

    def _feedback(
        self, query: str, ranked: _Ranked, reranked: list[tuple[str, float]], filters: Filters
    ) -> list[tuple[str, float]]:
        """Fuse in BM25 of the query with pseudo-relevance feedback (RM3-style): the terms
        that weigh most in the best re-ranked passages, as much in all as the query's own
        terms, so a passage that names the answer in the words of the passages around it, not
        the question's, can climb. The fused list, or the re-ranked one when there is nothing
        to add."""
        s = self.settings.index
        if not s.feedback_weight or s.fusion != "rrf" or len(reranked) < 2:
            return reranked
        named = parse_query(query, self.years).years
        asked = self.index.lexical.term_ids(content_words(query, named))
        top = [self.position[cid] for cid, _ in reranked[: s.feedback_passages]]
        extra = self.index.lexical.feedback_terms(top, asked, s.feedback_terms)
        if not asked or not extra:
            return reranked
        weights = {t: 1.0 for t in asked}
        for t, share in extra.items():
            weights[t] = weights.get(t, 0.0) + len(asked) * share
        depth = max(len(ranked.dense), len(ranked.lexical))
        found = [
            (self.chunks[i].id, sc) for i, sc in self.index.lexical.search_terms(weights, depth)
        ]
        found = [(i, sc) for i, sc in found if filters.allows(self.by_id[i])]
        fused = rrf(
            [list(ranked.dense.items()), list(ranked.lexical.items()), found],
            k=s.rrf_k,
            weights=[1.0, s.lexical_weight, s.feedback_weight],
        )
        return self.reranker.rerank(query, fused)

    # -- the API ------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 5,
        filters: Filters | None = None,
        variant: Variant = "full",
    ) -> list[Hit]:
        query = self._check(query, k)
        if variant not in VARIANTS:
            raise BadRequestError(
                f"unknown variant {variant!r}", fix=f"use one of {', '.join(VARIANTS)}"
            )
        filters = filters or Filters()
        if variant == "full":
            kept = self._keep_to_year(query, k, filters)
            if kept is not None:
                return kept
        # deep enough that k passages are left once rows have become their tables
        ranked = self.rank(query, variant, filters, depth=2 * k)
        fused = ranked.ids
        also: dict[str, list[str]] = {}
        if variant == "full":
            intent = parse_query(query, self.years)
            fused = self.reranker.rerank(query, fused)
            if not intent.cross_year:
                fused = self._feedback(query, ranked, fused, filters)
            index = self.settings.index
            if intent.years:
                years = intent.years + intent.also
                fused = boost(fused, lambda i: self.year_of[i] in years, index.year_boost)
            # the reports a question singles out by description, ahead of the others of their
            # year ("the October 2008 progress update": the annex, not the Cabinet report)
            named = named_documents(query, self.sources, self.terms)
            if named:
                fused = boost(fused, lambda i: self.document_of[i] in named, index.document_boost)
            keep_drafts = "draft" in filters.statuses or any(
                self._is_draft(d) for d in filters.documents
            )
            if not keep_drafts:
                fused, also = collapse_twins(fused, self.twins)
            fused = rows_in_tables(fused, self.table_of, None if keep_drafts else self.twins)
            if intent.cross_year:
                span = (
                    intent.years
                    if len(intent.years) >= 2
                    else [y for y in self.years if intent.since is None or y >= intent.since]
                )
                span = [y for y in span if not filters.years or y in filters.years]
                # every year near the top, not only somewhere in a long list
                top = max(len(span), min(k, COVER_TOP))
                fused = cover_years(fused, self.year_of, span, top)
        hits = []
        for rank, (cid, score) in enumerate(fused[:k], start=1):
            hits.append(
                Hit(
                    rank=rank,
                    chunk=self.by_id[cid],
                    score=round(score, 6),
                    dense=ranked.dense.get(cid),
                    lexical=ranked.lexical.get(cid),
                    also_in=also.get(cid, []),
                )
            )
        return hits

    def _keep_to_year(self, query: str, k: int, filters: Filters) -> list[Hit] | None:
        """A question about one year ("how many children were in care in 2008") is kept to
        that year's reports, the rest only filling up to k: its words ("children", "care")
        are in every report, and a boost of scores fused over all of them cannot lift the
        year's passage from far down. None when the query names no single year or the call
        filters already."""
        if filters.years or filters.documents:
            return None
        intent = parse_query(query, self.years)
        if intent.cross_year or len(intent.years) != 1:
            return None
        kept = intent.years + intent.also
        hits = self.search(query, k, filters.model_copy(update={"years": kept}))
        if len(hits) < k:
            seen = {h.chunk.id for h in hits}
            others = [y for y in self.years if y not in kept]
            more = self.search(query, k, filters.model_copy(update={"years": others}))
            hits += [h for h in more if h.chunk.id not in seen][: k - len(hits)]
        return [h.model_copy(update={"rank": i}) for i, h in enumerate(hits, start=1)]

    def _is_draft(self, document_id: str) -> bool:
        return any(c.status == "draft" for c in self.chunks if c.document_id == document_id)

    def chunk(self, chunk_id: str) -> Chunk:
        return self.by_id[chunk_id]
