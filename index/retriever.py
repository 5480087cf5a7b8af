"""Hybrid retrieval: MiniLM + FAISS and BM25 (with glossary expansion), fused, then shaped by
structure: years the query names, filters, draft/published twins, and per-year coverage for
questions that span years."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from corpus.errors import BadRequestError
from corpus.settings import Settings
from index.embedder import Embedder, get_embedder
from index.fusion import minmax, rrf, weighted
from index.glossary import any_of
from index.models import Chunk, Filters, Hit
from index.query import QueryIntent, check_text, content_words, parse_query, without_sources
from index.sources import named_documents, sources_of
from index.store import LoadedIndex
from index.terms import TermStats

__all__ = ["Retriever", "Variant"]

log = logging.getLogger(__name__)

Variant = str  # "bm25" | "dense" | "rrf" | "full"
VARIANTS = ("bm25", "dense", "rrf", "full")
MAX_QUERY_CHARS = 2000
COVER_TOP = 5  # a question over several years has each year's best passage in its top 5
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n")


@dataclass
class _Ranked:
    ids: list[tuple[str, float]]
    dense: dict[str, float]
    lexical: dict[str, float]


def _tables_of_rows(chunks: list[Chunk]) -> dict[str, str]:
    """Each row chunk's table: the table chunk (or group of rows) of its document whose span
    holds it."""
    holders: dict[str, list[Chunk]] = {}
    for c in chunks:
        if c.kind in ("table", "rows"):
            holders.setdefault(c.document_id, []).append(c)
    out = {}
    for c in chunks:
        if c.kind != "row":
            continue
        for t in holders.get(c.document_id, []):
            if t.start <= c.start and c.end <= t.end:
                out[c.id] = t.id
                break
    return out


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
        self.table_of = _tables_of_rows(self.chunks)
        self.terms = TermStats(c.text for c in self.chunks)
        self.sources = sources_of(index.documents(), self.terms)
        self._sentence_cache: dict[str, list[tuple[str, frozenset[str]]]] = {}

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
        return self._sentence_rerank(query, fused)

    def _sentence_rerank(
        self, query: str, fused: list[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """Re-rank the top passages by their best sentence: a long paragraph whose one sentence
        answers the query beats one that shares words with it here and there."""
        depth = self.settings.index.rerank_depth
        weight = self.settings.index.sentence_weight
        if not weight or depth < 2 or len(fused) < 2:
            return fused
        top, rest = fused[:depth], fused[depth:]
        q_terms = self.terms.tokens(without_sources(query))
        named = {str(y) for y in parse_query(query, self.years).years}
        q_terms = [t for t in q_terms if t not in named] or q_terms
        names = [
            (asked, any_of(others))
            for asked, others in self.index.glossary.equivalents(query)
            if others
        ]
        best = {cid: self._best_sentence(q_terms, self.by_id[cid], names) for cid, _ in top}
        scaled = dict(minmax(top))
        rescored = [(cid, scaled[cid] + weight * best[cid], s) for cid, s in top]
        rescored.sort(key=lambda t: (-t[1], t[0]))
        # keep the fused scores' scale for what follows (year boost, coverage)
        scores = sorted((s for _, s in top), reverse=True)
        return [(cid, scores[i]) for i, (cid, _, _) in enumerate(rescored)] + rest

    def _best_sentence(
        self, q_terms: list[str], chunk: Chunk, names: list[tuple[str, re.Pattern[str]]]
    ) -> float:
        """The best overlap of one sentence with the query. A sentence is read under its
        section's headings, and a table row also under the caption and column names embedded
        above it (a bare row of figures says little); a sentence that uses another name for a
        term of the query ("entered care" for "came into care") is read as using the query's
        own."""
        wanted = set(q_terms)
        if not wanted:
            return 0.0
        idf = {t: self.terms.idf(t) for t in wanted}
        total = sum(idf.values())
        if not total:
            return 0.0
        best = 0.0
        for text, have in self._sentences(chunk):
            said = [asked for asked, other in names if other.search(text)]
            if said:
                have = have | set(self.terms.tokens(" ".join(said)))
            best = max(best, sum(idf[t] for t in wanted & have) / total)
        return best

    def _sentences(self, chunk: Chunk) -> list[tuple[str, frozenset[str]]]:
        """Each sentence of a chunk with its context, and its terms; tokenised once per chunk
        (the re-rank reads 40 passages a query)."""
        cached = self._sentence_cache.get(chunk.id)
        if cached is not None:
            return cached
        body = chunk.embed_text.split("\n", 1)[-1]
        above = body[: -len(chunk.text)].strip() if body.endswith(chunk.text) else ""
        context = " ".join(t for t in (chunk.section, above) if t)
        out = []
        for s in _SENTENCE.split(chunk.text):
            text = f"{context} {s}" if context else s
            out.append((text, frozenset(self.terms.tokens(text))))
        self._sentence_cache[chunk.id] = out
        return out

    def _boost_years(
        self, fused: list[tuple[str, float]], intent: QueryIntent
    ) -> list[tuple[str, float]]:
        if not intent.years:
            return fused
        factor = 1.0 + self.settings.index.year_boost
        boosted = [(i, s * factor if self.by_id[i].year in intent.years else s) for i, s in fused]
        return sorted(boosted, key=lambda kv: (-kv[1], kv[0]))

    def _boost_documents(
        self, fused: list[tuple[str, float]], named: list[str]
    ) -> list[tuple[str, float]]:
        """The reports a question singles out by description, ahead of the others of their
        year ("the October 2008 progress update": the annex, not the Cabinet report)."""
        if not named:
            return fused
        factor = 1.0 + self.settings.index.document_boost
        boosted = [(i, s * factor if self.by_id[i].document_id in named else s) for i, s in fused]
        return sorted(boosted, key=lambda kv: (-kv[1], kv[0]))

    def _collapse_twins(
        self, fused: list[tuple[str, float]], keep_drafts: bool
    ) -> tuple[list[tuple[str, float]], dict[str, list[str]]]:
        """A draft passage whose published twin exists becomes that twin (published preferred)."""
        if keep_drafts:
            return fused, {}
        also: dict[str, list[str]] = {}
        out: list[tuple[str, float]] = []
        seen: set[str] = set()
        for cid, score in fused:
            target = self.twins.get(cid)
            if target is not None:
                also.setdefault(target, []).append(cid)
                cid = target
            if cid in seen:
                continue
            seen.add(cid)
            out.append((cid, score))
        return out, also

    def _rows_in_tables(
        self, fused: list[tuple[str, float]], keep_drafts: bool
    ) -> list[tuple[str, float]]:
        """A row found on its own is shown as the table (or group of rows) that holds it, at
        the row's place: a bare row of figures ("2010 123 82 816") says nothing without the
        caption and column names above it, and six rows of one table no longer fill the top.
        The row chunks still do the finding (each is embedded with those names)."""
        out: list[tuple[str, float]] = []
        seen: set[str] = set()
        for cid, score in fused:
            table = self.table_of.get(cid)
            if table is not None and not keep_drafts:
                table = self.twins.get(table, table)
            shown = table or cid
            if shown not in seen:
                seen.add(shown)
                out.append((shown, score))
        return out

    def _cover_years(
        self, fused: list[tuple[str, float]], years: list[int], k: int
    ) -> list[tuple[str, float]]:
        """Make every year of a cross-year question appear in the top k (its best passage)."""
        top = fused[:k]
        present = {self.by_id[i].year for i, _ in top}
        missing = [y for y in years if y not in present]
        if not missing:
            return fused
        best = {}
        for cid, s in fused:
            y = self.by_id[cid].year
            if y in missing and y not in best:
                best[y] = (cid, s)
        inserts = [best[y] for y in missing if y in best]
        if not inserts:
            return fused
        counts: dict[int, int] = {}
        for cid, _ in top:
            counts[self.by_id[cid].year] = counts.get(self.by_id[cid].year, 0) + 1
        # drop the weakest passages of the years that have more than one
        keep = list(top)
        for _ in inserts:
            for j in range(len(keep) - 1, -1, -1):
                y = self.by_id[keep[j][0]].year
                if counts.get(y, 0) > 1:
                    counts[y] -= 1
                    keep.pop(j)
                    break
        inserted_ids = {i for i, _ in inserts}
        merged = sorted(keep + inserts, key=lambda kv: -kv[1])
        rest = [kv for kv in fused if kv not in merged and kv[0] not in inserted_ids]
        return merged + rest

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
            fused = self._sentence_rerank(query, fused)
            if not intent.cross_year:
                fused = self._feedback(query, ranked, fused, filters)
            fused = self._boost_years(fused, intent)
            fused = self._boost_documents(fused, named_documents(query, self.sources, self.terms))
            keep_drafts = "draft" in filters.statuses or any(
                self._is_draft(d) for d in filters.documents
            )
            fused, also = self._collapse_twins(fused, keep_drafts)
            fused = self._rows_in_tables(fused, keep_drafts)
            if intent.cross_year:
                span = (
                    intent.years
                    if len(intent.years) >= 2
                    else [y for y in self.years if intent.since is None or y >= intent.since]
                )
                span = [y for y in span if not filters.years or y in filters.years]
                # every year near the top, not only somewhere in a long list
                fused = self._cover_years(fused, span, max(len(span), min(k, COVER_TOP)))
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
        hits = self.search(query, k, filters.model_copy(update={"years": intent.years}))
        if len(hits) < k:
            seen = {h.chunk.id for h in hits}
            others = [y for y in self.years if y not in intent.years]
            more = self.search(query, k, filters.model_copy(update={"years": others}))
            hits += [h for h in more if h.chunk.id not in seen][: k - len(hits)]
        return [h.model_copy(update={"rank": i}) for i, h in enumerate(hits, start=1)]

    def _is_draft(self, document_id: str) -> bool:
        return any(c.status == "draft" for c in self.chunks if c.document_id == document_id)

    def chunk(self, chunk_id: str) -> Chunk:
        return self.by_id[chunk_id]
