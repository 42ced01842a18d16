"""Librarians: named in settings (KMBOT_LIBRARIANS) or granted from chat by a librarian."""
from __future__ import annotations

from . import wording
from .cards import Reply
from .errors import UserError
from .mentions import mention, parse_mention
from .router import Context, Router
from .services import LIBRARIAN

router = Router("kmbot.roles")


async def _target(ctx: Context, words: list[str], usage: str):
    if not words:
        raise UserError(wording.ROLE_NEED_PERSON, usage)
    token = " ".join(words)
    found = parse_mention(token)
    async with ctx.services.uow() as uow:
        if found:
            user_id, name = found
            key = f"{ctx.actor.workspace_key}:{user_id}"
            return (await uow.people.get(key)
                    or await uow.people.touch(key, name, ctx.services.now()))
        people = await uow.people.find_by_name(ctx.actor.workspace_key, token)
    if not people:
        raise UserError(wording.ROLE_UNKNOWN_PERSON.format(name=token))
    if len(people) > 1:
        raise UserError(wording.ROLE_AMBIGUOUS.format(name=token))
    return people[0]


@router.command("kmbot", "librarian", usage=wording.ROLE_USAGE, summary=wording.ROLE_SUMMARY,
                librarian=True)
async def librarian(ctx: Context) -> Reply:
    verb = ctx.args[0].lower() if ctx.args else ""
    if verb not in ("add", "remove"):
        raise UserError(wording.ROLE_VERB, wording.ROLE_USAGE)
    usage = wording.ROLE_USAGE_GRANT if verb == "add" else wording.ROLE_USAGE_REVOKE
    person = await _target(ctx, ctx.args[1:], usage)
    name = mention(person.user_id, person.name)
    async with ctx.services.uow() as uow:
        if verb == "add":
            done = await uow.roles.grant(person.key, LIBRARIAN, ctx.actor.key, ctx.services.now())
            return Reply.say((wording.ROLE_GRANTED if done else wording.ROLE_ALREADY).format(name=name))
        done = await uow.roles.revoke(person.key, LIBRARIAN)
    if not done and ctx.services.librarian_by_settings(person.key):
        return Reply.say(wording.ROLE_FROM_SETTINGS.format(name=name))
    return Reply.say((wording.ROLE_REVOKED if done else wording.ROLE_NOT_HELD).format(name=name))


@router.command("kmbot", "librarians", usage="/kmbot librarians", summary=wording.ROLES_SUMMARY)
async def librarians(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        keys = await uow.roles.holders(ctx.actor.workspace_key, LIBRARIAN)
        people = await uow.people.get_many(keys)
    if not keys:
        return Reply.say(wording.ROLE_LIST_EMPTY)
    names = ", ".join(mention(people[k].user_id, people[k].name) for k in keys if k in people)
    return Reply.say(wording.ROLE_LIST.format(names=names))
