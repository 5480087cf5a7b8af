"""The metrics of the evaluation harness, as pure functions (no index, no I/O).

Evidence matching: a passage *contains* an evidence quote when the normalised quote is a
substring of the normalised passage, or when rapidfuzz `partial_ratio` between them is at least
FUZZY_THRESHOLD (and the passage is at least as long as the quote, so that a short passage lying
inside a long quote does not count).

Answer correctness is never SQuAD-normalised: numbers are compared as numbers, text by
normalised containment on word boundaries.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol

from rapidfuzz import fuzz

__all__ = [
    "FUZZY_THRESHOLD",
    "IR_METRICS",
    "Number",
    "QuotedSpan",
    "answer_correct",
    "candidate_matches",
    "citation_valid",
    "contains",
    "contains_normalised",
    "coverage",
    "extract_numbers",
    "hit_at_k",
    "locate",
    "mean",
    "normalise",
    "percentile",
    "ranked_scores",
    "recall_at_k",
    "years_covered",
]

FUZZY_THRESHOLD = 90.0
"""rapidfuzz partial_ratio (0-100) from which a passage counts as containing a quote."""

IR_METRICS: tuple[str, ...] = ("mrr", "ndcg@10")
"""The rank metrics computed by ranx."""


class QuotedSpan(Protocol):
    """A quote of a document at a span: a citation, an alignment member, a redline side."""

    @property
    def document_id(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def quote(self) -> str: ...


# ------------------------------------------------------------------------ normalisation
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": "'",
        "\u201d": "'",
        "\u201e": "'",
        "\u201f": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        '"': "'",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """casefold, every quote mark (straight, curly, U+201F) -> ', drop `**`, collapse white
    space. Nothing else: punctuation, articles and numbers stay as they are."""
    text = text.replace("**", "").translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


_QUOTE_CHARS = "".join(map(chr, _QUOTES)) + "'"


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """The span of `text` that is `quote` as `normalise` reads them (any case, any run of
    white space, any quote mark, bold markers ignored), or None: where a gold quote written
    on one line sits in a table laid out over several."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.replace("**", "").split()
    if not words:
        return None
    marks = f"[{re.escape(_QUOTE_CHARS)}]"
    parts = ["".join(marks if ch in _QUOTE_CHARS else re.escape(ch) for ch in w) for w in words]
    m = re.search(r"(?:\s|\*\*)+".join(parts), text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def contains_normalised(passage: str, quote: str) -> bool:
    """`contains` for texts already passed through `normalise`."""
    if not quote:
        return False
    if quote in passage:
        return True
    if len(passage) < len(quote):
        return False
    return fuzz.partial_ratio(quote, passage, score_cutoff=FUZZY_THRESHOLD) >= FUZZY_THRESHOLD


def contains(passage: str, quote: str) -> bool:
    """Does the passage contain the evidence quote (normalised substring or fuzzy match)?"""
    return contains_normalised(normalise(passage), normalise(quote))


# ------------------------------------------------------------------------ retrieval
def coverage(passages: Sequence[str], quotes: Sequence[str]) -> list[frozenset[int]]:
    """For each ranked passage, the indexes of the evidence quotes it contains."""
    nq = [normalise(q) for q in quotes]
    out = []
    for p in passages:
        np_ = normalise(p)
        out.append(frozenset(i for i, q in enumerate(nq) if contains_normalised(np_, q)))
    return out


def hit_at_k(cov: Sequence[Collection[int]], k: int) -> float:
    """1.0 when any of the top-k passages contains any evidence quote, else 0.0."""
    return 1.0 if any(cov[:k]) else 0.0


def recall_at_k(cov: Sequence[Collection[int]], n_quotes: int, k: int) -> float:
    """Fraction of the evidence quotes contained in at least one of the top-k passages."""
    if n_quotes <= 0:
        return 0.0
    found: set[int] = set()
    for c in cov[:k]:
        found.update(c)
    return len(found) / n_quotes


def years_covered(passage_years: Sequence[int], gold_years: Iterable[int], k: int = 10) -> float:
    """1.0 when every gold year is the year of at least one of the top-k passages."""
    present = set(passage_years[:k])
    return 1.0 if all(y in present for y in gold_years) else 0.0


def ranked_scores(
    qrels: Mapping[str, Collection[str]],
    run: Mapping[str, Sequence[str]],
    metrics: Sequence[str] = IR_METRICS,
) -> dict[str, dict[str, float]]:
    """Per-question rank metrics computed by ranx: `qrels` maps a question to the ids of its
    relevant passages (binary relevance), `run` to the ids it retrieved, best first.
    A question with no relevant passage, or no retrieved one, scores 0 (ranx cannot judge it).
    Returns {question id: {metric: value}}."""
    out = {qid: dict.fromkeys(metrics, 0.0) for qid in run}
    judged = [qid for qid in run if qrels.get(qid) and run[qid]]
    if not judged:
        return out
    with warnings.catch_warnings():
        # numba warns about integer casts inside ranx; pytest turns warnings into errors.
        warnings.simplefilter("ignore")
        from ranx import Qrels, Run, evaluate

        q = Qrels({qid: dict.fromkeys(qrels[qid], 1) for qid in judged})
        # Scores 1/rank keep the system's order exactly (no ties).
        r = Run({qid: {d: 1.0 / i for i, d in enumerate(_unique(run[qid]), 1)} for qid in judged})
        evaluate(q, r, list(metrics), make_comparable=True)
    for m in metrics:
        for qid, value in r.scores[m].items():
            out[qid][m] = float(value)
    return out


def _unique(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ids))


