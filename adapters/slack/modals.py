"""Core forms as Slack modals, and modal submissions back as core values.

The modal's ``callback_id`` is ``kmbot:<form id>``; its ``private_metadata`` holds the form's
context and where the form was opened from (so the answer can go back there). Each input is
a block whose ``block_id`` is the input's name, so field errors map onto blocks one to one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from core.cards import Form, FormInput
from core.wording import slack as say

from .blocks import truncate
from .escape import plain_text

CALLBACK_PREFIX = "kmbot:"
ELEMENT = "value"
TITLE = 24            # modal title, submit and close labels
LABEL = 2000
PLACEHOLDER = 150
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100
INPUTS = 100
METADATA = 3000


@dataclass(frozen=True)
class Origin:
    """Where a form was opened from, so its result can be shown there."""

    channel_id: str = ""
    thread_id: str | None = None
    response_url: str = ""
    kind: str = "direct"
    private: bool | None = None     # the channel's privacy, as the opening event said


@dataclass(frozen=True)
class SubmittedForm:
    form_id: str
    context: str
    origin: Origin
    values: dict[str, str] = field(default_factory=dict)


def plain(text: str, limit: int) -> dict:
    return {"type": "plain_text", "text": truncate(plain_text(text), limit), "emoji": True}


def element(item: FormInput) -> dict:
    if item.kind == "select":
        options = [{"text": plain(c.label, OPTION_TEXT), "value": c.value[:OPTION_VALUE]}
                   for c in item.options[:OPTIONS]]
        built: dict = {"type": "static_select", "options": options}
        chosen = [o for o in options if o["value"] == item.initial]
        if chosen:
            built["initial_option"] = chosen[0]
    elif item.kind == "date":
        built = {"type": "datepicker"}
        if item.initial:
            built["initial_date"] = item.initial
    elif item.kind == "number":
        built = {"type": "number_input", "is_decimal_allowed": False}
        if item.initial:
            built["initial_value"] = item.initial
    else:
        built = {"type": "plain_text_input", "multiline": item.kind == "multiline"}
        if item.initial:
            built["initial_value"] = item.initial
        if item.max_length:
            built["max_length"] = item.max_length
    if item.placeholder:
        built["placeholder"] = plain(item.placeholder, PLACEHOLDER)
    built["action_id"] = ELEMENT
    return built


def input_block(item: FormInput) -> dict:
    block = {"type": "input", "block_id": item.name, "label": plain(item.label, LABEL),
             "optional": not item.required, "element": element(item)}
    if item.hint:
        block["hint"] = plain(item.hint, LABEL)
    return block


def form_view(form: Form, origin: Origin) -> dict:
    metadata = json.dumps({"context": form.context, "origin": origin.__dict__},
                          separators=(",", ":"))
    if len(metadata) > METADATA:
        raise ValueError(f"form {form.form_id} context is too long for a Slack modal")
    return {"type": "modal", "callback_id": f"{CALLBACK_PREFIX}{form.form_id}",
            "title": plain(form.title, TITLE), "submit": plain(form.submit_label, TITLE),
            "close": plain(say.CANCEL, TITLE), "private_metadata": metadata,
            "blocks": [input_block(i) for i in form.inputs[:INPUTS]]}


def element_value(state: dict) -> str:
    kind = state.get("type")
    if kind == "static_select":
        return (state.get("selected_option") or {}).get("value", "")
    if kind == "datepicker":
        return state.get("selected_date") or ""
    return state.get("value") or ""


def read_submission(view: dict) -> SubmittedForm:
    metadata = json.loads(view.get("private_metadata") or "{}")
    values = {block_id: element_value(elements.get(ELEMENT, {}))
              for block_id, elements in view.get("state", {}).get("values", {}).items()}
    return SubmittedForm(form_id=view["callback_id"][len(CALLBACK_PREFIX):],
                         context=metadata.get("context", ""),
                         origin=Origin(**metadata.get("origin", {})), values=values)


def inline_errors(view: dict, field_errors: dict[str, str]) -> dict[str, str]:
    """Core field errors as ``response_action: errors`` entries; an error for a name that is
    not a block of this modal is shown on the first input instead of being lost."""
    block_ids = [b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"]
    errors: dict[str, str] = {}
    for name, message in field_errors.items():
        target = name if name in block_ids else (block_ids[0] if block_ids else name)
        errors[target] = f"{errors[target]} {message}" if target in errors else message
    return errors
