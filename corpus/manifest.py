"""The manifest: a TOML list of documents, their metadata and relations."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from corpus.errors import ManifestError
from corpus.models import DocumentMeta

__all__ = ["load_manifest"]

_RELATIONS = {"draft_of", "annex_of", "form_for", "supersedes"}


def load_manifest(path: Path) -> list[DocumentMeta]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ManifestError(
            f"manifest {path} does not exist", fix="set SCRUTINY_CORPUS__MANIFEST to your manifest"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(
            f"manifest {path} is not valid TOML: {exc}", fix="fix the syntax"
        ) from exc
    metas: list[DocumentMeta] = []
    for k, entry in enumerate(data.get("documents", [])):
        try:
            metas.append(DocumentMeta(**entry))
        except ValidationError as exc:
            where = (
                entry.get("id", f"entry {k + 1}") if isinstance(entry, dict) else f"entry {k + 1}"
            )
            raise ManifestError(
                f"manifest {path}, document {where}: {exc}", fix="correct that entry"
            ) from exc
    ids = [m.id for m in metas]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ManifestError(
            f"manifest {path} repeats document ids {sorted(dupes)}", fix="make ids unique"
        )
    for m in metas:
        for rel in m.relations:
            if rel.type not in _RELATIONS:
                raise ManifestError(
                    f"document {m.id}: unknown relation {rel.type!r}",
                    fix=f"use one of {sorted(_RELATIONS)}",
                )
            if rel.target not in ids:
                raise ManifestError(
                    f"document {m.id}: relation target {rel.target!r} is not in the manifest",
                    fix="add that document or correct the target",
                )
    if not metas:
        raise ManifestError(f"manifest {path} lists no documents", fix="add [[documents]] tables")
    return metas
