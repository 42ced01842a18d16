"""A person's own ideas on a wall, with Edit and Delete: ``/wall mine <id>``, and the answer
to an idea added to a wall that keeps ideas hidden until it closes (whose ideas have no
message of their own, so no buttons, until then).

Anonymous ideas are found by the person's keyed hash on that wall, computed now from their
key, never by a stored id (see :mod:`.anonymity`); the buttons carry only the idea's number,
and pressing them checks the hash again.
"""
from __future__ import annotations

from ..cards import Button, Card, Reply, Section
from ..errors import UserError
from ..router import Context, Router
from ..wording import walls as say
from .anonymity import me
from .board import find
from .model import Idea, Kind, Wall

router = Router("walls.mine")


def own_idea_buttons(idea: Idea) -> tuple[Button, ...]:
    return (Button(say.EDIT, "walls.edit", str(idea.id)),
            Button(say.DELETE, "walls.delete", str(idea.id), "danger"))


def added_hidden(idea: Idea) -> Reply:
    """Thanks, with the buttons to change the idea until the wall closes."""
    return Reply.say(say.IDEA_ADDED_HIDDEN, Card(sections=(
        Section(say.IDEA_ADDED_HIDDEN), Section(say.MINE_LINE.format(id=idea.id,
                                                                     text=idea.text))),
        buttons=own_idea_buttons(idea)))


def listing(wall: Wall, ideas: list[Idea]) -> Reply:
    if not ideas:
        return Reply.say(say.MINE_NONE.format(id=wall.id))
    head = say.MINE_HEAD.format(id=wall.id, question=wall.question)
    lines = [say.MINE_LINE.format(id=i.id, text=i.text) for i in ideas]
    if not wall.is_open:
        return Reply.say("\n".join([head, *lines, say.MINE_CLOSED]))
    messages = [Reply.say(f"{head}\n{line}" if n == 0 else line, Card(
        sections=((Section(head),) if n == 0 else ()) + (Section(line),),
        buttons=own_idea_buttons(idea))).messages[0]
        for n, (line, idea) in enumerate(zip(lines, ideas))]
    return Reply(messages=tuple(messages))


@router.command("wall", "mine", usage=say.MINE_USAGE, summary=say.MINE_SUMMARY)
async def mine(ctx: Context) -> Reply:
    if not ctx.args:
        raise UserError(say.WHICH_WALL.format(usage=say.MINE_USAGE))
    async with ctx.services.uow(read_only=True) as uow:
        wall = await find(ctx, uow, ctx.args[0])
        if wall.kind is not Kind.WALL:
            raise UserError(say.MINE_POLL.format(id=wall.id))
        ideas = await uow.walls.ideas_by(wall.id, me(ctx, wall.id))
    return listing(wall, ideas[:20])
