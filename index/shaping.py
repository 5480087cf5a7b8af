"""Shaping a fused ranking by the corpus's structure, as pure functions over ranked
(chunk id, score) lists: boosts for the years and reports a question names, draft passages
folded into their published twins, table rows shown as their tables, and every year of a
cross-year question near the top."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from index.models import Chunk

__all__ = ["boost", "collapse_twins", "cover_years", "rows_in_tables", "tables_of_rows"]

Ranked = list[tuple[str, float]]


def tables_of_rows(chunks: list[Chunk]) -> dict[str, str]:
    """Each row chunk's table: the table chunk (or group of rows) of its document whose span
    holds it."""
    holders: dict[str, list[Chunk]] = {}
    for c in chunks:
        if c.kind in ("table", "rows"):
            holders.setdefault(c.document_id, []).append(c)
    out = {}
    for c in chunks:
        if c.kind != "row":
            continue
        for t in holders.get(c.document_id, []):
            if t.start <= c.start and c.end <= t.end:
                out[c.id] = t.id
                break
    return out


def boost(fused: Ranked, chosen: Callable[[str], bool], by: float) -> Ranked:
    """The chosen passages' scores times (1 + by), re-sorted (ties by id)."""
    factor = 1.0 + by
    boosted = [(i, s * factor if chosen(i) else s) for i, s in fused]
    return sorted(boosted, key=lambda kv: (-kv[1], kv[0]))


def collapse_twins(fused: Ranked, twins: Mapping[str, str]) -> tuple[Ranked, dict[str, list[str]]]:
    """A draft passage whose published twin exists becomes that twin (published preferred),
    at the better of their places; also which drafts each published passage stands for."""
    also: dict[str, list[str]] = {}
    out: Ranked = []
    seen: set[str] = set()
    for cid, score in fused:
        target = twins.get(cid)
        if target is not None:
            also.setdefault(target, []).append(cid)
            cid = target
        if cid in seen:
            continue
        seen.add(cid)
        out.append((cid, score))
    return out, also


def rows_in_tables(
    fused: Ranked, table_of: Mapping[str, str], twins: Mapping[str, str] | None = None
) -> Ranked:
    """A row found on its own is shown as the table (or group of rows) that holds it, at
    the row's place: a bare row of figures ("2010 123 82 816") says nothing without the
    caption and column names above it, and six rows of one table no longer fill the top.
    The row chunks still do the finding (each is embedded with those names). With `twins`,
    a draft's table is shown as its published twin."""
    out: Ranked = []
    seen: set[str] = set()
    for cid, score in fused:
        table = table_of.get(cid)
        if table is not None and twins is not None:
            table = twins.get(table, table)
        shown = table or cid
        if shown not in seen:
            seen.add(shown)
            out.append((shown, score))
    return out


def cover_years(fused: Ranked, year_of: Mapping[str, int], years: list[int], k: int) -> Ranked:
    """Make every year of a cross-year question appear in the top k (its best passage), in
    place of the weakest passages of the years that have more than one there."""
    top = fused[:k]
    present = {year_of[i] for i, _ in top}
    missing = [y for y in years if y not in present]
    if not missing:
        return fused
    best = {}
    for cid, s in fused:
        y = year_of[cid]
        if y in missing and y not in best:
            best[y] = (cid, s)
    inserts = [best[y] for y in missing if y in best]
    if not inserts:
        return fused
    counts: dict[int, int] = {}
    for cid, _ in top:
        counts[year_of[cid]] = counts.get(year_of[cid], 0) + 1
    keep = list(top)
    for _ in inserts:
        for j in range(len(keep) - 1, -1, -1):
            y = year_of[keep[j][0]]
            if counts.get(y, 0) > 1:
                counts[y] -= 1
                keep.pop(j)
                break
    inserted_ids = {i for i, _ in inserts}
    merged = sorted(keep + inserts, key=lambda kv: -kv[1])
    rest = [kv for kv in fused if kv not in merged and kv[0] not in inserted_ids]
    return merged + rest
