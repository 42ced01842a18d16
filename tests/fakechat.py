"""A fake channel and a chat driver, so command tests read like transcripts.

    reply = await chat.say("ann", "/coffee join")
    assert "You're in" in reply
    await chat.deliver()
    assert "meet" in chat.inbox("bob")[-1].text

Channels, edits and threads, as a feature's transcript test uses them:

    [card] = chat.posts("C1")                        # what was posted in the channel
    await chat.reply_in_thread("ann", card, "Fewer handovers")
    await chat.deliver()
    assert "1 idea" in card.text and card.edits      # the card was edited in place
    assert "Thanks" in chat.thread(card)[-1].text    # the bot answered in its thread
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from core.cards import Button, Message, Reply
from core.channels import DeliveryError, MessageRef, one_per_member
from core.mentions import plain
from core.vocabulary import (Action, Actor, Command, Destination, Place, PlaceKind, Submission,
                             ThreadReply)

PLATFORM = "fake"
WORKSPACE = "T1"
DM = Place(PlaceKind.DIRECT, "D1")


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def today(self, tz: str):
        return self.current.astimezone(ZoneInfo(tz)).date()

    def advance(self, **delta) -> None:
        self.current += timedelta(**delta)

    def set(self, when: datetime) -> None:
        self.current = when.astimezone(timezone.utc)


@dataclass
class Sent:
    destination: Destination
    message: Message                       # as it reads now (after any edits)
    ref: MessageRef | None = None
    edits: list[Message] = field(default_factory=list)   # earlier versions, oldest first

    @property
    def text(self) -> str:
        return plain(self.message.text)


@dataclass
class FakeChannel:
    """Records what the delivery worker sends and edits; can be told to fail."""

    platform: str = PLATFORM
    sent: list[Sent] = field(default_factory=list)
    failures: list[DeliveryError] = field(default_factory=list)   # raised in order, then OK
    members_of: dict[str, list[str]] = field(default_factory=dict)  # channel -> user ids
    outside: set[str] = field(default_factory=set)    # channels the bot is not in
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def fan_out(self, destination: Destination) -> list[Destination]:
        return one_per_member(destination)

    async def send(self, destination: Destination, message: Message) -> MessageRef:
        if self.failures:
            raise self.failures.pop(0)
        conversation = (destination.ids[0] if destination.kind == "channel"
                        else "D-" + "-".join(destination.ids))
        ref = MessageRef(self.platform, destination.workspace, conversation,
                         f"m{next(self._ids)}", destination.thread_id)
        self.sent.append(Sent(destination, message, ref))
        return ref

    async def edit(self, ref: MessageRef, message: Message, *, latest=None) -> None:
        if self.failures:
            raise self.failures.pop(0)
        if latest is not None:
            message = await latest()
        for sent in self.sent:
            if sent.ref == ref:
                sent.edits.append(sent.message)
                sent.message = message
                return
        raise DeliveryError("message_not_found", permanent=True, kind="thread_gone")

    async def members(self, destination: Destination) -> list[str]:
        return list(self.members_of.get(destination.ids[0], []))

    async def can_post(self, destination: Destination) -> bool:
        return destination.ids[0] not in self.outside


class Chat:
    def __init__(self, runtime, channel: FakeChannel) -> None:
        self.runtime = runtime
        self.channel = channel
        self.last: Reply | None = None

    def actor(self, user: str) -> Actor:
        return Actor(PLATFORM, WORKSPACE, user, user.capitalize())

    async def say(self, user: str, text: str, place: Place = DM, event_id: str | None = None) -> str:
        self.last = await self.runtime.kernel.handle(
            Command(self.actor(user), place, "", text, event_id))
        return plain(self.last.text)

    async def press(self, user: str, label: str, on: Sent | None = None) -> str:
        """Press a button on the latest message to ``user`` with that label, or on ``on``
        (a channel post, say: ``await chat.press("ann", "Add an idea", card)``)."""
        button = self.find_button(user, label) if on is None else _button(on, label)
        place = DM if on is None or on.ref is None else Place(
            PlaceKind.CHANNEL, on.ref.conversation)
        self.last = await self.runtime.kernel.handle(
            Action(self.actor(user), place, button.action_id, button.value))
        return plain(self.last.text)

    async def submit(self, user: str, form_id: str, values: dict[str, str],
                     context: str = "") -> Reply:
        self.last = await self.runtime.kernel.handle(
            Submission(self.actor(user), DM, form_id, values, context))
        return self.last

    def find_button(self, user: str, label: str) -> Button:
        """The button in the last reply, or else in the latest message delivered to ``user``."""
        for message in (self.last.messages if self.last else ()):
            for button in (message.card.buttons if message.card else ()):
                if button.label == label:
                    return button
        for sent in reversed(self.inbox(user)):
            for button in (sent.message.card.buttons if sent.message.card else ()):
                if button.label == label:
                    return button
        raise AssertionError(f"{user} has no message with a {label!r} button")

    async def deliver(self) -> int:
        return await self.runtime.delivery.drain()

    def inbox(self, user: str) -> list[Sent]:
        return [s for s in self.channel.sent
                if s.destination.kind in ("user", "group") and user in s.destination.ids]

    def posts(self, channel_id: str) -> list[Sent]:
        """What was posted in a channel (not in threads)."""
        return [s for s in self.channel.sent
                if s.destination.kind == "channel" and channel_id in s.destination.ids
                and s.destination.thread_id is None]

    def thread(self, root: Sent) -> list[Sent]:
        """What the bot posted in the thread of one of its messages."""
        assert root.ref is not None
        return [s for s in self.channel.sent if s.ref is not None and s is not root
                and s.ref.conversation == root.ref.conversation and s.ref.thread == root.ref.id]

    async def reply_in_thread(self, user: str, root: Sent, text: str,
                              event_id: str | None = None) -> str:
        """A person's plain reply in the thread of a message the bot posted."""
        assert root.ref is not None, "only a sent message has a thread"
        place = Place(PlaceKind.THREAD, root.ref.conversation, root.ref.id)
        self.last = await self.runtime.kernel.handle(ThreadReply(
            self.actor(user), place, text, f"r{next(self.channel._ids)}", event_id))
        return plain(self.last.text)


def _button(sent: Sent, label: str) -> Button:
    for button in (sent.message.card.buttons if sent.message.card else ()):
        if button.label == label:
            return button
    raise AssertionError(f"{sent.text!r} has no {label!r} button")
