"""Notification pages: the inbox of every role (with the header bell's count), per-user
preferences, and employers' webhook subscriptions with their delivery logs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from api.notifications import rules
from api.notifications import service as notifications
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.repositories.users import ROLES

router = APIRouter(include_in_schema=False)
# Everyone signed in has an inbox; an employer whose partnership is suspended still reads why.
everyone = require_role(*ROLES, inactive_partner=True)
employer = require_role("employer")


def _lang(request: Request) -> str:
    return getattr(request.state, "lang", "id")


@router.get("/kotak-masuk", response_class=HTMLResponse)
async def inbox_page(
    request: Request, page: int = Query(1, ge=1, le=10_000), principal: Principal = Depends(everyone),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    box = await notifications.inbox(conn, principal, page=page, lang=_lang(request))
    return render(request, "notifications/inbox.html", {"box": box, "ok": request.query_params.get("ok")})


@router.get("/kotak-masuk/jumlah")
async def unread(principal: Principal = Depends(everyone), conn: Any = Depends(deps.connection)) -> Any:
    """The header bell's number (fetched by /static/inbox.js)."""
    return JSONResponse({"unread": await notifications.unread_count(conn, principal)},
                        headers={"Cache-Control": "no-store"})  # fmt: skip


@router.post("/kotak-masuk/{item_id}/dibaca")
async def mark_read(
    item_id: int, principal: Principal = Depends(everyone), conn: Any = Depends(deps.connection)
) -> Any:
    await notifications.mark_read(conn, principal, item_id)
    return RedirectResponse("/kotak-masuk?ok=dibaca", status_code=303)


@router.post("/kotak-masuk/dibaca-semua")
async def mark_all_read(principal: Principal = Depends(everyone), conn: Any = Depends(deps.connection)) -> Any:
    await notifications.mark_read(conn, principal, None)
    return RedirectResponse("/kotak-masuk?ok=dibaca", status_code=303)


def _prefs_context(request: Request, prefs: notifications.Preferences, **extra: Any) -> dict[str, Any]:
    lang = _lang(request)
    return {"prefs": prefs, "kind_label": lambda k: rules.kind_label(k, lang), **extra}


@router.get("/kotak-masuk/pengaturan", response_class=HTMLResponse)
async def preferences_page(
    request: Request, principal: Principal = Depends(everyone), conn: Any = Depends(deps.connection)
) -> Any:
    prefs = await notifications.preferences(conn, principal, request.app.state.notification_channels)
    ctx = _prefs_context(request, prefs, phone=prefs.phone or "", saved=request.query_params.get("ok") == "simpan")
    return render(request, "notifications/preferences.html", ctx)


@router.post("/kotak-masuk/pengaturan", response_class=HTMLResponse)
async def save_preferences(
    request: Request, phone: str = Form("", max_length=40), principal: Principal = Depends(everyone),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    form = await request.form()
    channels = request.app.state.notification_channels
    if "gateway" not in channels:  # no phone field shown: keep the stored number as it is
        phone = await notifications.stored_phone(conn, principal) or ""
    chosen = {(k, c) for k in rules.kinds_for(principal.role) for c in channels if form.get(f"{k}:{c}") == "on"}
    try:
        await notifications.save_preferences(conn, principal, channels, chosen, phone)
    except InvalidInput as exc:
        prefs = await notifications.preferences(conn, principal, channels)
        shown = notifications.Preferences(prefs.kinds, prefs.channels,
                                          {key: key in chosen for key in prefs.enabled}, prefs.phone)  # fmt: skip
        ctx = _prefs_context(request, shown, phone=phone, error=str(exc), error_field=exc.field)
        return render(request, "notifications/preferences.html", ctx, status=422)
    return RedirectResponse("/kotak-masuk/pengaturan?ok=simpan", status_code=303)


# --- webhooks (employers) ----------------------------------------------------------------------
def _webhook_context(request: Request, subs: list[Any], **extra: Any) -> dict[str, Any]:
    lang = _lang(request)
    kinds = [(k, rules.kind_label(k, lang)) for k in rules.WEBHOOK_KINDS]
    form = extra.pop("form", {"url": "", "kinds": list(rules.WEBHOOK_KINDS)})
    return {"subs": subs, "kinds": kinds, "kind_label": lambda k: rules.kind_label(k, lang), "form": form, **extra}


@router.get("/webhook", response_class=HTMLResponse)
async def webhooks_page(
    request: Request, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> Any:
    subs = await notifications.subscriptions(conn, principal)
    return render(request, "notifications/webhooks.html", _webhook_context(request, subs))


@router.post("/webhook", response_class=HTMLResponse)
async def create_webhook(
    request: Request, url: str = Form("", max_length=600), principal: Principal = Depends(employer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    kinds = [str(k) for k in (await request.form()).getlist("event_kinds")]
    settings = request.app.state.settings
    try:
        sub, secret = await notifications.subscribe(conn, principal, url, kinds, cipher=deps.cipher(request),
                                                    allow_http=settings.webhook_allow_http,
                                                    allow_private=settings.outbound_allow_private)  # fmt: skip
    except InvalidInput as exc:
        subs = await notifications.subscriptions(conn, principal)
        ctx = _webhook_context(request, subs, form={"url": url, "kinds": kinds}, error=str(exc), error_field=exc.field)
        return render(request, "notifications/webhooks.html", ctx, status=422)
    subs = await notifications.subscriptions(conn, principal)
    return render(request, "notifications/webhooks.html", _webhook_context(request, subs, created=sub, secret=secret))


@router.post("/webhook/{subscription_id}/nonaktif")
async def deactivate_webhook(
    subscription_id: int, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> Any:
    await notifications.unsubscribe(conn, principal, subscription_id)
    return RedirectResponse("/webhook", status_code=303)


@router.get("/webhook/{subscription_id}", response_class=HTMLResponse)
async def webhook_log(
    request: Request, subscription_id: int, principal: Principal = Depends(employer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    sub, deliveries = await notifications.delivery_log(conn, principal, subscription_id)
    lang = _lang(request)
    return render(request, "notifications/webhook_log.html", {"sub": sub, "deliveries": deliveries,
                  "kind_label": lambda k: rules.kind_label(k, lang)})  # fmt: skip
