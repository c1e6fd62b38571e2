"""Application-level encryption of sensitive columns (national id, offence): AES-256-GCM.

A stored value is ``b"BK1" | len(key_id) | key_id | nonce(12) | ciphertext+tag``. The
key id travels with the value so keys can rotate: new writes use the current key, old
values still decrypt with the retired keys until re-encrypted. The column name is bound
as associated data, so a national id copied into the offence column does not decrypt.

Keys come from configuration: ``BINAKERJA_DATA_KEY`` (one or more base64-encoded 32-byte
keys, comma separated, current first), or else files in the key folder
(``data-<key id>.key``, the current id in ``data-current``), the first generated on
first use with mode 0600. The database never sees a key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api.web.middleware import private_folder

MAGIC = b"BK1"
NONCE_BYTES = 12
KEY_BYTES = 32
FIELDS = frozenset({"national_id", "offence", "feed_token"})  # feed_token: partner feed credentials (api/feeds)
FIELDS |= {"webhook_secret"}  # partners' webhook signing secrets (api/notifications)
FIELDS |= {"certificate_holder_name"}  # the holder's name kept per certificate (api/certificates/stores.py)


class CryptoError(Exception):
    """A value cannot be decrypted (wrong key, tampered, unknown key id) or a key is invalid."""


def key_id_for(key: bytes) -> str:
    """A short public fingerprint of a key (never the key)."""
    return hashlib.sha256(b"binakerja-data-key:" + key).hexdigest()[:12]


def decode_key(text: str) -> bytes:
    """A base64 (standard or url-safe) 32-byte key; a clear error otherwise."""
    raw = text.strip()
    try:
        altchars = b"-_" if ("-" in raw or "_" in raw) else None
        key = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=altchars, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CryptoError("BINAKERJA_DATA_KEY is not valid base64") from exc
    if len(key) != KEY_BYTES:
        raise CryptoError(f"BINAKERJA_DATA_KEY must decode to {KEY_BYTES} bytes, got {len(key)}")
    return key


class DataCipher:
    """Encrypts with the current key; decrypts with any known key."""

    def __init__(self, keys: Mapping[str, bytes], current: str) -> None:
        if current not in keys:
            raise CryptoError(f"current key id {current!r} is not among the keys")
        for kid, key in keys.items():
            if len(key) != KEY_BYTES:
                raise CryptoError(f"key {kid!r} must be {KEY_BYTES} bytes")
        self._keys = dict(keys)
        self.current = current

    @classmethod
    def from_keys(cls, *keys: bytes) -> DataCipher:
        """A cipher over raw keys; the first is current."""
        if not keys:
            raise CryptoError("at least one key is needed")
        return cls({key_id_for(k): k for k in keys}, key_id_for(keys[0]))

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def encrypt(self, plaintext: str, field: str) -> bytes:
        if field not in FIELDS:
            raise ValueError(f"unknown encrypted field {field!r}")
        kid = self.current.encode("ascii")
        nonce = secrets.token_bytes(NONCE_BYTES)
        body = AESGCM(self._keys[self.current]).encrypt(nonce, plaintext.encode("utf-8"), field.encode())
        return MAGIC + bytes([len(kid)]) + kid + nonce + body

    def decrypt(self, blob: bytes, field: str) -> str:
        kid, nonce, body = split(blob)
        key = self._keys.get(kid)
        if key is None:
            raise CryptoError(f"value was encrypted with unknown key id {kid!r}; configure that key to read it")
        try:
            return AESGCM(key).decrypt(nonce, body, field.encode()).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError) as exc:
            raise CryptoError(f"{field}: value does not decrypt (tampered or wrong column)") from exc

    def encrypt_optional(self, plaintext: str | None, field: str) -> bytes | None:
        return None if plaintext is None else self.encrypt(plaintext, field)

    def decrypt_optional(self, blob: bytes | None, field: str) -> str | None:
        return None if blob is None else self.decrypt(bytes(blob), field)

    def needs_rotation(self, blob: bytes) -> bool:
        """True when ``blob`` was written with a key other than the current one."""
        return split(blob)[0] != self.current


def split(blob: bytes) -> tuple[str, bytes, bytes]:
    """(key id, nonce, ciphertext+tag) of a stored value; ``CryptoError`` when malformed."""
    blob = bytes(blob)
    if len(blob) < len(MAGIC) + 1 or not blob.startswith(MAGIC):
        raise CryptoError("not a binakerja encrypted value")
    n = blob[len(MAGIC)]
    start = len(MAGIC) + 1
    if n == 0 or len(blob) < start + n + NONCE_BYTES + 16:
        raise CryptoError("encrypted value is truncated")
    try:
        kid = blob[start : start + n].decode("ascii")
    except UnicodeDecodeError as exc:
        raise CryptoError("encrypted value has a malformed key id") from exc
    nonce = blob[start + n : start + n + NONCE_BYTES]
    return kid, nonce, blob[start + n + NONCE_BYTES :]


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)


def generate_key_file(key_dir: Path) -> str:
    """Write a new random key to ``key_dir`` (made 0700), make it current and return its id (rotation)."""
    private_folder(key_dir)
    key = secrets.token_bytes(KEY_BYTES)
    kid = key_id_for(key)
    _write_private(key_dir / f"data-{kid}.key", base64.b64encode(key).decode("ascii") + "\n")
    _write_private(key_dir / "data-current", kid + "\n")
    return kid


def load_cipher(data_key: str, key_dir: Path, *, create: bool = True) -> DataCipher:
    """The configured cipher: ``data_key`` (env) wins; else the key folder, created if empty."""
    if data_key.strip():
        return DataCipher.from_keys(*(decode_key(part) for part in data_key.split(",") if part.strip()))
    current_file = key_dir / "data-current"
    if not current_file.exists():
        if not create:
            raise CryptoError(f"no data key: set BINAKERJA_DATA_KEY or create one in {key_dir}")
        generate_key_file(key_dir)
    current = current_file.read_text(encoding="ascii").strip()
    keys: dict[str, bytes] = {}
    for path in sorted(key_dir.glob("data-*.key")):
        key = decode_key(path.read_text(encoding="ascii"))
        kid = key_id_for(key)
        if path.name != f"data-{kid}.key":
            raise CryptoError(f"key file {path.name} does not hold key {kid}")
        keys[kid] = key
    return DataCipher(keys, current)
