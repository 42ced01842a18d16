"""``/kmbot my-data`` and ``/kmbot forget-me``: a person's copy of everything kmbot stores
about them, and erasing it.

Every feature declares its part (``Feature.export`` and ``Feature.erase``); this module asks
each of them, in one transaction. Forgetting keeps only what a feature needs to stay correct,
under a random pseudonym that nothing links back to the person.
"""
from __future__ import annotations

import json
import secrets
from typing import Any

from ..cards import Attachment, Button, Card, Message, Reply, Section
from ..ports import UnitOfWork
from ..router import Context, Router
from ..wording import people as say

router = Router("people.data")
PERSONAL_TABLES = ("people", "roles", "mailbox", "console_posts", "console_members",
                   "teams_users")


async def export(uow: UnitOfWork, person_key: str) -> dict[str, Any]:
    return {"profile": await uow.people.export(person_key),
            "roles": await uow.roles.export(person_key),
            "console_messages": await uow.mailbox.export(person_key),
            **await uow.console.export(person_key),
            "platform_addresses": await uow.address_book.export(person_key)}


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str) -> None:
    await uow.roles.erase(person_key, pseudonym)
    await uow.mailbox.erase(person_key)
    await uow.console.erase(person_key, pseudonym)
    await uow.address_book.erase(person_key)
    await uow.people.erase(person_key)


def pseudonym_for(person_key: str) -> str:
    """A fresh key in the person's workspace that says nothing about who they were."""
    platform, workspace, _ = person_key.split(":", 2)
    return f"{platform}:{workspace}:forgotten-{secrets.token_hex(8)}"


@router.command("kmbot", "my-data", usage=say.MY_DATA_USAGE, summary=say.MY_DATA_SUMMARY)
async def my_data(ctx: Context) -> Reply:
    features = ctx.services.features
    async with ctx.services.uow() as uow:
        found = {"person": ctx.actor.key}
        for feature in features:
            if feature.export is not None:
                found[feature.name] = await feature.export(uow, ctx.actor.key)
    content = json.dumps(found, indent=2, ensure_ascii=False, default=str)
    attachment = Attachment(say.MY_DATA_FILENAME, content, "application/json")
    return Reply(messages=(Message(say.MY_DATA_SENT.format(filename=say.MY_DATA_FILENAME),
                                   private=True, attachment=attachment),))


@router.command("kmbot", "forget-me", usage=say.FORGET_USAGE, summary=say.FORGET_SUMMARY)
async def forget_me(ctx: Context) -> Reply:
    card = Card(title=say.FORGET_TITLE, sections=(Section(say.FORGET_ASK),),
                buttons=(Button(say.FORGET_YES, "people.forget", "yes", "danger"),
                         Button(say.FORGET_NO, "people.keep", "no")))
    return Reply.say(say.FORGET_ASK, card)


@router.action("people.forget")
async def forget_confirmed(ctx: Context) -> Reply:
    pseudonym = pseudonym_for(ctx.actor.key)
    async with ctx.services.uow() as uow:
        # each feature first, then the person's own record
        for feature in sorted(ctx.services.features, key=lambda f: f.name == "people"):
            if feature.erase is not None:
                await feature.erase(uow, ctx.actor.key, pseudonym)
    return Reply.say(say.FORGET_DONE)


@router.action("people.keep")
async def forget_declined(ctx: Context) -> Reply:
    return Reply.say(say.FORGET_KEPT)
