"""Core cards as Adaptive Cards (schema 1.5, the newest Teams renders).

Buttons become ``Action.Submit`` with data ``{"kmbot_action": id, "value": value}``; a form
becomes its inputs and an ``Action.Submit`` with data ``{"kmbot_form": id, "kmbot_context":
context, "kmbot_spec": the form}``. Teams posts that data back (with the inputs' values) as
the ``value`` of a message; the form's spec lets the adapter keep only real inputs and show
the same form again with the core's field errors under the fields.
"""
from __future__ import annotations

from typing import Any, Mapping

from core.cards import Button, Card, Form, FormInput
from core.serialize import form_to_dict

from .text import card_text

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ACTION_KEY, VALUE_KEY = "kmbot_action", "value"
FORM_KEY, FORM_CONTEXT_KEY, FORM_SPEC_KEY = "kmbot_form", "kmbot_context", "kmbot_spec"
STYLES = {"primary": "positive", "danger": "destructive"}


def text_block(text: str, **extra: Any) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def adaptive_card(card: Card, *, fallback: str = "", values: Mapping[str, str] | None = None,
                  errors: Mapping[str, str] | None = None) -> dict:
    body: list[dict] = []
    if card.title:
        body.append(text_block(card_text(card.title), weight="Bolder", size="Medium"))
    for section in card.sections:
        if section.text:
            body.append(text_block(card_text(section.text)))
        if section.fields:
            body.append({"type": "FactSet", "facts": [
                {"title": card_text(f.label), "value": card_text(f.value)}
                for f in section.fields]})
    actions = [button_action(b) for b in card.buttons]
    if card.form:
        body += form_body(card.form, values or {}, errors or {})
        actions.append(submit_action(card.form))
    content: dict[str, Any] = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION,
                               "body": body or [text_block(card_text(fallback or " "))]}
    if actions:
        content["actions"] = actions
    if fallback:
        content["fallbackText"] = card_text(fallback, styled=False)
    return content


def form_card(form: Form, *, values: Mapping[str, str] | None = None,
              errors: Mapping[str, str] | None = None) -> dict:
    return adaptive_card(Card(title=form.title, form=form), fallback=form.title,
                         values=values, errors=errors)


def button_action(button: Button) -> dict:
    action = {"type": "Action.Submit", "title": card_text(button.label, styled=False),
              "data": {ACTION_KEY: button.action_id, VALUE_KEY: button.value}}
    if button.style in STYLES:
        action["style"] = STYLES[button.style]
    return action


def submit_action(form: Form) -> dict:
    return {"type": "Action.Submit", "title": card_text(form.submit_label, styled=False),
            "style": "positive",
            "data": {FORM_KEY: form.form_id, FORM_CONTEXT_KEY: form.context,
                     FORM_SPEC_KEY: form_to_dict(form)}}


def form_body(form: Form, values: Mapping[str, str], errors: Mapping[str, str]) -> list[dict]:
    body: list[dict] = []
    for item in form.inputs:
        body.append(form_input(item, values.get(item.name, item.initial)))
        if item.hint:
            body.append(text_block(card_text(item.hint), size="Small", isSubtle=True,
                                   spacing="None"))
        if item.name in errors:
            body.append(text_block(card_text(errors[item.name]), color="Attention",
                                   size="Small", spacing="None"))
    unknown = [message for name, message in errors.items()
               if name not in {i.name for i in form.inputs}]
    body += [text_block(card_text(message), color="Attention") for message in unknown]
    return body


def form_input(item: FormInput, value: str) -> dict:
    label = card_text(item.label, styled=False)
    common: dict[str, Any] = {"id": item.name, "label": label, "isRequired": item.required}
    if item.required:
        common["errorMessage"] = f"{label}: required"
    if item.placeholder:
        common["placeholder"] = card_text(item.placeholder, styled=False)
    if item.kind == "select":
        element = {"type": "Input.ChoiceSet", "style": "compact",
                   "choices": [{"title": card_text(c.label, styled=False), "value": c.value}
                               for c in item.options]}
    elif item.kind == "date":
        element = {"type": "Input.Date"}
    elif item.kind == "number":
        element = {"type": "Input.Number"}
    else:
        element = {"type": "Input.Text", "isMultiline": item.kind == "multiline"}
        if item.max_length:
            element["maxLength"] = item.max_length
    if value:
        element["value"] = _number(value) if item.kind == "number" else value
    return {**element, **common}


def _number(value: str) -> float | int | str:
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number
