"""Finding lessons: ``/lessons <query>`` (first page of five, best first, with a highlighted
snippet and a "More" button), and on each lesson "Share to channel" and "Was this useful?".

Any text is a valid query (``core.lessons.query`` never fails). ``by:@person`` is resolved
to a person here; a name nobody has matches nothing.
"""
from __future__ import annotations

from dataclasses import replace

from ..cards import Button, Message, Reply
from ..errors import UserError
from ..mentions import plain
from ..ports import UnitOfWork
from ..router import Context, Router
from ..vocabulary import Destination
from ..wording import lessons as say
from .access import in_channel, lesson_number, may_change, members, viewer, visible_lesson
from .model import Lesson, Visibility
from .query import LessonQuery, parse_query
from .show import lesson_message, names

router = Router("lessons.search")
MAX_QUERY_IN_BUTTON = 1500


def useful_buttons(lesson: Lesson, source: str, channel: str = "") -> tuple[Button, ...]:
    """"Was this useful?", and "Share to channel" when searched in ``channel``."""
    buttons = (Button(say.USEFUL, "lessons.useful", f"{lesson.id}:{source}"),)
    if channel:
        buttons += (Button(say.SHARE_TO_CHANNEL, "lessons.share_here",
                           f"{lesson.id}|{channel}"),)
    return buttons


async def resolve_authors(ctx: Context, uow: UnitOfWork, query: LessonQuery) -> LessonQuery:
    if not query.by:
        return query
    keys: list[str] = []
    for who in query.by:            # a mentioned user id, or a name as typed
        key = f"{ctx.actor.workspace_key}:{who}"
        if await uow.people.get(key):
            keys.append(key)
        else:
            keys += [p.key for p in await uow.people.find_by_name(ctx.actor.workspace_key, who,
                                                               first_name=True)]
    return query.with_authors(keys) if keys else query


async def results(ctx: Context, text: str, page: int) -> Reply:
    query = parse_query(text)
    shown_query = plain(text)[:200]
    if query.is_empty:
        raise UserError(say.SEARCH_EMPTY)
    async with ctx.services.uow(read_only=True) as uow:
        query = await resolve_authors(ctx, uow, query)
        found = await uow.lessons.search(query, await viewer(ctx, uow), page=page)
        who = await names(uow, [h.lesson.author_key for h in found.hits]
                          + [p for h in found.hits for p in h.lesson.people])
    note = (" " + say.IGNORED_FILTERS.format(filters=", ".join(query.ignored))
            if query.ignored else "")
    if not found.hits:
        return Reply.say(say.NO_RESULTS.format(query=shown_query) + say.NO_RESULTS_TIP + note)
    first = (page - 1) * found.page_size + 1
    heading = (say.RESULTS if found.total_exact else say.RESULTS_MANY).format(
        first=first, last=first + len(found.hits) - 1, total=found.total, query=shown_query)
    share = ctx.place.id if in_channel(ctx) else ""
    messages = [Message(heading + note, private=True)]
    messages += [lesson_message(hit.lesson, who, useful_buttons(hit.lesson, "search", share),
                                snippet=hit.snippet) for hit in found.hits]
    if found.has_more:
        more = Button(say.MORE, "lessons.more", f"{page + 1}|{text[:MAX_QUERY_IN_BUTTON]}")
        last = messages[-1]
        messages[-1] = replace(last, card=replace(last.card,
                                                  buttons=last.card.buttons + (more,)))
    return Reply(messages=tuple(messages))


@router.command("lessons", "", usage=say.SEARCH_USAGE, summary=say.SEARCH_SUMMARY)
async def search_empty(ctx: Context) -> Reply:
    raise UserError(say.SEARCH_EMPTY)


@router.command("lessons", "*", usage=say.SEARCH_USAGE, summary=say.SEARCH_SUMMARY,
                hidden=True)
async def search(ctx: Context) -> Reply:
    return await results(ctx, ctx.text, 1)


@router.action("lessons.more")
async def more(ctx: Context) -> Reply:
    page, _, text = ctx.value.partition("|")
    return await results(ctx, text, int(page) if page.isdigit() and len(page) < 6 else 1)


@router.action("lessons.useful")
async def useful(ctx: Context) -> Reply:
    number, _, source = ctx.value.partition(":")
    lesson_id = lesson_number(number)
    source = source if source in ("search", "bar") else "search"
    async with ctx.services.uow() as uow:
        await visible_lesson(ctx, uow, lesson_id)
        new = await uow.lessons.mark_useful(lesson_id, ctx.actor.key, source,
                                            ctx.services.now())
    return Reply.say(say.USEFUL_THANKS if new else say.USEFUL_AGAIN.format(id=lesson_id))


async def post_here(ctx: Context, uow: UnitOfWork, lesson: Lesson, channel: str = "") -> Reply:
    """Post a lesson in the channel where the button was pressed (or the search was made,
    when the person is a member of it), when everyone there may see it (a team-only lesson
    only in its own channel)."""
    if in_channel(ctx):
        channel = ctx.place.id
    elif not channel or ctx.actor.key not in await members(ctx, channel):
        raise UserError(say.SHARE_NEEDS_CHANNEL)
    if lesson.visibility is Visibility.PRIVATE or (
            lesson.visibility is Visibility.TEAM and lesson.audience != channel):
        raise UserError(say.SHARE_TEAM_ONLY.format(id=lesson.id))
    who = await names(uow, [ctx.actor.key, lesson.author_key, *lesson.people])
    destination = Destination.channel(ctx.actor.platform, ctx.actor.workspace, channel)
    await ctx.services.post(uow, destination, lesson_message(
        lesson, who, useful_buttons(lesson, "search"), private=False,
        intro=say.SHARED_BY.format(who=who[ctx.actor.key])))
    ctx.after_commit(ctx.services.on_queued)
    return Reply.say(say.SHARED_HERE.format(id=lesson.id))


@router.action("lessons.share_here")
async def share_here(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        number, _, channel = ctx.value.partition("|")
        lesson = await visible_lesson(ctx, uow, lesson_number(number))
        return await post_here(ctx, uow, lesson, channel[:255])


@router.action("lessons.share")
async def share(ctx: Context) -> Reply:
    """The confirmation's "Share": a private lesson becomes the organisation's; one captured
    in a channel is posted there."""
    lesson_id = lesson_number(ctx.value)
    async with ctx.services.uow() as uow:
        lesson = await visible_lesson(ctx, uow, lesson_id)
        if lesson.visibility is Visibility.PRIVATE:
            if not may_change(ctx, lesson):
                raise UserError(say.NOT_YOURS.format(id=lesson_id))
            await uow.lessons.update(replace(lesson, visibility=Visibility.ORGANISATION),
                                     ctx.actor.key, ctx.services.now())
            return Reply.say(say.SHARED.format(id=lesson_id))
        if in_channel(ctx):
            return await post_here(ctx, uow, lesson)
    return Reply.say(say.ALREADY_SHARED.format(id=lesson_id))
