"""Assessor certificate page: status, lifecycle forms (suspend, unsuspend, renew, revoke), PDF and
VC downloads from the page, and another LSP's assessor refused."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from api.partners import service as accounts
from certification.signing import FileKeyStore
from models.records import SYSTEM
from models.repositories.catalogue import CatalogueRepo
from tests import factories as f
from tests.api.conftest import PASSWORD, World, csrf_from, sign_in

WELD = [u.code for u in f.WELDING_UNITS]


async def assess(client: httpx.AsyncClient, world: World, days_ago: int) -> None:
    body = {
        "inmate_id": world.ids["other"], "scheme_id": world.ids["welding"],
        "assessed_on": (date.today() - timedelta(days=days_ago)).isoformat(),
        "results": [{"unit_code": c, "result": "K"} for c in WELD],
    }  # fmt: skip
    r = await client.post("/api/v1/assessments", json=body, headers=world.auth("lsp_assessor"))
    assert r.status_code == 201, r.text


async def issued(client: httpx.AsyncClient, world: World, tmp_path: Path) -> str:
    client.app.state.keystore = FileKeyStore(tmp_path / "keys")  # type: ignore[attr-defined]
    await assess(client, world, 3)
    r = await client.post("/api/v1/certificates", json={"inmate_id": world.ids["other"],
                          "scheme_id": world.ids["welding"]}, headers=world.auth("lsp_assessor"))  # fmt: skip
    assert r.status_code == 201, r.text
    return str(r.json()["number"])


async def status_of(client: httpx.AsyncClient, world: World, number: str) -> dict[str, Any]:
    r = await client.get(f"/api/v1/certificates/{number}", headers=world.auth("lsp_assessor"))
    return dict(r.json()["status"])


async def test_lifecycle_forms_on_the_certificate_page(
    client: httpx.AsyncClient, world: World, conn: Any, tmp_path: Path
) -> None:
    number = await issued(client, world, tmp_path)
    await sign_in(client, world.emails["lsp_assessor"])
    home = await client.get("/sertifikasi")
    assert f'href="/sertifikasi/sertifikat/{number}"' in home.text
    page = await client.get(f"/sertifikasi/sertifikat/{number}")
    assert page.status_code == 200 and "Joko Surabaya" in page.text and "Status: aktif" in page.text
    assert f"/api/v1/certificates/{number}/pdf" in page.text and f"/api/v1/certificates/{number}/vc" in page.text
    assert "/bekukan" in page.text and "/cabut" in page.text and "/pulihkan" not in page.text
    token = csrf_from(page.text)
    base = f"/sertifikasi/sertifikat/{number}"

    short = await client.post(f"{base}/bekukan", data={"csrf_token": token, "reason": "x"})
    assert short.status_code == 422 and (await status_of(client, world, number))["state"] == "active"
    assert 'id="suspend-reason-error"' in short.text and "Alasan wajib diisi" in short.text  # next to the field
    assert 'value="x"' in short.text and "Status: aktif" in short.text  # the page, with the input kept
    until = (date.today() + timedelta(days=30)).isoformat()
    r = await client.post(f"{base}/bekukan", data={"csrf_token": token, "reason": "hasil surveilan buruk",
                                                   "until": until})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == f"{base}?ok=bekukan"
    assert "Sertifikat dibekukan." in (await client.get(r.headers["location"])).text
    assert await status_of(client, world, number) == {"state": "suspended", "reason": "hasil surveilan buruk",
                                                      "until": until}  # fmt: skip
    page = await client.get(base)
    assert "Status: dibekukan" in page.text and "/pulihkan" in page.text and "/bekukan" not in page.text
    again = await client.post(f"{base}/bekukan", data={"csrf_token": token, "reason": "dua kali"})
    assert again.status_code == 409
    r = await client.post(f"{base}/pulihkan", data={"csrf_token": token, "reason": "perbaikan terverifikasi"})
    assert r.status_code == 303 and (await status_of(client, world, number))["state"] == "active"

    no_new = await client.post(f"{base}/perbarui", data={"csrf_token": token, "kind": "surveillance"})
    assert no_new.status_code == 422  # no assessment since the certificate was issued
    await assess(client, world, 0)
    r = await client.post(f"{base}/perbarui", data={"csrf_token": token, "kind": "surveillance"})
    assert r.status_code == 303 and r.headers["location"] != base
    renewed = await client.get(r.headers["location"])
    assert renewed.status_code == 200 and f'href="{base}"' in renewed.text  # links back to the old one
    assert (await status_of(client, world, number))["state"] == "renewed"
    new_number = r.headers["location"].removeprefix("/sertifikasi/sertifikat/").removesuffix("?ok=perbarui")
    revoke = f"/sertifikasi/sertifikat/{new_number}/cabut"
    for typed in ("", number):  # not typed, or another certificate's number: not revoked
        r = await client.post(revoke, data={"csrf_token": token, "reason": "bukti asesmen dipalsukan",
                                            "confirm": typed})  # fmt: skip
        assert r.status_code == 422 and 'id="revoke-confirm-error"' in r.text and "Ketik nomor sertifikat" in r.text
        assert 'value="bukti asesmen dipalsukan"' in r.text
        assert (await status_of(client, world, new_number))["state"] == "active"
    r = await client.post(revoke, data={"csrf_token": token, "reason": "bukti asesmen dipalsukan",
                                        "confirm": f"  {new_number.lower()} "})  # fmt: skip
    assert r.status_code == 303
    revoked = await client.get(f"/sertifikasi/sertifikat/{new_number}")
    assert "Status: dicabut" in revoked.text and "bukti asesmen dipalsukan" in revoked.text
    assert "/cabut" not in revoked.text and "/bekukan" not in revoked.text

    actions = [r["action"] for r in await conn.fetch(
        "SELECT action FROM audit_events WHERE actor_user_id = $1 AND action LIKE 'certificate.%' ORDER BY id",
        world.ids["user_lsp_assessor"])]  # fmt: skip
    for action in ("certificate.suspend", "certificate.unsuspend", "certificate.renew", "certificate.revoke"):
        assert actions.count(action) == 1, action

    pdf = await client.get(f"/api/v1/certificates/{number}/pdf")  # the page's download link, by session
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    vc = await client.get(f"/api/v1/certificates/{number}/vc")
    assert vc.status_code == 200 and "VerifiableCredential" in vc.json()["type"]


async def test_certificate_page_is_own_lsp_only(
    client: httpx.AsyncClient, world: World, conn: Any, tmp_path: Path
) -> None:
    number = await issued(client, world, tmp_path)
    lsp = await CatalogueRepo(conn).add_lsp("LSP-LAIN", "LSP Lain", "P3", "BNSP-9", date(2099, 1, 1), "{seq}")
    email = "asesor-lain@test.binakerja.id"
    await accounts.create_user(conn, SYSTEM, email=email, name="Lain", role="lsp_assessor", password=PASSWORD,
                               lsp_id=lsp.id)  # fmt: skip
    await sign_in(client, email)
    page = await client.get(f"/sertifikasi/sertifikat/{number}")
    unknown = await client.get("/sertifikasi/sertifikat/TIDAK/ADA")
    # another LSP's certificate answers exactly like a number that does not exist (issue 13 row 11)
    assert page.status_code == unknown.status_code == 404 and "Joko" not in page.text
    assert page.text.replace(number, "") == unknown.text.replace("TIDAK/ADA", "")
    token = csrf_from((await client.get("/sertifikasi")).text)
    r = await client.post(f"/sertifikasi/sertifikat/{number}/cabut", data={"csrf_token": token, "reason": "coba"})
    assert r.status_code == 404
    assert (await status_of(client, world, number))["state"] == "active"
