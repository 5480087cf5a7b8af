"""BM25 over a handful of texts: stemming, stop words, masks and a save/load round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.lexical import LexicalIndex

TEXTS = [
    "Foster carers are needed across the county.",
    "Adoption figures rose in 2011/12.",
    "The placements of children looked after.",
    "Residential homes and foster placements.",
]


def test_stemmed_terms_match() -> None:
    index = LexicalIndex.build(TEXTS)
    assert index.size == 4
    hits = index.search("fostering carer", k=10)
    assert hits[0][0] == 0
    assert {i for i, _ in hits} == {0, 3}
    assert all(s > 0 for _, s in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_stop_words_and_unknown_terms_find_nothing() -> None:
    index = LexicalIndex.build(TEXTS)
    assert index.search("the of and", k=5) == []
    assert index.search("zebra", k=5) == []


def test_mask_and_large_k() -> None:
    index = LexicalIndex.build(TEXTS)
    mask = np.array([0, 0, 1, 1], dtype=np.float32)
    assert {i for i, _ in index.search("foster placements", k=10, mask=mask)} <= {2, 3}
    assert len(index.search("foster placements", k=100)) <= 4


def test_save_load_round_trip(tmp_path: Path) -> None:
    index = LexicalIndex.build(TEXTS)
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25", len(TEXTS))
    for q in ["foster", "adoption 2011", "children looked after"]:
        assert loaded.search(q, k=4) == index.search(q, k=4)


FEEDBACK = [
    "Children entered care after neglect.",
    "Entered care: reasons were neglect and abuse.",
    "Foster carers were recruited in the county.",
    "Abuse and neglect were the main reasons.",
]


def test_feedback_terms_come_from_the_given_passages_without_the_query_s() -> None:
    index = LexicalIndex.build(FEEDBACK)
    asked = index.term_ids("children entered care")
    assert len(asked) == 3
    terms = index.feedback_terms([0, 1], asked, n=3)
    vocab = {i: t for t, i in index.bm25.vocab_dict.items()}
    # the rarer words of the two passages weigh most; nothing from the other passages
    assert {vocab[t] for t in terms} == {"after", "reason", "abus"}
    assert not set(terms) & set(asked)
    assert abs(sum(terms.values()) - 1.0) < 1e-9
    assert index.feedback_terms([], asked, n=3) == {}


def test_a_weighted_term_query_is_bm25_of_its_terms() -> None:
    index = LexicalIndex.build(FEEDBACK)
    neglect = index.term_ids("neglect")
    weighted = index.search_terms(dict.fromkeys(neglect, 1.0), k=10)
    assert sorted(weighted) == sorted(index.search("neglect", k=10))  # ties may come in any order
    # the feedback term finds the passage that shares no word with the question
    weights = dict.fromkeys(index.term_ids("entered care"), 1.0) | dict.fromkeys(neglect, 1.0)
    assert 3 in {d for d, _ in index.search_terms(weights, k=10)}
    assert 3 not in {d for d, _ in index.search("entered care", k=10)}
    assert index.search_terms({}, k=10) == []
