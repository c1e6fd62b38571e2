"""Issue 13 row 11 on the certificate routes: an assessor of another LSP gets for an existing
certificate exactly the answer a number that does not exist gets (status and body), on every
certificate route with a number, nothing changes, and each attempt is audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx

from api.partners import service as accounts
from models.records import SYSTEM
from models.repositories.catalogue import CatalogueRepo
from tests.api.conftest import PASSWORD, World
from tests.api.test_certificate_pages import issued, status_of

ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/certificates/{n}", None),
    ("GET", "/api/v1/certificates/{n}/pdf", None),
    ("GET", "/api/v1/certificates/{n}/html", None),
    ("GET", "/api/v1/certificates/{n}/vc", None),
    ("POST", "/api/v1/certificates/{n}/suspend", {"reason": "coba coba"}),
    ("POST", "/api/v1/certificates/{n}/unsuspend", {"reason": "coba coba"}),
    ("POST", "/api/v1/certificates/{n}/revoke", {"reason": "coba coba"}),
    ("POST", "/api/v1/certificates/{n}/renew", {"kind": "recertification"}),
]


async def test_another_lsps_certificate_reads_like_one_that_does_not_exist(
    client: httpx.AsyncClient, world: World, conn: Any, tmp_path: Path
) -> None:
    number = await issued(client, world, tmp_path)
    lsp = await CatalogueRepo(conn).add_lsp("LSP-LAIN-2", "LSP Lain", "P3", "BNSP-8", date(2099, 1, 1), "{seq}")
    email = "asesor-lain-2@test.binakerja.id"
    user = await accounts.create_user(conn, SYSTEM, email=email, name="Lain", role="lsp_assessor",
                                      password=PASSWORD, lsp_id=lsp.id)  # fmt: skip
    _, key = await accounts.issue_api_key(conn, SYSTEM, user.id, "test")
    other = {"Authorization": f"Bearer {key}"}
    before = await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'certificate.refused'")
    missing = "LSP-X/SKM-X/2025/999999"
    for method, path, body in ROUTES:
        theirs = await client.request(method, path.format(n=number), json=body, headers=other)
        unknown = await client.request(method, path.format(n=missing), json=body, headers=other)
        assert theirs.status_code == unknown.status_code == 404, (path, theirs.status_code, unknown.status_code)
        assert theirs.json() == unknown.json(), path
        assert "Joko" not in theirs.text
    refused = await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'certificate.refused'")
    assert refused - before == len(ROUTES)
    assert (await status_of(client, world, number))["state"] == "active"
