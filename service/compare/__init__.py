"""Comparison across reports: alignment of sections into topics, change reports, figures over
time, and redlines between two versions."""

from __future__ import annotations

from service.compare.models import (
    ChangeLine,
    Cited,
    FigureValue,
    Redline,
    RedlineChange,
    Series,
    TopicGroup,
    TopicReport,
)

__all__ = [
    "ChangeLine",
    "Cited",
    "FigureValue",
    "Redline",
    "RedlineChange",
    "Series",
    "TopicGroup",
    "TopicReport",
    "align",
    "compare_topic",
    "figures",
    "redline",
]


def align(engine, documents=None):  # type: ignore[no-untyped-def]
    from service.compare.align import align as _align

    return _align(engine, documents)


def compare_topic(engine, topic, years=None):  # type: ignore[no-untyped-def]
    from service.compare.topic import compare_topic as _compare

    return _compare(engine, topic, years)


def figures(engine, measure=None):  # type: ignore[no-untyped-def]
    from service.compare.figures import figure_series

    return figure_series(engine, measure)


def redline(engine, a, b):  # type: ignore[no-untyped-def]
    from service.compare.redline import redline as _redline

    return _redline(engine, a, b)
