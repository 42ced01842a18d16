"""``/kmbot deliveries``: librarians see how sending is going and what failed, and why."""
from __future__ import annotations

from . import wording
from .cards import Card, Field, Reply, Section
from .mentions import channel, mention
from .outbox import OutboxStatus
from .router import Context, Router

SHOW_FAILURES = 10

router = Router("kmbot.deliveries")


@router.command("kmbot", "deliveries", usage="/kmbot deliveries",
                summary=wording.DELIVERIES_SUMMARY, librarian=True)
async def deliveries(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        counts = await uow.outbox.counts()
        mine = await uow.outbox.latest_failures(ctx.actor.platform, ctx.actor.workspace,
                                                SHOW_FAILURES)
    figures = {status.value: counts.get(status.value, 0) for status in OutboxStatus}
    text = wording.DELIVERIES_TEXT.format(**figures)
    lines = [wording.DELIVERY_FAILED_LINE.format(
        to=_recipient(item.destination), reason=item.last_error or "?",
        when=f"{item.created_at:%d %b %H:%M}" if item.created_at else "")
        for item in mine]
    sections = [Section(fields=tuple(Field(wording.DELIVERY_STATUS_LABELS.get(s, s), str(n)) for s, n in figures.items()))]
    if lines:
        text += "\n" + wording.DELIVERIES_FAILURES + "\n" + "\n".join(lines)
        sections.append(Section(wording.DELIVERIES_FAILURES + "\n" + "\n".join(lines)))
    return Reply.say(text, Card(title=wording.DELIVERIES_TITLE, sections=tuple(sections)))


def _recipient(destination) -> str:
    if destination.kind == "channel":
        return channel(destination.ids[0])
    return ", ".join(mention(uid) for uid in destination.ids)
