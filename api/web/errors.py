"""The one place that maps domain errors to HTTP: JSON under /api/, an HTML page elsewhere."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from matcher.errors import MatcherError, NotIndexed
from models.errors import Conflict, ImportRowError, NotFound


class InvalidInput(ValueError):
    """Bad input at the HTTP edge (a form or API body), naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


_TITLES = {
    400: "Permintaan tidak valid",
    401: "Silakan masuk terlebih dahulu",
    403: "Akses ditolak",
    404: "Tidak ditemukan",
    409: "Konflik data",
    422: "Data tidak valid",
    429: "Terlalu banyak permintaan",
    503: "Layanan sedang tidak tersedia",
}


def validation_message(error: dict[str, Any]) -> str:
    """pydantic's first error (English: "Input should be greater than or equal to 1") in Bahasa
    Indonesia, naming the field: "page: paling kecil 1"."""
    ctx = error.get("ctx") or {}
    kind = str(error.get("type", ""))
    words = {
        "missing": "wajib diisi",
        "greater_than_equal": f"paling kecil {ctx.get('ge')}",
        "greater_than": f"harus lebih dari {ctx.get('gt')}",
        "less_than_equal": f"paling besar {ctx.get('le')}",
        "less_than": f"harus kurang dari {ctx.get('lt')}",
        "int_parsing": "harus bilangan bulat",
        "int_type": "harus bilangan bulat",
        "int_from_float": "harus bilangan bulat",
        "float_parsing": "harus angka",
        "float_type": "harus angka",
        "bool_parsing": "harus ya atau tidak (true/false)",
        "date_parsing": "harus tanggal TTTT-BB-HH",
        "date_from_datetime_parsing": "harus tanggal TTTT-BB-HH",
        "string_too_long": f"paling banyak {ctx.get('max_length')} karakter",
        "string_too_short": f"paling sedikit {ctx.get('min_length')} karakter",
        "string_type": "harus teks",
        "json_invalid": "JSON tidak valid",
        "model_attributes_type": "harus objek JSON",
        "dict_type": "harus objek JSON",
        "list_type": "harus daftar (array)",
        "literal_error": f"harus salah satu dari: {ctx.get('expected')}",
        "enum": f"harus salah satu dari: {ctx.get('expected')}",
        "extra_forbidden": "kolom tidak dikenal",
    }
    text = words.get(kind, "nilai tidak valid")
    field = ".".join(str(p) for p in error.get("loc", ())[1:])
    return f"{field}: {text}" if field else text


# Read by software, never by a person: DID documents and status lists (api/certificates/routes.py).
MACHINE_PATHS = ("/.well-known/", "/lsp/", "/registry/", "/dompet/")  # /dompet/: a wallet app fetching a VC


def _wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith(("/api/", *MACHINE_PATHS))
        or request.url.path.startswith("/verify/")
        and ("application/json" in request.headers.get("accept", ""))
    )


def error_response(request: Request, status: int, type_: str, detail: str, field: str | None = None) -> Any:
    if _wants_json(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"type": type_, "detail": detail, "field": field}, status_code=status, headers=headers)
    if status == 401:  # pages send the visitor to the sign-in form and back
        from urllib.parse import quote

        return RedirectResponse("/masuk?next=" + quote(request.url.path, safe="/"), status_code=303)
    templates = getattr(request.app.state, "templates", None)
    if templates is None:
        return HTMLResponse(f"<h1>{status}</h1><p>{detail}</p>", status_code=status)
    name = f"{status}.html"
    try:
        templates.get_template(name)
    except Exception:
        name = "error.html"
    from api.web.pages import page_context  # late: pages imports auth, which raises these errors

    return templates.TemplateResponse(
        request,
        name,
        # a form token only for a signed-in browser: an error must not mint a session (nor differ by one
        # between "not yours" and "missing" for an API-key caller, tests/api/test_attack_findings.py)
        page_context(request, token=getattr(getattr(request.state, "principal", None), "via", "") == "session")
        | {
            "status": status,
            "error_status": status,
            "title": _TITLES.get(status, "Kesalahan"),
            "detail": detail,
            "field": field,
        },  # fmt: skip
        status_code=status,
    )


