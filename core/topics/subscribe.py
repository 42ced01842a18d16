"""Following topics: ``/subscribe``, ``/unsubscribe`` and ``/subscriptions`` (with buttons),
for oneself, or (librarians, in the channel) for a channel. Never automatic."""
from __future__ import annotations

from ..cards import Button, Card, Reply, Section
from ..errors import UserError
from ..numbers import record_id
from ..router import Context, Router
from ..vocabulary import Destination, PlaceKind
from ..wording import topics as say
from .find import choices, describe, names, resolve
from .model import CHANNEL, PERSON, HowIHear
from .reach import can_post

router = Router("topics.subscribe")
router.group("subscribe", say.SUBSCRIBE_SUMMARY)
router.group("unsubscribe", say.UNSUBSCRIBE_SUMMARY)
router.group("subscriptions", say.SUBSCRIPTIONS_SUMMARY)


def _channel_words(ctx: Context) -> list[str] | None:
    """The topic words after ``channel``, or None when it is for the person themselves."""
    if ctx.args and ctx.args[0].lower() == "channel":
        return ctx.args[1:]
    return None


async def _check_channel(ctx: Context) -> str:
    if ctx.place.kind not in (PlaceKind.CHANNEL, PlaceKind.THREAD) or not ctx.place.id:
        raise UserError(say.CHANNEL_ONLY)
    if not ctx.is_librarian:
        raise UserError(say.CHANNEL_LIBRARIANS)
    if not await can_post(ctx.services, Destination.channel(
            ctx.actor.platform, ctx.actor.workspace, ctx.place.id)):
        raise UserError(say.CHANNEL_NOT_IN)
    return ctx.place.id


@router.command("subscribe", "", usage=say.SUBSCRIBE_USAGE, summary=say.SUBSCRIBE_SUMMARY,
                catch_all=True)
async def subscribe(ctx: Context) -> Reply:
    workspace = ctx.actor.workspace_key
    channel_words = _channel_words(ctx)
    words = ctx.args if channel_words is None else channel_words
    if not words:
        async with ctx.services.uow(read_only=True) as uow:
            return await subscriptions_card(ctx, uow, say.SUBSCRIBE_WHICH.format(
                choices=await choices(uow, workspace), usage=say.SUBSCRIBE_USAGE))
    channel = await _check_channel(ctx) if channel_words is not None else None
    now = ctx.services.now()
    async with ctx.services.uow() as uow:
        topics = await resolve(uow, workspace, words)
        kind, key = (CHANNEL, channel) if channel else (PERSON, ctx.actor.key)
        new = [t for t in topics if await uow.topics.subscribe(
            t.id, kind, key, workspace, ctx.actor.key, now, name=ctx.place.name if channel
            else "")]
        how = await uow.topics.how(ctx.actor.key) or _default(ctx)
    old = [t for t in topics if t not in new]
    if channel:
        lines = [say.CHANNEL_SUBSCRIBED.format(names=names(new))] if new else []
        lines += [say.CHANNEL_ALREADY.format(names=names(old))] if old else []
        return Reply.say("\n".join(lines))
    lines = [say.SUBSCRIBED.format(names=names(new), how=describe(how)) + " " + say.HOW_CHANGE
             ] if new else []
    lines += [say.ALREADY_SUBSCRIBED.format(names=names(old))] if old else []
    return Reply.say("\n".join(lines))


@router.command("unsubscribe", "", usage=say.UNSUBSCRIBE_USAGE,
                summary=say.UNSUBSCRIBE_SUMMARY, catch_all=True)
async def unsubscribe(ctx: Context) -> Reply:
    channel_words = _channel_words(ctx)
    words = ctx.args if channel_words is None else channel_words
    if not words:
        raise UserError(say.UNSUBSCRIBE_WHICH.format(usage=say.UNSUBSCRIBE_USAGE))
    channel = await _check_channel(ctx) if channel_words is not None else None
    kind, key = (CHANNEL, channel) if channel else (PERSON, ctx.actor.key)
    async with ctx.services.uow() as uow:
        if [w.lower() for w in words] == ["all"]:
            n = await uow.topics.unsubscribe_all(kind, key)
            return Reply.say(say.UNSUBSCRIBED_ALL.format(n=n) if n else say.NOTHING_TO_DROP)
        topics = await resolve(uow, ctx.actor.workspace_key, words)
        gone = [t for t in topics if await uow.topics.unsubscribe(t.id, kind, key)]
    kept = [t for t in topics if t not in gone]
    if channel:
        lines = [say.CHANNEL_UNSUBSCRIBED.format(names=names(gone))] if gone else []
        lines += [say.CHANNEL_NOT_SUBSCRIBED.format(names=names(kept))] if kept else []
    else:
        lines = [say.UNSUBSCRIBED.format(names=names(gone))] if gone else []
        lines += [say.NOT_SUBSCRIBED.format(names=names(kept))] if kept else []
    return Reply.say("\n".join(lines))


def _default(ctx: Context) -> HowIHear:
    return HowIHear(timezone=ctx.services.config.default_timezone)


async def subscriptions_card(ctx: Context, uow, lead: str = "") -> Reply:
    """What the person follows, with a button to stop each, to follow the others, and to
    change how they hear."""
    mine = await uow.topics.subscriptions(PERSON, ctx.actor.key)
    others = [t for t in await uow.topics.active(ctx.actor.workspace_key) if t not in mine]
    how = await uow.topics.how(ctx.actor.key) or _default(ctx)
    if mine:
        text = say.SUBSCRIPTIONS_LINE.format(names=names(mine)) + " " + describe(how)
    else:
        text = say.SUBSCRIPTIONS_NONE.format(choices=await choices(uow,
                                                                   ctx.actor.workspace_key))
    text = f"{lead}\n{text}" if lead else text
    buttons = ([Button(say.UNSUBSCRIBE_BUTTON.format(name=t.name), "topics.drop", str(t.id))
                for t in mine]
               + [Button(say.SUBSCRIBE_BUTTON.format(name=t.name), "topics.follow", str(t.id))
                  for t in others[:20]]
               + [Button(say.HOW_BUTTON, "topics.how", "", "primary")])
    return Reply.say(text, Card(title=say.SUBSCRIPTIONS_TITLE, sections=(Section(text),),
                                buttons=tuple(buttons)))


@router.command("subscriptions", "", usage=say.SUBSCRIPTIONS_USAGE,
                summary=say.SUBSCRIPTIONS_SUMMARY)
async def subscriptions(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        return await subscriptions_card(ctx, uow)


async def _button(ctx: Context, follow: bool) -> Reply:
    async with ctx.services.uow() as uow:
        topic = await uow.topics.get(record_id(ctx.value) or 0)
        if topic is None or topic.workspace_key != ctx.actor.workspace_key or (
                follow and not topic.active):
            raise UserError(say.TOPIC_GONE.format(
                choices=await choices(uow, ctx.actor.workspace_key)))
        if follow:
            await uow.topics.subscribe(topic.id, PERSON, ctx.actor.key,
                                       ctx.actor.workspace_key, ctx.actor.key,
                                       ctx.services.now())
        else:
            await uow.topics.unsubscribe(topic.id, PERSON, ctx.actor.key)
        return await subscriptions_card(ctx, uow, (
            say.SUBSCRIBED.format(names=topic.name, how="").strip() if follow
            else say.UNSUBSCRIBED.format(names=topic.name)))


@router.action("topics.follow")
async def follow_button(ctx: Context) -> Reply:
    return await _button(ctx, True)


@router.action("topics.drop")
async def drop_button(ctx: Context) -> Reply:
    return await _button(ctx, False)
