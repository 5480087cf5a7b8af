#!/usr/bin/env python3
"""Check the comparison gold files against the shipped corpus.

Standalone (Python 3.11, stdlib only). Run from anywhere:

    python3 eval/gold/check_comparison.py

It loads corpus/reports/manifest.toml, cuts every document out of its file by its
`start`/`end` marker lines, normalises the text (all whitespace collapsed to one space,
U+201F mapped to U+2019) and checks:

* eval/gold/alignment.jsonl - schema (each topic has a split, dev or test, with both splits
  used), allowed documents and years, quote rules (6-25 words,
  no page furniture / HTML / ** / bullet glyphs, no line breaks), every quote occurs in its
  document, the quote sits shortly after a line that starts with the unit number as printed,
  absent_years are consistent with the member years;
* eval/gold/redline.json - schema, every draft_quote occurs in the draft and every
  published_quote in the published report, the quoted wording really differs between the
  two versions, paragraph numbers exist in the right version.

Prints a summary and exits 1 on any failure.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # /work/main
CORPUS = ROOT / "corpus" / "reports"
MANIFEST = CORPUS / "manifest.toml"
ALIGNMENT = HERE / "alignment.jsonl"
REDLINE = HERE / "redline.json"

# The four published reports compared across years (drafts and forms are excluded).
COMPARED = {
    "cabinet-2008": 2008,
    "cabinet-2008-annex1": 2008,
    "placement-strategy-2011": 2011,
    "cabinet-2012": 2012,
    "corporate-parenting-2023": 2023,
}
YEARS = {2008, 2011, 2012, 2023}
DRAFT_ID, PUBLISHED_ID = "cabinet-2012-draft", "cabinet-2012"

MIN_WORDS, MAX_WORDS = 6, 25
MIN_TOPICS = 14
SPLITS = {"dev", "test"}  # tune alignment on dev topics, report test ones
# How far (in raw characters) after a unit's heading line its quote may start.
UNIT_WINDOW = 4000

BULLET_GLYPHS = "\uf0b7\uf0a7\uf0d8\uf0fc\u2022\u25aa\u25cf\u00a7\u2023\u25e6"
FURNITURE = re.compile(r"\b(CA10|DRAFT|COPY)\b")

errors: list[str] = []
warnings: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def warn(msg: str) -> None:
    warnings.append(msg)


# --------------------------------------------------------------------------- corpus
def norm(text: str) -> str:
    """The normalisation used for all matching: U+201F -> U+2019, whitespace collapsed."""
    return re.sub(r"\s+", " ", text.replace("\u201f", "\u2019")).strip()


def loose(text: str) -> str:
    """Stronger normalisation used only to test that two versions really differ in wording:
    quotes/apostrophes unified, ** and bullet glyphs dropped, whitespace removed."""
    t = norm(text)
    for ch in "\u2018\u2019\u201a\u201b\u2032\u00b4`":
        t = t.replace(ch, "'")
    for ch in "\u201c\u201d\u201e\u201f\u2033":
        t = t.replace(ch, '"')
    t = t.replace("**", "")
    for ch in BULLET_GLYPHS:
        t = t.replace(ch, "")
    return re.sub(r"\s+", "", t)


def cut(text: str, start: str | None, end: str | None) -> str:
    lines = text.splitlines(keepends=True)
    i0, i1 = 0, len(lines)
    if start is not None:
        hits = [i for i, ln in enumerate(lines) if ln.lstrip().startswith(start)]
        if not hits:
            raise ValueError(f"start marker {start!r} not found")
        i0 = hits[0]
    if end is not None:
        hits = [i for i, ln in enumerate(lines) if i > i0 and ln.lstrip().startswith(end)]
        if not hits:
            raise ValueError(f"end marker {end!r} not found")
        i1 = hits[0]
    return "".join(lines[i0:i1])


def load_corpus() -> tuple[dict, dict]:
    with open(MANIFEST, "rb") as fh:
        manifest = tomllib.load(fh)
    raw, meta = {}, {}
    for d in manifest["documents"]:
        text = (CORPUS / d["file"]).read_text(encoding="utf-8")
        try:
            raw[d["id"]] = cut(text, d.get("start"), d.get("end"))
        except ValueError as e:
            err(f"manifest: document {d['id']}: {e}")
            continue
        meta[d["id"]] = d
    return raw, meta


# --------------------------------------------------------------------------- helpers
def check_quote_text(where: str, q: str, word_limits: bool) -> None:
    if not isinstance(q, str) or not q.strip():
        err(f"{where}: quote must be a non-empty string")
        return
    if q != re.sub(r"\s+", " ", q).strip():
        err(f"{where}: quote contains line breaks, tabs or repeated/edge spaces")
    if "**" in q:
        err(f"{where}: quote contains ** markup")
    if re.search(r"</?[a-zA-Z][^>]*>", q):
        err(f"{where}: quote contains HTML tags")
    if any(ch in q for ch in BULLET_GLYPHS):
        err(f"{where}: quote contains a bullet glyph")
    if FURNITURE.search(q):
        err(f"{where}: quote contains page furniture ({FURNITURE.search(q).group(0)})")
    if word_limits:
        n = len(q.split())
        if not MIN_WORDS <= n <= MAX_WORDS:
            err(f"{where}: quote has {n} words (allowed {MIN_WORDS}-{MAX_WORDS})")


# A line that starts a new list item or numbered paragraph inside a wrapped block.
ITEM_START = re.compile(
    r"^[ \t]*(?:[\uf0b7\uf0a7\u2022\u00a7]|- ?\S|o\s|\d{1,2}\.\s|\d{1,2}\.\d|\([a-z]\)\s)"
)


def raw_pattern(quote: str) -> re.Pattern:
    parts = []
    for ch in norm(quote):
        if ch == " ":
            parts.append(r"\s+")
        elif ch == "\u2019":
            parts.append("[\u2019\u201f]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def crosses_boundary(raw_doc: str, quote: str) -> bool:
    """True if every occurrence of the quote in the raw text spans a paragraph break
    (blank line followed by a new item), a new list item or a table cell boundary."""
    hits = list(raw_pattern(quote).finditer(raw_doc))
    if not hits:
        return False
    for m in hits:
        span = m.group(0)
        inner_lines = span.split("\n")[1:]
        if "\t" in span:
            continue
        if any(ITEM_START.match(ln) for ln in inner_lines):
            continue
        return False
    return True


def unit_line_offsets(raw_doc: str, unit: str) -> list[int]:
    """Offsets of lines that start (after white space) with the unit label as printed:
    '25' matches '25. ...' or '22 Young ...'; '2.5' matches '2.5 ...' or '2.5. ...';
    'Objective 3' matches 'Objective 3 - ...'."""
    if unit.startswith("Objective"):
        pat = re.compile(r"^[ \t]*" + re.escape(unit) + r"\b", re.M)
    else:
        pat = re.compile(r"^[ \t]*" + re.escape(unit) + r"(?=\.|\s|$)", re.M)
    return [m.start() for m in pat.finditer(raw_doc)]


def quote_after_unit(raw_doc: str, unit: str, quote: str) -> tuple[bool, bool]:
    """(unit label found, quote found within UNIT_WINDOW characters after it)."""
    offs = unit_line_offsets(raw_doc, unit)
    if not offs:
        return False, False
    nq = norm(quote)
    return True, any(nq in norm(raw_doc[o : o + UNIT_WINDOW]) for o in offs)


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# --------------------------------------------------------------------------- alignment
def check_alignment(raw: dict, normed: dict) -> dict:
    stats = {"topics": 0, "members": 0, "per_topic": {}, "splits": Counter()}
    if not ALIGNMENT.exists():
        err(f"missing {ALIGNMENT}")
        return stats
    seen_topics = set()
    lines = ALIGNMENT.read_text(encoding="utf-8").splitlines()
    for ln_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where0 = f"alignment.jsonl:{ln_no}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{where0}: invalid JSON ({e})")
            continue
        if not isinstance(rec, dict):
            err(f"{where0}: not a JSON object")
            continue
        expected = {"topic", "split", "label", "members", "absent_years", "change"}
        if set(rec) != expected:
            err(f"{where0}: keys {sorted(rec)} != {sorted(expected)}")
        tid = rec.get("topic")
        where0 = f"alignment.jsonl:{ln_no} [{tid}]"
        if not isinstance(tid, str) or not tid:
            err(f"{where0}: topic must be a non-empty string")
        elif tid in seen_topics:
            err(f"{where0}: duplicate topic id")
        seen_topics.add(tid)
        for k in ("label", "change"):
            if not isinstance(rec.get(k), str) or not rec.get(k, "").strip():
                err(f"{where0}: {k} must be a non-empty string")
        if rec.get("split") not in SPLITS:
            err(f"{where0}: split {rec.get('split')!r} must be one of {sorted(SPLITS)}")
        else:
            stats["splits"][rec["split"]] += 1
        members = rec.get("members")
        if not isinstance(members, list) or not members:
            err(f"{where0}: members must be a non-empty list")
            members = []
        absent = rec.get("absent_years")
        if not isinstance(absent, list) or not all(
            isinstance(y, int) and not isinstance(y, bool) for y in absent
        ):
            err(f"{where0}: absent_years must be a list of ints")
            absent = []
        per_year = Counter()
        seen_members = set()
        for j, mem in enumerate(members):
            where = f"{where0} member {j}"
            if not isinstance(mem, dict):
                err(f"{where}: not an object")
                continue
            mkeys = {"document_id", "year", "unit", "quote"}
            if set(mem) != mkeys:
                err(f"{where}: keys {sorted(mem)} != {sorted(mkeys)}")
            doc, year, unit, q = (
                mem.get("document_id"),
                mem.get("year"),
                mem.get("unit"),
                mem.get("quote"),
            )
            if doc not in COMPARED:
                err(
                    f"{where}: document_id {doc!r} is not one of the compared published reports {sorted(COMPARED)}"
                )
                continue
            if doc not in raw:
                err(f"{where}: document {doc!r} could not be loaded")
                continue
            if not isinstance(year, int) or isinstance(year, bool) or year != COMPARED[doc]:
                err(f"{where}: year {year!r} does not match {doc} ({COMPARED[doc]})")
            if not isinstance(unit, str) or not unit.strip():
                err(f"{where}: unit must be a non-empty string")
                continue
            check_quote_text(where, q, word_limits=True)
            if not isinstance(q, str):
                continue
            key = (doc, unit, q)
            if key in seen_members:
                err(f"{where}: duplicate member {doc} {unit}")
            seen_members.add(key)
            nq = norm(q)
            count = normed[doc].count(nq)
            if count == 0:
                err(f"{where}: quote not found in {doc}: {q!r}")
                continue
            if count > 1:
                warn(f"{where}: quote occurs {count} times in {doc}")
            if crosses_boundary(raw[doc], q):
                err(f"{where}: quote crosses a paragraph, list-item or table-cell boundary")
            found_unit, near = quote_after_unit(raw[doc], unit, q)
            if not found_unit:
                err(f"{where}: no line starting with unit {unit!r} in {doc}")
            elif not near:
                err(f"{where}: quote is not near the start of unit {unit!r} in {doc}")
            per_year[COMPARED[doc]] += 1
        for y in absent:
            if y not in YEARS:
                err(f"{where0}: absent year {y} is not one of {sorted(YEARS)}")
            if per_year.get(y):
                err(f"{where0}: year {y} is listed as absent but has members")
        if len(set(absent)) != len(absent):
            err(f"{where0}: duplicate absent_years")
        missing = YEARS - set(per_year) - set(absent)
        if missing:
            err(
                f"{where0}: years {sorted(missing)} have no members and are not listed in absent_years"
            )
        stats["topics"] += 1
        stats["members"] += sum(per_year.values())
        stats["per_topic"][tid] = (per_year, sorted(absent))
    if stats["topics"] < MIN_TOPICS:
        err(f"alignment.jsonl: {stats['topics']} topics, at least {MIN_TOPICS} required")
    for name in sorted(SPLITS):
        if not stats["splits"][name]:
            err(f"alignment.jsonl: no topic has split {name!r} (tune on dev, report test)")
    return stats


# --------------------------------------------------------------------------- redline
def check_redline(raw: dict, normed: dict) -> dict:
    stats = Counter()
    if not REDLINE.exists():
        err(f"missing {REDLINE}")
        return stats
    try:
        data = json.loads(REDLINE.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        err(f"redline.json: invalid JSON ({e})")
        return stats
    if not isinstance(data, dict):
        err("redline.json: top level must be an object")
        return stats
    if set(data) != {"a", "b", "changes", "formatting"}:
        err(f"redline.json: keys {sorted(data)} != ['a', 'b', 'changes', 'formatting']")
    if data.get("a") != DRAFT_ID or data.get("b") != PUBLISHED_ID:
        err(f"redline.json: a/b must be {DRAFT_ID!r}/{PUBLISHED_ID!r}")
    fmt = data.get("formatting")
    if (
        not isinstance(fmt, list)
        or not fmt
        or not all(isinstance(s, str) and s.strip() for s in fmt)
    ):
        err("redline.json: formatting must be a non-empty list of strings")
    changes = data.get("changes")
    if not isinstance(changes, list) or not changes:
        err("redline.json: changes must be a non-empty list")
        return stats
    draft_raw, pub_raw = raw.get(DRAFT_ID, ""), raw.get(PUBLISHED_ID, "")
    draft_n, pub_n = normed.get(DRAFT_ID, ""), normed.get(PUBLISHED_ID, "")
    draft_loose, pub_loose = loose(draft_raw), loose(pub_raw)
    keys = {
        "kind",
        "draft_paragraph",
        "published_paragraph",
        "draft_quote",
        "published_quote",
        "description",
        "minor",
    }
    seen = set()
    for i, ch in enumerate(changes):
        where = f"redline.json change {i}"
        if not isinstance(ch, dict):
            err(f"{where}: not an object")
            continue
        if set(ch) != keys:
            err(f"{where}: keys {sorted(ch)} != {sorted(keys)}")
        kind = ch.get("kind")
        if kind not in ("added", "removed", "changed"):
            err(f"{where}: kind {kind!r} must be added/removed/changed")
            continue
        if not isinstance(ch.get("minor"), bool):
            err(f"{where}: minor must be a boolean")
        if not isinstance(ch.get("description"), str) or not ch["description"].strip():
            err(f"{where}: description must be a non-empty string")
        dp, pp = ch.get("draft_paragraph"), ch.get("published_paragraph")
        dq, pq = ch.get("draft_quote"), ch.get("published_quote")
        for name, v in (
            ("draft_paragraph", dp),
            ("published_paragraph", pp),
            ("draft_quote", dq),
            ("published_quote", pq),
        ):
            if v is not None and not isinstance(v, str):
                err(f"{where}: {name} must be a string or null")
        need_d = kind in ("removed", "changed")
        need_p = kind in ("added", "changed")
        if need_d and dq is None:
            err(f"{where}: {kind} change needs a draft_quote")
        if not need_d and dq is not None:
            err(f"{where}: added change must have draft_quote null")
        if need_p and pq is None:
            err(f"{where}: {kind} change needs a published_quote")
        if not need_p and pq is not None:
            err(f"{where}: removed change must have published_quote null")
        if need_d and dp is None:
            err(f"{where}: {kind} change needs a draft_paragraph")
        if need_p and pp is None:
            err(f"{where}: {kind} change needs a published_paragraph")
        # quotes occur in their own version
        if isinstance(dq, str):
            check_quote_text(where + " draft_quote", dq, word_limits=False)
            c = draft_n.count(norm(dq))
            if c == 0:
                err(f"{where}: draft_quote not found in {DRAFT_ID}: {dq!r}")
            elif c > 1:
                warn(f"{where}: draft_quote occurs {c} times in {DRAFT_ID}")
            if crosses_boundary(draft_raw, dq):
                err(f"{where}: draft_quote crosses a paragraph, list-item or table-cell boundary")
            if isinstance(dp, str):
                found, near = quote_after_unit(draft_raw, dp, dq)
                if not found:
                    err(f"{where}: no paragraph {dp!r} in {DRAFT_ID}")
                elif not near:
                    err(f"{where}: draft_quote is not inside draft paragraph {dp!r}")
        if isinstance(pq, str):
            check_quote_text(where + " published_quote", pq, word_limits=False)
            c = pub_n.count(norm(pq))
            if c == 0:
                err(f"{where}: published_quote not found in {PUBLISHED_ID}: {pq!r}")
            elif c > 1:
                warn(f"{where}: published_quote occurs {c} times in {PUBLISHED_ID}")
            if crosses_boundary(pub_raw, pq):
                err(
                    f"{where}: published_quote crosses a paragraph, list-item or table-cell boundary"
                )
            if isinstance(pp, str):
                found, near = quote_after_unit(pub_raw, pp, pq)
                if not found:
                    err(f"{where}: no paragraph {pp!r} in {PUBLISHED_ID}")
                elif not near:
                    err(f"{where}: published_quote is not inside published paragraph {pp!r}")
        if isinstance(dp, str) and not need_d and not unit_line_offsets(draft_raw, dp):
            err(f"{where}: no paragraph {dp!r} in {DRAFT_ID}")
        if isinstance(pp, str) and not need_p and not unit_line_offsets(pub_raw, pp):
            err(f"{where}: no paragraph {pp!r} in {PUBLISHED_ID}")
        # the quoted wording must really differ between the versions (beyond formatting)
        if isinstance(dq, str) and need_d and loose(dq) in pub_loose:
            err(
                f"{where}: draft_quote also occurs in the published version (ignoring formatting) - not a difference"
            )
        if isinstance(pq, str) and need_p and loose(pq) in draft_loose:
            err(
                f"{where}: published_quote also occurs in the draft (ignoring formatting) - not a difference"
            )
        if kind == "changed" and isinstance(dq, str) and isinstance(pq, str):
            if loose(dq) == loose(pq):
                err(f"{where}: draft_quote and published_quote differ only in formatting")
            elif (
                ch.get("minor") is True and edit_distance(loose(dq).lower(), loose(pq).lower()) > 2
            ):
                warn(
                    f"{where}: marked minor but differs by more than letter case or a one-character typo"
                )
        sig = (kind, dp, pp, dq, pq)
        if sig in seen:
            err(f"{where}: duplicate change")
        seen.add(sig)
        stats[kind] += 1
        if ch.get("minor") is True:
            stats["minor"] += 1
    return stats


# --------------------------------------------------------------------------- main
def main() -> int:
    raw, meta = load_corpus()
    normed = {k: norm(v) for k, v in raw.items()}
    for doc, year in COMPARED.items():
        if doc in meta and meta[doc].get("year") != year:
            err(f"manifest: {doc} has year {meta[doc].get('year')}, expected {year}")
    for doc in (DRAFT_ID, PUBLISHED_ID):
        if doc not in raw:
            err(f"manifest: document {doc} missing")

    a = check_alignment(raw, normed)
    r = check_redline(raw, normed)

    print("Documents:")
    for k, v in raw.items():
        print(f"  {k:26s} {len(normed[k]):7d} chars")
    print(
        f"\nalignment.jsonl: {a['topics']} topics ({a['splits']['dev']} dev, "
        f"{a['splits']['test']} test), {a['members']} members"
    )
    print(f"  {'topic':22s} " + " ".join(f"{y:>5d}" for y in sorted(YEARS)))
    for tid, (per_year, absent) in a["per_topic"].items():
        cells = []
        for y in sorted(YEARS):
            cells.append(f"{'-' if y in absent else per_year.get(y, 0):>5}")
        print(f"  {tid!s:22s} " + " ".join(cells))
    print("  ('-' = year listed in absent_years)")
    print(
        f"\nredline.json: {sum(r[k] for k in ('added', 'removed', 'changed'))} changes "
        f"(added {r['added']}, removed {r['removed']}, changed {r['changed']}; minor {r['minor']})"
    )

    for w in warnings:
        print(f"WARNING: {w}")
    if errors:
        print(f"\nFAILED with {len(errors)} error(s):")
        for e in errors:
            print(f"  ERROR: {e}")
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
