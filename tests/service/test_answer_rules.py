"""The pre-scoring rules of `service.answer.rules`, as pure functions."""

from __future__ import annotations

import pytest

from service.answer.rules import only_wider


@pytest.mark.parametrize(
    ("text", "wider"),
    [
        ("There are over 50 children nationally waiting for a welfare secure bed.", True),
        ("The England average was 63% against 58% across the region.", True),
        ("In Oxfordshire 58% did so, against 63% nationally.", False),
        ("We placed 12 children in our own homes.", False),
        ("Nationally, the picture is mixed.", False),  # no figure at all
    ],
)
def test_a_line_is_wider_only_when_every_figure_is(text: str, wider: bool) -> None:
    assert only_wider(text) is wider
