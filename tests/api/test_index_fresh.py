"""A new certificate counts in the very next search: issuing re-embeds the holder's candidate
document (before, the stored vector kept the text without the certificate until a re-index)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from matcher.documents import candidate_text
from matcher.embedding import text_hash
from matcher.profiles import candidate_doc
from models.repositories.certificates import CertificateRepo
from models.repositories.inmates import InmateRepo
from tests.api.conftest import World
from tests.api.test_verify import _issue


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


async def _current_hash(conn: Any, inmate_id: int) -> str:
    inmate = await InmateRepo(conn).get(inmate_id)
    certs = (await CertificateRepo(conn).views_for_inmates([inmate_id])).get(inmate_id, [])
    return text_hash(candidate_text(candidate_doc(inmate, certs, date.today()), date.today()))


async def test_issuing_a_certificate_re_embeds_the_holder(
    client: httpx.AsyncClient, world: World, keydir, conn
) -> None:
    person = world.ids["other"]
    before = await conn.fetchval("SELECT text_hash FROM inmate_embeddings WHERE inmate_id = $1", person)
    cert = await _issue(client, world, keydir)
    stored = await conn.fetchval("SELECT text_hash FROM inmate_embeddings WHERE inmate_id = $1", person)
    now = await _current_hash(conn, person)
    assert now != before, "the certificate must change the candidate document"
    assert stored == now, f"certificate {cert['number']} issued but the stored vector is for the old text"
