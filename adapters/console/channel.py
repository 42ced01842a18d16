"""Sending to console users: messages wait in their mailbox until they open the console."""
from __future__ import annotations

from core.cards import Message
from core.channels import one_per_member
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

    async def send(self, destination: Destination, message: Message) -> None:
        prefix = "#" if destination.kind == "channel" else ""
        key = f"{destination.platform}:{destination.workspace}:{prefix}{destination.ids[0]}"
        async with self.services.uow() as uow:
            await uow.mailbox.put(key, message_to_dict(message), self.services.now())
