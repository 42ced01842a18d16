"""Who wrote an anonymous idea, known only to the person themselves.

An anonymous idea, comment or vote keeps :func:`author_hash`, an HMAC-SHA256 of the wall and
the person's key under a secret kept outside the database (``KMBOT_ANONYMITY_KEY``, or with
SQLite a key file beside the database; see ``bot.settings.anonymity_key``). Whoever reads the
database, an export or a log cannot turn it back into a person; the person, acting again,
produces the same hash, so they can edit or delete their idea and the per-person limit and
one vote each still hold. The hash differs per wall, so walls cannot be linked either.

Buttons and forms that may be used anonymously are routed ``discreet``: the kernel does not
record the person, look them up or name them in a log line.
"""
from __future__ import annotations

import hashlib
import hmac

from ..errors import UserError
from ..router import Context
from ..services import Services
from ..wording import walls as say


def available(services: Services) -> bool:
    return bool(services.config.anonymity_key)


def require(services: Services) -> None:
    """Refuse an anonymous wall or poll when the deployment keeps no secret for it."""
    if not available(services):
        raise UserError(say.NO_ANONYMITY_KEY)


def author_hash(services: Services, wall_id: int, person_key: str) -> str:
    """The keyed hash standing for ``person_key`` on one wall (named acts use it too, for
    the per-person limit and the rate limit). Without a secret only walls where nobody is
    anonymous exist (creating others is refused), and a plain hash serves."""
    secret = services.config.anonymity_key
    if not secret:
        return hashlib.sha256(f"{wall_id}\x1f{person_key}".encode()).hexdigest()
    return hmac.new(secret.encode(), f"{wall_id}\x1f{person_key}".encode(),
                    hashlib.sha256).hexdigest()


def me(ctx: Context, wall_id: int) -> str:
    return author_hash(ctx.services, wall_id, ctx.actor.key)


async def record_named(ctx: Context, uow) -> None:
    """A named act through a discreet route: remember the person as any command does."""
    await uow.people.touch(ctx.actor.key, ctx.actor.display_name, ctx.services.now())
