"""Statistics of profiles and vacancies against the reference, stored at index time (issue 17): a
query that finds them does not compute them, ranks as one that computes them, and never uses
another reference's."""

from __future__ import annotations

from datetime import date

import asyncpg

from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_inmates, reindex_vacancies
from matcher.service import Matcher
from models.repositories.privacy import PrivacyRepo
from tests import factories as f

TODAY = date.today()
TRADES = [
    ("pengelasan SMAW", "3 tahun di bengkel las konstruksi baja"),
    ("membuat roti", "produksi roti di toko kue"),
    ("menjahit pakaian", "penjahit di konveksi garmen"),
    ("memasak di dapur restoran", "juru masak rumah makan"),
    ("mengemudikan forklift", "operator gudang distribusi"),
    ("bertukang kayu dan mebel", "tukang kayu pembuatan lemari"),
]


async def _world(conn: asyncpg.Connection, encoder: object) -> dict[str, int]:
    """24 profiles (enough for the feedback and its hubness: 20) in six trades, three vacancies."""
    ids = await f.welding_world(conn)
    for n in range(20):
        skill, work = TRADES[n % len(TRADES)]
        await f.inmate(conn, ids["lapas"], ids["bapas"], skills=(skill, f"keterampilan {n}"), work_history=(work,))
    await f.vacancy(conn, ids["employer"], "Penjahit Garmen", "Konveksi mencari penjahit.", ("menjahit pakaian jadi",))
    await f.vacancy(conn, ids["employer"], "Juru Masak", "Restoran mencari juru masak.", ("memasak menu nusantara",))
    await reindex_vacancies(PgMatcherStores(conn), encoder)  # type: ignore[arg-type]
    await reindex_inmates(PgMatcherStores(conn), encoder, TODAY)  # type: ignore[arg-type]
    return ids


async def _ranked(
    conn: asyncpg.Connection, matcher: Matcher[asyncpg.Connection], vacancy: int
) -> list[tuple[int, float]]:
    _, matches = await matcher.candidates_for_vacancy(conn, vacancy, as_of=TODAY, k=50)
    return [(m.inmate_id, m.score) for m in matches]


async def test_stored_statistics_are_used_and_rank_as_computed_ones(conn: asyncpg.Connection, encoder: object) -> None:
    ids = await _world(conn, encoder)
    computed = await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"])  # type: ignore[arg-type]
    indexer = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]
    await conn.execute(
        "INSERT INTO reference_profile_stats (reference, text_hash, feedback_hub) VALUES ('old', 'x', 1)"
    )
    stored = await indexer.store_reference_stats(conn, TODAY, batch=7)  # several batches
    people = await conn.fetchval("SELECT count(*) FROM inmate_embeddings")
    vacancies = await conn.fetchval("SELECT count(*) FROM vacancy_embeddings")
    assert people >= 24 and vacancies == 3
    assert stored == people + vacancies
    assert await conn.fetchval("SELECT count(*) FROM reference_profile_stats WHERE reference = 'old'") == 0
    assert await conn.fetchval("SELECT count(DISTINCT reference) FROM reference_vacancy_stats") == 1
    assert await indexer.store_reference_stats(conn, TODAY) == 0  # all current: nothing to do

    serving = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]  # another process: a fresh cache
    with_stats = await _ranked(conn, serving, ids["vacancy"])
    reference = await serving.reference(conn, TODAY)
    assert reference.fingerprint_ == (await indexer.reference(conn, TODAY)).fingerprint_
    assert not reference.reference_similarity_cache_  # no profile needed its similarity with every reference one
    assert [i for i, _ in with_stats] == [i for i, _ in computed]
    assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(with_stats, computed, strict=True))


