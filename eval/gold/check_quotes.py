#!/usr/bin/env python3
"""Check the scrutiny gold question set (eval/gold/questions.jsonl).

Standalone, stdlib only (Python 3.11+, uses tomllib). It

  * loads corpus/reports/manifest.toml and cuts every document out of its file by its
    `start` / `end` marker lines (a marker matches the first characters of a line after
    leading white space; `end` is exclusive);
  * normalises text: U+201F (‟, used as an apostrophe in the PDF text) -> U+2019 (’), then
    every run of white space -> one space;
  * checks that every evidence quote, normalised, occurs in its document's normalised text,
    and (stricter) that it lies inside one paragraph / list item / table row, is 5-40 words
    long and carries no page furniture, HTML tags, ``**`` markup or bullet glyphs;
  * checks the schema: exact field set, kinds, splits, unique ids, per-kind minimum counts,
    every kind in both splits, unanswerable questions empty, answers supported by the quotes;
  * prints a summary and exits 1 on any failure.

Usage:  python3 eval/gold/check_quotes.py [path/to/questions.jsonl]
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MANIFEST = ROOT / "corpus" / "reports" / "manifest.toml"
DEFAULT_QUESTIONS = HERE / "questions.jsonl"

FIELDS = [
    "id",
    "split",
    "kind",
    "question",
    "answer",
    "aliases",
    "items",
    "documents",
    "years",
    "evidence",
    "note",
]
MIN_PER_KIND = {
    "count": 12,
    "table": 12,
    "fact": 12,
    "list": 8,
    "reason": 8,
    "change": 12,
    "unanswerable": 14,
}
SPLITS = {"dev", "test"}
CORPUS_YEARS = {2008, 2011, 2012, 2023}
MIN_QUESTIONS = 90
MIN_WORDS, MAX_WORDS = 5, 40
# Dev may grow past half (it did, when test stopped telling changes apart on dev), but test
# keeps at least 40% of the questions.
DEV_SHARE = (0.30, 0.60)

BULLET_GLYPHS = ("\uf0b7", "•", "§")
# A line that starts a new list item / numbered paragraph inside a PDF-wrapped block.
ITEM_START = re.compile(r"^\s*(?:[•§\uf0b7]|-\s*\S|o\s|\d{1,2}\.\s|\d{1,2}\.\d|\([a-z]\)\s)")


def normalise(text: str) -> str:
    text = text.replace("\u201f", "\u2019")
    return re.sub(r"\s+", " ", text).strip()


def cut_document(lines: list[str], start: str | None, end: str | None) -> list[str]:
    """Return the lines of one document: from the `start` marker line (inclusive) to the
    `end` marker line (exclusive). Raises ValueError if a marker is missing."""
    first = 0
    if start is not None:
        hits = [i for i, line in enumerate(lines) if line.lstrip().startswith(start)]
        if not hits:
            raise ValueError(f"start marker {start!r} not found")
        first = hits[0]
    last = len(lines)
    if end is not None:
        hits = [
            i
            for i in range(first + (1 if start else 0), len(lines))
            if lines[i].lstrip().startswith(end)
        ]
        if not hits:
            raise ValueError(f"end marker {end!r} not found")
        last = hits[0]
    return lines[first:last]


def units_of(lines: list[str]) -> list[str]:
    """Split a document into units a quote must not cross.

    Markdown-ish files (one paragraph per line, some very long lines): every non-blank line
    is a unit (paragraph, list item or table row). PDF-extracted files (hard-wrapped lines):
    blocks between blank lines, further split where a line starts a list item / numbered
    paragraph or the previous line ends a list item with ';'."""
    if any(len(line) > 300 for line in lines):
        return [line for line in lines if line.strip()]
    units: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                units.append("\n".join(current))
                current = []
            continue
        if current and (ITEM_START.match(line) or current[-1].rstrip().endswith(";")):
            units.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        units.append("\n".join(current))
    return units


def load_documents() -> dict[str, dict]:
    manifest = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    docs: dict[str, dict] = {}
    for entry in manifest["documents"]:
        path = MANIFEST.parent / entry["file"]
        lines = path.read_text(encoding="utf-8").split("\n")
        doc_lines = cut_document(lines, entry.get("start"), entry.get("end"))
        docs[entry["id"]] = {
            "year": int(entry["year"]),
            "text": normalise("\n".join(doc_lines)),
            "units": [normalise(u) for u in units_of(doc_lines)],
            "n_lines": len(doc_lines),
        }
    return docs


def quote_problems(quote: str) -> list[str]:
    problems = []
    words = normalise(quote).split(" ")
    if not (MIN_WORDS <= len(words) <= MAX_WORDS):
        problems.append(f"quote has {len(words)} words (want {MIN_WORDS}-{MAX_WORDS})")
    if "**" in quote:
        problems.append("quote contains ** markup")
    if "<" in quote or ">" in quote:
        problems.append("quote contains an HTML tag character")
    if any(g in quote for g in BULLET_GLYPHS):
        problems.append("quote contains a bullet glyph")
    if re.match(r"^\s*(?:-|o\s)", quote):
        problems.append("quote starts with a list marker")
    if re.search(r"\b(?:CA10|DRAFT)\b", quote):
        problems.append("quote contains page furniture (CA10/DRAFT)")
    if quote != quote.strip():
        problems.append("quote has leading/trailing white space")
    return problems


def contains(haystacks: list[str], needle: str) -> bool:
    n = normalise(needle).casefold().rstrip(".")
    return any(n in normalise(h).casefold() for h in haystacks)


def main(argv: list[str]) -> int:
    qpath = Path(argv[1]) if len(argv) > 1 else DEFAULT_QUESTIONS
    errors: list[str] = []
    warnings: list[str] = []

    try:
        docs = load_documents()
    except (OSError, ValueError, KeyError, tomllib.TOMLDecodeError) as exc:
        print(f"FAIL: cannot load corpus: {exc}")
        return 1

    questions = []
    for n, raw in enumerate(qpath.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            errors.append(f"line {n}: blank line")
            continue
        try:
            questions.append((n, json.loads(raw)))
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: invalid JSON: {exc}")

    seen_ids: set[str] = set()
    kinds = Counter()
    by_kind_split = defaultdict(Counter)
    by_doc = Counter()
    n_quotes = 0

    for n, q in questions:
        qid = q.get("id", f"<line {n}>")
        where = f"{qid}"

        def err(msg: str) -> None:
            errors.append(f"{where}: {msg}")

        if not isinstance(q, dict):
            err("not a JSON object")
            continue
        if list(q.keys()) != FIELDS:
            if set(q.keys()) != set(FIELDS):
                err(f"fields {sorted(q.keys())} != {sorted(FIELDS)}")
                continue
            warnings.append(f"{where}: field order differs from the schema order")

        # --- scalar fields
        if not (isinstance(q["id"], str) and re.fullmatch(r"q\d{3}", q["id"])):
            err("id must look like q001")
        if q["id"] in seen_ids:
            err("duplicate id")
        seen_ids.add(q["id"])
        if q["split"] not in SPLITS:
            err(f"split {q['split']!r} not in {sorted(SPLITS)}")
        kind = q["kind"]
        if kind not in MIN_PER_KIND:
            err(f"kind {kind!r} unknown")
            continue
        if not (isinstance(q["question"], str) and q["question"].strip().endswith("?")):
            err("question must be a non-empty string ending with '?'")
        if not (isinstance(q["note"], str) and q["note"].strip()):
            err("note must be a non-empty string")
        not_lists = [
            f
            for f in ("aliases", "items", "documents", "years", "evidence")
            if not isinstance(q[f], list)
        ]
        if not_lists:
            err(f"{not_lists} must be lists")
            continue
        if not all(isinstance(a, str) and a.strip() for a in q["aliases"]):
            err("aliases must be non-empty strings")
        if not all(isinstance(i, str) and i.strip() for i in q["items"]):
            err("items must be non-empty strings")
        if not all(isinstance(y, int) and y in CORPUS_YEARS for y in q["years"]):
            err(f"years must be drawn from {sorted(CORPUS_YEARS)}")
        if len(set(q["years"])) != len(q["years"]):
            err("duplicate years")
        if len(set(q["documents"])) != len(q["documents"]):
            err("duplicate documents")
        for d in q["documents"]:
            if d not in docs:
                err(f"unknown document {d!r}")

        kinds[kind] += 1
        by_kind_split[kind][q["split"]] += 1

        # --- unanswerable questions are empty
        if kind == "unanswerable":
            if q["answer"] is not None:
                err("unanswerable: answer must be null")
            for field in ("aliases", "items", "evidence", "documents"):
                if q[field]:
                    err(f"unanswerable: {field} must be empty")
            continue

        # --- answerable questions
        if not (isinstance(q["answer"], str) and q["answer"].strip()):
            err("answer must be a non-empty string")
            continue
        if not q["documents"]:
            err("documents must not be empty")
        if not q["years"]:
            err("years must not be empty")
        doc_years = {docs[d]["year"] for d in q["documents"] if d in docs}
        if not doc_years <= set(q["years"]):
            err(f"years {q['years']} miss document years {sorted(doc_years)}")
        if "cabinet-2012-draft" in q["documents"] and "cabinet-2012" in q["documents"]:
            if q["documents"].index("cabinet-2012") > q["documents"].index("cabinet-2012-draft"):
                err("list cabinet-2012 before cabinet-2012-draft")
        for d in q["documents"]:
            by_doc[d] += 1

        if kind == "list":
            if len(q["items"]) < 2:
                err("list: needs at least 2 items")
        elif kind == "change":
            if len(q["items"]) < 2:
                err("change: needs at least 2 items")
        elif q["items"]:
            err(f"{kind}: items must be empty")

        if not q["evidence"]:
            err("evidence must not be empty")
        quotes_by_doc = defaultdict(list)
        for ev in q["evidence"]:
            if not (isinstance(ev, dict) and set(ev) == {"document_id", "quote"}):
                err(f"evidence entry {ev!r} must have exactly document_id and quote")
                continue
            d, quote = ev["document_id"], ev["quote"]
            n_quotes += 1
            if d not in docs:
                err(f"evidence: unknown document {d!r}")
                continue
            if d not in q["documents"]:
                err(f"evidence document {d!r} not listed in documents")
            if not isinstance(quote, str):
                err("evidence quote must be a string")
                continue
            for p in quote_problems(quote):
                err(f"{p}: {quote[:70]!r}")
            nq = normalise(quote)
            if nq not in docs[d]["text"]:
                err(f"quote not found in {d}: {quote[:90]!r}")
            elif not any(nq in u for u in docs[d]["units"]):
                err(f"quote crosses a paragraph/item/row boundary in {d}: {quote[:90]!r}")
            quotes_by_doc[d].append(quote)
        for d in q["documents"]:
            if d in docs and not quotes_by_doc.get(d):
                err(f"no evidence quote from listed document {d!r}")
        if kind == "change":
            ev_years = {docs[d]["year"] for d in quotes_by_doc if d in docs}
            if ev_years != doc_years:
                err(
                    f"change: evidence years {sorted(ev_years)} != document years {sorted(doc_years)}"
                )

        # --- the quotes must support the answer
        all_quotes = [qq for qs in quotes_by_doc.values() for qq in qs]
        if kind in ("count", "table", "fact"):
            if not any(contains(all_quotes, a) for a in [q["answer"], *q["aliases"]]):
                err(f"{kind}: neither answer nor any alias occurs in the evidence")
        if kind == "change":
            missing = [i for i in q["items"] if not contains(all_quotes, i)]
            if missing:
                err(f"change: items {missing} do not occur in the evidence")
        if kind == "list":
            missing = [i for i in q["items"] if not contains(all_quotes, i)]
            if len(missing) * 2 > len(q["items"]):
                err(f"list: most items missing from the evidence: {missing}")
            elif missing:
                warnings.append(f"{where}: list items not verbatim in evidence: {missing}")

    # --- whole-set checks
    total = sum(kinds.values())
    if total < MIN_QUESTIONS:
        errors.append(f"only {total} questions (want >= {MIN_QUESTIONS})")
    for kind, minimum in MIN_PER_KIND.items():
        if kinds[kind] < minimum:
            errors.append(f"kind {kind}: {kinds[kind]} questions (want >= {minimum})")
        for split in SPLITS:
            if by_kind_split[kind][split] == 0:
                errors.append(f"kind {kind} has no {split} question")
    n_dev = sum(c["dev"] for c in by_kind_split.values())
    if total and not (DEV_SHARE[0] <= n_dev / total <= DEV_SHARE[1]):
        errors.append(f"dev share {n_dev}/{total} outside {DEV_SHARE}")
    for d in docs:
        if by_doc[d] == 0:
            errors.append(f"document {d} has no question")

    # --- summary
    print(f"questions: {total}   evidence quotes: {n_quotes}   file: {qpath}")
    print(f"{'kind':<14}{'dev':>5}{'test':>6}{'total':>7}{'min':>5}")
    for kind, minimum in MIN_PER_KIND.items():
        c = by_kind_split[kind]
        print(f"{kind:<14}{c['dev']:>5}{c['test']:>6}{kinds[kind]:>7}{minimum:>5}")
    print(f"{'all':<14}{n_dev:>5}{total - n_dev:>6}{total:>7}")
    print("answerable questions per document:")
    for d in docs:
        print(f"  {d:<28}{by_doc[d]:>4}")
    for w in warnings:
        print(f"WARN  {w}")
    for e in errors:
        print(f"FAIL  {e}")
    print("OK" if not errors else f"{len(errors)} failure(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
