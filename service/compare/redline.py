"""Redline of two versions of a report: paragraphs aligned by content (so renumbering is not a
change), then added, removed, changed and moved paragraphs, with a word-level diff for the
changed ones. Differences only in white space, quote characters, bold marks or bullet glyphs
are reported apart, as formatting."""

from __future__ import annotations

import difflib
import re

from corpus.models import Document
from service.compare.models import Redline, RedlineChange, WordDiff
from service.compare.units import Unit, compact, paragraph_units, unit_cited
from service.engine import Engine

__all__ = ["redline", "redline_documents"]

MATCH_THRESHOLD = 60.0
_FOLD = str.maketrans("’‘“”", "''\"\"")
_TOKEN = re.compile(r"\S+")


def _similarity(a: list[Unit], b: list[Unit]) -> list[list[float]]:
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist

    def norm(u: Unit) -> str:
        return " ".join(u.text.translate(_FOLD).split())

    matrix = cdist([norm(u) for u in a], [norm(u) for u in b], scorer=fuzz.ratio, workers=1)
    return [[float(x) for x in row] for row in matrix]


def _match(a: list[Unit], b: list[Unit]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by similarity, same kinds only, best pairs first."""
    sim = _similarity(a, b)
    pairs = sorted(
        ((sim[i][j], i, j) for i in range(len(a)) for j in range(len(b)) if a[i].kind == b[j].kind),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[tuple[int, int]] = []
    for score, i, j in pairs:
        if score < MATCH_THRESHOLD:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j))
    return sorted(out)


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest run of pairs whose order agrees in both versions; the rest moved."""
    if not pairs:
        return set()
    seq = [j for _, j in pairs]
    best = [1] * len(seq)
    prev = [-1] * len(seq)
    for x in range(len(seq)):
        for y in range(x):
            if seq[y] < seq[x] and best[y] + 1 > best[x]:
                best[x], prev[x] = best[y] + 1, y
    end = max(range(len(seq)), key=lambda x: best[x])
    keep: set[tuple[int, int]] = set()
    while end != -1:
        keep.add(pairs[end])
        end = prev[end]
    return keep


def _word_diff(a: str, b: str) -> list[WordDiff]:
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    fold = _FOLD
    sm = difflib.SequenceMatcher(
        a=[t.translate(fold) for t in ta], b=[t.translate(fold) for t in tb], autojunk=False
    )
    ops: list[WordDiff] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            ops.append(WordDiff(op="equal", text=" ".join(tb[j1:j2])))
            continue
        if i2 > i1:
            ops.append(WordDiff(op="delete", text=" ".join(ta[i1:i2])))
        if j2 > j1:
            ops.append(WordDiff(op="insert", text=" ".join(tb[j1:j2])))
    return ops


def redline_documents(a: Document, b: Document) -> Redline:
    ua, ub = paragraph_units(a), paragraph_units(b)
    pairs = _match(ua, ub)
    ordered = _in_order(pairs)
    changes: list[RedlineChange] = []
    formatting: list[RedlineChange] = []
    unchanged = 0
    for i, j in pairs:
        x, y = ua[i], ub[j]
        same_content = compact(x.text) == compact(y.text)
        moved = (i, j) not in ordered
        if same_content and not moved:
            if " ".join(x.text.split()) != " ".join(y.text.split()) and x.kind != "table":
                formatting.append(
                    RedlineChange(
                        kind="changed",
                        a=unit_cited(a, x),
                        b=unit_cited(b, y),
                        a_paragraph=x.label,
                        b_paragraph=y.label,
                        formatting=True,
                    )
                )
            else:
                unchanged += 1
            continue
        changes.append(
            RedlineChange(
                kind="moved" if moved and same_content else "changed",
                a=unit_cited(a, x),
                b=unit_cited(b, y),
                a_paragraph=x.label,
                b_paragraph=y.label,
                words=[] if same_content else _word_diff(x.text, y.text),
            )
        )
    matched_a = {i for i, _ in pairs}
    matched_b = {j for _, j in pairs}
    for i, u in enumerate(ua):
        if i not in matched_a:
            changes.append(RedlineChange(kind="removed", a=unit_cited(a, u), a_paragraph=u.label))
    for j, u in enumerate(ub):
        if j not in matched_b:
            changes.append(RedlineChange(kind="added", b=unit_cited(b, u), b_paragraph=u.label))
    changes.sort(key=lambda c: c.b.start if c.b else (c.a.start if c.a else 0))
    return Redline(a=a.id, b=b.id, changes=changes, formatting=formatting, unchanged=unchanged)


def redline(engine: Engine, a: str, b: str) -> Redline:
    return redline_documents(engine.document(a), engine.document(b))
