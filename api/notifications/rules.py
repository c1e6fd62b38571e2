"""Notification rules (pure, no I/O, no clock): event kinds, who may choose what, default
preferences, message text per language, retry back-off, webhook bodies and their signatures."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

# --- events ------------------------------------------------------------------------------------
STAGE_CHANGED = "application.stage_changed"
FOLLOWUP_DUE = "followup.due"
STRONG_MATCHES = "vacancy.strong_matches"
CERTIFICATE_ISSUED = "certificate.issued"
CERTIFICATE_SUSPENDED = "certificate.suspended"
CERTIFICATE_REVOKED = "certificate.revoked"
PARTNER_VERIFIED = "partner.verified"
PARTNER_SUSPENDED = "partner.suspended"
KINDS = (
    STAGE_CHANGED, FOLLOWUP_DUE, STRONG_MATCHES, CERTIFICATE_ISSUED, CERTIFICATE_SUSPENDED, CERTIFICATE_REVOKED,
    PARTNER_VERIFIED, PARTNER_SUSPENDED,
)  # fmt: skip
OFFICER_KINDS = (STAGE_CHANGED, FOLLOWUP_DUE, CERTIFICATE_ISSUED, CERTIFICATE_SUSPENDED, CERTIFICATE_REVOKED)
EMPLOYER_KINDS = (STRONG_MATCHES, PARTNER_VERIFIED, PARTNER_SUSPENDED)
# What each role can be told about (and so choose channels for on the preferences page).
KINDS_BY_ROLE: dict[str, tuple[str, ...]] = {"bapas_officer": OFFICER_KINDS, "employer": EMPLOYER_KINDS}
# Events partner systems may subscribe to; both concern the partner's own vacancies only.
WEBHOOK_KINDS = (STRONG_MATCHES, STAGE_CHANGED)

# --- channels ----------------------------------------------------------------------------------
INBOX, EMAIL, GATEWAY = "inbox", "email", "gateway"
CHANNELS = (INBOX, EMAIL, GATEWAY)


def kinds_for(role: str) -> tuple[str, ...]:
    return KINDS_BY_ROLE.get(role, ())


def enabled(prefs: Mapping[tuple[int, str, str], bool], user_id: int, kind: str, channel: str) -> bool:
    """A user's choice, or the default: every channel on (the gateway needs a phone number,
    which the user gives on the preferences page for exactly this)."""
    return prefs.get((user_id, kind, channel), True)


def address_for(channel: str, email: str, phone: str | None) -> str | None:
    """Where ``channel`` reaches the user; None when it cannot (no delivery is made)."""
    if channel == EMAIL:
        return email or None
    if channel == GATEWAY:
        return phone
    return None


def delivery_key(event_id: int, user_id: int, channel: str) -> str:
    """The idempotency key of one (event, recipient, channel): the same on every retry."""
    return f"ntf-{event_id}-{user_id}-{channel}"


def webhook_key(event_id: int, subscription_id: int) -> str:
    return f"whk-{event_id}-{subscription_id}"


PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def normalise_phone(text: str) -> str | None:
    """'0812-3456 7890' -> '+6281234567890'; '' -> None. ValueError when it is not a number."""
    cleaned = re.sub(r"[\s\-().]", "", text or "")
    if not cleaned:
        return None
    if cleaned.startswith("0"):
        cleaned = "+62" + cleaned[1:]
    if not PHONE.match(cleaned):
        raise ValueError("nomor telepon harus 8 sampai 15 angka, boleh diawali + atau 0")
    return cleaned


# --- back-off ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Backoff:
    base_seconds: float = 30.0
    cap_seconds: float = 6 * 3600.0
    max_attempts: int = 8

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        """When to try again after ``attempts`` failed tries; None: give up (status ``failed``).
        Exponential: base, 2·base, 4·base, … capped."""
        if attempts >= self.max_attempts:
            return None
        delay = min(self.base_seconds * (2 ** max(attempts - 1, 0)), self.cap_seconds)
        return now + timedelta(seconds=delay)


# --- messages ----------------------------------------------------------------------------------
STAGE_LABELS: dict[str, tuple[str, str]] = {
    "shortlisted": ("daftar pendek", "shortlist"),
    "interview": ("wawancara", "interview"),
    "offer": ("penawaran", "offer"),
    "hired": ("diterima", "hired"),
    "rejected": ("ditolak", "rejected"),
    "withdrawn": ("ditarik", "withdrawn"),
    "candidate_withdrew": ("mengundurkan diri", "candidate withdrew"),
}


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    link: str  # a path on this service


def _stage(value: object, lang: str) -> str:
    pair = STAGE_LABELS.get(str(value))
    if pair is None:
        return str(value)
    return pair[1] if lang == "en" else pair[0]


def message(kind: str, payload: Mapping[str, Any], lang: str = "id") -> Message:
    """The text of an event for one reader. External channels get this same text, so it names
    people by pseudonym only (never a name, offence or facility)."""
    en = lang == "en"
    p = payload
    who = p.get("pseudonym", "")
    if kind == STAGE_CHANGED:
        to = _stage(p.get("to"), lang)
        if en:
            title, employer = p.get("vacancy_title"), p.get("employer_name")
            text = f'Client {who}\'s application for "{title}" at {employer} moved to: {to}.'
            return Message(f"Application {who}: {to}", text, f"/klien/{p.get('inmate_id')}")
        title, employer = p.get("vacancy_title"), p.get("employer_name")
        text = f'Lamaran klien {who} untuk "{title}" di {employer} pindah ke tahap {to}.'
        return Message(f"Lamaran {who}: {to}", text, f"/klien/{p.get('inmate_id')}")
    if kind == FOLLOWUP_DUE:
        month, due = p.get("month"), p.get("due_on")
        if en:
            return Message(f"Follow-up due: {who}", f"The {month}-month placement follow-up of client {who} is due "
                           f"({due}).", f"/klien/{p.get('inmate_id')}")  # fmt: skip
        return Message(f"Tindak lanjut jatuh tempo: {who}", f"Tindak lanjut {month} bulan penempatan klien {who} "
                       f"jatuh tempo ({due}).", f"/klien/{p.get('inmate_id')}")  # fmt: skip
    if kind == STRONG_MATCHES:
        n, title = p.get("count", 0), p.get("vacancy_title", "")
        link = f"/lowongan/{p.get('vacancy_id')}/kandidat"
        if en:
            return Message(f"{n} new strong matches", f'{n} new candidates with a strong match for "{title}".', link)
        return Message(f"{n} kandidat kuat baru", f'{n} kandidat baru dengan kecocokan kuat untuk "{title}".', link)
    if kind in (CERTIFICATE_ISSUED, CERTIFICATE_SUSPENDED, CERTIFICATE_REVOKED):
        verb_id = {CERTIFICATE_ISSUED: "diterbitkan", CERTIFICATE_SUSPENDED: "dibekukan",
                   CERTIFICATE_REVOKED: "dicabut"}[kind]  # fmt: skip
        verb_en = {CERTIFICATE_ISSUED: "issued", CERTIFICATE_SUSPENDED: "suspended",
                   CERTIFICATE_REVOKED: "revoked"}[kind]  # fmt: skip
        number, scheme = p.get("number"), p.get("scheme")
        link = f"/klien/{p.get('inmate_id')}"
        if en:
            return Message(f"Certificate {verb_en}: {who}", f"Certificate {number} ({scheme}) of client {who} was "
                           f"{verb_en}.", link)  # fmt: skip
        return Message(f"Sertifikat {verb_id}: {who}", f"Sertifikat {number} ({scheme}) klien {who} {verb_id}.", link)
    if kind == PARTNER_VERIFIED:
        if en:
            return Message("Partnership verified", "Kemnaker verified your company's partnership: vacancies and "
                           "candidates are open.", "/organisasi")  # fmt: skip
        return Message("Kemitraan diverifikasi", "Kemnaker telah memverifikasi kemitraan perusahaan Anda: lowongan "
                       "dan kandidat kini terbuka.", "/organisasi")  # fmt: skip
    if kind == PARTNER_SUSPENDED:
        reason = p.get("reason") or "-"
        if en:
            return Message("Partnership suspended", f"Kemnaker suspended your company's partnership. Reason: {reason}",
                           "/organisasi")  # fmt: skip
        return Message("Kemitraan dibekukan", f"Kemnaker membekukan kemitraan perusahaan Anda. Alasan: {reason}",
                       "/organisasi")  # fmt: skip
    return Message(kind, kind, "/kotak-masuk")


KIND_LABELS: dict[str, tuple[str, str]] = {
    STAGE_CHANGED: ("Perubahan tahap lamaran klien", "Client application stage changes"),
    FOLLOWUP_DUE: ("Tindak lanjut penempatan jatuh tempo", "Placement follow-ups due"),
    STRONG_MATCHES: ("Kandidat kuat baru untuk lowongan (harian)", "New strong matches for vacancies (daily)"),
    CERTIFICATE_ISSUED: ("Sertifikat klien diterbitkan", "Client certificate issued"),
    CERTIFICATE_SUSPENDED: ("Sertifikat klien dibekukan", "Client certificate suspended"),
    CERTIFICATE_REVOKED: ("Sertifikat klien dicabut", "Client certificate revoked"),
    PARTNER_VERIFIED: ("Kemitraan diverifikasi", "Partnership verified"),
    PARTNER_SUSPENDED: ("Kemitraan dibekukan", "Partnership suspended"),
}


def kind_label(kind: str, lang: str = "id") -> str:
    pair = KIND_LABELS.get(kind)
    if pair is None:
        return kind
    return pair[1] if lang == "en" else pair[0]


# --- webhooks ----------------------------------------------------------------------------------
SIGNATURE_HEADER = "X-Binakerja-Signature"
SIGNATURE_TOLERANCE_SECONDS = 300


def webhook_data(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """What a partner system receives: the employer's own view only. Fields are listed one by
    one (never copied wholesale), so a name, offence, facility or internal person id in an
    event's payload can never reach a webhook."""
    if kind == STAGE_CHANGED:
        return {
            "application_id": p_int(payload, "application_id"),
            "vacancy_id": p_int(payload, "vacancy_id"),
            "vacancy_external_id": payload.get("vacancy_external_id"),
            "candidate": str(payload.get("pseudonym", "")),
            "from_stage": payload.get("from"),
            "to_stage": payload.get("to"),
        }
    if kind == STRONG_MATCHES:
        return {
            "vacancy_id": p_int(payload, "vacancy_id"),
            "vacancy_external_id": payload.get("vacancy_external_id"),
            "count": p_int(payload, "count"),
            "candidates": [
                {"candidate": str(c.get("pseudonym", "")), "score": c.get("score"), "label": "kuat"}
                for c in payload.get("candidates", [])
                if isinstance(c, Mapping)
            ],
        }
    raise ValueError(f"{kind} is not a webhook event")


