"""A report named by its description: which one a phrase singles out, and the boost it gets."""

from __future__ import annotations

import datetime as dt

import pytest

from corpus.models import Document, DocumentMeta, OffsetMap
from corpus.settings import Settings
from index.models import Filters
from index.retriever import Retriever
from index.sources import named_documents, sources_of
from index.terms import TermStats

TERMS = TermStats(["children in care", "foster carers"])


def _doc(doc_id: str, title: str, date: dt.date, status: str = "published") -> Document:
    meta = DocumentMeta(
        id=doc_id, title=title, date=date, year=date.year, file=f"{doc_id}.txt", status=status
    )
    return Document(
        meta=meta, text="x", blocks=[], offsets=OffsetMap(), source_sha256="0", reader="gen"
    )


SOURCES = sources_of(
    [
        _doc("main", "The council's role as corporate parent: progress", dt.date(2008, 11, 25)),
        _doc("annex", "Annex 1: Report to the Panel on progress, Oct 08", dt.date(2008, 10, 31)),
        _doc("strategy", "Placement strategy for children in care", dt.date(2011, 4, 1)),
        _doc("form", "Report submission form: progress report", dt.date(2012, 11, 27), "draft"),
        _doc("progress", "Progress report on children in care", dt.date(2012, 11, 27)),
    ],
    TERMS,
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("What did the October 2008 progress update to the Panel say?", ["annex"]),
        ("What did the November 2008 corporate parenting paper ask?", ["main"]),
        ("What does the 2012 submission form tick?", ["form"]),
        ("What did the published November 2012 report say?", ["progress"]),
        # one report of its year: the year boost already picks it
        ("What did the 2011 placement strategy plan?", []),
        # two reports of 2012 fit as well as each other: neither is singled out
        ("What did the 2012 progress report say?", []),
        ("How many foster carers were there in 2008?", []),
    ],
)
def test_a_description_singles_out_one_report_of_its_year(query: str, expected: list[str]) -> None:
    assert named_documents(query, SOURCES, TERMS) == expected


def test_the_named_report_is_boosted_over_the_other_of_its_year(
    retriever: Retriever, full_settings: Settings
) -> None:
    query = (
        "What share of young people were in education, employment or training, according to "
        "the October 2008 progress update to the Corporate Parenting Panel?"
    )
    plain = Retriever(
        full_settings.model_copy(
            update={"index": full_settings.index.model_copy(update={"document_boost": 0.0})}
        ),
        retriever.index,
        retriever.embedder,
    )
    boosted = retriever.search(query, 5, Filters())
    assert plain.search(query, 5, Filters())[0].chunk.document_id == "cabinet-2008"
    assert boosted[0].chunk.document_id == "cabinet-2008-annex1"
    assert sum(h.chunk.document_id == "cabinet-2008-annex1" for h in boosted) >= 4
