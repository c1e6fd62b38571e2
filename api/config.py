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
    # The service's own login on an external server (the app role's rights; DATABASE_URL is the
    # owner that migrates). The embedded server needs none: the pool logs in as binakerja_app.
    app_database_url: str | None = field(default=None, repr=False)
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
    # Notifications (api/notifications): the background worker in the service's lifespan (off
    # unless enabled: BINAKERJA_NOTIFY_WORKER defaults to on for `binakerja serve`), its pass
    # interval, SMTP for e-mail (no host: no e-mail channel), the WhatsApp/SMS gateway (no URL: no
    # gateway channel), and whether webhook URLs may be plain http:// (local testing only).
    notify_worker: bool = False
    notify_interval: float = 10.0
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = "binakerja <noreply@binakerja.local>"
    smtp_starttls: bool = False
    gateway_url: str = ""
    gateway_token: str = field(default="", repr=False)
    webhook_allow_http: bool = False
    # Outbound HTTP to user-set URLs (webhooks, feed connectors) may reach loopback, private,
    # link-local (169.254.169.254) and other non-public addresses only when this is on (tests with
    # local servers; never in production): api/web/outbound.py.
    outbound_allow_private: bool = False
    # Feeds in (api/feeds): the loop that runs due connectors in the service's lifespan (off unless
    # enabled: BINAKERJA_FEEDS_SCHEDULER defaults to on for `binakerja serve`) and how often it looks.
    feeds_scheduler: bool = False
    feeds_tick: float = 60.0
    # Searches the service runs once at start (in the background) to read the search's pages into the
    # database's buffer pool (models/repositories/embeddings.py warm_search_pages): 0 = none (the
    # default for Settings(); `binakerja serve` warms with 1,000 unless BINAKERJA_WARM_SEARCHES says).
    warm_searches: int = 0

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
            app_database_url=e.get("BINAKERJA_APP_DATABASE_URL") or None,
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
            notify_worker=_bool(e.get("BINAKERJA_NOTIFY_WORKER"), True),
            notify_interval=float(e.get("BINAKERJA_NOTIFY_INTERVAL") or 10.0),
            smtp_host=e.get("BINAKERJA_SMTP_HOST", "").strip(),
            smtp_port=int(e.get("BINAKERJA_SMTP_PORT") or 25),
            smtp_user=e.get("BINAKERJA_SMTP_USER", ""),
            smtp_password=e.get("BINAKERJA_SMTP_PASSWORD", ""),
            smtp_from=e.get("BINAKERJA_SMTP_FROM") or "binakerja <noreply@binakerja.local>",
            smtp_starttls=_bool(e.get("BINAKERJA_SMTP_STARTTLS"), False),
            gateway_url=e.get("BINAKERJA_GATEWAY_URL", "").strip(),
            gateway_token=e.get("BINAKERJA_GATEWAY_TOKEN", ""),
            webhook_allow_http=_bool(e.get("BINAKERJA_WEBHOOK_ALLOW_HTTP"), False),
            outbound_allow_private=_bool(e.get("BINAKERJA_OUTBOUND_ALLOW_PRIVATE"), False),
            feeds_scheduler=_bool(e.get("BINAKERJA_FEEDS_SCHEDULER"), True),
            feeds_tick=float(e.get("BINAKERJA_FEEDS_TICK") or 60.0),
            warm_searches=int(e.get("BINAKERJA_WARM_SEARCHES") or 1000),
        )
