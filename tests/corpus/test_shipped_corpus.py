"""The structure of the shipped reports, pinned."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from corpus import BlockKind, Document, load_manifest
from corpus.settings import project_root

SEEDS = project_root().parent / "shared" / "seeds"


def test_manifest_lists_seven_documents_with_relations() -> None:
    metas = {
        m.id: m for m in load_manifest(project_root() / "corpus" / "reports" / "manifest.toml")
    }
    assert set(metas) == {
        "cabinet-2008",
        "cabinet-2008-annex1",
        "placement-strategy-2011",
        "cabinet-2012",
        "cabinet-2012-form",
        "cabinet-2012-draft",
        "corporate-parenting-2023",
    }
    assert metas["cabinet-2012-draft"].related("draft_of") == ["cabinet-2012"]
    assert metas["cabinet-2012-form"].related("form_for") == ["cabinet-2012"]
    assert metas["cabinet-2008-annex1"].related("annex_of") == ["cabinet-2008"]
    assert {metas[i].year for i in metas} == {2008, 2011, 2012, 2023}


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not beside the checkout")
def test_shipped_files_are_the_seeds_byte_for_byte() -> None:
    reports = project_root() / "corpus" / "reports"
    shipped = {hashlib.sha256(p.read_bytes()).hexdigest() for p in reports.glob("*.txt")}
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    assert shipped == seeds


def test_numbered_paragraphs_of_published_and_draft(documents: dict[str, Document]) -> None:
    assert documents["cabinet-2012"].paragraphs() == [str(n) for n in range(1, 37)]
    assert documents["cabinet-2012-draft"].paragraphs() == [str(n) for n in range(1, 36)]
    assert documents["cabinet-2008"].paragraphs() == [str(n) for n in range(1, 16)]


def _numbers(doc: Document) -> list[str]:
    return [b.number for b in doc.blocks if b.kind == BlockKind.HEADING and b.number]


def test_strategy_2011_sections(documents: dict[str, Document]) -> None:
    numbers = _numbers(documents["placement-strategy-2011"])
    expected = (
        [str(n) for n in range(1, 8)]
        + [f"2.{n}" for n in range(1, 4)]
        + [f"3.{n}" for n in range(1, 16)]
        + [f"4.{n}" for n in range(1, 8)]
        + [f"6.{n}" for n in range(1, 9)]
        + ["7.1", "7.2", "7.3"]
        + [f"7.3.{n}" for n in range(1, 6)]
    )
    assert sorted(numbers) == sorted(expected)
    headings = {b.number: b.text for b in documents["placement-strategy-2011"].blocks if b.number}
    assert (
        headings["3.11"] == "3.11 PERMANENCY - CYP Supported In Adoption, SGOs, ROs And Real Costs"
    )
    assert headings["6"].startswith("6. STRATEGIC NEEDS ANALYSIS – Summary of Current Challenges")
    assert headings["6"].endswith("Action Taken and Planned Further Action")
    assert headings["6.8"] == "6.8 THE PRESSURE TO DEVELOP MORE FOSTER PLACEMENTS CONTINUES"
    assert not any(
        "Appendix 1)" in b.text
        for b in documents["placement-strategy-2011"].blocks
        if b.kind == BlockKind.HEADING
    )


def test_table_8_rows_and_cells(documents: dict[str, Document]) -> None:
    table = next(
        b for b in documents["cabinet-2012"].blocks if b.caption and b.caption.startswith("Table 8")
    )
    assert table.columns == ["Oxfordshire", "Neighbouring Authority", "Other Authorities", "Total"]
    rows = [r for r in table.rows if not r.header]
    assert len(rows) == 11 and rows[-1].label == "Total"
    cells = {r.label: [c.text for c in r.cells] for r in rows}
    assert cells["Foster Care"] == ["201", "33", "17", "251"]
    assert cells["Residential Home"] == ["26", "4", "13", "43"]
    assert cells["Young Offenders Institute"] == ["0", "0", "1", "1"]
    assert cells["Total"] == ["341", "46", "47", "434"]
    by_col = {c.column: c.text for c in rows[0].cells}
    assert by_col == {
        "Oxfordshire": "201",
        "Neighbouring Authority": "33",
        "Other Authorities": "17",
        "Total": "251",
    }
    assert table.paragraph == "33"


def test_run_together_headers_name_the_columns(documents: dict[str, Document]) -> None:
    """The 2011 strategy's residential and supported-housing tables print their column names
    run together on one line (and, for the second, broken over lines); each value still gets
    its column, so "Unit cost/week 3,438" reads as a weekly cost."""
    tables = [b for b in documents["placement-strategy-2011"].blocks if b.kind == BlockKind.TABLE]
    cells = {
        (r.label, c.column): c.text for t in tables for r in t.rows if not r.header for c in r.cells
    }
    assert cells["2011", "Unit cost/week"] == "3,438"
    assert cells["2008", "Children placed"] == "45"
    assert cells["Former Relevant", "Budget 10-11"] == "194,863"
    assert cells["Former Relevant", "Support days 09-10"] == "9,725"
    # a header with a row of its own ("No % % % %") is not split at capitals
    table_3 = next(
        b for b in documents["cabinet-2012"].blocks if b.caption and b.caption.startswith("Table 3")
    )
    assert table_3.columns == []


def test_2023_sections_come_from_the_body(documents: dict[str, Document]) -> None:
    doc = documents["corporate-parenting-2023"]
    numbers = _numbers(doc)
    assert numbers == ["1", "1.1", "1.2", "2", *[f"2.{n}" for n in range(1, 14)], "2.13"]
    contents = [b for b in doc.blocks if b.kind == BlockKind.CONTENTS]
    assert contents and contents[0].text.startswith("1. Foreword")
    first_heading = next(b for b in doc.blocks if b.number == "2.1")
    assert first_heading.start > contents[-1].end


def test_a_table_keeps_its_name_and_the_section_around_it(
    documents: dict[str, Document],
) -> None:
    """'Figure 7. ...' and an unnumbered heading over nothing but a table ('PN Code Data')
    are the tables' captions, not sections of their own; a numbered heading stays a section."""
    doc = documents["corporate-parenting-2023"]
    tables = {b.caption: b for b in doc.blocks if b.kind == BlockKind.TABLE and b.caption}
    pn = tables["PN Code Data"]
    assert pn.section.endswith("> Participation in CWCF Reviews")
    assert pn.text.startswith("PN Code Data\n")
    delays = tables["Figure 7. Leading Factors Delaying Completion of RHAs"]
    assert delays.section.endswith("> REVIEW HEALTH ASSESSMENTS (RHA)")
    headings = {b.text for b in doc.blocks if b.kind == BlockKind.HEADING}
    assert not any(h.startswith(("Fig", "PN Code")) for h in headings)
    strategy = documents["placement-strategy-2011"]
    residential = next(
        b for b in strategy.blocks if b.kind == BlockKind.TABLE and "3.7 " in b.section
    )
    assert residential.caption is None


