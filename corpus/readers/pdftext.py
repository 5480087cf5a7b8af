"""Reader for text extracted from PDFs: hard line breaks, page gaps, numbered paragraphs,
numbered headings, capitalised and run-in headings, bullets of several glyphs, flattened tables.

Lines are walked once; each either starts a block (heading, numbered paragraph, list item,
table) or continues the open one. The tests of each kind are small functions below, so a
reader of the code can check one rule at a time against the shipped reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.assemble import RawBlock, SrcText, assemble, sha256
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
from corpus.readers.flat_tables import CAPTION, find_uncaptioned, parse_table

__all__ = ["PdfTextReader", "parse_pdf_text"]

_BULLET = re.compile(r"^\s*(?:[\uf0b7•§▪●◦‣\-–]|o(?=\s+[A-Z])|\([a-z]{1,3}\))\s+")
_BULLET_ONLY = re.compile(r"^\s*[\uf0b7•§▪●◦‣]\s*$")
_NUM_PARA = re.compile(r"^\s*(\d{1,3})(?:\.\s*|\s+)(?=[A-Z0-9(“\"‘'])")
# PDF extraction lost the bullet glyph of these reports but kept its single leading space
_SPACE_BULLET = re.compile(r"^ (?=[A-Z“\"‘'(])")
_NUM_HEAD = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=\S)")
_SUBSECTION = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+[A-Z]")
_RUN_IN = re.compile(r"^([A-Z][^.:;]{1,60}?)\s*:\s+\S")
_SMALL_END = {
    "in",
    "of",
    "for",
    "and",
    "the",
    "to",
    "on",
    "with",
    "by",
    "at",
    "from",
    "a",
    "an",
    "&",
    "-",
    "–",
}


@dataclass
class _Walker:
    lines: list[Line]
    skip: set[int]
    sectioned: bool
    blocks: list[RawBlock] = field(default_factory=list)
    open: RawBlock | None = None
    last_para: int = 0
    section: tuple[int, ...] = ()

    # -- the open block -------------------------------------------------------------------
    def close(self) -> None:
        if self.open is not None:
            self.blocks.append(self.open)
            self.open = None

    def start(self, block: RawBlock) -> None:
        self.close()
        self.open = block

    def open_closed(self) -> bool:
        """Whether the open block reads as finished (so a short line may be a heading)."""
        if self.open is None or self.open.kind in (BlockKind.HEADING, BlockKind.TABLE):
            return True
        return ends_sentence(self.open.lines[-1].text) if self.open.lines else True

    # -- tests ----------------------------------------------------------------------------
    def next_content(self, i: int) -> int:
        while i < len(self.lines) and (self.lines[i].blank or i in self.skip):
            i += 1
        return i

    def numbered_paragraph(self, ln: Line) -> int | None:
        if self.sectioned:
            return None
        m = _NUM_PARA.match(ln.text)
        if not m:
            return None
        n = int(m.group(1))
        return n if n == self.last_para + 1 else None

    def numbered_heading(self, ln: Line) -> tuple[tuple[int, ...], SrcText] | None:
        if not self.sectioned:
            return None
        m = _NUM_HEAD.match(ln.text)
        if not m:
            return None
        number = tuple(int(x) for x in m.group(1).split("."))
        rest = ln.src[m.end() :].strip()
        if not rest.text or word_count(rest.text) > 14 or rest.text.endswith((",", ";")):
            return None
        if not is_title_like(rest.text):
            return None
        return (number, rest) if self._in_sequence(number) else None

    def _in_sequence(self, number: tuple[int, ...]) -> bool:
        cur = self.section
        if len(number) == 1:
            return number[0] == (cur[0] + 1 if cur else 1)
        if not cur or number[:-1] != cur[: len(number) - 1]:
            return False
        if len(cur) >= len(number):
            return number[-1] >= cur[len(number) - 1]
        return len(number) == len(cur) + 1

    def heading_like(self, i: int) -> bool:
        ln = self.lines[i]
        s = ln.stripped
        words = word_count(s)
        if not (1 <= words <= 12) or len(s) > 100 or _BULLET.match(ln.text):
            return False
        if not (s[0].isupper() or s[0] in "“\"‘'"):
            return False
        if s.endswith((".", ",", ";")) or (s.endswith(":") and words > 4):
            return False
        if CAPTION.match(s) or is_label_value(s):
            return False
        prev = i - 1
        blank_before = prev < 0 or self.lines[prev].blank or prev in self.skip
        after_table = (
            self.open is None and bool(self.blocks) and self.blocks[-1].kind == BlockKind.TABLE
        )
        blank_after = i + 1 >= len(self.lines) or self.lines[i + 1].blank
        relaxed = blank_after and words <= 6 and is_title_like(s) and self.open_closed()
        if not (blank_before or after_table or relaxed):
            return False
        if s.split()[-1].lower() in _SMALL_END and not is_title_like(s):
            return False
        j = self.next_content(i + 1)
        if j < len(self.lines) and self.lines[j].stripped[:1].islower():
            return False
        return is_title_like(s) or self.open_closed()

    # -- walking ----------------------------------------------------------------------------
    def walk(self, tables: dict[int, bool]) -> list[RawBlock]:
        i, n = 0, len(self.lines)
        while i < n:
            ln = self.lines[i]
            if ln.blank or i in self.skip:
                i += 1
                continue
            if i in tables:
                self.close()
                block, i = parse_table(self.lines, i, self.skip, captioned=tables[i])
                self.blocks.append(block)
                continue
            i = self.line(i)
        self.close()
        return self.blocks

    def line(self, i: int) -> int:
        ln = self.lines[i]
        text = ln.src
        para = self.numbered_paragraph(ln)
        if para is not None:
            return self.paragraph_start(i, para)
        head = self.numbered_heading(ln)
        if head is not None:
            number, _rest = head
            self.section = number
            block = RawBlock(
                BlockKind.HEADING,
                [text.strip()],
                level=len(number),
                number=".".join(map(str, number)),
                page=ln.page,
            )
            self.start(block)
            return self.heading_continuation(i + 1, block)
        bullet = _BULLET.match(ln.text)
        if bullet or _BULLET_ONLY.match(ln.text):
            body = text[bullet.end() :] if bullet else text[len(text) :]
            self.start(
                RawBlock(
                    BlockKind.LIST_ITEM, [body.strip()] if body.strip().text else [], page=ln.page
                )
            )
            return i + 1
        signed = signature_lines(self.lines, i, self.skip)
        if signed:  # the signatory heads the report's closing details
            rows = [self.lines[j].src.strip() for j in range(i, i + signed)]
            self.start(RawBlock(BlockKind.HEADING, rows, level=1, page=ln.page))
            return i + signed
        if self.heading_like(i):
            level = len(self.section) + 1 if self.sectioned else 1
            block = RawBlock(BlockKind.HEADING, [text.strip()], level=level, page=ln.page)
            self.start(block)
            return self.heading_continuation(i + 1, block)
        if _SPACE_BULLET.match(ln.text) and (
            self.open_closed() or (self.open is not None and self.open.kind == BlockKind.LIST_ITEM)
        ):
            self.start(RawBlock(BlockKind.LIST_ITEM, [text.strip()], page=ln.page))
            return i + 1
        if self.open is not None and self.continues(i):
            if not self.open.lines and self.open.kind == BlockKind.LIST_ITEM:
                self.open.page = ln.page
            self.open.lines.append(text.strip())
            return i + 1
        self.start(RawBlock(BlockKind.PARAGRAPH, [text.strip()], page=ln.page))
        return i + 1

    def continues(self, i: int) -> bool:
        assert self.open is not None
        if self.open.kind in (BlockKind.HEADING, BlockKind.TABLE):
            return False
        if not self.open.lines:
            return True
        s = self.lines[i].stripped
        prev_blank = i > 0 and (self.lines[i - 1].blank or (i - 1) in self.skip)
        if s[:1].islower() or s[:1] in "(&":
            return True
        if prev_blank and is_label_value(s):
            return False
        last = self.open.lines[-1].text.rstrip()
        if (
            prev_blank
            and self.open.kind == BlockKind.LIST_ITEM
            and s[:1].isupper()
            and not last.endswith(",")
            and last.rsplit(" ", 1)[-1].lower() not in _SMALL_END
        ):
            # a bullet that ends without a full stop, then a blank line and a capitalised
            # sentence on the same page: the list is over ("... agency placements" / "Between
            # April 2010 ..."); across a page break, or after "and", the item goes on
            j = i - 1
            while j > 0 and (self.lines[j].blank or j in self.skip):
                j -= 1
            if j not in self.skip and self.lines[j].page == self.lines[i].page:
                return False
        if not ends_sentence(self.open.lines[-1].text):
            return True
        return not prev_blank

    def paragraph_start(self, i: int, number: int) -> int:
        ln = self.lines[i]
        self.last_para = number
        m = _NUM_PARA.match(ln.text)
        assert m is not None
        rest = ln.src[m.end() :].strip()
        j = self.next_content(i + 1)
        nxt = self.lines[j].stripped if j < len(self.lines) else ""
        short = word_count(rest.text) <= 6 and not ends_sentence(rest.text)
        if short and (not nxt or not nxt[:1].islower()):
            block = RawBlock(
                BlockKind.HEADING, [ln.src.strip()], level=2, paragraph=str(number), page=ln.page
            )
            self.start(block)
            return i + 1
        run_in = _RUN_IN.match(rest.text)
        self.start(
            RawBlock(
                BlockKind.PARAGRAPH,
                [ln.src.strip()],
                paragraph=str(number),
                run_in=run_in.group(1).strip()
                if run_in and is_title_like(run_in.group(1))
                else None,
                page=ln.page,
            )
        )
        return i + 1

    def heading_continuation(self, i: int, block: RawBlock) -> int:
        """Headings printed over two or three lines ("3.11 PERMANENCY ... And Real" + "Costs")."""
        total = word_count(block.lines[0].text)
        while i < len(self.lines):
            j = i
            if self.lines[j].blank or j in self.skip:
                break
            s = self.lines[j].stripped
            last = block.lines[-1].text.split()[-1] if block.lines[-1].text.split() else ""
            if (
                _NUM_HEAD.match(s) and (self.numbered_heading(self.lines[j]) is not None)
            ) or _BULLET.match(self.lines[j].text):
                break
            upper_pair = block.lines[-1].text.isupper() and s.isupper()
            lower_cont = s[:1].islower() and not ends_sentence(block.lines[-1].text)
            title_cont = (
                is_title_like(s)
                and word_count(s) <= 8
                and not s.endswith(".")
                and (self.sectioned or last.lower() in _SMALL_END)
            )
            if total + word_count(s) > 30 or not (upper_pair or lower_cont or title_cont):
                break
            block.lines.append(self.lines[j].src.strip())
            total += word_count(s)
            i = j + 1
        return i


def parse_pdf_text(
    meta: DocumentMeta, text: str, base: int, source_sha: str, reader: str, furniture: set[str]
) -> Document:
    lines = split_lines(text, base)
    skip = furniture_lines(lines, furniture)
    sectioned = sum(1 for ln in lines if _SUBSECTION.match(ln.text)) >= 3
    tables: dict[int, bool] = {
        ln.index: True for ln in lines if CAPTION.match(ln.text) and ln.index not in skip
    }
    for start in find_uncaptioned(lines, skip, set(tables)):
        tables.setdefault(start, False)
    walker = _Walker(lines, skip, sectioned)
    raw = walker.walk(tables)
    return assemble(meta, raw, source_sha, reader)


class PdfTextReader:
    """Plain text that came out of a PDF (hard-wrapped lines, no markup)."""

    name = "pdf-text"

    def accepts(self, suffix: str, head: bytes) -> bool:
        return suffix in {".txt", ".text", ""}

    def read(self, meta: DocumentMeta, data: bytes) -> Document:
        from corpus.readers.decode import cut_part, decode

        text = decode(meta.file, data, meta.encoding)
        part, base = cut_part(meta, text)
        furniture = furniture_tokens(text, meta.furniture)
        return parse_pdf_text(meta, part, base, sha256(data), self.name, furniture)
