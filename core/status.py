"""``/kmbot status``: the operational figures, for librarians only (``/healthz`` shows none).

Which platforms are connected, whether the scheduler is on, and the outbox by status.
"""
from __future__ import annotations

from . import wording
from .cards import Card, Field, Reply, Section
from .outbox import OutboxStatus
from .router import Context, Router

router = Router("kmbot.status")


@router.command("kmbot", "status", usage="/kmbot status", summary=wording.STATUS_SUMMARY,
                librarian=True)
async def status(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        counts = await uow.outbox.counts()
    figures = {s.value: counts.get(s.value, 0) for s in OutboxStatus}
    platforms = ", ".join(ctx.services.channels.platforms) or wording.STATUS_NONE
    scheduler = wording.STATUS_ON if ctx.services.scheduler else wording.STATUS_OFF
    text = wording.STATUS_TEXT.format(platforms=platforms, scheduler=scheduler,
                                      outbox=wording.DELIVERIES_TEXT.format(**figures))
    fields = (Field(wording.STATUS_PLATFORMS, platforms), Field(wording.STATUS_SCHEDULER, scheduler),
              *(Field(s.capitalize(), f"{n:,}") for s, n in figures.items()))
    return Reply.say(text, Card(title=wording.STATUS_TITLE, sections=(Section(fields=fields),)))
