"""What every wall and poll handler shares: finding the wall, who may moderate it, and
keeping its card, its ideas' messages and its thread up to date through the outbox."""
from __future__ import annotations

from ..errors import UserError
from ..numbers import record_id
from ..ports import UnitOfWork
from ..router import Context
from ..services import Services
from ..vocabulary import Destination
from ..wording import walls as say
from . import render
from .model import Idea, Kind, Wall

TOP = 3        # the ideas with the most +1s, on the card


async def find(ctx: Context, uow: UnitOfWork, value: str, *, for_update: bool = False) -> Wall:
    """The wall or poll numbered ``value`` in the person's workspace, or a clear refusal."""
    wall_id = record_id(value)
    wall = await uow.walls.get(wall_id, for_update=for_update) if wall_id else None
    if wall is None or wall.workspace_key != ctx.actor.workspace_key:
        raise UserError(say.NO_SUCH_WALL.format(id=value) if value else say.WALL_GONE)
    return wall


async def find_idea(ctx: Context, uow: UnitOfWork, value: str, *, for_update: bool = False,
                    for_share: bool = False, comments: bool = True) -> tuple[Wall, Idea]:
    idea_id = record_id(value)
    idea = await uow.walls.idea(idea_id, comments=comments) if idea_id else None
    wall = (await uow.walls.get(idea.wall_id, for_update=for_update, for_share=for_share)
            if idea else None)
    if idea is None or wall is None or wall.workspace_key != ctx.actor.workspace_key:
        raise UserError(say.IDEA_GONE)
    return wall, idea


def require_open(wall: Wall, services: Services) -> None:
    if not wall.is_open:
        template = say.POLL_CLOSED if wall.kind is Kind.POLL else say.WALL_CLOSED
        raise UserError(template.format(when=render.when(wall.closed_at,
                                                         services.config.default_timezone)))


def may_moderate(ctx: Context, wall: Wall) -> bool:
    return ctx.is_librarian or ctx.actor.key == wall.created_by


def require_moderator(ctx: Context, wall: Wall) -> None:
    if not may_moderate(ctx, wall):
        raise UserError(say.MODERATORS_ONLY)


def destination(wall: Wall) -> Destination:
    platform, workspace = wall.workspace_key.split(":", 1)
    return Destination.channel(platform, workspace, wall.channel)


async def card_message(services: Services, uow: UnitOfWork, wall: Wall):
    tz = services.config.default_timezone
    if wall.kind is Kind.POLL:
        return render.poll_card(wall, await uow.walls.votes(wall.id),
                                await uow.walls.voters(wall.id), tz)
    top = [] if wall.settings.hidden and wall.is_open else await uow.walls.top(wall.id, TOP)
    return render.wall_card(wall, await uow.walls.tally(wall.id), tz,
                            [i for i in top if i.votes])


async def refresh_card(services: Services, uow: UnitOfWork, wall: Wall) -> None:
    """New counts on the card (pending edits coalesce: only the latest is sent)."""
    if wall.card_id is not None:
        await uow.walls.lock_card(wall.id)     # then the counts read include every vote
        await services.queue_edit(uow, wall.card_id, await card_message(services, uow, wall))


async def people_for(uow: UnitOfWork, ideas: list[Idea]):
    keys = {i.author_key for i in ideas if i.author_key}
    keys |= {c.author_key for i in ideas for c in i.comments if c.author_key}
    return await uow.people.get_many(sorted(keys)) if keys else {}


async def post_idea(services: Services, uow: UnitOfWork, wall: Wall, idea: Idea) -> None:
    """The idea as its own message in the wall's thread, with its buttons."""
    if wall.card_id is None:
        return
    full = await uow.walls.idea(idea.id)
    message = render.idea_message(wall, full, await people_for(uow, [full]))
    post_id = await services.queue_in_thread(uow, wall.card_id, message,
                                             dedup_key=f"walls:idea:{idea.id}")
    if post_id is not None:
        await uow.walls.set_post(idea.id, post_id)


async def refresh_ideas(services: Services, uow: UnitOfWork, wall: Wall,
                        idea_ids: list[int]) -> None:
    """New counts on several ideas' messages (read together, edited in one statement;
    each edit coalesces)."""
    ideas = [i for i in await uow.walls.some(idea_ids) if i.post_id is not None]
    people = await people_for(uow, ideas)
    await services.queue_edits(uow, [(idea.post_id, render.idea_message(wall, idea, people))
                                     for idea in ideas])


async def refresh_idea(services: Services, uow: UnitOfWork, wall: Wall, idea_id: int) -> None:
    idea = await uow.walls.idea(idea_id)
    if idea is not None and idea.post_id is not None:
        await services.queue_edit(uow, idea.post_id, render.idea_message(
            wall, idea, await people_for(uow, [idea])))

