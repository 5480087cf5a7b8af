"""Reader for Markdown/HTML-ish text: `#` and numbered headings, `**bold**` headings and run-in
headings, tab-separated tables (cells may hold `<p>`, `<i>`, `<ul>` markup), lists, a contents
list, and form check boxes, which become "[ticked]" / "[not ticked]" so the text says which box
is ticked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.assemble import RawBlock, RawRow, SrcText, assemble, sha256
from corpus.models import BlockKind, Document, DocumentMeta
from corpus.readers.base import (
    Line,
    ends_sentence,
    furniture_lines,
    furniture_tokens,
    is_label_value,
    is_title_like,
    signature_lines,
    split_lines,
    word_count,
)

__all__ = ["MarkupReader", "clean_inline", "looks_like_markup", "parse_markup"]

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_CHECKBOX = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_BLOCK_TAGS = {"p", "br", "li", "ul", "ol", "div", "tr", "td", "th", "table", "h1", "h2", "h3"}
# ** anywhere; a single * only at the edge of a word ("*This", "publication.*"), never inside
# one ("A*-C")
_EMPH = re.compile(r"\*\*|(?<!\S)\*(?=[^\s*])|(?<=[^\s*])\*(?!\S)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_NUM_HEAD = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*(?=[A-Za-z])")
_SUBSECTION = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s*[A-Za-z]")
_NUM_ITEM = re.compile(r"^\s*(\d{1,3})\.\s+(?=\S)")
_BULLET = re.compile(r"^\s*(?:[-*•▪●]|\uf0b7)\s+")
_PAGE_REF = re.compile(r"(?:p\.?\s*\d+\.?|\.{3,}\s*\d+)\s*$")
_CAPTION = re.compile(r"^\s*(?:Table|Fig(?:ure)?\.?)\s+\d+\s*[:.]")
_RUN_IN = re.compile(r"^([A-Z][^.:;]{1,60}?)\s*:\s+\S")
_SEPARATOR = re.compile(r"^[\s\-|:]+$")
_LEADING_GLYPH = re.compile(r"^\s*[•▪●\uf0b7]\s*")


def looks_like_markup(text: str) -> bool:
    """Markdown/HTML-ish rather than PDF-extracted text: tab tables, tags or bold markers."""
    sample = text[:200_000]
    signals = sample.count("\t") + sample.count("**") + len(_TAG.findall(sample)) * 2
    return signals >= 10


def clean_inline(line: SrcText) -> SrcText:
    """Drop tags and emphasis markers; check boxes become '[ticked]' / '[not ticked]'."""
    out: list[SrcText] = []
    pos = 0
    text = line.text
    spans: list[tuple[int, int, str | None]] = []
    for m in _CHECKBOX.finditer(text):
        mark = "[ticked]" if re.search(r"\bchecked\b", m.group(), re.I) else "[not ticked]"
        spans.append((m.start(), m.end(), mark))
    for m in _TAG.finditer(text):
        if any(s <= m.start() < e for s, e, _ in spans):
            continue
        spans.append((m.start(), m.end(), " " if m.group(2).lower() in _BLOCK_TAGS else None))
    for m in _EMPH.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), None))
    for s, e, repl in sorted(spans):
        if s < pos:
            continue
        out.append(line[pos:s])
        if repl is not None:
            out.append(SrcText.marker(repl, line.offs[s] if s < len(line.offs) else line.start))
        pos = e
    out.append(line[pos:])
    return SrcText.join(out)


@dataclass
class _State:
    lines: list[Line]
    skip: set[int]
    sectioned: bool
    form: bool
    blocks: list[RawBlock] = field(default_factory=list)
    section: tuple[int, ...] = ()
    last_para: int = 0
    last_item: int = 0  # number of the last "N." list item since the last heading

    def numbered_heading(self, s: str) -> tuple[tuple[int, ...], str] | None:
        if not self.sectioned:
            return None
        m = _NUM_HEAD.match(s)
        if not m:
            return None
        number = tuple(int(x) for x in m.group(1).split("."))
        rest = s[m.end() :].strip()
        if not rest or word_count(rest) > 10 or rest.endswith((".", ",", ";")):
            return None
        if len(number) == 1 and not (rest.split()[0].isupper() or is_title_like(rest)):
            return None
        cur = self.section
        if len(number) == 1 and self.last_item and number[0] == self.last_item + 1:
            return None  # the next item of a numbered list, not a new section
        if len(number) == 1:
            ok = number[0] == (cur[0] + 1 if cur else 1)
        elif not cur or number[:-1] != cur[: len(number) - 1]:
            ok = False
        elif len(cur) >= len(number):
            ok = number[-1] >= cur[len(number) - 1]
        else:
            ok = len(number) == len(cur) + 1
        return (number, rest) if ok else None


def parse_markup(
    meta: DocumentMeta, text: str, base: int, source_sha: str, reader: str, furniture: set[str]
) -> Document:
    lines = split_lines(text, base, pages=False)
    skip = furniture_lines(lines, furniture)
    st = _State(
        lines,
        skip,
        sectioned=sum(1 for ln in lines if _SUBSECTION.match(ln.text)) >= 3,
        form=meta.kind == "submission_form",
    )
    i, n = 0, len(lines)
    in_contents = False
    entries = 0
    while i < n:
        ln = lines[i]
        if ln.blank or i in skip:
            if in_contents and entries:
                in_contents = False
            i += 1
            continue
        src = clean_inline(ln.src)
        s = src.text.strip()
        if not s:
            i += 1
            continue
        if in_contents and (_PAGE_REF.search(s) or word_count(s) <= 8):
            # a contents list: its numbers are not the body's sections
            st.blocks.append(RawBlock(BlockKind.CONTENTS, [src.strip()]))
            entries += 1
            i += 1
            continue
        in_contents = False
        if "\t" in ln.text:
            i = _table(st, i)
            continue
        if s.lower() in {"contents", "table of contents"}:
            st.blocks.append(RawBlock(BlockKind.HEADING, [src.strip()], level=1))
            in_contents, entries = True, 0
            i += 1
            continue
        i = _line(st, i, src)
    return assemble(meta, _merge_captions(st.blocks), source_sha, reader)


def _line(st: _State, i: int, src: SrcText) -> int:
    ln = st.lines[i]
    s = src.text.strip()
    md = _MD_HEADING.match(ln.text)
    if md:
        body = clean_inline(ln.src[md.end() :]).strip()
        st.blocks.append(RawBlock(BlockKind.HEADING, [body], level=len(md.group(1))))
        return i + 1
    bold = ln.stripped.startswith("**") and (
        ln.stripped.endswith("**")
        or (i + 1 < len(st.lines) and st.lines[i + 1].stripped.endswith("**"))
    )
    if bold and word_count(s) <= 14 and not ends_sentence(s.rstrip("*")):
        lines = [src.strip()]
        if not ln.stripped.endswith("**") or ln.stripped == "**":
            lines.append(clean_inline(st.lines[i + 1].src).strip())
            i += 1
        st.blocks.append(RawBlock(BlockKind.HEADING, lines, level=len(st.section) + 1))
        return i + 1
    head = st.numbered_heading(s)
    if head is not None:
        number, _ = head
        st.section = number
        st.last_item = 0
        st.blocks.append(
            RawBlock(
                BlockKind.HEADING,
                [src.strip()],
                level=len(number),
                number=".".join(map(str, number)),
            )
        )
        return i + 1
    item = _NUM_ITEM.match(s)
    if item and not st.sectioned and int(item.group(1)) == st.last_para + 1:
        return _numbered_paragraph(st, i, src, int(item.group(1)))
    if item:
        st.last_item = int(item.group(1))
    bullet = _BULLET.match(s) or (item if st.sectioned or item else None)
    if bullet:
        body = src.strip()[bullet.end() :].strip() if _BULLET.match(s) else src.strip()
        st.blocks.append(RawBlock(BlockKind.LIST_ITEM, [body]))
        return i + 1
    signed = signature_lines(st.lines, i, st.skip)
    if signed:  # the signatory heads the report's closing details
        rows = [clean_inline(st.lines[j].src).strip() for j in range(i, i + signed)]
        st.blocks.append(RawBlock(BlockKind.HEADING, rows, level=1))
        return i + signed
    if _heading_like(st, i, s):
        level = len(st.section) + 1 if st.sectioned else 1
        st.blocks.append(RawBlock(BlockKind.HEADING, [src.strip()], level=level))
        return i + 1
    prev = st.blocks[-1] if st.blocks else None
    if (
        prev is not None
        and prev.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        and prev.lines
        and (s[:1].islower() or s[:1] in "(&")
        and not ends_sentence(prev.lines[-1].text)
    ):
        prev.lines.append(src.strip())
        return i + 1
    run_in = _run_in(ln.text)
    st.blocks.append(RawBlock(BlockKind.PARAGRAPH, [src.strip()], run_in=run_in))
    return i + 1


def _run_in(raw: str) -> str | None:
    m = re.match(r"^\s*(?:\d{1,3}\.\s+)?\*\*([^*]{2,80}?)\s*:?\s*\*\*", raw)
    if m:
        return m.group(1).strip().rstrip(":").strip()
    return None


def _numbered_paragraph(st: _State, i: int, src: SrcText, number: int) -> int:
    st.last_para = number
    s = src.text.strip()
    rest = s[_NUM_ITEM.match(s).end() :] if _NUM_ITEM.match(s) else s  # type: ignore[union-attr]
    if word_count(rest) <= 6 and not ends_sentence(rest):
        st.blocks.append(RawBlock(BlockKind.HEADING, [src.strip()], level=2, paragraph=str(number)))
        return i + 1
    run_in = _run_in(st.lines[i].text)
    if run_in is None:
        m = _RUN_IN.match(rest)
        run_in = m.group(1).strip() if m and is_title_like(m.group(1)) else None
    st.blocks.append(
        RawBlock(BlockKind.PARAGRAPH, [src.strip()], paragraph=str(number), run_in=run_in)
    )
    return i + 1


def _heading_like(st: _State, i: int, s: str) -> bool:
    words = word_count(s)
    if not (1 <= words <= 12) or len(s) > 100:
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    if s.endswith((".", ",", ";", "!", "?", '"', "”")) or (
        s.endswith(":") and words > 4 and not is_title_like(s)
    ):
        return False
    if _CAPTION.match(s) or is_label_value(s):
        return False
    nxt = i + 1
    while nxt < len(st.lines) and nxt in st.skip:
        nxt += 1
    blank_after = nxt >= len(st.lines) or st.lines[nxt].blank
    if words <= 4 and s.isupper():  # a signature or title line ("JIM LEIVERS")
        return True
    return blank_after and (is_title_like(s) or words <= 6 or s.endswith(":"))


def _table(st: _State, i: int) -> int:
    """Tab-separated rows (a blank line may sit between rows) become one table block, or form
    fields in a submission form."""
    rows: list[SrcText] = []
    n = len(st.lines)
    while i < n:
        ln = st.lines[i]
        if i in st.skip:  # page furniture between rows does not end the table
            i += 1
            continue
        if ln.blank:
            j = i + 1
            while j < n and st.lines[j].blank:
                j += 1
            if j < n and "\t" in st.lines[j].text and j - i <= 2:
                i = j
                continue
            break
        if "\t" not in ln.text:
            break
        if not _SEPARATOR.match(ln.text) and i not in st.skip:
            rows.append(ln.src)
        i += 1
    if st.form:
        _form_fields(st, rows)
    else:
        st.blocks.append(_table_block(rows))
    return i


def _cells(row: SrcText) -> list[SrcText]:
    cells: list[SrcText] = []
    pos = 0
    for k, ch in enumerate(row.text + "\t"):
        if ch == "\t":
            cell = clean_inline(row[pos:k])
            glyph = _LEADING_GLYPH.match(cell.text)
            cells.append(cell[glyph.end() :] if glyph else cell)
            pos = k + 1
    return cells


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[£$]?-?\d[\d,]*(\.\d+)?%?", text.strip()))


def _table_block(rows: list[SrcText]) -> RawBlock:
    raw_rows: list[RawRow] = []
    columns: list[str] = []
    for k, row in enumerate(rows):
        cells = _cells(row)
        label, values = cells[0], cells[1:]
        years = bool(values) and all(
            re.fullmatch(r"(19|20)\d\d(/\d\d)?", v.text.strip()) for v in values
        )
        header = (not any(_is_number(v.text) for v in values) or (k == 0 and years)) and (
            k == 0 or not label.text.strip()
        )
        if header and k == 0:
            columns = [" ".join(v.text.split()) for v in values]
        raw_rows.append(RawRow(label=label, cells=values, header=header))
    width = len(columns) or max((len(r.cells) for r in raw_rows), default=0)
    for r in raw_rows:
        r.complete = len(r.cells) == width
    return RawBlock(BlockKind.TABLE, rows=raw_rows, columns=columns)


def _form_fields(st: _State, rows: list[SrcText]) -> None:
    """Label<TAB>guidance, then <TAB>value (or an assessment row with check boxes)."""
    label: str | None = None
    for row in rows:
        cells = _cells(row)
        first = " ".join(cells[0].text.split())
        if first and not first.startswith(("Outcome of Assessment", "[")):
            label = first
        rest = [c for c in cells if c.text.strip()]
        st.blocks.append(
            RawBlock(BlockKind.FORM_FIELD, [c.strip() for c in rest], label=label or first or None)
        )


def _merge_captions(blocks: list[RawBlock]) -> list[RawBlock]:
    """The line just before a table that names it is that table's caption: a 'Table N: ...'
    or 'Figure N. ...' line, or an unnumbered heading whose section would hold nothing but the
    table ("PN Code Data" between two headings). The table then stays in the section of the
    text around it, and its name is read with its rows."""
    out: list[RawBlock] = []
    for i, blk in enumerate(blocks):
        prev = out[-1] if out else None
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if blk.kind == BlockKind.TABLE and prev is not None and _names_table(prev, after):
            out.pop()
            blk.lines = [*prev.lines, *blk.lines]
            blk.label = " ".join(" ".join(x.text.split()) for x in prev.lines)
        out.append(blk)
    return out


def _names_table(prev: RawBlock, after: RawBlock | None) -> bool:
    """Whether `prev`, just before a table, is its caption (`after` follows the table)."""
    if prev.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING) or not prev.lines:
        return False
    text = " ".join(" ".join(x.text.split()) for x in prev.lines)
    if _CAPTION.match(text):
        return True
    # a numbered heading is a section of the report, whatever it holds
    alone = after is None or after.kind == BlockKind.HEADING
    return prev.kind == BlockKind.HEADING and prev.number is None and not prev.paragraph and alone


class MarkupReader:
    """Markdown or HTML-ish text (and what the .docx reader renders)."""

    name = "markup"

    def accepts(self, suffix: str, head: bytes) -> bool:
        return suffix in {".md", ".markdown", ".txt", ".text", ".html", ".htm", ""}

    def read(self, meta: DocumentMeta, data: bytes) -> Document:
        from corpus.readers.decode import cut_part, decode

        text = decode(meta.file, data, meta.encoding)
        part, base = cut_part(meta, text)
        return parse_markup(
            meta, part, base, sha256(data), self.name, furniture_tokens(text, meta.furniture)
        )
