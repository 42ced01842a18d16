"""Who acted, where, and what they did: the inbound half of the core's vocabulary.

Adapters build these from platform payloads and hand them to :class:`core.kernel.Kernel`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


class PlaceKind(StrEnum):
    DIRECT = "direct"    # a one-to-one chat with the bot
    GROUP = "group"      # a group DM / group chat
    CHANNEL = "channel"  # a public or private channel / team channel
    THREAD = "thread"    # a thread inside a channel


@dataclass(frozen=True)
class Actor:
    """A person as a platform knows them."""

    platform: str
    workspace: str          # Slack team id, Teams tenant id, "local" for the console
    user_id: str
    display_name: str = ""

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.user_id}"

    @property
    def workspace_key(self) -> str:
        return f"{self.platform}:{self.workspace}"

    @property
    def name(self) -> str:
        return self.display_name or self.user_id


@dataclass(frozen=True)
class Place:
    """Where something was said."""

    kind: PlaceKind
    id: str = ""                 # channel / conversation id ("" for the console's own chat)
    thread_id: str | None = None
    name: str = ""
    #: whether only invited members can see the channel (a Slack private channel, a Teams
    #: private or shared channel); None when the platform did not say. Features fail safe:
    #: unknown counts as private where it decides who may see something.
    private: bool | None = None

    @property
    def is_direct(self) -> bool:
        return self.kind is PlaceKind.DIRECT


@dataclass(frozen=True)
class Command:
    """A typed command: ``coffee join trust-wide`` is name ``coffee``, text ``join trust-wide``.

    ``name`` may be empty when the adapter only has a line of text (a Teams message, a console
    line); the router then takes the first word as the command name.
    """

    actor: Actor
    place: Place
    name: str
    text: str = ""
    event_id: str | None = None   # platform delivery id, for de-duplication


@dataclass(frozen=True)
class Action:
    """A button press on a card the bot sent."""

    actor: Actor
    place: Place
    action_id: str                # e.g. "coffee.met"
    value: str = ""
    event_id: str | None = None


@dataclass(frozen=True)
class Submission:
    """A submitted form (a Slack modal, an Adaptive Card's Action.Submit, console prompts)."""

    actor: Actor
    place: Place
    form_id: str                  # e.g. "coffee.profile"
    values: dict[str, str] = field(default_factory=dict)
    context: str = ""             # the form's hidden context value, echoed back
    event_id: str | None = None


@dataclass(frozen=True)
class ThreadReply:
    """Plain text posted in the thread of a message the bot posted (not a command).

    ``place`` is the channel, with ``thread_id`` the root message's id (Slack ``ts``, Teams
    activity id, console post number); the kernel finds the feature that owns the root.
    Chatter outside the bot's threads never becomes one of these.
    """

    actor: Actor
    place: Place
    text: str
    message_id: str = ""          # the reply's own id on the platform
    event_id: str | None = None


Inbound = Command | Action | Submission | ThreadReply


@dataclass(frozen=True)
class Destination:
    """Where an outbound message goes.

    ``kind`` is ``user`` (one person, ``ids`` has one user id), ``group`` (several people
    together, ``ids`` their user ids) or ``channel`` (``ids`` has one channel/conversation id).
    """

    platform: str
    workspace: str
    kind: str
    ids: tuple[str, ...]
    thread_id: str | None = None

    @classmethod
    def user(cls, actor_key: str) -> "Destination":
        platform, workspace, user_id = split_key(actor_key)
        return cls(platform, workspace, "user", (user_id,))

    @classmethod
    def channel(cls, platform: str, workspace: str, channel_id: str) -> "Destination":
        return cls(platform, workspace, "channel", (channel_id,))

    @classmethod
    def group(cls, actor_keys: list[str]) -> "Destination":
        parts = [split_key(k) for k in actor_keys]
        platform, workspace = parts[0][0], parts[0][1]
        return cls(platform, workspace, "group", tuple(p[2] for p in parts))


def split_key(actor_key: str) -> tuple[str, str, str]:
    """``"slack:T1:U1"`` -> ``("slack", "T1", "U1")``; user ids may themselves hold colons."""
    platform, workspace, user_id = actor_key.split(":", 2)
    return platform, workspace, user_id
