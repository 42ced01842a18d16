"""Who is looking, and what they may do: the viewer for the visibility rule (with the
channels and teams they belong to, as the platform reports, cached briefly) and who may
change a lesson.

A team-only lesson belongs to the channel (or team) it was captured in, its ``audience``.
The platforms say who is in a channel, not which channels a person is in, so the viewer's
teams are worked out from the audiences that team-only lessons have: at most a handful of
membership look-ups, each cached for ``MEMBERS_TTL``.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from ..errors import UserError
from ..ports import UnitOfWork
from ..router import Context
from ..vocabulary import Destination, PlaceKind
from ..wording import lessons as say
from .model import Lesson, Viewer

MEMBERS_TTL = timedelta(seconds=60)
_cache: "WeakKeyDictionary[object, dict[tuple[str, str, str], tuple[datetime, frozenset]]]" = (
    WeakKeyDictionary())


async def members(ctx: Context, channel_id: str) -> frozenset[str]:
    """Person keys of who is in ``channel_id`` (as the platform says), cached briefly."""
    services, actor = ctx.services, ctx.actor
    cache = _cache.setdefault(services.channels, {})
    key = (actor.platform, actor.workspace, channel_id)
    now = services.now()
    hit = cache.get(key)
    if hit and hit[0] > now:
        return hit[1]
    keys = frozenset(await services.channels.members(
        Destination.channel(actor.platform, actor.workspace, channel_id)))
    cache[key] = (now + MEMBERS_TTL, keys)
    return keys


async def viewer(ctx: Context, uow: UnitOfWork) -> Viewer:
    """The person acting, with the teams (channels) they are a member of."""
    teams = set()
    if not ctx.is_librarian:
        for audience in await uow.lessons.audiences(ctx.actor.workspace_key):
            if ctx.actor.key in await members(ctx, audience):
                teams.add(audience)
    return Viewer(ctx.actor.key, ctx.actor.workspace_key, frozenset(teams), ctx.is_librarian)


def in_channel(ctx: Context) -> bool:
    return ctx.place.kind in (PlaceKind.CHANNEL, PlaceKind.THREAD) and bool(ctx.place.id)


def may_change(ctx: Context, lesson: Lesson) -> bool:
    return ctx.is_librarian or (lesson.author_key is not None
                                and lesson.author_key == ctx.actor.key)


def lesson_number(text: str) -> int:
    text = (text or "").strip().lstrip("#")
    if not text.isdigit() or len(text) > 9:
        raise UserError(say.NOT_A_NUMBER.format(text=text[:40]))
    return int(text)


async def visible_lesson(ctx: Context, uow: UnitOfWork, lesson_id: int) -> Lesson:
    """The lesson if the person may see it; otherwise a message (the same whether it does
    not exist or is hidden from them, so its existence does not leak)."""
    lesson = await uow.lessons.get(lesson_id, await viewer(ctx, uow))
    if lesson is None:
        raise UserError(say.NO_SUCH_LESSON.format(id=lesson_id))
    return lesson
