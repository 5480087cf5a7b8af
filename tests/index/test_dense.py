"""FAISS against brute force on random normalised vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.dense import DenseIndex

N, DIM = 500, 384


def _unit(rows: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((rows, DIM)).astype(np.float32)
    return np.asarray(v / np.linalg.norm(v, axis=1, keepdims=True), dtype=np.float32)


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return _unit(N, seed=7)


@pytest.fixture(scope="module")
def queries() -> np.ndarray:
    return _unit(50, seed=11)


def _brute(vectors: np.ndarray, q: np.ndarray, k: int) -> tuple[list[int], np.ndarray]:
    scores = vectors @ q
    order = np.argsort(-scores, kind="stable")[:k]
    return [int(i) for i in order], scores[order]


@pytest.mark.parametrize("k", [1, 10, 50])
def test_flat_equals_brute_force(vectors: np.ndarray, queries: np.ndarray, k: int) -> None:
    index = DenseIndex.build(vectors, "flat")
    assert index.size == N
    for q in queries:
        hits = index.search(q, k)
        ids, scores = _brute(vectors, q, k)
        assert [i for i, _ in hits] == ids
        np.testing.assert_allclose([s for _, s in hits], scores, atol=1e-5)


def test_flat_is_the_default_and_exact_for_a_stored_vector(vectors: np.ndarray) -> None:
    index = DenseIndex.build(vectors)
    i, s = index.search(vectors[123], 1)[0]
    assert i == 123
    assert s == pytest.approx(1.0, abs=1e-5)


def test_k_larger_than_the_index_and_k_zero(vectors: np.ndarray, queries: np.ndarray) -> None:
    small = DenseIndex.build(vectors[:7], "flat")
    hits = small.search(queries[0], 100)
    assert len(hits) == 7
    assert sorted(i for i, _ in hits) == list(range(7))
    assert small.search(queries[0], 0) == []


def test_hnsw_recall_at_10(vectors: np.ndarray, queries: np.ndarray) -> None:
    index = DenseIndex.build(vectors, "hnsw")
    found = 0
    for q in queries:
        truth = set(_brute(vectors, q, 10)[0])
        found += len(truth & {i for i, _ in index.search(q, 10)})
    recall = found / (10 * len(queries))
    assert recall >= 0.9, recall


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_save_load_round_trip(
    vectors: np.ndarray, queries: np.ndarray, kind: str, tmp_path: Path
) -> None:
    index = DenseIndex.build(vectors, kind)
    path = tmp_path / f"{kind}.faiss"
    index.save(path)
    loaded = DenseIndex.load(path)
    assert loaded.size == N
    for q in queries[:20]:
        a = index.search(q, 10)
        b = loaded.search(q, 10)
        assert [i for i, _ in a] == [i for i, _ in b]
        np.testing.assert_allclose([s for _, s in a], [s for _, s in b], atol=1e-6)