async def test_a_stored_value_is_what_the_query_uses_and_only_for_its_reference(
    conn: asyncpg.Connection, encoder: object
) -> None:
    ids = await _world(conn, encoder)
    await Matcher(encoder, PgMatcherStores).store_reference_stats(conn, TODAY)  # type: ignore[arg-type]
    welder_hash = await conn.fetchval("SELECT text_hash FROM inmate_embeddings WHERE inmate_id = $1", ids["welder"])
    before = dict(await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"]))  # type: ignore[arg-type]
    # the welder's typical feedback made huge: his feedback, less it, sinks (read from the table, not computed)
    await conn.execute("UPDATE reference_profile_stats SET feedback_hub = 50 WHERE text_hash = $1", welder_hash)
    after = dict(await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"]))  # type: ignore[arg-type]
    assert after[ids["welder"]] < before[ids["welder"]] - 1
    assert all(after[k] == before[k] for k in before if k != ids["welder"])
    # the same row under another reference's fingerprint is not used
    await conn.execute("UPDATE reference_profile_stats SET reference = 'another' WHERE text_hash = $1", welder_hash)
    again = dict(await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"]))  # type: ignore[arg-type]
    assert abs(again[ids["welder"]] - before[ids["welder"]]) < 1e-4


async def test_a_stored_vacancy_state_is_what_both_directions_use(conn: asyncpg.Connection, encoder: object) -> None:
    ids = await _world(conn, encoder)
    await Matcher(encoder, PgMatcherStores).store_reference_stats(conn, TODAY)  # type: ignore[arg-type]
    vacancy_hash = await conn.fetchval("SELECT text_hash FROM vacancy_embeddings WHERE vacancy_id = $1", ids["vacancy"])
    before = dict(await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"]))  # type: ignore[arg-type]

    async def welder_view() -> float:
        matcher = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]
        found = await matcher.vacancies_for_candidate(conn, ids["welder"], as_of=TODAY, k=10)
        return next(m.score for m in found if m.vacancy.id == ids["vacancy"])

    seen_by_welder = await welder_view()
    # the state's embedding centre said to be 10 on average over the reference: every feedback sinks
    await conn.execute("UPDATE reference_vacancy_stats SET feedback_spreads[1] = 10 WHERE text_hash = $1", vacancy_hash)
    after = dict(await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"]))  # type: ignore[arg-type]
    assert all(after[k] < before[k] / 100 for k in before)
    assert await welder_view() < seen_by_welder / 100  # the officer's view reads the same state
    await conn.execute("UPDATE reference_vacancy_stats SET reference = 'another' WHERE text_hash = $1", vacancy_hash)
    again = dict(await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"]))  # type: ignore[arg-type]
    assert all(abs(again[k] - before[k]) < 1e-4 for k in before)


async def test_an_edited_reference_profile_keeps_the_stored_statistics_in_use(
    conn: asyncpg.Connection, encoder: object
) -> None:
    """The reference is the one ``store_reference_stats`` kept (migration 0834), not a refit of the live
    index: editing one of its profiles used to change the fingerprint and leave every stored row unused."""
    ids = await _world(conn, encoder)
    indexer = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]
    await indexer.store_reference_stats(conn, TODAY)
    kept = (await indexer.reference(conn, TODAY)).fingerprint_
    assert await conn.fetchval("SELECT fingerprint FROM reference_snapshots") == kept
    first = await conn.fetchval("SELECT min(id) FROM inmates")  # in every reference (the first 200 ids)
    await conn.execute("UPDATE inmates SET skills = array_append(skills, 'mengelas pipa') WHERE id = $1", first)
    await reindex_inmates(PgMatcherStores(conn), encoder, TODAY)  # type: ignore[arg-type]

    serving = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]
    await _ranked(conn, serving, ids["vacancy"])
    reference = await serving.reference(conn, TODAY)
    assert reference.fingerprint_ == kept
    # only the edited profile (a new text: no stored row) needed its similarity with the reference
    assert len(reference.reference_similarity_cache_) == 1
    # without the kept reference, a process fits another one on the live index
    await conn.execute("DELETE FROM reference_snapshots")
    assert (await Matcher(encoder, PgMatcherStores).reference(conn, TODAY)).fingerprint_ != kept  # type: ignore[arg-type]
    # and the next reindex keeps a new one, with statistics against it
    assert await Matcher(encoder, PgMatcherStores).store_reference_stats(conn, TODAY) > 0  # type: ignore[arg-type]
    assert await conn.fetchval("SELECT fingerprint FROM reference_snapshots") != kept


async def test_erasing_a_person_in_the_kept_reference_deletes_it(conn: asyncpg.Connection, encoder: object) -> None:
    ids = await _world(conn, encoder)
    await Matcher(encoder, PgMatcherStores).store_reference_stats(conn, TODAY)  # type: ignore[arg-type]
    documents = await conn.fetchval("SELECT documents::text FROM reference_snapshots")
    assert "pengelasan SMAW" in documents  # people's document texts: personal data
    assert await PrivacyRepo(conn).anonymise(ids["welder"], "W.", "Dihapus") is True
    assert await conn.fetchval("SELECT count(*) FROM reference_snapshots") == 0
    ranked = await _ranked(conn, Matcher(encoder, PgMatcherStores), ids["vacancy"])  # type: ignore[arg-type]
    assert ranked and ids["welder"] not in {i for i, _ in ranked}  # ranked against a live fit


async def test_a_profile_embedded_on_an_edit_gets_its_statistics_stored(
    conn: asyncpg.Connection, encoder: object
) -> None:
    """``embed_inmate_now`` (registration, training completed, certificate issued) with the process's matcher
    stores the new text's statistics against the pinned reference, so no search computes them on the query
    (issue 17). Without a pinned reference, or without the matcher, nothing is stored."""
    from api.web.stores import embed_inmate_now

    ids = await _world(conn, encoder)
    welder, other = ids["welder"], await conn.fetchval("SELECT min(id) FROM inmates WHERE id <> $1", ids["welder"])
    unpinned = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]
    assert await unpinned.store_document_stats(conn, TODAY, inmate_ids=[welder]) == 0  # `binakerja reindex` pins one
    await Matcher(encoder, PgMatcherStores).store_reference_stats(conn, TODAY)  # type: ignore[arg-type]
    serving = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]  # a worker started after the reindex

    async def edit(inmate_id: int, matcher: object) -> None:
        await conn.execute("UPDATE inmates SET skills = skills || '{mengelas pipa}'::text[] WHERE id = $1", inmate_id)
        await embed_inmate_now(conn, encoder, inmate_id, TODAY, matcher)

    async def hub_of(inmate_id: int) -> float | None:
        found = await conn.fetchval(
            "SELECT s.feedback_hub FROM inmate_embeddings e JOIN reference_profile_stats s USING (text_hash) "
            "WHERE e.inmate_id = $1",
            inmate_id,
        )
        return None if found is None else float(found)

    await edit(welder, serving)
    stored = await hub_of(welder)
    assert stored is not None  # the new text's, stored on the edit
    await edit(other, None)
    assert await hub_of(other) is None  # as before the change: left to the query
    assert await serving.store_document_stats(conn, TODAY, inmate_ids=[welder, other]) == 1  # only what is missing
    # the value stored is the one the reference computes for that text (a fresh process, the row deleted)
    await conn.execute("DELETE FROM reference_profile_stats WHERE feedback_hub = $1", stored)
    assert await Matcher(encoder, PgMatcherStores).store_document_stats(conn, TODAY, inmate_ids=[welder]) == 1  # type: ignore[arg-type]
    again = await hub_of(welder)
    assert again is not None and abs(again - stored) < 1e-5


async def test_a_posted_vacancy_gets_its_statistics_stored(conn: asyncpg.Connection, encoder: object) -> None:
    """The vacancy branch (``api.hiring`` on a post or an edit, feed runs): its state is stored, once."""
    ids = await _world(conn, encoder)
    await Matcher(encoder, PgMatcherStores).store_reference_stats(conn, TODAY)  # type: ignore[arg-type]
    vacancy_hash = await conn.fetchval("SELECT text_hash FROM vacancy_embeddings WHERE vacancy_id = $1", ids["vacancy"])
    await conn.execute("DELETE FROM reference_vacancy_stats WHERE text_hash = $1", vacancy_hash)
    serving = Matcher(encoder, PgMatcherStores)  # type: ignore[arg-type]
    assert await serving.store_document_stats(conn, TODAY, vacancy_ids=[ids["vacancy"]]) == 1
    assert await conn.fetchval("SELECT count(*) FROM reference_vacancy_stats WHERE text_hash = $1", vacancy_hash) == 1
    assert await serving.store_document_stats(conn, TODAY, vacancy_ids=[ids["vacancy"]]) == 0
