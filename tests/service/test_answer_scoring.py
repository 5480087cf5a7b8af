"""The answer scorer's parts: answer shapes, person names, the fitted model, lead-ins."""

from __future__ import annotations

import math
from typing import Any

import pytest

from service.answer import answer
from service.answer.models import Candidate
from service.answer.qtype import AnswerType, has_person_name, type_match, wants_person
from service.answer.scorer import Logistic, ScorerModel, load_model, rank
from service.answer.trees import Tree, Trees


def test_a_paragraph_number_is_not_a_figure() -> None:
    assert type_match(AnswerType.NUMBER, "13. The APPG published their report.", "sentence") == 0
    assert type_match(AnswerType.NUMBER, "13. There are 378 care leavers.", "sentence") == 1


def test_a_period_or_a_date_is_not_a_figure() -> None:
    for text in (
        "However results in 2011/12 academic year improved across all grades.",
        "Reviews held between the 1st April 2022 and 31st March 2023.",
        "The plan was agreed on 31/03/2022.",
    ):
        assert type_match(AnswerType.NUMBER, text, "sentence") == 0, text
    assert type_match(AnswerType.NUMBER, "253 children entered care in 2011-12.", "sentence") == 1


def test_person_names_are_not_ordinary_words_or_roles() -> None:
    common = {"legal", "implications"}
    assert has_person_name("Contact Officer: Andy Couldrick Tel: (01865) 815833", common)
    assert not has_person_name("Legal Implications It is the author's duty", common)
    assert not has_person_name("the County Solicitor & Monitoring Officer", common)
    assert wants_person("What was the name of the Head of the Virtual School?")
    assert wants_person("Who was the contact officer for the report?")
    assert not wants_person("Who chairs the Corporate Parenting Panel?")


def _cand(text: str, **features: float) -> Candidate:
    c = Candidate(
        kind="sentence",
        text=text,
        document_id="d",
        chunk_id="d:1",
        start=0,
        end=len(text),
        year=2012,
        status="published",
        rank=1,
    )
    c.features = {"overlap": 0.0, **features}
    return c


def test_rank_orders_by_the_fitted_probability() -> None:
    both = Logistic(features=["overlap", "dense"], coef=[4.0, 2.0], intercept=-3.0)
    model = ScorerModel(prefilter=both, final=both, depth=1, threshold=0.5, provenance={})
    hi, lo = _cand("a", overlap=0.9), _cand("b", overlap=0.1)
    ranked = rank([lo, hi], "q", lambda texts: __import__("numpy").ones((len(texts), 2)), model)
    assert ranked[0] is hi and ranked[0].score > ranked[1].score
    assert 0 < ranked[1].score < 1


def test_boosted_trees_take_their_share_of_the_final_probability() -> None:
    flat = Logistic(features=["overlap"], coef=[0.0], intercept=0.0)  # always 0.5
    # one tree: overlap <= 0.5 -> logit -2, else logit +2
    tree = Tree(
        feature=[0, -1, -1],
        threshold=[0.5, 0, 0],
        left=[1, -1, -1],
        right=[2, -1, -1],
        value=[0.0, -2.0, 2.0],
    )
    trees = Trees(features=["overlap"], trees=[tree])
    high = 1 / (1 + math.exp(-2))

    def model(blend: float) -> ScorerModel:
        return ScorerModel(
            prefilter=flat,
            final=flat,
            depth=1,
            threshold=0.5,
            provenance={},
            boosted=trees,
            blend=blend,
        )

    assert model(0.0).final_probability({"overlap": 0.9}) == pytest.approx(0.5)
    assert model(1.0).final_probability({"overlap": 0.9}) == pytest.approx(high)
    assert model(1.0).final_probability({"overlap": 0.1}) == pytest.approx(1 - high)
    assert model(0.5).final_probability({"overlap": 0.9}) == pytest.approx((0.5 + high) / 2)
    with pytest.raises(ValueError):
        model(1.5)


def test_the_shipped_model_was_fitted_on_dev() -> None:
    model = load_model()
    assert model.provenance["split"] == "dev"
    assert 0 <= model.threshold < 1
    assert len(model.final.coef) == len(model.final.features)


@pytest.mark.slow
def test_a_lead_in_answers_with_its_table(engine: Any) -> None:
    a = answer(
        engine,
        "At the end of March 2022, how many fully approved foster carer households offered "
        "short and long term care?",
    )
    assert not a.abstained and a.answer is not None and "138" in a.answer
    row = next(c for c in a.citations if "138" in c.quote)
    assert engine.document(row.document_id).text[row.start : row.end] == row.quote


@pytest.mark.slow
def test_a_question_for_a_name_no_passage_gives_abstains(engine: Any) -> None:
    a = answer(engine, "What was the name of the Head of the Virtual School appointed in 2008?")
    assert a.abstained and a.answer is None
