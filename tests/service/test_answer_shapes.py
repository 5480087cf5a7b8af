"""The answer step's shape rules: what a count question counts, the figure type gate, the
period a question names, reason and list composition, capital-letter rows, draft twins."""

from __future__ import annotations

import numpy as np

from corpus.models import Block, BlockKind, Cell, Document, DocumentMeta, Relation, Row
from index.glossary import mentions
from index.models import Chunk, Hit
from index.query import QueryIntent, without_sources
from index.terms import TermStats
from service.answer import _from_published
from service.answer.candidates import candidates_from_hits
from service.answer.compose import LINE_LIMIT, compose
from service.answer.features import _label_share, _other_period, _period, years_of
from service.answer.measure import measure_match, measure_terms
from service.answer.models import Candidate
from service.answer.qtype import AnswerType, type_match
from service.answer.scorer import Logistic, ScorerModel, rank

TERMS = TermStats(
    [
        "There are also 378 care leavers, including 88 UASCs.",
        "ICT gave reconditioned computers to 200 CLA.",
        "253 children entered care in 2011/12.",
        "Oxfordshire has around 330 foster carers.",
    ]
)


def _cand(text: str, kind: str = "sentence", chunk: str = "d:1", **features: float) -> Candidate:
    c = Candidate(
        kind=kind,
        text=text,
        document_id="d",
        chunk_id=chunk,
        start=0,
        end=len(text),
        year=2012,
        status="published",
        rank=1,
    )
    c.features = dict(features)
    return c


def test_the_measure_is_the_noun_phrase_a_question_counts() -> None:
    assert measure_terms("How many care leavers did the council support in 2008?", TERMS) == [
        "care",
        "leaver",
    ]
    assert measure_terms("What did it cost each week?", TERMS) == []
    # "looked after" is one phrase, not a cut at the preposition "after"
    assert "after" in measure_terms("How many looked after children went missing?", TERMS)


def test_a_figure_matches_the_measure_only_when_the_words_are_next_to_it() -> None:
    m = measure_terms("How many care leavers did the council support?", TERMS)
    near = "The role extends to 718 children and young people, 413 in care, and 305 care leavers."
    assert measure_match(m, near, "sentence", TERMS) == 1.0
    assert measure_match(m, "ICT gave reconditioned computers to 200 CLA.", "sentence", TERMS) == 0
    # a table row says what it counts in its label and columns
    assert measure_match(m, "Care leavers, Oxfordshire: 12", "row", TERMS) == 1.0


def test_glossary_equivalents_and_child_words_count_as_the_measure() -> None:
    m = measure_terms("How many unaccompanied children was the council responsible for?", TERMS)
    text = "Oxfordshire currently has 155 UASCs, a reducing number."
    assert measure_match(m, text, "sentence", TERMS) < 1.0
    eq = [("unaccompanied children", ["UASC", "UASCs"])]
    assert measure_match(m, text, "sentence", TERMS, eq) == 1.0
    kids = measure_terms("How many young people were in Staying Put?", TERMS)
    assert measure_match(kids, "we had 14 children supported", "sentence", TERMS) == 1.0
    # the 2022-23 report's own word for them: children we care for
    assert measure_match(kids, "65 CWCF sat their GCSEs in 2022", "sentence", TERMS) == 1.0


def test_another_name_counts_only_as_a_whole_word() -> None:
    m = measure_terms("How many looked after children were in independent living?", TERMS)
    eq = [("looked after children", ["LAC", "CLA"])]
    # "lac" is inside "placed", which says nothing of looked after children
    assert measure_match(m, "Placed for adoption: Total 31", "row", TERMS, eq) == 0.0
    assert measure_match(m, "Total LAC: Total 434", "row", TERMS, eq) == 1.0
    assert mentions("Oxfordshire has 155 UASCs", ["UASC"])  # a plural is still the name
    assert not mentions("placed for adoption", ["LAC"])


def test_a_row_is_measured_under_its_table_s_caption() -> None:
    from service.answer.features import add_features

    question = "How many looked after children were placed for adoption?"
    row = _cand("Placed for adoption: Oxfordshire 22; Total 31", kind="row")
    bare = row.model_copy()
    row.context = "Table 8: looked after children by placement type"
    chunk = Chunk(
        id="d:1",
        document_id="d",
        title="T",
        year=2012,
        status="published",
        kind="rows",
        section="S",
        start=0,
        end=10,
        text="x",
        embed_text="x",
        content_hash="0",
    )
    for c in (row, bare):
        add_features([c], question, AnswerType.NUMBER, QueryIntent(), TERMS, [], {"d:1": chunk})
    assert row.features["measure"] == 1.0  # the caption says what the row counts
    assert bare.features["measure"] < 1.0


