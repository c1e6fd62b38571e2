"""Retention that protects the holder (issue 14 item 5), through the real app and PostgreSQL: after
the profile is erased, the holder with claim code + PIN still gets the full-name certificate, and
an assessor of the LSP, shown the claim code, can reassess and renew it (the name passes on)."""

from __future__ import annotations

import json
import re
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.web.limits import TokenBucket
from tests.api.conftest import World, csrf_from
from tests.api.test_holder import ShiftedClock, _claim
from tests.api.test_verify import WELD, _issue

NAME = "Joko Surabaya"


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


@pytest.fixture
def clock(client: httpx.AsyncClient) -> ShiftedClock:
    app: Any = client.app  # type: ignore[attr-defined]
    app.state.clock = ShiftedClock()
    app.state.verify_limiter = TokenBucket(capacity=1000, rate=1)
    return app.state.clock  # type: ignore[no-any-return]


def pdf_text(pdf: bytes) -> str:
    """The text drawn in a (compressed) PDF's content streams."""
    out = []
    # up to "endstream", end-of-line included: the inflater stops at the stream's own end (a compressed stream
    # that happens to end in a \r byte lost it to an optional \r before the newline, about 1 run in 256)
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out.append(zlib.decompressobj().decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    return "\n".join(out)


async def _erase(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    person = world.ids["other"]
    pseudonym = await conn.fetchval("SELECT pseudonym FROM inmates WHERE id = $1", person)
    r = await client.post(f"/api/v1/clients/{person}/erasure", json={"reason": "permintaan pemegang",
                          "confirm": pseudonym}, headers=world.auth("officer_b"))  # fmt: skip
    assert r.status_code == 200 and r.json()["erased"] is True, r.text
    assert await conn.fetchval("SELECT full_name FROM inmates WHERE id = $1", person) != NAME


async def test_holder_gets_the_full_name_pdf_after_erasure(client, world: World, keydir, conn, clock) -> None:
    cert = await _issue(client, world, keydir)
    kept = await conn.fetchrow(
        "SELECT name_enc, keep_until FROM certificate_holder_names n "
        "JOIN certificates c ON c.id = n.certificate_id WHERE c.number = $1",
        cert["number"],
    )
    assert kept is not None and NAME.encode() not in bytes(kept["name_enc"])  # encrypted, not plain
    assert kept["keep_until"] == date.fromisoformat(cert["valid_until"])  # only for the validity
    await _erase(client, world, conn)

    assert (await _claim(client, cert["claim"]["code"], cert["claim"]["pin"])).status_code == 303
    page = await client.get("/sertifikat-saya/lihat")
    assert page.status_code == 200 and NAME in page.text
    pdf = await client.get("/sertifikat-saya/pdf")
    assert pdf.status_code == 200 and NAME in pdf_text(pdf.content)
    vc = json.loads((await client.get("/sertifikat-saya/vc")).text)
    assert vc["credentialSubject"]["name"] == NAME
    # the public still sees initials, and the certificate still verifies
    public = await client.get(f"/api/v1/verify/{cert['number']}")
    assert public.json()["holder"] == "J. S." and public.json()["signature"]["valid"] is True
    assert NAME not in public.text
    # a ciphertext moved to another certificate does not open there
    other_id = await conn.fetchval("SELECT id FROM certificates WHERE number <> $1 ORDER BY id LIMIT 1",
                                   cert["number"])  # fmt: skip
    await conn.execute("INSERT INTO certificate_holder_names (certificate_id, name_enc, keep_until) "
                       "VALUES ($1, $2, $3)", other_id, kept["name_enc"], kept["keep_until"])  # fmt: skip
    stores = client.app.state.certification_stores(conn)  # type: ignore[attr-defined]
    assert await stores.holder_names.get(other_id, date.today()) is None
    # past the validity the name is gone
    clock.offset = timedelta(days=3 * 366 + 1)
    assert (
        await stores.holder_names.get(
            await conn.fetchval("SELECT id FROM certificates WHERE number = $1", cert["number"]), clock.today()
        )
        is None
    )


async def test_assessor_renews_an_erased_holders_certificate_by_claim_code(
    client, world: World, keydir, conn, clock
) -> None:
    cert = await _issue(client, world, keydir)
    await _erase(client, world, conn)
    assessor = world.auth("lsp_assessor")
    body = {"assessed_on": date.today().isoformat(),
            "results": [{"unit_code": c, "result": "K", "evidence": "observasi"} for c in WELD]}  # fmt: skip
    # without the claim code the erased person is out of reach
    r = await client.post("/api/v1/assessments", json=body | {"inmate_id": world.ids["other"],
                          "scheme_id": world.ids["welding"]}, headers=assessor)  # fmt: skip
    assert r.status_code == 404
    r = await client.post("/api/v1/renewals/assessments", json=body | {"claim_code": "ZZZZ-ZZZZ-ZZZZ"},
                          headers=assessor)  # fmt: skip
    assert r.status_code == 404
    r = await client.post("/api/v1/renewals/assessments", json=body | {"claim_code": cert["claim"]["code"]},
                          headers=assessor)  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["certificate"] == cert["number"]
    r = await client.post(f"/api/v1/certificates/{cert['number']}/renew", json={"kind": "recertification"},
                          headers=assessor)  # fmt: skip
    assert r.status_code == 201, r.text
    new = r.json()
    assert new["renewed_from"] == cert["number"] and new["claim"]["code"] != cert["claim"]["code"]
    # the new certificate is the holder's with the full name
    assert (await _claim(client, new["claim"]["code"], new["claim"]["pin"])).status_code == 303
    page = await client.get("/sertifikat-saya/lihat")
    assert NAME in page.text and new["number"] in page.text
    assert NAME in pdf_text((await client.get("/sertifikat-saya/pdf")).content)
    # the old certificate is replaced, so its code cannot start another renewal
    r = await client.post("/api/v1/renewals/assessments", json=body | {"claim_code": cert["claim"]["code"]},
                          headers=assessor)  # fmt: skip
    assert r.status_code == 404
    token = csrf_from(page.text)
    assert token
