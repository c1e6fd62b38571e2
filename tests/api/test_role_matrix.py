"""Every route × every role (+ anonymous): the declared rule matches this table and is enforced.

A new route without a rule, or one missing from ``EXPECTED``, fails here. Allowed callers must
get past the role gate (any status but 401/403, e.g. 404 or 422 for a dummy id or empty body);
other roles get 403; anonymous callers get 401 (API) or a redirect to the sign-in page.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from api.partners import service as accounts
from api.web.auth import PUBLIC, iter_routes, route_rule
from models.records import SYSTEM
from models.repositories.users import ROLES
from tests.api.conftest import PASSWORD, World, csrf_from

A, K, L, B, E, T = "admin", "kemnaker_staff", "lsp_assessor", "bapas_officer", "employer", "training_staff"
EVERYONE = {A, K, L, B, E, T}
P = "public"
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/"): {P}, ("GET", "/masuk"): {P}, ("POST", "/masuk"): {P}, ("POST", "/keluar"): EVERYONE,
    ("GET", "/docs"): {P},
    # employers
    ("GET", "/api/v1/units"): EVERYONE - {T}, ("GET", "/api/v1/vacancies"): {E, K, A},
    ("POST", "/api/v1/vacancies"): {E}, ("GET", "/api/v1/vacancies/{vacancy_id}"): {E, K, A},
    ("PUT", "/api/v1/vacancies/{vacancy_id}"): {E}, ("GET", "/api/v1/vacancies/{vacancy_id}/candidates"): {E},
    ("GET", "/api/v1/candidates/{pseudonym}"): {E}, ("GET", "/api/v1/vacancies/{vacancy_id}/applications"): {E},
    ("POST", "/api/v1/vacancies/{vacancy_id}/applications"): {E},
    ("POST", "/api/v1/applications/{application_id}/stage"): {E},
    ("GET", "/lowongan"): {E}, ("GET", "/lowongan/baru"): {E}, ("POST", "/lowongan/baru"): {E},
    ("GET", "/lowongan/{vacancy_id}/ubah"): {E}, ("POST", "/lowongan/{vacancy_id}/ubah"): {E},
    ("GET", "/lowongan/{vacancy_id}/kandidat"): {E}, ("POST", "/lowongan/{vacancy_id}/daftar-pendek"): {E},
    ("GET", "/lowongan/{vacancy_id}/pelamar"): {E}, ("POST", "/lamaran/{application_id}/tahap"): {E},
    ("GET", "/kandidat/{pseudonym}"): {E},
    ("GET", "/lamaran/{application_id}"): {E}, ("POST", "/lamaran/{application_id}/catatan"): {E},
    ("GET", "/api/v1/applications/{application_id}"): {E}, ("POST", "/api/v1/applications/{application_id}/notes"): {E},
    ("GET", "/klien/{inmate_id}/rencana.pdf"): {B},
    ("GET", "/admin/kunci/{key_id}/cabut"): {A}, ("GET", "/admin/pengguna/{user_id}/nonaktifkan"): {A},
    # Bapas officers
    ("GET", "/api/v1/clients"): {B}, ("GET", "/api/v1/clients/{inmate_id}"): {B},
    ("GET", "/api/v1/clients/{inmate_id}/vacancies"): {B}, ("GET", "/api/v1/clients/{inmate_id}/gaps"): {B},
    ("PUT", "/api/v1/clients/{inmate_id}/consent"): {B}, ("POST", "/api/v1/clients/{inmate_id}/placements"): {B},
    ("POST", "/api/v1/placements/{placement_id}/followups"): {B},
    ("GET", "/klien"): {B}, ("GET", "/klien/{inmate_id}"): {B}, ("GET", "/klien/{inmate_id}/rencana"): {B},
    ("POST", "/klien/{inmate_id}/persetujuan"): {B}, ("POST", "/klien/{inmate_id}/penempatan"): {B},
    ("POST", "/penempatan/{placement_id}/tindak-lanjut"): {B},
    # privacy: offence release and read, objections and reviews, export, erasure
    ("POST", "/api/v1/clients/{inmate_id}/offence-releases"): {B},
    ("GET", "/api/v1/applications/{application_id}/offence"): {E},
    ("POST", "/api/v1/clients/{inmate_id}/objections"): {B}, ("POST", "/api/v1/reviews/{review_id}/complete"): {B},
    ("GET", "/api/v1/clients/{inmate_id}/export"): {B}, ("POST", "/api/v1/clients/{inmate_id}/erasure"): {B, A},
    ("POST", "/klien/{inmate_id}/ungkap-pidana"): {B}, ("POST", "/klien/{inmate_id}/keberatan"): {B},
    ("POST", "/tinjauan/{review_id}/selesai"): {B}, ("GET", "/klien/{inmate_id}/hapus"): {B},
    ("POST", "/klien/{inmate_id}/hapus"): {B},
    # privacy: NIK and offence entry and read (own Bapas officer)
    ("PUT", "/api/v1/clients/{inmate_id}/sensitive"): {B}, ("GET", "/api/v1/clients/{inmate_id}/sensitive"): {B},
    ("POST", "/klien/{inmate_id}/data-sensitif"): {B}, ("POST", "/klien/{inmate_id}/data-sensitif/lihat"): {B},
    # Kemnaker staff and admins
    ("GET", "/api/v1/stats"): {K, A}, ("GET", "/dasbor"): {K, A},
    ("GET", "/api/v1/stats/ranking-weights"): {K, A}, ("GET", "/dasbor/bobot-peringkat"): {K, A},
    # feeds in (api/feeds): admins change and run connectors, Kemnaker staff read them
    ("GET", "/admin/feed"): {K, A}, ("POST", "/admin/feed"): {A}, ("GET", "/admin/feed/{connector_id}"): {K, A},
    ("POST", "/admin/feed/{connector_id}"): {A}, ("POST", "/admin/feed/{connector_id}/aktif"): {A},
    ("POST", "/admin/feed/{connector_id}/jalankan"): {A}, ("GET", "/api/v1/feeds"): {K, A},
    ("POST", "/api/v1/feeds"): {A}, ("GET", "/api/v1/feeds/{connector_id}"): {K, A},
    ("PUT", "/api/v1/feeds/{connector_id}"): {A}, ("POST", "/api/v1/feeds/{connector_id}/deactivate"): {A},
    ("POST", "/api/v1/feeds/{connector_id}/activate"): {A}, ("POST", "/api/v1/feeds/{connector_id}/run"): {A},
    ("GET", "/api/v1/users"): {A}, ("POST", "/api/v1/users"): {A}, ("GET", "/api/v1/users/{user_id}/keys"): {A},
    ("POST", "/api/v1/users/{user_id}/keys"): {A}, ("DELETE", "/api/v1/keys/{key_id}"): {A},
    ("GET", "/api/v1/audit"): {A}, ("GET", "/admin/pengguna"): {A}, ("POST", "/admin/pengguna"): {A},
    ("POST", "/admin/pengguna/{user_id}/kunci"): {A}, ("POST", "/admin/kunci/{key_id}/cabut"): {A},
    ("POST", "/admin/pengguna/{user_id}/aktif"): {A}, ("GET", "/admin/audit"): {A},
    # catalogue (Kemnaker staff manage, admins read)
    ("GET", "/api/v1/catalogue/units"): {K, A}, ("POST", "/api/v1/catalogue/units"): {K},
    ("PUT", "/api/v1/catalogue/units/{code}"): {K}, ("POST", "/api/v1/catalogue/units/import"): {K},
    ("GET", "/api/v1/catalogue/schemes"): {K, A}, ("POST", "/api/v1/catalogue/schemes"): {K},
    ("POST", "/api/v1/catalogue/schemes/import"): {K}, ("GET", "/api/v1/catalogue/schemes/{scheme_id}"): {K, A},
    ("PUT", "/api/v1/catalogue/schemes/{scheme_id}"): {K},
    ("GET", "/katalog"): {K}, ("GET", "/katalog/unit/baru"): {K}, ("POST", "/katalog/unit/baru"): {K},
    ("GET", "/katalog/unit/{code}/ubah"): {K}, ("POST", "/katalog/unit/{code}/ubah"): {K},
    ("GET", "/katalog/skema/baru"): {K}, ("POST", "/katalog/skema/baru"): {K},
    ("GET", "/katalog/skema/{scheme_id}/ubah"): {K}, ("POST", "/katalog/skema/{scheme_id}/ubah"): {K},
    ("POST", "/katalog/impor"): {K},
    # certification (LSP assessors) and public verification
    ("POST", "/api/v1/assessments"): {L}, ("POST", "/api/v1/assessments/import"): {L},
    ("POST", "/api/v1/certificates"): {L}, ("POST", "/api/v1/certificates/{number:path}/suspend"): {L},
    ("POST", "/api/v1/certificates/{number:path}/unsuspend"): {L},
    ("POST", "/api/v1/certificates/{number:path}/revoke"): {L},
    ("POST", "/api/v1/certificates/{number:path}/renew"): {L},
    ("GET", "/api/v1/certificates/{number:path}/pdf"): {L},
    ("GET", "/api/v1/certificates/{number:path}/html"): {L},
    ("GET", "/api/v1/certificates/{number:path}/vc"): {L}, ("GET", "/api/v1/certificates/{number:path}"): {L},
    ("POST", "/api/v1/lsps/{lsp_id}/keys/rotate"): {A},
    ("GET", "/api/v1/verify/{number:path}"): {P}, ("GET", "/verify/{number:path}"): {P}, ("GET", "/verify"): {P},
    ("GET", "/.well-known/binakerja-keys.json"): {P},
    ("GET", "/.well-known/did.json"): {P}, ("GET", "/lsp/{code:path}/did.json"): {P},
    ("GET", "/lsp/{code:path}/status/{list_no:int}/{purpose}"): {P},
    ("GET", "/registry/status/{list_no:int}/{purpose}"): {P}, ("GET", "/kompetensi/{public_id}"): {P},
    ("POST", "/verify/berkas"): {P}, ("POST", "/api/v1/renewals/assessments"): {L},
    # onboarding: facilities, LSPs with TUK and assessors, imports, invitations (admins), own organisation
    ("GET", "/api/v1/regencies"): {P}, ("GET", "/api/v1/facilities"): {K, A}, ("POST", "/api/v1/facilities"): {A},
    ("PUT", "/api/v1/facilities/{facility_id}"): {A}, ("GET", "/api/v1/lsps"): {K, A}, ("POST", "/api/v1/lsps"): {A},
    ("PUT", "/api/v1/lsps/{lsp_id}"): {A}, ("GET", "/api/v1/lsps/{lsp_id}/tuks"): {K, A},
    ("POST", "/api/v1/lsps/{lsp_id}/tuks"): {A}, ("GET", "/api/v1/lsps/{lsp_id}/assessors"): {K, A},
    ("POST", "/api/v1/lsps/{lsp_id}/assessors"): {A}, ("PUT", "/api/v1/assessors/{assessor_id}"): {A},
    ("POST", "/api/v1/assessors/{assessor_id}/deactivate"): {A}, ("POST", "/api/v1/organisations/import"): {A},
    ("POST", "/api/v1/invitations"): {A}, ("POST", "/api/v1/invitations/accept"): {P},
    ("GET", "/api/v1/organisation"): {E, B, L}, ("POST", "/api/v1/organisation/invitations"): {E, B, L},
    ("GET", "/admin/organisasi"): {A}, ("POST", "/admin/organisasi/upt"): {A}, ("POST", "/admin/organisasi/lsp"): {A},
    ("POST", "/admin/organisasi/impor"): {A}, ("POST", "/admin/undangan"): {A},
    ("GET", "/admin/organisasi/upt/{facility_id}"): {A}, ("GET", "/admin/organisasi/lsp/{lsp_id}"): {A},
    ("POST", "/admin/organisasi/lsp/{lsp_id}/tuk"): {A}, ("POST", "/admin/organisasi/lsp/{lsp_id}/asesor"): {A},
    ("POST", "/admin/organisasi/asesor/{assessor_id}/nonaktif"): {A},
    # correcting organisations after onboarding (issue 11): admins; a partner's company data also Kemnaker staff
    ("GET", "/admin/organisasi/upt/{facility_id}/ubah"): {A}, ("POST", "/admin/organisasi/upt/{facility_id}/ubah"): {A},
    ("GET", "/admin/organisasi/lsp/{lsp_id}/ubah"): {A}, ("POST", "/admin/organisasi/lsp/{lsp_id}/ubah"): {A},
    ("GET", "/admin/organisasi/tuk/{tuk_id}/ubah"): {A}, ("POST", "/admin/organisasi/tuk/{tuk_id}/ubah"): {A},
    ("GET", "/admin/organisasi/asesor/{assessor_id}/ubah"): {A},
    ("POST", "/admin/organisasi/asesor/{assessor_id}/ubah"): {A},
    ("GET", "/mitra/{employer_id}/ubah"): {K, A}, ("POST", "/mitra/{employer_id}/ubah"): {K, A},
    ("PUT", "/api/v1/tuks/{tuk_id}"): {A}, ("PUT", "/api/v1/partners/{employer_id}"): {K, A},
    # the first admin (one-time form, guarded by the setup token) and the officer registering a client
    ("POST", "/admin-pertama"): {P}, ("GET", "/klien/baru"): {B}, ("POST", "/klien/baru"): {B},
    ("POST", "/api/v1/clients"): {B},
    ("GET", "/organisasi"): {E, B, L}, ("POST", "/organisasi/undangan"): {E, B, L},
    ("GET", "/undangan"): {P}, ("POST", "/undangan"): {P},
    # employer partners: apply (anyone), vetting (Kemnaker staff decide, admins read)
    ("POST", "/api/v1/partner-applications"): {P}, ("GET", "/api/v1/partners"): {K, A},
    ("GET", "/api/v1/partners/{employer_id}"): {K, A}, ("POST", "/api/v1/partners/{employer_id}/verify"): {K},
    ("POST", "/api/v1/partners/{employer_id}/reject"): {K}, ("POST", "/api/v1/partners/{employer_id}/suspend"): {K},
    ("POST", "/api/v1/partners/{employer_id}/reactivate"): {K},
    ("GET", "/mitra/daftar"): {P}, ("POST", "/mitra/daftar"): {P}, ("GET", "/mitra"): {K, A},
    ("GET", "/mitra/{employer_id}"): {K, A}, ("POST", "/mitra/{employer_id}/verifikasi"): {K},
    ("POST", "/mitra/{employer_id}/tolak"): {K}, ("POST", "/mitra/{employer_id}/bekukan"): {K},
    ("POST", "/mitra/{employer_id}/aktifkan"): {K},
    ("GET", "/sertifikasi"): {L}, ("GET", "/sertifikasi/asesmen"): {L}, ("POST", "/sertifikasi/asesmen"): {L},
    ("GET", "/sertifikasi/pembaruan"): {L}, ("POST", "/sertifikasi/pembaruan"): {L},
    ("POST", "/sertifikasi/terbitkan"): {L}, ("GET", "/sertifikasi/sertifikat/{number:path}"): {L},
    ("POST", "/sertifikasi/sertifikat/{number:path}/bekukan"): {L},
    ("POST", "/sertifikasi/sertifikat/{number:path}/pulihkan"): {L},
    ("POST", "/sertifikasi/sertifikat/{number:path}/cabut"): {L},
    ("POST", "/sertifikasi/sertifikat/{number:path}/perbarui"): {L},
    # asesi (people enrolled with the assessor's LSP) and their enrolment by the Bapas officer
    ("GET", "/api/v1/assessees"): {L}, ("GET", "/sertifikasi/asesi"): {L},
    ("GET", "/sertifikasi/asesi/{inmate_id}"): {L}, ("POST", "/api/v1/enrolments"): {B},
    ("DELETE", "/api/v1/enrolments/{enrolment_id}"): {B}, ("GET", "/pendaftaran-lsp"): {B},
    ("POST", "/pendaftaran-lsp"): {B}, ("POST", "/pendaftaran-lsp/{enrolment_id}/batal"): {B},
    # holders (claim code + PIN, no account) and the Bapas officer's copies of client certificates
    ("GET", "/sertifikat-saya"): {P}, ("POST", "/sertifikat-saya"): {P}, ("GET", "/sertifikat-saya/lihat"): {P},
    ("GET", "/sertifikat-saya/pdf"): {P}, ("GET", "/sertifikat-saya/vc"): {P},
    ("POST", "/sertifikat-saya/bagikan"): {P}, ("POST", "/sertifikat-saya/bagikan/{share_id}/cabut"): {P},
    ("POST", "/sertifikat-saya/keluar"): {P}, ("GET", "/bagikan/{token}"): {P},
    ("GET", "/sertifikat-saya/vc-tanpa-fasilitas"): {P}, ("POST", "/sertifikat-saya/dompet"): {P},
    ("GET", "/dompet/{token}"): {P},
    ("GET", "/bapas/sertifikat/{number:path}/pdf"): {B}, ("GET", "/bapas/sertifikat/{number:path}/vc"): {B},
    ("POST", "/bapas/sertifikat/{number:path}/surat-pembebasan"): {B},
    # training: programmes (training and Kemnaker staff), classes at the own facility, enrolment (also by
    # the person's Bapas officer), attendance and completion, the funnel
    ("GET", "/api/v1/training/programmes"): {T, K, B}, ("POST", "/api/v1/training/programmes"): {T, K},
    ("GET", "/api/v1/training/classes"): {T, K, B}, ("POST", "/api/v1/training/classes"): {T},
    ("GET", "/api/v1/training/classes/{class_id}"): {T, B},
    ("POST", "/api/v1/training/classes/{class_id}/enrolments"): {T, B},
    ("PUT", "/api/v1/training/classes/{class_id}/attendance"): {T},
    ("POST", "/api/v1/training/enrolments/{enrolment_id}/complete"): {T},
    ("GET", "/api/v1/training/funnel"): {T, K},
    ("GET", "/pelatihan"): {T, K, B}, ("POST", "/pelatihan/program"): {T, K}, ("POST", "/pelatihan/kelas"): {T},
    ("GET", "/pelatihan/kelas/{class_id}"): {T, B}, ("POST", "/pelatihan/kelas/{class_id}/peserta"): {T, B},
    ("POST", "/pelatihan/kelas/{class_id}/presensi"): {T}, ("POST", "/pelatihan/peserta/{enrolment_id}/lulus"): {T},
    ("GET", "/pelatihan/corong"): {T, K},
    # notifications: every role's own inbox and preferences; employers' webhooks (active partners)
    ("GET", "/api/v1/notifications"): EVERYONE, ("POST", "/api/v1/notifications/{item_id}/read"): EVERYONE,
    ("POST", "/api/v1/notifications/read-all"): EVERYONE, ("GET", "/api/v1/notification-preferences"): EVERYONE,
    ("PUT", "/api/v1/notification-preferences"): EVERYONE, ("GET", "/kotak-masuk"): EVERYONE,
    ("GET", "/kotak-masuk/jumlah"): EVERYONE, ("POST", "/kotak-masuk/{item_id}/dibaca"): EVERYONE,
    ("POST", "/kotak-masuk/dibaca-semua"): EVERYONE, ("GET", "/kotak-masuk/pengaturan"): EVERYONE,
    ("POST", "/kotak-masuk/pengaturan"): EVERYONE,
    ("GET", "/api/v1/webhooks"): {E}, ("POST", "/api/v1/webhooks"): {E},
    ("DELETE", "/api/v1/webhooks/{subscription_id}"): {E},
    ("GET", "/api/v1/webhooks/{subscription_id}/deliveries"): {E},
    ("GET", "/webhook"): {E}, ("POST", "/webhook"): {E}, ("POST", "/webhook/{subscription_id}/nonaktif"): {E},
    ("GET", "/webhook/{subscription_id}"): {E},
}  # fmt: skip
# Framework routes without a dependency tree: the machine-readable API description and static files.
FRAMEWORK = {("GET", "/openapi.json"), ("HEAD", "/openapi.json")}


def declared(app: Any) -> dict[tuple[str, str], frozenset[str] | None]:
    out = {}
    for path, methods, dependant in iter_routes(app):
        if path == "/static":
            continue
        for m in methods - {"HEAD"}:
            out[(m, path)] = route_rule(dependant) if dependant is not None else None
    return out


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m.group(1)], path)


async def test_every_route_declares_the_expected_rule(client: httpx.AsyncClient) -> None:
    found = declared(client.app)  # type: ignore[attr-defined]
    undeclared = sorted(k for k, v in found.items() if v is None and k not in FRAMEWORK)
    assert not undeclared, f"routes without a role rule: {undeclared}"
    unlisted = sorted(set(found) - set(EXPECTED) - FRAMEWORK)
    assert not unlisted, f"routes missing from the role matrix table: {unlisted}"
    stale = sorted(set(EXPECTED) - set(found))
    assert not stale, f"table rows for routes that do not exist: {stale}"
    wrong = {k: (sorted(found[k] or ()), sorted(v)) for k, v in EXPECTED.items() if set(found[k] or ()) != v}
    assert not wrong, f"declared rule differs from the table (declared, expected): {wrong}"
    assert all(v <= EVERYONE | {P} for v in EXPECTED.values()) and set(ROLES) == EVERYONE and {P} == PUBLIC


async def test_every_route_enforces_its_rule_for_every_role(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    victim = await accounts.create_user(conn, SYSTEM, email="victim@test.binakerja.id", name="V", role=K,
                                        password=PASSWORD)  # fmt: skip
    values = {
        "vacancy_id": str(world.ids["vac_a"]), "inmate_id": str(world.ids["welder"]),
        "pseudonym": world.pseudonyms["welder"], "application_id": "999999", "placement_id": "999999",
        "user_id": str(victim.id), "key_id": "999999", "number": "TIDAK-ADA-1", "lsp_id": str(world.ids["lsp"]),
        "review_id": "999999", "code": "C.99XXX00.001.1", "scheme_id": "999999",
        "list_no": "0", "purpose": "revocation", "facility_id": str(world.ids["lapas"]),
        "assessor_id": str(world.ids["assessor"]), "employer_id": str(world.ids["emp_a"]),
        "enrolment_id": "999999", "share_id": "999999", "token": "tidak-ada", "class_id": "999999",
    }  # fmt: skip
    values |= {"item_id": "999999", "subscription_id": "999999"}  # notifications
    values |= {"public_id": "tidak-ada"}  # facility-free credential page
    values |= {"connector_id": "999999"}  # feeds
    values |= {"tuk_id": "999999"}  # organisation edits
    token = csrf_from((await client.get("/masuk")).text)  # anonymous session: a form post passes CSRF
    failures = []
    for (method, path), allowed in sorted(EXPECTED.items()):
        url = fill(path, values)
        is_api = path.startswith("/api/")
        for who in [*sorted(EVERYONE), None]:
            headers = world.auth(who) if who else {}
            if method == "GET":
                r = await client.request(method, url, headers=headers)
            elif is_api:
                r = await client.request(method, url, headers=headers, json={})
            else:
                r = await client.request(method, url, headers=headers, data={"csrf_token": token})
            ok_gate = r.status_code not in (401, 403)
            if P in allowed or (who in allowed):
                if not ok_gate:
                    failures.append(f"{method} {path} as {who}: expected allowed, got {r.status_code}")
            elif who is None:
                sign_in = r.status_code == 303 and r.headers.get("location", "").startswith("/masuk")
                if not ((is_api and r.status_code == 401) or (not is_api and sign_in)):
                    failures.append(f"{method} {path} anonymous: expected sign-in, got {r.status_code}")
            elif r.status_code != 403:
                failures.append(f"{method} {path} as {who}: expected 403, got {r.status_code}")
    assert not failures, "\n".join(failures)