def test_a_count_question_prefers_a_count_to_a_percentage() -> None:
    assert type_match(AnswerType.NUMBER, "55% of our CLA are placed in foster care", "x") < 1
    assert type_match(AnswerType.NUMBER, "37 CYP remained within their family", "x") == 1
    assert type_match(AnswerType.PERCENT, "55% of our CLA are placed in foster care", "x") == 1
    # counts written in words, but not a share written in words
    assert type_match(AnswerType.NUMBER, "However, eight beds have been out of use.", "x") == 1
    assert type_match(AnswerType.NUMBER, "Thirty-two children were adopted.", "x") == 1
    assert type_match(AnswerType.NUMBER, "twenty-five per cent of them", "x") == 0


def test_a_period_the_question_names_is_matched_however_the_report_writes_it() -> None:
    intent = QueryIntent(years=[2011], periods={"2011": 2011, "2010": 2010, "2011/12": 2012})
    assert _period(intent, "2010, IFAS NO PLACED WITH IFAS: 123") == 1.0
    assert _period(intent, "253 children entered care in 2011-12") == 1.0
    assert _period(intent, "in 2011 we had 334 carers") == 0.5  # only the named report's year
    assert _period(intent, "in 20101 cases") == 0.0
    assert _period(intent, "In 2011/2012, 22 were adopted") == 1.0  # the end year in full
    assert _period(intent, "in 2011 – 12") == 1.0
    assert _period(intent, "in 2011/13") == 0.5  # another period; only the report's year


def test_a_line_dated_only_to_years_the_question_does_not_ask_is_flagged() -> None:
    asked = years_of(without_sources("How many children were in care in March 2023?"))
    assert asked == {2023}
    assert _other_period(asked, "On 31 March 2022 we had 14 children under Staying Put.") == 1.0
    assert _other_period(asked, "During 2022/23, 211 reviews were chaired each month.") == 0.0
    assert _other_period(asked, "We have 14 children under Staying Put.") == 0.0  # undated
    assert years_of("a cost of £2,011 in 2010-2011") == {2010, 2011}  # a sum is not a year
    # the year of the report a question names is not a time it asks about
    assert years_of(without_sources("In the November 2008 Cabinet paper, how many?")) == set()
    assert _other_period(set(), "in 2007 there were 413") == 0.0


def _model() -> ScorerModel:
    flat = Logistic(features=["overlap"], coef=[5.0], intercept=-2.0)
    return ScorerModel(prefilter=flat, final=flat, depth=5, threshold=0.0, provenance={})


def _encode(texts: list[str]) -> np.ndarray:
    vecs: np.ndarray = np.ones((len(texts), 2)) / np.sqrt(2)
    return vecs


def test_a_figure_question_is_answered_by_a_candidate_with_that_figure_type() -> None:
    wordy = _cand("A greater proportion have up to date checks.", overlap=0.9, type_figure=0.3)
    row = _cand("Immunisations up to date, 2011/12: 86.1%", "row", overlap=0.5, type_figure=1.0)
    ranked = rank([wordy, row], "What proportion had immunisations?", _encode, _model())
    assert ranked[0] is row
    # with no candidate of the right type, the best words win
    other = _cand("Some text.", overlap=0.1, type_figure=0.0)
    assert rank([wordy, other], "q", _encode, _model())[0] is wordy


def _lines(ranked: list[Candidate], qtype: AnswerType) -> list[str]:
    return [line for line, _ in compose(ranked, qtype, QueryIntent(), [2012])]


def test_a_why_answer_without_a_reason_adds_the_next_line_that_gives_one() -> None:
    best = _cand("Complete rebuild of Thornbury.", "item", type_other=0.2)
    best.score = 0.5
    why = _cand("Visits raised concerns about the environment, because it is old.", type_other=1)
    why.score = 0.2
    assert len(_lines([best, why], AnswerType.WHY)) == 2
    why.score = 0.1  # too far below the best line
    assert len(_lines([best, why], AnswerType.WHY)) == 1


