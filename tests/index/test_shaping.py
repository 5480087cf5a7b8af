"""The structure shaping of a fused ranking, by hand on small lists (no index needed)."""

from __future__ import annotations

from index.models import Chunk
from index.shaping import boost, collapse_twins, cover_years, rows_in_tables, tables_of_rows


def _chunk(cid: str, kind: str, start: int, end: int, document: str = "d") -> Chunk:
    return Chunk.model_validate(
        {
            "id": cid,
            "document_id": document,
            "title": "A report",
            "year": 2012,
            "status": "published",
            "kind": kind,
            "section": "1. A section",
            "text": "x",
            "embed_text": "x",
            "start": start,
            "end": end,
            "content_hash": cid,
        }
    )


def test_a_boost_lifts_the_chosen_and_keeps_ties_in_id_order() -> None:
    fused = [("a", 1.0), ("b", 0.6), ("c", 0.5)]
    assert boost(fused, lambda i: i == "c", 1.0) == [("a", 1.0), ("c", 1.0), ("b", 0.6)]
    assert boost(fused, lambda i: False, 1.0) == fused


def test_a_draft_becomes_its_published_twin_at_the_better_place() -> None:
    fused = [("draft1", 0.9), ("x", 0.8), ("pub1", 0.7), ("draft2", 0.6)]
    out, also = collapse_twins(fused, {"draft1": "pub1", "draft2": "pub2"})
    assert out == [("pub1", 0.9), ("x", 0.8), ("pub2", 0.6)]
    assert also == {"pub1": ["draft1"], "pub2": ["draft2"]}


def test_rows_show_as_their_table_once_and_a_draft_table_as_its_twin() -> None:
    fused = [("p", 0.9), ("r1", 0.8), ("r2", 0.7), ("r3", 0.6)]
    table_of = {"r1": "t", "r2": "t", "r3": "draft-t"}
    assert rows_in_tables(fused, table_of) == [("p", 0.9), ("t", 0.8), ("draft-t", 0.6)]
    assert rows_in_tables(fused, table_of, {"draft-t": "t"}) == [("p", 0.9), ("t", 0.8)]


def test_a_row_belongs_to_the_table_of_its_document_whose_span_holds_it() -> None:
    chunks = [
        _chunk("t", "table", 100, 200),
        _chunk("r", "row", 120, 140),
        _chunk("r-elsewhere", "row", 120, 140, document="e"),
        _chunk("r-outside", "row", 210, 220),
        _chunk("p", "paragraph", 0, 90),
    ]
    assert tables_of_rows(chunks) == {"r": "t"}


def test_every_year_of_a_cross_year_question_gets_into_the_top_k() -> None:
    year_of = {"a": 2012, "b": 2012, "c": 2012, "d": 2008, "e": 2023}
    fused = [("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.2), ("e", 0.1)]
    out = cover_years(fused, year_of, [2008, 2012, 2023], 3)
    # the weakest passages of 2012, the year with more than one, make room
    assert out[:3] == [("a", 0.9), ("d", 0.2), ("e", 0.1)]
    assert sorted(out) == sorted(fused)
    # all there already, or a year with no passage at all: unchanged
    assert cover_years(fused, year_of, [2012], 3) == fused
    assert cover_years(fused[:3], year_of, [2011], 3) == fused[:3]
