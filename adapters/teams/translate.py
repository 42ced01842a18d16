"""Inbound: a Teams activity becomes the core's Command, Action or Submission.

People are known by their Teams user id (``from.id``, the ``29:…`` id), the id a proactive
1:1 chat needs and the id mention entities carry; their Entra object id is stored beside it
(see :mod:`storage.teams`). A message's ``<at>Name</at>`` mentions become ``<@id|Name>``; the
bot's own mention is removed. A card's Action.Submit comes back as a message whose ``value``
holds the data the card put there (see :mod:`adapters.teams.cards`).
"""
from __future__ import annotations

import html
import re
from typing import Any

from botbuilder.schema import Activity

from core.mentions import mention
from core.serialize import form_from_dict
from core.vocabulary import Action, Actor, Command, Inbound, Place, PlaceKind, Submission

from .cards import ACTION_KEY, FORM_CONTEXT_KEY, FORM_KEY, FORM_SPEC_KEY, VALUE_KEY

PLATFORM = "teams"
LOCAL_TENANT = "local"
KINDS = {"personal": PlaceKind.DIRECT, "groupChat": PlaceKind.GROUP, "channel": PlaceKind.CHANNEL}
TAG = re.compile(r"</?(?:p|div|span|br|at)\b[^>]*>", re.IGNORECASE)


def tenant_of(activity: Activity) -> str:
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return conversation.tenant_id
    tenant = (activity.channel_data or {}).get("tenant") or {}
    return tenant.get("id") or LOCAL_TENANT


def actor_of(activity: Activity) -> Actor:
    sender = activity.from_property
    return Actor(PLATFORM, tenant_of(activity), sender.id, sender.name or "")


def split_conversation_id(conversation_id: str) -> tuple[str, str | None]:
    """``"19:abc@thread.tacv2;messageid=17"`` -> ``("19:abc@thread.tacv2", "17")``."""
    base, _, rest = conversation_id.partition(";messageid=")
    return base, rest or None


def place_of(activity: Activity) -> Place:
    conversation = activity.conversation
    kind = KINDS.get(conversation.conversation_type or "personal", PlaceKind.DIRECT)
    base, thread = split_conversation_id(conversation.id)
    if kind is PlaceKind.CHANNEL:
        channel = (activity.channel_data or {}).get("channel") or {}
        return Place(PlaceKind.CHANNEL, channel.get("id") or base, thread,
                     channel.get("name") or conversation.name or "")
    return Place(kind, conversation.id, None, conversation.name or "")


def command_text(activity: Activity) -> str:
    """The message's text with people's mentions as ``<@id|Name>`` and the bot's removed."""
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        data = entity_data(entity)
        if data.get("type") != "mention":
            continue
        mentioned, shown = data.get("mentioned") or {}, data.get("text") or ""
        if not shown:
            continue
        replacement = "" if mentioned.get("id") == bot_id else mention(
            mentioned.get("id", ""), mentioned.get("name") or _inner_name(shown))
        text = text.replace(shown, replacement)
    text = TAG.sub(" ", text)
    text = html.unescape(text).replace("\xa0", " ")
    return " ".join(text.split())


def entity_data(entity) -> dict:
    """An entity as a plain dict (the SDK keeps a mention's fields in additional_properties)."""
    if isinstance(entity, dict):
        return entity
    return {"type": entity.type, **(getattr(entity, "additional_properties", None) or {})}


def _inner_name(shown: str) -> str:
    return TAG.sub("", shown).strip()


def inbound_of(activity: Activity) -> Inbound | None:
    """The core event for a message activity, or ``None`` when there is nothing to handle."""
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
    return Command(actor, place, "", text, event_id)


def form_values(value: dict) -> dict[str, str]:
    """The submitted inputs only: the form's own input names (when the card said them)."""
    spec = value.get(FORM_SPEC_KEY)
    names = {i.name for i in form_from_dict(spec).inputs} if isinstance(spec, dict) else None
    return {k: "" if v is None else str(v) for k, v in value.items()
            if not k.startswith("kmbot_") and (names is None or k in names)}
