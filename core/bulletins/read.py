"""``/bulletin read <id>``: a bulletin that went out, shown to one person privately. Someone
who hears through a digest sees each bulletin's title there, and reads it with this.

Who may read one: librarians; anyone when it went to everyone; a person who follows one of
its topics, or had it held for their digest. A bulletin that went only to channels, or that
has not gone out (a draft, scheduled, cancelled), is not shown, and nothing says it exists.
"""
from __future__ import annotations

from ..cards import Reply
from ..errors import UserError
from ..ports import UnitOfWork
from ..router import Context, Router
from ..topics.model import PERSON
from ..wording import bulletins as say
from . import render
from .find import find, one_id
from .model import Bulletin, Status
from .sending import topic_names

router = Router("bulletins.read")
GONE_OUT = (Status.SENDING, Status.STOPPED)


@router.command("bulletin", "read", usage=say.READ_USAGE, summary=say.READ_SUMMARY)
async def read(ctx: Context) -> Reply:
    value = one_id(ctx, say.READ_USAGE)
    refused = UserError(say.READ_NONE.format(id=value[:20]))   # never "no such bulletin"
    async with ctx.services.uow(read_only=True) as uow:
        try:
            bulletin = await find(ctx, uow, value)
        except UserError:
            raise refused from None
        if not await _may_read(ctx, uow, bulletin):
            raise refused
        message = render.message(bulletin.draft, await topic_names(uow, bulletin),
                                 private=True)
    return Reply(messages=(message,))


async def _may_read(ctx: Context, uow: UnitOfWork, bulletin: Bulletin) -> bool:
    if bulletin.status not in GONE_OUT or bulletin.started_at is None:   # (find: same workspace)
        return False
    if ctx.is_librarian or bulletin.draft.everyone:
        return True
    if bulletin.draft.subscribers:
        following = {t.id for t in await uow.topics.subscriptions(PERSON, ctx.actor.key)}
        if following & set(bulletin.draft.topic_ids):
            return True
    held = await uow.topics.digest_items(ctx.actor.key)
    return any(i["source"] == "bulletin" and i["ref"] == str(bulletin.id) for i in held)
