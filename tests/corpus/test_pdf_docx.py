"""Real PDF and Word files, built in the test: blocks, pages, numbered paragraphs, tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus import BlockKind, Document, DocumentMeta, IngestError, read_document
from corpus.readers import pick_reader

LIMIT = 10_000_000

PARAGRAPHS = {
    1: "This report sets out the progress made by the council for children in care during "
    "the year, and what remains to be done in the year ahead. It is presented to Cabinet.",
    2: "The number of children in care rose slightly over the year, in line with the "
    "national trend.",
    3: "Most children in care live with foster carers, as the table below shows.",
    4: "Numbers are taken at 31 March of each year and include children placed out of county.",
    5: "The council will keep working with its partners to improve outcomes for children in "
    "care and care leavers.",
}
# paragraph number -> page it is printed on
PAGE_OF = {1: 1, 2: 1, 3: 2, 4: 2, 5: 3}
TABLE = [
    ("Foster Care", "201", "74%"),
    ("Residential Home", "26", "10%"),
    ("Supported Lodgings", "18", "7%"),
    ("Total", "271", "100%"),
]


def _meta(name: str) -> DocumentMeta:
    return DocumentMeta(id="test-doc", title="Test", date=dt.date(2023, 1, 1), year=2023, file=name)


def _pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font("Helvetica", style="B", size=size)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    def para(n: int) -> None:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, f"{n}. {PARAGRAPHS[n]}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    def line(text: str) -> None:
        pdf.set_font("Helvetica", size=11)
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    heading("Children in Care Annual Report", size=16)
    heading("Introduction")
    para(1)
    para(2)
    line("- Foster care remains the main placement.")
    line("- Residential homes are used less.")
    pdf.add_page()
    heading("Placements")
    para(3)
    line("Table 1: Placements by type at 31 March")
    with pdf.table(col_widths=(60, 30, 30), text_align=("LEFT", "RIGHT", "RIGHT")) as table:
        for values in [("Placement", "Number", "Percent"), *TABLE]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(4)
    para(4)
    pdf.add_page()
    heading("Conclusion")
    para(5)
    return bytes(pdf.output())


@pytest.fixture
def pdf_doc(tmp_path: Path) -> Document:
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf_bytes())
    return read_document(_meta(path.name), path, LIMIT)


def _spans_cut(doc: Document) -> None:
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        for row in b.rows:
            for c in row.cells:
                assert doc.text[c.start : c.end] == c.text


def test_pdf_blocks_pages_and_spans(pdf_doc: Document) -> None:
    doc = pdf_doc
    assert doc.reader == "pdf" and doc.pages == 3
    assert all(b.page in (1, 2, 3) for b in doc.blocks)
    _spans_cut(doc)
    headings = {b.text: b for b in doc.blocks if b.kind == BlockKind.HEADING}
    assert {"Introduction", "Placements", "Conclusion"} <= set(headings)
    assert headings["Introduction"].page == 1
    assert headings["Placements"].page == 2
    assert headings["Conclusion"].page == 3
    items = [b.text for b in doc.blocks if b.kind == BlockKind.LIST_ITEM]
    assert items == ["Foster care remains the main placement.", "Residential homes are used less."]


def test_pdf_numbered_paragraphs(pdf_doc: Document) -> None:
    doc = pdf_doc
    assert doc.paragraphs() == ["1", "2", "3", "4", "5"]
    for n, page in PAGE_OF.items():
        block = next(
            b for b in doc.blocks if b.kind == BlockKind.PARAGRAPH and b.paragraph == str(n)
        )
        # pypdf wraps lines as printed; the parser joins them back into one paragraph
        assert block.text == f"{n}. {PARAGRAPHS[n]}"
        assert block.page == page
    para3 = next(b for b in doc.blocks if b.paragraph == "3" and b.kind == BlockKind.PARAGRAPH)
    assert para3.section_path == ["Placements"]


def test_pdf_table_rows_and_cells(pdf_doc: Document) -> None:
    table = next(b for b in pdf_doc.blocks if b.kind == BlockKind.TABLE)
    assert table.caption == "Table 1: Placements by type at 31 March"
    assert table.page == 2
    assert "Placement Number Percent" in table.text
    rows = {r.label: [c.text for c in r.cells] for r in table.rows if not r.header}
    assert rows == {label: [n, pct] for label, n, pct in TABLE}


def test_pdf_source_offsets_point_into_the_extracted_text(tmp_path: Path) -> None:
    from corpus.readers.pdf import PAGE_GAP, extract_pages

    data = _pdf_bytes()
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    doc = read_document(_meta(path.name), path, LIMIT)
    source = PAGE_GAP.join(extract_pages("report.pdf", data))
    for b in doc.blocks:
        first = b.text.split()[0]
        src = doc.offsets.to_source(b.start)
        assert source[src : src + len(first)] == first


def test_one_page_pdf_still_numbers_its_page(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "A single page with one sentence on it.")
    path = tmp_path / "one.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = read_document(_meta(path.name), path, LIMIT)
    assert doc.pages == 1 and [b.page for b in doc.blocks] == [1]


# -- Word --------------------------------------------------------------------------------------


def _docx_bytes(path: Path) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Corporate Parenting Report", level=0)
    d.add_heading("Introduction", level=1)
    d.add_paragraph("This report sets out what the council did for children in care this year.")
    d.add_heading("Placements", level=2)
    d.add_paragraph("Most children live with foster carers, as the table below shows.")
    d.add_paragraph("Foster care is the main placement", style="List Bullet")
    d.add_paragraph("Residential homes are used less", style="List Bullet")
    d.add_paragraph("Table 1: Placements by type")
    table = d.add_table(rows=0, cols=3)
    for values in [("Placement", "Number", "Percent"), *TABLE]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    d.add_paragraph("Numbers are taken at 31 March and include children placed out of county.")
    d.add_heading("Conclusion", level=1)
    d.add_paragraph("The council will keep working with its partners.")
    d.save(str(path))
    return path.read_bytes()


@pytest.fixture
def docx_doc(tmp_path: Path) -> Document:
    path = tmp_path / "report.docx"
    _docx_bytes(path)
    return read_document(_meta(path.name), path, LIMIT)


def test_docx_headings_levels_and_sections(docx_doc: Document) -> None:
    doc = docx_doc
    assert doc.reader == "docx"
    _spans_cut(doc)
    heads = [(b.text, b.level) for b in doc.blocks if b.kind == BlockKind.HEADING]
    assert heads == [
        ("Corporate Parenting Report", 1),
        ("Introduction", 1),
        ("Placements", 2),
        ("Conclusion", 1),
    ]
    by_text = {b.text: b for b in doc.blocks}
    para = by_text["Most children live with foster carers, as the table below shows."]
    assert para.kind == BlockKind.PARAGRAPH
    assert para.section_path == ["Introduction", "Placements"]
    assert by_text["The council will keep working with its partners."].section_path == [
        "Conclusion"
    ]


def test_docx_list_items_and_table(docx_doc: Document) -> None:
    doc = docx_doc
    items = [b for b in doc.blocks if b.kind == BlockKind.LIST_ITEM]
    assert [b.text for b in items] == [
        "Foster care is the main placement",
        "Residential homes are used less",
    ]
    assert all(b.section_path == ["Introduction", "Placements"] for b in items)
    table = next(b for b in doc.blocks if b.kind == BlockKind.TABLE)
    assert table.caption == "Table 1: Placements by type"
    assert table.columns == ["Number", "Percent"]
    assert table.rows[0].header and table.rows[0].label == "Placement"
    body = [r for r in table.rows if not r.header]
    assert [(r.label, [c.text for c in r.cells]) for r in body] == [
        (label, [n, pct]) for label, n, pct in TABLE
    ]
    assert {c.column: c.text for c in body[0].cells} == {"Number": "201", "Percent": "74%"}
    # the paragraph after the table is its own block, in document order
    after = doc.blocks[doc.blocks.index(table) + 1]
    assert after.kind == BlockKind.PARAGRAPH and after.text.startswith("Numbers are taken")


def test_docx_merged_cells_and_line_breaks_stay_one_row(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("A paragraph with a soft\tbreak inside it.")
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Placement"
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "Numbers"
    table.cell(1, 0).text = "Foster\nCare"
    table.cell(1, 1).text = "201"
    table.cell(1, 2).text = "215"
    path = tmp_path / "merged.docx"
    d.save(str(path))
    doc = read_document(_meta(path.name), path, LIMIT)
    assert doc.blocks[0].kind == BlockKind.PARAGRAPH
    assert doc.blocks[0].text == "A paragraph with a soft break inside it."
    t = next(b for b in doc.blocks if b.kind == BlockKind.TABLE)
    assert [(r.label, [c.text for c in r.cells]) for r in t.rows] == [
        ("Placement", ["Numbers"]),
        ("Foster Care", ["201", "215"]),
    ]


# -- picking a reader by content -----------------------------------------------------------------


def test_pdf_content_is_read_as_pdf_whatever_its_name(tmp_path: Path) -> None:
    data = _pdf_bytes()
    as_pdf = tmp_path / "report.pdf"
    as_txt = tmp_path / "report.txt"
    no_suffix = tmp_path / "report"
    for p in (as_pdf, as_txt, no_suffix):
        p.write_bytes(data)
    assert pick_reader("report.txt", ".txt", data).name == "pdf"
    docs = [read_document(_meta(p.name), p, LIMIT) for p in (as_pdf, as_txt, no_suffix)]
    assert {d.reader for d in docs} == {"pdf"}
    assert docs[1].text == docs[0].text == docs[2].text


def test_docx_content_without_suffix_is_read_as_docx(tmp_path: Path) -> None:
    data = _docx_bytes(tmp_path / "report.docx")
    path = tmp_path / "report"
    path.write_bytes(data)
    assert read_document(_meta(path.name), path, LIMIT).reader == "docx"


def test_pdf_suffix_with_text_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("1. Just some text saved with the wrong suffix.\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_document(_meta(path.name), path, LIMIT)
    err = info.value
    assert "notes.pdf" in str(err) and "not a PDF file" in err.reason
    assert err.fix


def test_text_content_is_not_read_by_the_binary_readers(tmp_path: Path) -> None:
    data = b"Introduction\n\n1. Plain text, as a report extracted to text.\n"
    assert pick_reader("a.txt", ".txt", data).name == "pdf-text"


def test_blank_page_does_not_shift_page_numbers(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in ["First page text.", None, "Third page text."]:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
    path = tmp_path / "gap.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = read_document(_meta(path.name), path, LIMIT)
    assert doc.pages == 3
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("First page text.", 1),
        ("Third page text.", 3),
    ]
