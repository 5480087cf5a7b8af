"""A cross-year answer's lines are chosen together: the lines of different years that speak of
the same thing win over each year's best line read alone."""

from __future__ import annotations

from index.terms import TermStats
from service.answer.agreement import agree_across_years, similarity
from service.answer.models import Candidate

TERMS = TermStats(
    [
        "298 were placed in a foster placement.",
        "7 children with supported lodging carers.",
        "525 were placed with foster carers.",
        "The council had 13 children's homes.",
        "Adoption numbers rose.",
    ]
)


def _cand(text: str, year: int, score: float) -> Candidate:
    return Candidate(
        kind="sentence",
        text=text,
        document_id=f"d{year}",
        chunk_id=f"d{year}:1",
        start=0,
        end=len(text),
        year=year,
        status="published",
        rank=1,
        score=score,
    )


FOSTER_2012 = _cand("298 were placed in a foster placement.", 2012, 0.6)
LODGING_2023 = _cand("On 31 March 2022 we had 7 children with supported lodging carers.", 2023, 0.5)
FOSTER_2023 = _cand("On 31 March 2022, 525 were placed with foster carers.", 2023, 0.45)
RANKED = [FOSTER_2012, LODGING_2023, FOSTER_2023]


def test_the_line_that_speaks_of_the_same_thing_takes_its_year_s_place() -> None:
    out = agree_across_years(RANKED, [2012, 2023], TERMS, weight=2.0)
    assert [c.text for c in out] == [FOSTER_2012.text, FOSTER_2023.text, LODGING_2023.text]


def test_with_no_weight_or_one_year_nothing_moves() -> None:
    assert agree_across_years(RANKED, [2012, 2023], TERMS, weight=0.0) == RANKED
    assert agree_across_years(RANKED, [2023], TERMS, weight=2.0) == RANKED


def test_a_much_better_line_alone_is_not_given_up_for_agreement() -> None:
    # the foster line agrees with 2012 by 0.27 (x 2 = 0.54): a lead of 0.65 holds
    strong = LODGING_2023.model_copy(update={"score": 0.95})
    ranked = [FOSTER_2012, strong, FOSTER_2023.model_copy(update={"score": 0.3})]
    assert agree_across_years(ranked, [2012, 2023], TERMS, weight=2.0) == ranked


def test_similarity_reads_the_words_not_the_figures() -> None:
    a = _cand("298 were placed with foster carers.", 2012, 0.5)
    b = _cand("525 were placed with foster carers.", 2023, 0.5)
    assert similarity(a, b, TERMS) == 1.0
    assert similarity(FOSTER_2012, LODGING_2023, TERMS) < similarity(
        FOSTER_2012, FOSTER_2023, TERMS
    )
