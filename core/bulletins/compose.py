"""Composing (librarians): ``/bulletin`` opens the form; its submission is checked, stored
as a draft and shown back privately exactly as recipients will see it, with Send, Schedule,
Edit and Cancel. ``/bulletin edit <id>`` and the Edit button open it again, filled in."""
from __future__ import annotations

from ..cards import Button, Card, Message, Reply, Section
from ..errors import UserError
from ..router import Context, Router
from ..vocabulary import PlaceKind
from ..wording import bulletins as say
from . import render
from .find import find, one_id, state_word
from .form import FORM_ID, compose_form, read_draft, values_of
from .model import Bulletin, Status
from .sending import SEND_JOB, audience, schedule, topic_names

router = Router("bulletins.compose")


def _here(ctx: Context) -> str:
    return ctx.place.id if ctx.place.kind in (PlaceKind.CHANNEL, PlaceKind.THREAD) else ""


def _context(bulletin_id: int | None, here: str, name: str = "") -> str:
    """What the form carries back: the bulletin being edited, and the channel it was opened
    in (its id and name), which may be named under Channels."""
    return f"{bulletin_id or ''}|{here}|{name.replace('|', '')[:80] if here else ''}"


@router.command("bulletin", "", usage=say.NEW_USAGE, summary=say.NEW_SUMMARY, librarian=True)
async def new(ctx: Context) -> Reply:
    return Reply(messages=Reply.say(say.FORM_OPENED).messages,
                 open_form=compose_form(context=_context(None, _here(ctx), ctx.place.name)))


async def preview(ctx: Context, uow, bulletin: Bulletin, lead: str = "") -> Reply:
    """The bulletin as recipients see it, privately, then what will happen and the buttons."""
    names = await topic_names(uow, bulletin)
    who = await audience(uow, bulletin)
    people = say.PERSON if len(who.people) + len(who.digests) == 1 else say.PEOPLE.format(
        n=len(who.people) + len(who.digests))
    channels = say.CHANNEL if len(who.channels) == 1 else say.CHANNELS.format(
        n=len(who.channels))
    digests = say.DIGESTS.format(n=len(who.digests)) if who.digests else ""
    when = (say.WHEN_AT.format(when=render.when(bulletin.draft.send_at, bulletin.draft.timezone))
            if bulletin.draft.send_at else say.WHEN_NOW)
    text = say.PREVIEW_LEAD.format(id=bulletin.id, audience=say.AUDIENCE.format(
        people=people, channels=channels, digests=digests), when=when)
    if who.size + len(who.digests) == 0:
        text += "\n" + say.NO_ONE
    if lead:
        text = f"{lead}\n{text}"
    value = str(bulletin.id)
    buttons = (Button(say.SEND, "bulletins.send", value, "primary"),
               Button(say.SCHEDULE, "bulletins.schedule", value),
               Button(say.EDIT, "bulletins.edit", value),
               Button(say.CANCEL, "bulletins.cancel", value, "danger"))
    controls = Message(text=text, card=Card(sections=(Section(text),), buttons=buttons),
                       private=True)
    return Reply(messages=(render.message(bulletin.draft, names, private=True), controls))


@router.form(FORM_ID, definition=compose_form, librarian=True)
async def submitted(ctx: Context) -> Reply:
    bulletin_id, here, here_name = (ctx.form_context.split("|", 2) + ["", ""])[:3]
    async with ctx.services.uow() as uow:
        draft = await read_draft(ctx, uow, ctx.values, here, here_name)
        if bulletin_id:
            bulletin = await find(ctx, uow, bulletin_id, for_update=True)
            if not bulletin.status.changeable:
                raise UserError(say.NOT_CHANGEABLE.format(id=bulletin.id,
                                                          status=state_word(bulletin)))
            await uow.bulletins.update(bulletin.id, draft)
            lead = ""
            if bulletin.status is Status.SCHEDULED:
                confirmed = bulletin.draft.everyone or not draft.everyone
                bulletin = await uow.bulletins.get(bulletin.id)
                if draft.send_at is not None and confirmed:   # still scheduled, (new) time
                    await schedule(ctx.services, uow, bulletin)
                    lead = say.STILL_SCHEDULED.format(
                        when=render.when(draft.send_at, draft.timezone))
                else:          # "now", or newly to everyone: a draft again, until pressed
                    await uow.jobs.unschedule(SEND_JOB, str(bulletin.id))
                    await uow.bulletins.set_status(bulletin.id, Status.DRAFT,
                                                   ctx.services.now())
                    lead = say.BACK_TO_DRAFT if draft.send_at is None else say.CONFIRM_AGAIN
            bulletin = await uow.bulletins.get(bulletin.id)
            return await preview(ctx, uow, bulletin, lead)
        else:
            bulletin = await uow.bulletins.add(ctx.actor.workspace_key, ctx.actor.key, draft,
                                               ctx.services.now())
        return await preview(ctx, uow, bulletin)


async def _edit(ctx: Context, value: str) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        bulletin = await find(ctx, uow, value)
        if not bulletin.status.changeable:
            raise UserError(say.NOT_CHANGEABLE.format(id=bulletin.id,
                                                      status=state_word(bulletin)))
        names = await topic_names(uow, bulletin)
        channel_names = await uow.topics.channels(ctx.actor.workspace_key)
    here = next((c for c in bulletin.draft.channels if c not in channel_names), _here(ctx))
    form = compose_form(values_of(bulletin.draft, names, channel_names),
                        _context(bulletin.id, here))
    return Reply(open_form=type(form)(form_id=form.form_id,
                                      title=say.EDIT_TITLE.format(id=bulletin.id),
                                      inputs=form.inputs, submit_label=form.submit_label,
                                      context=form.context))


@router.command("bulletin", "edit", usage=say.EDIT_USAGE, summary=say.EDIT_SUMMARY,
                librarian=True)
async def edit_command(ctx: Context) -> Reply:
    return await _edit(ctx, one_id(ctx, say.EDIT_USAGE))


@router.action("bulletins.edit", librarian=True)
async def edit_button(ctx: Context) -> Reply:
    return await _edit(ctx, ctx.value)


@router.command("bulletin", "preview", usage=say.PREVIEW_USAGE, summary=say.PREVIEW_SUMMARY,
                librarian=True)
async def preview_command(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        bulletin = await find(ctx, uow, one_id(ctx, say.PREVIEW_USAGE))
        return await preview(ctx, uow, bulletin)
