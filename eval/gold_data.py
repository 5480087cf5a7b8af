"""Typed loaders for the gold data in eval/gold (or any directory laid out the same way).

Only eval/ code reads the gold files; the system under test never does.

    questions.jsonl   one question per line (split dev|test)
    alignment.jsonl   one topic per line (split dev|test), members quoted from each year's
                      report (optional)
    redline.json      the draft -> published changes of one document pair (optional)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corpus.errors import ScrutinyError

__all__ = [
    "GOLD_DIR",
    "KINDS",
    "AlignmentMember",
    "AlignmentTopic",
    "Evidence",
    "Gold",
    "GoldError",
    "Question",
    "Redline",
    "RedlineChange",
    "Split",
    "load_alignment",
    "load_gold",
    "load_questions",
    "load_redline",
]

GOLD_DIR = Path(__file__).resolve().parent / "gold"

Split = Literal["dev", "test"]
Kind = Literal["count", "table", "fact", "list", "reason", "change", "unanswerable"]
KINDS: tuple[str, ...] = ("count", "table", "fact", "list", "reason", "change", "unanswerable")


class GoldError(ScrutinyError):
    """A gold file is missing or malformed (names the file and line)."""

    code = "bad_gold"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_Model):
    document_id: str
    quote: str


class Question(_Model):
    id: str
    split: Split
    kind: Kind
    question: str
    answer: str | None
    aliases: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    note: str = ""

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"

    @property
    def candidates(self) -> list[str]:
        """The gold answer and its aliases: any of them counts."""
        return [a for a in [self.answer, *self.aliases] if a]


class AlignmentMember(_Model):
    document_id: str
    year: int
    unit: str
    quote: str


class AlignmentTopic(_Model):
    topic: str
    split: Split
    label: str
    members: list[AlignmentMember]
    absent_years: list[int] = Field(default_factory=list)
    change: str = ""


class RedlineChange(_Model):
    kind: Literal["added", "removed", "changed"]
    draft_paragraph: str | None = None
    published_paragraph: str | None = None
    draft_quote: str | None = None
    published_quote: str | None = None
    description: str = ""
    minor: bool = False


class Redline(_Model):
    a: str = Field(description="the earlier version (the draft)")
    b: str = Field(description="the later version (the published report)")
    changes: list[RedlineChange]
    formatting: list[str] = Field(default_factory=list)


class Gold(_Model):
    """Everything in one gold directory. `alignment` and `redline` may be absent."""

    directory: Path
    questions: list[Question]
    alignment: list[AlignmentTopic] = Field(default_factory=list)
    redline: Redline | None = None

    def split(self, name: str) -> list[Question]:
        """Questions of one split; 'all' gives every question."""
        if name == "all":
            return list(self.questions)
        if name not in ("dev", "test"):
            raise GoldError(f"unknown split {name!r}: use dev, test or all")
        return [q for q in self.questions if q.split == name]

    def alignment_split(self, name: str) -> list[AlignmentTopic]:
        """Alignment topics of one split; 'all' gives every topic."""
        if name == "all":
            return list(self.alignment)
        if name not in ("dev", "test"):
            raise GoldError(f"unknown split {name!r}: use dev, test or all")
        return [t for t in self.alignment if t.split == name]


def _jsonl(path: Path) -> Iterable[tuple[int, object]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"cannot read {path}: {exc}") from exc
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{n}: invalid JSON: {exc}") from exc


def load_questions(path: Path) -> list[Question]:
    out: list[Question] = []
    seen: set[str] = set()
    for n, raw in _jsonl(path):
        try:
            q = Question.model_validate(raw)
        except ValidationError as exc:
            raise GoldError(f"{path}:{n}: {exc}") from exc
        if q.id in seen:
            raise GoldError(f"{path}:{n}: duplicate question id {q.id!r}")
        seen.add(q.id)
        out.append(q)
    return out


def load_alignment(path: Path) -> list[AlignmentTopic]:
    out: list[AlignmentTopic] = []
    for n, raw in _jsonl(path):
        try:
            out.append(AlignmentTopic.model_validate(raw))
        except ValidationError as exc:
            raise GoldError(f"{path}:{n}: {exc}") from exc
    return out


def load_redline(path: Path) -> Redline:
    try:
        return Redline.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(f"cannot read {path}: {exc}") from exc
    except ValidationError as exc:
        raise GoldError(f"{path}: {exc}") from exc


def load_gold(directory: Path | None = None) -> Gold:
    """Load a gold directory (default: eval/gold). questions.jsonl is required; the
    comparison files are loaded when present."""
    directory = Path(directory) if directory is not None else GOLD_DIR
    questions = directory / "questions.jsonl"
    if not questions.exists():
        raise GoldError(f"no questions.jsonl in {directory}")
    alignment = directory / "alignment.jsonl"
    redline = directory / "redline.json"
    return Gold(
        directory=directory,
        questions=load_questions(questions),
        alignment=load_alignment(alignment) if alignment.exists() else [],
        redline=load_redline(redline) if redline.exists() else None,
    )
