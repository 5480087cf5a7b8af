"""Topic membership as pure functions: seed terms as concepts, score combination and
selection."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.compare.align import topic_spread
from service.compare.concepts import concepts, mentions, pattern, term_names
from service.compare.membership import (
    Evidence,
    Weights,
    below_best,
    combine,
    features,
    rare_mentions,
    rarity,
    select,
    standardize,
)

GROUPS = [
    ["looked after children", "children in care", "LAC"],
    ["children in care council", "CICC"],
    ["kinship carers", "family and friends carers"],
    ["education, employment and training", "EET"],
    ["foster carers", "fostering"],
]


def test_names_match_whole_words_plurals_and_hyphens() -> None:
    assert pattern("GCSE").search("Five GCSEs")
    assert pattern("foster carer").search("two Foster Carers")
    assert pattern("post-16").search("EET performance and Post 16 outcomes")
    assert not pattern("GCSE").search("GCSEsque")
    assert not pattern("foster carer").search("fosterling")


def test_a_one_word_acronym_matches_its_case_only() -> None:
    assert pattern("KEEP").search("KEEP, a training programme")
    assert not pattern("KEEP").search("we keep records")
    assert pattern("MULTIDIMENSIONAL TREATMENT").search("multidimensional treatment")


def test_a_term_takes_its_own_group_not_one_it_contains() -> None:
    names = term_names("Children in Care Council", GROUPS, {})
    assert "CICC" in names
    assert "LAC" not in names  # 'children in care' is inside the name, not the name


def test_a_one_word_term_takes_the_groups_it_heads() -> None:
    assert "family and friends carers" in term_names("kinship", GROUPS, {})
    assert "EET" in term_names("education", GROUPS, {})
    assert "LAC" not in term_names("care", GROUPS, {})


def test_acronyms_both_ways() -> None:
    acronyms = {"FGC": ["Family Group Conference"]}
    assert "Family Group Conference" in term_names("FGC", [], acronyms)
    assert "FGC" in term_names("family group conference", [], acronyms)


def test_synonymous_terms_are_one_concept() -> None:
    found = concepts(["foster carers", "fostering", "IFA"], GROUPS)
    assert len(found) == 2


def test_mentions_count_overlapping_names_once() -> None:
    (concept,) = concepts(["residential"], [["residential", "residential homes"]])
    assert mentions("Residential homes and residential units", concept) == 2


_WORDS = [
    "Foster",
    "carers",
    "fostering",
    "IFA",
    "ifa",
    "Residential",
    "homes",
    "post-16",
    "Post",
    "16",
    "KEEP",
    "keep",
    "care",
    "and",
    "FOSTER CARERS",
    "fosterings",
    "-",
]


@given(st.lists(st.sampled_from(_WORDS), max_size=12))
def test_mentions_counts_as_the_plain_patterns_do(words: list[str]) -> None:
    """The cue test that skips a name is only a shortcut: counts equal matching every name."""
    text = " ".join(words)
    found = concepts(["foster carers", "IFA", "residential", "post-16", "KEEP"], GROUPS)
    for concept in found:
        spans = sorted((m.start(), m.end()) for n in concept for m in n.pattern.finditer(text))
        count, reach = 0, -1
        for start, end in spans:
            count += start >= reach
            reach = max(reach, end)
        assert mentions(text, concept) == count


def test_standardize_measures_against_the_documents_other_sections() -> None:
    z = standardize(np.array([[0.2, 0.5], [0.4, 0.5]]))
    assert np.allclose(z[:, 0], [-1.0, 1.0])
    assert z[:, 1].tolist() == [0.0, 0.0]  # a column that does not vary
    assert standardize(np.zeros((0, 2))).shape == (0, 2)


def test_combine_is_a_weighted_sum_of_the_evidence() -> None:
    w = Weights(
        rare=1.0,
        mentions_z=0.5,
        heading=2.0,
        subheading=0.5,
        dense=1.0,
        parts=0.5,
        below_best=0.0,
        bias=-3.0,
    )
    evidence = Evidence(
        dense=np.array([[0.2], [0.4]]),
        parts=np.array([[0.7], [0.1]]),  # standardized: +1 and -1
        mentions=np.array([[0.0], [np.e - 1]]),  # log1p standardized: -1 and +1
        rare=np.array([[0.0], [1.5]]),
        heading=np.array([[0.0], [1.0]]),
        subheading=np.array([[1.0], [1.0]]),  # counted only without the heading
    )
    scores = combine(evidence, w)
    assert np.allclose(
        scores[:, 0],
        [-0.5 + 0.5 - 1.0 + 0.5 - 3.0, 1.5 + 0.5 + 2.0 + 1.0 - 0.5 - 3.0],
    )


def test_below_best_measures_from_the_documents_best_naming_section() -> None:
    scores = np.array([[1.0, -2.0], [-0.5, -9.0], [4.0, -1.0]])
    mentions_ = np.array([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])  # row 2 names neither topic
    gap = below_best(scores, mentions_, floor=5.0)
    assert np.allclose(gap, [[0.0, 0.0], [-1.5, -5.0], [-5.0, -5.0]])
    assert below_best(np.zeros((0, 2)), np.zeros((0, 2))).shape == (0, 2)


def test_combine_adds_the_gap_below_the_first_passs_best() -> None:
    evidence = Evidence(
        dense=np.zeros((2, 1)),
        parts=np.zeros((2, 1)),
        mentions=np.ones((2, 1)),
        rare=np.array([[2.0], [0.0]]),
        heading=np.zeros((2, 1)),
        subheading=np.zeros((2, 1)),
    )
    plain = Weights(
        rare=1.0,
        mentions_z=0.0,
        heading=0.0,
        subheading=0.0,
        dense=0.0,
        parts=0.0,
        below_best=0.0,
        bias=0.0,
    )
    first = dataclasses.replace(plain, rare=3.0)  # first pass: 6 and 0
    scores = combine(evidence, dataclasses.replace(plain, below_best=0.5), first)
    assert np.allclose(scores[:, 0], [2.0, 0.0 + 0.5 * -5.0])


def test_spread_counts_the_published_sections_naming_each_topic() -> None:
    # two reports; topic 0 named by three sections, topic 1 by one, topic 2 by none
    first = {(0, 5): [np.array([1.0, 0.0]), np.array([0.0]), np.array([0.0])]}
    second = {
        (0, 9): [np.array([0.0, 2.0]), np.array([3.0]), np.array([0.0])],
        (9, 20): [np.array([1.0, 1.0]), np.array([0.0]), np.array([0.0])],
    }
    assert np.allclose(topic_spread([first, second], 3), np.log(np.array([4.0, 2.0, 1.0]) / 4))
    assert topic_spread([], 2).shape == (2,)


def test_a_widely_named_topic_needs_more_evidence() -> None:
    """The same section evidence for two topics: the one fewer sections name scores higher."""
    evidence = Evidence(
        dense=np.array([[0.3, 0.3], [0.1, 0.1]]),
        parts=np.array([[0.3, 0.3], [0.1, 0.1]]),
        mentions=np.ones((2, 2)),
        rare=np.ones((2, 2)),
        heading=np.zeros((2, 2)),
        subheading=np.zeros((2, 2)),
        spread=np.log([0.05, 0.4]),  # a twentieth of the sections name topic 0
    )
    assert np.allclose(features(evidence)["spread"], [np.log([0.05, 0.4])] * 2)
    scores = combine(evidence, Weights())
    assert (scores[:, 0] > scores[:, 1]).all()
    assert (
        features(dataclasses.replace(evidence, spread=None))["spread"].tolist() == [[0.0] * 2] * 2
    )


def test_rarity_is_the_inverse_share_of_sections_naming_a_term() -> None:
    counts = np.array([[1.0, 0.0], [2.0, 0.0], [1.0, 1.0]])  # term 0 in all 3, term 1 in one
    weights = rarity(counts)
    assert np.allclose(weights, [np.log(4 / 4), np.log(4 / 2)])
    assert rarity(np.zeros((0, 2))).shape == (2,)


def test_a_rare_term_outweighs_a_common_one() -> None:
    weights = np.array([0.1, 2.0])
    assert rare_mentions(np.array([0.0, 1.0]), weights) > rare_mentions(
        np.array([3.0, 0.0]), weights
    )
    assert rare_mentions(np.array([2.0, 1.0]), weights) == pytest.approx(
        np.log(3) * 0.1 + np.log(2) * 2.0
    )


def test_a_section_joins_every_topic_it_scores_for() -> None:
    scores = np.array([[1.2, 0.3, -0.5], [-1.0, -0.2, -2.0]])
    mentions_ = np.ones_like(scores)
    assert select(scores, mentions_).tolist() == [[True, True, False], [False, False, False]]


def test_a_topic_needs_one_of_its_terms() -> None:
    keep = select(np.array([[2.0, 1.0]]), np.array([[0.0, 1.0]]))
    assert keep.tolist() == [[False, True]]


def test_no_sections_select_nothing() -> None:
    assert select(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0, 3)
