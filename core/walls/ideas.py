"""Adding ideas (the form, with "post anonymously" when allowed, or a plain reply in the
wall's thread), +1 votes, comments, and an author editing or deleting their own idea.

Everything here that may be anonymous is routed ``discreet`` (the kernel records nobody and
names nobody in its logs); a named act records the person itself (:func:`record_named`).
"""
from __future__ import annotations

from datetime import timedelta

from ..cards import Button, Card, Choice, Form, FormInput, Message, Reply, Section
from ..errors import UserError
from ..numbers import record_id
from ..router import Context, Router
from ..wording import walls as say
from .anonymity import me, record_named
from .board import find, find_idea, post_idea, refresh_card, refresh_idea, require_open
from . import votes
from .mine import added_hidden
from .model import MAX_COMMENT, MAX_IDEA, RATE_SECONDS, Anonymity, Kind, Wall

router = Router("walls.ideas")


def idea_form(wall: Wall | None = None) -> Form:
    anon = wall is None or wall.settings.anonymity is Anonymity.ALLOWED
    inputs = (FormInput("idea", say.LABEL_IDEA, "multiline", True, max_length=MAX_IDEA),)
    if anon:
        inputs += (FormInput("anonymous", say.LABEL_POST_ANON, "select", False,
                             (Choice("no", say.NO), Choice("yes", say.YES)), "no"),)
    return Form(form_id="walls.idea", title=say.IDEA_FORM_TITLE, submit_label=say.POST_IDEA,
                context=str(wall.id) if wall else "", inputs=inputs)


def comment_form(wall: Wall | None = None, idea_id: int = 0) -> Form:
    anon = wall is None or wall.settings.anonymity is Anonymity.ALLOWED
    inputs = (FormInput("comment", say.LABEL_COMMENT, "multiline", True,
                        max_length=MAX_COMMENT),)
    if anon:
        inputs += (FormInput("anonymous", say.LABEL_POST_ANON, "select", False,
                             (Choice("no", say.NO), Choice("yes", say.YES)), "no"),)
    return Form(form_id="walls.comment", title=say.COMMENT_FORM_TITLE,
                submit_label=say.POST_IDEA, context=str(idea_id or ""), inputs=inputs)


def edit_form(idea_id: int = 0, text: str = "") -> Form:
    return Form(form_id="walls.edit", title=say.EDIT_FORM_TITLE, submit_label=say.POST_IDEA,
                context=str(idea_id or ""), inputs=(
                    FormInput("idea", say.LABEL_IDEA, "multiline", True, initial=text,
                              max_length=MAX_IDEA),))


def is_anonymous(wall: Wall, choice: str) -> bool:
    if wall.settings.anonymity is Anonymity.REQUIRED:
        return True
    return wall.settings.anonymity is Anonymity.ALLOWED and choice == "yes"


def _text(text: str, limit: int, empty: str, too_long: str) -> str:
    text = text.strip()
    if not text:
        raise UserError(empty)
    if len(text) > limit:
        raise UserError(too_long.format(n=f"{len(text):,}", limit=f"{limit:,}"))
    return text


async def add_idea(ctx: Context, wall_value: str, text: str, anonymous: bool) -> Reply:
    """The checks and the idea, card and thread post, in one transaction."""
    text = _text(text, MAX_IDEA, say.IDEA_EMPTY, say.IDEA_TOO_LONG)
    services = ctx.services
    now = services.now()
    async with services.uow() as uow:
        wall = await find(ctx, uow, wall_value, for_update=True)
        if wall.kind is not Kind.WALL:
            raise UserError(say.WALL_GONE)
        require_open(wall, services)
        mine = await uow.walls.ideas_by(wall.id, me(ctx, wall.id))
        if mine and now - max(i.created_at for i in mine) < timedelta(seconds=RATE_SECONDS):
            raise UserError(say.TOO_FAST.format(n=RATE_SECONDS))
        limit = wall.settings.per_person
        if limit and len(mine) >= limit:
            raise UserError(say.IDEA_LIMIT.format(n=f"{limit} idea" + ("s" if limit > 1 else "")))
        if not anonymous:
            await record_named(ctx, uow)
        idea = await uow.walls.add_idea(wall.id, None if anonymous else ctx.actor.key,
                                        me(ctx, wall.id), text, now)
        if not wall.settings.hidden:
            await post_idea(services, uow, wall, idea)
        await refresh_card(services, uow, wall)
    if wall.settings.hidden:
        return added_hidden(idea)
    return Reply.say(say.IDEA_ADDED_ANON if anonymous else say.IDEA_ADDED)


