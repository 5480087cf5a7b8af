"""From a reader's raw blocks to a `Document`: clean text, spans, sections, paragraphs, ids.

Readers say what the blocks are and which source characters they hold (as `SrcText`, text that
carries each character's source offset); this module owns how the clean text is written (white
space folded, mis-encoded punctuation repaired, a blank line between blocks) and keeps the map
back to source offsets. Nothing is reworded: every clean character is a source character, a
folded space, or a marker a reader inserted on purpose (check boxes).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from corpus.models import Block, BlockKind, Cell, Document, DocumentMeta, OffsetMap, Row

__all__ = ["RawBlock", "RawRow", "SrcText", "assemble", "repair", "sha256"]

# Characters that PDF extraction mis-encodes, mapped one for one so offsets stay aligned.
_REPAIRS = str.maketrans(
    {
        "\u201f": "\u2019",  # ‟ used as an apostrophe ("Children‟s")
        "\u201e": "\u2018",  # „ used as an opening quote („adoption passport‟)
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
_TOKEN = re.compile(r"\S+")


def repair(text: str) -> str:
    return text.translate(_REPAIRS)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SrcText:
    """A string whose every character knows its offset in the source file."""

    text: str
    offs: tuple[int, ...]

    @classmethod
    def at(cls, text: str, start: int) -> SrcText:
        return cls(text, tuple(range(start, start + len(text))))

    @classmethod
    def marker(cls, text: str, src: int) -> SrcText:
        return cls(text, (src,) * len(text))

    @classmethod
    def join(cls, parts: list[SrcText]) -> SrcText:
        return cls("".join(p.text for p in parts), tuple(o for p in parts for o in p.offs))

    def __getitem__(self, key: slice) -> SrcText:
        return SrcText(self.text[key], self.offs[key])

    def __len__(self) -> int:
        return len(self.text)

    def strip(self) -> SrcText:
        s = self.text
        i, j = 0, len(s)
        while i < j and s[i].isspace():
            i += 1
        while j > i and s[j - 1].isspace():
            j -= 1
        return self[i:j]

    def tokens(self) -> list[SrcText]:
        return [self[m.start() : m.end()] for m in _TOKEN.finditer(self.text)]

    @property
    def start(self) -> int:
        return self.offs[0] if self.offs else 0


@dataclass
class RawRow:
    label: SrcText | None = None
    cells: list[SrcText] = field(default_factory=list)
    header: bool = False
    complete: bool = True


@dataclass
class RawBlock:
    kind: BlockKind
    lines: list[SrcText] = field(default_factory=list)
    level: int = 0
    number: str | None = None
    paragraph: str | None = None
    run_in: str | None = None
    page: int | None = None
    label: str | None = None
    rows: list[RawRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    notes: list[SrcText] = field(default_factory=list)

    @property
    def source_start(self) -> int:
        for line in self.lines:
            if line.offs:
                return line.start
        for row in self.rows:
            for part in [row.label, *row.cells]:
                if part is not None and part.offs:
                    return part.start
        return 0


class _Builder:
    """Appends clean text and records an anchor wherever the source offsets jump."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.clean: list[int] = []
        self.source: list[int] = []
        self._next_src: int | None = None

    def write(self, text: str, offs: tuple[int, ...] | int) -> None:
        if isinstance(offs, int):
            offs = (offs,) * len(text)
        for i, off in enumerate(offs):
            if off != self._next_src:
                self.clean.append(self.pos + i)
                self.source.append(off)
            self._next_src = off + 1
        self.pos += len(text)
        self.parts.append(repair(text))

    def words(self, lines: list[SrcText]) -> tuple[int, int]:
        """Write the tokens of `lines` joined by single spaces; join 're-' + 'introduce'."""
        start = self.pos
        tokens = [t for line in lines for t in line.tokens()]
        prev: SrcText | None = None
        for tok in tokens:
            if prev is not None:
                glued = prev.text.endswith("-") and len(prev.text) > 1 and tok.text[:1].islower()
                if not glued:
                    self.write(" ", max(tok.start - 1, 0))
            self.write(tok.text, tok.offs)
            prev = tok
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts)


