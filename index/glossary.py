"""Vocabulary drift: acronyms mined from the corpus itself ("Looked After Children (LAC)") and
era synonyms (a data file), used to expand lexical queries and shown by `scrutiny glossary`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from corpus.models import Document

__all__ = ["SYNONYMS", "Glossary", "Variant", "any_of", "mentions", "mine_acronyms"]

SYNONYMS = Path(__file__).with_name("synonyms.toml")

_PAREN = re.compile(
    r"((?:[A-Z][\w’'&-]*\s+){0,2}(?:[\w’'&-]+\s+){0,6}[\w’'&-]+)\s+\((?P<acr>[A-Z][A-Za-z&]{1,7}?)s?\)"
)
# the other order: "EHCP (Education, Health and Care Plan)", or "SDQs (Strengths & Difficulties
# Questionnaires, internationally accredited measures ...)" with more said after a comma
_REVERSE = re.compile(
    r"(?<![\w-])(?P<acr>[A-Z][A-Za-z&]{1,7}?)s?\s+\((?P<long>[A-Za-z][\w’'&-]*(?:,?\s+[\w’'&-]+){1,8})[,)]"
)
_SMALL = {"and", "of", "the", "for", "in", "to", "on", "with", "a", "an", "&"}


def _initials_match(words: list[str], acronym: str) -> list[str] | None:
    """The shortest tail of `words` whose initials spell the acronym (small words optional)."""
    acr = acronym.upper().rstrip("S") if acronym.endswith("s") else acronym.upper()
    for n in range(1, min(len(words), 9) + 1):
        tail = words[-n:]
        letters = "".join(w[0].upper() for w in tail if w.lower() not in _SMALL or w.isupper())
        full = "".join(w[0].upper() for w in tail)
        if acr in (letters, full) and tail[0].lower() not in _SMALL:
            return tail
    return None


def mine_acronyms(docs: list[Document]) -> dict[str, list[str]]:
    """Acronyms defined in the reports, either way round: "Looked After Children (LAC)" and
    "EHCP (Education, Health and Care Plan)"; the long form must spell the initials."""
    found: dict[str, set[str]] = {}

    def add(acronym: str, long: list[str]) -> None:
        key = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
        found.setdefault(key, set()).add(" ".join(long))

    for doc in docs:
        for m in _PAREN.finditer(doc.text):
            tail = _initials_match(m.group(1).split(), m.group("acr"))
            if tail:
                add(m.group("acr"), tail)
        for m in _REVERSE.finditer(doc.text):
            acronym = m.group("acr")
            words = m.group("long").replace(",", " ").split()
            if sum(ch.isupper() for ch in acronym) < 2:
                continue
            tail = _initials_match(words, acronym)
            if tail is not None and len(tail) == len(words):
                add(acronym, m.group("long").split())
    return {k: sorted(v, key=lambda s: (s.lower(), s)) for k, v in sorted(found.items())}


class Variant(BaseModel):
    """Ways a question names a set phrase that the reports write one way: a regular expression,
    matched on the lower-cased question, read as `phrase` ("a child in care", "children in the
    council's care" as "children in care")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrase: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression ({exc}): {value!r}") from exc
        return value


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    acronyms: dict[str, list[str]] = Field(default_factory=dict)
    groups: list[list[str]] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)

    @classmethod
    def build(cls, docs: list[Document], synonyms: Path | None = None) -> Glossary:
        path = synonyms or SYNONYMS
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        try:
            return cls(
                acronyms=mine_acronyms(docs),
                groups=[list(g) for g in data.get("groups", [])],
                variants=data.get("variants", []),
            )
        except ValidationError as exc:
            raise ValueError(f"{path}: {exc}") from exc

    def _normal(self, query: str) -> str:
        """A question lower-cased, with its variant ways of naming a set phrase read as it."""
        q = query.lower()
        for v in self.variants:
            q = _compiled(v.pattern).sub(v.phrase, q)
        return q

    def equivalents(self, query: str) -> list[tuple[str, list[str]]]:
        """(a phrase of the query, the phrases that name the same thing) for each synonym
        group and acronym the query uses."""
        q = self._normal(query)
        out: list[tuple[str, list[str]]] = []
        for group in self.groups:
            used = [t for t in group if _contains(q, t)]
            if used:
                out.append((used[0], [t for t in group if t not in used]))
        for acr, longs in self.acronyms.items():
            if _contains(q, acr):
                out.append((acr, longs))
            for long in longs:
                if _names(q, long):
                    out.append((long, [acr]))
        return out

    def expansions(self, query: str) -> list[str]:
        """Terms to add to a lexical query: expansions of acronyms it uses, acronyms of phrases
        it spells out, and the era synonyms of any term it contains."""
        q = self._normal(query)
        words = set(re.findall(r"[\w’']+", query))
        words |= {w[:-1] for w in words if len(w) > 2 and w.endswith("s") and w[:-1].isupper()}
        extra: list[str] = []
        for acr, longs in self.acronyms.items():
            if acr in words or acr.lower() in {w.lower() for w in words if w.isupper()}:
                extra.extend(longs)
            elif any(_names(q, long) for long in longs):
                extra.append(acr)
        for group in self.groups:
            if any(_contains(q, t) for t in group):
                extra.extend(t for t in group if not _contains(q, t))
        seen: set[str] = set()
        unique = []
        for t in extra:
            if t.lower() not in seen:
                seen.add(t.lower())
                unique.append(t)
        return unique


def mentions(text: str, names: Sequence[str]) -> bool:
    """Whether `text` uses one of `names` as a whole word or phrase (or its plural), in any
    case: "LAC" is in "200 LAC" and "UASC" in "155 UASCs", but "LAC" is not in "placed"."""
    lowered = text.lower()
    return any(re.search(_whole(n, plural=True), lowered) is not None for n in names)


def any_of(names: Sequence[str]) -> re.Pattern[str]:
    """One pattern matching any of `names` as a whole word or phrase, in any case (no plural:
    the re-rank reads a sentence as using the query's term only where it names it)."""
    return re.compile("|".join(_whole(n) for n in names), re.I)


def _contains(query_lower: str, term: str) -> bool:
    return re.search(_whole(term), query_lower) is not None


def _names(query_lower: str, long: str) -> bool:
    """Whether a question spells out an acronym's long form, loosely: "&" or "and", and the
    last word singular or plural ("Strengths and Difficulties Questionnaire" for "Strengths &
    Difficulties Questionnaires")."""
    return _long_form(long).search(query_lower) is not None


@lru_cache(maxsize=1024)
def _long_form(long: str) -> re.Pattern[str]:
    words = [r"(?:&|and)" if w == "&" else re.escape(w) for w in long.lower().split()]
    if words and words[-1].endswith("s"):
        words[-1] = words[-1][:-1] + "s?"
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?:e?s)?(?!\w)")


def _whole(term: str, plural: bool = False) -> str:
    """A pattern for `term` (lower-cased) as a whole word or phrase, or also its plural."""
    return rf"(?<!\w){re.escape(term.lower())}{'(?:e?s)?' if plural else ''}(?!\w)"


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
