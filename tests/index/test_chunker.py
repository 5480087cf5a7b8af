"""The chunker on the shipped corpus, and its span splitter on generated text."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import Settings, ingest
from corpus.models import Block, BlockKind, Document, DocumentMeta, OffsetMap
from index.chunker import _split_spans, chunk_document, chunk_documents, token_estimate
from index.models import Chunk

SKIPPED = (BlockKind.HEADING, BlockKind.CONTENTS)


def _chunks(documents: dict[str, Document], budget: int) -> list[Chunk]:
    return chunk_documents(list(documents.values()), budget)


@pytest.fixture(scope="module")
def chunks(settings: Settings, documents: dict[str, Document]) -> list[Chunk]:
    return _chunks(documents, settings.index.max_chunk_tokens)


def _coverage(doc: Document, chunks: list[Chunk]) -> bytearray:
    covered = bytearray(len(doc.text))
    for c in chunks:
        if c.document_id == doc.id:
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    return covered


def _uncovered(doc: Document, covered: bytearray, start: int, end: int) -> str:
    return "".join(
        doc.text[i] for i in range(start, end) if not covered[i] and not doc.text[i].isspace()
    )


def test_every_chunk_cuts_its_document(chunks: list[Chunk], documents: dict[str, Document]) -> None:
    assert {c.document_id for c in chunks} == set(documents)
    for c in chunks:
        doc = documents[c.document_id]
        assert 0 <= c.start < c.end <= len(doc.text)
        assert c.text == doc.text[c.start : c.end]
        assert c.text == c.text.strip()
        assert c.text in c.embed_text
        assert (c.title, c.year, c.status) == (doc.meta.title, doc.meta.year, doc.meta.status)


@pytest.mark.parametrize("budget", [230, 128, 64])
def test_no_chunk_crosses_a_section(documents: dict[str, Document], budget: int) -> None:
    for c in _chunks(documents, budget):
        doc = documents[c.document_id]
        overlapping = [b for b in doc.blocks if b.start < c.end and c.start < b.end]
        assert overlapping, c.id
        for b in overlapping:
            if b.kind == BlockKind.HEADING:
                # a chunk may open with the heading of its own section (or be that heading)
                own = " > ".join([*b.section_path, b.text])
                assert c.section in (own, b.section) and b.start == c.start, (c.id, b.id)
                continue
            assert b.section == c.section, (c.id, b.id)
            assert b.kind not in SKIPPED, (c.id, b.id)


def test_every_block_is_covered_at_the_default_budget(
    chunks: list[Chunk], documents: dict[str, Document]
) -> None:
    for doc in documents.values():
        covered = _coverage(doc, chunks)
        for b in doc.blocks:
            if b.kind not in SKIPPED:
                assert _uncovered(doc, covered, b.start, b.end) == "", (doc.id, b.id)


@pytest.mark.parametrize("budget", [128, 64])
def test_small_budgets_still_cover_text_and_table_rows(
    documents: dict[str, Document], budget: int
) -> None:
    chunks = _chunks(documents, budget)
    for doc in documents.values():
        covered = _coverage(doc, chunks)
        for b in doc.blocks:
            if b.kind in SKIPPED:
                continue
            if b.kind != BlockKind.TABLE or not b.rows:
                assert _uncovered(doc, covered, b.start, b.end) == "", (budget, doc.id, b.id)
                continue
            for row in b.rows:
                assert _uncovered(doc, covered, row.start, row.end) == "", (budget, b.id)
            head = doc.text[b.start : b.rows[0].start].strip()
            mine = [c for c in chunks if c.document_id == doc.id and b.start <= c.start < b.end]
            assert all(head in c.embed_text for c in mine), (budget, b.id)


def test_split_tables_keep_the_text_after_their_last_row(documents: dict[str, Document]) -> None:
    chunks = _chunks(documents, 128)
    lost = []
    for doc in documents.values():
        for b in doc.blocks:
            if b.kind != BlockKind.TABLE or not b.rows:
                continue
            tail = doc.text[b.rows[-1].end : b.end].strip()
            mine = [c for c in chunks if c.document_id == doc.id and b.start <= c.start < b.end]
            if tail and not any(tail in c.embed_text for c in mine):
                lost.append((doc.id, b.id, tail))
    assert lost == []


def test_cited_text_fits_the_budget(settings: Settings, chunks: list[Chunk]) -> None:
    budget = settings.index.max_chunk_tokens
    assert max(token_estimate(c.text) for c in chunks) <= budget


def test_embed_text_estimate_fits_the_budget(settings: Settings, chunks: list[Chunk]) -> None:
    budget = settings.index.max_chunk_tokens
    over = [
        (c.id, token_estimate(c.embed_text))
        for c in chunks
        if token_estimate(c.embed_text) > budget
    ]
    assert over == []


def test_embed_text_fits_the_model_with_the_real_tokenizer(chunks: list[Chunk]) -> None:
    transformers = pytest.importorskip("transformers")
    from index.embedder import default_model_path

    tokenizer = transformers.AutoTokenizer.from_pretrained(str(default_model_path()))
    lengths = [len(tokenizer(c.embed_text)["input_ids"]) for c in chunks]  # with [CLS] [SEP]
    over = sum(n > 256 for n in lengths)
    fraction = over / len(chunks)
    assert fraction <= 0.02, f"{over}/{len(chunks)} chunks exceed 256 word pieces"


def test_chunk_ids_are_unique_and_stable(
    settings: Settings, documents: dict[str, Document], chunks: list[Chunk]
) -> None:
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    assert all(c.id == Chunk.make_id(c.document_id, c.start, c.end, c.text) for c in chunks)
    again = chunk_documents(ingest(settings).documents, settings.index.max_chunk_tokens)
    assert [c.id for c in again] == ids
    assert [c.content_hash for c in again] == [c.content_hash for c in chunks]


def test_table_8_is_one_chunk_with_its_caption(
    chunks: list[Chunk], documents: dict[str, Document]
) -> None:
    doc = documents["cabinet-2012"]
    table = next(
        b
        for b in doc.blocks
        if b.kind == BlockKind.TABLE and (b.caption or "").startswith("Table 8")
    )
    assert table.caption is not None
    mine = [
        c for c in chunks if c.document_id == doc.id and c.start < table.end and table.start < c.end
    ]
    tables = [c for c in mine if c.kind != "row"]
    assert len(tables) == 1
    (chunk,) = tables
    # and one chunk per row, cited at the row, with the caption embedded
    rows = [c for c in mine if c.kind == "row"]
    assert [c.text for c in rows] == [doc.text[r.start : r.end] for r in table.rows if not r.header]
    assert all(table.caption in c.embed_text for c in rows)
    assert chunk.kind == "table"
    assert (chunk.start, chunk.end) == (table.start, table.end)
    assert chunk.text.startswith(table.caption)
    assert "Placed for adoption 22 1 8 31" in chunk.text
    assert "Total 341 46 47 434" in chunk.text
    assert chunk.paragraph == "33"


def test_header_names_document_year_and_section(chunks: list[Chunk]) -> None:
    for c in chunks:
        header = c.embed_text.split("\n", 1)[0]
        assert header.startswith(f"{c.title} ({c.year}")
        assert (", draft)" in header) == (c.status == "draft")
        if c.section:
            assert header.endswith(f" | {c.section}")


# -- generated text ------------------------------------------------------------------------

WORD = st.one_of(
    st.sampled_from(["care", "children", "placements", "the", "of", "Foster", "looked", "after"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10),
    st.integers(0, 99_999).map(lambda n: f"{n:,}"),
    st.sampled_from(["£1,200", "12%", "2011/12", "(CLA)", "well-being", "“care”", "e.g."]),
)
SENTENCE = st.tuples(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=1),
    st.lists(WORD, min_size=1, max_size=40),
    st.sampled_from([".", "?", "!", ";", ""]),
).map(lambda t: t[0] + "ello " + " ".join(t[1]) + t[2])
SPACE = st.sampled_from([" ", "  ", "\n", " \n"])


def _doc(text: str) -> Document:
    meta = DocumentMeta(
        id="gen", title="Generated", date=dt.date(2020, 1, 1), year=2020, file="gen.txt"
    )
    block = Block(
        id="gen:0",
        kind=BlockKind.PARAGRAPH,
        text=text,
        start=0,
        end=len(text),
        section_path=["Section"],
    )
    return Document(
        meta=meta, text=text, blocks=[block], offsets=OffsetMap(), source_sha256="0", reader="gen"
    )


@st.composite
def passages(draw: st.DrawFn) -> tuple[str, int, int]:
    sentences = draw(st.lists(SENTENCE, min_size=1, max_size=30))
    body = sentences[0]
    for s in sentences[1:]:
        body += draw(SPACE) + s
    prefix = draw(st.sampled_from(["", "Intro. ", "x\n\n"]))
    suffix = draw(st.sampled_from(["", "\n\nOutro."]))
    return prefix + body + suffix, len(prefix), len(prefix) + len(body)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passage=passages(), budget=st.integers(8, 200))
def test_split_spans_cover_the_text_in_order(passage: tuple[str, int, int], budget: int) -> None:
    text, start, end = passage
    doc = _doc(text)
    spans = _split_spans(doc, start, end, budget)
    assert spans
    prev = start
    for a, b in spans:
        assert prev <= a < b <= end
        piece = text[a:b]
        assert piece == piece.strip()
        prev = b
    covered = {i for a, b in spans for i in range(a, b)}
    assert all(text[i].isspace() or i in covered for i in range(start, end))
    if token_estimate(text[start:end]) <= budget:
        assert spans == [(start, end)]
    for a, b in spans:  # every piece fits, unless it is one word too long on its own
        assert token_estimate(text[a:b]) <= budget or len(text[a:b].split()) == 1


@settings(max_examples=100, deadline=None)
@given(
    sentences=st.lists(
        st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=8), min_size=1, max_size=12),
        min_size=1,
        max_size=40,
    ),
    budget=st.integers(20, 120),
)
def test_split_spans_keep_whole_sentences_within_the_budget(
    sentences: list[list[str]], budget: int
) -> None:
    text = " ".join("A " + " ".join(words) + "." for words in sentences)  # each fits: <= 24
    spans = _split_spans(_doc(text), 0, len(text), budget)
    for a, b in spans:
        assert token_estimate(text[a:b]) <= budget
        assert text[a:b].endswith(".")  # cut at sentence ends only
        assert text[a:b].startswith("A ")


@settings(max_examples=50, deadline=None)
@given(passage=passages(), budget=st.integers(40, 256))
def test_chunk_document_on_generated_text(passage: tuple[str, int, int], budget: int) -> None:
    text, _, _ = passage
    doc = _doc(text)
    chunks = chunk_document(doc, budget)
    assert chunks
    for c in chunks:
        assert c.text == text[c.start : c.end]
        assert c.section == "Section" and c.kind == "paragraph"
    assert len({c.id for c in chunks}) == len(chunks)


def test_split_spans_word_cut_fits_the_budget() -> None:
    text = " ".join(["2,345"] * 100)  # one "sentence" of figures, token_estimate 380
    spans = _split_spans(_doc(text), 0, len(text), 50)
    assert [token_estimate(text[a:b]) for a, b in spans if token_estimate(text[a:b]) > 50] == []


def test_a_form_field_answer_is_one_chunk_with_its_label(
    chunks: list[Chunk], documents: dict[str, Document]
) -> None:
    for doc in documents.values():
        for a, b in itertools.pairwise(doc.blocks):
            if not (a.kind == b.kind == BlockKind.FORM_FIELD and a.label and a.label == b.label):
                continue
            mine = [c for c in chunks if c.document_id == doc.id and c.start <= b.start < c.end]
            assert any(c.start <= a.start for c in mine), (doc.id, a.id, b.id)


def test_row_chunks_embed_the_column_names_above_them(
    chunks: list[Chunk], documents: dict[str, Document]
) -> None:
    rows = {(c.document_id, c.start): c for c in chunks if c.kind == "row"}
    with_names = without = 0
    for doc in documents.values():
        for t in doc.blocks:
            if t.kind != BlockKind.TABLE:
                continue
            names = ""
            for r in t.rows:
                if r.header:
                    names = doc.text[r.start : r.end].strip()
                elif names and (c := rows.get((doc.id, r.start))) is not None:
                    with_names += names in c.embed_text
                    without += names not in c.embed_text
    assert with_names > 0
    assert without <= with_names // 10  # only where the names would not fit the budget
