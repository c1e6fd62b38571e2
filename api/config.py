"""Settings read from the environment once, in the composition root."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    data_dir: Path = Path(".binakerja")
    model: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    demo_on_empty: bool = True
    demo_inmates: int = 2000
    base_url: str = "http://127.0.0.1:8000"
    secret_key: str = field(default="", repr=False)
    key_dir: Path = Path(".binakerja/keys")
    data_key: str = field(default="", repr=False)
    https: bool = False
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated addresses or
    # CIDRs). Empty: none, the client address is the TCP peer; anyone could otherwise spoof it to
    # escape the sign-in and /verify rate limits and to write a false address into the audit log.
    trusted_proxies: str = ""
    # Request-body limits, checked before any parsing or authentication (api/web/middleware.py):
    # JSON and form bodies; CSV/file imports (paths ending in /import or /impor) with credentials.
    max_json_bytes: int = 1_000_000
    max_upload_bytes: int = 20_000_000

    @property
    def pg_dir(self) -> Path:
        return self.data_dir / "pg"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = dict(os.environ if env is None else env)
        data_dir = Path(e.get("BINAKERJA_DATA_DIR", ".binakerja"))
        port = int(e.get("BINAKERJA_PORT", "8000"))
        host = e.get("BINAKERJA_HOST", "127.0.0.1")
        return cls(
            database_url=e.get("DATABASE_URL") or None,
            data_dir=data_dir,
            model=e.get("BINAKERJA_MODEL") or None,
            host=host,
            port=port,
            demo_on_empty=_bool(e.get("BINAKERJA_DEMO_ON_EMPTY"), True),
            demo_inmates=int(e.get("BINAKERJA_DEMO_INMATES", "2000")),
            base_url=e.get("BINAKERJA_BASE_URL", f"http://{host}:{port}"),
            secret_key=e.get("BINAKERJA_SECRET_KEY", ""),
            key_dir=Path(e.get("BINAKERJA_KEY_DIR", str(data_dir / "keys"))),
            data_key=e.get("BINAKERJA_DATA_KEY", ""),
            https=_bool(e.get("BINAKERJA_HTTPS"), False),
            trusted_proxies=e.get("BINAKERJA_TRUSTED_PROXIES", "").strip(),
            max_json_bytes=int(e.get("BINAKERJA_MAX_JSON_BYTES") or 1_000_000),
            max_upload_bytes=int(e.get("BINAKERJA_MAX_UPLOAD_BYTES") or 20_000_000),
        )
