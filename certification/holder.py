"""Holder access rules: claim codes, PINs, the growing delay after wrong PINs, share links.

Pure functions (randomness and time come in as arguments or from ``secrets``). The claim code is
12 characters of Crockford base32 (60 random bits, no I/L/O/U to misread), printed on the PDF and
on the release papers as ``XXXX-XXXX-XXXX``; the 6-digit PIN is printed on the release papers only
and kept as a scrypt hash. A code is unguessable by itself; the PIN protects a lost paper PDF,
and wrong PINs lock the code for a time that doubles after the first few.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
CODE_LENGTH = 12
PIN_LENGTH = 6
FREE_ATTEMPTS = 3  # wrong PINs before the first delay
FIRST_DELAY = 30  # seconds after the FREE_ATTEMPTS-th wrong PIN, doubling after each further one
MAX_DELAY = 3600
SHARE_DAYS = (7, 30, 90)  # the link lifetimes a holder may choose
MAX_LIVE_SHARES = 10
WALLET_MINUTES = 10  # a wallet link (QR code) lives this long: long enough to scan, short if photographed
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_READS_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_pin() -> str:
    return f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"


def normalise_code(typed: str) -> str:
    """What a person typed (any case, spaces or dashes, I/L for 1, O for 0) as the stored code."""
    return "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_READS_AS)[:40]


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def well_formed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) of the PIN."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def check_pin(pin: str, stored: str) -> bool:
    """The PIN matches the stored hash (constant-time compare); False for a malformed hash."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(pin.strip().encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32)
        return hmac.compare_digest(got, base64.b64decode(digest))
    except ValueError:
        return False


def delay_after(failed_attempts: int) -> int:
    """Seconds the code stays locked after ``failed_attempts`` wrong PINs in a row."""
    if failed_attempts < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY, FIRST_DELAY * 2 ** (failed_attempts - FREE_ATTEMPTS)))


def locked_for(locked_until: datetime | None, now: datetime) -> int:
    """Whole seconds (at least 1) until the code takes a PIN again; 0 when it does now."""
    if locked_until is None or locked_until <= now:
        return 0
    return max(1, int((locked_until - now).total_seconds() + 0.999))


def after_failure(failed_attempts: int, now: datetime) -> tuple[int, datetime | None]:
    """The new count and lock end after one more wrong PIN."""
    count = failed_attempts + 1
    wait = delay_after(count)
    return count, (now + timedelta(seconds=wait)) if wait else None


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share_expiry(days: int, now: datetime) -> datetime:
    """When a link made now for ``days`` ends; ValueError for a lifetime not offered."""
    if days not in SHARE_DAYS:
        raise ValueError(days)
    return now + timedelta(days=days)


def share_live(expires_at: datetime, revoked_at: datetime | None, now: datetime) -> bool:
    return revoked_at is None and now < expires_at


def wallet_expiry(now: datetime) -> datetime:
    return now + timedelta(minutes=WALLET_MINUTES)
