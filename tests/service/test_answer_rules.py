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


@pytest.mark.parametrize(
    ("text", "period", "short", "states"),
    [
        ("In 2010/11 we spent more.", "2010-11", False, True),
        ("In 2010 – 2011 we spent more.", "2010/11", False, True),
        ("Budget 09-10 1,101,372", "2009-10", True, True),  # a table's column name
        ("Budget 09-10 1,101,372", "2009-10", False, False),
        ("for 16-17 year olds", "2016-17", False, False),  # in prose, an age
        ("In 2010/11 we spent more.", "2011/12", True, False),
        ("In 12010/11 copies", "2010/11", False, False),  # part of a longer number
    ],
)
def test_a_period_is_stated_as_the_reports_write_it(
    text: str, period: str, short: bool, states: bool
) -> None:
    from service.answer.features import states_period

    assert states_period(text, period, short) is states
