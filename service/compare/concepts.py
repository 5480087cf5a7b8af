"""A topic's seed terms as concepts: each term with the other names the glossary gives it (its
era synonyms and acronyms), and patterns that find them in report text. Pure functions over the
glossary's data, so a test can give its own."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Concept", "Name", "concepts", "mentions", "pattern", "term_names"]


class Name(NamedTuple):
    """One name's pattern and its longest word, casefolded: a text without that word cannot
    match, and a substring test is far cheaper than the pattern (most sections name few of
    the ~400 names the topics have)."""

    pattern: re.Pattern[str]
    cue: str


Concept = list[Name]  # one seed term and its other names


def _words(term: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", term.lower()) if w]


def term_names(
    term: str, groups: Sequence[Sequence[str]], acronyms: Mapping[str, Sequence[str]]
) -> list[str]:
    """The term and its other names: a synonym group that has the term as one of its phrases,
    or (for a one-word term) a phrase headed by it ('kinship' takes the group of 'kinship
    carers'; 'education' the group of 'education, employment and training'); the long forms of
    an acronym and the acronym of a long form. A phrase that merely contains another group's
    phrase does not take it: 'Children in Care Council' is not 'children in care'."""
    lower = term.lower()
    names = [term]
    for group in groups:
        phrases = [g.lower() for g in group]
        headed = " " not in lower and any(_words(p)[:1] == [lower] for p in phrases)
        if lower in phrases or headed:
            names += group
    for acronym, longs in acronyms.items():
        if term == acronym:
            names += longs
        elif lower in (long.lower() for long in longs):
            names.append(acronym)
    return list(dict.fromkeys(names))


def pattern(name: str) -> re.Pattern[str]:
    """A name on word boundaries, taking its plural and a hyphen or space between its words
    ('post-16' finds 'Post 16'). A one-word acronym matches its case only, so 'KEEP' does not
    find 'keep'."""
    body = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", name.strip()) if w)
    if " " not in name.strip() and name.isupper() and len(name) > 1:
        return re.compile(rf"(?<!\w){body}s?(?!\w)")
    return re.compile(rf"(?<!\w){body}(?:s|es)?(?!\w)", re.IGNORECASE)


def concepts(
    terms: Sequence[str],
    groups: Sequence[Sequence[str]] = (),
    acronyms: Mapping[str, Sequence[str]] | None = None,
) -> list[Concept]:
    """One concept per seed term, terms that name the same thing merged ('foster carers' and
    'fostering' are one synonym group), so a text using a topic's several names is not counted
    as covering several of its aspects."""
    merged: list[list[str]] = []
    for term in terms:
        names = term_names(term, groups, acronyms or {})
        keys = {n.lower() for n in names}
        for known in merged:
            if keys & {n.lower() for n in known}:
                known += [n for n in names if n.lower() not in {k.lower() for k in known}]
                break
        else:
            merged.append(names)
    return [[_name(n) for n in names] for names in merged]


def _name(name: str) -> Name:
    longest = max(re.split(r"[\s-]+", name.strip()), key=len)
    return Name(pattern(name), longest.casefold())


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    # a section's text is tested against every concept in turn: fold it once
    return text.casefold()


def mentions(text: str, concept: Concept) -> int:
    """How often the text names the concept by any of its names, overlapping names counted
    once ('residential homes' is one mention of the concept that has both names)."""
    folded = _folded(text)
    spans = sorted(
        (m.start(), m.end())
        for name in concept
        if name.cue in folded
        for m in name.pattern.finditer(text)
    )
    count, reach = 0, -1
    for start, end in spans:
        if start >= reach:
            count += 1
        reach = max(reach, end)
    return count
