"""Acronyms mined from the corpus, glossary expansion and what a query says about years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.models import Block, BlockKind, Document, DocumentMeta, OffsetMap
from index.glossary import Glossary, Variant, mine_acronyms
from index.query import content_words, parse_query

YEARS = [2008, 2011, 2012, 2023]


def _doc(text: str) -> Document:
    meta = DocumentMeta(id="g", title="G", date=dt.date(2020, 1, 1), year=2020, file="g.txt")
    block = Block(id="g:0", kind=BlockKind.PARAGRAPH, text=text, start=0, end=len(text))
    return Document(
        meta=meta, text=text, blocks=[block], offsets=OffsetMap(), source_sha256="0", reader="gen"
    )


@pytest.fixture(scope="module")
def acronyms(documents: dict[str, Document]) -> dict[str, list[str]]:
    return mine_acronyms(list(documents.values()))


@pytest.fixture(scope="module")
def glossary(documents: dict[str, Document]) -> Glossary:
    return Glossary.build(list(documents.values()))


def test_mines_acronyms_of_the_shipped_corpus(acronyms: dict[str, list[str]]) -> None:
    low = {k: [v.lower() for v in vs] for k, vs in acronyms.items()}
    assert "unaccompanied asylum seeking children" in low["UASC"]
    assert "children in care council" in low["CICC"]
    assert any(v.startswith("family group conferenc") for v in low["FGC"])
    assert "young person's supported accommodation" in low["YPSA"]
    assert "unaccompanied children and young people" in low["UCYP"]
    assert "special guardianship orders" in low["SGO"]  # mined from "(SGOs)": plural folded
    assert "UASCs" not in acronyms and "SGOs" not in acronyms
    for acronym, longs in acronyms.items():
        assert longs == sorted(longs, key=str.lower)
        for long in longs:
            # every expansion spells its acronym's initials (small words optional)
            assert long.split()[0][0].upper() == acronym[0].upper(), (acronym, long)


def test_mine_acronyms_on_small_texts() -> None:
    text = (
        "Support for Looked After Children (LAC) improved. We held Family Group Conferences "
        "(FGCs) and met the Children in Care Council (CiCC). The National Youth Advocacy "
        "Service (NYAS) helped. Numbers (12) and words (see above) are not acronyms."
    )
    got = mine_acronyms([_doc(text)])
    assert got == {
        "CiCC": ["Children in Care Council"],
        "FGC": ["Family Group Conferences"],
        "LAC": ["Looked After Children"],
        "NYAS": ["National Youth Advocacy Service"],
    }
    assert mine_acronyms([]) == {}


def test_mine_acronyms_written_before_their_long_form() -> None:
    text = (
        "Each EHCP (Education, Health and Care Plan) was checked; CAMHS (Child and Adolescent "
        "Mental Health Services) helped; SGOs (Special Guardianship Orders) rose. NVR (Non-Violent "
        "Resistance Approach) does not spell its initials, nor does OK (see above)."
    )
    assert mine_acronyms([_doc(text)]) == {
        "CAMHS": ["Child and Adolescent Mental Health Services"],
        "EHCP": ["Education, Health and Care Plan"],
        "SGO": ["Special Guardianship Orders"],
    }


def test_an_acronym_whose_parenthesis_says_more_after_its_long_form() -> None:
    # the 2011 strategy: "as measured by SDQs (Strengths & Difficulties\nQuestionnaires,
    # internationally accredited measures of emotional and behavioural difficulties)"
    text = (
        "as measured by SDQs (Strengths & Difficulties \nQuestionnaires, internationally "
        "accredited measures of emotional and \nbehavioural difficulties) and SEN."
    )
    assert mine_acronyms([_doc(text)]) == {"SDQ": ["Strengths & Difficulties Questionnaires"]}


def test_a_long_form_asked_loosely_expands_to_its_acronym() -> None:
    g = Glossary(acronyms={"SDQ": ["Strengths & Difficulties Questionnaires"]})
    question = "What was the average Strengths and Difficulties Questionnaire score?"
    assert g.expansions(question) == ["SDQ"]
    assert g.equivalents(question) == [("Strengths & Difficulties Questionnaires", ["SDQ"])]
    assert g.expansions("What was the Strengths and Difficulties score?") == []


def test_mined_long_forms_differing_only_in_case_come_in_a_fixed_order() -> None:
    texts = [
        "Some Unaccompanied Asylum Seeking Children (UASC) arrived.",
        "UNACCOMPANIED ASYLUM SEEKING CHILDREN (UASC) rose.",
    ]
    one = mine_acronyms([_doc(t) for t in texts])
    other = mine_acronyms([_doc(t) for t in reversed(texts)])
    assert (
        one
        == other
        == {
            "UASC": [
                "UNACCOMPANIED ASYLUM SEEKING CHILDREN",
                "Unaccompanied Asylum Seeking Children",
            ]
        }
    )


def test_expansions_of_a_plural_acronym_include_the_newer_term(glossary: Glossary) -> None:
    extra = glossary.expansions("How many UASCs were looked after in 2012?")
    low = [t.lower() for t in extra]
    assert "UCYP" in extra
    assert "unaccompanied children and young people" in low
    assert "uascs" not in low  # the query's own term is not added again
    assert len(low) == len(set(low))


def test_expansions_both_ways(glossary: Glossary) -> None:
    assert any(
        t.lower() == "young person's supported accommodation"
        for t in glossary.expansions("What is YPSA?")
    )
    assert "YPSA" in glossary.expansions("young person's supported accommodation places")
    assert "FGC" in glossary.expansions("How many family group conferences were held?")
    assert glossary.expansions("What is the weather like?") == []


def _in_care() -> Glossary:
    """A glossary with the shipped variants (index/synonyms.toml) of "children in care"."""
    shipped = Glossary.build([])
    assert [v.phrase for v in shipped.variants] == ["children in care"]
    return Glossary(
        groups=[["children in care", "looked after children", "CWCF"]], variants=shipped.variants
    )


def test_without_variants_only_the_set_phrase_expands() -> None:
    g = Glossary(groups=[["children in care", "looked after children", "CWCF"]])
    assert g.expansions("How many children were in care?") == []
    assert g.expansions("How many children in care?") == ["looked after children", "CWCF"]


def test_a_variant_that_is_not_a_regular_expression_is_refused_with_its_file(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "synonyms.toml"
    bad.write_text('groups = []\n[[variants]]\nphrase = "x"\npattern = "(unclosed"\n')
    with pytest.raises(ValueError, match=r"(?s)synonyms\.toml.*not a regular expression"):
        Glossary.build([], synonyms=bad)
    with pytest.raises(ValueError, match="not a regular expression"):
        Variant(phrase="x", pattern="[a-")


@pytest.mark.parametrize(
    "question",
    [
        "How many children were in care in 2023?",
        "What did it cost each week to look after a child in care?",
        "How many children in the council's care sat GCSEs?",
        "How many young people in Oxfordshire's care were in education?",
        "How many children in the council’s care were adopted?",
    ],
)
def test_other_ways_of_naming_children_in_care_expand_like_the_set_phrase(question: str) -> None:
    g = _in_care()
    assert g.expansions(question) == ["looked after children", "CWCF"]
    assert g.equivalents(question) == [("children in care", ["looked after children", "CWCF"])]


def test_care_named_without_children_in_care_does_not_expand() -> None:
    g = _in_care()
    assert g.expansions("How many care leavers were in the council's care proceedings?") == []
    assert g.expansions("Which children came into care?") == []


def test_expansions_are_case_insensitive_for_mixed_case_acronyms() -> None:
    g = Glossary(acronyms={"CiCC": ["Children in Care Council"]})
    assert g.expansions("Who sits on the CICC?") == ["Children in Care Council"]
    assert g.expansions("the cicc") == []  # lower-case words are not taken as acronyms


def test_a_question_of_what_cabinet_was_asked_expands_to_the_reports_recommended_to(
    glossary: Glossary,
) -> None:
    for question in ("What did the report ask Cabinet to do?", "What was Cabinet asked to do?"):
        assert "recommended to" in glossary.expansions(question)


def test_expansions_of_a_mined_acronym_in_the_plural() -> None:
    g = Glossary(acronyms={"YPSA": ["Young Person's Supported Accommodation"]})
    assert g.expansions("How many YPSAs are there?") == ["Young Person's Supported Accommodation"]


@pytest.mark.parametrize(
    ("query", "years", "mentioned", "cross_year"),
    [
        ("in 2008", [2008], [2008], False),
        ("the 2022-23 report", [2023], [2022, 2023], False),
        ("in 2011/12", [2012], [2011, 2012], False),
        ("in 2015", [], [2015], False),
        ("What was the cost in 2008?", [2008], [2008], False),
        ("What did the 2022-23 report say?", [2023], [2022, 2023], False),
        ("How many were adopted in 2011/12?", [2012], [2011, 2012], False),
        ("What happened in 2022/2023?", [2023], [2022, 2023], False),
        ("compare 2012 and 2023", [2012, 2023], [2012, 2023], True),
        ("What was the position in 2015?", [], [2015], False),
        ("What do the reports say about fostering?", [], [], False),
        # a report covers its own year and the one before
        ("How many carers were approved in 2022?", [2023], [2022], False),
        ("in 2021/22", [2023], [2021, 2022], False),
        ("in 2010", [2011], [2010], False),
        ("in 2009", [], [2009], False),  # no report of 2009 or 2010
        ("in October 2012, and how many in July 2022?", [2012, 2023], [2012, 2022], True),
    ],
)
def test_parse_query_years(
    query: str, years: list[int], mentioned: list[int], cross_year: bool
) -> None:
    intent = parse_query(query, YEARS)
    assert intent.years == years
    assert intent.mentioned == mentioned
    assert intent.cross_year is cross_year


def test_parse_query_since() -> None:
    intent = parse_query("How many children have been adopted since 2011?", YEARS)
    assert intent.years == [2011, 2012, 2023]
    assert intent.since == 2011
    assert intent.cross_year is True
    bare = parse_query("since 2011", YEARS)
    assert bare.years == [2011, 2012, 2023] and bare.cross_year is True
    later = parse_query("What has changed since 2009?", YEARS)
    assert later.years == [2011, 2012, 2023] and later.mentioned == [2009]


def test_parse_query_two_years_are_cross_year() -> None:
    intent = parse_query("What were the numbers in 2008 and in 2023?", YEARS)
    assert intent.years == [2008, 2023]
    assert intent.cross_year is True


def test_a_question_of_one_report_about_an_earlier_time_asks_that_report_alone() -> None:
    # the 2011 strategy's table runs from 2006: "in 2008" is a row of it, not the 2008 report
    one = parse_query(
        "According to the 2011 placement strategy's table, how many were placed in 2008?", YEARS
    )
    assert (one.years, one.cross_year) == ([2011], False)
    # a time after the named report, a second clause or a change asked for: two reports
    later = parse_query(
        "How many did the 2011 strategy count, and how many on 22 October 2012?", YEARS
    )
    assert later.years == [2011, 2012]
    two = parse_query("How were homes graded in 2008, and in the 2012 report?", YEARS)
    assert two.cross_year
    change = parse_query("How has the 2023 report's figure changed since 2011?", YEARS)
    assert change.cross_year


def test_a_financial_year_points_also_at_the_next_report_that_compares_with_it() -> None:
    # 2010/11 is the April 2011 strategy's year, and the November 2012 report's year before
    period = parse_query("What was the average score in 2010/11?", YEARS)
    assert (period.years, period.also, period.cross_year) == ([2011], [2012], False)
    # no later report, a bare year, or a report named: no other report
    assert parse_query("in 2011/12", YEARS).also == []
    assert parse_query("in 2021/22", YEARS).also == []
    assert parse_query("in 2010", YEARS).also == []
    named = parse_query("What was budgeted in 2010-11, per the 2011 placement strategy?", YEARS)
    assert (named.years, named.also) == ([2011], [])


def test_parse_query_bounded_range() -> None:
    intent = parse_query("How did the number change from 2008 to 2012?", YEARS)
    assert intent.cross_year is True
    assert {2008, 2012} <= set(intent.years)
    assert 2023 not in intent.years


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("What does the 2012 report say about adoption?", "What does about adoption?"),
        ("Which homes are named, according to the papers?", "Which homes are , to ?"),
        ("report", "report"),  # nothing else left: the query as asked
        ("Reporting duties", "Reporting duties"),
        (
            "In the November 2008 Cabinet paper, how many children were in care?",
            "In , how many children were in care?",
        ),
        ("What does the 2012 submission form tick?", "What does tick?"),
        ("The 2008 Cabinet report counted what?", "counted what?"),  # at the start too
        ("What did the 2011 strategy's table give?", "What did table give?"),
        ("the Oct 08 annex", "the Oct 08 annex"),  # nothing else left
        (
            "In the October 2008 progress update to the Corporate Parenting Panel, who spoke?",
            "In , who spoke?",
        ),
        ("What did the council's Cabinet say?", "What did the council's Cabinet ?"),
        # a document's kind named as the subject matter stays
        ("When had Cabinet adopted the Corporate Parenting Strategy?", None),
        ("How did the council update its forms?", None),
    ],
)
def test_content_words_drop_the_words_that_point_at_the_reports(
    query: str, expected: str | None
) -> None:
    assert content_words(query) == (query if expected is None else expected)


def test_content_words_drop_the_years_that_choose_reports_but_keep_periods() -> None:
    query = "How did 2008 compare with 2011/12 and 2022-23 in 2012?"
    assert content_words(query, [2008, 2012]) == "How did compare with 2011/12 and 2022-23 in ?"
    assert content_words("2008", [2008]) == "2008"
