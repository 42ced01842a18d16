"""Scheduling and managing huddles: ``/huddle schedule``, ``list``, ``edit``, ``pause``,
``resume``, ``delete``, ``run-now`` and ``skip``. Anyone may schedule a huddle for a channel
they are in; its owner and librarians manage it."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from ..cards import Reply
from ..errors import UserError
from ..ports import UnitOfWork
from ..router import Context, Router
from ..vocabulary import Destination, Place, PlaceKind
from ..wording import huddles as say
from . import options
from .jobs import schedule_prompts
from .model import Huddle, HuddleSettings
from .runner import PROMPT_JOB, HuddleRunner
from .schedule import describe_days, next_starts, skipped_between
from .schedule_form import schedule_form

router = Router("huddles.manage")


def when_text(huddle: Huddle, when: datetime | None) -> str:
    if when is None:
        return say.NO_NEXT
    local = when.astimezone(ZoneInfo(huddle.settings.timezone))
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def split_name(args: list[str]) -> tuple[str, list[str]]:
    """The huddle's name (quoted, or the leading words before any option, date or flag) and
    the rest: ``Ward 7 huddle time=09:00`` -> ``("Ward 7 huddle", ["time=09:00"])``."""
    words = []
    for i, word in enumerate(args):
        if "=" in word or word.startswith("--") or DATE_LIKE.fullmatch(word):
            return " ".join(words), args[i:]
        words.append(word)
    return " ".join(words), []


def _name_and_options(ctx: Context, usage: str) -> tuple[str, dict[str, str]]:
    name, rest = split_name(ctx.args)
    if not name.strip():
        raise UserError(say.NEED_NAME, usage)
    return options.parse_name(name), options.split_options(rest)


async def find(ctx: Context, uow: UnitOfWork, usage: str, *, manage: bool = True) -> Huddle:
    """The huddle named first in ``ctx.args`` (quoted, or its words unquoted); leaves
    ``ctx.args`` as ``[name, *what follows]``."""
    name, rest = split_name(ctx.args)
    name = " ".join(name.split())
    if not name:
        raise UserError(say.NEED_NAME, usage)
    huddle = await uow.huddles.by_name(ctx.actor.workspace_key, name)
    if huddle is None and len(ctx.args) > 1:          # "<quoted name>" then other words
        huddle = await uow.huddles.by_name(ctx.actor.workspace_key, ctx.args[0])
        if huddle is not None:
            rest = ctx.args[1:]
    if huddle is None:
        raise UserError(say.NOT_FOUND.format(name=name))
    ctx.args = [huddle.name, *rest]
    if manage and huddle.owner_key != ctx.actor.key and not ctx.is_librarian:
        owner = await uow.people.get(huddle.owner_key)
        raise UserError(say.NOT_YOURS.format(name=huddle.name,
                                             owner=owner.name if owner else say.FORMER))
    return huddle


CHANNEL_REF = re.compile(r"<#([A-Za-z0-9]+)(?:\|[^>]*)?>")


def channel_named(text: str) -> str:
    """``channel=`` as typed: a Slack reference ``<#C123|ward-7>``, or an id or name."""
    text = text.strip()
    match = CHANNEL_REF.fullmatch(text)
    return match.group(1) if match else text.lstrip("#")


async def check_channel(ctx: Context, channel_id: str, *, elsewhere: bool) -> None:
    """The bot must be in the channel to post there; someone scheduling for another channel
    (``channel=``, or a form sent back from another place) must be in it too."""
    destination = Destination.channel(ctx.actor.platform, ctx.actor.workspace, channel_id)
    if elsewhere and not ctx.is_librarian:
        members = await ctx.services.channels.members(destination)
        if members and ctx.actor.key not in members:
            raise UserError(say.NOT_YOUR_CHANNEL)
    if not await ctx.services.channels.can_post(destination):
        raise UserError(say.BOT_NOT_IN_CHANNEL)


