"""``/feed add|list|remove|test|every``: librarians choosing the feeds that bring the latest
evidence into topics. Nothing is stored unless the feed was fetched and read as a feed."""
from __future__ import annotations

from collections import defaultdict
from zoneinfo import ZoneInfo

from ..cards import Card, Reply, Section
from ..errors import UserError
from ..router import Context, Router
from ..wording import feeds as say
from .clean import cut
from .inputs import how_often, items_count, read_every, read_url
from .model import DEFAULT_EVERY, LATEST, Feed, FetchFailed
from .poll import POLL_JOB, fetch_feed, reason_text, schedule_poll
from .topics import find_topic, topic_names

router = Router("feeds.commands")


def _require_fetcher(ctx: Context) -> None:
    if ctx.services.feed_fetcher is None:
        raise UserError(say.NOT_SET_UP)


async def _fetch(ctx: Context, url: str, **validators):
    try:
        return await fetch_feed(ctx.services, url, **validators)
    except FetchFailed as failure:
        raise UserError(say.CANNOT_FETCH.format(url=cut(url, 100), reason=reason_text(failure))
                        ) from None


@router.command("feed", "add", usage=say.ADD_USAGE, summary=say.ADD_SUMMARY, librarian=True)
async def add(ctx: Context) -> Reply:
    if len(ctx.args) < 2:
        raise UserError(say.NEED_TOPIC_AND_URL.format(usage=say.ADD_USAGE))
    words = list(ctx.args)
    if _looks_like_url(words[0]) and not _looks_like_url(words[-1]):   # url first: fine too
        words = words[1:] + words[:1]
    url, topic_name = read_url(words[-1]), " ".join(words[:-1])
    _require_fetcher(ctx)
    workspace = ctx.actor.workspace_key
    async with ctx.services.uow(read_only=True) as uow:
        topic = await find_topic(uow, workspace, topic_name)
        known = [f for f in await uow.feeds.find(workspace, url) if f.topic_id == topic.id]
    if known:
        raise UserError(say.ALREADY_ADDED.format(topic=topic.name, id=known[0].id))
    parsed, fetched = await _fetch(ctx, url)
    now = ctx.services.now()
    async with ctx.services.uow() as uow:
        feed = await uow.feeds.add(workspace, topic.id, url, parsed.title, DEFAULT_EVERY, now)
        if feed is None:                                 # added by someone else just now
            [feed] = [f for f in await uow.feeds.find(workspace, url) if f.topic_id == topic.id]
            raise UserError(say.ALREADY_ADDED.format(topic=topic.name, id=feed.id))
        await uow.feeds.add_items(feed, parsed.items, now)
        await uow.feeds.polled(feed.id, now, etag=fetched.etag,
                               last_modified=fetched.last_modified)
        await schedule_poll(uow, feed, now)
        stored = await uow.feeds.count_items(feed.id)
    _wake(ctx)
    return Reply.say(say.ADDED.format(title=feed.title, topic=topic.name, id=feed.id,
                                      items=items_count(stored), every=how_often(feed.every)))


def _looks_like_url(word: str) -> bool:
    return word.lstrip("<").lower().startswith(("http://", "https://"))


def _wake(ctx: Context) -> None:
    scheduler = ctx.services.scheduler
    if scheduler is not None:
        ctx.after_commit(scheduler.wake)


def _state(feed: Feed, items: int) -> str:
    if feed.failures:
        return say.STATE_FAILING.format(n=feed.failures, reason=feed.last_error or "")
    if feed.last_ok_at is None:
        return say.STATE_NEW
    return say.STATE_OK.format(items=items)