def _row(builder: _Builder, row: RawRow) -> Row:
    start = builder.pos
    cells: list[Cell] = []
    wrote = False
    if row.label is not None and row.label.strip().text:
        builder.words([row.label])
        wrote = True
    for cell in row.cells:
        if not cell.strip().text:
            cells.append(Cell(text="", start=builder.pos, end=builder.pos))
            continue
        if wrote:
            builder.write(" ", max(cell.strip().start - 1, 0))
        s, e = builder.words([cell])
        cells.append(Cell(text="", start=s, end=e))
        wrote = True
    label = " ".join(repair(row.label.text).split()) if row.label is not None else None
    return Row(
        label=label or None,
        cells=cells,
        start=start,
        end=builder.pos,
        header=row.header,
        complete=row.complete,
    )


def _write_table(builder: _Builder, rb: RawBlock) -> list[Row]:
    lines_written = 0
    for line in rb.lines:
        if not line.strip().text:
            continue
        if lines_written:
            builder.write("\n", line.strip().start)
        builder.words([line])
        lines_written += 1
    rows: list[Row] = []
    for raw_row in rb.rows:
        if lines_written or rows:
            builder.write("\n", raw_row_start(raw_row))
        rows.append(_row(builder, raw_row))
    for note in rb.notes:
        builder.write("\n", note.strip().start)
        builder.words([note])
    return rows


def raw_row_start(row: RawRow) -> int:
    for part in [row.label, *row.cells]:
        if part is not None and part.strip().offs:
            return part.strip().start
    return 0


def assemble(meta: DocumentMeta, raw: list[RawBlock], source_sha256: str, reader: str) -> Document:
    b = _Builder()
    blocks: list[Block] = []
    stack: list[Block] = []  # open headings, outermost first
    paragraph: str | None = None
    for rb in raw:
        if b.pos:
            b.write("\n\n", rb.source_start)
        mark = b.pos
        rows: list[Row] = []
        if rb.kind == BlockKind.TABLE:
            rows = _write_table(b, rb)
            start, end = mark, b.pos
        else:
            start, end = b.words(rb.lines)
        if end == start:
            # nothing printable: take back the separator
            _truncate(b, mark - (2 if mark else 0))
            continue
        text = b.text()
        for row in rows:
            for k, cell in enumerate(row.cells):
                cell.text = text[cell.start : cell.end]
                if row.complete and not row.header and k < len(rb.columns):
                    cell.column = rb.columns[k]
        if rb.kind == BlockKind.HEADING:
            while stack and (stack[-1].level >= rb.level or stack[-1].paragraph is not None):
                stack.pop()
            paragraph = rb.paragraph
        elif rb.paragraph is not None:
            paragraph = rb.paragraph
            while stack and stack[-1].paragraph not in (None, paragraph):
                stack.pop()
        numbered = [h.number for h in stack if h.number]
        own_number = rb.number if rb.kind == BlockKind.HEADING else None
        blk = Block(
            id=f"{meta.id}/b{len(blocks):04d}",
            kind=rb.kind,
            text=text[start:end],
            start=start,
            end=end,
            level=rb.level,
            number=rb.number,
            paragraph=None if rb.kind == BlockKind.CONTENTS else paragraph,
            section_path=[h.text for h in stack],
            section_number=own_number or (numbered[-1] if numbered else None),
            parent=stack[-1].id if stack else None,
            page=rb.page,
            run_in=rb.run_in,
            caption=rb.label if rb.kind == BlockKind.TABLE else None,
            columns=rb.columns,
            rows=rows,
            label=rb.label if rb.kind == BlockKind.FORM_FIELD else None,
        )
        blocks.append(blk)
        if rb.kind == BlockKind.HEADING:
            stack.append(blk)
    pages = [blk.page for blk in blocks if blk.page is not None]
    return Document(
        meta=meta,
        text=b.text(),
        blocks=blocks,
        offsets=OffsetMap(clean=b.clean, source=b.source),
        source_sha256=source_sha256,
        pages=max(pages) if pages else None,
        reader=reader,
    )


def _truncate(b: _Builder, pos: int) -> None:
    text = b.text()[:pos]
    b.parts = [text]
    b.pos = pos
    while b.clean and b.clean[-1] >= pos:
        b.clean.pop()
        b.source.pop()
    b._next_src = None
