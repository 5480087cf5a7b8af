"""A question that asks one thing of one report and another of another is split into each
year's own clause; anything else is left whole."""

from __future__ import annotations

from index.terms import TermStats
from service.answer.clauses import year_clauses

YEARS = [2008, 2011, 2012, 2023]
TERMS = TermStats(["children in care", "foster carers", "supported housing beds"])


def test_each_year_gets_its_own_clause() -> None:
    q = (
        "What share of children in care were living with family and friends carers according "
        "to the 2011 placement strategy, and how many looked after children were placed with "
        "relatives or friends on 22 October 2012?"
    )
    clauses = year_clauses(q, YEARS, TERMS)
    assert set(clauses) == {2011, 2012}
    assert "family and friends" in clauses[2011] and "relatives" not in clauses[2011]
    assert "relatives or friends" in clauses[2012] and "family and friends" not in clauses[2012]
    assert clauses[2012].startswith("How many") and clauses[2012].endswith("?")


def test_a_clause_that_does_not_say_what_it_counts_borrows_the_other_clause_undated() -> None:
    q = (
        "How many unaccompanied asylum-seeking children were in the council's care in "
        "September 2012, and how many in July 2023?"
    )
    clauses = year_clauses(q, YEARS, TERMS)
    assert "unaccompanied asylum-seeking children" in clauses[2023]
    assert "2012" not in clauses[2023] and "September" not in clauses[2023]
    assert "July 2023" not in clauses[2012]


def test_a_borrowed_clause_lends_its_words_not_what_it_asks_for() -> None:
    q = (
        "What share of children in care were placed with their parents according to the 2011 "
        "placement strategy, and how many were placed with a parent on 22 October 2012?"
    )
    borrowed = year_clauses(q, YEARS, TERMS)[2012]
    assert borrowed.startswith("How many were placed with a parent")
    assert "children in care were placed with their parents" in borrowed
    assert "share" not in borrowed.lower()


def test_a_report_named_in_a_borrowed_clause_is_left_out() -> None:
    q = (
        "What outside recognition did the Children in Care Council receive according to the "
        "2012 progress report, and what according to the 2022-23 report?"
    )
    borrowed = year_clauses(q, YEARS, TERMS)[2023]
    assert "outside recognition" in borrowed and "progress" not in borrowed


def test_questions_without_one_year_per_clause_stay_whole() -> None:
    for q in (
        "How has the number of foster carers changed between 2008 and 2023?",
        "How many foster carers were there in 2011 and 2012, and how many in 2023?",
        "How many children were in care in 2012, and how many in 2012/13?",
        "What did the 2012 report say about supported housing?",
    ):
        assert year_clauses(q, YEARS, TERMS) == {}, q
