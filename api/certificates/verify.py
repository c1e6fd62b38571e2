"""Public certificate verification: an HTML page and JSON at /verify/{number}, and the LSPs'
published signing keys. No sign-in; holder shown by initials only; rate-limited per client."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api.certificates.routes import clock
from api.web import deps
from api.web.auth import client_address, public
from api.web.errors import error_response
from api.web.pages import render
from certification import service
from certification.documents import STATUS_LABELS, tanggal
from certification.ports import Clock

router = APIRouter(tags=["public"])


class TokenBucket:
    """In-process token bucket per client address: ``capacity`` requests, refilled at ``rate``/s."""

    def __init__(
        self,
        capacity: int = 30,
        rate: float = 0.5,
        *,
        max_clients: int = 10_000,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.rate = rate
        self.max_clients = max_clients
        self.now = now
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else seconds until a token is free."""
        t = self.now()
        tokens, last = self.buckets.pop(client, (float(self.capacity), t))
        tokens = min(float(self.capacity), tokens + (t - last) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self.buckets[client] = (tokens, t)
        while len(self.buckets) > self.max_clients:
            self.buckets.popitem(last=False)
        return wait


def limiter(request: Request) -> TokenBucket:
    found = getattr(request.app.state, "verify_limiter", None)
    if found is None:
        found = request.app.state.verify_limiter = TokenBucket()
    return found  # type: ignore[no-any-return]


def _limited(request: Request) -> Any | None:
    wait = limiter(request).take(client_address(request))
    if wait <= 0:
        return None
    response = error_response(request, 429, "rate_limited", "terlalu banyak permintaan; coba lagi nanti")
    response.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
    return response


def verification_json(v: service.Verification) -> dict[str, Any]:
    return {
        "number": v.number,
        "status": {
            "state": v.status.state,
            "label": STATUS_LABELS[v.status.state],
            "reason": v.status.reason,
            "since": v.status.at.date().isoformat() if v.status.at else None,
            "until": v.status.until,
        },
        "scheme": {"code": v.scheme_code, "title": v.scheme_title},
        "units": [{"code": c, "title": t} for c, t in v.units],
        "lsp": {"code": v.lsp_code, "name": v.lsp_name},
        "issued_on": v.issued_on,
        "valid_until": v.valid_until,
        "holder": v.holder_initials,
        "signature": {"valid": v.signature_valid, "problem": v.signature_problem, "key_id": v.key_id},
        "renewed_from": v.renewed_from,
        "renewed_to": v.renewed_to,
    }


@router.get("/api/v1/verify/{number:path}")
async def verify_json(
    request: Request, number: str, _: Any = Depends(public), conn: Any = Depends(deps.connection),
    clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """Status (with reason), scheme, units, LSP, dates, holder initials and whether the signature
    is valid. Unknown numbers get a plain 404 "not found". Rate-limited per client (429 + Retry-After)."""
    if (limited := _limited(request)) is not None:
        return limited
    v = await service.verify_by_number(conn, number, clock=clk)
    return JSONResponse(jsonable(verification_json(v)))


@router.get("/verify/{number:path}", include_in_schema=False)
async def verify_page(
    request: Request, number: str, _: Any = Depends(public), conn: Any = Depends(deps.connection),
    clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """Public page (Bahasa Indonesia) behind the certificate's QR code."""
    if (limited := _limited(request)) is not None:
        return limited
    v = await service.verify_by_number(conn, number, clock=clk)
    return render(
        request,
        "certificates/verify.html",
        {"v": v, "label": STATUS_LABELS[v.status.state], "tanggal": tanggal},
    )


@router.get("/.well-known/binakerja-keys.json")
async def published_keys(_: Any = Depends(public), conn: Any = Depends(deps.connection)) -> Any:
    """Every LSP's Ed25519 public key (active and retired, with validity) and the sha256 of
    revoked certificate numbers: all that offline verification needs."""
    return JSONResponse(await service.published_keys(conn), headers={"Cache-Control": "public, max-age=300"})


def jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)