def test_block_spans_cut_their_text(documents: dict[str, Document]) -> None:
    for doc in documents.values():
        for b in doc.blocks:
            assert doc.text[b.start : b.end] == b.text
            for row in b.rows:
                for c in row.cells:
                    assert doc.text[c.start : c.end] == c.text


def test_clean_text_repairs_punctuation_and_drops_furniture(documents: dict[str, Document]) -> None:
    text = documents["cabinet-2012"].text
    assert "‟" not in text and "Children’s Services" in text
    assert "\nCA10\n" not in text and "CA10" not in text
    assert "DRAFT" not in documents["cabinet-2012-draft"].text


def test_offsets_map_back_to_the_source(documents: dict[str, Document]) -> None:
    doc = documents["placement-strategy-2011"]
    source = (project_root() / "corpus" / "reports" / doc.meta.file).read_text(encoding="utf-8")
    for b in doc.blocks[::7]:
        first_word = b.text.split()[0]
        src = doc.offsets.to_source(b.start)
        assert source[src : src + len(first_word)] == first_word


def test_run_in_headings_and_check_boxes(documents: dict[str, Document]) -> None:
    para17 = next(b for b in documents["cabinet-2012"].blocks if b.paragraph == "17")
    assert para17.run_in == "Supported Housing Review"
    draft18 = next(b for b in documents["cabinet-2012-draft"].blocks if b.paragraph == "18")
    assert draft18.run_in == "Corporate Parenting Review"
    assert "**" not in documents["cabinet-2012-draft"].text
    form = documents["cabinet-2012-form"]
    legal = [
        b for b in form.blocks if b.kind == BlockKind.FORM_FIELD and b.label == "Legal Implications"
    ]
    assert any(
        "[ticked] The report is not considered to raise any legal implications" in b.text
        for b in legal
    )


