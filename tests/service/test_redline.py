"""The draft/published 2012 redline: every content difference, nothing from renumbering or
formatting."""

from __future__ import annotations

from corpus import Document
from service.compare.redline import redline_documents


def _inserted(change: object) -> str:
    return " ".join(w.text for w in change.words if w.op == "insert")  # type: ignore[attr-defined]


def _deleted(change: object) -> str:
    return " ".join(w.text for w in change.words if w.op == "delete")  # type: ignore[attr-defined]


def test_draft_to_published_redline(documents: dict[str, Document]) -> None:
    r = redline_documents(documents["cabinet-2012-draft"], documents["cabinet-2012"])
    by_para = {c.b_paragraph: c for c in r.changes if c.kind == "changed"}
    # renumbering is not a change: draft 22-35 are published 23-36 and match unchanged
    assert set(by_para) == {"11", "12", "14", "17", "19", "21"}
    assert "Currently 5 young people are training on OCC apprenticeships" in _inserted(
        by_para["11"]
    )
    assert (_deleted(by_para["12"]), _inserted(by_para["12"])) == ("though", "thought")
    assert _inserted(by_para["14"]) == "is being"
    assert "Supported Housing Review:" in _inserted(by_para["17"])
    assert "countywide" in _inserted(by_para["17"]) and "Countywide" in _deleted(by_para["17"])
    assert (_deleted(by_para["19"]), _inserted(by_para["19"])) == ("CICC", "ClCC")
    assert "The FGC service is now placed within Corporate Parenting" in _deleted(by_para["21"])
    added = [c for c in r.changes if c.kind == "added"]
    assert [c.b_paragraph for c in added] == ["22"]
    assert added[0].b is not None and added[0].b.quote.startswith("22 Young Carers Team (YCT)")
    assert not [c for c in r.changes if c.kind == "moved"]
    # the only other difference is the draft's own title line
    others = [c for c in r.changes if c.kind == "removed"]
    assert [c.a.quote for c in others if c.a] == ["CABINET - 27 NOVEMBER 2012"]
    # formatting-only differences (quotes, bold, spacing) are reported apart
    assert r.formatting and all(f.formatting for f in r.formatting)
    for c in r.changes + r.formatting:
        for side, doc in ((c.a, documents["cabinet-2012-draft"]), (c.b, documents["cabinet-2012"])):
            if side is not None:
                assert doc.text[side.start : side.end] == side.quote


def test_identical_documents_have_no_changes(documents: dict[str, Document]) -> None:
    doc = documents["cabinet-2012"]
    r = redline_documents(doc, doc)
    assert r.changes == [] and r.formatting == []
