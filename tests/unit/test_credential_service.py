"""The credential use cases over in-memory fakes: stable status positions (drawn at random, the
next list opened when one is crowded), status lists that follow the certificate's state, DID
documents that keep retired keys, and the audit of every export."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from datetime import timedelta

import pytest

from certification import credentials, service, status_lists
from certification.ports import CertificateStatusStore
from models.errors import NotFound
from models.records import Actor, CertificateStatusEntry, StatusListMember
from tests.unit.test_certification_service import (
    ASSESSOR,
    LSP_ID,
    TODAY,
    FakeKeyStore,
    FakeStores,
    FixedClock,
    Tables,
    all_k,
    assess,
    issue,
    world,
)

BASE = "https://binakerja.example"


class FakeCertificateStatus:
    def __init__(self, t: Tables) -> None:
        self.t = t
        self.rows: dict[int, CertificateStatusEntry] = {}

    async def get(self, certificate_id: int) -> CertificateStatusEntry | None:
        return self.rows.get(certificate_id)

    async def current_list(self, lsp_id: int) -> int:
        return max((e.list_no for e in self.rows.values() if e.lsp_id == lsp_id), default=0)

    async def add(
        self, *, certificate_id: int, lsp_id: int, list_no: int, status_index: int, holder_salt: str
    ) -> CertificateStatusEntry | None:
        taken = {(e.lsp_id, e.list_no, e.status_index) for e in self.rows.values()}
        if certificate_id in self.rows or (lsp_id, list_no, status_index) in taken:
            return None
        self.rows[certificate_id] = CertificateStatusEntry(certificate_id, lsp_id, list_no, status_index, holder_salt)
        return self.rows[certificate_id]

    async def members(self, lsp_id: int, list_no: int) -> Sequence[StatusListMember]:
        return [
            StatusListMember(e.status_index, self.t.certificates[e.certificate_id])
            for e in self.rows.values()
            if (e.lsp_id, e.list_no) == (lsp_id, list_no)
        ]


class Stores(FakeStores):
    def __init__(self, t: Tables) -> None:
        super().__init__(t)
        self.certificate_status = FakeCertificateStatus(t)


class Env:
    def __init__(self) -> None:
        self.t = world()
        self.stores = Stores(self.t)
        self.keys = FakeKeyStore()
        self.clock = FixedClock()


@pytest.fixture
def env() -> Env:
    return Env()


def test_fake_matches_the_port() -> None:
    for name in ("get", "current_list", "add", "members"):
        port, fake = getattr(CertificateStatusStore, name), getattr(FakeCertificateStatus, name)
        assert inspect.signature(fake) == inspect.signature(port), name


async def export(env: Env, number: str) -> dict:
    return await service.export_credential(
        env.stores, ASSESSOR, number, keystore=env.keys, clock=env.clock, base_url=BASE
    )


async def snapshot(env: Env, doc: dict) -> tuple[list, list]:
    code = doc["issuer"]["id"].rsplit(":", 1)[1]
    lists = []
    for purpose in status_lists.PURPOSES:
        lists.append(
            await service.status_list_credential(env.stores, BASE, code, 0, purpose, keystore=env.keys, clock=env.clock)
        )
    return [await service.lsp_did_document(env.stores, BASE, code)], lists


async def issued(env: Env) -> str:
    await assess(env, all_k())  # the helpers take any env with stores, keys and clock
    return (await issue(env)).certificate.number


async def test_export_is_audited_stable_and_verifies(env: Env) -> None:
    number = await issued(env)
    first = await export(env, number)
    second = await export(env, number)
    assert first["credentialStatus"] == second["credentialStatus"]
    assert len(env.stores.certificate_status.rows) == 1
    assert env.t.actions().count("certificate.export") == 2
    did_docs, lists = await snapshot(env, first)
    assert credentials.verify_credential(first, did_docs, lists, TODAY).code == "valid"


async def test_status_lists_follow_suspension_lift_and_revocation(env: Env) -> None:
    number = await issued(env)
    doc = await export(env, number)

    async def code(today_offset: int = 0) -> str:
        env.clock.day = TODAY + timedelta(days=today_offset)
        did_docs, lists = await snapshot(env, doc)
        return credentials.verify_credential(doc, did_docs, lists, env.clock.day).code

    until = TODAY + timedelta(days=10)
    await service.suspend(env.stores, ASSESSOR, number, "pemeriksaan", until, clock=env.clock)
    assert await code() == "suspended"
    assert await code(11) == "valid"  # the suspension ended by date: the bit is clear again
    env.clock.day = TODAY
    await service.unsuspend(env.stores, ASSESSOR, number, "selesai", clock=env.clock)
    assert await code() == "valid"
    await service.revoke(env.stores, ASSESSOR, number, "pemalsuan", clock=env.clock)
    assert await code() == "revoked"


async def test_a_crowded_list_opens_the_next(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    number = await issued(env)
    cert_id = next(iter(env.t.certificates))
    # every position of list 0 is taken by another certificate (as far as the draws can tell)
    draws = iter([5] * 16 + [9])
    monkeypatch.setattr(service.secrets, "randbelow", lambda n: next(draws))
    env.stores.certificate_status.rows[999] = CertificateStatusEntry(999, LSP_ID, 0, 5, "x" * 22)
    doc = await export(env, number)
    entry = env.stores.certificate_status.rows[cert_id]
    assert (entry.list_no, entry.status_index) == (1, 9)
    assert doc["credentialStatus"][0]["statusListCredential"].endswith("/status/1/revocation")


async def test_did_document_keeps_retired_keys_and_unknown_things_are_not_found(env: Env) -> None:
    number = await issued(env)
    before = await export(env, number)
    await service.rotate_key(env.stores, Actor(None, "admin"), LSP_ID, keystore=env.keys)
    after = await export(env, number)
    did_docs, lists = await snapshot(env, after)
    assert len(did_docs[0]["assertionMethod"]) == 2
    assert lists[0]["proof"]["verificationMethod"] == after["proof"]["verificationMethod"]  # lists: the new key
    for doc in (before, after):
        assert credentials.verify_credential(doc, did_docs, lists, TODAY).code == "valid"
    top = await service.deployment_did_document(env.stores, BASE)
    assert top["id"] == "did:web:binakerja.example" and len(top["service"]) == 1
    with pytest.raises(NotFound):
        await service.lsp_did_document(env.stores, BASE, "LSP-TIDAK-ADA")
    for list_no, purpose in ((0, "message"), (3, "revocation")):
        with pytest.raises(NotFound):
            await service.status_list_credential(
                env.stores, BASE, "LSP-PAS", list_no, purpose, keystore=env.keys, clock=env.clock
            )
