"""The reference's documents as stored: a pinned reference (issue 17).

Every score is measured against the reference (``matcher.reference``), and the statistics stored at
index time (``Matcher.store_reference_stats``) are keyed by its fingerprint. Fitted from the live
index, the reference changed whenever one of its 200 profiles was edited or re-indexed, and every
stored statistic went unused until the next ``binakerja reindex`` (at 300,000 profiles: ~15 ms more
per query). So ``binakerja reindex`` stores the documents it fitted on (``pack``) and every process fits
on those (``unpack``): the same fingerprint until a reindex renews it (``renew``).

Pure: no I/O. The texts and items go as JSON, the vectors as one little-endian float32 buffer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from matcher.documents import Item
from matcher.features import EmbeddedDocs

VERSION = 1
# A reindex fits a new reference from the live index when the stored one is this old: the reference
# should follow what the index holds, but not so often that every stored statistic is recomputed.
MAX_AGE_DAYS = 30
_SIDES = ("vacancies", "candidates")


def pack(vac: EmbeddedDocs, cand: EmbeddedDocs) -> tuple[dict[str, Any], bytes]:
    """The reference documents as (JSON-able documents, vector bytes): ``unpack`` gives them back exactly."""
    dims = {int(d.doc.shape[1]) for d in (vac, cand) if d.doc.size}
    if len(dims) > 1:
        raise ValueError(f"reference vectors of different dimensions: {sorted(dims)}")
    documents: dict[str, Any] = {"version": VERSION, "dim": dims.pop() if dims else 0}
    buffers = []
    for side, docs in zip(_SIDES, (vac, cand), strict=True):
        documents[side] = {
            "texts": list(docs.texts),
            "items": [[[i.text, i.kind, float(i.weight), i.code] for i in items] for items in docs.item_lists],
            "item_weights": [float(w) for w in docs.item_weights],
        }
        buffers += [_f32(docs.doc), _f32(docs.items)]
    return documents, b"".join(buffers)


def unpack(documents: Mapping[str, Any], vectors: bytes) -> tuple[EmbeddedDocs, EmbeddedDocs]:
    """(vacancies, candidates) of a packed reference; ValueError when the parts do not fit together."""
    if documents.get("version") != VERSION:
        raise ValueError(f"reference snapshot version {documents.get('version')!r}, expected {VERSION}")
    dim = int(documents["dim"])
    flat = np.frombuffer(vectors, dtype="<f4")
    at = 0
    out = []
    for side in _SIDES:
        part = documents[side]
        texts = tuple(part["texts"])
        item_lists = tuple(tuple(Item(t, k, float(w), c) for t, k, w, c in items) for items in part["items"])
        sizes = [len(items) for items in item_lists]
        n_items = sum(sizes)
        if len(item_lists) != len(texts) or len(part["item_weights"]) != n_items:
            raise ValueError(f"reference snapshot: {side} texts, items and weights do not match")
        doc, at = _take(flat, at, len(texts), dim)
        items, at = _take(flat, at, n_items, dim)
        out.append(
            EmbeddedDocs(
                texts=texts,
                item_lists=item_lists,
                doc=doc,
                items=items,
                item_weights=np.asarray(part["item_weights"], dtype=np.float32),
                offsets=np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
            )
        )
    if at != flat.size:
        raise ValueError("reference snapshot: more vector data than documents")
    return out[0], out[1]


def renew(fitted_on: date | None, model: str | None, current_model: str, today: date) -> bool:
    """True when a reindex should fit a new reference from the live index: there is none stored, it was
    made by another model, or it is ``MAX_AGE_DAYS`` old."""
    if fitted_on is None or model != current_model:
        return True
    return (today - fitted_on).days >= MAX_AGE_DAYS


def _f32(array: np.ndarray) -> bytes:
    return np.ascontiguousarray(array, dtype="<f4").tobytes()


def _take(flat: np.ndarray, at: int, rows: int, dim: int) -> tuple[np.ndarray, int]:
    end = at + rows * dim
    if end > flat.size:
        raise ValueError("reference snapshot: less vector data than documents")
    return flat[at:end].reshape(rows, dim).astype(np.float32), end


__all__: Sequence[str] = ["pack", "unpack", "renew", "MAX_AGE_DAYS"]
