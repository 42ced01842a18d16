"""Coffee Connect's part of a person's home view: each programme, with join, pause or resume."""
from __future__ import annotations

from ..cards import Button, Section
from ..dates import show_date
from ..router import Context
from ..wording import home as say
from .members import when_next, workspace_programmes
from .model import MemberStatus


async def home_section(ctx: Context) -> tuple[list[Section], list[Button]]:
    async with ctx.services.uow() as uow:
        programmes = await workspace_programmes(ctx, uow)
        mine = {m.programme_id: m for m in await uow.coffee.memberships_of(ctx.actor.key)}
        met = await uow.coffee.met_count(None, ctx.actor.key)
    sections, buttons = [Section(say.INTRO)], []
    for programme in programmes:
        member = mine.get(programme.id)
        if member is None or member.status is MemberStatus.LEFT:
            line = say.NOT_JOINED.format(name=programme.name)
            buttons.append(Button(say.JOIN.format(name=programme.name), "coffee.join",
                                  str(programme.id), "primary"))
        elif member.status is MemberStatus.PAUSED:
            line = say.PAUSED.format(name=programme.name, date=show_date(member.paused_until))
        else:
            line = say.ACTIVE.format(name=programme.name, when=when_next(ctx, programme))
        sections.append(Section(line))
    statuses = {m.status for m in mine.values()}
    if MemberStatus.ACTIVE in statuses:
        buttons.append(Button(say.PAUSE, "coffee.pause", "2 weeks"))
    if MemberStatus.PAUSED in statuses:
        buttons.append(Button(say.RESUME, "coffee.resume", "", "primary"))
    sections.append(Section(say.MET.format(n=met)))
    return sections, buttons
