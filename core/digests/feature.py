"""Digests, declared: current-awareness digests, their buttons, stats and reach."""
from __future__ import annotations

from typing import Any

from ..cards import Button, Section
from ..feature import Feature
from ..ports import UnitOfWork
from ..router import Context, Router
from ..topics.find import describe
from ..topics.model import PERSON
from ..wording import digests as say
from . import commands, sending, stats

router = Router("digests")
router.group("digest", say.GROUP_SUMMARY)
router.include(commands.router)
router.include(stats.router)

PERSONAL_TABLES = ("digest_runs", "digest_seen", "digest_useful", "digest_channels")


async def home(ctx: Context) -> tuple[list[Section], list[Button]]:
    async with ctx.services.uow(read_only=True) as uow:
        how = await uow.topics.how(ctx.actor.key)
        if how is None or not how.digest or not await uow.topics.subscriptions(
                PERSON, ctx.actor.key):
            return [], []
    return ([Section(f"*{say.HOME_TITLE}*\n" + say.HOME_LINE.format(how=describe(how)))],
            [Button(say.HOME_BUTTON, "digests.preview", "")])


async def export(uow: UnitOfWork, person_key: str) -> dict[str, Any]:
    return await uow.digests.export_person(person_key)


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str) -> None:
    await uow.digests.erase_person(person_key, pseudonym)


FEATURE = Feature(
    name="digests",
    summary=say.GROUP_SUMMARY,
    router=router,
    jobs=sending.JOBS,
    home=home,
    export=export,
    erase=erase,
    personal_tables=PERSONAL_TABLES,
    # both Teams menus are full (ten each): /digest is typed, and the home card has
    # "Preview my digest"
)
