"""The buttons on an introduction: did the group meet?"""
from __future__ import annotations

from ..cards import Reply
from ..errors import UserError
from ..numbers import record_id
from ..router import Context, Router
from ..wording import coffee as say
from .model import Outcome

router = Router("coffee.outcomes")


async def _outcome(ctx: Context, outcome: Outcome) -> Reply:
    group_id = record_id(ctx.value)
    if group_id is None:
        raise UserError(say.OUTCOME_GONE)
    async with ctx.services.uow() as uow:
        group = await uow.coffee.group_of(group_id)
        if group is None:
            raise UserError(say.OUTCOME_GONE)
        if ctx.actor.key not in group.keys:
            raise UserError(say.OUTCOME_NOT_YOURS)
        await uow.coffee.record_outcome(group.id, ctx.actor.key, outcome.value,
                                        ctx.services.now())
    return Reply.say(say.THANKS_MET if outcome is Outcome.MET else say.THANKS_MISSED)


@router.action("coffee.met")
async def met(ctx: Context) -> Reply:
    return await _outcome(ctx, Outcome.MET)


@router.action("coffee.missed")
async def missed(ctx: Context) -> Reply:
    return await _outcome(ctx, Outcome.MISSED)