# Why a pending delivery about a person is dropped at send time (its ``last_error``).
CONSENT_WITHDRAWN = "consent withdrawn"


def people_for_employer(kind: str, payload: Mapping[str, Any]) -> tuple[str, ...]:
    """The pseudonyms an employer-facing message of ``kind`` names (its inbox, e-mail and
    gateway text or a webhook body); the worker re-checks their consent before each send."""
    if kind == STAGE_CHANGED:
        who = payload.get("pseudonym")
        return (who,) if isinstance(who, str) and who else ()
    if kind == STRONG_MATCHES:
        return tuple(
            str(c["pseudonym"])
            for c in payload.get("candidates", [])
            if isinstance(c, Mapping) and isinstance(c.get("pseudonym"), str)
        )
    return ()


def people_in_webhook(body: str) -> tuple[str, ...]:
    """The pseudonyms a stored webhook body names (``data.candidate``, ``data.candidates[].candidate``)."""
    try:
        data = json.loads(body).get("data", {})
    except (ValueError, AttributeError):
        return ()
    if not isinstance(data, Mapping):
        return ()
    found = [data.get("candidate")]
    found += [c.get("candidate") for c in data.get("candidates", []) if isinstance(c, Mapping)]
    return tuple(p for p in found if isinstance(p, str) and p)