@router.command("feed", "list", usage=say.LIST_USAGE, summary=say.LIST_SUMMARY, librarian=True)
async def list_feeds(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        feeds = await uow.feeds.in_workspace(ctx.actor.workspace_key)
        names = await topic_names(uow, [f.topic_id for f in feeds])
        counts = await uow.feeds.item_counts([f.id for f in feeds])
    if not feeds:
        return Reply.say(say.LIST_EMPTY.format(usage=say.ADD_USAGE))
    by_topic: dict[str, list[Feed]] = defaultdict(list)
    for feed in feeds:
        by_topic[names.get(feed.topic_id, say.UNKNOWN_TOPIC_NAME)].append(feed)
    sections, lines = [], []
    for topic in sorted(by_topic, key=str.lower):
        body = [say.LIST_LINE.format(id=f.id, title=f.title, url=cut(f.url, 200),
                                     every=how_often(f.every).removeprefix("every "),
                                     state=_state(f, counts.get(f.id, 0)))
                for f in by_topic[topic]]
        heading = say.LIST_TOPIC.format(topic=topic)
        lines += [heading, *body]
        sections.append(Section("\n".join([heading, *body])))
    return Reply.say("\n".join(lines), Card(title=say.LIST_TITLE, sections=tuple(sections[:40])))


async def _one_feed(ctx: Context, which: str, usage: str) -> Feed:
    workspace = ctx.actor.workspace_key
    async with ctx.services.uow(read_only=True) as uow:
        if which.lstrip("#").isdigit():
            feed = await uow.feeds.get(int(which.lstrip("#")))
            if feed is not None and feed.workspace_key == workspace:
                return feed
            raise UserError(say.NO_SUCH_FEED.format(which=which[:40]))
        try:
            url = read_url(which)
        except UserError:
            raise UserError(say.NO_SUCH_FEED.format(which=which[:100]), usage) from None
        feeds = await uow.feeds.find(workspace, url)
    if not feeds:
        raise UserError(say.NO_SUCH_FEED.format(which=cut(url, 100)))
    if len(feeds) > 1:
        raise UserError(say.AMBIGUOUS_URL.format(ids=", ".join(str(f.id) for f in feeds)))
    return feeds[0]


@router.command("feed", "remove", usage=say.REMOVE_USAGE, summary=say.REMOVE_SUMMARY,
                librarian=True)
async def remove(ctx: Context) -> Reply:
    if not ctx.args:
        raise UserError(say.WHICH_FEED.format(usage=say.REMOVE_USAGE))
    feed = await _one_feed(ctx, ctx.args[0], say.REMOVE_USAGE)
    async with ctx.services.uow() as uow:
        topic = (await topic_names(uow, [feed.topic_id])).get(feed.topic_id,
                                                              say.UNKNOWN_TOPIC_NAME)
        await uow.feeds.remove(feed.id)
        await uow.jobs.unschedule(POLL_JOB, str(feed.id))
    return Reply.say(say.REMOVED.format(id=feed.id, title=feed.title, topic=topic))


@router.command("feed", "every", usage=say.EVERY_USAGE, summary=say.EVERY_SUMMARY,
                librarian=True)
async def every(ctx: Context) -> Reply:
    if len(ctx.args) < 2:
        raise UserError(say.NEED_EVERY.format(usage=say.EVERY_USAGE))
    feed = await _one_feed(ctx, ctx.args[0], say.EVERY_USAGE)
    interval = read_every(" ".join(ctx.args[1:]))
    now = ctx.services.now()
    async with ctx.services.uow() as uow:
        await uow.feeds.set_every(feed.id, interval)
        feed = await uow.feeds.get(feed.id)
        when = await schedule_poll(uow, feed, now)
    _wake(ctx)
    local = when.astimezone(_zone(ctx))
    return Reply.say(say.EVERY_SET.format(id=feed.id, title=feed.title, every=how_often(interval),
                                          when=f"{local:%H:%M} on {local.day} {local:%b}"))


def _zone(ctx: Context) -> ZoneInfo:
    return ZoneInfo(ctx.services.config.default_timezone)


@router.command("feed", "test", usage=say.TEST_USAGE, summary=say.TEST_SUMMARY, librarian=True)
async def test(ctx: Context) -> Reply:
    if not ctx.args:
        raise UserError(say.NEED_URL.format(usage=say.TEST_USAGE))
    url = read_url(ctx.args[0])
    _require_fetcher(ctx)
    parsed, _ = await _fetch(ctx, url)
    if not parsed.items:
        return Reply.say(say.TEST_EMPTY.format(title=parsed.title))
    lines = []
    for item in parsed.items[:LATEST]:
        date = item.published.astimezone(_zone(ctx)) if item.published else None
        lines.append(say.TEST_ITEM.format(
            title=item.title or say.UNTITLED,
            date=say.TEST_DATE.format(date=f"{date.day} {date:%b %Y}") if date else "",
            link=say.TEST_LINK.format(link=item.link) if item.link else ""))
    title = say.TEST_TITLE.format(title=parsed.title, n=min(LATEST, len(parsed.items)))
    note = say.TEST_NOTE.format(url=url)
    return Reply.say("\n".join([title, *lines, note]),
                     Card(title=title, sections=tuple(Section(x) for x in [*lines, note])))