# ------------------------------------------------------------------------ answers
@dataclass(frozen=True)
class Number:
    value: Decimal
    percent: bool = False


_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(?:\s*(%|per\s?cent\b|percent\b))?"
    r"(?:\s*(million|billion)\b)?",
    re.IGNORECASE,
)
_SCALE = {"million": Decimal(1_000_000), "billion": Decimal(1_000_000_000)}
_NUMBER_ONLY_REST = re.compile(r"[\s£$€.,;:()~≈-]*")


def extract_numbers(text: str) -> list[Number]:
    """Numbers as values: '1,200' -> 1200, '£853' -> 853, '25 %' / '25 per cent' -> 25 (percent),
    '12.5' -> 12.5 (never 125), '£1.3 million' -> 1300000."""
    out = []
    for m in _NUMBER.finditer(text):
        try:
            value = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
        if m.group(4):
            value *= _SCALE[m.group(4).lower()]
        out.append(Number(value, percent=bool(m.group(3))))
    return out


def _numbers_present(gold: Sequence[Number], system: Sequence[Number]) -> bool:
    """Every gold number appears among the system's (a gold percentage needs a percentage)."""
    return all(
        any(s.value == g.value and (s.percent or not g.percent) for s in system) for g in gold
    )


def _is_number_only(text: str) -> bool:
    return _NUMBER_ONLY_REST.fullmatch(_NUMBER.sub(" ", text)) is not None


def _canonical(text: str) -> str:
    """normalise, then write numbers one way: no thousands commas, '25 per cent' -> '25%'."""
    t = normalise(text)
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    t = re.sub(r"(?<=\d)\s*(?:per\s?cent|percent)\b", "%", t)
    return re.sub(r"(?<=\d)\s+%", "%", t)


def _text_contained(system: str, candidate: str) -> bool:
    cand = _canonical(candidate).rstrip(".").strip()
    if not cand:
        return False
    pattern = r"(?<!\w)" + re.escape(cand) + r"(?!\w)"
    return re.search(pattern, _canonical(system)) is not None


def candidate_matches(system: str, candidate: str, numeric: bool = False) -> bool:
    """Does the system answer state this gold answer / alias / item?

    A candidate that is only a number (with currency or %), or any candidate holding a number
    when `numeric` (count and table questions), matches when all its numbers appear in the
    system answer as numbers. Any other candidate matches by normalised containment on word
    boundaries."""
    nums = extract_numbers(candidate)
    if nums and (numeric or _is_number_only(candidate)):
        return _numbers_present(nums, extract_numbers(system))
    return _text_contained(system, candidate)


def answer_correct(
    kind: str,
    candidates: Sequence[str],
    items: Sequence[str],
    system: str | None,
    evidence: Sequence[str] = (),
) -> bool:
    """Correctness of one system answer against the gold answer.

    list: at least half of the items appear; change: all items appear; count and table: the
    answer or an alias matches with numbers compared as numbers; others: the answer or an
    alias is contained (normalised) in the system answer. A reason is also correct when the
    answer quotes a whole gold evidence quote (normalised, no fuzzy matching): the reports'
    own statement of the reason is the answer, whatever words the gold paraphrase uses."""
    if not system or not system.strip():
        return False
    if kind in ("list", "change") and items:
        found = sum(candidate_matches(system, i) for i in items)
        return found == len(items) if kind == "change" else 2 * found >= len(items)
    numeric = kind in ("count", "table")
    if any(candidate_matches(system, c, numeric=numeric) for c in candidates):
        return True
    said = normalise(system)
    return kind == "reason" and any(normalise(e) in said for e in evidence if e.strip())


def citation_valid(document_text: str | None, start: int, end: int, quote: str) -> bool:
    """A citation is valid when its quote is exactly the document's text[start:end]."""
    if document_text is None or not 0 <= start < end <= len(document_text):
        return False
    return document_text[start:end] == quote


# ------------------------------------------------------------------------ aggregation
def mean(values: Iterable[float]) -> float:
    vals = list(values)
    return sum(vals) / len(vals) if vals else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between closest ranks."""
    if not values:
        return math.nan
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
