"""Form submissions checked on the server against the form's own definition.

A Slack modal, an Adaptive Card or the console's prompts enforce ``required``, lengths and
choices in the client, but what arrives is whatever the client sent. Every form handler is
registered with its definition (``router.form(form_id, definition=...)``) and the kernel calls
:func:`validate` before the handler runs, so a handler only ever sees values that fit.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Callable, Mapping, Union

from .cards import Form, FormInput
from .errors import FormInvalid
from .wording import forms as say

#: a form, or something that builds it (its look may depend on data; its fields may not)
Definition = Union[Form, Callable[[], Form]]

DEFAULT_MAX = 3000             # a text field without its own limit
NUMBER = re.compile(r"-?[0-9]{1,9}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def definition_of(definition: Definition) -> Form:
    return definition() if callable(definition) else definition


def validate(form: Form, values: Mapping[str, object]) -> dict[str, str]:
    """The cleaned values, one per input of ``form`` (fields it does not have are dropped);
    raises :class:`FormInvalid` naming every field that is wrong."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for item in form.inputs:
        raw = values.get(item.name)
        text = raw.strip() if isinstance(raw, str) else ""
        problem = _problem(item, text, raw)
        if problem:
            errors[item.name] = problem
        else:
            cleaned[item.name] = text
    if errors:
        raise FormInvalid(errors)
    return cleaned


def _problem(item: FormInput, text: str, raw: object) -> str | None:
    label = item.label
    if raw is not None and not isinstance(raw, str):
        return say.NOT_TEXT.format(label=label)
    if "\x00" in text:
        return say.CONTROL_CHARACTER.format(label=label)
    if not text:
        return say.REQUIRED.format(label=label) if item.required else None
    limit = item.max_length or DEFAULT_MAX
    if len(text) > limit:
        return say.TOO_LONG.format(label=label, n=len(text), limit=limit)
    if item.kind == "select" and text not in {c.value for c in item.options}:
        return say.NOT_A_CHOICE.format(label=label,
                                       choices=", ".join(c.label for c in item.options))
    if item.kind == "number" and not NUMBER.fullmatch(text):
        return say.NOT_A_NUMBER.format(label=label)
    if item.kind == "date" and not _is_date(text):
        return say.NOT_A_DATE.format(label=label)
    return None


def _is_date(text: str) -> bool:
    if not DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