async def create(ctx: Context, settings: HuddleSettings, *, checked: bool = False) -> Reply:
    """Store the huddle and schedule its prompts in one unit of work (in ``ctx.place``,
    once the bot is known to be able to post there)."""
    now = ctx.services.now()
    options.check_has_dates(settings, now)
    if not checked:
        await check_channel(ctx, ctx.place.id, elsewhere=False)
    async with ctx.services.uow() as uow:
        huddle = await uow.huddles.add(ctx.actor.workspace_key, ctx.place.id, ctx.actor.key,
                                       settings, now)
        if huddle is None:
            raise UserError(say.NAME_TAKEN.format(name=settings.name))
        when = await schedule_prompts(uow, huddle, now)
    return Reply.say(say.SCHEDULED.format(
        name=settings.name, days=describe_days(settings), time=settings.time,
        tz=settings.timezone, window=options.window_text(settings.window),
        next=when_text(huddle, when)), private=False)


def _in_channel(ctx: Context) -> None:
    if ctx.place.kind != PlaceKind.CHANNEL or not ctx.place.id:
        raise UserError(say.NEED_CHANNEL)


@router.command("huddle", "schedule", usage=say.SCHEDULE_USAGE, summary=say.SCHEDULE_SUMMARY)
async def schedule(ctx: Context) -> Reply:
    _in_channel(ctx)
    if not ctx.args:
        return Reply(open_form=schedule_form(ctx.place.id, ctx.services.config.default_timezone))
    name, opts = _name_and_options(ctx, say.SCHEDULE_USAGE)
    base = HuddleSettings(name=name, timezone=ctx.services.config.default_timezone,
                          start=ctx.services.clock.today(ctx.services.config.default_timezone))
    settings = options.apply(base, opts)
    other = channel_named(opts.get("channel", ""))
    if other and other != ctx.place.id:
        await check_channel(ctx, other, elsewhere=True)
        ctx.place = Place(PlaceKind.CHANNEL, other)
        return await create(ctx, settings, checked=True)
    return await create(ctx, settings)


@router.command("huddle", "edit", usage=say.EDIT_USAGE, summary=say.EDIT_SUMMARY)
async def edit(ctx: Context) -> Reply:
    rename = [a for a in ctx.args[1:] if a.lower().startswith("name=")]
    ctx.args = [a for a in ctx.args if a not in rename]
    _, opts = _name_and_options(ctx, say.EDIT_USAGE)
    if "channel" in opts:
        raise UserError(say.CHANNEL_STAYS)
    now = ctx.services.now()
    async with ctx.services.uow() as uow:
        huddle = await find(ctx, uow, say.EDIT_USAGE)
        settings = options.apply(huddle.settings, opts)
        if rename:
            settings = settings.with_changes(name=options.parse_name(rename[-1][5:]))
        options.check_has_dates(settings, now)
        if not await uow.huddles.update(huddle.id, settings):
            raise UserError(say.NAME_TAKEN.format(name=settings.name))
        huddle = await uow.huddles.get(huddle.id)
        when = await schedule_prompts(uow, huddle, now)
    return Reply.say(say.EDITED.format(name=settings.name, next=when_text(huddle, when)))


