"""The `binakerja` command: serve, migrate, demo, import, reindex, match-file.

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
async def open_connection(settings: Settings) -> AsyncIterator[Any]:
    """A migrated connection to the configured (or embedded) database."""
    from models.db import create_pool, start_embedded
    from models.migrate import migrate

    server = None
    dsn = settings.database_url
    if not dsn:
        dsn, server = start_embedded(settings.pg_dir)
    pool = await create_pool(dsn, min_size=1, max_size=2)
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
            yield conn
    finally:
        await pool.close()
        if server is not None:
            server.cleanup()


def progress_bar(total: int | None, desc: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    from tqdm import tqdm

    bar = tqdm(
        total=total, desc=desc, unit="row", file=sys.stderr, disable=not sys.stderr.isatty() and total is None
    )
    return bar.update, bar.close


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    print(f"binakerja: serving on http://{settings.host}:{args.port or settings.port}", flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=args.port or settings.port, log_level="info")
    return 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> None:
        async with open_connection(settings):
            pass

    asyncio.run(run())
    print("migrations applied")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from models.demo import load_demo

    async def run() -> Any:
        async with open_connection(settings) as conn:
            update, close = progress_bar(args.inmates, "demo inmates")
            try:
                return await load_demo(conn, inmates=args.inmates, seed=args.seed, progress=update)
            finally:
                close()

    summary = asyncio.run(run())
    print(summary)
    if not args.no_index:
        return cmd_reindex(args, settings)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from models.imports import import_file

    from models.errors import ImportRowError

    async def run() -> Any:
        async with open_connection(settings) as conn:
            update, close = progress_bar(None, f"import {args.kind}")
            try:
                return await import_file(conn, args.kind, args.file, progress=update)
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
    from matcher.embedding import Encoder
    from matcher.indexing import reindex_inmates, reindex_vacancies

    encoder = Encoder.load(settings.model)

    async def run() -> tuple[Any, Any]:
        async with open_connection(settings) as conn:
            update, close = progress_bar(None, "reindex vacancies")
            try:
                v = await reindex_vacancies(conn, encoder, progress=update)
            finally:
                close()
            update, close = progress_bar(None, "reindex inmates")
            try:
                i = await reindex_inmates(conn, encoder, date.today(), progress=update)
            finally:
                close()
            return v, i

    v, i = asyncio.run(run())
    print(f"vacancies: {v.embedded} of {v.seen} re-embedded; inmates: {i.embedded} of {i.seen} re-embedded")
    return 0


def cmd_match_file(argv: list[str]) -> int:
    from matcher.offline import main as match_main

    return int(match_main(argv))


def build_parser() -> argparse.ArgumentParser:
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
