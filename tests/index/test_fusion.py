"""Score fusion against rankings computed by hand."""

from __future__ import annotations

import pytest

from index.fusion import minmax, rrf, weighted

A = [("a", 9.0), ("b", 8.0), ("c", 7.0)]
B = [("b", 5.0), ("d", 4.0), ("a", 3.0)]
C = [("c", 0.3), ("a", 0.2)]


def _check(got: list[tuple[str, float]], expected: list[tuple[str, float]]) -> None:
    assert [d for d, _ in got] == [d for d, _ in expected]
    for (_, g), (_, e) in zip(got, expected, strict=True):
        assert g == pytest.approx(e, abs=1e-12)


def test_rrf_two_lists() -> None:
    expected = [
        ("b", 1 / 62 + 1 / 61),
        ("a", 1 / 61 + 1 / 63),
        ("d", 1 / 62),
        ("c", 1 / 63),
    ]
    _check(rrf([A, B], k=60), expected)
    _check(rrf([A, B]), expected)  # k defaults to 60


def test_rrf_three_lists() -> None:
    expected = [
        ("a", 1 / 61 + 1 / 63 + 1 / 62),
        ("b", 1 / 62 + 1 / 61),
        ("c", 1 / 63 + 1 / 61),
        ("d", 1 / 62),
    ]
    _check(rrf([A, B, C], k=60), expected)


def test_rrf_ignores_the_raw_scores() -> None:
    rescaled = [[(d, s * 1000 - 5) for d, s in A], [(d, -s) for d, s in B]]
    _check(rrf(rescaled), rrf([A, B]))


def test_rrf_ties_are_broken_by_id() -> None:
    got = rrf([[("y", 1.0)], [("x", 1.0)]], k=60)
    _check(got, [("x", 1 / 61), ("y", 1 / 61)])
    # a tie in the middle of a longer fusion: q and p both 1/61 + 1/62
    got = rrf([[("q", 0.0), ("p", 0.0)], [("p", 0.0), ("q", 0.0)]])
    _check(got, [("p", 1 / 61 + 1 / 62), ("q", 1 / 61 + 1 / 62)])


def test_rrf_weights() -> None:
    expected = [
        ("a", 3 / 61 + 1 / 63),
        ("b", 3 / 62 + 1 / 61),
        ("c", 3 / 63),
        ("d", 1 / 62),
    ]
    _check(rrf([A, B], k=60, weights=[3.0, 1.0]), expected)
    # a zero weight leaves only the other list's order (ids of the silenced list score 0)
    silenced = rrf([A, B], weights=[0.0, 1.0])
    _check(silenced, [("b", 1 / 61), ("d", 1 / 62), ("a", 1 / 63), ("c", 0.0)])


def test_rrf_other_k() -> None:
    _check(
        rrf([A, B], k=1), [("b", 1 / 3 + 1 / 2), ("a", 1 / 2 + 1 / 4), ("d", 1 / 3), ("c", 1 / 4)]
    )


def test_rrf_empty_and_mismatched_weights() -> None:
    assert rrf([]) == []
    assert rrf([[], []]) == []
    _check(rrf([A, []]), [("a", 1 / 61), ("b", 1 / 62), ("c", 1 / 63)])
    with pytest.raises(ValueError):
        rrf([A, B], weights=[1.0])


def test_minmax_scales_to_unit_interval_keeping_order() -> None:
    got = minmax([("a", 10.0), ("b", 6.0), ("c", 2.0)])
    _check(got, [("a", 1.0), ("b", 0.5), ("c", 0.0)])
    got = minmax([("x", -1.0), ("y", -3.0), ("z", -2.5)])
    _check(got, [("x", 1.0), ("y", 0.0), ("z", 0.25)])


def test_minmax_edge_cases() -> None:
    assert minmax([]) == []
    assert minmax([("a", 3.0), ("b", 3.0)]) == [("a", 1.0), ("b", 1.0)]
    assert minmax([("only", -7.5)]) == [("only", 1.0)]
    assert minmax([("z", 0.0), ("zz", 0.0), ("zzz", 0.0)]) == [
        ("z", 1.0),
        ("zz", 1.0),
        ("zzz", 1.0),
    ]


def test_weighted_min_max_normalised() -> None:
    dense = [("a", 10.0), ("b", 6.0), ("c", 2.0)]  # -> a 1, b 0.5, c 0
    lexical = [("b", 0.9), ("c", 0.5), ("d", 0.1)]  # -> b 1, c 0.5, d 0
    expected = [
        ("a", 0.7 * 1.0),
        ("b", 0.7 * 0.5 + 0.3 * 1.0),
        ("c", 0.7 * 0.0 + 0.3 * 0.5),
        ("d", 0.3 * 0.0),
    ]
    _check(weighted([dense, lexical], [0.7, 0.3]), expected)
    # the other way round the lexical list wins
    expected = [
        ("b", 0.3 * 0.5 + 0.7 * 1.0),
        ("c", 0.7 * 0.5),
        ("a", 0.3 * 1.0),
        ("d", 0.0),
    ]
    _check(weighted([dense, lexical], [0.3, 0.7]), expected)


def test_weighted_ties_edge_cases() -> None:
    # all-equal list: every id gets the full weight; ties broken by id
    _check(weighted([[("b", 2.0), ("a", 2.0)]], [0.5]), [("a", 0.5), ("b", 0.5)])
    assert weighted([[], []], [0.5, 0.5]) == []
    _check(weighted([[], [("x", 1.0), ("y", 0.0)]], [0.5, 0.5]), [("x", 0.5), ("y", 0.0)])
    with pytest.raises(ValueError):
        weighted([A, B], [1.0])
