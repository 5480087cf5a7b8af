"""Query encoding through ONNX Runtime: the local MiniLM exported with torch.onnx (and, if asked,
quantised to int8 per channel), cached under the data directory. Vectors match the torch ones
(fp32: cosine 1.0; int8: about 0.994), so queries can be encoded this way against an index that
torch built. Nothing is downloaded: the export reads the installed model."""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["OnnxQueryEncoder"]

log = logging.getLogger(__name__)
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
BUCKET = 4  # texts per run: fewer means less padding, more runs


def _export(model: Any, path: Path) -> None:
    import torch

    class _Wrapper(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    hf = model[0].auto_model.eval()
    sample = model.tokenizer(["a sample", "another sample text"], padding=True, return_tensors="pt")
    tmp = path.with_suffix(".tmp.onnx")
    with torch.no_grad(), warnings.catch_warnings():
        # the tracer's notes on this fixed graph are not for the user
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Wrapper(hf),
            tuple(sample[k] for k in _INPUTS),
            str(tmp),
            input_names=list(_INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes={k: {0: "batch", 1: "seq"} for k in (*_INPUTS, "last_hidden_state")},
            opset_version=17,
            dynamo=False,
        )
    os.replace(tmp, path)


class OnnxQueryEncoder:
    def __init__(
        self, model: Any, model_path: Path, cache_root: Path, threads: int, int8: bool
    ) -> None:
        import onnxruntime as ort

        tag = hashlib.sha256(str(model_path).encode()).hexdigest()[:12]
        folder = cache_root / "cache" / f"onnx-{tag}"
        folder.mkdir(parents=True, exist_ok=True)
        fp32 = folder / "model.onnx"
        if not fp32.exists():
            _export(model, fp32)
        path = fp32
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            path = folder / "model.int8.onnx"
            if not path.exists():
                tmp = folder / "model.int8.tmp.onnx"
                quantize_dynamic(
                    str(fp32),
                    str(tmp),
                    weight_type=QuantType.QInt8,
                    per_channel=True,
                    op_types_to_quantize=["MatMul"],
                )
                os.replace(tmp, path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        # its own copy of the tokenizer, which keeps its padding and truncation settings as
        # state, used by one call at a time (the torch model, encoding documents meanwhile,
        # has the other; the ONNX runs themselves may overlap)
        self.tokenizer = copy.deepcopy(model.tokenizer)
        self._tokenizing = threading.Lock()
        self.max_length = int(getattr(model, "max_seq_length", 256) or 256)
        self.name = "onnx-int8" if int8 else "onnx"

    def encode(self, texts: list[str]) -> np.ndarray:
        """Normalised mean-pooled vectors. Texts are run in batches of similar length, so a
        short text is not padded to the longest one's length."""
        with self._tokenizing:
            ids = self.tokenizer(texts, truncation=True, max_length=self.max_length)["input_ids"]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for at in range(0, len(order), BUCKET):
            part = order[at : at + BUCKET]
            vecs = self._run([texts[i] for i in part])
            if out.shape[1] == 0:
                out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
            out[part] = vecs
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        with self._tokenizing:
            enc = self.tokenizer(
                texts,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="np",
            )
        feed = {k: enc[k].astype(np.int64) for k in _INPUTS}
        hidden = self.session.run(None, feed)[0]
        mask = enc["attention_mask"][..., None].astype(np.float32)
        vecs = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        out: np.ndarray = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
        return out
