"""What members type: join, leave, pause, resume, status and the list of programmes."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from ..cards import Button, Card, Reply, Section
from ..dates import parse_period_end, show_date
from ..errors import UserError
from ..mentions import mention
from ..numbers import record_id
from ..ports import UnitOfWork
from ..router import Context, Router
from ..vocabulary import PlaceKind
from ..wording import coffee as say
from .model import MemberStatus, Membership, Programme
from .programmes import default_settings, describe, find_programme
from .schedule import next_slot, schedule_rounds

router = Router("coffee.members")


async def workspace_programmes(ctx: Context, uow: UnitOfWork) -> list[Programme]:
    """The workspace's programmes; a workspace starts with one default weekly programme."""
    programmes = await uow.coffee.programmes(ctx.actor.workspace_key)
    if not programmes:
        created = await uow.coffee.add_programme(
            ctx.actor.workspace_key, default_settings(ctx.services.config.default_timezone),
            ctx.services.now())
        if created:
            await schedule_rounds(uow, created, ctx.services.now())
        programmes = await uow.coffee.programmes(ctx.actor.workspace_key)
    return programmes


def when_next(ctx: Context, programme: Programme) -> str:
    at = next_slot(programme, ctx.services.now()).astimezone(
        ZoneInfo(programme.settings.timezone))
    return f"{show_date(at.date())} at {at:%H:%M}"


def pick(ctx: Context, programmes: list[Programme], action_id: str, usage: str) -> Programme | Reply:
    """The programme named in the arguments, the one bound to this channel, the only one, or
    a question asking which (with a button per programme)."""
    if ctx.args:
        return find_programme(programmes, " ".join(ctx.args))
    if ctx.place.kind in (PlaceKind.CHANNEL, PlaceKind.THREAD):
        bound = [p for p in programmes if p.settings.channel_id == ctx.place.id]
        if len(bound) == 1:
            return bound[0]
    if len(programmes) == 1:
        return programmes[0]
    question = say.WHICH_PROGRAMME.format(usage=usage, names=", ".join(p.slug for p in programmes))
    card = Card(title=say.WHICH_PROGRAMME_TITLE,
                sections=(Section(question),) + tuple(
                    Section(f"*{p.name}* (`{p.slug}`): {describe(p.settings)}") for p in programmes),
                buttons=tuple(Button(p.name, action_id, str(p.id)) for p in programmes))
    return Reply.say(question, card)


async def join(ctx: Context, programme: Programme, uow: UnitOfWork) -> Reply:
    member = await uow.coffee.membership(programme.id, ctx.actor.key)
    if member and member.status is MemberStatus.ACTIVE:
        return Reply.say(say.ALREADY_JOINED.format(name=programme.name, when=when_next(ctx, programme)))
    if member and member.status is MemberStatus.PAUSED:
        return Reply.say(say.JOINED_BUT_PAUSED.format(name=programme.name))
    await uow.coffee.save_membership(Membership(programme.id, ctx.actor.key, MemberStatus.ACTIVE,
                                                ctx.services.now()))
    profile = await uow.people.get(ctx.actor.key)
    tip = "" if profile and profile.department else say.PROFILE_TIP
    return Reply.say(say.JOINED.format(name=programme.name, when=when_next(ctx, programme)) + tip)


