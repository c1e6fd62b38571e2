"""Deterministic Indonesian demo data: UPT, catalogue, LSPs, people, certificates, employers, vacancies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.demo.service import DemoSummary, load_demo, load_demo_if_empty

__all__ = ["DemoSummary", "load_demo", "load_demo_if_empty"]


def __getattr__(name: str) -> Any:
    """The loader on first use: the row-building worker (``api.demo.worker``) imports this package
    without the loader's database stack (asyncpg, repositories: ~10 MB of its memory)."""
    if name in __all__:
        from api.demo import service

        return getattr(service, name)
    raise AttributeError(f"module 'api.demo' has no attribute {name!r}")
