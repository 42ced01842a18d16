"""Putting up a wall (inline options or the form), and what its creator and librarians do
with it: list, close early, reopen, reword the question, hide an idea."""
from __future__ import annotations

from ..cards import Card, Choice, Form, FormInput, Reply, Section
from ..errors import FormInvalid, UserError
from ..router import Context, Router
from ..vocabulary import PlaceKind
from ..wording import walls as say
from . import anonymity, render
from .board import (card_message, destination, find, find_idea, refresh_card,
                    refresh_idea, require_moderator)
from .closing import close, reopen, schedule_close
from .model import MAX_QUESTION, MAX_REASON, Anonymity, Kind, Wall, WallSettings
from .options import read_wall, split_options

router = Router("walls.walls")


def wall_form(channel: str = "") -> Form:
    return Form(form_id="walls.new", title=say.FORM_TITLE, submit_label=say.CREATE,
                context=channel, inputs=(
                    FormInput("question", say.LABEL_QUESTION, "multiline", True,
                              max_length=MAX_QUESTION),
                    FormInput("anonymous", say.LABEL_ANONYMITY, "select", True,
                              tuple(Choice(a.value, say_anon) for a, say_anon in (
                                  (Anonymity.ALLOWED, say.ANON_ALLOWED),
                                  (Anonymity.REQUIRED, say.ANON_REQUIRED),
                                  (Anonymity.OFF, say.ANON_OFF))), Anonymity.ALLOWED.value),
                    FormInput("closes", say.LABEL_CLOSES, placeholder="2026-12-20T17:00",
                              max_length=40),
                    FormInput("hidden", say.LABEL_HIDDEN, "select", True,
                              (Choice("no", say.NO), Choice("yes", say.YES)), "no"),
                    FormInput("limit", say.LABEL_LIMIT, "number", max_length=3)))


def channel_of(ctx: Context, what: str = "wall") -> str:
    if ctx.place.kind not in (PlaceKind.CHANNEL, PlaceKind.THREAD) or not ctx.place.id:
        raise UserError(say.CHANNEL_ONLY.format(what=what))
    return ctx.place.id


async def put_up(ctx: Context, kind: Kind, channel: str, settings: WallSettings) -> Wall:
    """Store the wall, post its card, schedule its closing: one transaction."""
    if settings.anonymity is not Anonymity.OFF:
        anonymity.require(ctx.services)
    services = ctx.services
    async with services.uow() as uow:
        wall = await uow.walls.add(ctx.actor.workspace_key, kind, channel, ctx.actor.key,
                                   settings, services.now())
        [card_id] = await services.post(uow, destination(wall),
                                        await card_message(services, uow, wall),
                                        dedup_key=f"walls:{wall.id}:card", tag=wall.tag)
        await uow.walls.set_card(wall.id, card_id)
        await schedule_close(services, uow, wall)
        return await uow.walls.get(wall.id)


def _created(wall: Wall) -> Reply:
    return Reply.say((say.CREATED_HIDDEN if wall.settings.hidden else say.CREATED)
                     .format(id=wall.id))


@router.command("wall", "", usage=say.NEW_USAGE, summary=say.NEW_SUMMARY, catch_all=True)
async def new_wall(ctx: Context) -> Reply:
    channel = channel_of(ctx)
    if not ctx.args:
        return Reply(messages=Reply.say(say.FORM_OPENED).messages, open_form=wall_form(channel))
    words, named = split_options(ctx.args)
    quoted = ctx.text.lstrip()[:1] in "\"'“‘"
    if len(words) > 1 and quoted:
        raise UserError(say.UNKNOWN_OPTION.format(name=words[1]), say.NEW_USAGE)
    if len(words) == 1 and not quoted and not named:     # a mistyped command, most likely
        raise UserError(say.QUESTION_NEEDED.format(usage=say.NEW_USAGE))
    question = " ".join(words)
    try:
        settings = read_wall(question, named, ctx.services.config.default_timezone,
                             ctx.services.now())
    except FormInvalid as invalid:
        raise UserError(" ".join(invalid.errors.values()), say.NEW_USAGE) from None
    return _created(await put_up(ctx, Kind.WALL, channel, settings))


@router.form("walls.new", definition=wall_form)
async def wall_submitted(ctx: Context) -> Reply:
    channel = ctx.form_context.strip()
    if not channel:
        raise UserError(say.CHANNEL_ONLY.format(what="wall"))
    values = dict(ctx.values)
    settings = read_wall(values.pop("question", ""), values,
                         ctx.services.config.default_timezone, ctx.services.now())
    return _created(await put_up(ctx, Kind.WALL, channel, settings))


