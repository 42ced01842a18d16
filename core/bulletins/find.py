"""Finding a bulletin from what was typed or pressed, in the person's workspace."""
from __future__ import annotations

from ..errors import UserError
from ..numbers import record_id
from ..ports import UnitOfWork
from ..router import Context
from ..wording import bulletins as say
from .model import Bulletin


def one_id(ctx: Context, usage: str) -> str:
    if not ctx.args:
        raise UserError(say.WHICH.format(usage=usage))
    return ctx.args[0].lstrip("#")


async def find(ctx: Context, uow: UnitOfWork, value: str, *,
               for_update: bool = False) -> Bulletin:
    bulletin_id = record_id(value)
    bulletin = await uow.bulletins.get(bulletin_id, for_update=for_update) if bulletin_id \
        else None
    if bulletin is None or bulletin.workspace_key != ctx.actor.workspace_key:
        raise UserError(say.NO_SUCH.format(id=value))
    return bulletin


def state_word(bulletin: Bulletin, finished: bool = False) -> str:
    return say.STATUS_WORDS["finished" if finished else bulletin.status.value]
