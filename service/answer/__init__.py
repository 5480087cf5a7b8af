"""Extractive answers with verified citations, or a plain statement that the reports do not
answer. Nothing is said that the reports do not say."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.models import Document
from index.models import Filters, Hit
from index.query import QueryIntent, check_text, parse_query
from index.retriever import Retriever
from service.answer.agreement import agree_across_years
from service.answer.candidates import candidates_from_hits, list_run, rows_after
from service.answer.clauses import year_clauses
from service.answer.compose import citation_for, compose, lead_in_first
from service.answer.features import add_features, groups
from service.answer.models import Answer, Candidate, Citation
from service.answer.qtype import AnswerType, asks_for_several, question_type
from service.answer.rules import narrow
from service.answer.scorer import ScorerModel, load_model, rank_groups
from service.engine import Engine
from service.render import hit_json

__all__ = ["Answer", "Citation", "Prepared", "answer", "check_question", "prepare"]

ABSTAIN_TEXT = "The reports do not answer this question."
PER_YEAR_K = 10  # passages retrieved for each year of a question that spans years


def check_question(question: str, max_chars: int) -> str:
    return check_text(question, max_chars, "question")


def _focus_words(question: str) -> set[str]:
    """Words that may name a table column ("Other Authorities", "2011/12")."""
    stop = {"what", "which", "were", "many", "much", "have", "there", "does", "with", "from"}
    return {w for w in re.findall(r"[a-z0-9/]+", question.lower()) if len(w) > 3 and w not in stop}


@dataclass
class Prepared:
    """A question made ready for scoring: its retrieval, its intent and its candidates with
    their cheap features, or the reason it is not answered at all."""

    question: str
    hits: list[Hit]
    passages: list[dict[str, object]]
    qtype: AnswerType
    intent: QueryIntent
    candidates: list[Candidate] = field(default_factory=list)
    refusal: list[str] | None = None  # notes for an abstention decided before any scoring
    # a question that asks one thing of one year and another of another: each year's clause
    clauses: dict[int, str] = field(default_factory=dict)

    def parts(self) -> list[tuple[list[Candidate], str]]:
        """The candidates that compete with each other, each group with the question it
        answers: each year's apart for a question that spans years (against that year's
        own clause, when the question has one), else all of them against the question."""
        if not self.clauses:
            return [(g, self.question) for g in groups(self.candidates, self.qtype)]
        by_year: dict[int, list[Candidate]] = {}
        for c in self.candidates:
            by_year.setdefault(c.year, []).append(c)
        return [(g, self.clauses.get(y, self.question)) for y, g in by_year.items()]


def prepare(
    engine: Engine,
    question: str,
    k: int = 5,
    years: list[int] | None = None,
    documents: list[str] | None = None,
) -> Prepared:
    q = check_question(question, engine.settings.answer.max_question_chars)
    retriever = engine.retriever
    filters = Filters(years=years or [], documents=documents or [])
    hits = retriever.search(q, max(k, 10), filters)
    passages = [hit_json(h) for h in hits[:k]]
    intent = parse_query(q, retriever.years)
    qtype = question_type(q)
    clauses: dict[int, str] = {}
    if qtype == AnswerType.CHANGE or len(intent.years) >= 2:
        clauses = year_clauses(q, retriever.years, retriever.terms)
        per_year = intent.years or retriever.years
        hits = _per_year_hits(retriever, q, hits, per_year, filters, clauses)
    p = Prepared(q, hits, passages, qtype, intent, clauses=clauses)
    cands = candidates_from_hits(hits, engine.documents, _focus_words(q))
    narrowed = narrow(cands, q, qtype, intent, retriever, filters.years)
    if narrowed.refusal is not None:
        p.refusal = narrowed.refusal
        return p
    p.candidates = narrowed.candidates
    chunks = {h.chunk.id: h.chunk for h in hits}
    for group, asked in p.parts():
        # a year's clause is its own question: its answer type, its periods, its words
        own = asked != q
        add_features(
            group,
            asked,
            question_type(asked) if own else qtype,
            parse_query(asked, retriever.years) if own else intent,
            retriever.terms,
            retriever.index.glossary.equivalents(asked),
            chunks,
        )
    return p


def answer(
    engine: Engine,
    question: str,
    k: int = 5,
    years: list[int] | None = None,
    documents: list[str] | None = None,
    threshold: float | None = None,
    model: ScorerModel | None = None,
) -> Answer:
    """The answer to `question`, scored by `model` (default: the fitted `scorer.json`)."""
    p = prepare(engine, question, k, years, documents)
    if p.refusal is not None:
        return _abstain(p.question, p.passages, p.refusal)
    model = model or load_model()
    if threshold is None:
        threshold = engine.settings.answer.abstain_threshold
    limit = model.threshold if threshold is None else threshold
    encode = engine.retriever.embedder.encode_few
    ranked = rank_groups(p.parts(), encode, model)
    if not ranked or ranked[0].score < limit:
        return _abstain(p.question, p.passages, [], ranked[0].score if ranked else 0.0)
    confidence = ranked[0].score
    # the years' lines of one question speak of the same thing; a question whose clauses ask
    # each year something else is answered clause by clause
    if (p.qtype == AnswerType.CHANGE or len(p.intent.years) >= 2) and not p.clauses:
        span = p.intent.years if len(p.intent.years) >= 2 else sorted({c.year for c in ranked})
        weight = engine.settings.answer.year_agreement
        ranked = agree_across_years(ranked, span, engine.retriever.terms, weight)
    docs = engine.documents
    several = p.qtype == AnswerType.OTHER and asks_for_several(p.question)
    if several or p.qtype == AnswerType.LIST:  # "Key challenges in future include:"
        ranked = lead_in_first(ranked)
    lead = ranked[0]
    if p.qtype in (AnswerType.LIST, AnswerType.OTHER):  # "... on resources. These include:"
        lead = ranked[0] = _with_lead_in(docs[lead.document_id], lead)
    if lead.text.rstrip().endswith(":") and not any(
        c.start >= lead.end and c.kind != "sentence" and c.document_id == lead.document_id
        for c in ranked
    ):  # a lead-in whose table or list was not retrieved: bring it in
        ranked = [lead, *rows_after(docs[lead.document_id], lead), *ranked[1:]]
    by_chunk = {h.chunk.id: h for h in p.hits}
    lines: list[str] = []
    citations: list[Citation] = []
    years_hit = sorted({h.chunk.year for h in p.hits})
    if (several or p.qtype == AnswerType.LIST) and ranked[0].kind == "item":
        ranked = _with_its_list(docs[ranked[0].document_id], ranked)
    for line, chosen in compose(ranked, p.qtype, p.intent, years_hit, several):
        cand = _from_published(chosen, docs)
        cite = citation_for(cand, by_chunk[cand.chunk_id], docs[cand.document_id])
        if cite is None:
            continue
        lines.append(f"{line} [{len(citations) + 1}]")
        citations.append(cite)
    if not citations:
        return _abstain(
            p.question, p.passages, ["No candidate could be cited exactly."], confidence
        )
    return Answer(
        question=p.question,
        answer="\n".join(lines),
        abstained=False,
        confidence=confidence,
        citations=citations,
        passages=p.passages,
        notes=_draft_notes(_from_published(ranked[0], docs), by_chunk, docs),
    )


def _with_its_list(doc: Document, ranked: list[Candidate]) -> list[Candidate]:
    """The best item with every other item of its list straight after it (best first, each
    with its own score, 0 for one no passage held), so that a question asking for several
    things is answered with the list, not with the items that happened to be retrieved."""
    best = ranked[0]
    run = list_run(doc, best)
    if len(run) < 2:
        return ranked
    spans = {(c.document_id, c.start) for c in run}
    scores = {(c.document_id, c.start): c.score for c in ranked}
    own = next(c for c in run if c.start <= best.start < c.end)
    # the best item whole, where its passage held only part of it
    best = best.model_copy(update={"text": own.text, "start": own.start, "end": own.end})
    members = sorted(
        (
            c.model_copy(update={"score": scores.get((c.document_id, c.start), 0.0)})
            for c in run
            if c is not own
        ),
        key=lambda c: -c.score,
    )
    rest = [c for c in ranked[1:] if (c.document_id, c.start) not in spans]
    return [best, *members, *rest]


_LEAD_IN = re.compile(r"[ \t]*(?:\n[ \t]*)?[^.:;\n]{1,60}:")


def _with_lead_in(doc: Document, c: Candidate) -> Candidate:
    """The candidate with the short lead-in that ends its paragraph ("These include:"), when
    one follows it straight away, so that the list it introduces answers with it."""
    if c.text.rstrip().endswith(":"):
        return c
    m = _LEAD_IN.match(doc.text, c.end)
    if m is None:
        return c
    return c.model_copy(update={"end": m.end(), "text": doc.text[c.start : m.end()]})


def _abstain(
    q: str, passages: list[dict[str, object]], notes: list[str], confidence: float = 0.0
) -> Answer:
    return Answer(
        question=q,
        answer=None,
        abstained=True,
        confidence=round(confidence, 4),
        citations=[],
        passages=passages,
        notes=[ABSTAIN_TEXT, *notes, "The passages below are the nearest evidence."],
    )


def _per_year_hits(
    retriever: Retriever,
    q: str,
    hits: list[Hit],
    years: list[int],
    filters: Filters,
    clauses: dict[int, str],
) -> list[Hit]:
    """A question over several years draws candidates from each year's own best passages
    (sought with that year's clause, when the question has one), not only from the passages
    that won overall. A passage keeps its rank within its own year's search, where that is
    better: each year's answer is scored against that year's passages."""
    merged = {h.chunk.id: h for h in hits}
    for y in years:
        if filters.years and y not in filters.years:
            continue
        for i, h in enumerate(
            retriever.search(
                clauses.get(y, q), PER_YEAR_K, filters.model_copy(update={"years": [y]})
            ),
            1,
        ):
            known = merged.get(h.chunk.id)
            if known is None or known.rank > i:
                merged[h.chunk.id] = h.model_copy(update={"rank": i})
    return list(merged.values())


def _norm(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _from_published(c: Candidate, docs: dict[str, Document]) -> Candidate:
    """A draft's line that its published report has word for word is cited from the published
    report (a table row, say, whose published table lost a header line)."""
    if c.status != "draft":
        return c
    draft = docs[c.document_id]
    quote = draft.text[c.start : c.end]
    for target in draft.meta.related("draft_of"):
        published = docs.get(target)
        if published is None or not quote.strip():
            continue
        # where the quote occurs, the place nearest the draft's (a short row may recur)
        where = c.start * len(published.text) / max(len(draft.text), 1)
        found = [m.start() for m in re.finditer(re.escape(quote), published.text)]
        if found:
            at = min(found, key=lambda i: abs(i - where))
            return c.model_copy(
                update={
                    "document_id": target,
                    "start": at,
                    "end": at + len(quote),
                    "status": published.meta.status,
                    "year": published.meta.year,
                }
            )
    return c


def _draft_notes(best: Candidate, by_chunk: dict[str, Hit], docs: dict[str, Document]) -> list[str]:
    hit = by_chunk[best.chunk_id]
    if hit.chunk.document_id != best.document_id:  # found in the draft, cited from the published
        return [f"The draft ({hit.chunk.document_id}) has this passage too."]
    if best.status == "draft":
        return ["This comes from the draft; the published report does not say it in these words."]
    quote = docs[best.document_id].text[best.start : best.end]
    notes = []
    for twin_id in hit.also_in:
        twin_doc = twin_id.split(":")[0]
        doc = docs.get(twin_doc)
        if doc is not None and _norm(quote) not in _norm(doc.text):
            notes.append(f"The draft ({twin_doc}) words this passage differently.")
        else:
            notes.append(f"The draft ({twin_doc}) has this passage too.")
    return notes
