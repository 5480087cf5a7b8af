"""What kind of answer a question wants, and whether a candidate has that shape."""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import StrEnum

__all__ = [
    "FIGURE_PATTERN",
    "AnswerType",
    "asks_for_several",
    "has_person_name",
    "question_type",
    "type_match",
    "wants_person",
]


class AnswerType(StrEnum):
    NUMBER = "number"
    PERCENT = "percent"
    MONEY = "money"
    DATE = "date"
    WHO = "who"
    WHY = "why"
    LIST = "list"
    CHANGE = "change"
    OTHER = "other"


FIGURE_PATTERN = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\d])")
_PERCENT = re.compile(r"\d(?:[\d.,]*)\s?%|\bper ?cent\b", re.I)
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:k|m|million|bn)\b|\bper week\b|/week|p\.w\.", re.I)
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})|(?:{_MONTHS})\s+\d{{4}}|(?:{_MONTHS})|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|(?:19|20)\d\d)\b"
    # a time of day, or round the clock: "from 08.00pm – 08.00am", "10pm", "24-hour support"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s?(?i:am|pm)\b|\b24[- ]?(?i:hours?|hrs?|/7)"
)
_WHY = re.compile(
    r"\b(because|due to|as a result|owing to|in order to|so that|reason|caused by|since|led to|"
    r"resulting in|therefore|thus|driven by|to ensure|to address|given|in the context of|"
    r"as (?:they|it|this|these|there|we)|attributed to|(?:a|the) result of|corollary|explained by)\b",
    re.I,
)
_ROLE = re.compile(
    r"\b(Director|Head of|Manager|Officer|Chair\w*|Panel|Committee|Council|Team|Board|Trust|"
    r"Service|Ofsted|OFSTED|Cabinet|Government|DfE|Agency|University)\b"
)
_CAPITAL_PAIR = re.compile(r"\b([A-Z][a-z]+)(?= ([A-Z][a-z]+)\b)")
# capitalised words that are roles, bodies or headings, not parts of a person's name
_NOT_NAME = {
    "Main",
    "Contact",
    "Officer",
    "Director",
    "Head",
    "Service",
    "Services",
    "Council",
    "County",
    "Children",
    "Childrens",
    "Report",
    "Please",
    "Corporate",
    "Parenting",
    "Manager",
    "Team",
    "Panel",
    "Committee",
    "Cabinet",
    "Care",
    "Young",
    "People",
    "The",
    "This",
    "Oxfordshire",
    "Family",
    "Families",
    "Social",
    "Health",
    "School",
    "Virtual",
    "Part",
    "Background",
    "University",
    "Universities",
    "Assistant",
    "Chief",
    "Executive",
    "Finance",
    "Section",
    "Solicitor",
    "Legal",
}


def has_person_name(text: str, common: Collection[str] = ()) -> bool:
    """Two adjacent capitalised words neither of which is a role or body ("Matthew Edwards"),
    nor one of the `common` words (those the corpus also writes in lower case: "Legal
    Implications" is not a name)."""
    for m in _CAPITAL_PAIR.finditer(text):
        pair = (m.group(1), m.group(2))
        if not any(w in _NOT_NAME or w.lower() in common for w in pair):
            return True
    return False


_PERSON = re.compile(
    r"\bname of (the )?(person|officer|head|director|manager|chair|headteacher|lead)\b|"
    r"\bwho (is|was) named\b|\bnamed as the\b|\bwhich officer\b|\bwho (is|was) the [\w ]*officer\b|"
    r"\bwho (is|was) the (chair|chairman|chairwoman|chairperson|head|director|headteacher)\b|"
    r"\bwhat was the name of the\b|\bwhat is the name of the\b",
    re.I,
)


def wants_person(question: str) -> bool:
    """The question asks for a person's name ("who was the contact officer", "the name of
    the Head of ..."), which only a passage naming someone can answer."""
    return _PERSON.search(question) is not None


def question_type(question: str) -> AnswerType:
    q = question.lower().strip()
    # the leading question word decides first: "Why were children placed ... when they did
    # not need to be?" asks for a reason, not a date
    if re.match(r"(why|for what reason)\b", q) or re.search(
        r"\bhow did\b[^?]*\b(justify|justified|explain|account for)\b", q
    ):
        return AnswerType.WHY
    if re.search(
        r"\bhow (has|have|did|do)\b[^?]*\b(chang|develop|evolv|mov|shift)\w*|\bcompar\w*|"
        r"\bover the years\b|\btrend|\bsince \d{4}|\bbetween \d{4} and \d{4}|\bfrom \d{4} to \d{4}|"
        r"\bchang\w* (since|between|from|over)\b|\b(rise|rose|fall|fell|increase|decrease)\w* (since|between|from)\b",
        q,
    ):
        return AnswerType.CHANGE
    if re.search(
        r"\b(what|which) (percentage|proportion|share|rate)|\bhow many per ?cent|\bpercentage\b|\bproportion\b|\brate\b",
        q,
    ):
        return AnswerType.PERCENT
    if re.search(r"\bhow much\b|\bcost\b|\bspend\w*|\bbudget\b|\bprice\b|£", q):
        return AnswerType.MONEY
    if re.search(r"\bhow many\b|\bnumber of\b|\bhow often\b|\bcount\b|\btotal\b", q):
        return AnswerType.NUMBER
    if re.search(
        r"^(when|on what date|in what year|by when|what date|which year|which month)\b|\bwhat date\b|\bwhen\b|"
        r"\b(what|which) (hours|times? of (the )?day)\b|\bwhat time\b",
        q,
    ):
        return AnswerType.DATE
    if re.search(r"^(why|for what reason)\b|\bwhy\b|\breason\b|\bwhat (caused|led|drove)\b", q):
        return AnswerType.WHY
    if re.search(
        r"^(who|whom|which (officer|body|organisation|team|panel|committee|person))\b|\bwho\b", q
    ):
        return AnswerType.WHO
    if re.search(
        r"^(what|which) (are|were)\b|\blist\b|\bwhat \w+ (are|were) (set|listed|named|given|included)|\bwhich\b.*\b(areas|services|themes|changes|priorities|recommendations|programmes|objectives)\b|\bwhat (changes|priorities|themes|areas|services|programmes|actions|challenges)\b",
        q,
    ):
        return AnswerType.LIST
    return AnswerType.OTHER


