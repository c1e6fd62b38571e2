"""API documentation served locally: the OpenAPI document rendered as one HTML page (no CDN)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.web.auth import Principal, public
from api.web.pages import render

router = APIRouter(include_in_schema=False)


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten the OpenAPI paths into (method, path, summary, description, params, body example)."""
    schemas = spec.get("components", {}).get("schemas", {})
    out = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref", "").rsplit("/", 1)[-1]
            example = {
                name: (prop.get("examples") or [prop.get("default")])[0]
                for name, prop in schemas.get(ref, {}).get("properties", {}).items()
            } if ref else None  # fmt: skip
            out.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tags": op.get("tags", []),
                "params": [(p["name"], p["in"], p.get("required", False), p.get("description", ""))
                           for p in op.get("parameters", [])],
                "example": json.dumps(example, ensure_ascii=False, indent=2, default=str) if example else None,
            })  # fmt: skip
    return sorted(out, key=lambda o: (o["tags"][:1], o["path"], o["method"]))


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request, _: Principal | None = Depends(public)) -> Any:
    return render(
        request, "docs.html", {"ops": operations(request.app.openapi()), "info": request.app.openapi()["info"]}
    )