def test_a_figure_answer_shows_a_near_tied_row_beside_its_sentence() -> None:
    best = _cand("Carers choose to provide fewer placements than in previous years.")
    best.score = 0.50
    prose = _cand("In 2010 we placed more children than ever.")
    prose.score = 0.44  # under the share a second line of prose needs
    row = _cand("2010, IFAS NO PLACED WITH IFAS: 123", "row", chunk="d:2")
    row.score = 0.45
    lines = _lines([best, row, prose], AnswerType.NUMBER)
    assert len(lines) == 2 and "123" in lines[1]
    # not for a question without a figure
    assert len(_lines([best, row, prose], AnswerType.WHY)) == 1
    row.score = 0.40  # too far below the best line
    assert len(_lines([best, prose, row], AnswerType.NUMBER)) == 1


def test_a_list_answer_takes_the_list_whose_best_items_score_highest() -> None:
    lone = _cand("the single best item", "item", chunk="a")
    lone.score = 0.6
    others = [_cand(f"other item {i}", "item", chunk="b") for i in range(3)]
    for c in others:
        c.score = 0.4
    stray = _cand("a second item of a", "item", chunk="a")
    stray.score = 0.01
    lines = _lines([lone, *others, stray], AnswerType.LIST)
    assert all("other item" in line for line in lines) and len(lines) == 3


def test_a_line_shows_its_whole_sentence_and_cuts_only_a_very_long_one() -> None:
    measure = (
        "Success Measure: All children requiring a school move are moved into a suitable "
        "placement within 20 days. " * 5
    ).strip()  # ~530 characters, like the Virtual School's table rows
    c = _cand(measure, "row")
    c.score = 0.5
    assert _lines([c], AnswerType.LIST) == [" ".join(measure.split())]
    huge = _cand("word " * 400, "row")  # 2,000 characters
    huge.score = 0.5
    (line,) = _lines([huge], AnswerType.LIST)
    assert line.endswith("…") and len(line) <= LINE_LIMIT


def test_a_list_answer_goes_on_to_the_sentence_that_names_what_its_best_line_speaks_of() -> None:
    best = _cand("The rise in court proceedings raised concerns about practices.")
    best.score = 0.6
    names = _cand("These have included a rise in contact and the use of assessments.")
    names.start, names.end = best.end + 1, best.end + 1 + len(names.text)
    names.score = 0.1
    assert len(_lines([best, names], AnswerType.LIST)) == 2
    assert len(_lines([best, names], AnswerType.NUMBER)) == 1  # not for a figure
    names.text = "The council has since set up seminars for staff and the courts."
    assert len(_lines([best, names], AnswerType.LIST)) == 1  # a new point, not the list
    names.text = "These have included a rise in contact and the use of assessments."
    names.start += 50  # not straight after it
    assert len(_lines([best, names], AnswerType.LIST)) == 1


def test_a_table_row_in_capitals_is_a_candidate_and_a_heading_line_is_not() -> None:
    text = "IFA TABLE\n2010 123 82\n"
    row = Row(
        label="2010",
        cells=[Cell(text="123", start=15, end=18, column="IFAS NO PLACED WITH IFAS")],
        start=10,
        end=21,
    )
    title = Block.model_construct(
        id="b0", kind=BlockKind.PARAGRAPH, text=text[:9], start=0, end=9, rows=[], columns=[]
    )
    table = Block.model_construct(
        id="b1",
        kind=BlockKind.TABLE,
        text=text[10:21],
        start=10,
        end=21,
        rows=[row],
        columns=["IFAS NO PLACED WITH IFAS"],
        caption=None,
    )
    doc = Document.model_construct(text=text, blocks=[title, table])
    chunk = Chunk.model_construct(
        id="d:0", document_id="d", start=0, end=21, year=2011, status="published"
    )
    hit = Hit.model_construct(chunk=chunk, rank=1, also_in=[])
    cands = candidates_from_hits([hit], {"d": doc})
    assert [c.kind for c in cands] == ["row"]
    assert cands[0].text == "2010: IFAS NO PLACED WITH IFAS 123"


def _table(text: str, rows: list[Row], columns: list[str]) -> Document:
    """A document that is one table."""
    table = Block.model_construct(
        id="b1",
        kind=BlockKind.TABLE,
        text=text,
        start=0,
        end=len(text),
        rows=rows,
        columns=columns,
        caption=None,
    )
    return Document.model_construct(text=text, blocks=[table])


def _hit(start: int, end: int, year: int) -> Hit:
    chunk = Chunk.model_construct(
        id="d:0", document_id="d", start=start, end=end, year=year, status="published"
    )
    return Hit.model_construct(chunk=chunk, rank=1, also_in=[])


