"""Quick polls: ``/poll "Question?" "Tue" "Wed" "Thu" [anonymous] [multiple] [hidden]
[closes=...]`` posts a card with a button per answer and live counts (or hidden until close).

A vote is stored only as the keyed hash of poll and voter (see :mod:`.anonymity`), so one
vote each holds and pressing again takes it back, and nobody can read who voted for what.
"""
from __future__ import annotations

from ..errors import FormInvalid, UserError
from ..numbers import record_id
from ..cards import Reply
from ..router import Context, Router
from ..wording import walls as say
from .anonymity import me
from .board import find, refresh_card, require_open
from .model import MAX_OPTION, MAX_OPTIONS, Anonymity, Kind, WallSettings
from .options import parse_closes, read_wall, split_options
from .walls import channel_of, put_up

router = Router("walls.polls")
FLAGS = ("anonymous", "multiple", "hidden")


def read_poll(words: list[str], named: dict[str, str], tz: str, now) -> WallSettings:
    flags = {w.lower() for w in words if w.lower() in FLAGS}
    texts = [" ".join(w.split()) for w in words if w.lower() not in FLAGS]
    for name in named:
        if name != "closes":
            raise UserError(say.POLL_UNKNOWN_WORD.format(word=f"{name}="), say.POLL_USAGE)
    if len(texts) < 3:
        raise UserError(say.POLL_OPTIONS_NEEDED.format(usage=say.POLL_USAGE))
    question, options = texts[0], texts[1:]
    if len(options) > MAX_OPTIONS:
        raise UserError(say.POLL_TOO_MANY.format(max=MAX_OPTIONS, n=len(options)))
    try:
        base = read_wall(question, {}, tz, now)
    except FormInvalid as invalid:
        raise UserError(" ".join(invalid.errors.values()), say.POLL_USAGE) from None
    for option in options:
        if not option:
            raise UserError(say.POLL_OPTIONS_NEEDED.format(usage=say.POLL_USAGE))
        if len(option) > MAX_OPTION:
            raise UserError(say.POLL_OPTION_TOO_LONG.format(text=option[:20], limit=MAX_OPTION))
    seen = set()
    for option in options:
        if option.lower() in seen:
            raise UserError(say.POLL_DUPLICATE.format(text=option))
        seen.add(option.lower())
    closes = None
    if named.get("closes", "").strip():
        try:
            closes = parse_closes(named["closes"], tz, now)
        except ValueError as problem:
            raise UserError(str(problem)) from None
    return WallSettings(question=base.question,
                        anonymity=Anonymity.REQUIRED if "anonymous" in flags else Anonymity.OFF,
                        hidden="hidden" in flags, closes_at=closes, options=tuple(options),
                        multiple="multiple" in flags)


@router.command("poll", "", usage=say.POLL_USAGE, summary=say.POLL_SUMMARY, catch_all=True)
async def new_poll(ctx: Context) -> Reply:
    channel = channel_of(ctx, "poll")
    words, named = split_options(ctx.args)
    settings = read_poll(words, named, ctx.services.config.default_timezone,
                         ctx.services.now())
    wall = await put_up(ctx, Kind.POLL, channel, settings)
    return Reply.say(say.POLL_CREATED.format(id=wall.id))


@router.action("polls.vote", discreet=True)
async def vote(ctx: Context) -> Reply:
    wall_value, _, option_value = ctx.value.partition(":")
    services = ctx.services
    async with services.uow() as uow:
        wall = await find(ctx, uow, wall_value, for_update=True)
        option = record_id(str(int(option_value) + 1)) if option_value.isdigit() else None
        if wall.kind is not Kind.POLL or option is None or option > len(wall.settings.options):
            raise UserError(say.WALL_GONE)
        require_open(wall, services)
        index, voter = option - 1, me(ctx, wall.id)
        before = await uow.walls.voted(wall.id, voter)
        if not wall.settings.multiple and index not in before:
            await uow.walls.clear_votes(wall.id, voter)
        counted = await uow.walls.toggle_vote(wall.id, index, voter, services.now())
        await refresh_card(services, uow, wall)
    name = wall.settings.options[index]
    if not counted:
        return Reply.say(say.POLL_UNVOTED.format(option=name))
    changed = before and not wall.settings.multiple
    return Reply.say((say.POLL_CHANGED if changed else say.POLL_VOTED).format(option=name))
