"""The kept reference's documents (matcher.snapshot): packed and unpacked exactly, refused when the
parts do not fit, renewed only when absent, of another model or old."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pytest

from matcher.documents import Item
from matcher.features import EmbeddedDocs
from matcher.reference import fingerprint
from matcher.snapshot import MAX_AGE_DAYS, pack, renew, unpack


def _docs(rng: np.random.Generator, n: int, dim: int = 8) -> EmbeddedDocs:
    item_lists = tuple(
        tuple(Item(f"butir {k}.{j} é", "unit" if j % 2 else "skill", 0.5 + j / 4, f"U{j}" if j % 2 else None)
              for j in range(k % 3))
        for k in range(n)
    )  # fmt: skip
    sizes = [len(items) for items in item_lists]
    return EmbeddedDocs(
        texts=tuple(f"dokumen {k} — las" for k in range(n)),
        item_lists=item_lists,
        doc=rng.standard_normal((n, dim)).astype(np.float32),
        items=rng.standard_normal((sum(sizes), dim)).astype(np.float32),
        item_weights=np.array([i.weight for items in item_lists for i in items], dtype=np.float32),
        offsets=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
    )


def test_pack_and_unpack_give_back_the_same_documents_and_fingerprint() -> None:
    rng = np.random.default_rng(3)
    vac, cand = _docs(rng, 5), _docs(rng, 7)
    documents, vectors = pack(vac, cand)
    documents = json.loads(json.dumps(documents))  # as stored: JSON
    vac2, cand2 = unpack(documents, vectors)
    for a, b in ((vac, vac2), (cand, cand2)):
        assert a.texts == b.texts and a.item_lists == b.item_lists
        for name in ("doc", "items", "item_weights", "offsets"):
            assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert b.doc.dtype == np.float32 and b.offsets.dtype == np.int64
    assert fingerprint(vac2, cand2, 10) == fingerprint(vac, cand, 10)


def test_parts_that_do_not_fit_are_refused() -> None:
    rng = np.random.default_rng(4)
    documents, vectors = pack(_docs(rng, 3), _docs(rng, 4))
    with pytest.raises(ValueError, match="less vector data"):
        unpack(documents, vectors[:-4])
    with pytest.raises(ValueError, match="more vector data"):
        unpack(documents, vectors + b"\x00" * 4)
    with pytest.raises(ValueError, match="version"):
        unpack({**documents, "version": 99}, vectors)
    broken = json.loads(json.dumps(documents))
    broken["candidates"]["item_weights"].append(1.0)
    with pytest.raises(ValueError, match="candidates"):
        unpack(broken, vectors)
    with pytest.raises(ValueError, match="dimensions"):
        pack(_docs(rng, 2, dim=8), _docs(rng, 2, dim=4))


def test_a_reference_is_renewed_when_absent_of_another_model_or_old() -> None:
    today = date(2026, 12, 3)
    assert renew(None, None, "m", today)
    assert renew(today, "other", "m", today)
    assert not renew(today, "m", "m", today)
    assert not renew(today - timedelta(days=MAX_AGE_DAYS - 1), "m", "m", today)
    assert renew(today - timedelta(days=MAX_AGE_DAYS), "m", "m", today)