def test_a_row_is_read_under_its_header_and_the_heading_above_an_uncaptioned_table() -> None:
    text = "School Context (September 2022)\nKey Stage CWCF Male\nKS2 145 74"
    head_end = text.index("\n")
    heading = Block.model_construct(
        id="b0", kind=BlockKind.HEADING, text=text[:head_end], start=0, end=head_end
    )
    start = text.index("KS2")
    row = Row(
        label="KS2",
        cells=[
            Cell(text="145", start=start + 4, end=start + 7, column="CWCF"),
            Cell(text="74", start=start + 8, end=start + 10, column="Male"),
        ],
        start=start,
        end=len(text),
    )
    table = Block.model_construct(
        id="b1",
        kind=BlockKind.TABLE,
        text=text[head_end + 1 :],
        start=head_end + 1,
        end=len(text),
        rows=[row],
        columns=["CWCF", "Male"],
        caption=None,
    )
    doc = Document.model_construct(text=text, blocks=[heading, table])
    (cand,) = candidates_from_hits([_hit(head_end + 1, len(text), 2023)], {"d": doc})
    # the label column's name ("Key Stage") and the heading's date say what the row counts
    assert cand.context == "School Context (September 2022) Key Stage CWCF Male"
    # a heading further up is not the table's caption
    far = Document.model_construct(
        text=text, blocks=[heading.model_copy(update={"end": head_end - 10}), table]
    )
    (cand,) = candidates_from_hits([_hit(head_end + 1, len(text), 2023)], {"d": far})
    assert cand.context == "Key Stage CWCF Male"


def test_a_row_is_read_with_the_paragraph_that_introduces_its_table() -> None:
    lead = "Between April 2022 and March 2023, 1971 reviews were held."
    text = f"{lead}\nPN Code Data\nPN2 Child attended - advocate spoke\t12"
    start = text.index("PN2")
    paragraph = Block.model_construct(
        id="b0", kind=BlockKind.PARAGRAPH, text=lead, start=0, end=len(lead), section_path=["2.12"]
    )
    row = Row(
        label="PN2 Child attended - advocate spoke",
        cells=[Cell(text="12", start=len(text) - 2, end=len(text), column=None)],
        start=start,
        end=len(text),
    )
    table = Block.model_construct(
        id="b1",
        kind=BlockKind.TABLE,
        text=text[len(lead) + 1 :],
        start=len(lead) + 1,
        end=len(text),
        rows=[row],
        columns=[],
        caption="PN Code Data",
        section_path=["2.12"],
    )
    doc = Document.model_construct(text=text, blocks=[paragraph, table])
    hit = _hit(len(lead) + 1, len(text), 2023)
    (cand,) = candidates_from_hits([hit], {"d": doc})
    # the period and what was counted are in the prose above the table, not in its rows
    assert cand.lead == lead
    assert cand.context == "PN Code Data"
    assert doc.text[cand.start : cand.end] == text[start:]
    # a paragraph of another section does not introduce the table
    other = Document.model_construct(
        text=text, blocks=[paragraph.model_copy(update={"section_path": ["2.11"]}), table]
    )
    (cand,) = candidates_from_hits([hit], {"d": other})
    assert cand.lead == ""


def test_a_row_too_long_for_its_passage_answers_with_its_sentences() -> None:
    text = (
        "Attendance\tGCSE results - 65 sat GCSEs in 2022. Results were the best ever. Post 16 - 39."
    )
    row = Row(
        label="Attendance",
        cells=[Cell(text=text[11:], start=11, end=len(text), column="Progress")],
        start=0,
        end=len(text),
    )
    doc = _table(text, [row], ["Progress"])
    # the passage holds only the middle of the row
    hit = _hit(text.index("GCSE results"), text.index(" Post 16"), 2023)
    cands = candidates_from_hits([hit], {"d": doc})
    assert [(c.kind, c.text) for c in cands] == [
        ("sentence", "GCSE results - 65 sat GCSEs in 2022."),
        ("sentence", "Results were the best ever."),
    ]
    assert all(doc.text[c.start : c.end] == c.text and c.context == "Attendance" for c in cands)


def _paragraph_doc(text: str) -> Document:
    block = Block.model_construct(
        id="p", kind=BlockKind.PARAGRAPH, text=text, start=0, end=len(text), rows=[]
    )
    return Document.model_construct(text=text, blocks=[block])


