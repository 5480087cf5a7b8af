"""A council report ends with its signatory: a name in capitals over a job title. Both text
parsers read the two (or three) lines as one heading, over the closing details."""

from __future__ import annotations

import datetime as dt

import pytest

from corpus.models import BlockKind, Document, DocumentMeta
from corpus.readers.markup import parse_markup
from corpus.readers.pdftext import parse_pdf_text

SIGNED = """1. The Cabinet is RECOMMENDED to note this report.

JANE DOE
Chief Executive
Resources Directorate

Background papers: None

Contact Officer: John Smith, Manager (01865) 000000
"""

NOT_SIGNED = """CORPORATE PARENTING
Annual Report

1. The council looks after children and young people.
"""


def _parse(parser: str, body: str) -> Document:
    meta = DocumentMeta(
        id="t", title="T", date=dt.date(2020, 1, 1), year=2020, kind="other", file="t.txt"
    )
    fn = parse_markup if parser == "markup" else parse_pdf_text
    return fn(meta, body, 0, "sha", parser, set())


@pytest.mark.parametrize("parser", ["markup", "pdftext"])
def test_a_signatory_and_job_title_are_one_heading_over_the_closing_details(parser: str) -> None:
    doc = _parse(parser, SIGNED)
    heading = next(b for b in doc.blocks if b.kind == BlockKind.HEADING)
    assert " ".join(heading.text.split()) == "JANE DOE Chief Executive Resources Directorate"
    contact = next(b for b in doc.blocks if b.text.startswith("Contact Officer"))
    assert contact.section == "JANE DOE Chief Executive Resources Directorate"


@pytest.mark.parametrize("parser", ["markup", "pdftext"])
def test_a_capitalised_title_over_a_subtitle_is_not_a_signature(parser: str) -> None:
    doc = _parse(parser, NOT_SIGNED)
    texts = [" ".join(b.text.split()) for b in doc.blocks]
    assert "CORPORATE PARENTING Annual Report" not in texts
