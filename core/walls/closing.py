"""Closing a wall or poll (early, from the button or command, or at its time by the
``walls.close`` job) and opening it again. Closing posts the summary in the thread, shows the
ideas of a hidden wall, takes the buttons off and says so on the card, in one transaction."""
from __future__ import annotations

from datetime import datetime, timedelta

from ..jobs import JobKind, JobRun
from ..ports import UnitOfWork
from ..services import Services
from . import render
from .board import people_for, post_idea, refresh_card, refresh_idea
from .model import Kind, Wall

CLOSE_JOB = "walls.close"


async def close(services: Services, uow: UnitOfWork, wall: Wall) -> Wall:
    """Close ``wall`` (read for update in ``uow``); returns it as closed."""
    now = services.now()
    await uow.walls.set_closed(wall.id, now)
    await uow.jobs.unschedule(CLOSE_JOB, str(wall.id))
    wall = await uow.walls.get(wall.id)
    if wall.card_id is None:
        return wall
    if wall.kind is Kind.POLL:
        votes = await uow.walls.votes(wall.id)
        result = render.poll_result(wall, votes, await uow.walls.voters(wall.id))
        await services.queue_in_thread(uow, wall.card_id, result,
                                       dedup_key=f"walls:{wall.id}:result:{now.isoformat()}")
    else:
        ideas = await uow.walls.ideas(wall.id)
        for idea in ideas:
            if idea.post_id is None and not idea.is_hidden:   # a hidden-until-close wall
                await post_idea(services, uow, wall, idea)
            elif idea.post_id is not None:
                await refresh_idea(services, uow, wall, idea.id)
        message = render.summary(wall, ideas, await uow.walls.participants(wall.id),
                                 await people_for(uow, ideas))
        await services.queue_in_thread(uow, wall.card_id, message,
                                       dedup_key=f"walls:{wall.id}:summary:{now.isoformat()}")
    await refresh_card(services, uow, wall)
    return wall


async def reopen(services: Services, uow: UnitOfWork, wall: Wall) -> Wall:
    await uow.walls.set_closed(wall.id, None)
    wall = await uow.walls.get(wall.id)
    if wall.kind is Kind.WALL:
        for idea in await uow.walls.ideas(wall.id):
            if idea.post_id is not None:
                await refresh_idea(services, uow, wall, idea.id)
    await refresh_card(services, uow, wall)
    return wall


async def schedule_close(services: Services, uow: UnitOfWork, wall: Wall) -> None:
    if wall.settings.closes_at is not None:
        await uow.jobs.schedule(CLOSE_JOB, str(wall.id), wall.settings.closes_at,
                                services.now())


async def run_close(services: Services, run: JobRun) -> None:
    """At the closing time; safe to run again (a closed wall is left as it is)."""
    async with services.uow() as uow:
        wall = await uow.walls.get(int(run.key), for_update=True)
        if wall is not None and wall.is_open:
            await close(services, uow, wall)


async def no_next(uow: UnitOfWork, key: str, after: datetime) -> datetime | None:
    return None          # a wall closes once


CLOSE = JobKind(CLOSE_JOB, run_close, grace=timedelta(days=7), next_due=no_next)
JOBS = (CLOSE,)