@router.command("coffee", "join", usage=say.JOIN_USAGE, summary=say.JOIN_SUMMARY)
async def join_command(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        chosen = pick(ctx, await workspace_programmes(ctx, uow), "coffee.join", say.JOIN_USAGE)
        return chosen if isinstance(chosen, Reply) else await join(ctx, chosen, uow)


@router.action("coffee.join")
async def join_button(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        programme_id = record_id(ctx.value)
        programme = await uow.coffee.programme(programme_id) if programme_id else None
        if programme is None or programme.workspace_key != ctx.actor.workspace_key:
            raise UserError(say.PROGRAMME_GONE)
        return await join(ctx, programme, uow)


@router.command("coffee", "leave", usage=say.LEAVE_USAGE, summary=say.LEAVE_SUMMARY)
async def leave(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        programmes = await uow.coffee.programmes(ctx.actor.workspace_key)
        mine = [m for m in await uow.coffee.memberships_of(ctx.actor.key)
                if m.status is not MemberStatus.LEFT]
        in_programmes = [p for p in programmes if any(m.programme_id == p.id for m in mine)]
        if ctx.args:
            programme = find_programme(programmes, " ".join(ctx.args))
        elif len(in_programmes) == 1:
            programme = in_programmes[0]
        elif not in_programmes:
            return Reply.say(say.NOT_IN_ANY)
        else:
            raise UserError(say.LEAVE_WHICH.format(names=", ".join(p.slug for p in in_programmes)),
                            say.LEAVE_USAGE)
        member = next((m for m in mine if m.programme_id == programme.id), None)
        if member is None:
            return Reply.say(say.NOT_IN.format(name=programme.name))
        await uow.coffee.save_membership(Membership(programme.id, ctx.actor.key, MemberStatus.LEFT,
                                                    member.joined_at))
        return Reply.say(say.LEFT.format(name=programme.name))


async def _current(ctx: Context, uow: UnitOfWork, *statuses: MemberStatus):
    programmes = {p.id: p for p in await uow.coffee.programmes(ctx.actor.workspace_key)}
    return [(m, programmes[m.programme_id]) for m in await uow.coffee.memberships_of(ctx.actor.key)
            if m.status in statuses and m.programme_id in programmes]


@router.command("coffee", "pause", usage=say.PAUSE_USAGE, summary=say.PAUSE_SUMMARY)
async def pause(ctx: Context) -> Reply:
    if not ctx.args:
        raise UserError(say.PAUSE_HOW_LONG, say.PAUSE_USAGE)
    async with ctx.services.uow() as uow:
        current = await _current(ctx, uow, MemberStatus.ACTIVE, MemberStatus.PAUSED)
        if not current:
            return Reply.say(say.NOT_IN_ANY)
        today = ctx.services.clock.today(current[0][1].settings.timezone)
        back = parse_period_end(ctx.args, today)
        for member, _ in current:
            await uow.coffee.save_membership(Membership(member.programme_id, member.person_key,
                                                        MemberStatus.PAUSED, member.joined_at, back))
    names = ", ".join(p.name for _, p in current)
    return Reply.say(say.PAUSED.format(names=names, date=show_date(back)))


@router.command("coffee", "resume", usage=say.RESUME_USAGE, summary=say.RESUME_SUMMARY)
async def resume(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        paused = await _current(ctx, uow, MemberStatus.PAUSED)
        if not paused:
            return Reply.say(say.NOT_PAUSED)
        for member, _ in paused:
            await uow.coffee.save_membership(Membership(member.programme_id, member.person_key,
                                                        MemberStatus.ACTIVE, member.joined_at))
        return Reply.say(say.RESUMED.format(names=", ".join(p.name for _, p in paused),
                                            when=when_next(ctx, paused[0][1])))


@router.command("coffee", "status", usage=say.STATUS_USAGE, summary=say.STATUS_SUMMARY)
async def status(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        current = await _current(ctx, uow, MemberStatus.ACTIVE, MemberStatus.PAUSED)
        if not current:
            return Reply.say(say.STATUS_NOT_IN)
        sections, lines = [], []
        for member, programme in current:
            state = (say.STATUS_ACTIVE.format(when=when_next(ctx, programme))
                     if member.status is MemberStatus.ACTIVE
                     else say.STATUS_PAUSED.format(date=show_date(member.paused_until)))
            group = await uow.coffee.latest_group_for(programme.id, ctx.actor.key)
            match = say.STATUS_NO_MATCH
            if group:
                people = await uow.people.get_many(group.keys)
                others = [mention(people[k].user_id, people[k].name) if k in people
                          else say.FORMER_COLLEAGUE            # someone kmbot has forgotten
                          for k in group.keys if k != ctx.actor.key]
                match = say.STATUS_MATCH.format(names=", ".join(others))
            met = await uow.coffee.met_count(programme.id, ctx.actor.key)
            line = f"*{programme.name}*: {state} {match} {say.STATUS_MET.format(n=met)}"
            lines.append(line)
            sections.append(Section(line))
    return Reply.say("\n".join(lines), Card(title=say.STATUS_TITLE, sections=tuple(sections)))


@router.command("coffee", "programmes", usage=say.LIST_USAGE, summary=say.LIST_SUMMARY)
async def programmes(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        found = await workspace_programmes(ctx, uow)
    lines = [f"*{p.name}* (`{p.slug}`): {describe(p.settings)}" for p in found]
    card = Card(title=say.LIST_TITLE, sections=tuple(Section(line) for line in lines),
                buttons=tuple(Button(say.BUTTON_JOIN.format(name=p.name), "coffee.join", str(p.id))
                              for p in found[:5]))
    return Reply.say("\n".join(lines), card)


@router.action("coffee.pause")
async def pause_button(ctx: Context) -> Reply:
    ctx.args = (ctx.value or "2 weeks").split()
    return await pause(ctx)


@router.action("coffee.resume")
async def resume_button(ctx: Context) -> Reply:
    return await resume(ctx)
