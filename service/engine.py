"""The service's view of a built index: the retriever and the documents it was built from,
loaded once and shared by the CLI and the HTTP API."""

from __future__ import annotations

import threading
from functools import cached_property

from corpus.errors import NotFoundError
from corpus.models import Document
from corpus.settings import Settings
from index.retriever import Retriever

__all__ = ["Engine"]


class Engine:
    def __init__(self, settings: Settings, retriever: Retriever | None = None) -> None:
        self.settings = settings
        self._retriever = retriever
        self._lock = threading.Lock()

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            with self._lock:
                if self._retriever is None:
                    self._retriever = Retriever.load(self.settings)
        return self._retriever

    @cached_property
    def documents(self) -> dict[str, Document]:
        return {d.id: d for d in self.retriever.index.documents()}

    def document(self, document_id: str) -> Document:
        try:
            return self.documents[document_id]
        except KeyError:
            raise NotFoundError(
                f"no document {document_id!r}",
                fix=f"use one of: {', '.join(sorted(self.documents))}",
            ) from None
