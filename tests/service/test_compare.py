"""Comparison across years on the shipped corpus: alignment, figures, topic reports."""

from __future__ import annotations

from typing import Any

import pytest

from corpus.errors import BadRequestError
from service.compare import align, compare_topic, figures

pytestmark = pytest.mark.slow


def _series(engine: Any, name: str) -> dict[int, list[str]]:
    (s,) = [s for s in figures(engine) if s.measure == name]
    out: dict[int, list[str]] = {}
    for v in s.values:
        doc = engine.document(v.document_id)
        assert doc.text[v.start : v.end] == v.quote and v.text in v.quote
        out.setdefault(v.year, []).append(v.text)
    return out


def test_figures_pin_a_few_series(engine: Any) -> None:
    assert _series(engine, "unaccompanied asylum seeking children") == {
        2008: ["200"],
        2011: ["155"],
        2012: ["36", "24", "24"],
        2023: ["95"],
    }
    assert _series(engine, "weekly unit cost of a child in care") == {2008: ["853"], 2011: ["749"]}
    assert _series(engine, "placed more than 20 miles from home") == {2012: ["18"], 2023: ["37"]}
    assert _series(engine, "care leavers") == {2008: ["305"], 2011: ["400"], 2012: ["378"]}


def test_at_least_ten_measures_span_two_report_years(engine: Any) -> None:
    spanning = [s for s in figures(engine) if len({v.year for v in s.values}) >= 2]
    assert len(spanning) >= 10


def test_units_that_differ_are_said(engine: Any) -> None:
    (s,) = figures(engine, "foster carers")[:1]
    assert s.measure == "foster carers"
    assert s.note and "carer households" in s.note


def test_alignment_groups_cite_sections(engine: Any) -> None:
    groups = align(engine)
    labels = {g.label: g for g in groups}
    uasc = labels["Unaccompanied asylum seeking children"]
    assert set(uasc.members) == {2008, 2011, 2012, 2023}
    for g in groups:
        assert set(g.members).isdisjoint(g.absent_years)
        for members in g.members.values():
            for m in members:
                assert engine.document(m.document_id).text[m.start : m.end] == m.quote


def test_section_units_follow_each_reports_layout(engine: Any) -> None:
    from service.compare.units import section_units

    annex = section_units(engine.document("cabinet-2008-annex1"))
    assert [u.label for u in annex] == [f"Objective {n}" for n in range(1, 6)]
    paragraphs = section_units(engine.document("cabinet-2012"))
    labels = [u.label for u in paragraphs]
    assert len(labels) == len(set(labels))  # a paragraph a table splits is one unit
    assert all(u.heading for u in paragraphs)  # the heading it sits under
    sections = section_units(engine.document("corporate-parenting-2023"))
    assert sections[0].label == "1"  # a section's lead text before its first sub-section
    for doc_id in ("cabinet-2008-annex1", "cabinet-2012", "corporate-parenting-2023"):
        doc = engine.document(doc_id)
        for u in section_units(doc):
            assert doc.text[u.start : u.end].strip() and u.blocks


def test_a_section_can_belong_to_several_topics(engine: Any) -> None:
    groups = align(engine)
    seen: dict[tuple[str, int], int] = {}
    for g in groups:
        for members in g.members.values():
            for m in members:
                seen[(m.document_id, m.start)] = seen.get((m.document_id, m.start), 0) + 1
    assert max(seen.values()) >= 2


def test_a_sections_topics_do_not_depend_on_the_other_documents_aligned(engine: Any) -> None:
    """Scores are measured within each document and term rarity over the published reports,
    so aligning one report alone gives it the topics it has among all of them."""

    def topics_of(groups: Any, doc_id: str) -> set[tuple[str, int]]:
        return {
            (g.label, m.start)
            for g in groups
            for members in g.members.values()
            for m in members
            if m.document_id == doc_id
        }

    alone = align(engine, documents=["cabinet-2012"])
    assert topics_of(alone, "cabinet-2012") == topics_of(align(engine), "cabinet-2012")


def test_topic_report_has_every_year_and_cited_changes(engine: Any) -> None:
    report = compare_topic(engine, "foster carer recruitment")
    assert report.years == [2008, 2011, 2012, 2023]
    assert all(report.passages[y] for y in report.years)
    assert any(c.kind == "figure" for c in report.changes)
    for c in report.changes:
        assert c.before is not None and c.after is not None


def test_topic_report_rejects_bad_input(engine: Any) -> None:
    with pytest.raises(BadRequestError):
        compare_topic(engine, "  ")
    with pytest.raises(BadRequestError, match="not in the corpus"):
        compare_topic(engine, "fostering", [2015])
