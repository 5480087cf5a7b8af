"""Property tests of the two text parsers: whatever the text, every span cuts its text, blocks
are in order and apart, and the offset map leads back to the same character of the source."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.assemble import repair
from corpus.models import Document, DocumentMeta
from corpus.readers.base import furniture_tokens
from corpus.readers.markup import parse_markup
from corpus.readers.pdftext import parse_pdf_text

Parser = Callable[[DocumentMeta, str, int, str, str, set[str]], Document]
PARSERS: dict[str, Parser] = {"pdftext": parse_pdf_text, "markup": parse_markup}

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PUNCT = "‟„“”‘’'\".,;:()-–&%!?£/*\u00a0"
BULLETS = ["•", "-", "–", "▪", "●", "◦", "\uf0b7", "§", "o", "*", "(a)", "(iv)"]

word = st.one_of(
    st.sampled_from(
        ["the", "council", "Children‟s", "care", "placements", "Foster", "of", "and", "in"]
    ),
    st.text(alphabet=LETTERS + PUNCT, min_size=1, max_size=9),
    st.text(alphabet=LETTERS, min_size=1, max_size=9).map(str.capitalize),
)
words = st.lists(word, min_size=1, max_size=12).map(" ".join)
title = st.lists(
    st.text(alphabet=LETTERS, min_size=1, max_size=8).map(str.capitalize), min_size=1, max_size=5
).map(" ".join)
number = st.integers(0, 999).map(str) | st.sampled_from(["12%", "£1,200", "-3", "4.5", "2011"])


@st.composite
def numbered_heading(draw: st.DrawFn) -> list[str]:
    parts = draw(st.lists(st.integers(1, 9), min_size=1, max_size=3))
    dot = draw(st.sampled_from(["", "."]))
    return [".".join(map(str, parts)) + dot + " " + draw(title)]


@st.composite
def numbered_paragraph(draw: st.DrawFn) -> list[str]:
    n = draw(st.integers(1, 12))
    lines = [f"{n}. {draw(words)}"]
    lines += draw(st.lists(words, max_size=2))  # wrapped lines
    return lines


@st.composite
def bullets(draw: st.DrawFn) -> list[str]:
    glyph = draw(st.sampled_from(BULLETS))
    return [f"{glyph} {draw(words)}" for _ in range(draw(st.integers(1, 3)))]


@st.composite
def tab_table(draw: st.DrawFn) -> list[str]:
    width = draw(st.integers(1, 4))
    rows = [
        draw(st.one_of(title, st.just(""))) + "\t" + "\t".join(draw(title) for _ in range(width))
    ]
    for _ in range(draw(st.integers(1, 4))):
        cells = [draw(st.one_of(number, st.just(""), words)) for _ in range(width)]
        rows.append(draw(title) + "\t" + "\t".join(cells))
    return rows


@st.composite
def flat_table(draw: st.DrawFn) -> list[str]:
    lines = [f"Table {draw(st.integers(1, 9))}: {draw(title)}"]
    lines += draw(st.lists(title, max_size=3))  # header fragments
    for _ in range(draw(st.integers(1, 4))):
        values = draw(st.lists(number, min_size=1, max_size=4))
        lines.append(draw(title) + " " + " ".join(values))
    return lines


element = st.one_of(
    numbered_heading(),
    numbered_paragraph(),
    bullets(),
    tab_table(),
    flat_table(),
    title.map(lambda t: [t]),
    title.map(lambda t: ["#" * 2 + " " + t]),
    words.map(lambda w: [w]),
    st.lists(words, min_size=2, max_size=3),
    st.sampled_from([["DRAFT"], ["CA10"], ["Contents"]]),
)


@st.composite
def document(draw: st.DrawFn) -> str:
    out: list[str] = []
    for lines in draw(st.lists(element, min_size=1, max_size=10)):
        indent = draw(st.sampled_from(["", "", " ", "  ", "\t"]))
        out.append("\n".join(indent + ln + draw(st.sampled_from(["", "", " "])) for ln in lines))
        out.append("\n" * draw(st.integers(1, 5)))  # 4+ newlines: a page gap for pdftext
    text = "".join(out)
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def _check(doc: Document, source: str) -> None:
    text = doc.text
    prev_end = 0
    for b in doc.blocks:
        assert text[b.start : b.end] == b.text, b
        assert b.start < b.end, b
        assert b.start >= prev_end, f"{b.id} overlaps or comes before the block before it"
        prev_end = b.end
        src = doc.offsets.to_source(b.start)
        assert 0 <= src < len(source), (b, src)
        assert repair(source[src]) == text[b.start], (b, src, source[src])
        for row in b.rows:
            assert b.start <= row.start <= row.end <= b.end
            for c in row.cells:
                assert text[c.start : c.end] == c.text, (b, c)
                assert row.start <= c.start <= c.end <= row.end, (b, c)
    # nothing is reworded: every clean character that is not white space is a source character
    for i, ch in enumerate(text):
        if not ch.isspace():
            src = doc.offsets.to_source(i)
            assert repair(source[src]) == ch, (i, ch, src, source[src : src + 10])


def _meta(kind: str = "other") -> DocumentMeta:
    return DocumentMeta(
        id="prop", title="Prop", date=dt.date(2020, 1, 1), year=2020, kind=kind, file="prop.txt"
    )


def _parse(parser: str, body: str, prefix: str = "", kind: str = "other") -> Document:
    furniture = furniture_tokens(prefix + body, ["DRAFT"])
    return PARSERS[parser](_meta(kind), body, len(prefix), "sha", parser, furniture)


@settings(max_examples=60, deadline=None, database=None)
@given(
    body=document(),
    prefix=st.text(alphabet="xyz \n", max_size=8),
    parser=st.sampled_from(sorted(PARSERS)),
    kind=st.sampled_from(["other", "submission_form"]),
)
def test_spans_and_offsets_hold_for_any_text(
    body: str, prefix: str, parser: str, kind: str
) -> None:
    doc = _parse(parser, body, prefix, kind)
    _check(doc, prefix + body)
    assert "‟" not in doc.text and "„" not in doc.text


@settings(max_examples=60, deadline=None, database=None)
@example(body="A\t1\n\tDRAFT\nB\t2\n", parser="markup")
@given(body=document(), parser=st.sampled_from(sorted(PARSERS)))
def test_furniture_lines_never_reach_the_clean_text(body: str, parser: str) -> None:
    doc = _parse(parser, body)
    furniture = furniture_tokens(body, ["DRAFT"])
    starts = [0]
    for line in body.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    dropped = {
        k for k, line in enumerate(body.split("\n")) if line.strip() and line.strip() in furniture
    }
    for i, ch in enumerate(doc.text):
        if not ch.isspace():
            line_no = bisect.bisect_right(starts, doc.offsets.to_source(i)) - 1
            assert line_no not in dropped, (i, body.split("\n")[line_no])


@settings(max_examples=60, deadline=None, database=None)
@given(body=document())
def test_pdftext_pages_only_grow(body: str) -> None:
    doc = parse_pdf_text(_meta(), body, 0, "sha", "pdf-text", set())
    pages = [b.page for b in doc.blocks]
    if "\n\n\n\n" not in body.strip("\n"):
        assert all(p is None for p in pages)
    else:
        assert all(p is not None for p in pages)
        assert pages == sorted(pages)  # type: ignore[type-var]
