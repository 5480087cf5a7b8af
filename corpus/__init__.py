"""scrutiny.corpus: documents and their parsing (the first stage of the pipeline)."""

from corpus.errors import IngestError, ManifestError, ScrutinyError
from corpus.ingest import IngestReport, ingest, meta_for_file, read_document
from corpus.manifest import load_manifest
from corpus.models import Block, BlockKind, Cell, Document, DocumentMeta, Relation, Row
from corpus.settings import Settings, get_settings

__all__ = [
    "Block",
    "BlockKind",
    "Cell",
    "Document",
    "DocumentMeta",
    "IngestError",
    "IngestReport",
    "ManifestError",
    "Relation",
    "Row",
    "ScrutinyError",
    "Settings",
    "get_settings",
    "ingest",
    "load_manifest",
    "meta_for_file",
    "read_document",
]