# words that end the phrase naming what is asked for: auxiliaries, prepositions, past tenses
_PHRASE_END = re.compile(
    r"(?:did|do|does|was|were|is|are|has|had|will|would|should|can|could|may|might|must|"
    r"for|in|on|to|with|by|about|from|at|its|their|\w+ed)"
)
# verbs in -s that follow "which <noun>" ("Which charity delivers ...")
_VERBS_S = re.compile(
    r"(?:delivers|runs|provides|gives|makes|commissions|leads|offers|says|shows|sets|describes|"
    r"lists|names|covers|includes|supports|needs|means|gets|goes|helps|works|takes|uses|holds|"
    r"meets|pays)"
)
_IRREGULAR_PLURALS = frozenset({"children", "people", "staff"})


def asks_for_several(question: str) -> bool:
    """Whether a "what" or "which" question asks for things in the plural ("What further
    steps did ...", "Which universities ...", "Which of ATV's recent initiatives ..."): its
    answer is a list, even when it is not worded as one."""
    for m in re.finditer(r"\b(?:what|which)\s+(?=(.*))", question, re.I):
        for word in m.group(1).split()[:6]:
            w = word.strip(",?;:")
            lw = w.lower()
            if _PHRASE_END.fullmatch(lw) or _VERBS_S.fullmatch(lw):
                break
            if lw in _IRREGULAR_PLURALS:
                return True
            if w.endswith(("'s", "’s", "s'")):
                continue  # "Oxfordshire's", "councils'": a possessive, not the thing asked
            if w.islower() and lw.endswith("s") and not lw.endswith(("ss", "us", "is")):
                return True
    return False


_PARAGRAPH_NUMBER = re.compile(r"^\s*\(?\d{1,3}(?:\.\d{1,3})*[.)]\s")


# counts the reports write in words ("eight beds have been out of use"); not "one", which is
# mostly "one of the ..."
_NUMBER_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred)\b(?!(?:[- ]\w+)? per ?cent)",
    re.I,
)


# a period, a day of a month or a written date: figures that are not what is counted
_NOT_FIGURE = re.compile(
    rf"\b(?:19|20)\d\d\s*[-/–]\s*\d{{2,4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|"
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
)


def _has_number(text: str, counts_only: bool = False) -> bool:
    """A figure other than a year or the paragraph's own number ("13. The ..."), in digits or
    in words; with `counts_only`, not a percentage either."""
    body = _NOT_FIGURE.sub(" ", _PARAGRAPH_NUMBER.sub("", text, count=1))
    if _NUMBER_WORDS.search(body):
        return True
    for m in FIGURE_PATTERN.finditer(body):
        value = m.group().replace(",", "")
        if counts_only and re.match(r"\s?(%|per ?cent)", body[m.end() :], re.I):
            continue
        if not re.fullmatch(r"(19|20)\d\d", value):
            return True
    return False


def type_match(kind: AnswerType, text: str, candidate_kind: str) -> float:
    """1.0 when the candidate has the shape the question wants, 0.5 for near misses, else 0."""
    if kind == AnswerType.PERCENT:
        return 1.0 if _PERCENT.search(text) else (0.3 if _has_number(text) else 0.0)
    if kind == AnswerType.MONEY:
        return 1.0 if _MONEY.search(text) else (0.4 if _has_number(text) else 0.0)
    if kind == AnswerType.NUMBER:  # a count, not a share
        if _has_number(text, counts_only=True) or candidate_kind == "row":
            return 1.0
        return 0.3 if _has_number(text) else 0.0
    if kind == AnswerType.CHANGE:
        return 1.0 if _has_number(text) or candidate_kind == "row" else 0.0
    if kind == AnswerType.DATE:
        return 1.0 if _DATE.search(text) else 0.0
    if kind == AnswerType.WHY:
        return 1.0 if _WHY.search(text) else 0.2
    if kind == AnswerType.WHO:
        if has_person_name(text):
            return 1.0
        return 0.5 if _ROLE.search(text) else 0.1
    if kind == AnswerType.LIST:
        return 1.0 if candidate_kind == "item" or text.count(",") + text.count(";") >= 2 else 0.3
    return 0.5