def test_a_draft_sentence_the_published_report_has_is_answered_from_the_published() -> None:
    # the draft lacks a paragraph, so its paragraph numbers are one lower
    published = _paragraph_doc("21. Referrals come via the Centre.")
    draft = _paragraph_doc("20. Referrals come via the Centre.")
    hits = [
        Hit.model_construct(
            chunk=Chunk.model_construct(
                id=f"{d}:0",
                document_id=d,
                start=0,
                end=len(published.text),
                year=2012,
                status=status,
            ),
            rank=i + 1,
            also_in=[],
        )
        for i, (d, status) in enumerate([("draft", "draft"), ("pub", "published")])
    ]
    cands = candidates_from_hits(hits, {"draft": draft, "pub": published})
    assert [c.document_id for c in cands] == ["pub"]


def test_the_leading_question_word_decides_the_answer_type() -> None:
    from service.answer.qtype import question_type

    q = "Why were some children living in homes when they did not need to be?"
    assert question_type(q) == AnswerType.WHY
    assert question_type("When did they move, and why?") == AnswerType.DATE
    # asking how a report justified something asks for its reason, not for the cost it names
    q = "How did the report justify the rise in the weekly cost of a child in care?"
    assert question_type(q) == AnswerType.WHY


def test_a_question_for_hours_wants_a_time_of_day() -> None:
    from service.answer.qtype import question_type

    q = "During which hours is security on site at the supported accommodation?"
    assert question_type(q) == AnswerType.DATE
    assert question_type("At what time does the runner service start?") == AnswerType.DATE
    for text in ("with security on site from 08.00pm – 08.00am.", "on call 10PM to 8am", "24hr"):
        assert type_match(AnswerType.DATE, text, "sentence") == 1.0
    # "may" is not May, and a bare number is not a time
    for text in ("Carers may be approved.", "It supports 32 young people."):
        assert type_match(AnswerType.DATE, text, "sentence") == 0.0


def test_a_reason_is_recognised_by_the_ways_the_reports_give_one() -> None:
    for text in (
        "This has to be seen in the context of a low number of CLA.",
        "Pass rates are low as they are taken by children who failed them before.",
        "The corollary of more kinship placements is a request for larger housing.",
    ):
        assert type_match(AnswerType.WHY, text, "sentence") == 1.0
    assert type_match(AnswerType.WHY, "The council has 330 foster carers.", "sentence") < 1.0


def test_a_cross_year_question_scores_each_year_against_its_own_rivals() -> None:
    from service.answer.features import _relative, groups
    from service.answer.scorer import rank_groups

    strong = _cand("2012 figure 330 foster carers", overlap=0.9, type_figure=1.0)
    weak = _cand("2008 figure 300 foster carers", overlap=0.3, type_figure=1.0)
    weak.year = 2008
    filler = _cand("2012 prose without a figure", overlap=0.2, type_figure=0.0)
    parts = groups([strong, weak, filler], AnswerType.CHANGE)
    assert sorted(len(g) for g in parts) == [1, 2]
    for g in parts:
        _relative(g, "overlap")
    assert weak.features["overlap_rel"] == 1.0  # the best of its own year
    assert groups([strong, weak], AnswerType.NUMBER) == [[strong, weak]]
    ranked = rank_groups([(g, "q") for g in parts], _encode, _model())
    assert ranked[0] is strong and ranked[1] is weak  # each year's best before any runner-up


def test_a_count_question_prefers_a_figure_next_to_what_it_counts() -> None:
    wordy = _cand("Placement Duty received 412 referrals.", overlap=0.9, type_figure=1.0)
    counted = _cand("22 children were adopted.", overlap=0.5, type_figure=1.0, measure=1.0)
    assert rank([wordy, counted], "q", _encode, _model())[0] is counted
    # a table row keeps its place: its label says what it counts in its own words
    row = _cand("Adoption, 2010/11: 22", "row", overlap=0.95, type_figure=1.0)
    ranked = rank([row, wordy, counted], "q", _encode, _model())
    assert ranked[0] is row and ranked[1] is counted
    # with no figure next to what is counted, the best words win
    assert (
        rank(
            [wordy, _cand("Some 3 things.", overlap=0.2, type_figure=1.0)], "q", _encode, _model()
        )[0]
        is wordy
    )


