"""A fake channel and a chat driver, so command tests read like transcripts.

    reply = await chat.say("ann", "/coffee join")
    assert "You're in" in reply
    await chat.deliver()
    assert "meet" in chat.inbox("bob")[-1].text
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from core.cards import Button, Message, Reply
from core.channels import DeliveryError, one_per_member
from core.mentions import plain
from core.vocabulary import Action, Actor, Command, Destination, Place, PlaceKind, Submission

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
    message: Message

    @property
    def text(self) -> str:
        return plain(self.message.text)


@dataclass
class FakeChannel:
    """Records what the delivery worker sends; can be told to fail."""

    platform: str = PLATFORM
    sent: list[Sent] = field(default_factory=list)
    failures: list[DeliveryError] = field(default_factory=list)   # raised in order, then OK

    def fan_out(self, destination: Destination) -> list[Destination]:
        return one_per_member(destination)

    async def send(self, destination: Destination, message: Message) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(Sent(destination, message))


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

    async def press(self, user: str, label: str) -> str:
        button = self.find_button(user, label)
        self.last = await self.runtime.kernel.handle(
            Action(self.actor(user), DM, button.action_id, button.value))
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
        return [s for s in self.channel.sent
                if s.destination.kind == "channel" and channel_id in s.destination.ids]