def p_int(payload: Mapping[str, Any], key: str) -> int | None:
    value = payload.get(key)
    return int(value) if isinstance(value, int | str) and str(value).lstrip("-").isdigit() else None


def webhook_body(event_id: int, kind: str, created_at: datetime, payload: Mapping[str, Any]) -> str:
    """The exact bytes (UTF-8 JSON) sent, and signed, on every attempt of one delivery."""
    doc = {"id": f"evt_{event_id}", "type": kind, "created_at": created_at.isoformat(),
           "data": webhook_data(kind, payload)}  # fmt: skip
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def signature(secret: str, timestamp: int, body: str) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def signature_valid(
    secret: str, header: str, body: str, now: int, tolerance: int = SIGNATURE_TOLERANCE_SECONDS
) -> bool:
    """What a receiver checks: a v1 value matching the body and a timestamp within ``tolerance``."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    try:
        ts = int(parts.get("t", [""])[0])
    except ValueError:
        return False
    if abs(now - ts) > tolerance:
        return False
    expected = signature(secret, ts, body).split("v1=", 1)[1]
    return any(hmac.compare_digest(expected, v) for v in parts.get("v1", []))


def check_webhook_url(url: str, *, allow_http: bool) -> str | None:
    """None when ``url`` is acceptable, else the Indonesian reason (shown next to the field)."""
    url = url.strip()
    if not url:
        return "URL wajib diisi"
    if len(url) > 500:
        return "URL terlalu panjang (maksimal 500 karakter)"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "URL harus berupa alamat https://… yang lengkap"
    if parts.scheme == "http" and not allow_http:
        return "URL harus memakai https://"
    if parts.username or parts.password:
        return "URL tidak boleh memuat nama pengguna atau kata sandi"
    return None