def test_a_draft_line_the_published_report_has_is_cited_from_the_published() -> None:
    def doc(doc_id: str, text: str, status: str, relations: list[Relation]) -> Document:
        meta = DocumentMeta.model_construct(
            id=doc_id, year=2012, status=status, relations=relations
        )
        return Document.model_construct(id=doc_id, text=text, meta=meta, blocks=[])

    row = "1+ A*-G 26 81.3%"
    draft = doc(
        "d", f"No Pass 6\n{row}\nNo Pass 6", "draft", [Relation(type="draft_of", target="p")]
    )
    published = doc("p", f"Intro.\nNo Pass 6\n{row}\nNo Pass 6", "published", [])
    docs = {"d": draft, "p": published}
    at = draft.text.index(row)
    c = _cand("1+ A*-G, Actual Results 2011/12 cohort: 26", "row").model_copy(
        update={"document_id": "d", "start": at, "end": at + len(row), "status": "draft"}
    )
    moved = _from_published(c, docs)
    assert (moved.document_id, moved.status) == ("p", "published")
    assert published.text[moved.start : moved.end] == row
    # a short line that recurs is placed where the draft has it, not at its first occurrence
    last = draft.text.rindex("No Pass 6")
    recurring = c.model_copy(update={"start": last, "end": last + 9, "text": "No Pass 6"})
    assert _from_published(recurring, docs).start == published.text.rindex("No Pass 6")
    # a line the published report words differently stays with the draft
    other = c.model_copy(update={"start": 0, "end": 7, "text": "No Pass"})
    docs["p"] = doc("p", "Nothing alike.", "published", [])
    assert _from_published(other, docs).document_id == "d"


def test_a_row_of_a_table_without_column_names_is_read_under_its_header_lines() -> None:
    text = "RESIDENTIAL\nChildren placed  FTE Unit cost/week\n2011 51 40.6 3,438"
    at = text.index("2011")
    row = Row(
        label="2011",
        cells=[Cell(text="3,438", start=len(text) - 5, end=len(text))],
        start=at,
        end=len(text),
    )
    doc = _table(text, [row], [])  # the header's columns could not be told apart
    (cand,) = candidates_from_hits([_hit(0, len(text), 2011)], {"d": doc})
    assert cand.context == "RESIDENTIAL Children placed FTE Unit cost/week"


def test_a_row_label_that_names_what_the_question_asks_about_scores_on_label() -> None:
    terms = TermStats(
        [
            "Placed for adoption 22 1 8 31",
            "Foster Care 201 33 17 251",
            "Children looked after at 22 October 2012 by placement location",
            "There were 434 children looked after in October.",
        ]
    )
    q_set = set(terms.tokens("How many children were placed for adoption?"))
    idf = {t: terms.idf(t) for t in q_set}
    rare = float(np.median(list(idf.values())))
    adoption = _cand("Placed for adoption: Oxfordshire 22; Total 31", kind="row")
    foster = _cand("Foster Care: Oxfordshire 201; Total 251", kind="row")
    prose = _cand("There were 434 children looked after: 31 placed for adoption.")
    assert _label_share(adoption, q_set, idf, rare, terms, []) == 1.0
    assert _label_share(foster, q_set, idf, rare, terms, []) == 0.0
    assert _label_share(prose, q_set, idf, rare, terms, []) == 0.0  # rows only
    # a label that names the thing another way counts ("IFA" for "independent fostering")
    q_set = set(terms.tokens("How many were with an agency?"))
    idf = {t: terms.idf(t) for t in q_set}
    ifa = _cand("IFA: Oxfordshire 34", kind="row")
    assert _label_share(ifa, q_set, idf, 0.0, terms, [("agency", ["IFA"])]) == 1.0


def test_a_sentence_that_continues_the_one_before_is_read_with_it() -> None:
    text = (
        "At the end of March 2023, the service reviewed 1418 children and young people. "
        "875 were noted to be CWCF for while 527 were subject to CP Plans. "
        "The service also chairs meetings. Of these, 40 were held online."
    )
    para = Block.model_construct(
        id="b0", kind=BlockKind.PARAGRAPH, text=text, start=0, end=len(text), rows=[], columns=[]
    )
    doc = Document.model_construct(text=text, blocks=[para])
    cands = candidates_from_hits([_hit(0, len(text), 2023)], {"d": doc})
    leads = {c.text.split()[0]: c.lead for c in cands}
    assert leads["875"].startswith("At the end of March 2023")
    assert leads["Of"] == "The service also chairs meetings."
    # a sentence that stands on its own, and the first one, are read alone
    assert leads["At"] == leads["The"] == ""
    for c in cands:
        assert doc.text[c.start : c.end] == c.text
