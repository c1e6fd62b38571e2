"""The `binakerja` command: serve, migrate, setup, demo, import, reindex, match-file, verify, users,
organisations and partners, backup/restore, retention, data-key rotation and the fairness report.

Each command validates its arguments, calls one service function and prints.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from api.config import Settings  # noqa: E402


@asynccontextmanager
async def open_connection(settings: Settings, *, dim: int | None = None, as_owner: bool = False) -> AsyncIterator[Any]:
    """A migrated connection, through the service's own start-up (``api.app.open_database``); as
    the app role unless ``as_owner``. ``dim``: fit the embedding columns to a model of that dimension first."""
    from api.app import open_database

    async with (
        open_database(settings, min_size=1, max_size=2, dim=dim, as_owner=as_owner) as db,
        db.acquire() as conn,
    ):
        yield conn


def progress_bar(total: int | None, desc: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="row", file=sys.stderr, disable=not sys.stderr.isatty() and total is None)
    return bar.update, bar.close


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(settings), **server_options(settings, args.port))
    return 0


def server_options(settings: Settings, port: int | None = None) -> dict[str, Any]:
    """uvicorn's options. Forwarded headers are honoured only from ``BINAKERJA_TRUSTED_PROXIES``
    (uvicorn's default believes any client on 127.0.0.1)."""
    trusted = settings.trusted_proxies
    return {
        "host": settings.host,
        "port": port or settings.port,
        "log_level": "info",
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or "",
    }


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> None:
        async with open_connection(settings):
            pass

    asyncio.run(run())
    print("migrations applied")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from api.certificates.stores import PgCertificationStores
    from api.demo import load_demo
    from api.privacy.crypto import load_cipher
    from certification.service import sign_unsigned
    from certification.signing import FileKeyStore
    from models.errors import Conflict
    from models.records import SYSTEM

    async def run() -> Any:
        async with open_connection(settings) as conn:
            update, close = progress_bar(args.inmates, "demo inmates")
            try:
                summary = await load_demo(conn, inmates=args.inmates, seed=args.seed, progress=update,
                                          cipher=load_cipher(settings.data_key, settings.key_dir))  # fmt: skip
            finally:
                close()
            signed = await sign_unsigned(PgCertificationStores(conn), SYSTEM, keystore=FileKeyStore(settings.key_dir))
            return f"{summary}; {signed} certificates signed"

    try:
        print(asyncio.run(run()))
    except Conflict as exc:
        print(f"error: {exc}. Nothing was loaded.", file=sys.stderr)
        return 2
    if not args.no_index:
        return cmd_reindex(args, settings) or cmd_demo_outcomes(settings)
    return 0


def cmd_demo_outcomes(settings: Settings) -> int:
    """After the demo's embeddings: its simulated searches and outcomes (api/demo/outcomes.py)."""
    from api.app import simulate_demo_outcomes
    from matcher.embedding import Encoder

    async def run() -> None:
        async with open_connection(settings) as conn:
            await simulate_demo_outcomes(conn, Encoder.load(settings.model))

    asyncio.run(run())
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from api.imports.service import import_file
    from api.privacy.crypto import load_cipher
    from models.errors import ImportRowError

    cipher = load_cipher(settings.data_key, settings.key_dir)  # encrypts the nik/offence columns

    async def run() -> Any:
        async with open_connection(settings) as conn:
            update, close = progress_bar(None, f"import {args.kind}")
            try:
                return await import_file(conn, args.kind, args.file, progress=update, cipher=cipher)
            finally:
                close()

    try:
        summary = asyncio.run(run())
    except ImportRowError as exc:
        print(f"error: {args.file}: {exc}. Nothing was imported.", file=sys.stderr)
        return 2
    print(summary)
    return 0


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from api.app import build_matcher
    from api.web.stores import PgMatcherStores
    from matcher.embedding import Encoder
    from matcher.indexing import reindex_inmates, reindex_vacancies

    encoder = Encoder.load(settings.model)

    async def run() -> tuple[Any, Any, int]:
        # As the owner: a run over many new vectors (a new model, a first load) may then drop the
        # vector indexes and build them once after (matcher.indexing.bulk_build); the app role may not.
        async with open_connection(settings, dim=encoder.dim, as_owner=True) as conn:
            stores = PgMatcherStores(conn)
            update, close = progress_bar(None, "reindex vacancies")
            try:
                v = await reindex_vacancies(stores, encoder, progress=update)
            finally:
                close()
            update, close = progress_bar(None, "reindex inmates")
            try:
                i = await reindex_inmates(stores, encoder, date.today(), progress=update)
            finally:
                close()
            # each profile's statistics against today's reference, so no query computes them (issue 17)
            update, close = progress_bar(None, "reference statistics")
            try:
                r = await build_matcher(encoder).store_reference_stats(conn, date.today(), progress=update)
            finally:
                close()
            return v, i, r

    v, i, r = asyncio.run(run())
    print(
        f"vacancies: {v.embedded} of {v.seen} re-embedded; inmates: {i.embedded} of {i.seen} re-embedded; "
        f"reference statistics of {r} profiles stored"
    )
    return 0


def cmd_match_file(argv: list[str]) -> int:
    from matcher.offline import main as match_main

    return int(match_main(argv))


def _dsn(settings: Settings) -> tuple[str, Any]:
    """The database URI, starting the embedded server when DATABASE_URL is unset."""
    if settings.database_url:
        return settings.database_url, None
    from models.db import start_embedded

    return start_embedded(settings.pg_dir)


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from api.ops.backup import BackupError, backup

    dsn, server = _dsn(settings)
    try:
        result = backup(dsn, args.file)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.cleanup()
    print(f"backup written: {result.path} ({result.bytes} bytes, {result.seconds:.1f} s)")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from api.ops.backup import BackupError, restore

    dsn, server = _dsn(settings)
    try:
        entries = asyncio.run(restore(dsn, args.file))
    except BackupError as exc:
        print(f"error: {exc}. The database was not changed.", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.cleanup()
    print(f"restored {entries} archive entries from {args.file}")
    return 0


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    from api.privacy.actions import apply_retention
    from models.records import SYSTEM

    async def run() -> Any:
        async with open_connection(settings) as conn:
            return await apply_retention(conn, SYSTEM, date.today(), args.years, apply=args.apply)

    result = asyncio.run(run())
    verb = "anonymised" if args.apply else "due (dry run; add --apply to anonymise)"
    print(f"released {args.years}+ years ago: {len(result.due)} {verb}; erased {result.erased}")
    return 0


def cmd_rotate_data_key(args: argparse.Namespace, settings: Settings) -> int:
    from api.privacy.actions import rotate_data_key
    from api.privacy.crypto import CryptoError, generate_key_file, load_cipher
    from models.records import SYSTEM

    if settings.data_key:
        print("BINAKERJA_DATA_KEY is set: put the new key first in it (comma separated) and run again")
    else:
        print(f"new data key {generate_key_file(settings.key_dir)} in {settings.key_dir}")
    cipher = load_cipher(settings.data_key, settings.key_dir)

    async def run() -> dict[str, int]:
        async with open_connection(settings) as conn:
            return await rotate_data_key(conn, SYSTEM, cipher)

    try:
        changed = asyncio.run(run())
    except CryptoError as exc:
        print(f"nothing re-encrypted (rolled back): {exc}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{table} {n}" for table, n in changed.items())
    print(f"re-encrypted {sum(changed.values())} rows with key {cipher.current}: {rows}")
    return 0


def report_chain(check: Any) -> int:
    """Print the outcome of ``verify_chain``; 0 when the chain is intact, 1 naming the first broken row."""
    if check.ok:
        print(f"rantai audit utuh: {check.rows} baris; kepala seq {check.head_seq} hash {check.head_hash}")
        print("catat hash kepala di luar basis data untuk memeriksa bahwa tidak ada baris yang dihapus kemudian")
        return 0
    where = f"baris id {check.broken_id} (seq {check.broken_seq})" if check.broken_id is not None else "akhir rantai"
    print(f"rantai audit RUSAK di {where}: {check.problem}; {check.rows} baris sebelumnya utuh")
    return 1


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from models.repositories.audit import verify_chain

    async def run() -> Any:
        async with open_connection(settings) as conn:
            return await verify_chain(conn)

    return report_chain(asyncio.run(run()))


def cmd_notify_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Deliver notifications and webhooks: one pass (``--once``) or until interrupted."""
    from api.app import build_matcher, build_notifier, open_database
    from api.privacy.crypto import load_cipher

    matcher = None
    if not args.no_digest:
        from matcher.embedding import Encoder

        matcher = build_matcher(Encoder.load(settings.model))

    async def run() -> Any:
        async with open_database(settings, min_size=1, max_size=4) as db:
            worker = build_notifier(settings, db, load_cipher(settings.data_key, settings.key_dir), matcher)
            if args.once:
                return await worker.run_once()
            await worker.run(args.interval or settings.notify_interval)
            return None

    try:
        stats = asyncio.run(run())
    except KeyboardInterrupt:
        return 0
    print(f"events fanned out: {stats.events}; notifications sent: {stats.sent}, failed attempts: "
          f"{stats.failed_attempts}; webhooks sent: {stats.webhooks_sent}, failed attempts: "
          f"{stats.webhook_failed_attempts}; daily scans: {', '.join(stats.scans) or 'none due'}")  # fmt: skip
    return 0


def cmd_fairness_report(args: argparse.Namespace, settings: Settings) -> int:
    from api.app import build_matcher
    from api.stats.fairness import run_report
    from matcher.embedding import Encoder

    matcher = build_matcher(Encoder.load(settings.model))

    async def run() -> Any:
        async with open_connection(settings) as conn:
            return await run_report(conn, matcher, date.today(), k=args.top, vacancies=args.vacancies)

    report = asyncio.run(run())
    text = report.to_json() if args.json else report.to_text()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
    print(text)
    return 1 if (args.strict and report.flags) else 0


def cmd_learn_weights(args: argparse.Namespace, settings: Settings) -> int:
    from api.stats.learning import learn_weights
    from models.records import SYSTEM

    async def run() -> Any:
        async with open_connection(settings) as conn:
            return await learn_weights(conn, SYSTEM, folds=args.folds, eta=args.eta)

    decision, saved = asyncio.run(run())
    print(
        f"{decision.impressions} shown results in {decision.lists} lists, "
        f"{decision.lists_with_outcomes} with an outcome; propensity r^-{decision.eta:g}"
    )
    for f in decision.folds:
        print(
            f"fold {f.fold}: {f.test_lists} held-out lists; AUC current {f.current:.4f} learned {f.learned:.4f}; "
            f"NDCG@10 current {f.current_ndcg:.4f} learned {f.learned_ndcg:.4f}"
        )
    print(f"{'feature':<16} {'current':>8} {'learned':>8}")
    for name in decision.weights:
        print(f"{name:<16} {decision.current.get(name, 0.0):8.3f} {decision.weights[name]:8.3f}")
    print(f"{'ADOPTED' if decision.adopted else 'not adopted'} (weights #{saved.id}): {decision.reason}")
    return 0


def cmd_user_add(args: argparse.Namespace, settings: Settings) -> int:
    from getpass import getpass

    from api.partners.service import create_user
    from api.web.errors import InvalidInput
    from models.errors import Conflict
    from models.records import SYSTEM

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass("password: ")

    async def run() -> Any:
        async with open_connection(settings) as conn:
            return await create_user(
                conn, SYSTEM, email=args.email, name=args.name, role=args.role, password=password,
                employer_id=args.employer_id, bapas_id=args.bapas_id, lsp_id=args.lsp_id, assessor_id=args.assessor_id,
                facility_id=args.facility_id,
            )  # fmt: skip

    try:
        user = asyncio.run(run())
    except InvalidInput as exc:
        print(f"error: {exc.field}: {exc}", file=sys.stderr)
        return 2
    except Conflict as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"user {user.id} {user.email} ({user.role}) created")
    return 0


def read_setup_password(args: argparse.Namespace) -> str | None:
    """The first admin's password: the first line of stdin (``--password-stdin``), or typed twice
    without echo. None when the two typed passwords differ."""
    from getpass import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass("kata sandi admin (minimal 10 karakter): ")
    if getpass("ulangi kata sandi: ") != first:
        return None
    return first


def cmd_setup(args: argparse.Namespace, settings: Settings) -> int:
    """Create the deployment's first admin (refused once any admin exists) and say what comes next."""
    from api.partners.service import NEXT_STEPS, AdminExists, create_first_admin
    from api.web.errors import InvalidInput

    email = args.email
    if not email:
        if args.password_stdin or not sys.stdin.isatty():
            print("error: email: give --email when the password comes from stdin", file=sys.stderr)
            return 2
        email = input("email admin: ").strip()
    password = read_setup_password(args)
    if password is None:
        print("error: password: kedua kata sandi tidak sama. Tidak ada yang dibuat.", file=sys.stderr)
        return 2

    async def run() -> Any:
        async with open_connection(settings) as conn:
            return await create_first_admin(conn, email=email, name=args.name, password=password, via="cli")

    try:
        user = asyncio.run(run())
    except InvalidInput as exc:
        print(f"error: {exc.field}: {exc}. Tidak ada yang dibuat.", file=sys.stderr)
        return 2
    except AdminExists as exc:
        print(f"error: {exc}. Tidak ada yang dibuat.", file=sys.stderr)
        return 3
    print(f"admin pertama dibuat: {user.email} (user {user.id})")
    print("langkah berikutnya:")
    for n, step in enumerate(NEXT_STEPS, 1):
        print(f"  {n}. {step.format(base=settings.base_url.rstrip('/'))}")
    return 0


def cmd_user_key(args: argparse.Namespace, settings: Settings) -> int:
    from api.partners.service import issue_api_key
    from models.records import SYSTEM
    from models.repositories.users import UserRepo

    async def run() -> str | None:
        async with open_connection(settings) as conn:
            user = await UserRepo(conn).find_by_email(args.email)
            if user is None:
                return None
            _, full = await issue_api_key(conn, SYSTEM, user.id, args.label)
            return full

    key = asyncio.run(run())
    if key is None:
        print(f"error: no user with email {args.email!r}", file=sys.stderr)
        return 2
    print(key)
    print("Store this key now: it is shown only once.", file=sys.stderr)
    return 0


def cmd_org_import(args: argparse.Namespace, settings: Settings) -> int:
    from api.partners.organisation_import import import_csv
    from models.errors import ImportRowError
    from models.records import SYSTEM

    async def run() -> Any:
        async with open_connection(settings) as conn:
            with open(args.file, "rb") as handle:
                return await import_csv(conn, SYSTEM, args.kind, handle, date.today())

    try:
        summary = asyncio.run(run())
    except ImportRowError as exc:
        print(f"error: {args.file}: {exc}. Nothing was imported.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary)
    return 0


def cmd_partner(args: argparse.Namespace, settings: Settings) -> int:
    from api.partners.employers import change_partner_status
    from api.web.errors import InvalidInput
    from models.errors import Conflict, NotFound
    from models.records import SYSTEM
    from models.repositories.partners import PartnerRepo

    async def run() -> list[str]:
        async with open_connection(settings) as conn:
            if args.partner_command == "list":
                rows = await PartnerRepo(conn).list(status=args.status, limit=1000)
                return [
                    f"{p.employer.id}\t{p.employer.partner_status}\t{p.nib or '-'}\t{p.employer.name}" for p in rows
                ]
            p = await change_partner_status(conn, SYSTEM, args.employer_id, args.partner_command, args.reason)
            return [f"partner {p.employer.id} {p.employer.name}: {p.employer.partner_status}"]

    try:
        lines = asyncio.run(run())
    except InvalidInput as exc:
        print(f"error: {exc.field}: {exc}", file=sys.stderr)
        return 2
    except (Conflict, NotFound) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines) if lines else "no partners")
    return 0


def _load_json(source: str) -> Any:
    """A JSON document from a file, or from an http(s) URL (for fetching a snapshot)."""
    import json
    import urllib.request
    from pathlib import Path

    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=10) as resp:  # noqa: S310 - scheme checked above
            return json.loads(resp.read().decode("utf-8"))
    return json.loads(Path(source).read_text(encoding="utf-8"))


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    """Check an exported credential (VC JSON) offline against its issuer's DID document and a
    status-list snapshot; print one plain reason; exit 0 only if valid."""
    from certification.credentials import holder_matches, verify_credential

    sources = (args.did or []) + (args.keys or [])
    if not sources or not args.status:
        print(
            "error: give the issuer's DID document (--did FILE-or-URL, e.g. <server>/lsp/<code>/did.json) and "
            "a status snapshot (--status FILE-or-URL, once per statusListCredential of the credential)",
            file=sys.stderr,
        )
        return 2
    try:
        doc = _load_json(args.file)
    except (OSError, ValueError) as exc:
        print(f"malformed: cannot read {args.file}: {exc}")
        return 1
    loaded: dict[str, list[Any]] = {"did": [], "status": []}
    for kind, items in (("did", sources), ("status", args.status)):
        for source in items:
            try:
                got = _load_json(source)
            except (OSError, ValueError) as exc:
                print(f"error: cannot load {source}: {exc}", file=sys.stderr)
                return 2
            loaded[kind].extend(got if isinstance(got, list) else [got])  # a file may hold several
    if any(isinstance(d, dict) and "revoked_sha256" in d for d in loaded["did"]):
        print("error: --keys got the retired binakerja keys document; give the LSP's DID document", file=sys.stderr)
        return 2
    today = date.fromisoformat(args.today) if args.today else date.today()
    try:
        result = verify_credential(doc, loaded["did"], loaded["status"], today)
    except ValueError as exc:
        print(f"error: malformed DID document: {exc}", file=sys.stderr)
        return 2
    print(result.reason)
    if result.ok and args.holder_name is not None:
        if not holder_matches(doc, args.holder_name):
            print("holder mismatch: the credential does not name this holder")
            return 1
        print("holder: the name matches the credential's identity hash")
    return 0 if result.ok else 1


