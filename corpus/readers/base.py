"""What every reader shares: the protocol, source lines, and the small tests of a line's shape."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from corpus.assemble import SrcText
from corpus.models import Document, DocumentMeta

__all__ = [
    "Line",
    "Reader",
    "ends_sentence",
    "furniture_lines",
    "furniture_tokens",
    "is_label_value",
    "is_title_like",
    "signature_lines",
    "split_lines",
    "word_count",
]


class Reader(Protocol):
    """Turns one source (bytes) into a structured `Document`."""

    name: str

    def accepts(self, suffix: str, head: bytes) -> bool:
        """Whether this reader can read a file with this suffix and first bytes."""
        ...

    def read(self, meta: DocumentMeta, data: bytes) -> Document: ...


@dataclass
class Line:
    src: SrcText  # the whole line, without its newline
    index: int
    page: int | None = None

    @property
    def text(self) -> str:
        return self.src.text

    @property
    def stripped(self) -> str:
        return self.src.text.strip()

    @property
    def blank(self) -> bool:
        return not self.src.text.strip()

    @property
    def trailing_space(self) -> bool:
        return self.src.text.endswith((" ", "\t")) and bool(self.stripped)


def split_lines(text: str, base: int = 0, pages: bool = True) -> list[Line]:
    """Lines with source offsets; a run of three or more empty lines (PDF extraction's page
    gap) starts a new page. Pages stay None when the text shows no page gap."""
    lines: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        lines.append(Line(SrcText.at(raw, base + pos), i))
        pos += len(raw) + 1
    if not pages:
        return lines
    page, empty, breaks = 1, 0, 0
    for line in lines:
        if line.text == "":
            empty += 1
            continue
        if empty >= 3:
            page += 1
            breaks += 1
        empty = 0
        line.page = page
    if breaks == 0:
        for line in lines:
            line.page = None
    return lines


def furniture_tokens(text: str, declared: list[str]) -> set[str]:
    """Running page furniture of a whole file: declared markers ("DRAFT"), and item codes
    ("CA10") that stand alone on a line two or more times."""
    counts = Counter(
        s
        for s in (raw.strip() for raw in text.split("\n"))
        if re.fullmatch(r"[A-Z]{1,4}\d{1,4}", s)
    )
    return set(declared) | {t for t, n in counts.items() if n >= 2}


def furniture_lines(lines: list[Line], tokens: set[str]) -> set[int]:
    return {ln.index for ln in lines if ln.stripped and ln.stripped in tokens}


_SMALL = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "&",
    "-",
    "–",
    "vs",
    "per",
    "via",
    "its",
    "their",
    "our",
}


def word_count(text: str) -> int:
    return len(text.split())


def is_title_like(text: str) -> bool:
    """Capitalised like a heading: every word that is not a small word starts with a capital,
    a digit or a bracket, or the line starts with an all-capital word."""
    words = [w.strip("()“”\"'‘’,:;.") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return False
    if len(words[0]) > 1 and words[0].isupper() and words[0].isalpha():
        return True
    return all(w.lower() in _SMALL or not w[0].isalpha() or w[0].isupper() for w in words)


_LABEL_VALUE = re.compile(r"^[A-Z][\w ()’'&/-]{1,40}:\s+\S")


def is_label_value(text: str) -> bool:
    """'Contact Officer: Matthew Edwards, ... (01865) 323097', 'Background papers: None': a
    line of content, not a heading ('Part A: Basic Information' is a heading)."""
    s = text.strip()
    if not _LABEL_VALUE.match(s):
        return False
    return not is_title_like(s) or bool(re.search(r"\d{4,}|,", s))


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", ";", ")", "”", '"', "'", "’"))


_SIGNATORY = re.compile(r"^[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*){1,3}$")


def _is_signatory(text: str) -> bool:
    """A name in capitals on a line of its own ("JIM LEIVERS"), as a council report is signed
    above the signatory's job title."""
    return bool(_SIGNATORY.match(text.strip()))


def _is_signatory_role(text: str, first: bool = True) -> bool:
    """A job title under a signatory's name ("Director for Children's Services", "Head of
    Service, Children and Families") or, after the first, a directorate line ("Children, Young
    People & Families"): capitalised like a title, not a sentence or a field."""
    s = text.strip()
    return (
        1 <= word_count(s) <= 10
        and not s.endswith((".", ":", ";"))
        and not is_label_value(s)
        and is_title_like(s)
        and (not first or bool(_JOB.search(s)))
    )


_JOB = re.compile(
    r"\b(?:Director|Head|Manager|Officer|Chief|Executive|Leader|Chair(?:man)?|Deputy|"
    r"Assistant|Cabinet Member|Commissioner|Lead Member)\b"
)


def signature_lines(lines: list[Line], i: int, skip: set[int]) -> int:
    """How many lines from `lines[i]` on make one signature block: a name in capitals and
    the job title (and directorate) printed straight under it, else 0."""
    if not _is_signatory(lines[i].stripped):
        return 0
    n = 1
    while n <= 2 and i + n < len(lines) and i + n not in skip:
        nxt = lines[i + n]
        if nxt.blank or not _is_signatory_role(nxt.stripped, first=n == 1):
            break
        n += 1
    return n if n > 1 else 0
