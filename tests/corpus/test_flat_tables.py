"""Column names of flattened tables whose header names are run together on one line."""

from __future__ import annotations

from corpus.readers.flat_tables import _capital_groups, _columns


def test_names_split_where_a_word_starts_with_a_capital() -> None:
    header = "RESIDENTIAL Children placed FTE Unit cost/week"
    assert _capital_groups(header) == ["RESIDENTIAL", "Children placed", "FTE", "Unit cost/week"]
    # the label column's name comes first and is left out when there is one name too many
    assert _columns([header], 3) == ["Children placed", "FTE", "Unit cost/week"]


def test_a_range_broken_over_lines_is_joined_and_brackets_hold_a_name_together() -> None:
    assert _capital_groups("Legal status Support days 09- 10 Budget 09-10") == [
        "Legal status",
        "Support days 09-10",
        "Budget 09-10",
    ]
    assert _capital_groups("Oxon LAC Children (Stat Neighbour)") == [
        "Oxon",
        "LAC",
        "Children (Stat Neighbour)",
    ]


def test_no_split_when_the_count_does_not_fit_or_is_not_allowed() -> None:
    header = "RESIDENTIAL Children placed FTE Unit cost/week"
    assert _columns([header], 5) == []  # four names cannot name five values
    assert _columns([header], 3, split_names=False) == []