def cmd_feeds_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run due feed connectors now (or one by name, due or not); print each run; exit 1 if one failed."""
    from datetime import UTC, datetime

    from api.feeds.service import run_due
    from api.privacy.crypto import load_cipher
    from models.errors import NotFound
    from models.records import SYSTEM

    cipher = load_cipher(settings.data_key, settings.key_dir)  # decrypts the connectors' tokens
    encoder = None
    if not args.no_index:
        from matcher.embedding import Encoder

        encoder = Encoder.load(settings.model)

    async def run() -> Any:
        async with open_connection(settings) as conn:
            return await run_due(conn, SYSTEM, datetime.now(UTC), cipher=cipher, encoder=encoder, only=args.connector,
                                 allow_private=settings.outbound_allow_private)  # fmt: skip

    try:
        runs = asyncio.run(run())
    except NotFound:
        print(f"error: no feed connector named {args.connector!r}", file=sys.stderr)
        return 2
    for r in runs:
        print(f"run {r.id} connector {r.connector_id}: {r.status}, {r.records_applied} of {r.records_seen} records "
              f"applied, cursor {r.cursor_before or '-'} -> {r.cursor_after or '-'}")  # fmt: skip
        for e in r.errors:
            where = ", ".join(f"{k} {e[k]}" for k in ("page", "record", "id", "field") if e.get(k))
            print(f"  {where}: {e['message']}")
    if not runs:
        print("no feed connector is due")
    return 1 if any(r.status == "failed" for r in runs) else 0


def build_parser() -> argparse.ArgumentParser:
    from models.repositories.users import ROLES

    parser = argparse.ArgumentParser(prog="binakerja", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="apply pending database migrations")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("demo", help="load deterministic Indonesian demo data")
    p.add_argument("--inmates", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-index", action="store_true", help="skip computing embeddings")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="import inmates, vacancies or units from CSV or JSONL")
    p.add_argument("kind", choices=["inmates", "vacancies", "units"])
    p.add_argument("file")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("reindex", help="re-embed profiles and vacancies whose text or model changed")
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("backup", help="dump the whole database to FILE (pg_dump custom format)")
    p.add_argument("file")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the database with a backup FILE (stop the service first)")
    p.add_argument("file")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("retention", help="anonymise people released N or more years ago")
    p.add_argument("--years", type=int, required=True)
    p.add_argument("--apply", action="store_true", help="anonymise (default: only count)")
    p.set_defaults(func=cmd_retention)

    p = sub.add_parser("rotate-data-key", help="new data encryption key; re-encrypt sensitive columns")
    p.set_defaults(func=cmd_rotate_data_key)

    p = sub.add_parser("fairness-report", help="exposure of groups in employer results; protected-attribute check")
    p.add_argument("--top", type=int, default=20, help="results per vacancy (default 20)")
    p.add_argument("--vacancies", type=int, default=200, help="open vacancies to rank (default 200)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", default=None)
    p.add_argument("--strict", action="store_true", help="exit 1 when a gap is flagged")
    p.set_defaults(func=cmd_fairness_report)

    p = sub.add_parser("learn-weights", help="learn ranking weights from outcomes; adopt only if they beat the current")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds, grouped by vacancy (default 5)")
    p.add_argument("--eta", type=float, default=1.0, help="position bias: p(rank r examined) = r^-eta (default 1)")
    p.set_defaults(func=cmd_learn_weights)

    p = sub.add_parser("notify-worker", help="deliver notifications and webhooks (retries, daily scans)")
    p.add_argument("--once", action="store_true", help="one pass, then exit")
    p.add_argument("--interval", type=float, default=None, help="seconds between passes (BINAKERJA_NOTIFY_INTERVAL)")
    p.add_argument("--no-digest", action="store_true", help="skip the daily match digest (no model loaded)")
    p.set_defaults(func=cmd_notify_worker)

    p = sub.add_parser("audit-verify", help="recompute the audit log's hash chain; name the first broken row")
    p.set_defaults(func=cmd_audit_verify)

    p = sub.add_parser("setup", help="create the first admin (password typed, or --password-stdin); once only")
    p.add_argument("--email", default=None, help="the admin's email (asked when interactive)")
    p.add_argument("--name", default="Admin", help="the admin's name (default: Admin)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("user", help="manage users and API keys")
    usub = p.add_subparsers(dest="user_command", required=True)
    u = usub.add_parser("add", help="add a user (password from stdin with --password-stdin)")
    u.add_argument("--email", required=True)
    u.add_argument("--name", required=True)
    u.add_argument("--role", required=True, choices=list(ROLES))
    u.add_argument("--employer-id", type=int)
    u.add_argument("--bapas-id", type=int)
    u.add_argument("--lsp-id", type=int)
    u.add_argument("--assessor-id", type=int)
    u.add_argument("--facility-id", type=int, help="training_staff: the Lapas/Rutan/LPKA")
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    u.set_defaults(func=cmd_user_add)
    u = usub.add_parser("key", help="issue a new API key for a user (printed once)")
    u.add_argument("email")
    u.add_argument("--label", default="")
    u.set_defaults(func=cmd_user_key)

    p = sub.add_parser("org", help="onboard organisations: import facilities, LSPs, TUK or assessors from CSV")
    osub = p.add_subparsers(dest="org_command", required=True)
    o = osub.add_parser("import", help="import a CSV (all or nothing; re-importing changes nothing)")
    o.add_argument("kind", choices=["facilities", "lsps", "tuks", "assessors"])
    o.add_argument("file")
    o.set_defaults(func=cmd_org_import)

    p = sub.add_parser("partner", help="list employer partners; verify, reject, suspend or reactivate one")
    psub = p.add_subparsers(dest="partner_command", required=True)
    o = psub.add_parser("list", help="partners, pending applications first")
    o.add_argument("--status", choices=["pending", "active", "suspended", "rejected"])
    o.set_defaults(func=cmd_partner)
    moves = (
        ("verify", "pending -> active"),
        ("reject", "pending -> rejected (needs --reason)"),
        ("suspend", "active -> suspended (needs --reason)"),
        ("reactivate", "suspended -> active"),
    )
    for action, text in moves:
        o = psub.add_parser(action, help=text)
        o.add_argument("employer_id", type=int)
        o.add_argument("--reason", default=None)
        o.set_defaults(func=cmd_partner)

    p = sub.add_parser("verify", help="check an exported certificate (VC JSON) offline")
    p.add_argument("file")
    p.add_argument(
        "--did", action="append", help="the issuer's DID document: a file, or <server>/lsp/<code>/did.json (repeatable)"
    )
    p.add_argument("--keys", action="append", help=argparse.SUPPRESS)  # older spelling of --did
    p.add_argument(
        "--status", action="append", help="a status list credential the certificate names: file or URL (repeatable)"
    )
    p.add_argument("--today", help="check validity as of this date (YYYY-MM-DD)")
    p.add_argument("--holder-name", help="also check that the credential names this holder (salted hash)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("feeds", help="feeds in: partner vacancy portals and SDP deltas")
    fsub = p.add_subparsers(dest="feeds_command", required=True)
    o = fsub.add_parser("run", help="run due connectors now (or --connector NAME, due or not)")
    o.add_argument("--connector", default=None, help="the connector's name")
    o.add_argument("--no-index", action="store_true", help="skip re-embedding what the run changed")
    o.set_defaults(func=cmd_feeds_run)

    sub.add_parser("match-file", help="rank candidates for vacancies from JSONL files, without a database")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "match-file":
        return cmd_match_file(argv[1:])
    args = build_parser().parse_args(argv)
    return int(args.func(args, Settings.from_env()))


if __name__ == "__main__":
    raise SystemExit(main())
