"""Sending to the console: people's messages wait in their mailbox until they open the
console; channel posts are numbered in the channel (threads under their post) and shown to
whoever opens it. Each send returns a :class:`~core.channels.MessageRef` (the channel and post
number, or ``@user`` and mailbox number), so messages can be edited and answered in thread.
"""
from __future__ import annotations

from typing import Awaitable, Callable

from core.cards import Message
from core.channels import THREAD_GONE, DeliveryError, MessageRef, one_per_member
from core.serialize import message_to_dict
from core.services import Services
from core.vocabulary import Destination

PLATFORM = "console"


class ConsoleChannel:
    platform = PLATFORM

    def __init__(self, services: Services) -> None:
        self.services = services

    def fan_out(self, destination: Destination) -> list[Destination]:
        return one_per_member(destination)

    async def send(self, destination: Destination, message: Message) -> MessageRef:
        data, target = message_to_dict(message), destination.ids[0]
        async with self.services.uow() as uow:
            if destination.kind == "channel" and not target.startswith("@"):
                thread = int(destination.thread_id) if destination.thread_id else None
                number = await uow.console.post(target, data, self.services.now(),
                                                thread=thread)
                return MessageRef(PLATFORM, destination.workspace, target, str(number),
                                  destination.thread_id)
            user = target.removeprefix("@")
            mail = await uow.mailbox.put(self._key(destination.workspace, user), data,
                                         self.services.now())
            return MessageRef(PLATFORM, destination.workspace, f"@{user}", str(mail),
                              destination.thread_id)

    async def edit(self, ref: MessageRef, message: Message, *,
                   latest: Callable[[], Awaitable[Message]] | None = None) -> None:
        data = message_to_dict(await latest() if latest else message)
        async with self.services.uow() as uow:
            if ref.conversation.startswith("@"):
                found = await uow.mailbox.replace(
                    self._key(ref.workspace, ref.conversation[1:]), int(ref.id), data)
            else:
                found = await uow.console.edit(ref.conversation, int(ref.id), data,
                                               self.services.now())
        if not found:
            raise DeliveryError("message_not_found", permanent=True, kind=THREAD_GONE)

    async def members(self, destination: Destination) -> list[str]:
        """Who has opened the channel (read apart from any writing unit of work the caller
        holds: on SQLite a second writer would wait for the first, which waits for this)."""
        async with self.services.uow(read_only=True) as uow:
            keys = await uow.console.members(destination.ids[0])
        return [key.split(":", 2)[2] for key in keys]

    @staticmethod
    def _key(workspace: str, user: str) -> str:
        return f"{PLATFORM}:{workspace}:{user}"
