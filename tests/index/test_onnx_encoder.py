"""The ONNX query encoder against the torch model it is exported from."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embedder import Embedder
from index.onnx_encoder import BUCKET, OnnxQueryEncoder

# lengths from two words to well past the 256 word pieces the model reads, in no order
TEXTS = [
    "children in care",
    "How many children came into care in Oxfordshire during 2011/12? " * 30,
    "253 children entered care in 2011/12.",
    "Foster Care, Other Authorities: 17",
    "The Safeguarding and Review Service completed 2530 Children We Care For Reviews between "
    "the 1st April 2022 and 31st March 2023, which has increased for the last three years.",
    "care leavers",
    "Oxfordshire has two children's homes, one offering 6 beds for girls and the other 5 to boys.",
]


@pytest.fixture(scope="module")
def onnx(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> OnnxQueryEncoder:
    root: Path = tmp_path_factory.mktemp("onnx")
    return OnnxQueryEncoder(embedder.model, embedder.path, root, 1, int8=False)


def test_batches_of_similar_length_give_each_text_its_own_vector(onnx: OnnxQueryEncoder) -> None:
    assert len(TEXTS) > BUCKET  # more than one run, in an order that is not the input's
    together = onnx.encode(TEXTS)
    alone = np.vstack([onnx.encode([t]) for t in TEXTS])
    assert together.shape == (len(TEXTS), alone.shape[1])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_the_onnx_vectors_match_the_torch_model(onnx: OnnxQueryEncoder, embedder: Embedder) -> None:
    cosine = np.sum(onnx.encode(TEXTS) * embedder.encode(TEXTS), axis=1)
    assert cosine.min() >= 0.999
    assert np.allclose(np.linalg.norm(onnx.encode(TEXTS), axis=1), 1.0, atol=1e-5)


def test_threads_encoding_at_once_each_get_their_own_vectors(onnx: OnnxQueryEncoder) -> None:
    """The API answers from many threads; the tokenizer they share keeps its padding and
    truncation settings as state, so calls must not interleave (they once mixed a padded
    batch with an unpadded one: 'setting an array element with a sequence')."""
    from concurrent.futures import ThreadPoolExecutor

    alone = [onnx.encode([t]) for t in TEXTS]
    jobs = [[TEXTS[(i + j) % len(TEXTS)] for j in range(1 + i % 5)] for i in range(len(TEXTS))]
    jobs *= 30
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(onnx.encode, jobs))
    for texts, got in zip(jobs, results, strict=True):
        want = np.vstack([alone[TEXTS.index(t)] for t in texts])
        np.testing.assert_allclose(got, want, atol=1e-5)