def test_pages_for_pdf_text(documents: dict[str, Document]) -> None:
    doc = documents["placement-strategy-2011"]
    assert doc.pages is not None and doc.pages >= 15
    assert all(b.page is not None for b in doc.blocks)
    assert documents["corporate-parenting-2023"].pages is None


def test_ids_and_json_are_stable(settings: object, documents: dict[str, Document]) -> None:
    from corpus import ingest

    again = {d.id: d for d in ingest(settings).documents}  # type: ignore[arg-type]
    for key, doc in documents.items():
        assert again[key].model_dump_json() == doc.model_dump_json()


def test_wrong_part_marker_is_a_clear_error(tmp_path: Path) -> None:
    from corpus import DocumentMeta, IngestError, read_document

    path = tmp_path / "r.txt"
    path.write_text("Intro\n\n1. Some text here.\n", encoding="utf-8")
    meta = DocumentMeta(
        id="x", title="x", date=dt.date(2020, 1, 1), year=2020, file="r.txt", start="NOPE"
    )
    with pytest.raises(IngestError, match="start marker 'NOPE'"):
        read_document(meta, path, 10_000)


def test_a_bullet_ends_at_a_blank_line_before_a_new_sentence(
    documents: dict[str, Document],
) -> None:
    """A bullet printed without a full stop ends at the blank line before the next sentence
    on its page; a bullet broken by a blank line after "and" goes on."""
    doc = documents["placement-strategy-2011"]
    item = next(b for b in doc.blocks if doc.text[b.start :].startswith("monitor the care plans"))
    assert item.kind == BlockKind.LIST_ITEM
    assert doc.text[item.start : item.end].endswith("agency placements")
    after = next(b for b in doc.blocks if b.start > item.start)
    assert after.kind == BlockKind.PARAGRAPH
    assert doc.text[after.start :].startswith("Between April 2010 and January 2011")
    annex = documents["cabinet-2008-annex1"]
    picnic = next(b for b in annex.blocks if "Adoption Picnics" in annex.text[b.start : b.end])
    assert annex.text[picnic.start :].startswith("Parents/carers")
    assert annex.text[picnic.start : picnic.end].endswith("remains high;")


def test_the_signatory_heads_the_closing_details(documents: dict[str, Document]) -> None:
    """'JIM LEIVERS' over 'Director for Children's Services' is one heading; the contact
    officer sits under it, not under a section named after the job title."""
    for doc_id in ("cabinet-2012", "cabinet-2012-draft"):
        doc = documents[doc_id]
        signed = [b for b in doc.blocks if b.kind == BlockKind.HEADING and "LEIVERS" in b.text]
        assert len(signed) == 1
        assert " ".join(signed[0].text.split()).startswith("JIM LEIVERS Director for Children")
        contact = next(b for b in doc.blocks if b.text.startswith("Contact Officer"))
        assert contact.section.startswith("JIM LEIVERS Director")
    couldrick = next(b for b in documents["cabinet-2008"].blocks if "COULDRICK" in b.text)
    assert couldrick.kind == BlockKind.HEADING and "Head of Service" in couldrick.text
