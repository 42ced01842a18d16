"""Core cards as Block Kit, always within Slack's limits.

Long content is split (section text at 3,000 characters, ten fields a section, 50 blocks a
message, 100 in a modal or the Home tab, 40,000 characters of text), never left for Slack to
reject. Buttons carry an encoded action id, ``kmbot:<core action id>:<n>``, because Slack wants
action ids unique within a block; :func:`decode_action` turns it back into the core's.
"""
from __future__ import annotations

import json

from core.cards import Attachment, Card, Message
from core.serialize import form_to_dict
from core.wording import slack as say

from .escape import mrkdwn as escape, plain_text

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
BUTTONS_PER_BLOCK = 25
MESSAGE_TEXT = 40000

ACTION_PREFIX = "kmbot:"
FORM_ACTION = "kmbot-form:0"           # opens a card's inline form as a modal
RUN_ACTION = "kmbot-run:0"             # runs a typed command again, with a trigger id



def chunks(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters, at a line or word break
    when there is one."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= limit // 2:
            cut = text.rfind(" ", 0, limit + 1)
        if cut <= limit // 2:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    return pieces + ([text] if text or not pieces else [])


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def encode_action(action_id: str, n: int) -> str:
    return f"{ACTION_PREFIX}{action_id}:{n}"


def decode_action(encoded: str) -> str | None:
    if not encoded.startswith(ACTION_PREFIX):
        return None
    action_id, _, n = encoded[len(ACTION_PREFIX):].rpartition(":")
    return action_id if action_id and n.isdigit() else None


def mrkdwn_sections(text: str) -> list[dict]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": piece}}
            for piece in chunks(escape(text), SECTION_TEXT) if piece.strip()]


def button(label: str, action_id: str, value: str = "", style: str | None = None) -> dict:
    element = {"type": "button", "action_id": action_id,
               "text": {"type": "plain_text", "text": truncate(plain_text(label), BUTTON_TEXT),
                        "emoji": True}}
    if value:
        element["value"] = value[:BUTTON_VALUE]
    if style in ("primary", "danger"):
        element["style"] = style
    return element


def button_blocks(buttons: list[dict]) -> list[dict]:
    return [{"type": "actions", "elements": buttons[i:i + BUTTONS_PER_BLOCK]}
            for i in range(0, len(buttons), BUTTONS_PER_BLOCK)]


def card_blocks(card: Card) -> list[dict]:
    blocks: list[dict] = []
    if card.title and len(plain_text(card.title)) <= HEADER_TEXT:
        blocks.append({"type": "header", "text": {"type": "plain_text",
                                                  "text": plain_text(card.title), "emoji": True}})
    elif card.title:
        blocks += mrkdwn_sections(f"*{card.title}*")
    for section in card.sections:
        if section.text:
            blocks += mrkdwn_sections(section.text)
        short: list[dict] = []
        for field in section.fields:
            text = f"*{escape(field.label)}*\n{escape(field.value)}"
            if len(text) <= FIELD_TEXT:
                short.append({"type": "mrkdwn", "text": text})
            else:
                blocks += mrkdwn_sections(f"*{field.label}*\n{field.value}")
        blocks += [{"type": "section", "fields": short[i:i + FIELDS_PER_SECTION]}
                   for i in range(0, len(short), FIELDS_PER_SECTION)]
    elements = [button(b.label, encode_action(b.action_id, i), b.value, b.style)
                for i, b in enumerate(card.buttons)]
    if card.form:
        value = json.dumps(form_to_dict(card.form), separators=(",", ":"))
        if len(value) <= BUTTON_VALUE:
            elements.append(button(card.form.submit_label or say.OPEN_FORM, FORM_ACTION, value,
                                   "primary"))
    return blocks + button_blocks(elements)


def run_again_blocks(command_text: str) -> list[dict]:
    """A button that runs a typed command again, so Slack gives us a trigger id for a form."""
    return button_blocks([button(say.OPEN_FORM, RUN_ACTION, command_text, "primary")])


FILE_PART = 3000          # characters of an attached file per message, sent as text


def message_payloads(message: Message, extra_blocks: list[dict] | None = None) -> list[dict]:
    """One core message as one or more ``chat.postMessage``-style payloads; an attached file
    follows as text messages (code blocks): replies upload it instead (adapters.slack.files)
    and fall back to these when the upload fails."""
    payloads = _message_payloads(message, extra_blocks)
    if message.attachment:
        payloads += file_payloads(message.attachment)
    return payloads


def file_payloads(attachment: Attachment) -> list[dict]:
    """A file's content as text messages, in code blocks."""
    return [{"text": f"```{escape(part).replace('```', '` ``')}```"}
            for part in attachment.text_parts(FILE_PART)]


def _message_payloads(message: Message, extra_blocks: list[dict] | None) -> list[dict]:
    blocks = card_blocks(message.card) if message.card else []
    if not blocks and not extra_blocks:
        return [{"text": piece} for piece in chunks(escape(message.text), MESSAGE_TEXT)]
    if not blocks:
        blocks = mrkdwn_sections(message.text)
    blocks += extra_blocks or []
    payloads = []
    for i in range(0, len(blocks), MESSAGE_BLOCKS):
        text = truncate(escape(message.text), MESSAGE_TEXT) if i == 0 else say.CONTINUED
        payloads.append({"text": text, "blocks": blocks[i:i + MESSAGE_BLOCKS]})
    return payloads


def view_blocks(card: Card) -> list[dict]:
    """A card as the blocks of a Home tab or modal: at most 100, buttons kept."""
    blocks = card_blocks(card)
    if len(blocks) <= VIEW_BLOCKS:
        return blocks
    actions = [b for b in blocks if b["type"] == "actions"]
    content = [b for b in blocks if b["type"] != "actions"]
    notice = {"type": "context", "elements": [{"type": "mrkdwn", "text": say.MORE_NOT_SHOWN}]}
    return content[:VIEW_BLOCKS - len(actions) - 1] + [notice] + actions
