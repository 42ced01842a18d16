"""How the core reaches people: the Channel protocol every adapter implements for sending.

The delivery worker (:mod:`core.delivery`) takes rows from the persistent outbox and calls
``send`` on the channel registered for the row's platform (``edit`` for an edit of a message
it posted; see :mod:`core.messaging`). A channel raises
:class:`DeliveryError` to say what went wrong; ``permanent`` errors are recorded and never
retried, the others are retried with backoff (``retry_after`` seconds when the platform said).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable, Protocol

from .cards import Message
from .vocabulary import Destination


@dataclass(frozen=True)
class MessageRef:
    """What a channel posted: Slack channel id and ``ts``; Teams conversation id and activity
    id; the console's channel key and post number. ``thread`` is the root's id when the
    message was itself posted in a thread."""

    platform: str
    workspace: str
    conversation: str
    id: str
    thread: str | None = None


#: why a message can never be delivered where it was going (``DeliveryError.kind``): the
#: feature that posted it is told (``@router.undeliverable(owner)``), to stop trying
CHANNEL_GONE = "channel_gone"          # archived or deleted
NOT_IN_CHANNEL = "not_in_channel"      # the bot was removed (or never added)
THREAD_GONE = "thread_gone"            # the message it answers or edits was deleted


class DeliveryError(Exception):
    """``unreachable``: the recipient cannot be reached at all (left, uninstalled, blocked,
    the channel is gone); always permanent, shown as "not reachable"."""

    def __init__(self, reason: str, *, permanent: bool = False,
                 retry_after: float | None = None, kind: str | None = None,
                 unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent or unreachable
        self.retry_after = retry_after
        self.kind = kind             # CHANNEL_GONE, NOT_IN_CHANNEL, THREAD_GONE or None
        self.unreachable = unreachable


class Channel(Protocol):
    platform: str

    def fan_out(self, destination: Destination) -> list[Destination]:
        """Split one destination into the ones this platform can send to.

        Slack can open a group DM, so a ``group`` stays one destination; Teams cannot start a
        group chat, so a ``group`` becomes one ``user`` destination per member.
        """

    async def send(self, destination: Destination, message: Message) -> MessageRef | None:
        """Send one message (in ``destination.thread_id``'s thread when set); return what
        was posted (the first part, when a long message was split); raise
        :class:`DeliveryError` on failure."""

    async def edit(self, ref: MessageRef, message: Message, *,
                   latest: Callable[[], Awaitable[Message]] | None = None) -> None:
        """Replace a message this channel posted; raise :class:`DeliveryError` on failure.
        ``latest``, when given, reads the message's newest content: a channel that waits
        for its platform's pace calls it once its turn has come, just before the request
        goes out, so what it sends is not stale by the time of sending (and sends
        ``message`` itself when ``latest`` is None)."""

    async def members(self, destination: Destination) -> list[str]:
        """The user ids of who is in a ``channel`` destination (optional: a channel without
        this method counts as not knowing)."""

    async def can_post(self, destination: Destination) -> bool:
        """Whether the bot is in (and may post to) a ``channel`` destination (optional: a
        channel without this method counts as yes)."""


class Channels:
    """The channels this process can send through, by platform."""

    def __init__(self) -> None:
        self._by_platform: dict[str, Channel] = {}

    def register(self, channel: Channel) -> None:
        self._by_platform[channel.platform] = channel

    def get(self, platform: str) -> Channel | None:
        return self._by_platform.get(platform)

    @property
    def platforms(self) -> list[str]:
        return sorted(self._by_platform)

    def fan_out(self, destination: Destination) -> list[Destination]:
        channel = self.get(destination.platform)
        return channel.fan_out(destination) if channel else [destination]

    async def members(self, destination: Destination) -> list[str]:
        """Person keys of who is in a channel; [] when its platform cannot say."""
        members = getattr(self.get(destination.platform), "members", None)
        if members is None:
            return []
        return [f"{destination.platform}:{destination.workspace}:{user_id}"
                for user_id in await members(destination)]


    async def can_post(self, destination: Destination) -> bool:
        """Whether the bot can post in a channel; True when its platform cannot say."""
        check = getattr(self.get(destination.platform), "can_post", None)
        return True if check is None else await check(destination)


def one_per_member(destination: Destination) -> list[Destination]:
    """A ``fan_out`` for platforms that cannot start group chats."""
    if destination.kind != "group":
        return [destination]
    return [Destination(destination.platform, destination.workspace, "user", (uid,))
            for uid in destination.ids]
