"""Comparison across reports: alignment of sections into topics, change reports, figures over
time, and redlines between two versions."""

from __future__ import annotations

from service.compare.align import align
from service.compare.figures import figure_series as figures
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
from service.compare.redline import redline
from service.compare.topic import compare_topic

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
