"""The session secret is made once, kept private, and shared by every worker."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api.web.middleware import stored_secret


def test_secret_is_created_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "session.secret"
    first = stored_secret(path)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stored_secret(path) == first


def test_workers_starting_together_agree(tmp_path: Path) -> None:
    path = tmp_path / "session.secret"
    with ThreadPoolExecutor(max_workers=8) as pool:
        secrets = set(pool.map(lambda _: stored_secret(path), range(16)))
    assert len(secrets) == 1
