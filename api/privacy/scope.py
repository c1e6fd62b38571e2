"""Who may act on a person: the one object-scope check the privacy use cases share."""

from __future__ import annotations

import asyncpg

from models.errors import Denied
from models.records import Actor, Inmate
from models.repositories.privacy import PrivacyRepo


async def in_scope(conn: asyncpg.Connection, actor: Actor, inmate: Inmate, roles: frozenset[str]) -> None:
    """Raise ``Denied`` unless ``actor`` may act on ``inmate``: system, or an allowed role in scope.

    A Bapas officer acts only on the caseload of their own Bapas.
    """
    if actor.role == "system":
        return
    if actor.role not in roles or actor.user_id is None:
        raise Denied(f"role {actor.role!r} may not do this")
    if actor.role == "bapas_officer":
        scope = await PrivacyRepo(conn).user_scope(actor.user_id)
        if not scope.active or scope.bapas_id is None or scope.bapas_id != inmate.bapas_id:
            raise Denied("this person is not in your Bapas' caseload")


OFFICER = frozenset({"bapas_officer"})
OFFICER_OR_ADMIN = frozenset({"bapas_officer", "admin"})