NOT_FOUND_CERTIFICATE = "sertifikat tidak ditemukan; periksa kembali nomornya"
NOT_FOUND = "Data tidak ditemukan, atau Anda tidak berwenang membukanya."


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Any:
        # One answer for "does not exist" and "is not yours" on every route with an id: neither the
        # kind nor the id is echoed (a vacancy behind another employer's application, a client of
        # another Bapas), so a caller cannot tell other tenants' objects from missing ones.
        return error_response(request, 404, "not_found", NOT_FOUND)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Any:
        return error_response(request, 409, "conflict", str(exc))

    @app.exception_handler(ImportRowError)
    async def _bad_row(request: Request, exc: ImportRowError) -> Any:
        return error_response(request, 422, "invalid", str(exc), exc.field)

    @app.exception_handler(NotIndexed)
    async def _not_indexed(request: Request, exc: NotIndexed) -> Any:
        return error_response(request, 409, "not_indexed", str(exc))

    @app.exception_handler(MatcherError)
    async def _matcher(request: Request, exc: MatcherError) -> Any:
        return error_response(request, 422, "invalid", str(exc), getattr(exc, "field", None))

    @app.exception_handler(InvalidInput)
    async def _invalid(request: Request, exc: InvalidInput) -> Any:
        return error_response(request, 422, "invalid", str(exc), exc.field)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Any:
        first = exc.errors()[0] if exc.errors() else {}
        field = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
        return error_response(request, 422, "invalid", validation_message(first), field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        types = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 429: "rate_limited"}
        return error_response(request, exc.status_code, types.get(exc.status_code, "http_error"), str(exc.detail))

    from certification import errors as cert

    cert_status = {
        cert.CertificateNotFound: 404,
        cert.OutOfScope: 403,
        cert.ActiveCertificateExists: 409,
        cert.LicenceLapsed: 409,
        cert.InvalidTransition: 409,
        cert.KeyUnavailable: 503,
    }

    @app.exception_handler(cert.CertificationError)
    async def _certification(request: Request, exc: cert.CertificationError) -> Any:
        if isinstance(exc, cert.CertificateNotFound):  # plain: never echo what was asked for
            return error_response(request, 404, "not_found", NOT_FOUND_CERTIFICATE)
        status = next((s for t, s in cert_status.items() if isinstance(exc, t)), 422)
        kind = "".join("_" + ch.lower() if ch.isupper() else ch for ch in type(exc).__name__).lstrip("_")
        return error_response(request, status, kind, exc.message, exc.field)

    # Database unreachable (restart, failover, network): a clean 503 the client can retry;
    # the pool replaces broken connections on the next acquire, no process restart needed.
    import asyncpg

    from models.errors import Denied

    async def _database_down(request: Request, exc: Exception) -> Any:
        response = error_response(
            request, 503, "unavailable", "layanan sedang tidak tersedia (basis data); coba lagi sebentar lagi"
        )
        response.headers["Retry-After"] = "2"
        return response

    for db_error in (
        asyncpg.PostgresConnectionError,
        asyncpg.exceptions.OperatorInterventionError,
        asyncpg.InterfaceError,
        OSError,
    ):
        app.add_exception_handler(db_error, _database_down)

    @app.exception_handler(asyncpg.DataError)
    async def _bad_data(request: Request, exc: asyncpg.DataError) -> Any:
        # e.g. a NUL byte or an out-of-range number that reached a query parameter
        return error_response(request, 422, "invalid", "karakter atau nilai dalam permintaan tidak valid")

    @app.exception_handler(Denied)
    async def _denied(request: Request, exc: Denied) -> Any:
        return error_response(request, 403, "forbidden", exc.reason)


# Every error under /api/ has the same JSON shape; the OpenAPI document says so.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["type", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["not_found"]},
        "detail": {"type": "string", "examples": ["vacancy 42 not found"]},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}], "examples": ["start_date"]},
    },
}
ERROR_STATUSES = {
    400: "Bad request",
    401: "Not signed in (session cookie or `Authorization: Bearer bk_...` API key)",
    403: "Signed in, but this role or scope may not do this",
    404: "Not found, or outside the caller's scope",
    409: "Conflict (duplicate, stale version, or a rule of the domain)",
    422: "Invalid input; `field` names the offending field",
    429: "Too many requests; see Retry-After",
    503: "Database unavailable; retry later",
}


def document_errors(app: FastAPI) -> None:
    """Declare the error responses and CSV downloads of every operation in the OpenAPI document,
    replacing FastAPI's default validation-error schema with the shape we actually return."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        components["Error"] = ERROR_SCHEMA
        ref = {"$ref": "#/components/schemas/Error"}
        for operations in schema.get("paths", {}).values():
            for op in operations.values():
                responses = op.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    responses[str(status)] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
                if any(p.get("name") == "format" for p in op.get("parameters", [])):
                    ok = responses.setdefault("200", {"description": "OK"})
                    ok.setdefault("content", {})["text/csv"] = {"schema": {"type": "string"}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
