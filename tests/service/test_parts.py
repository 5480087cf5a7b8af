"""A section's parts read alone, and the file that keeps their vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from corpus.models import Block, BlockKind
from service.compare.parts import PartCache, part_texts
from service.compare.units import Unit

LONG = "Whilst some progress has been made in recruiting local foster carers, it is a challenge."


def _block(i: int, kind: BlockKind, text: str) -> Block:
    return Block(id=f"b{i}", kind=kind, text=text, start=i * 100, end=i * 100 + len(text))


def _unit(*blocks: Block) -> Unit:
    text = " ".join(b.text for b in blocks)
    return Unit("paragraph", "11", list(blocks), text, 0, 1000)


def test_parts_are_the_paragraphs_and_list_items_not_headings_or_labels() -> None:
    unit = _unit(
        _block(0, BlockKind.HEADING, "Future Service Improvements and what they are for"),
        _block(1, BlockKind.PARAGRAPH, "A range of further service improvements is being made."),
        _block(2, BlockKind.LIST_ITEM, LONG),
        _block(3, BlockKind.LIST_ITEM, "Virtual school;"),  # too short to read alone
    )
    assert part_texts(unit) == [
        "A range of further service improvements is being made.",
        LONG,
    ]


def test_a_unit_without_a_long_part_is_read_whole() -> None:
    unit = _unit(_block(0, BlockKind.PARAGRAPH, "Short."))
    assert part_texts(unit) == ["Short."]


class _Counting:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_a_part_is_embedded_once_and_kept_on_disk(tmp_path: Path) -> None:
    encode = _Counting()
    cache = PartCache(tmp_path, "model-a")
    first = cache.vectors(["alpha", "beta", "alpha"], encode)
    assert encode.seen == ["alpha", "beta"]
    assert first[:, 0].tolist() == [5.0, 4.0, 5.0]

    again = PartCache(tmp_path, "model-a")  # a new process reads the file
    assert np.array_equal(again.vectors(["beta", "alpha"], encode), first[[1, 0]])
    assert encode.seen == ["alpha", "beta"]
    assert len(PartCache(tmp_path, "model-b")) == 0  # another model has its own file


def test_an_unreadable_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = PartCache(tmp_path, "model-a")
    cache.path.parent.mkdir(parents=True)
    cache.path.write_bytes(b"not a numpy file")
    encode = _Counting()
    out = PartCache(tmp_path, "model-a").vectors(["alpha"], encode)
    assert encode.seen == ["alpha"]
    assert out.shape == (1, 2)


def test_no_texts_give_no_rows(tmp_path: Path) -> None:
    assert PartCache(tmp_path, "m").vectors([], _Counting()).shape[0] == 0
