"""Figures over time: the numeric facts of each document (value, unit, what it measures, the
period it refers to), and the measures of a lexicon paired across reports as cited series."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from corpus.models import Block, BlockKind, Document
from service.answer.candidates import sentences
from service.compare.models import FigureValue, Series
from service.engine import Engine

__all__ = ["Measure", "extract_figures", "figure_series", "load_measures", "measure_series"]

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_NUM = re.compile(r"(£\s?)?(\d[\d,]*(?:\.\d+)?)(\s?%|\s?per cent)?")
_PERIOD = re.compile(
    r"\b(?:(?:at|on|by|in|during|since|from|for)\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
    r"(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?\b"
)


@dataclass
class Measure:
    name: str
    unit: str
    aliases: list[str] = field(default_factory=list)
    patterns: list[tuple[re.Pattern[str], str | None]] = field(default_factory=list)
    rows: list[re.Pattern[str]] = field(default_factory=list)
    columns: str | None = None


def _pattern(entry: str | dict[str, str]) -> tuple[re.Pattern[str], str | None]:
    if isinstance(entry, str):
        return re.compile(entry, re.I), None
    return re.compile(entry["re"], re.I), entry.get("unit")


@lru_cache(maxsize=4)
def load_measures(path: Path | None = None) -> tuple[Measure, ...]:
    with (path or Path(__file__).with_name("measures.toml")).open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(
        Measure(
            name=m["name"],
            unit=m["unit"],
            aliases=m.get("aliases", []),
            patterns=[_pattern(p) for p in m.get("patterns", [])],
            rows=[re.compile(p, re.I) for p in m.get("rows", [])],
            columns=m.get("columns"),
        )
        for m in data["measure"]
    )


def _value(text: str) -> float | None:
    t = text.strip().lower().replace(",", "").replace("£", "").replace("%", "").strip()
    if t in _WORDS:
        return float(_WORDS[t])
    if "-" in t and all(p in _WORDS for p in t.split("-")):
        return float(sum(_WORDS[p] for p in t.split("-")))
    try:
        return float(t)
    except ValueError:
        return None


def _period_near(sentence: str, pos: int) -> str | None:
    best: tuple[int, str] | None = None
    for m in _PERIOD.finditer(sentence):
        dist = min(abs(m.start() - pos), abs(m.end() - pos))
        between = sentence[m.end() : pos] if m.end() <= pos else sentence[pos : m.start()]
        # "risen to 8.5% from under 1% in 2003": 2003 belongs to the other number
        if re.search(r"\d", between.lstrip("0123456789.,%£ ")):
            continue
        if dist <= 80 and (best is None or dist < best[0]):
            best = (dist, m.group().strip())
    return best[1] if best else None


def _unit_of(raw: str, sentence: str) -> str:
    if "%" in raw or "per cent" in raw:
        return "percent"
    if "£" in raw:
        return "gbp_per_week" if re.search(r"per week|/week|p\.w\.", sentence, re.I) else "gbp"
    return "count"


def _spans(doc: Document) -> list[tuple[Block, int, int]]:
    """Sentences of prose blocks and rows of tables, as (block, start, end)."""
    out: list[tuple[Block, int, int]] = []
    for b in doc.blocks:
        if b.kind in (BlockKind.HEADING, BlockKind.CONTENTS):
            continue
        if b.kind == BlockKind.TABLE:
            out.extend((b, r.start, r.end) for r in b.rows if not r.header)
            continue
        out.extend((b, s, e) for s, e in sentences(b.text, b.start))
    return out


def _fv(doc: Document, b: Block, s: int, e: int, **kw: object) -> FigureValue:
    return FigureValue(
        document_id=doc.id,
        year=doc.meta.year,
        section=b.section,
        paragraph=b.paragraph,
        page=b.page,
        start=s,
        end=e,
        quote=doc.text[s:e],
        **kw,  # type: ignore[arg-type]
    )


def extract_figures(doc: Document) -> list[FigureValue]:
    """Every number of a document that is not a year, with its sentence or row as context."""
    out: list[FigureValue] = []
    for b, s, e in _spans(doc):
        text = doc.text[s:e]
        if b.kind == BlockKind.TABLE:
            row = next(r for r in b.rows if r.start == s)
            for c in row.cells:
                v = _value(c.text)
                if v is None:
                    continue
                out.append(
                    _fv(
                        doc,
                        b,
                        s,
                        e,
                        value=v,
                        text=c.text,
                        unit=_unit_of(c.text, text),
                        measure=f"{row.label or ''} ({b.caption or 'table'})".strip(),
                        period=c.column,
                    )
                )
            continue
        for m in _NUM.finditer(text):
            raw = m.group()
            if re.fullmatch(r"(19|20)\d\d", m.group(2)) and not (m.group(1) or m.group(3)):
                continue
            if text[m.end() : m.end() + 1] in "/" or text[max(0, m.start() - 1) : m.start()] in "/":
                continue
            v = _value(m.group(2))
            if v is None:
                continue
            clause = re.split(r"[;,]\s", text[max(0, m.start() - 120) : m.end() + 120])
            out.append(
                _fv(
                    doc,
                    b,
                    s,
                    e,
                    value=v,
                    text=raw.strip(),
                    unit=_unit_of(raw, text),
                    measure=" ".join(max(clause, key=len).split())[:160],
                    period=_period_near(text, m.start()),
                )
            )
    return out


def measure_series(measure: Measure, docs: list[Document]) -> Series:
    values: list[FigureValue] = []
    for doc in docs:
        for b, s, e in _spans(doc):
            text = doc.text[s:e]
            if b.kind == BlockKind.TABLE:
                row = next(r for r in b.rows if r.start == s)
                if not any(p.search(row.label or "") for p in measure.rows):
                    continue
                for c in row.cells:
                    v = _value(c.text)
                    if v is None or (measure.columns and measure.columns not in (c.column or "")):
                        continue
                    values.append(
                        _fv(
                            doc,
                            b,
                            s,
                            e,
                            value=v,
                            text=c.text,
                            unit=_unit_of(c.text, text) if "%" in c.text else measure.unit,
                            measure=row.label or measure.name,
                            period=c.column,
                        )
                    )
                continue
            for p, literal_unit in measure.patterns:
                for m in p.finditer(text):
                    v = _value(m.group("v"))
                    if v is None:
                        continue
                    groups = m.groupdict()
                    unit = literal_unit or groups.get("unit") or measure.unit
                    values.append(
                        _fv(
                            doc,
                            b,
                            s,
                            e,
                            value=v,
                            text=m.group("v"),
                            unit=unit,
                            measure=" ".join(m.group().split()),
                            period=groups.get("p") or _period_near(text, m.start("v")),
                        )
                    )
    seen: set[tuple[str, int, float]] = set()
    unique = []
    for fv in sorted(values, key=lambda x: (x.year, x.start)):
        key = (fv.document_id, fv.start, fv.value)
        if key not in seen:
            seen.add(key)
            unique.append(fv)
    units = sorted({u.unit for u in unique})
    note = None
    if len(units) > 1:
        note = f"units differ ({', '.join(units)}): these values do not compare directly"
    return Series(measure=measure.name, unit=measure.unit, values=unique, note=note)


def _published(engine: Engine) -> list[Document]:
    return [d for d in engine.documents.values() if d.meta.status == "published"]


def figure_series(engine: Engine, measure: str | None = None) -> list[Series]:
    """Series of the lexicon's measures (those named by `measure`, matched loosely), over the
    published reports, each value cited; measures with no value are left out."""
    from rapidfuzz import fuzz

    measures = load_measures()
    if measure:
        scored = [
            (max(fuzz.WRatio(measure.lower(), n.lower()) for n in [m.name, *m.aliases]), m)
            for m in measures
        ]
        best = max(s for s, _ in scored)
        measures = tuple(m for s, m in scored if s >= max(60.0, best - 5))
    docs = _published(engine)
    series = [measure_series(m, docs) for m in measures]
    return [s for s in series if s.values]
