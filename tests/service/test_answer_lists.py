"""Questions that ask for several things: telling them from the wording, and answering them
with the whole list their best item belongs to."""

from __future__ import annotations

from corpus.models import Block, BlockKind, Document
from index.query import QueryIntent
from service.answer import _with_its_list
from service.answer.candidates import list_run
from service.answer.compose import LIST_ITEMS, compose, lead_in_first
from service.answer.models import Candidate
from service.answer.qtype import AnswerType, asks_for_several


def test_a_what_or_which_question_about_plural_things_asks_for_several() -> None:
    for q in (
        "Which universities was Oxfordshire working with?",
        "What further steps did the 2011 placement strategy propose?",
        "Besides what it had already done, what further steps did it propose?",
        "Which of Adopt Thames Valley's recent initiatives were paid for by the DfE?",
        "Which three children's homes make up the service?",
        "Which children did the adoption team find hardest to place?",
    ):
        assert asks_for_several(q), q
    for q in (
        "Which charity delivers the young carers service?",  # a verb in -s, not a plural
        "What status was Oxfordshire awarded in 2008?",
        "What helped Oxfordshire complete its assessments on time?",
        "Which organisation runs the Parents Under Pressure service?",
        "What did the 2008 paper ask Cabinet to do?",
        "Which NHS body commissions Oxford Health?",  # capitals are not a plural
    ):
        assert not asks_for_several(q), q


def _doc(parts: list[tuple[BlockKind, str, str]]) -> Document:
    """A document of blocks, each (kind, section, text), one line each."""
    text, blocks = "", []
    for i, (kind, section, body) in enumerate(parts):
        start = len(text)
        text += body + "\n"
        blocks.append(
            Block.model_construct(
                id=f"b{i}",
                kind=kind,
                text=body,
                start=start,
                end=start + len(body),
                section_path=[section],
                rows=[],
            )
        )
    return Document.model_construct(id="d", text=text, blocks=blocks)


LIST = BlockKind.LIST_ITEM
DOC = _doc(
    [
        (BlockKind.PARAGRAPH, "A", "Further proposals include:"),
        (LIST, "A", "Training on the Assessment Framework;"),
        (LIST, "A", "A study with Bristol University;"),
        (LIST, "A", "A sub group of the Family Courts business committee;"),
        (BlockKind.HEADING, "B", "Outcomes"),
        (LIST, "B", "An item of the next section's list;"),
    ]
)


def _item(doc: Document, text: str, score: float) -> Candidate:
    start = doc.text.index(text)
    c = Candidate(
        kind="item",
        text=text,
        document_id="d",
        chunk_id="d:1",
        start=start,
        end=start + len(text),
        year=2011,
        status="published",
        rank=1,
    )
    c.score = score
    return c


def test_an_item_s_list_runs_to_the_edges_of_its_section() -> None:
    best = _item(DOC, "A study with Bristol University;", 0.6)
    run = list_run(DOC, best)
    assert [c.text for c in run] == [
        "Training on the Assessment Framework;",
        "A study with Bristol University;",
        "A sub group of the Family Courts business committee;",
    ]
    assert all(DOC.text[c.start : c.end] == c.text for c in run)
    # a paragraph is in no list
    para = _item(DOC, "Further proposals include:", 0.5)
    assert list_run(DOC, para) == []


def test_a_question_for_several_things_is_answered_with_the_best_item_s_whole_list() -> None:
    best = _item(DOC, "A sub group of the Family Courts business committee;", 0.6)
    other = _item(DOC, "An item of the next section's list;", 0.3)
    other.chunk_id = "d:2"  # a chunk never crosses a section's edge
    ranked = _with_its_list(DOC, [best, other])
    lines = [
        line for line, _ in compose(ranked, AnswerType.OTHER, QueryIntent(), [2011], several=True)
    ]
    assert lines == [
        "• Training on the Assessment Framework;",
        "• A study with Bristol University;",
        "• A sub group of the Family Courts business committee;",
    ]
    # a question for one thing keeps its one best line
    single = compose(ranked, AnswerType.OTHER, QueryIntent(), [2011])
    assert [c.text for _, c in single] == [best.text]


def test_an_item_cut_by_its_passage_is_shown_whole_and_once() -> None:
    best = _item(DOC, "A study with Bristol University;", 0.6)
    best.start += 2  # the passage began inside the item
    best.text = DOC.text[best.start : best.end]
    ranked = _with_its_list(DOC, [best])
    assert [c.text for c in ranked] == [
        "A study with Bristol University;",
        "Training on the Assessment Framework;",
        "A sub group of the Family Courts business committee;",
    ]


def test_a_long_list_shows_the_items_around_its_best() -> None:
    doc = _doc([(LIST, "A", f"Item number {i};") for i in range(20)])
    best = _item(doc, "Item number 15;", 0.6)
    ranked = _with_its_list(doc, [best])
    shown = [c.text for _, c in compose(ranked, AnswerType.LIST, QueryIntent(), [2011])]
    assert len(shown) == LIST_ITEMS and "Item number 15;" in shown
    assert shown == sorted(shown, key=doc.text.index)  # in the report's order


def _sentence(doc: Document, text: str, score: float) -> Candidate:
    c = _item(doc, text, score)
    c.kind = "sentence"
    return c


def test_a_lead_in_with_its_list_answers_before_a_better_scored_sentence() -> None:
    doc = _doc(
        [
            (BlockKind.PARAGRAPH, "A", "Progress will be reported to Cabinet regularly."),
            (BlockKind.PARAGRAPH, "A", "Key challenges in future include:"),
            (LIST, "A", "Requests for larger housing;"),
            (LIST, "A", "Young people staying in care post-18;"),
        ]
    )
    other = _sentence(doc, "Progress will be reported to Cabinet regularly.", 0.6)
    lead = _sentence(doc, "Key challenges in future include:", 0.2)
    items = [_item(doc, "Requests for larger housing;", 0.1)]
    items.append(_item(doc, "Young people staying in care post-18;", 0.05))
    ranked = lead_in_first([other, lead, *items])
    assert ranked[0] is lead and ranked[1] is other
    lines = [line for line, _ in compose(ranked, AnswerType.LIST, QueryIntent(), [2011])]
    assert lines == [
        "Key challenges in future include:",
        "• Requests for larger housing;",
        "• Young people staying in care post-18;",
    ]
    # too far below the best, or with its list not among the candidates: the order stays
    lead.score = 0.1
    assert lead_in_first([other, lead, *items])[0] is other
    lead.score = 0.2
    assert lead_in_first([other, lead, items[0]])[0] is other
