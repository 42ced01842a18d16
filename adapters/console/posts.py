"""A console channel as its readers see it: numbered posts, thread replies under their post,
and edited posts shown again with "(edited)"; ``thread N <text>`` replies in a thread."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.serialize import message_from_dict
from core.vocabulary import Actor, Place, PlaceKind, ThreadReply
from core.wording import console as say

from .render import Choices, render

THREAD = re.compile(r"^thread\b\s*(\d*)\s*(.*)$", re.IGNORECASE | re.DOTALL)
CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


def channel_name(text: str) -> str | None:
    """``#Ward-7`` -> ``ward-7``; None when it can't be a channel name."""
    name = text.strip().lstrip("#").lower()
    return name if CHANNEL_NAME.match(name) else None


def _author(key: str, people: dict) -> str:
    if not key:
        return say.BOT_AUTHOR
    person = people.get(key)
    return (person.display_name if person else "") or key.split(":", 2)[-1]


@dataclass
class ChannelView:
    """What this reader has been shown of one channel, so only news is shown next."""

    services: object
    channel: str
    shown: dict[int, dict] = field(default_factory=dict)

    async def join(self, actor: Actor) -> None:
        async with self.services.uow() as uow:
            await uow.console.join(self.channel, actor.key, self.services.now())

    async def news(self, choices: Choices) -> list[str]:
        """New and edited posts since last time, rendered."""
        async with self.services.uow() as uow:
            posts = await uow.console.posts(self.channel)
            authors = await uow.people.get_many([p.author for p in posts if p.author])
        lines = []
        for post in posts:
            if self.shown.get(post.number) == post.message:
                continue
            edited = say.EDITED if post.number in self.shown else ""
            self.shown[post.number] = post.message
            author = _author(post.author, authors)
            head = (say.THREAD_HEAD if post.thread else say.POST_HEAD).format(
                number=post.number, author=author, edited=edited)
            body = render(message_from_dict(post.message), choices).split("\n")
            indent = " " * (len(head) if post.thread else 4)
            lines.append(head + body[0] + "".join(f"\n{indent}{line}" for line in body[1:]))
        return lines

    async def reply(self, actor: Actor, number: int, text: str) -> ThreadReply | str:
        """Post ``text`` in post ``number``'s thread; the event for the kernel, or what to
        tell the person when there is no such post."""
        async with self.services.uow() as uow:
            post = await uow.console.get(self.channel, number)
            if post is None:
                return say.NO_SUCH_POST.format(number=number, channel=self.channel)
            root = post.thread or post.number
            mine = await uow.console.post(self.channel, {"text": text}, self.services.now(),
                                          thread=root, author=actor.key)
        self.shown[mine] = {"text": text}
        return ThreadReply(actor, Place(PlaceKind.THREAD, self.channel, str(root),
                                        name=self.channel),
                           text, message_id=str(mine), event_id=f"post:{self.channel}:{mine}")
