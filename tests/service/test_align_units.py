"""Sections to align, on the shipped corpus: a section number printed twice is one section."""

from __future__ import annotations

from typing import Any

import pytest

from service.compare.units import section_units

pytestmark = pytest.mark.slow


def test_a_number_printed_twice_is_one_section(engine: Any) -> None:
    doc = engine.document("corporate-parenting-2023")
    units = section_units(doc)
    labels = [u.label for u in units]
    assert labels.count("2.13") == 1
    (both,) = [u for u in units if u.label == "2.13"]
    quote = doc.text[both.start : both.end]
    assert "Sufficiency of placements" in quote and "What our members can do" in quote
