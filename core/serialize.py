"""Messages to and from plain dicts, so the outbox can store them as JSON."""
from __future__ import annotations

from typing import Any

from .cards import Attachment, Button, Card, Choice, Field, Form, FormInput, Message, Section


def message_to_dict(message: Message) -> dict[str, Any]:
    data: dict[str, Any] = {"text": message.text}
    if message.private:
        data["private"] = True
    if message.card:
        data["card"] = card_to_dict(message.card)
    if message.attachment:
        a = message.attachment
        data["attachment"] = {"filename": a.filename, "content": a.content, "mime": a.mime}
    return data


def message_from_dict(data: dict[str, Any]) -> Message:
    card = card_from_dict(data["card"]) if data.get("card") else None
    attachment = Attachment(**data["attachment"]) if data.get("attachment") else None
    return Message(text=data["text"], card=card, private=bool(data.get("private")),
                   attachment=attachment)


def card_to_dict(card: Card) -> dict[str, Any]:
    return {
        "title": card.title,
        "sections": [{"text": s.text, "fields": [[f.label, f.value] for f in s.fields]}
                     for s in card.sections],
        "buttons": [[b.label, b.action_id, b.value, b.style] for b in card.buttons],
        "form": form_to_dict(card.form) if card.form else None,
    }


def card_from_dict(data: dict[str, Any]) -> Card:
    return Card(
        title=data.get("title", ""),
        sections=tuple(Section(s.get("text", ""), tuple(Field(*f) for f in s.get("fields", [])))
                       for s in data.get("sections", [])),
        buttons=tuple(Button(*b) for b in data.get("buttons", [])),
        form=form_from_dict(data["form"]) if data.get("form") else None,
    )


def form_to_dict(form: Form) -> dict[str, Any]:
    return {
        "form_id": form.form_id, "title": form.title, "submit_label": form.submit_label,
        "context": form.context,
        "inputs": [{"name": i.name, "label": i.label, "kind": i.kind, "required": i.required,
                    "options": [[c.value, c.label] for c in i.options], "initial": i.initial,
                    "placeholder": i.placeholder, "max_length": i.max_length, "hint": i.hint}
                   for i in form.inputs],
    }


def form_from_dict(data: dict[str, Any]) -> Form:
    inputs = tuple(FormInput(**{**i, "options": tuple(Choice(*c) for c in i["options"])})
                   for i in data["inputs"])
    return Form(form_id=data["form_id"], title=data["title"], inputs=inputs,
                submit_label=data.get("submit_label", "Save"), context=data.get("context", ""))
