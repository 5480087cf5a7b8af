"""Topic membership as pure functions: term matching, score combination and selection."""

from __future__ import annotations

import numpy as np

from service.compare.membership import Weights, combine, select, term_hits, term_patterns


def test_terms_match_whole_words_and_plurals() -> None:
    patterns = term_patterns(["GCSE", "foster carer", "KEEP"])
    assert term_hits("Five GCSEs and two foster carers", patterns) == 2
    assert term_hits("we keep records", patterns) == 1  # case-insensitive, like the glossary
    assert term_hits("GCSEsque fosterling", patterns) == 0


def test_combine_adds_dense_terms_and_heading() -> None:
    w = Weights(dense=0.5, terms=0.5, heading=0.2, saturate=2)
    scores = combine(np.array([[0.4]]), np.array([[5.0]]), np.array([[1.0]]), w)
    assert scores[0, 0] == 0.5 * 0.4 + 0.5 * 1.0 + 0.2  # term share saturates at 1


def test_a_section_joins_every_topic_close_to_its_best() -> None:
    w = Weights(threshold=0.4, margin=0.05)
    scores = np.array([[0.60, 0.57, 0.45], [0.30, 0.35, 0.20]])
    hits = np.array([[2.0, 1.0, 1.0], [1.0, 1.0, 1.0]])
    keep = select(scores, hits, w)
    assert keep.tolist() == [[True, True, False], [False, False, False]]


def test_a_topic_needs_one_of_its_terms() -> None:
    keep = select(np.array([[0.9, 0.88]]), np.array([[0.0, 1.0]]), Weights())
    assert keep.tolist() == [[False, True]]


def test_no_sections_select_nothing() -> None:
    assert select(np.zeros((0, 3)), np.zeros((0, 3)), Weights()).shape == (0, 3)
