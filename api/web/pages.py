"""Server-rendered pages by audience. ``render`` adds what every page needs (who, CSRF, language)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from api.web.auth import csrf_token

ROLE_HOME = {
    "employer": "/lowongan",
    "bapas_officer": "/klien",
    "lsp_assessor": "/sertifikasi",
    "kemnaker_staff": "/dasbor",
    "admin": "/dasbor",
    "training_staff": "/pelatihan",
}


def page_context(request: Request, *, token: bool = True) -> dict[str, Any]:
    """What every page's frame needs: the signed-in user (for the menu), the CSRF token (``token``), the
    language."""
    return {
        "principal": getattr(request.state, "principal", None),
        "csrf_token": csrf_token(request) if token else "",
        "lang": getattr(request.state, "lang", "id"),
        "role_home": ROLE_HOME,
    }


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> Any:
    ctx = page_context(request)
    ctx.update(context or {})
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)
