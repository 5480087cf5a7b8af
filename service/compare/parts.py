"""A section's parts read alone: its paragraphs, list items and tables, each embedded without
the document title and section path that head every indexed chunk. The best part is a second
view of how close a section is to a topic: one list item on foster carers in a long list of
plans counts, and a title every chunk of the document shares does not.

Part vectors are not in the index, so they are kept in a file beside it (one per model, keyed
by the text's hash) and a part is embedded once."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from corpus.models import BlockKind
from service.compare.units import Unit

__all__ = ["MIN_PART_CHARS", "PartCache", "part_texts"]

log = logging.getLogger(__name__)

MIN_PART_CHARS = 40  # shorter blocks are labels and table captions, not a part to read alone

_WHOLE = {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE, BlockKind.FORM_FIELD}


def part_texts(unit: Unit) -> list[str]:
    """The unit's paragraphs, list items, tables and form fields of at least MIN_PART_CHARS,
    in order; the unit's own text when it has none."""
    parts = [
        b.text.strip()
        for b in unit.blocks
        if b.kind in _WHOLE and len(b.text.strip()) >= MIN_PART_CHARS
    ]
    return parts or [unit.text]


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


class PartCache:
    """Part vectors by text hash for one model, in one .npz file written whole (to a temporary
    file, then renamed), so a reader never sees keys from one write and vectors from another.
    A directory that cannot be written only costs the re-embedding."""

    def __init__(self, root: Path, model: str) -> None:
        tag = hashlib.sha256(model.encode()).hexdigest()[:12]
        self.path = root / "cache" / f"parts-{tag}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        if self.path.exists():
            try:
                with np.load(self.path) as data:
                    keys, vecs = data["keys"], data["vectors"]
                if len(keys) == len(vecs):
                    self._vectors = {str(k): v for k, v in zip(keys, vecs, strict=True)}
            except (OSError, ValueError, KeyError) as exc:
                log.warning("ignoring unreadable part-vector cache %s: %s", self.path, exc)

    def __len__(self) -> int:
        return len(self._vectors)

    def vectors(
        self, texts: Sequence[str], encode: Callable[[list[str]], np.ndarray]
    ) -> np.ndarray:
        """The texts' vectors (rows in order), embedding and saving those not yet cached."""
        keys = [_key(t) for t in texts]
        with self._lock:
            todo = list(dict.fromkeys(k for k in keys if k not in self._vectors))
            if todo:
                first = {k: t for k, t in zip(keys, texts, strict=True)}
                for k, v in zip(todo, encode([first[k] for k in todo]), strict=True):
                    self._vectors[k] = np.asarray(v, dtype=np.float32)
                self._save()
            if not keys:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([self._vectors[k] for k in keys])

    def _save(self) -> None:
        names = sorted(self._vectors)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        except OSError as exc:
            log.warning("could not save part vectors to %s: %s", self.path, exc)
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(
                    fh,
                    keys=np.array(names),
                    vectors=np.stack([self._vectors[k] for k in names]),
                )
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the index beside it is not
            os.replace(tmp, self.path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            log.warning("could not save part vectors to %s: %s", self.path, exc)