@router.command("huddle", "list", usage=say.LIST_USAGE, summary=say.LIST_SUMMARY)
async def list_huddles(ctx: Context) -> Reply:
    now = ctx.services.now()
    async with ctx.services.uow(read_only=True) as uow:
        if ctx.place.kind == PlaceKind.CHANNEL:
            huddles = await uow.huddles.in_channel(ctx.actor.workspace_key, ctx.place.id)
        else:
            huddles = [h for h in await uow.huddles.all()
                       if h.workspace_key == ctx.actor.workspace_key
                       and (ctx.is_librarian or h.owner_key == ctx.actor.key)]
    if not huddles:
        return Reply.say(say.LIST_EMPTY)
    lines = [say.LIST_HEAD]
    for huddle in huddles:
        s = huddle.settings
        dates = [] if huddle.paused else next_starts(s, now, 3)
        lines.append(say.LIST_LINE.format(
            name=huddle.name, days=describe_days(s), time=s.time, tz=s.timezone,
            window=options.window_text(s.window),
            paused=say.PAUSED_MARK if huddle.paused else "",
            next="; ".join(when_text(huddle, d) for d in dates) or say.NO_NEXT))
        if dates:
            skips = skipped_between(s, now, dates[-1])
            if skips:
                lines.append(say.LIST_SKIPPED.format(skips="; ".join(
                    f"{d:%a} {d.day} {d:%b} ({why})" for d, why in skips)))
    return Reply.say("\n".join(lines))


@router.command("huddle", "pause", usage=say.PAUSE_USAGE, summary=say.PAUSE_SUMMARY)
async def pause(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        huddle = await find(ctx, uow, say.PAUSE_USAGE)
        if not await uow.huddles.set_paused(huddle.id, True):
            return Reply.say(say.ALREADY_PAUSED.format(name=huddle.name))
        await schedule_prompts(uow, await uow.huddles.get(huddle.id), ctx.services.now())
    return Reply.say(say.PAUSED.format(name=huddle.name))


@router.command("huddle", "resume", usage=say.RESUME_USAGE, summary=say.RESUME_SUMMARY)
async def resume(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        huddle = await find(ctx, uow, say.RESUME_USAGE)
        if not await uow.huddles.set_paused(huddle.id, False, problem_reported=False):
            return Reply.say(say.NOT_PAUSED.format(name=huddle.name))
        huddle = await uow.huddles.get(huddle.id)
        when = await schedule_prompts(uow, huddle, ctx.services.now())
    return Reply.say(say.RESUMED.format(name=huddle.name, next=when_text(huddle, when)))


@router.command("huddle", "delete", usage=say.DELETE_USAGE, summary=say.DELETE_SUMMARY)
async def delete(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        huddle = await find(ctx, uow, say.DELETE_USAGE)
        await uow.huddles.delete(huddle.id)
        await uow.jobs.unschedule(PROMPT_JOB, str(huddle.id))
    return Reply.say(say.DELETED.format(name=huddle.name))


@router.command("huddle", "run-now", usage=say.RUN_NOW_USAGE, summary=say.RUN_NOW_SUMMARY)
async def run_now(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        huddle = await find(ctx, uow, say.RUN_NOW_USAGE)
    if huddle.paused:
        raise UserError(say.RUN_PAUSED.format(name=huddle.name))
    now = ctx.services.now()
    session = await HuddleRunner(ctx.services).prompt(huddle.id, now.replace(microsecond=0),
                                                      now=now)
    if session is None:
        return Reply.say(say.ALREADY_RAN.format(name=huddle.name))
    return Reply.say(say.RUN_NOW.format(name=huddle.name))


@router.command("huddle", "skip", usage=say.SKIP_USAGE, summary=say.SKIP_SUMMARY)
async def skip(ctx: Context) -> Reply:
    now = ctx.services.now()
    async with ctx.services.uow() as uow:
        huddle = await find(ctx, uow, say.SKIP_USAGE)
        if len(ctx.args) < 2:
            raise UserError(say.NEED_DATE, say.SKIP_USAGE)
        day = options.parse_date(ctx.args[1], ctx.services.clock.today(
            huddle.settings.timezone))
        dates = tuple(sorted(set(huddle.settings.skip_dates) | {day}))
        settings = huddle.settings.with_changes(skip_dates=dates)
        await uow.huddles.update(huddle.id, settings)
        huddle = await uow.huddles.get(huddle.id)
        when = await schedule_prompts(uow, huddle, now)
    return Reply.say(say.SKIPPING.format(name=huddle.name, day=f"{day:%A} {day.day} {day:%B}",
                                         next=when_text(huddle, when)))
