"""+1s on a busy wall, counted together: each press waits its turn, and the presses that
arrived meanwhile are counted in one transaction (one set-based upsert of the votes, the
ideas' counts moved by what was really inserted or deleted, one re-render of each idea
touched and of the card). A quiet wall counts a press at once, alone; a wall with hundreds
of people pressing at the same moment does the work of one press per batch, so the counts
keep up and the card is re-rendered only as often as the batches come.

One vote per person per idea still holds: pressing again takes it back (in the order the
presses came, even within one batch), and the database's unique key decides between two
processes counting at once.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass

from ..errors import UserError
from ..services import Services
from ..wording import walls as say
from . import render
from .board import refresh_card, refresh_ideas
from .model import Kind

BATCH = 200          # presses counted in one transaction at most


@dataclass
class Press:
    idea_id: int
    voter: str                      # the keyed hash of wall and person
    workspace: str                  # where the person is: the wall must be there too
    done: asyncio.Future


class Counter:
    """The presses waiting, per wall, in this process (a batch is counted by one task)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.waiting: dict[int, list[Press]] = defaultdict(list)
        self.counting: dict[int, asyncio.Task] = {}

    async def press(self, wall_id: int, idea_id: int, voter: str, workspace: str) -> bool:
        """Count or take back one +1; True when it now counts (a UserError when the wall
        is closed, or the idea gone or hidden)."""
        done = asyncio.get_running_loop().create_future()
        self.waiting[wall_id].append(Press(idea_id, voter, workspace, done))
        if wall_id not in self.counting:
            self.counting[wall_id] = asyncio.ensure_future(self._count(wall_id))
        return await done

    async def _count(self, wall_id: int) -> None:
        try:
            while self.waiting.get(wall_id):
                batch: list[Press] = []
                try:
                    # the batch is taken once the transaction has begun: on SQLite, the
                    # presses that came while it waited for the writer go in it too
                    async with self.services.uow() as uow:
                        batch = self._take(wall_id)
                        results = await count(self.services, uow, wall_id, batch)
                except Exception as error:           # each press reports it (and is retried)
                    batch = batch or self._take(wall_id)
                    results = [error] * len(batch)
                for press, result in zip(batch, results):
                    if press.done.done():
                        continue
                    if isinstance(result, Exception):
                        press.done.set_exception(result)
                    else:
                        press.done.set_result(result)
        finally:
            self.counting.pop(wall_id, None)
            if not self.waiting.get(wall_id):
                self.waiting.pop(wall_id, None)

    def _take(self, wall_id: int) -> list[Press]:
        batch = self.waiting[wall_id][:BATCH]
        del self.waiting[wall_id][:BATCH]
        return batch


def counter(services: Services) -> Counter:
    found = getattr(services, "_wall_votes", None)
    if found is None:
        found = Counter(services)
        setattr(services, "_wall_votes", found)
    return found


async def count(services: Services, uow, wall_id: int, batch: list[Press]) -> list:
    """Count ``batch`` in ``uow``: each press's result (True, False or a UserError)."""
    wall = await uow.walls.get(wall_id, for_share=True)
    if wall is None or wall.kind is not Kind.WALL:
        return [UserError(say.WALL_GONE)] * len(batch)
    elsewhere = UserError(say.IDEA_GONE)
    results: list = [elsewhere if p.workspace != wall.workspace_key else None for p in batch]
    batch = [p for p, r in zip(batch, results) if r is None]
    if not wall.is_open:
        closed = UserError(say.WALL_CLOSED.format(when=render.when(
            wall.closed_at, services.config.default_timezone)))
        return [r or closed for r in results]
    pairs = [(p.idea_id, p.voter) for p in batch]
    live = await uow.walls.shown_ideas(wall_id, sorted({p.idea_id for p in batch}),
                                       posted=wall.settings.hidden)
    before = await uow.walls.votes_of(wall_id, pairs)
    after, outcome = set(before), []
    for pair in pairs:
        if pair[0] not in live:              # gone, hidden, or not on this wall
            outcome.append(UserError(say.IDEA_GONE))
        elif pair in after:
            after.discard(pair)
            outcome.append(False)
        else:
            after.add(pair)
            outcome.append(True)
    counted = iter(outcome)
    results = [r if r is not None else next(counted) for r in results]
    touched = await uow.walls.apply_votes(wall_id, sorted(after - before),
                                          sorted(before - after), services.now())
    if touched:
        await refresh_ideas(services, uow, wall, sorted(touched))
        await refresh_card(services, uow, wall)
    return results
