"""Slack payloads as the core's inbound events: who acted, where, and what they did.

Every event carries an ``event_id`` for the kernel's persistent de-duplication: the Events
API envelope's ``event_id`` (the same on every redelivery), or the ``trigger_id`` that Slack
gives each slash command, button press and modal submission.
"""
from __future__ import annotations

import re

from core.vocabulary import Action, Actor, Command, Place, PlaceKind, Submission, ThreadReply

from .modals import SubmittedForm

PLATFORM = "slack"
LEADING_MENTION = re.compile(r"^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[\s:,]*")


def unescape(text: str) -> str:
    """Slack sends what people typed with ``&``, ``<`` and ``>`` escaped (its own mentions and
    links stay ``<...>``): the core gets the text as typed, and escaping again is the Slack
    renderer's job (``escape.py``)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def place_kind(channel_id: str, channel_name: str = "", channel_type: str = "") -> PlaceKind:
    if channel_type == "im" or channel_name == "directmessage" or channel_id.startswith("D"):
        return PlaceKind.DIRECT
    if channel_type == "mpim" or channel_name.startswith("mpdm-"):
        return PlaceKind.GROUP
    return PlaceKind.CHANNEL


def privacy(channel_id: str, channel_name: str = "", channel_type: str = "") -> bool | None:
    """Whether a channel is private, from what Slack's payload says; None when it does not.

    Slash commands name a private channel ``privategroup``; events give ``channel_type``
    ``group`` (private) or ``channel`` (public); older private channels have ``G`` ids.
    A public channel's slash command carries its real name.
    """
    if channel_type in ("group", "channel"):
        return channel_type == "group"
    if channel_name == "privategroup" or channel_id.startswith("G"):
        return True
    if channel_name and channel_id.startswith("C"):
        return False
    return None


def command(body: dict) -> Command:
    """A slash command: ``/coffee join x`` is name ``coffee``, text ``join x``."""
    actor = Actor(PLATFORM, body.get("team_id", ""), body["user_id"], body.get("user_name", ""))
    channel = body.get("channel_id", "")
    name = body.get("channel_name", "")
    place = Place(place_kind(channel, name), channel, name=name,
                  private=privacy(channel, name))
    return Command(actor, place, body.get("command", "").lstrip("/"),
                   unescape(body.get("text", "")), event_id=command_event_id(body))


def command_event_id(body: dict) -> str | None:
    trigger = body.get("trigger_id")
    return f"trigger:{trigger}" if trigger else None


def interactive_actor(body: dict) -> Actor:
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id", "")
    return Actor(PLATFORM, team, user["id"], user.get("name") or user.get("username", ""))


def interactive_place(body: dict) -> Place:
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id", "")
    if not channel:
        return Place(PlaceKind.DIRECT)
    thread = container.get("thread_ts")
    name = (body.get("channel") or {}).get("name", "")
    kind = PlaceKind.THREAD if thread else place_kind(channel, name)
    return Place(kind, channel, thread, private=privacy(channel, name))


def action(body: dict, action_id: str, value: str) -> Action:
    return Action(interactive_actor(body), interactive_place(body), action_id, value,
                  event_id=command_event_id(body))


def submission(body: dict, form: SubmittedForm) -> Submission:
    origin = form.origin
    place = Place(PlaceKind(origin.kind), origin.channel_id, origin.thread_id,
                  private=origin.private)
    return Submission(interactive_actor(body), place, form.form_id, form.values, form.context,
                      event_id=command_event_id(body))


def message_command(body: dict, event: dict, bot_user_id: str | None) -> Command:
    """A message typed to the bot (a DM, or a channel message mentioning it): the text goes
    through the same router as slash commands, minus the bot's mention."""
    text = unescape(event.get("text", ""))
    match = LEADING_MENTION.match(text)
    if match and (bot_user_id is None or match.group(1) == bot_user_id):
        text = text[match.end():]
    channel = event.get("channel", "")
    thread = event.get("thread_ts")
    kind = PlaceKind.THREAD if thread else place_kind(channel,
                                                      channel_type=event.get("channel_type", ""))
    actor = Actor(PLATFORM, body.get("team_id") or event.get("team", ""), event["user"])
    event_id = body.get("event_id")
    place = Place(kind, channel, thread,
                  private=privacy(channel, channel_type=event.get("channel_type", "")))
    return Command(actor, place, "", text.strip(),
                   event_id=f"event:{event_id}" if event_id else None)


def thread_reply(body: dict, event: dict) -> ThreadReply:
    """A plain reply in a channel thread: the kernel decides whether the thread is the bot's."""
    actor = Actor(PLATFORM, body.get("team_id") or event.get("team", ""), event["user"])
    channel = event.get("channel", "")
    place = Place(PlaceKind.THREAD, channel, event["thread_ts"],
                  private=privacy(channel, channel_type=event.get("channel_type", "")))
    event_id = body.get("event_id")
    return ThreadReply(actor, place, event.get("text", ""), message_id=event.get("ts", ""),
                       event_id=f"event:{event_id}" if event_id else None)


def bot_user_of(body: dict, known: str | None) -> str | None:
    """The bot's own user id: known from ``auth.test``, else the event's authorizations."""
    if known:
        return known
    for authorization in body.get("authorizations") or []:
        if authorization.get("is_bot") and authorization.get("user_id"):
            return authorization["user_id"]
    return None
