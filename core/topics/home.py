"""Topics on a person's home card."""
from __future__ import annotations

from ..cards import Button, Section
from ..router import Context
from ..wording import topics as say
from .find import describe, names
from .model import PERSON, HowIHear


async def home(ctx: Context) -> tuple[list[Section], list[Button]]:
    async with ctx.services.uow(read_only=True) as uow:
        mine = await uow.topics.subscriptions(PERSON, ctx.actor.key)
        how = await uow.topics.how(ctx.actor.key) or HowIHear(
            timezone=ctx.services.config.default_timezone)
    if not mine:
        return [Section(say.HOME_NOTHING)], []
    return ([Section(say.HOME_FOLLOWING.format(names=names(mine), how=describe(how)))],
            [Button(say.HOME_BUTTON, "topics.mine")])