def _one_id(ctx: Context, usage: str) -> str:
    if not ctx.args:
        raise UserError(say.WHICH_WALL.format(usage=usage))
    return ctx.args[0]


@router.command("wall", "list", usage=say.LIST_USAGE, summary=say.LIST_SUMMARY)
async def list_walls(ctx: Context) -> Reply:
    tz = ctx.services.config.default_timezone
    async with ctx.services.uow(read_only=True) as uow:
        walls = await uow.walls.in_workspace(ctx.actor.workspace_key)
    if not walls:
        return Reply.say(say.LIST_EMPTY)
    lines = []
    for wall in walls[-30:]:
        state = (say.STATE_CLOSED.format(when=render.when(wall.closed_at, tz))
                 if not wall.is_open else
                 say.STATE_CLOSES.format(when=render.when(wall.settings.closes_at, tz))
                 if wall.settings.closes_at else say.STATE_OPEN)
        lines.append(say.LIST_LINE.format(what=render.kind_word(wall), id=wall.id,
                                          question=wall.question, channel=wall.channel,
                                          state=state))
    return Reply.say("\n".join(lines), Card(title=say.LIST_TITLE,
                                            sections=tuple(Section(x) for x in lines)))


async def _close(ctx: Context, value: str) -> Reply:
    async with ctx.services.uow() as uow:
        wall = await find(ctx, uow, value, for_update=True)
        require_moderator(ctx, wall)
        if not wall.is_open:
            return Reply.say(say.ALREADY_CLOSED.format(what=render.kind_word(wall), id=wall.id))
        await close(ctx.services, uow, wall)
    return Reply.say(say.CLOSED.format(what=render.kind_word(wall), id=wall.id))


@router.command("wall", "close", usage=say.CLOSE_USAGE, summary=say.CLOSE_SUMMARY)
async def close_command(ctx: Context) -> Reply:
    return await _close(ctx, _one_id(ctx, say.CLOSE_USAGE))


@router.action("walls.close")
async def close_button(ctx: Context) -> Reply:
    return await _close(ctx, ctx.value)


@router.command("wall", "reopen", usage=say.REOPEN_USAGE, summary=say.REOPEN_SUMMARY)
async def reopen_command(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        wall = await find(ctx, uow, _one_id(ctx, say.REOPEN_USAGE), for_update=True)
        require_moderator(ctx, wall)
        if wall.is_open:
            return Reply.say(say.NOT_CLOSED.format(what=render.kind_word(wall), id=wall.id))
        await reopen(ctx.services, uow, wall)
    return Reply.say(say.REOPENED.format(what=render.kind_word(wall), id=wall.id))


@router.command("wall", "question", usage=say.QUESTION_USAGE, summary=say.QUESTION_SUMMARY)
async def reword(ctx: Context) -> Reply:
    value = _one_id(ctx, say.QUESTION_USAGE)
    question = " ".join(" ".join(ctx.args[1:]).split())
    if not question:
        raise UserError(say.QUESTION_NEEDED.format(usage=say.QUESTION_USAGE))
    if len(question) > MAX_QUESTION:
        raise UserError(say.QUESTION_TOO_LONG.format(n=len(question), limit=MAX_QUESTION))
    async with ctx.services.uow() as uow:
        wall = await find(ctx, uow, value, for_update=True)
        require_moderator(ctx, wall)
        await uow.walls.set_question(wall.id, question)
        await refresh_card(ctx.services, uow, await uow.walls.get(wall.id))
    return Reply.say(say.QUESTION_CHANGED.format(question=question))


@router.command("wall", "hide", usage=say.HIDE_USAGE, summary=say.HIDE_SUMMARY)
async def hide(ctx: Context) -> Reply:
    value = _one_id(ctx, say.HIDE_USAGE)
    reason = " ".join(" ".join(ctx.args[1:]).split())
    if not reason:
        raise UserError(say.HIDE_REASON_NEEDED.format(usage=say.HIDE_USAGE))
    if len(reason) > MAX_REASON:
        raise UserError(say.COMMENT_TOO_LONG.format(n=len(reason), limit=MAX_REASON))
    async with ctx.services.uow() as uow:
        wall, idea = await find_idea(ctx, uow, value, for_update=True)
        require_moderator(ctx, wall)
        await uow.walls.hide_idea(idea.id, ctx.actor.key, reason)
        await refresh_idea(ctx.services, uow, wall, idea.id)
        await refresh_card(ctx.services, uow, wall)
    return Reply.say(say.HIDDEN.format(id=idea.id))
