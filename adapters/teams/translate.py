"""Inbound: a Teams activity becomes the core's Command, Action, Submission or ThreadReply.

People are known by their Teams user id (``from.id``, the ``29:…`` id), the id a proactive
1:1 chat needs and the id mention entities carry; their Entra object id is stored beside it
(see :mod:`storage.teams`). A message's ``<at>Name</at>`` mentions become ``<@id|Name>``; the
bot's own mention is removed; whatever else was typed cannot pose as a mention (see
:func:`adapters.teams.text.typed`). A card's Action.Submit comes back as a message whose
``value`` holds the data the card put there (see :mod:`adapters.teams.cards`).

In a channel, a message reaches the core only when it mentions the bot (a command) or, with
the ``ChannelMessage.Read.Group`` permission, when it is a reply in the thread of a post the
bot made (a :class:`~core.vocabulary.ThreadReply`); :func:`channel_thread` says which thread.
"""
from __future__ import annotations

import html
import re
from typing import Any

from microsoft_agents.activity import Activity

from core.mentions import mention
from core.serialize import form_from_dict
from core.vocabulary import (Action, Actor, Command, Inbound, Place, PlaceKind, Submission,
                             ThreadReply)

from .cards import ACTION_KEY, FORM_CONTEXT_KEY, FORM_KEY, FORM_SPEC_KEY, VALUE_KEY
from .text import safe_name, typed

