"""``/digest``: preview, now, choosing when it comes (for oneself or, librarians, a channel),
and the digest's buttons (Useful, Show all, Unsubscribe; Change frequency opens the topics'
"how I hear" form)."""
from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..cards import Reply
from ..errors import UserError
from ..numbers import record_id
from ..router import Context, Router
from ..topics.model import WEEKDAYS, Frequency, HowIHear
from ..wording import digests as say
from .build import build
from .model import FULL_LIST, PERSON
from .render import item_line, render
from .schedule import at
from .sending import deliver, mine

router = Router("digests.commands")
TIME = re.compile(r"([01]?[0-9]|2[0-3]):[0-5][0-9]")


def _how(ctx: Context) -> HowIHear:
    return HowIHear(timezone=ctx.services.config.default_timezone)


def parse_how(words: list[str], default_tz: str, usage: str) -> HowIHear | None:
    """``daily 08:00``, ``weekly friday 09:00 Europe/London``, ``monthly``, ``off`` -> a
    HowIHear (None for off); a :class:`UserError` saying what is wrong otherwise."""
    if not words:
        raise UserError(say.BAD_FREQUENCY.format(word="", usage=usage))
    word = words[0].lower()
    rest = [w for w in words[1:] if w.lower() not in ("on", "at")]
    if word in ("off", "immediately", "none"):
        return None
    try:
        frequency = Frequency(word)
    except ValueError:
        raise UserError(say.BAD_FREQUENCY.format(word=words[0][:30], usage=usage)) from None
    weekday = 0
    if frequency is Frequency.WEEKLY:
        if not rest:
            raise UserError(say.NEED_WEEKDAY)
        day = rest.pop(0).lower().rstrip("s")
        matches = [i for i, name in enumerate(WEEKDAYS) if len(day) >= 3
                   and name.startswith(day)]
        if not matches:
            raise UserError(say.BAD_WEEKDAY.format(word=day[:30]))
        weekday = matches[0]
    time = "08:00"
    if rest and (":" in rest[0] or rest[0].isdigit()):
        word = rest.pop(0)
        if not TIME.fullmatch(word):
            raise UserError(say.BAD_TIME.format(word=word[:30]))
        hour, minute = word.split(":")
        time = f"{int(hour):02d}:{minute}"
    tz = default_tz
    if rest:
        tz = rest.pop(0)
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise UserError(say.BAD_TIMEZONE.format(word=tz[:60])) from None
    if rest:
        raise UserError(say.TOO_MANY.format(word=rest[0][:30], usage=usage))
    return HowIHear(frequency, time, tz, weekday, 1)


def gap_note(how: HowIHear, now) -> str:
    """A warning when the time does not exist on a day the clocks go forward this year."""
    zone = ZoneInfo(how.timezone)
    day = now.astimezone(zone).date()
    for offset in range(366):
        d = day + timedelta(days=offset)
        moment = at(d, how.time, how.timezone)
        if moment.astimezone(zone).strftime("%H:%M") != how.time:
            return " " + say.GAP_NOTE.format(time=how.time, tz=how.timezone)
    return ""


def when(how: HowIHear) -> str:
    """``every Friday at 09:00 (Europe/London)``."""
    from ..wording import topics as topic_words
    if how.frequency is Frequency.WEEKLY:
        return say.WHEN_WEEKLY.format(weekday=topic_words.WEEKDAY_NAMES[how.weekday],
                                      time=how.time, timezone=how.timezone)
    text = say.WHEN_MONTHLY if how.frequency is Frequency.MONTHLY else say.WHEN_DAILY
    return text.format(time=how.time, timezone=how.timezone)


@router.command("digest", "", usage=say.SET_USAGE, summary=say.SET_SUMMARY, catch_all=True)
async def set_digest(ctx: Context) -> Reply:
    if not ctx.args:
        return await preview(ctx)
    how = parse_how(ctx.args, ctx.services.config.default_timezone, say.SET_USAGE)
    async with ctx.services.uow() as uow:
        await uow.topics.set_how(ctx.actor.key, how or _how(ctx), ctx.services.now())
    if how is None:
        return Reply.say(say.SET_OFF)
    return Reply.say(say.SET_DONE.format(when=when(how)) + gap_note(how, ctx.services.now()))