@router.action("walls.add", discreet=True)
async def add_button(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        wall = await find(ctx, uow, ctx.value)
    require_open(wall, ctx.services)
    return Reply(open_form=idea_form(wall))


@router.form("walls.idea", definition=idea_form, discreet=True)
async def idea_submitted(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        wall = await find(ctx, uow, ctx.form_context)
    return await add_idea(ctx, ctx.form_context, ctx.values.get("idea", ""),
                          is_anonymous(wall, ctx.values.get("anonymous", "")))


@router.thread("walls")
async def idea_in_thread(ctx: Context) -> Reply:
    """A plain reply in a wall's thread: a named idea, unless the wall says otherwise."""
    async with ctx.services.uow(read_only=True) as uow:
        wall = await find(ctx, uow, ctx.value)
    if wall.kind is not Kind.WALL or not wall.is_open:
        return Reply()                      # chatter under a poll or a closed wall
    if wall.settings.anonymity is Anonymity.REQUIRED:
        return Reply.say(say.ANON_REQUIRED_THREAD)
    if wall.settings.hidden:
        return Reply.say(say.HIDDEN_THREAD)
    return await add_idea(ctx, ctx.value, ctx.text, anonymous=False)


@router.action("walls.vote", discreet=True)
async def vote(ctx: Context) -> Reply:
    """The button says "wall:idea"; the press is checked and counted with the presses
    arriving meanwhile (see :mod:`.votes`)."""
    wall_value, _, idea_value = ctx.value.rpartition(":")
    wall_id, idea_id = record_id(wall_value), record_id(idea_value)
    if not wall_id:                        # a +1 posted before buttons named their wall
        async with ctx.services.uow(read_only=True) as uow:
            wall, idea = await find_idea(ctx, uow, ctx.value, comments=False)
        wall_id, idea_id = wall.id, idea.id
    if not idea_id:
        raise UserError(say.IDEA_GONE)
    counted = await votes.counter(ctx.services).press(
        wall_id, idea_id, me(ctx, wall_id), ctx.actor.workspace_key)
    return Reply.say(say.VOTED if counted else say.UNVOTED)


@router.action("walls.comment", discreet=True)
async def comment_button(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        wall, idea = await find_idea(ctx, uow, ctx.value)
    require_open(wall, ctx.services)
    return Reply(open_form=comment_form(wall, idea.id))


@router.form("walls.comment", definition=comment_form, discreet=True)
async def comment_submitted(ctx: Context) -> Reply:
    text = _text(ctx.values.get("comment", ""), MAX_COMMENT, say.COMMENT_EMPTY,
                 say.COMMENT_TOO_LONG)
    services = ctx.services
    async with services.uow() as uow:
        wall, idea = await find_idea(ctx, uow, ctx.form_context, for_update=True)
        require_open(wall, services)
        anonymous = is_anonymous(wall, ctx.values.get("anonymous", ""))
        if not anonymous:
            await record_named(ctx, uow)
        await uow.walls.add_comment(wall.id, idea.id, None if anonymous else ctx.actor.key,
                                    me(ctx, wall.id), text, services.now())
        await refresh_idea(services, uow, wall, idea.id)
        await refresh_card(services, uow, wall)
    return Reply.say(say.COMMENTED)


async def _own(ctx: Context, uow, value: str, for_update: bool = False):
    wall, idea = await find_idea(ctx, uow, value, for_update=for_update)
    if idea.author_hash != me(ctx, wall.id):
        raise UserError(say.NOT_YOURS)
    require_open(wall, ctx.services)
    return wall, idea


@router.action("walls.edit", discreet=True)
async def edit_button(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        _, idea = await _own(ctx, uow, ctx.value)
    return Reply(open_form=edit_form(idea.id, idea.text))


@router.form("walls.edit", definition=edit_form, discreet=True)
async def edit_submitted(ctx: Context) -> Reply:
    text = _text(ctx.values.get("idea", ""), MAX_IDEA, say.IDEA_EMPTY, say.IDEA_TOO_LONG)
    async with ctx.services.uow() as uow:
        wall, idea = await _own(ctx, uow, ctx.form_context, for_update=True)
        await uow.walls.edit_idea(idea.id, text, ctx.services.now())
        await refresh_idea(ctx.services, uow, wall, idea.id)
    return Reply.say(say.EDITED)


@router.action("walls.delete", discreet=True)
async def delete_button(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        _, idea = await _own(ctx, uow, ctx.value)
    text = say.CONFIRM_DELETE.format(text=idea.text[:80])
    return Reply.say(text, Card(sections=(Section(text),), buttons=(
        Button(say.YES_DELETE, "walls.delete_yes", str(idea.id), "danger"),)))


@router.action("walls.delete_yes", discreet=True)
async def delete_confirmed(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        wall, idea = await _own(ctx, uow, ctx.value, for_update=True)
        await uow.walls.delete_idea(idea.id)
        if idea.post_id is not None:
            await ctx.services.queue_edit(uow, idea.post_id, Message(say.IDEA_DELETED))
        await refresh_card(ctx.services, uow, wall)
    return Reply.say(say.DELETED)