PLATFORM = "teams"
LOCAL_TENANT = "local"
KINDS = {"personal": PlaceKind.DIRECT, "groupChat": PlaceKind.GROUP, "channel": PlaceKind.CHANNEL}
TAG = re.compile(r"</?(?:p|div|span|br|at|b|i|u|s|strong|em|strike|code|pre|ul|ol|li)\b[^>]*>",
                 re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PLACEHOLDER = "\x00{}\x00"


def tenant_of(activity: Activity) -> str:
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return conversation.tenant_id
    tenant = channel_data(activity).get("tenant") or {}
    return str(tenant.get("id") or LOCAL_TENANT) if isinstance(tenant, dict) else LOCAL_TENANT


def channel_data(activity: Activity) -> dict:
    data = activity.channel_data
    if isinstance(data, dict):
        return data
    dump = getattr(data, "model_dump", None)
    return dump(by_alias=True) if dump else {}


def actor_of(activity: Activity) -> Actor:
    sender = activity.from_property
    return Actor(PLATFORM, tenant_of(activity), sender.id, safe_name(sender.name or ""))


def split_conversation_id(conversation_id: str) -> tuple[str, str | None]:
    """``"19:abc@thread.tacv2;messageid=17"`` -> ``("19:abc@thread.tacv2", "17")``."""
    base, _, rest = conversation_id.partition(";messageid=")
    return base, rest or None


def is_channel(activity: Activity) -> bool:
    return (activity.conversation.conversation_type or "") == "channel"


#: ``channelData.channel.type`` (the SDK's ``ChannelInfo.type``) as Teams sends it for the
#: channel kinds that apps may join: standard channels are open to the whole team; private and
#: shared channels only to their own members (a shared one also to people outside the team).
CHANNEL_TYPES = {"standard": False, "private": True, "shared": True}


def channel_privacy(data: dict, channel_id: str) -> bool | None:
    """Whether the channel is open only to its members; None when Teams did not say.

    The channel's ``type`` decides when present. Without it, the team's General channel
    (whose id is the team's id) is a standard channel; any other channel is unknown.
    """
    channel = data.get("channel") or {}
    kind = str(channel.get("type") or channel.get("membershipType") or "").lower()
    if kind in CHANNEL_TYPES:
        return CHANNEL_TYPES[kind]
    team = (data.get("team") or {}).get("id") or data.get("teamsTeamId")
    if team and team == channel_id:
        return False
    return None


def place_of(activity: Activity) -> Place:
    conversation = activity.conversation
    kind = KINDS.get(conversation.conversation_type or "personal", PlaceKind.DIRECT)
    base, thread = split_conversation_id(conversation.id)
    if kind is PlaceKind.CHANNEL:
        data = channel_data(activity)
        channel = data.get("channel") or {}
        channel_id = channel.get("id") or base
        return Place(PlaceKind.CHANNEL, channel_id, thread,
                     channel.get("name") or conversation.name or "",
                     private=channel_privacy(data, channel_id))
    return Place(kind, conversation.id, None, conversation.name or "")


def channel_thread(activity: Activity) -> str | None:
    """The root post's id when this channel message is a reply in a thread (not the root)."""
    if not is_channel(activity):
        return None
    _, thread = split_conversation_id(activity.conversation.id)
    return thread if thread and thread != activity.id else None


def mentions_bot(activity: Activity) -> bool:
    bot_id = activity.recipient.id if activity.recipient else None
    return any(entity_data(e).get("type") == "mention"
               and (entity_data(e).get("mentioned") or {}).get("id") == bot_id
               for e in activity.entities or [])


def command_text(activity: Activity) -> str:
    """The message's text with people's mentions as ``<@id|Name>`` and the bot's removed;
    everything else as typed, unable to pose as a mention."""
    text = CONTROL.sub(" ", activity.text or "")
    bot_id = activity.recipient.id if activity.recipient else None
    found: list[str] = []
    for entity in activity.entities or []:
        data = entity_data(entity)
        mentioned, shown = data.get("mentioned") or {}, data.get("text") or ""
        if data.get("type") != "mention" or not shown or not isinstance(mentioned, dict):
            continue
        replacement = "" if mentioned.get("id") == bot_id else mention(
            str(mentioned.get("id", "")), safe_name(mentioned.get("name") or _inner(shown)))
        found.append(replacement)
        text = text.replace(shown, f" {PLACEHOLDER.format(len(found) - 1)} ")
    text = typed(html.unescape(TAG.sub(" ", text)).replace("\xa0", " "))
    for number, replacement in enumerate(found):
        text = text.replace(PLACEHOLDER.format(number), replacement)
    return " ".join(text.split())


def entity_data(entity) -> dict:
    """An entity as a plain dict, whichever model class the SDK gave it."""
    if isinstance(entity, dict):
        return entity
    return entity.model_dump(by_alias=True, exclude_none=True, mode="json")


def _inner(shown: str) -> str:
    return TAG.sub("", shown).strip()


def inbound_of(activity: Activity, *, thread_reply: bool = False) -> Inbound | None:
    """The core event for a message activity, or ``None`` when there is nothing to handle.
    ``thread_reply``: the message is a reply in a bot thread that does not mention the bot."""
    actor, place, event_id = actor_of(activity), place_of(activity), activity.id
    value: Any = activity.value
    if isinstance(value, dict) and value.get(ACTION_KEY):
        return Action(actor, place, str(value[ACTION_KEY]), str(value.get(VALUE_KEY) or ""),
                      event_id)
    if isinstance(value, dict) and value.get(FORM_KEY):
        return Submission(actor, place, str(value[FORM_KEY]), form_values(value),
                          str(value.get(FORM_CONTEXT_KEY) or ""), event_id)
    text = command_text(activity)
    if not text:
        return None
    if thread_reply:
        return ThreadReply(actor, place, text, activity.id or "", event_id)
    return Command(actor, place, "", text, event_id)


def form_values(value: dict) -> dict[str, str]:
    """The submitted inputs only: the form's own input names (when the card said them),
    each as typed text that cannot pose as a mention."""
    spec = value.get(FORM_SPEC_KEY)
    try:
        names = ({i.name for i in form_from_dict(spec).inputs} if isinstance(spec, dict)
                 else None)
    except (KeyError, TypeError, ValueError):
        names = None
    return {k: "" if v is None else typed(CONTROL.sub(" ", str(v)))
            for k, v in value.items()
            if not k.startswith("kmbot_") and (names is None or k in names)}