@router.command("digest", "channel", usage=say.CHANNEL_USAGE, summary=say.CHANNEL_SUMMARY)
async def channel_digest(ctx: Context) -> Reply:
    from ..lessons.access import in_channel
    if not in_channel(ctx):
        raise UserError(say.CHANNEL_ONLY)
    if not ctx.is_librarian:
        raise UserError(say.LIBRARIANS_ONLY)
    how = parse_how(ctx.args, ctx.services.config.default_timezone, say.CHANNEL_USAGE)
    async with ctx.services.uow() as uow:
        if how is not None and ctx.place.id not in await uow.topics.channels(
                ctx.actor.workspace_key):
            raise UserError(say.CHANNEL_NO_TOPICS)
        await uow.digests.set_channel_how(ctx.actor.workspace_key, ctx.place.id, how,
                                          ctx.actor.key, ctx.services.now())
    if how is None:
        return Reply.say(say.CHANNEL_OFF)
    return Reply.say(say.CHANNEL_SET.format(when=when(how))
                     + gap_note(how, ctx.services.now()))


async def _me(ctx: Context, moment):
    """How the person hears (saved, or the defaults), and them as a digest's recipient at
    ``moment`` (None when they follow no topic)."""
    async with ctx.services.uow(read_only=True) as uow:
        how = await uow.topics.how(ctx.actor.key) or _how(ctx)
    return how, await mine(ctx.services, ctx.actor.key, how, moment)


@router.command("digest", "preview", usage=say.PREVIEW_USAGE, summary=say.PREVIEW_SUMMARY)
async def preview(ctx: Context) -> Reply:
    now = ctx.services.now()
    how, me = await _me(ctx, now)
    if me is None:
        return Reply.say(say.NO_TOPICS)
    async with ctx.services.uow(read_only=True) as uow:
        [digest] = await build(ctx.services, uow, [me], now)
        if digest.empty:
            return Reply.say(say.PREVIEW_EMPTY)
        topics = {t.id: t for t in await uow.topics.get_many(list(digest.topics))}
    message = render(digest, topics, say.TITLE.get(how.frequency.value, say.TITLE["now"]),
                     how.timezone, None)
    return Reply.say(f"{say.PREVIEW_LEAD}\n{message.text}", message.card)


@router.action("digests.preview")
async def preview_button(ctx: Context) -> Reply:
    return await preview(ctx)


@router.command("digest", "now", usage=say.NOW_USAGE, summary=say.NOW_SUMMARY)
async def now(ctx: Context) -> Reply:
    moment = ctx.services.now()
    how, me = await _me(ctx, moment)
    if me is None:
        return Reply.say(say.NO_TOPICS)
    sent = await deliver(ctx.services, [me], lambda r: say.TITLE["now"],
                         lambda r: how.timezone, moment)
    if not sent:
        return Reply.say(say.NOW_EMPTY)
    return Reply.say(say.NOW_SENT.format(n=sent[0].size))


async def _run(ctx: Context, uow, run_id: str) -> dict:
    run = await uow.digests.run(record_id(run_id) or 0)
    if run is None or run["kind"] != PERSON or run["recipient"] != ctx.actor.key:
        raise UserError(say.NOT_YOURS)
    return run


@router.action("digests.useful")
async def useful(ctx: Context) -> Reply:
    run_id, topic_id, item = (ctx.value.split("|", 2) + ["", ""])[:3]
    async with ctx.services.uow() as uow:
        await _run(ctx, uow, run_id)
        new = await uow.digests.useful(ctx.actor.key, item[:40], record_id(topic_id) or 0,
                                       ctx.actor.workspace_key, ctx.services.now())
    return Reply.say(say.USEFUL_THANKS if new else say.USEFUL_AGAIN)


@router.action("digests.more")
async def more(ctx: Context) -> Reply:
    run_id, _, topic_id = ctx.value.partition("|")
    async with ctx.services.uow(read_only=True) as uow:
        run = await _run(ctx, uow, run_id)
        topic = await uow.topics.get(record_id(topic_id) or 0)
        how = await uow.topics.how(ctx.actor.key) or _how(ctx)
        if topic is None:
            raise UserError(say.NOTHING_MORE)
        from .model import Recipient
        me = Recipient(PERSON, ctx.actor.key, ctx.actor.workspace_key, (topic.id,), "",
                       run["since"])
        [digest] = await build(ctx.services, uow, [me], run["until"], again=True)
    entries = digest.topics.get(topic.id, [])[:FULL_LIST]
    if not entries:
        return Reply.say(say.NOTHING_MORE)
    lines = [say.FULL_HEAD.format(name=topic.name, n=len(entries))]
    lines += [item_line(i, e, how.timezone) for i, e in enumerate(entries, 1)]
    return Reply.say("\n".join(lines))


@router.action("digests.unsubscribe")
async def unsubscribe(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        topic = await uow.topics.get(record_id(ctx.value) or 0)
        if topic is None or topic.workspace_key != ctx.actor.workspace_key:
            raise UserError(say.NOT_YOURS)
        await uow.topics.unsubscribe(topic.id, PERSON, ctx.actor.key)
    return Reply.say(say.UNSUBSCRIBED.format(name=topic.name, slug=topic.slug))
