"""What the preview's buttons do, and managing bulletins: send now (asking first when it
goes to everyone), schedule, cancel, stop one that is sending, and the list."""
from __future__ import annotations

from ..cards import Button, Card, Reply, Section
from ..errors import UserError
from ..router import Context, Router
from ..wording import bulletins as say
from . import render
from .find import find, one_id, state_word
from .model import Status
from .sending import SEND_JOB, audience, queue_rest, schedule, start

router = Router("bulletins.actions")


def _changeable(bulletin) -> None:
    if not bulletin.status.changeable:
        raise UserError(say.NOT_CHANGEABLE.format(id=bulletin.id, status=state_word(bulletin)))


def _confirm(bulletin, n: int, action: str, label: str) -> Reply:
    text = say.CONFIRM_EVERYONE.format(n=n)
    return Reply.say(text, Card(sections=(Section(text),), buttons=(
        Button(label.format(n=n), action, str(bulletin.id), "danger"),
        Button(say.EDIT, "bulletins.edit", str(bulletin.id)),
        Button(say.CANCEL, "bulletins.cancel", str(bulletin.id)))))


async def _send(ctx: Context, confirmed: bool) -> Reply:
    services = ctx.services
    async with services.uow(read_only=True) as uow:     # the audience, outside the lock
        bulletin = await find(ctx, uow, ctx.value)
        _changeable(bulletin)
        who = await audience(uow, bulletin)
    if bulletin.draft.everyone and not confirmed:
        return _confirm(bulletin, len(who.people), "bulletins.send_everyone", say.CONFIRM_SEND)
    async with services.uow() as uow:
        current = await find(ctx, uow, ctx.value, for_update=True)
        _changeable(current)
        who = await start(services, uow, current, who if current == bulletin else None)
    services.on_queued()
    await queue_rest(services, bulletin.id, who)
    digests = say.SENDING_DIGESTS.format(n=len(who.digests)) if who.digests else ""
    recipients = "recipient" if who.size == 1 else "recipients"
    return Reply.say(say.SENDING.format(id=bulletin.id, n=who.size, recipients=recipients,
                                        digests=digests))


@router.action("bulletins.send", librarian=True)
async def send(ctx: Context) -> Reply:
    return await _send(ctx, False)


@router.action("bulletins.send_everyone", librarian=True)
async def send_everyone(ctx: Context) -> Reply:
    return await _send(ctx, True)


async def _schedule(ctx: Context, confirmed: bool) -> Reply:
    services = ctx.services
    async with services.uow() as uow:
        bulletin = await find(ctx, uow, ctx.value, for_update=True)
        _changeable(bulletin)
        when = bulletin.draft.send_at
        if when is None:
            raise UserError(say.NO_TIME)
        if when <= services.now():
            raise UserError(say.IN_THE_PAST.format(
                when=render.when(when, bulletin.draft.timezone)))
        if bulletin.draft.everyone and not confirmed:
            who = await audience(uow, bulletin)
            return _confirm(bulletin, len(who.people), "bulletins.schedule_everyone",
                            say.CONFIRM_SCHEDULE)
        await schedule(services, uow, bulletin)
    if services.scheduler is not None:
        ctx.after_commit(services.scheduler.wake)
    return Reply.say(say.SCHEDULED.format(id=bulletin.id,
                                          when=render.when(when, bulletin.draft.timezone)))


@router.action("bulletins.schedule", librarian=True)
async def schedule_button(ctx: Context) -> Reply:
    return await _schedule(ctx, False)


@router.action("bulletins.schedule_everyone", librarian=True)
async def schedule_everyone(ctx: Context) -> Reply:
    return await _schedule(ctx, True)


async def _cancel(ctx: Context, value: str) -> Reply:
    async with ctx.services.uow() as uow:
        bulletin = await find(ctx, uow, value, for_update=True)
        if bulletin.status is Status.CANCELLED:
            return Reply.say(say.ALREADY.format(id=bulletin.id, status=state_word(bulletin)))
        _changeable(bulletin)
        await uow.jobs.unschedule(SEND_JOB, str(bulletin.id))
        await uow.bulletins.set_status(bulletin.id, Status.CANCELLED, ctx.services.now())
    return Reply.say(say.CANCELLED.format(id=bulletin.id))


@router.command("bulletin", "cancel", usage=say.CANCEL_USAGE, summary=say.CANCEL_SUMMARY,
                librarian=True)
async def cancel_command(ctx: Context) -> Reply:
    return await _cancel(ctx, one_id(ctx, say.CANCEL_USAGE))


@router.action("bulletins.cancel", librarian=True)
async def cancel_button(ctx: Context) -> Reply:
    return await _cancel(ctx, ctx.value)


@router.command("bulletin", "stop", usage=say.STOP_USAGE, summary=say.STOP_SUMMARY,
                librarian=True)
async def stop(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        bulletin = await find(ctx, uow, one_id(ctx, say.STOP_USAGE), for_update=True)
        if bulletin.status is not Status.SENDING:
            raise UserError(say.NOT_SENDING.format(id=bulletin.id, status=state_word(bulletin)))
        stopped = await uow.outbox.stop_tag(bulletin.tag)
        stopped += await uow.topics.drop_digest("bulletin", str(bulletin.id))
        await uow.bulletins.set_status(bulletin.id, Status.STOPPED, ctx.services.now())
    return Reply.say(say.STOPPED.format(id=bulletin.id, n=stopped))


async def _open(uow, tag: str) -> int:
    counts = await uow.outbox.tag_counts(tag)
    return counts.get("queued", 0) + counts.get("retrying", 0)


@router.command("bulletin", "list", usage=say.LIST_USAGE, summary=say.LIST_SUMMARY,
                librarian=True)
async def list_bulletins(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        found = await uow.bulletins.in_workspace(ctx.actor.workspace_key)
        finished = {b.id for b in found if b.status is Status.SENDING
                    and not await _open(uow, b.tag)}
    if not found:
        return Reply.say(say.LIST_EMPTY)
    lines = []
    for b in found:
        tz = b.draft.timezone
        state = (say.STATE_SCHEDULED.format(when=render.when(b.draft.send_at, tz))
                 if b.status is Status.SCHEDULED else
                 say.STATE_SENT.format(when=render.when(b.started_at, tz))
                 if b.id in finished else
                 say.STATE_SENDING.format(when=render.when(b.started_at, tz))
                 if b.status is Status.SENDING else state_word(b))
        lines.append(say.LIST_LINE.format(id=b.id, title=b.title, state=state))
    text = "\n".join(lines)
    return Reply.say(text, Card(title=say.LIST_TITLE, sections=(Section(text),)))
