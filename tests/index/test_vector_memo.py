"""Remembered vectors: a text met before is not encoded again, and gets the vector encoding
would give."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedder import Embedder, VectorMemo


class _Counting:
    """An encoder that records what it was asked to encode (a vector per text from its hash)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([np.random.default_rng(abs(hash(t))).random(4) for t in texts])


def test_only_the_texts_not_met_before_are_encoded_each_once() -> None:
    memo, encode = VectorMemo(10), _Counting()
    first = memo.encode(["a", "b", "a"], encode)
    again = memo.encode(["b", "c", "a"], encode)
    assert encode.calls == [["a", "b"], ["c"]]
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[2], first[0])
    assert again.shape == (3, 4)


def test_the_least_recently_used_text_is_forgotten_first() -> None:
    memo, encode = VectorMemo(2), _Counting()
    memo.encode(["a", "b"], encode)
    memo.encode(["a"], encode)  # "a" is now the most recent
    memo.encode(["c"], encode)  # "b" goes
    assert len(memo) == 2
    memo.encode(["a", "b"], encode)
    assert encode.calls[-1] == ["b"]


def test_a_cleared_memo_encodes_again() -> None:
    memo, encode = VectorMemo(4), _Counting()
    memo.encode(["a"], encode)
    memo.clear()
    memo.encode(["a"], encode)
    assert encode.calls == [["a"], ["a"]]


def test_a_memo_of_size_zero_remembers_nothing() -> None:
    memo, encode = VectorMemo(0), _Counting()
    memo.encode(["a"], encode)
    memo.encode(["a"], encode)
    assert encode.calls == [["a"], ["a"]] and len(memo) == 0


@pytest.mark.slow
def test_a_remembered_vector_is_the_one_the_model_gives(embedder: Embedder) -> None:
    texts = ["children in care", "Foster Care, Other Authorities: 17", "care leavers"]
    fresh = embedder._encode_few(texts)
    memo = VectorMemo(10)
    memo.encode(texts[:1], embedder._encode_few)  # encoded alone, then met among others
    np.testing.assert_allclose(memo.encode(texts, embedder._encode_few), fresh, atol=1e-6)
    assert len(memo) == 3
