"""Rebuild tables that PDF text extraction flattened into lines of numbers.

A flattened table looks like a caption ("Table 8: ..."), header fragments split over several
lines, then one line per row: a label followed by its values ("Foster Care 201 33 17 251").
Rows become label + cells; header fragments are grouped into column names when their count fits
the number of values, and kept as raw lines when it does not. A row with fewer values than the
table has columns keeps its values but claims no columns (the gaps cannot be placed).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.assemble import RawBlock, RawRow, SrcText
from corpus.models import BlockKind
from corpus.readers.base import Line, ends_sentence, word_count

__all__ = ["CAPTION", "data_row", "find_uncaptioned", "parse_table"]

_NUM = r"(?:[£$]\s?)?-?\d[\d,]*(?:\.\d+)?%?"
_ROW = re.compile(rf"^(?:(?P<label>.*?\S)\s+)?(?P<vals>{_NUM}(?:\s+{_NUM})*)\s*$")
_VALUE = re.compile(_NUM)
CAPTION = re.compile(r"^\s*Table\s+\d+\s*[:.]")
_HEADER_TOKENS = {"No", "%", "Number", "Total", "Totals"}
_YEAR = re.compile(r"^(19|20)\d\d$")
_BLOCK_START = re.compile(r"^\s*(\d{1,3}\.\s|[\uf0b7•§▪●]|Table\s+\d)")
_PERIOD_END = re.compile(r"\b\d\d-\d\d$")
_SMALL_END = {"at", "of", "in", "by", "for", "to", "and", "the", "on", "with"}


@dataclass
class _Row:
    label: SrcText | None
    values: list[SrcText]


@dataclass
class _Table:
    caption: list[SrcText] = field(default_factory=list)
    header: list[Line] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    notes: list[SrcText] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)


def data_row(line: SrcText) -> _Row | None:
    """Label and values of a line that ends in one or more numbers, else None."""
    m = _ROW.match(line.text)
    if not m:
        return None
    vals_start = m.start("vals")
    values = [
        line[v.start() + vals_start : v.end() + vals_start] for v in _VALUE.finditer(m["vals"])
    ]
    label = line[: m.end("label")].strip() if m["label"] else None
    if label is not None and re.fullmatch(rf"{_NUM}(?:\s+{_NUM})*", label.text):
        # "82% 83% 92%": all values, no label
        values = [line[v.start() : v.end()] for v in _VALUE.finditer(line.text)]
        label = None
    if label is not None:
        # leading dashes are list glyphs, not content of the label
        text = label.text
        i = 0
        while i < len(text) and text[i] in "-–• ":
            i += 1
        label = label[i:] if i < len(text) else None
    if label is None and values and _YEAR.match(values[0].text) and len(values) > 1:
        label, values = values[0], values[1:]
    return _Row(label, values)


def _is_header_row(text: str) -> bool:
    toks = text.split()
    return bool(toks) and all(t in _HEADER_TOKENS for t in toks)


def _group_header(lines: list[Line]) -> list[str]:
    """Group header fragments into column names. A fragment that ends in a space wraps on to
    the next one (even across a blank line, when it stood alone); one without ends its group."""
    groups: list[str] = []
    current: list[str] = []
    run = 0  # lines since the last blank
    for ln in lines:
        cells = re.split(r"\s{3,}", ln.stripped) if not ln.blank else []
        if len(cells) > 1:  # a header row on one line, its cells apart by wide gaps
            if current:
                groups.append(" ".join(" ".join(current).split()))
                current = []
            groups.extend(cells)
            run = 0
            continue
        if ln.blank:
            if current and not (run == 1 and current):
                groups.append(" ".join(" ".join(current).split()))
                current = []
            run = 0
            continue
        run += 1
        current.append(ln.stripped)
        if not ln.trailing_space:
            groups.append(" ".join(" ".join(current).split()))
            current = []
    if current:
        groups.append(" ".join(" ".join(current).split()))
    return groups


def _columns(groups: list[str], n: int, split_names: bool = True) -> list[str]:
    if len(groups) < n:
        split: list[str] = []
        for g in groups:
            words = g.split()
            if len(words) > 1 and words[-1] in _HEADER_TOKENS:
                split.extend([" ".join(words[:-1]), words[-1]])
            else:
                split.append(g)
        groups = split
    if len(groups) == n:
        return groups
    if len(groups) == n + 1:
        return groups[1:]
    named = _capital_groups(" ".join(groups)) if split_names else []
    if len(named) in (n, n + 1):  # "RESIDENTIAL Children placed FTE Unit cost/week"
        return named[-n:]
    return []


def _capital_groups(header: str) -> list[str]:
    """A one-line header whose names are run together, split where a word starts with a
    capital ("Children placed", "FTE", "Unit cost/week"); a range broken over two lines is
    joined again ("Support days 09-" + "10")."""
    words = re.sub(r"(\d)- (\d)", r"\1-\2", header).split()
    groups: list[list[str]] = []
    depth = 0  # inside brackets a name goes on: "Children (Stat Neighbour)"
    for w in words:
        if not groups or (w[:1].isupper() and depth == 0):
            groups.append([w])
        else:
            groups[-1].append(w)
        depth = max(0, depth + w.count("(") - w.count(")"))
    return [" ".join(g) for g in groups]


def parse_table(lines: list[Line], i: int, skip: set[int], captioned: bool) -> tuple[RawBlock, int]:
    """Read a table starting at line `i` (its caption, or its first header line); returns the
    block and the index of the first line after it."""
    t = _Table()
    page = lines[i].page
    n = len(lines)
    if captioned:
        t.caption.append(lines[i].src.strip())
        i += 1
        while i < n:
            j = _next_content(lines, i, skip)
            if j >= n:
                break
            cap = " ".join(c.text for c in t.caption).split()
            nxt = lines[j]
            continues = nxt.stripped[:1].islower() or (
                cap and (cap[-1].lower() in _SMALL_END or cap[-1].isdigit())
            )
            if not continues or data_row(nxt.src) is not None:
                break
            t.caption.append(nxt.src.strip())
            i = j + 1
    # header fragments until the first row
    while i < n:
        ln = lines[i]
        if i in skip or ln.blank:
            t.header.append(ln) if ln.blank else None
            i += 1
            continue
        row = data_row(ln.src)
        if row is not None and _ends_header(lines, i, skip, row):
            break
        if _is_header_row(ln.stripped):
            break
        t.header.append(ln)
        i += 1
    pending: list[Line] = []
    while i < n:
        ln = lines[i]
        if i in skip or ln.blank:
            i += 1
            continue
        stripped = ln.stripped
        row = data_row(ln.src)
        if _is_header_row(stripped):
            t.rows.append(RawRow(cells=[c for c in ln.src.strip().tokens()], header=True))
            i += 1
            continue
        if row is not None and not CAPTION.match(stripped) and not _starts_paragraph(stripped, row):
            label_parts = [p.src.strip() for p in pending]
            if row.label is not None:
                label_parts.append(row.label)
            elif not label_parts and t.rows is not None and _header_label_needed(t, row):
                label_parts = []
            label = _join(label_parts) if label_parts else None
            t.rows.append(RawRow(label=label, cells=row.values))
            t.counts.append(len(row.values))
            pending = []
            i += 1
            continue
        # a text line: part of a row label that goes on over the next lines, or the end
        if _label_fragment(lines, i, skip):
            pending.append(ln)
            i += 1
            continue
        j = _next_content(lines, i + 1, skip)
        after = lines[j] if j < n else None
        # fragments after the rows ("Actual Results " + "2011/12 cohort") are header notes
        if (
            not pending
            and ln.trailing_space
            and word_count(stripped) <= 4
            and after is not None
            and not _BLOCK_START.match(after.stripped)
            and word_count(after.stripped) <= 4
            and not ends_sentence(after.stripped)
            and data_row(after.src) is None
        ):
            t.notes.append(_join([ln.src.strip(), after.src.strip()]))
            i = j + 1
            continue
        break
    if pending:
        i = pending[0].index
    footnote_at = _next_content(lines, i, skip)
    if footnote_at < n and lines[footnote_at].stripped.startswith("*"):
        t.notes.append(lines[footnote_at].src.strip())
        i = footnote_at + 1
    block = _to_block(t)
    block.page = page
    return block, i


def _header_label_needed(t: _Table, row: _Row) -> bool:
    return row.label is None


def _ends_header(lines: list[Line], i: int, skip: set[int], row: _Row) -> bool:
    """Whether a line with numbers is the first row rather than a header fragment ("2011",
    "SE 2010") or a label fragment ("year 11" before a line of values)."""
    if all(_YEAR.match(v.text.split("/")[0]) for v in row.values) and len(row.values) == 1:
        return False
    if row.label is not None and len(row.values) == 1:
        j = _next_content(lines, i + 1, skip)
        if j < len(lines):
            nxt = data_row(lines[j].src)
            if nxt is not None and nxt.label is None and len(nxt.values) > 1:
                return False
    return row.label is not None or len(row.values) > 1


def _label_fragment(lines: list[Line], i: int, skip: set[int]) -> bool:
    """A short text line that a later row completes: it ends in a space (the cell wraps), or the
    next line is a row of values only, or a row whose label goes on ("& Maths 3 9.4%")."""
    ln = lines[i]
    s = ln.stripped
    if word_count(s) > 10 or ends_sentence(s) or _BLOCK_START.match(s) or CAPTION.match(s):
        return False
    j = _next_content(lines, i + 1, skip)
    if j >= len(lines):
        return False
    nxt = lines[j]
    row = data_row(nxt.src)
    if row is not None and not _BLOCK_START.match(nxt.stripped):
        return (
            ln.trailing_space
            or row.label is None
            or nxt.stripped[:1] in "&("
            or nxt.stripped[:1].islower()
        )
    if ln.trailing_space and word_count(nxt.stripped) <= 6 and not ends_sentence(nxt.stripped):
        return _label_fragment(lines, j, skip)
    return False


def _starts_paragraph(stripped: str, row: _Row) -> bool:
    return bool(re.match(r"^\d{1,3}\.\s+[A-Z]", stripped)) and (
        row.label is not None and word_count(row.label.text) > 6
    )


def _next_content(lines: list[Line], i: int, skip: set[int]) -> int:
    while i < len(lines) and (lines[i].blank or i in skip):
        i += 1
    return i


def _join(parts: list[SrcText]) -> SrcText:
    out: list[SrcText] = []
    for k, p in enumerate(parts):
        if k:
            out.append(SrcText.marker(" ", p.start))
        out.append(p)
    return SrcText.join(out)


def _to_block(t: _Table) -> RawBlock:
    counts = Counter(t.counts)
    width = max(counts) if counts else 0
    header_lines = [ln for ln in t.header if not ln.blank]
    groups = _group_header(t.header)
    if t.rows and t.rows[0].label is None and not t.rows[0].header and len(groups) > width:
        # a values-only first row takes the last header group as its label (Table 5 shape)
        extra = groups[width:]
        groups = groups[:width]
        first = t.rows[0]
        label_lines = [ln for ln in header_lines if any(ln.stripped in g for g in extra)]
        if label_lines:
            first.label = _join([ln.src.strip() for ln in label_lines])
            header_lines = [ln for ln in header_lines if ln not in label_lines]
    # names run together on one line are split only when no header row of their own
    # ("No % % %") says the header has more levels than one
    columns = _columns(groups, width, not any(r.header for r in t.rows)) if width else []
    for row in t.rows:
        if not row.header:
            row.complete = len(row.cells) == width
    block_lines: list[SrcText] = []
    if t.caption:
        block_lines.append(_join(t.caption))
    if header_lines:
        block_lines.append(_join([ln.src.strip() for ln in header_lines]))
    caption = " ".join(" ".join(c.text.split()) for c in t.caption) or None
    return RawBlock(
        kind=BlockKind.TABLE,
        lines=block_lines,
        rows=t.rows,
        columns=columns,
        notes=t.notes,
        label=caption,
        page=next((ln.page for ln in t.header), None),
    )


def find_uncaptioned(lines: list[Line], skip: set[int], taken: set[int]) -> list[int]:
    """Start lines of tables with no caption: three or more rows of two or more values in a
    row, with their header lines (short lines that are not sentences) just above them."""
    starts: list[int] = []
    i, n = 0, len(lines)
    while i < n:
        if i in taken or i in skip or lines[i].blank:
            i += 1
            continue
        run = []
        j = i
        while j < n:
            if lines[j].blank or j in skip:
                j += 1
                continue
            r = data_row(lines[j].src)
            if (
                r is None
                or len(r.values) < 2
                or j in taken
                or _BLOCK_START.match(lines[j].stripped)
            ):
                break
            run.append(j)
            j += 1
        if len(run) >= 3:
            k = run[0] - 1
            top = run[0]
            while k >= 0:
                ln = lines[k]
                if ln.blank or k in skip:
                    k -= 1
                    continue
                s = ln.stripped
                if (
                    word_count(s) > 6
                    or s.endswith((".", ":", ";"))
                    # a numbered heading, but not a header fragment that ends in a period
                    # ("11 Budget 10-11")
                    or (re.match(r"^\d+(\.\d+)*\.?\s+[A-Z]", s) and not _PERIOD_END.search(s))
                    or k in taken
                ):
                    break
                top = k
                k -= 1
            starts.append(top)
            i = j
        else:
            i += 1
    return starts
